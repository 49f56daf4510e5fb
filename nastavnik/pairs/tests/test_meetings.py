"""Meetings move a fixed pair along its stages; bad input is refused with a
message and writes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from nastavnik.pairs import meetings, services
from nastavnik.pairs.models import Feedback, Meeting, Pairing, PairingEvent
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-12 10:00+03:00"
NOW = datetime.fromisoformat(TODAY)


def at(days: int, hour: int = 15) -> datetime:
    return (NOW + timedelta(days=days)).replace(hour=hour, minute=0)


def make_fixed_pairing(programme, mentor, mentee) -> Pairing:
    pairing = make_pairing(programme, mentor, mentee)
    order = services.order_create(
        organisation=pairing.organisation, pairings=[pairing], user=None
    )
    services.order_sign(order, number="1-о", day=date(2026, 10, 1), user=None)
    pairing.refresh_from_db()
    return pairing


@time_machine.travel(TODAY, tick=False)
class MeetingsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.programme = make_programme(cls.school_a, status="running")
            cls.mentor = make_mentor(cls.school_a, "Орлова")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_fixed_pairing(cls.programme, cls.mentor, cls.mentee)

    def plan(self, pairing=None, **fields) -> Meeting:
        fields.setdefault("kind", Meeting.Kind.INTRO)
        fields.setdefault("starts_at", at(-1))
        fields.setdefault("place", "Кабинет 12")
        return meetings.meeting_plan(pairing or self.pairing, user=self.alice, **fields)

    def test_holding_each_kind_moves_the_pair_forward_never_back(self) -> None:
        cases = [
            (Meeting.Kind.INTRO, Pairing.Status.INTRODUCED),
            (Meeting.Kind.TRIAL, Pairing.Status.TRIAL),
            (Meeting.Kind.REGULAR, Pairing.Status.WORKING),
            (Meeting.Kind.PLANNING, Pairing.Status.WORKING),
            (Meeting.Kind.INTRO, Pairing.Status.WORKING),
            (Meeting.Kind.FINAL, Pairing.Status.FINAL),
        ]
        for kind, status in cases:
            with self.subTest(kind=kind):
                meeting = self.plan(kind=kind)
                meetings.meeting_hold(meeting, outcome="Познакомились", user=None)
                self.pairing.refresh_from_db()
                self.assertEqual(self.pairing.status, status)

    def test_a_paused_pair_that_met_resumes_at_the_stage_the_meeting_marks(
        self,
    ) -> None:
        services.pairing_pause(self.pairing, user=None)
        meetings.meeting_hold(self.plan(kind=Meeting.Kind.TRIAL), outcome="", user=None)
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.PAUSED)
        services.pairing_resume(self.pairing, user=None)
        self.assertEqual(self.pairing.status, Pairing.Status.TRIAL)
        self.assertTrue(
            self.pairing.events.filter(
                text="Возобновится на этапе: пробная встреча проведена"
            ).exists()
        )

    def test_a_pair_not_yet_fixed_plans_and_holds_but_keeps_its_status(self) -> None:
        pairing = make_pairing(
            self.programme,
            make_mentor(self.school_a, "Титова"),
            make_mentee(self.school_a, "Белов"),
        )
        meetings.meeting_hold(self.plan(pairing), outcome="", user=None)
        pairing.refresh_from_db()
        self.assertEqual(pairing.status, Pairing.Status.CONFIRMED)

    def test_every_change_is_in_the_history(self) -> None:
        meeting = self.plan()
        meetings.meeting_hold(meeting, outcome="Обсудили цели", user=self.alice)
        meetings.meeting_confirm(meeting, person=self.mentor, user=None)
        meetings.meeting_confirm(meeting, person=self.mentee, user=None)
        meetings.feedback_give(meeting, person=self.mentee, rating=9, user=None)
        meetings.meeting_mark_paper(meeting, day=date(2026, 10, 12), user=self.alice)
        texts = list(
            self.pairing.events.filter(
                action__in=[PairingEvent.Action.MEETING, PairingEvent.Action.STATUS]
            ).values_list("text", flat=True)
        )
        self.assertEqual(len(texts), 7)
        meeting.refresh_from_db()
        self.assertTrue(meeting.is_confirmed)
        self.assertEqual(meeting.paper_confirmed_on, date(2026, 10, 12))

    def test_a_far_date_asks_to_be_sure(self) -> None:
        for days, far in [(-61, True), (-59, False), (364, False), (367, True)]:
            with self.subTest(days=days):
                if far:
                    with self.assertRaises(services.Refused):
                        self.plan(starts_at=at(days))
                    self.plan(starts_at=at(days), confirmed_far=True)
                else:
                    self.plan(starts_at=at(days))

    def test_bad_plans_are_refused_and_nothing_is_written(self) -> None:
        proposed = make_pairing(
            self.programme,
            make_mentor(self.school_a, "Титова"),
            make_mentee(self.school_a, "Белов"),
            status=Pairing.Status.PROPOSED,
        )
        closed = make_pairing(
            self.programme,
            make_mentor(self.school_a, "Соколова"),
            make_mentee(self.school_a, "Чернов"),
        )
        services.pairing_close(closed, user=None, day=date(2026, 10, 12))
        cases = [
            ("closed", {"pairing": closed}),
            ("proposed", {"pairing": proposed}),
            ("no place", {"place": ""}),
            ("too long", {"duration_minutes": 900}),
        ]
        for name, fields in cases:
            with self.subTest(name), self.assertRaises(services.Refused):
                self.plan(**fields)
        self.assertFalse(Meeting.objects.exists())

    def test_an_online_meeting_needs_no_place(self) -> None:
        meeting = self.plan(place="", online=True)
        self.assertTrue(meeting.online)

    def test_a_meeting_is_logged_as_held_only_after_it_starts_and_once(self) -> None:
        with self.assertRaises(services.Refused):
            meetings.meeting_hold(self.plan(starts_at=at(2)), outcome="", user=None)
        meeting = self.plan()
        meetings.meeting_hold(meeting, outcome="", user=None)
        with self.assertRaises(services.Refused):
            meetings.meeting_hold(meeting, outcome="", user=None)

    def test_only_a_member_confirms_and_only_once(self) -> None:
        meeting = self.plan()
        outsider = make_mentee(self.school_a, "Лисицын")
        with self.assertRaises(services.Refused) as refused:
            meetings.meeting_confirm(meeting, person=outsider, user=None)
        self.assertIn(
            "только наставник или наставляемый", refused.exception.messages[0]
        )
        meetings.meeting_confirm(meeting, person=self.mentee, user=None)
        with self.assertRaises(services.Refused):
            meetings.meeting_confirm(meeting, person=self.mentee, user=None)
        meeting.refresh_from_db()
        self.assertIsNone(meeting.mentor_confirmed_at)
        self.assertEqual(meeting.mentee_confirmed_at, timezone.now())

    def test_feedback_is_the_mentees_once_after_a_held_meeting(self) -> None:
        meeting = self.plan(kind=Meeting.Kind.REGULAR)
        cases = [
            ("not held", self.mentee, 8),
            ("the mentor", self.mentor, 8),
        ]
        for name, person, rating in cases:
            with self.subTest(name), self.assertRaises(services.Refused):
                meetings.feedback_give(meeting, person=person, rating=rating, user=None)
        meetings.meeting_hold(meeting, outcome="", user=None)
        with self.assertRaises(services.Refused):
            meetings.feedback_give(meeting, person=self.mentee, rating=11, user=None)
        meetings.feedback_give(
            meeting, person=self.mentee, rating=8, comment="Полезно", user=None
        )
        with self.assertRaises(services.Refused):
            meetings.feedback_give(meeting, person=self.mentee, rating=5, user=None)
        self.assertEqual(Feedback.objects.get().rating, 8)

    def test_the_paper_form_is_marked_for_a_held_meeting_on_a_sensible_day(
        self,
    ) -> None:
        meeting = self.plan()
        with self.assertRaises(services.Refused):
            meetings.meeting_mark_paper(meeting, day=date(2026, 10, 12), user=None)
        meetings.meeting_hold(meeting, outcome="", user=None)
        for day in [date(2026, 10, 13), date(2026, 10, 10)]:
            with self.subTest(day=day), self.assertRaises(services.Refused):
                meetings.meeting_mark_paper(meeting, day=day, user=None)

    def test_the_next_step_follows_the_pair(self) -> None:
        self.assertEqual(
            meetings.next_step(self.pairing), "Провести встречу-знакомство"
        )
        meeting = self.plan(starts_at=at(3))
        self.assertEqual(
            meetings.next_step(self.pairing), "Провести встречу 15.10.2026"
        )
        with time_machine.travel(at(4), tick=False):
            self.assertEqual(
                meetings.next_step(self.pairing), "Отметить встречу 15.10.2026"
            )
            meetings.meeting_hold(meeting, outcome="", user=None)
            self.assertEqual(
                meetings.next_step(self.pairing), "Подтвердить встречу 15.10.2026"
            )
            meetings.meeting_mark_paper(meeting, day=date(2026, 10, 16), user=None)
            self.pairing.refresh_from_db()
            self.assertEqual(
                meetings.next_step(self.pairing), "Провести пробную рабочую встречу"
            )
        waiting = make_pairing(
            self.programme,
            make_mentor(self.school_a, "Титова"),
            make_mentee(self.school_a, "Белов"),
        )
        self.assertEqual(meetings.next_step(waiting), "Ждёт приказа о закреплении")
