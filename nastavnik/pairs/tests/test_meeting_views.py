"""The curator plans and follows meetings on the pair page; the mentor and
the mentee do it from their home pages, for their own pairs only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.pairs import meetings, services
from nastavnik.pairs.models import Feedback, Meeting
from nastavnik.pairs.tests.factory import make_mentee, make_mentor
from nastavnik.pairs.tests.test_meetings import make_fixed_pairing
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase, make_user

TODAY = "2026-10-12 10:00+03:00"
NOW = datetime.fromisoformat(TODAY)


def member_user(person, username: str, role: str):
    user = make_user(username)
    Membership.objects.create(user=user, role=role, organisation=person.organisation)
    person.user = user
    person.save()
    return user


def plan_post(**fields) -> dict:
    data = {
        "kind": "intro",
        "day": "2026-10-15",
        "time": "15:00",
        "duration_minutes": "45",
        "place": "Кабинет 12",
        "topic": "Знакомство",
    }
    return {**data, **fields}


@time_machine.travel(TODAY, tick=False)
class MeetingViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme = make_programme(cls.school_a, status="running")
            cls.mentor = make_mentor(cls.school_a, "Орлова")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_fixed_pairing(cls.programme, cls.mentor, cls.mentee)
            cls.mentor_user = member_user(cls.mentor, "orlova", Role.MENTOR)
            cls.mentee_user = member_user(cls.mentee, "zaitsev", Role.MENTEE)
            other_mentee = make_mentee(cls.school_a, "Белов")
            cls.other_user = member_user(other_mentee, "belov", Role.MENTEE)

    def held(self, kind=Meeting.Kind.REGULAR) -> Meeting:
        meeting = meetings.meeting_plan(
            self.pairing,
            kind=kind,
            starts_at=NOW - timedelta(days=1),
            place="Кабинет 12",
            user=None,
        )
        return meetings.meeting_hold(meeting, outcome="", user=None)

    def test_the_curator_and_the_teammate_plan_a_meeting_the_outsider_gets_404(
        self,
    ) -> None:
        url = reverse("pairs-meeting-add", args=[self.pairing.code])
        for user, status in [(self.alice, 302), (self.bob, 302), (self.charlie, 404)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url, plan_post()).status_code, status)
        self.assertEqual(Meeting.objects.count(), 2)
        self.client.force_login(self.alice)
        r = self.client.get(reverse("pairs-pairing-detail", args=[self.pairing.code]))
        self.assertContains(r, "15.10.2026 15:00")
        self.assertContains(r, "Провести встречу 15.10.2026")

    def test_a_far_date_asks_are_you_sure_and_writes_nothing(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("pairs-meeting-add", args=[self.pairing.code])
        r = self.client.post(url, plan_post(day="2028-01-10"))
        self.assertContains(r, "Вы уверены?")
        self.assertFalse(Meeting.objects.exists())
        r = self.client.post(url, plan_post(day="2028-01-10", confirmed_far="on"))
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Meeting.objects.exists())

    def test_the_curator_logs_a_meeting_and_marks_the_paper_form(self) -> None:
        meeting = self.held()
        self.client.force_login(self.alice)
        url = reverse("pairs-meeting-detail", args=[meeting.code])
        r = self.client.post(url, {"action": "paper", "day": "2026-10-12"})
        self.assertEqual(r.status_code, 302)
        meeting.refresh_from_db()
        self.assertTrue(meeting.is_confirmed)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.mentor_user)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_mentor_sees_the_pair_plans_and_logs_a_meeting(self) -> None:
        self.client.force_login(self.mentor_user)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "Зайцев")
        self.assertContains(r, "Провести встречу-знакомство")
        r = self.client.post(
            reverse("pairs-my-meeting-add", args=[self.pairing.code]),
            plan_post(day="2026-10-11"),
        )
        self.assertRedirects(r, reverse("home"), fetch_redirect_response=False)
        meeting = Meeting.objects.get()
        r = self.client.post(
            reverse("pairs-my-meeting", args=[meeting.code]),
            {"action": "hold", "outcome": "Познакомились"},
        )
        self.assertEqual(r.status_code, 302)
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, "introduced")

    def test_a_mentee_cannot_plan_or_log_and_an_outsider_reaches_nothing(self) -> None:
        meeting = self.held()
        add = reverse("pairs-my-meeting-add", args=[self.pairing.code])
        page = reverse("pairs-my-meeting", args=[meeting.code])
        self.client.force_login(self.mentee_user)
        self.assertEqual(self.client.get(add).status_code, 404)
        self.assertEqual(
            self.client.post(page, {"action": "hold", "outcome": ""}).status_code, 400
        )
        for user in [self.other_user, self.alice]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(page).status_code, 404)
                r = self.client.post(
                    reverse("pairs-my-meeting-confirm"), {"meeting": meeting.code}
                )
                self.assertEqual(r.status_code, 404)
        meeting.refresh_from_db()
        self.assertIsNone(meeting.mentee_confirmed_at)

    def test_the_mentee_confirms_from_home_and_gives_feedback_once(self) -> None:
        meeting = self.held()
        self.client.force_login(self.mentee_user)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "Орлова")
        self.assertContains(r, "Подтверждаю")
        self.assertContains(r, "Оценить встречу")
        r = self.client.post(
            reverse("pairs-my-meeting-confirm"), {"meeting": meeting.code}
        )
        self.assertRedirects(r, reverse("home"), fetch_redirect_response=False)
        meeting.refresh_from_db()
        self.assertIsNotNone(meeting.mentee_confirmed_at)
        page = reverse("pairs-my-meeting", args=[meeting.code])
        r = self.client.post(page, {"action": "feedback", "rating": "0"})
        self.assertEqual(r.status_code, 400)
        r = self.client.post(
            page, {"action": "feedback", "rating": "8", "comment": "Полезно"}
        )
        self.assertEqual(r.status_code, 302)
        r = self.client.post(page, {"action": "feedback", "rating": "3"})
        self.assertEqual(Feedback.objects.get().rating, 8)
        self.assertNotContains(self.client.get(page), 'name="rating"')

    def count_queries(self, user, url: str) -> int:
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_pages_do_not_grow_in_queries_with_meetings(self) -> None:
        home = reverse("home")
        detail = reverse("pairs-pairing-detail", args=[self.pairing.code])
        self.held()
        before = [
            self.count_queries(self.mentor_user, home),
            self.count_queries(self.mentee_user, home),
            self.count_queries(self.alice, detail),
        ]
        for _ in range(4):
            meeting = self.held()
            meetings.feedback_give(meeting, person=self.mentee, rating=7, user=None)
        after = [
            self.count_queries(self.mentor_user, home),
            self.count_queries(self.mentee_user, home),
            self.count_queries(self.alice, detail),
        ]
        self.assertEqual(before, after)

    def test_a_closed_pair_refuses_a_meeting_with_a_message(self) -> None:
        services.pairing_close(self.pairing, user=None, day=date(2026, 10, 12))
        self.client.force_login(self.alice)
        url = reverse("pairs-meeting-add", args=[self.pairing.code])
        r = self.client.post(url, plan_post())
        self.assertContains(r, "Пара закрыта: её встречи изменить нельзя.")
        self.assertFalse(Meeting.objects.exists())
        r = self.client.get(reverse("pairs-pairing-detail", args=[self.pairing.code]))
        self.assertNotContains(r, 'name="kind"')
