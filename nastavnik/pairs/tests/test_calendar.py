"""A person's meetings as an iCalendar feed at a private URL, and one
meeting as an ``.ics`` file: both parse with a standard iCalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import time_machine
from django.core import signing
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.pairs import calendar
from nastavnik.pairs.models import Meeting
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_user

TODAY = "2027-02-12 10:00+03:00"


def make_meeting(pairing, starts_at: str, **fields) -> Meeting:
    fields.setdefault("kind", Meeting.Kind.REGULAR)
    return Meeting.objects.create(
        pairing=pairing, starts_at=datetime.fromisoformat(starts_at), **fields
    )


@time_machine.travel(TODAY, tick=False)
class CalendarTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.olga = make_user("olga")
            Membership.objects.create(
                user=cls.olga, role=Role.MENTOR, organisation=cls.school_a
            )
            cls.mentor = make_mentor(
                cls.school_a, "Орлова", first_name="Ольга", user=cls.olga
            )
            cls.mentee = make_mentee(cls.school_a, "Зайцев", first_name="Женя")
            cls.pairing = make_pairing(programme, cls.mentor, cls.mentee)
            cls.held = make_meeting(
                cls.pairing,
                "2027-02-01 15:00+03:00",
                kind=Meeting.Kind.INTRO,
                status=Meeting.Status.HELD,
                place="Кабинет 21",
                topic="Знакомство, ожидания от программы",
            )
            cls.planned = make_meeting(
                cls.pairing,
                "2027-02-15 16:30+03:00",
                duration_minutes=60,
                online=True,
                topic="Разбор олимпиадных задач",
            )
            cls.cancelled = make_meeting(
                cls.pairing,
                "2027-02-08 15:00+03:00",
                status=Meeting.Status.CANCELLED,
                topic="Отменённая встреча",
            )
            cls.ivan = make_user("ivan")
            Membership.objects.create(
                user=cls.ivan, role=Role.MENTOR, organisation=cls.school_a
            )
            other = make_pairing(
                programme,
                make_mentor(cls.school_a, "Иванов", user=cls.ivan),
                make_mentee(cls.school_a, "Петров"),
            )
            cls.foreign = make_meeting(
                other, "2027-02-16 15:00+03:00", topic="Чужая встреча"
            )

    def feed(self, person) -> icalendar.Calendar:
        r = self.client.get(
            reverse("pairs-calendar-feed", args=[calendar.feed_token(person)])
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/calendar; charset=utf-8")
        return icalendar.Calendar.from_ical(r.content)

    def test_the_feed_lists_the_persons_meetings_for_any_calendar(self) -> None:
        cal = self.feed(self.mentee)
        self.assertEqual(cal["VERSION"], "2.0")
        self.assertEqual(cal["PRODID"], calendar.PRODID)
        self.assertEqual(cal["CALSCALE"], "GREGORIAN")
        self.assertEqual(cal["METHOD"], "PUBLISH")
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        # planned and held, not the cancelled one nor another pair's
        self.assertEqual(
            sorted(events),
            sorted(f"{m.code}@127.0.0.1" for m in (self.held, self.planned)),
        )
        planned = events[f"{self.planned.code}@127.0.0.1"]
        self.assertEqual(
            planned.decoded("DTSTART"), datetime(2027, 2, 15, 13, 30, tzinfo=UTC)
        )
        self.assertEqual(
            planned.decoded("DTEND") - planned.decoded("DTSTART"), timedelta(hours=1)
        )
        self.assertEqual(planned.decoded("DTSTART").utcoffset(), timedelta(0))
        self.assertIsNotNone(planned.decoded("DTSTAMP"))
        self.assertEqual(
            str(planned["SUMMARY"]), "Регулярная встреча: Орлова О. — Зайцев Ж."
        )
        self.assertEqual(str(planned["LOCATION"]), "онлайн")
        self.assertEqual(str(planned["DESCRIPTION"]), "Разбор олимпиадных задач")
        held = events[f"{self.held.code}@127.0.0.1"]
        self.assertEqual(str(held["LOCATION"]), "Кабинет 21")
        self.assertTrue(str(held["SUMMARY"]).startswith("Встреча-знакомство: "))

    def test_an_event_keeps_its_uid_when_the_meeting_moves(self) -> None:
        Meeting.objects.filter(pk=self.planned.pk).update(
            starts_at=datetime(2027, 2, 17, 12, 0, tzinfo=UTC)
        )
        cal = self.feed(self.mentor)
        uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
        self.assertIn(f"{self.planned.code}@127.0.0.1", uids)
        self.assertEqual(len(uids), 2)

    def test_the_feed_needs_no_login_and_names_nobody_in_its_url(self) -> None:
        url = reverse("pairs-calendar-feed", args=[calendar.feed_token(self.mentee)])
        self.assertNotIn("Зайцев", url)
        self.assertNotIn(self.mentee.first_name, url)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_member_who_left_the_pair_no_longer_sees_its_meetings(self) -> None:
        self.pairing.members.filter(person=self.mentor).update(until="2027-02-10")
        self.assertEqual(list(self.feed(self.mentor).walk("VEVENT")), [])

    def test_a_tampered_or_unknown_token_answers_404(self) -> None:
        token = calendar.feed_token(self.mentee)
        other = calendar.feed_token(self.mentor)
        forged = [
            token[:-1] + ("A" if token[-1] != "A" else "B"),
            token.split(":")[0] + ":" + other.split(":")[1],
            signing.Signer(salt="another").sign(self.mentee.code.hex),
            "nonsense",
        ]
        for bad in forged:
            with self.subTest(token=bad):
                r = self.client.get(reverse("pairs-calendar-feed", args=[bad]))
                self.assertEqual(r.status_code, 404)
        code = self.mentee.code
        self.mentee.code = code.__class__(int=code.int + 1)
        r = self.client.get(
            reverse("pairs-calendar-feed", args=[calendar.feed_token(self.mentee)])
        )
        self.assertEqual(r.status_code, 404)

    def test_members_and_staff_download_one_meeting(self) -> None:
        url = reverse("pairs-meeting-ics", args=[self.planned.code])
        for user in (self.olga, self.alice, self.bob):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertIn(".ics", r["Content-Disposition"])
                cal = icalendar.Calendar.from_ical(r.content)
                (event,) = cal.walk("VEVENT")
                self.assertEqual(str(event["UID"]), f"{self.planned.code}@127.0.0.1")

    def test_outsiders_do_not_get_a_meeting(self) -> None:
        url = reverse("pairs-meeting-ics", args=[self.planned.code])
        for user in (self.ivan, self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.olga)
        cancelled = reverse("pairs-meeting-ics", args=[self.cancelled.code])
        self.assertEqual(self.client.get(cancelled).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_the_mentors_home_offers_the_feed(self) -> None:
        self.client.force_login(self.olga)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "Подписаться в календаре")
        self.assertContains(r, calendar.feed_url(self.mentor))
