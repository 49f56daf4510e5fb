"""The curator's pair page is written once per set of what it shows
(pairs/views.py, {% cached_figures %}), yet never stale: a change made
between two visits shows on the second, the form that manages the pair
follows its status, the next step moves on as a meeting's start passes,
and the whole history is not the latest lines."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from nastavnik.pairs import meetings, services
from nastavnik.pairs.models import Meeting
from nastavnik.pairs.tests.factory import make_mentee, make_mentor
from nastavnik.pairs.tests.test_meetings import make_fixed_pairing
from nastavnik.people.models import Person
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-12 10:00+03:00"
NOW = datetime.fromisoformat(TODAY)


@time_machine.travel(TODAY, tick=False)
class PairPageCacheTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            programme = make_programme(cls.school_a, status="running")
            cls.mentee = make_mentee(cls.school_a, "Зайцев")
            cls.pairing = make_fixed_pairing(
                programme, make_mentor(cls.school_a, "Орлова"), cls.mentee
            )

    def setUp(self) -> None:
        self.url = reverse("pairs-pairing-detail", args=[self.pairing.code])
        self.client.force_login(self.alice)

    def page(self, **params) -> str:
        return self.client.get(self.url, params).content.decode()

    def test_the_page_shows_a_meeting_planned_between_two_visits(self) -> None:
        self.assertNotIn("Про дроби", self.page())
        meetings.meeting_plan(
            self.pairing,
            kind=Meeting.Kind.REGULAR,
            starts_at=NOW + timedelta(days=2),
            place="Кабинет 12",
            topic="Про дроби",
            user=None,
        )
        self.assertIn("Про дроби", self.page())

    def test_the_next_step_moves_on_when_a_planned_meetings_start_passes(
        self,
    ) -> None:
        meetings.meeting_plan(
            self.pairing,
            kind=Meeting.Kind.REGULAR,
            starts_at=NOW + timedelta(hours=2),
            place="Кабинет 12",
            user=None,
        )
        self.assertIn("Провести встречу", self.page())
        with time_machine.travel(NOW + timedelta(hours=3), tick=False):
            page = self.page()
        self.assertIn("Отметить встречу", page)
        self.assertNotIn("Провести встречу", page)

    def test_the_page_shows_a_renamed_mentee_on_the_next_visit(self) -> None:
        self.assertIn("Зайцев И.", self.page())
        Person.objects.filter(pk=self.mentee.pk).update(last_name="Зайцева")
        self.assertIn("Зайцева И.", self.page())

    def test_a_paused_pair_offers_to_resume_on_the_next_visit(self) -> None:
        page = self.page()
        self.assertIn("Приостановить пару", page)
        self.assertNotIn("Возобновить работу пары", page)
        services.pairing_pause(self.pairing, user=self.alice)
        page = self.page()
        self.assertIn("Возобновить работу пары", page)
        self.assertNotIn("Приостановить пару", page)

    def test_the_pause_button_sends_the_pages_form_to_the_pair_and_pauses_it(
        self,
    ) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.alice)
        status = reverse("pairs-pairing-status", args=[self.pairing.code])
        page = self.page()
        self.assertIn(
            f'form="pair-status" formaction="{status}" name="action" value="pause"',
            page,
        )
        token = re.search(
            r'<form id="pair-status" method="post" hidden><input type="hidden" '
            r'name="csrfmiddlewaretoken" value="(\w+)"></form>',
            page,
        )
        self.assertIsNotNone(token)
        r = self.client.post(
            status, {"csrfmiddlewaretoken": token[1], "action": "pause"}
        )
        self.assertRedirects(r, self.url)
        page = self.page()
        self.assertIn(
            f'form="pair-status" formaction="{status}" name="action" value="resume"',
            page,
        )
        self.assertNotIn('value="pause"', page)

    def test_a_closed_pair_has_neither_buttons_nor_their_form(self) -> None:
        self.assertIn("Завершить пару", self.page())
        services.pairing_close(self.pairing, user=self.alice, day=NOW.date())
        page = self.page()
        self.assertNotIn("pair-status", page)
        self.assertNotIn("Завершить пару", page)

    def test_the_whole_history_is_not_the_latest_lines(self) -> None:
        for day in range(1, 7):
            meetings.meeting_plan(
                self.pairing,
                kind=Meeting.Kind.REGULAR,
                starts_at=NOW + timedelta(days=day),
                place="Кабинет 12",
                user=None,
            )
        self.assertIn("Вся история", self.page())
        self.assertNotIn("Вся история", self.page(history="all"))
        self.assertIn("Вся история", self.page())

    def test_the_teammate_sees_the_same_page_and_the_outsider_none(self) -> None:
        self.client.force_login(self.bob)
        self.assertIn("Зайцев И.", self.page())
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
