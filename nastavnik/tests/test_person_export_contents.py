"""The personal-data export holds the pairs, meetings and questionnaires too."""

from __future__ import annotations

import io

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.test import BaseTestCase
from nastavnik.tests.personal_data_cast import ON, PersonalDataCast


@time_machine.travel(ON, tick=False)
class PersonExportContentsTestCase(PersonalDataCast, BaseTestCase):
    def setUp(self) -> None:
        self.make_cast()
        self.client.force_login(self.alice)
        r = self.client.get(reverse("people-person-export", args=[self.pupil.code]))
        self.wb = load_workbook(io.BytesIO(r.content))

    def _text(self, title: str) -> str:
        rows = self.wb[title].iter_rows(values_only=True)
        return " ".join(str(value) for row in rows for value in row if value)

    def test_it_has_a_sheet_per_section(self) -> None:
        self.assertEqual(
            self.wb.sheetnames,
            [
                "Карточка",
                "База наставляемых",
                "Родители и дети",
                "Согласия",
                "Анкеты",
                "Пары и группы",
                "Встречи",
                "Журнал действий",
            ],
        )

    def test_it_holds_the_programme_the_pair_and_the_meetings(self) -> None:
        pairs = self._text("Пары и группы")
        self.assertIn("Программа", pairs)
        self.assertIn("2026/2027", pairs)
        self.assertIn("наставляемый", pairs)
        meetings = self._text("Встречи")
        self.assertIn("05.10.2026", meetings)
        self.assertIn("Мама говорит, что мне стало легче", meetings)

    def test_it_holds_the_answers_in_the_words_of_the_questions(self) -> None:
        answers = self._text("Анкеты")
        self.assertIn("Удовлетворённость", answers)
        self.assertIn("Ваши пожелания", answers)
        self.assertIn("Хочу к Ивану Петровичу в 8Б", answers)
        self.assertIn("Походы с Иваном Петровичем", answers)

    def test_it_names_no_one_else_of_the_pair(self) -> None:
        for title in self.wb.sheetnames:
            self.assertNotIn("Наставникова", self._text(title))
            self.assertNotIn("Ученик1", self._text(title))

    def test_the_card_holds_the_special_categories_and_the_request(self) -> None:
        self.assertIn("Слабое зрение", self._text("Карточка"))
        self.assertIn("Боится контрольных", self._text("База наставляемых"))
