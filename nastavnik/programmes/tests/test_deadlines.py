from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase

from nastavnik.programmes.deadlines import Kind, PartialDate, parse
from nastavnik.programmes.tests import seed_text

# The school year 2023/2024, the period of most examples.
START, END = date(2023, 9, 1), date(2024, 8, 31)

# Text → kind and every due date within 2023/2024. The first block is every
# deadline the five seeds write, as they write it.
CASES: list[tuple[str, Kind, list[date]]] = [
    # seed 000
    ("сентябрь-октябрь 2023 г.", Kind.RANGE, [date(2023, 10, 31)]),
    ("Сентябрь - октябрь 2023 г.", Kind.RANGE, [date(2023, 10, 31)]),
    ("Октябрь 2023 г.", Kind.MONTH, [date(2023, 10, 31)]),
    ("Сентябрь-Ноябрь 2023 г.", Kind.RANGE, [date(2023, 11, 30)]),
    ("Ноябрь 2023 г.", Kind.MONTH, [date(2023, 11, 30)]),
    ("Декабрь 2023 г – май 2024 г.", Kind.RANGE, [date(2024, 5, 31)]),
    ("2023-2024 гг.", Kind.RANGE, [date(2024, 8, 31)]),
    ("Май 2024 г.", Kind.MONTH, [date(2024, 5, 31)]),
    # seed 001 (its year is 2020: the dates fall before this period)
    ("Октябрь 2020г.", Kind.MONTH, [date(2020, 10, 31)]),
    ("Октябрь-ноябрь 2020г.", Kind.RANGE, [date(2020, 11, 30)]),
    ("Ноябрь 2020г.", Kind.MONTH, [date(2020, 11, 30)]),
    ("Весь период", Kind.PERIOD, [END]),
    ("Декабрь 2020г.", Kind.MONTH, [date(2020, 12, 31)]),
    ("[bookmark: _GoBack]Декабрь 2020г.", Kind.MONTH, [date(2020, 12, 31)]),
    # seeds 002 and 003: no deadline at all
    ("", Kind.NONE, []),
    # seed 003
    ("Май 2021 г.", Kind.MONTH, [date(2021, 5, 31)]),
    ("Сентябрь 2021 г.", Kind.MONTH, [date(2021, 9, 30)]),
    ("Октябрь 2021 г.", Kind.MONTH, [date(2021, 10, 31)]),
    ("В течение всего периода реализации ЦМН", Kind.PERIOD, [END]),
    ("В течение всего периода", Kind.PERIOD, [END]),
    ("В течение двух недель с даты определения модели", Kind.RELATIVE, []),
    (
        "В соответствии со сроками реализации программ наставничества в ОО",
        Kind.PERIOD,
        [END],
    ),
    (
        "ежеквартально",
        Kind.QUARTERLY,
        [date(2023, 9, 30), date(2023, 12, 31), date(2024, 3, 31), date(2024, 6, 30)],
    ),
    (
        "Ежемесячно 25 числа каждого месяца",
        Kind.MONTHLY,
        [date(2023, 9, 25), date(2023, 10, 25), date(2023, 11, 25)]
        + [date(2023, 12, 25), date(2024, 1, 25), date(2024, 2, 25)]
        + [date(2024, 3, 25), date(2024, 4, 25), date(2024, 5, 25)]
        + [date(2024, 6, 25), date(2024, 7, 25), date(2024, 8, 25)],
    ),
    ("Май 2022 г.", Kind.MONTH, [date(2022, 5, 31)]),
    # seed 004
    ("по необходимости", Kind.AS_NEEDED, []),
    ("сентябрь 2023", Kind.MONTH, [date(2023, 9, 30)]),
    ("Ежегодно сентябрь (дополнительно по запросу)", Kind.YEARLY, [date(2023, 9, 30)]),
    ("Ежегодно сентябрь, в течение учебного года", Kind.YEARLY, [date(2023, 9, 30)]),
    ("Ежегодно октябрь, в течение учебного года", Kind.YEARLY, [date(2023, 10, 31)]),
    ("Ежегодно май", Kind.YEARLY, [date(2024, 5, 31)]),
    ("Ежегодно в течение учебного года", Kind.PERIOD, [END]),
    ("Постоянно", Kind.PERIOD, [END]),
    # dates
    ("31.08.2022", Kind.DATE, [date(2022, 8, 31)]),
    ("до 15.09.2023", Kind.DATE, [date(2023, 9, 15)]),
    ("до 15.09.23", Kind.DATE, [date(2023, 9, 15)]),
    ("1 сентября 2023 г.", Kind.DATE, [date(2023, 9, 1)]),
    ("до 25 мая", Kind.DATE, [date(2024, 5, 25)]),
    ("с 01.09.2023 по 31.05.2024", Kind.RANGE, [date(2024, 5, 31)]),
    ("01.09.2023-31.05.2024", Kind.RANGE, [date(2024, 5, 31)]),
    ("с 1 сентября по 31 мая", Kind.RANGE, [date(2024, 5, 31)]),
    # months without a year fall in the period's school year
    ("октябрь", Kind.MONTH, [date(2023, 10, 31)]),
    ("в мае", Kind.MONTH, [date(2024, 5, 31)]),
    ("ноябрь-январь", Kind.RANGE, [date(2024, 1, 31)]),
    ("Декабрь - май 2024", Kind.RANGE, [date(2024, 5, 31)]),
    ("сентябрь 2023 – май", Kind.RANGE, [date(2024, 5, 31)]),
    # years
    ("2023/2024 учебный год", Kind.RANGE, [date(2024, 8, 31)]),
    ("2023-2024 уч. год", Kind.RANGE, [date(2024, 8, 31)]),
    ("2024 г.", Kind.RANGE, [date(2024, 12, 31)]),
    # recurring rules
    (
        "ежегодно, сентябрь - октябрь",
        Kind.YEARLY,
        [date(2023, 9, 30), date(2023, 10, 31)],
    ),
    (
        "ежемесячно",
        Kind.MONTHLY,
        [date(2023, 9, 30), date(2023, 10, 31)]
        + [date(2023, 11, 30), date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29)]
        + [date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31), date(2024, 6, 30)]
        + [date(2024, 7, 31), date(2024, 8, 31)],
    ),
    (
        "один раз в квартал",
        Kind.QUARTERLY,
        [date(2023, 9, 30), date(2023, 12, 31)]
        + [date(2024, 3, 31), date(2024, 6, 30)],
    ),
    ("2 раза в год", Kind.TWICE_A_YEAR, [date(2023, 12, 31), date(2024, 5, 31)]),
    ("два раза в год", Kind.TWICE_A_YEAR, [date(2023, 12, 31), date(2024, 5, 31)]),
    ("2 раза/год", Kind.TWICE_A_YEAR, [date(2023, 12, 31), date(2024, 5, 31)]),
    # the whole period, on demand, relative
    ("весь период", Kind.PERIOD, [END]),
    ("в течение учебного года", Kind.PERIOD, [END]),
    ("по запросу", Kind.AS_NEEDED, []),
    ("при необходимости", Kind.AS_NEEDED, []),
    ("в течение месяца после зачисления", Kind.RELATIVE, []),
    ("в течение 10 дней после приказа", Kind.RELATIVE, []),
    # text the parser cannot read is kept
    ("по согласованию с управлением образования", Kind.UNKNOWN, []),
    ("31.02.2024", Kind.UNKNOWN, []),
    ("ежегодно", Kind.UNKNOWN, []),
    ("IV квартал", Kind.UNKNOWN, []),
]


class ParseTestCase(SimpleTestCase):
    def test_it_reads_every_wording_into_its_kind_and_due_dates(self) -> None:
        for text, kind, dates in CASES:
            with self.subTest(text):
                deadline = parse(text)
                self.assertEqual(deadline.kind, kind)
                self.assertEqual(deadline.occurrences(START, END), dates)

    def test_the_table_covers_every_deadline_written_in_the_seeds(self) -> None:
        covered = {text for text, _kind, _dates in CASES}
        for key, read in seed_text.READERS.items():
            for item in read().items:
                with self.subTest(seed=key, deadline=item.deadline):
                    self.assertIn(item.deadline, covered)

    def test_it_keeps_the_text_with_whitespace_normalised(self) -> None:
        deadline = parse("  Октябрь  2020г.\n")
        self.assertEqual(deadline.text, "Октябрь 2020г.")

    def test_it_keeps_unreadable_text_and_asks_for_attention(self) -> None:
        deadline = parse("после каникул")
        self.assertEqual(deadline.text, "после каникул")
        self.assertTrue(deadline.needs_attention)
        self.assertFalse(deadline.is_dated)
        self.assertIsNone(deadline.next_due(START, END))

    def test_a_range_has_its_first_and_last_day(self) -> None:
        deadline = parse("Декабрь 2023 г – май 2024 г.")
        self.assertEqual(deadline.start, PartialDate(12, 2023))
        self.assertEqual(deadline.end, PartialDate(5, 2024))
        self.assertEqual(
            deadline.window(START, END), (date(2023, 12, 1), date(2024, 5, 31))
        )

    def test_a_school_year_range_runs_from_september_to_august(self) -> None:
        self.assertEqual(
            parse("2023-2024 гг.").window(START, END),
            (date(2023, 9, 1), date(2024, 8, 31)),
        )

    def test_the_year_of_a_range_s_end_belongs_to_its_start(self) -> None:
        self.assertEqual(parse("Сентябрь-Ноябрь 2023").start, PartialDate(9, 2023))
        self.assertEqual(parse("Декабрь - май 2024").start, PartialDate(12, 2023))

    def test_the_whole_period_spans_the_roadmap(self) -> None:
        self.assertEqual(parse("весь период").window(START, END), (START, END))

    def test_recurring_and_undated_kinds_have_no_window(self) -> None:
        for text in ("ежеквартально", "по необходимости", ""):
            with self.subTest(text):
                self.assertIsNone(parse(text).window(START, END))

    def test_recurring_kinds_say_so(self) -> None:
        recurring = {
            "Ежегодно май": True,
            "ежемесячно 25 числа": True,
            "ежеквартально": True,
            "2 раза в год": True,
            "Май 2024 г.": False,
            "весь период": False,
        }
        for text, expected in recurring.items():
            with self.subTest(text):
                self.assertEqual(parse(text).is_recurring, expected)

    def test_a_month_s_day_is_cut_to_its_last_day(self) -> None:
        deadline = parse("ежемесячно 31 числа")
        self.assertEqual(
            deadline.occurrences(date(2024, 1, 1), date(2024, 4, 30)),
            [
                date(2024, 1, 31),
                date(2024, 2, 29),
                date(2024, 3, 31),
                date(2024, 4, 30),
            ],
        )

    def test_a_period_ending_mid_month_still_has_that_month_s_due_date(self) -> None:
        deadline = parse("ежеквартально")
        self.assertEqual(
            deadline.occurrences(date(2023, 9, 1), date(2023, 12, 20)),
            [date(2023, 9, 30), date(2023, 12, 20)],
        )


class NextDueTestCase(SimpleTestCase):
    CASES = [
        # text, after, next due
        ("Ежемесячно 25 числа каждого месяца", None, date(2023, 9, 25)),
        ("Ежемесячно 25 числа каждого месяца", date(2023, 10, 26), date(2023, 11, 25)),
        ("Ежемесячно 25 числа каждого месяца", date(2023, 11, 25), date(2023, 11, 25)),
        ("ежеквартально", date(2024, 1, 10), date(2024, 3, 31)),
        ("2 раза в год", date(2024, 1, 1), date(2024, 5, 31)),
        ("Ежегодно сентябрь (дополнительно по запросу)", None, date(2023, 9, 30)),
        ("Октябрь 2023 г.", date(2024, 1, 1), date(2023, 10, 31)),
        ("весь период", date(2023, 9, 1), END),
        ("в течение двух недель с даты определения модели", None, None),
        ("по необходимости", date(2023, 9, 1), None),
    ]

    def test_it_gives_the_first_due_date_on_or_after_the_day(self) -> None:
        for text, after, expected in self.CASES:
            with self.subTest(text=text, after=after):
                self.assertEqual(
                    parse(text).next_due(START, END, after=after), expected
                )

    def test_a_missed_recurring_deadline_stays_on_its_last_date(self) -> None:
        deadline = parse("ежеквартально")
        self.assertEqual(
            deadline.next_due(START, END, after=date(2024, 8, 1)), date(2024, 6, 30)
        )


class FollowingTestCase(SimpleTestCase):
    CASES = [
        # text, due, the following due date
        ("Ежемесячно 25 числа каждого месяца", date(2023, 9, 25), date(2023, 10, 25)),
        ("Ежемесячно 25 числа каждого месяца", date(2024, 8, 25), None),
        ("ежеквартально", date(2023, 12, 31), date(2024, 3, 31)),
        ("2 раза в год", date(2023, 12, 31), date(2024, 5, 31)),
        ("2 раза в год", date(2024, 5, 31), None),
        ("Ежегодно май", date(2024, 5, 31), None),
        ("Октябрь 2023 г.", date(2023, 10, 31), None),
        ("весь период", END, None),
    ]

    def test_it_gives_the_next_due_date_of_a_recurring_deadline(self) -> None:
        for text, due, expected in self.CASES:
            with self.subTest(text=text, due=due):
                self.assertEqual(parse(text).following(due, START, END), expected)

    def test_a_yearly_deadline_recurs_over_a_longer_period(self) -> None:
        deadline = parse("Ежегодно сентябрь")
        end = date(2025, 8, 31)
        self.assertEqual(
            deadline.following(date(2023, 9, 30), START, end), date(2024, 9, 30)
        )
