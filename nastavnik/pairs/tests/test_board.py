"""The curator's board of pairs: narrowed by a name, a programme or a form
of mentorship."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

TODAY = "2026-10-05 10:00+03:00"


@time_machine.travel(TODAY, tick=False)
class BoardFiltersTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(TODAY, tick=False):
            cls.first = make_programme(cls.school_a, status="running")
            cls.second = make_programme(
                cls.school_a, status="running", title="Вторая программа"
            )
            make_pairing(
                cls.first,
                make_mentor(cls.school_a, "Орлова"),
                make_mentee(cls.school_a, "Зайцев"),
            )
            cls.pupils = MentorshipForm.objects.get(
                organisation=None, slug="pupil_pupil"
            )
            make_pairing(
                cls.second,
                make_mentor(cls.school_a, "Ёлкина"),
                make_mentee(cls.school_a, "Петров"),
            )

    def setUp(self) -> None:
        self.url = reverse("pairs-board", args=[self.school_a.code])
        self.client.force_login(self.alice)

    def test_the_board_shows_every_pair_without_filters(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Орлова И. → Зайцев И.")
        self.assertContains(r, "Ёлкина И. → Петров И.")
        self.assertContains(r, "Вторая программа")

    def test_a_surname_finds_the_pair_in_any_case_and_with_e_for_yo(self) -> None:
        r = self.client.get(self.url, {"q": "елкина"})
        self.assertContains(r, "Ёлкина И. → Петров И.")
        self.assertNotContains(r, "Орлова И. → Зайцев И.")
        r = self.client.get(self.url, {"q": "ЗАЙЦЕВ"})
        self.assertContains(r, "Орлова И. → Зайцев И.")
        self.assertNotContains(r, "Ёлкина И. → Петров И.")

    def test_a_programme_narrows_the_board(self) -> None:
        r = self.client.get(self.url, {"programme": str(self.second.code)})
        self.assertContains(r, "Ёлкина И. → Петров И.")
        self.assertNotContains(r, "Орлова И. → Зайцев И.")

    def test_a_form_not_in_use_is_not_offered_and_an_unknown_one_shows_all(
        self,
    ) -> None:
        r = self.client.get(self.url)
        self.assertNotContains(r, f'value="{self.pupils.code}"')
        r = self.client.get(self.url, {"form": "not-a-form"})
        self.assertContains(r, "Орлова И. → Зайцев И.")
        self.assertContains(r, "Ёлкина И. → Петров И.")

    def test_the_board_shows_a_renamed_mentor_on_the_next_visit(self) -> None:
        self.assertContains(self.client.get(self.url), "Орлова И. → Зайцев И.")
        Person.objects.filter(last_name="Орлова").update(last_name="Соколова")
        r = self.client.get(self.url)
        self.assertContains(r, "Соколова И. → Зайцев И.")
        self.assertNotContains(r, "Орлова И.")

    def test_the_board_shows_a_new_pair_on_the_next_visit(self) -> None:
        self.assertNotContains(self.client.get(self.url), "Белова И.")
        make_pairing(
            self.first,
            make_mentor(self.school_a, "Белова"),
            make_mentee(self.school_a, "Кузнецов"),
        )
        self.assertContains(self.client.get(self.url), "Белова И. → Кузнецов И.")

    def test_a_filtered_board_is_not_shown_for_another_filter(self) -> None:
        r = self.client.get(self.url, {"q": "елкина"})
        self.assertNotContains(r, "Орлова И. → Зайцев И.")
        r = self.client.get(self.url, {"q": "зайцев"})
        self.assertContains(r, "Орлова И. → Зайцев И.")
        self.assertNotContains(r, "Ёлкина И. → Петров И.")
        r = self.client.get(self.url)
        self.assertContains(r, "Орлова И. → Зайцев И.")
        self.assertContains(r, "Ёлкина И. → Петров И.")

    def test_a_new_programme_is_offered_on_the_next_visit(self) -> None:
        self.assertNotContains(self.client.get(self.url), "Третья программа")
        third = make_programme(
            self.school_a, status="running", title="Третья программа"
        )
        self.assertContains(
            self.client.get(self.url), f'<option value="{third.code}">Третья программа'
        )

    def test_the_filters_show_what_was_typed_and_mark_an_unknown_form(self) -> None:
        r = self.client.get(self.url, {"q": "Орл<", "programme": str(self.first.code)})
        self.assertContains(r, 'name="q" id="id_q" value="Орл&lt;"')
        self.assertContains(r, f'<option value="{self.first.code}" selected>')
        self.assertContains(r, f'href="{self.url}">Сбросить</a>')
        self.assertNotContains(r, 'aria-invalid="true"')
        r = self.client.get(self.url, {"form": "not-a-form"})
        self.assertContains(r, 'name="form" aria-invalid="true"')
        self.assertContains(r, 'name="q" id="id_q" value=""')
        self.assertNotContains(r, f'<option value="{self.first.code}" selected>')
        r = self.client.get(self.url)
        self.assertNotContains(r, "Сбросить")
        self.assertNotContains(r, 'aria-invalid="true"')

    def test_another_schools_curator_gets_no_board_of_this_school(self) -> None:
        self.assertContains(self.client.get(self.url), "Орлова И. → Зайцев И.")
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
