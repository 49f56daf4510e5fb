"""The mentor's and the mentee's home pages are written once per set of
what they show (nastavnik/views.py, {% cached_figures %}), yet never stale:
a change made between two visits shows on the second, a meeting whose start
passes moves from the upcoming ones to the recent ones, and nobody gets the
page of another participant."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.pairs import meetings
from nastavnik.pairs.models import Meeting
from nastavnik.pairs.tests.factory import make_mentee, make_mentor
from nastavnik.pairs.tests.test_meeting_views import member_user
from nastavnik.pairs.tests.test_meetings import make_fixed_pairing
from nastavnik.people.models import Person
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-12 10:00+03:00"
NOW = datetime.fromisoformat(TODAY)


@time_machine.travel(TODAY, tick=False)
class CabinetCacheTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.mentor = make_mentor(cls.school_a, "Орлова")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_fixed_pairing(programme, cls.mentor, cls.mentee)
            cls.mentor_user = member_user(cls.mentor, "orlova", Role.MENTOR)
            cls.mentee_user = member_user(cls.mentee, "zaitsev", Role.MENTEE)
            other = make_mentee(cls.school_a, "Белов")
            cls.other_user = member_user(other, "belov", Role.MENTEE)

    def plan(self, starts_at: datetime, topic: str) -> Meeting:
        return meetings.meeting_plan(
            self.pairing,
            kind=Meeting.Kind.REGULAR,
            starts_at=starts_at,
            place="Кабинет 12",
            topic=topic,
            user=None,
        )

    def home(self, user) -> str:
        self.client.force_login(user)
        return self.client.get(reverse("home")).content.decode()

    def test_a_meeting_planned_between_two_visits_shows_to_both_sides(self) -> None:
        for user in (self.mentor_user, self.mentee_user):
            self.assertNotIn("Про дроби", self.home(user))
        self.plan(NOW + timedelta(days=2), "Про дроби")
        for user in (self.mentor_user, self.mentee_user):
            with self.subTest(user=user.username):
                page = self.home(user)
                self.assertIn("Ближайшие встречи", page)
                self.assertIn("Про дроби", page)

    def test_a_renamed_mentee_shows_on_the_mentors_next_visit(self) -> None:
        self.assertIn("Зайцев", self.home(self.mentor_user))
        Person.objects.filter(pk=self.mentee.pk).update(last_name="Зайцева")
        self.assertIn("Зайцева", self.home(self.mentor_user))

    def test_a_meeting_moves_from_upcoming_to_recent_when_its_start_passes(
        self,
    ) -> None:
        self.plan(NOW + timedelta(hours=2), "Про дроби")
        page = self.home(self.mentor_user)
        self.assertIn("Ближайшие встречи", page)
        self.assertNotIn("Прошедшие встречи", page)
        self.assertIn("Провести встречу", page)
        with time_machine.travel(NOW + timedelta(hours=3), tick=False):
            page = self.home(self.mentor_user)
        self.assertNotIn("Ближайшие встречи", page)
        self.assertIn("Прошедшие встречи", page)
        self.assertIn("Отметить встречу", page)

    def test_two_participants_do_not_get_each_others_page(self) -> None:
        self.plan(NOW + timedelta(days=2), "Про дроби")
        mentee_page = self.home(self.mentee_user)
        other_page = self.home(self.other_user)
        self.assertIn("Про дроби", mentee_page)
        self.assertNotIn("Про дроби", other_page)
        self.assertNotIn("Орлова", other_page)
        self.assertIn("Белов", other_page)
        self.assertNotIn("Белов", self.home(self.mentee_user))
