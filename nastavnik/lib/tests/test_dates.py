from __future__ import annotations

from datetime import date

import time_machine
from django.test import SimpleTestCase

from nastavnik.lib.dates import SchoolYear, ShortYear, age_on, parse_date


class SchoolYearTestCase(SimpleTestCase):
    def test_it_starts_on_the_first_of_september(self) -> None:
        cases = [
            (date(2025, 9, 1), 2025),
            (date(2025, 8, 31), 2024),
            (date(2026, 1, 15), 2025),
            (date(2025, 12, 31), 2025),
        ]
        for day, start_year in cases:
            with self.subTest(day=day):
                self.assertEqual(SchoolYear.of(day), SchoolYear(start_year))

    def test_it_spans_september_to_august(self) -> None:
        year = SchoolYear(2025)
        self.assertEqual(year.start, date(2025, 9, 1))
        self.assertEqual(year.end, date(2026, 8, 31))
        self.assertIn(date(2026, 5, 25), year)
        self.assertNotIn(date(2026, 9, 1), year)
        self.assertEqual(str(year), "2025/2026")

    def test_it_parses_the_labels_schools_write(self) -> None:
        for label in ("2023/2024", "2023-2024", "2023–2024", " 2023/2024 "):
            with self.subTest(label=label):
                self.assertEqual(SchoolYear.parse(label), SchoolYear(2023))

    def test_it_rejects_labels_that_are_not_school_years(self) -> None:
        for label in ("2023/2025", "2023", "год", "2024/2023"):
            with self.subTest(label=label), self.assertRaises(ValueError):
                SchoolYear.parse(label)

    @time_machine.travel("2026-11-23 10:00Z")
    def test_it_knows_the_current_year(self) -> None:
        self.assertEqual(SchoolYear.current(), SchoolYear(2026))
        self.assertEqual(SchoolYear.current().next().label, "2027/2028")
        self.assertEqual(SchoolYear.current().previous().label, "2025/2026")


class AgeOnTestCase(SimpleTestCase):
    def test_it_counts_full_years(self) -> None:
        cases = [
            (date(2011, 3, 1), date(2026, 2, 28), 14),
            (date(2011, 3, 1), date(2026, 3, 1), 15),
            (date(2012, 2, 29), date(2026, 2, 28), 13),
        ]
        for birth, day, age in cases:
            with self.subTest(birth=birth, day=day):
                self.assertEqual(age_on(birth, day), age)


class ParseDateTestCase(SimpleTestCase):
    def test_it_reads_russian_and_iso_dates(self) -> None:
        for text in ("12.03.2012", "12/03/2012", " 2012-03-12 ", "2012-03-12 00:00"):
            with self.subTest(text=text):
                self.assertEqual(parse_date(text), date(2012, 3, 12))

    def test_a_two_digit_year_is_refused_with_a_word_on_the_four_digits(self) -> None:
        with self.assertRaisesMessage(ShortYear, "четырьмя цифрами"):
            parse_date("1.1.24")

    def test_a_date_that_does_not_exist_is_refused(self) -> None:
        with self.assertRaisesMessage(ValueError, "такой даты нет"):
            parse_date("31.02.2026")
        with self.assertRaisesMessage(ValueError, "нужна дата"):
            parse_date("завтра")
