from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase
from django.utils import translation

from nastavnik.reports.periods import Period, started


class PeriodTestCase(SimpleTestCase):
    def test_each_kind_of_period_has_its_days_and_its_due_day(self) -> None:
        cases = [
            # kind, a day in it, start, end, due
            ("monthly", date(2026, 11, 23), date(2026, 11, 1), date(2026, 11, 30)),
            ("monthly", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),
            ("quarterly", date(2026, 11, 23), date(2026, 10, 1), date(2026, 12, 31)),
            ("quarterly", date(2027, 3, 31), date(2027, 1, 1), date(2027, 3, 31)),
            ("half_year", date(2026, 9, 1), date(2026, 7, 1), date(2026, 12, 31)),
            ("half_year", date(2027, 1, 1), date(2027, 1, 1), date(2027, 6, 30)),
        ]
        for kind, day, start, end in cases:
            with self.subTest(kind=kind, day=day):
                period = Period.containing(kind, day)
                self.assertEqual((period.start, period.end), (start, end))
                self.assertEqual(period.due_on, end.replace(day=25))

    def test_it_names_periods_as_a_russian_report_does(self) -> None:
        with translation.override("ru"):
            labels = [
                Period.containing(kind, date(2026, 11, 5)).label
                for kind in ("monthly", "quarterly", "half_year")
            ]
        self.assertEqual(
            labels, ["ноябрь 2026", "IV квартал 2026", "II полугодие 2026"]
        )

    def test_it_steps_over_the_new_year(self) -> None:
        december = Period.containing("monthly", date(2026, 12, 31))
        self.assertEqual(december.next().start, date(2027, 1, 1))
        self.assertEqual(december.next().previous(), december)
        self.assertEqual(
            Period.containing("quarterly", date(2027, 1, 1)).previous().start,
            date(2026, 10, 1),
        )

    def test_it_lists_the_periods_started_by_a_day(self) -> None:
        months = started("monthly", date(2026, 9, 1), date(2026, 11, 23))
        self.assertEqual([p.start.month for p in months], [9, 10, 11])

    def test_it_refuses_a_day_that_does_not_start_a_period(self) -> None:
        for kind, start in (
            ("quarterly", "2026-11-01"),
            ("monthly", "2026-11-31"),
            ("weekly", "2026-11-01"),
        ):
            with self.subTest(kind=kind, start=start), self.assertRaises(ValueError):
                Period.parse(kind, start)
