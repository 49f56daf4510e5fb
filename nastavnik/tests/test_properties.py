"""Properties that hold for any input a person may type or upload: the date
parser, the roadmap deadline parser and the spreadsheet import. Hypothesis
draws the inputs (a bounded number, derandomised so that a run is the same
every time)."""

from __future__ import annotations

import calendar
import csv
import io
from datetime import date

from django.test import SimpleTestCase
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from nastavnik.lib.dates import ShortYear, parse_date
from nastavnik.orgs.models import Municipality, Region
from nastavnik.people import importing
from nastavnik.programmes import deadlines
from nastavnik.test import make_organisation

BOUNDED = settings(max_examples=150, deadline=None, derandomize=True)
DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
# What people type: digits, separators, Russian words, spaces, anything.
TYPED = st.text(
    alphabet=st.sampled_from(
        list("0123456789./-–— ,:;гг") + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    )
    | st.characters(),
    max_size=40,
)
MONTHS_GENITIVE = [
    "",
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS = ["", "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль"]
MONTHS += ["Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]


class DateParserProperties(SimpleTestCase):
    @BOUNDED
    @given(DAYS, st.sampled_from(["%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%-d.%-m.%Y"]))
    def test_a_date_written_in_any_accepted_way_reads_back(self, day, fmt) -> None:
        text = f"{day.day}.{day.month}.{day.year:04d}" if "-d" in fmt else None
        text = text or day.strftime(fmt.replace("%Y", f"{day.year:04d}"))
        self.assertEqual(parse_date(f"  {text} "), day)

    @BOUNDED
    @given(DAYS)
    def test_a_two_digit_year_is_refused_not_guessed(self, day) -> None:
        with self.assertRaises(ShortYear):
            parse_date(f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}")

    @BOUNDED
    @given(TYPED)
    @example("31.02.2024")
    @example("29.02.2023")
    @example("")
    def test_anything_typed_gives_a_date_or_a_message_never_a_crash(self, text):
        try:
            parse_date(text)
        except ValueError as error:
            self.assertTrue(str(error))


class DeadlineParserProperties(SimpleTestCase):
    @BOUNDED
    @given(TYPED)
    @example("Ежемесячно 31 числа")
    @example("май – сентябрь")
    @example("2 раза в год")
    def test_any_text_is_read_and_its_due_dates_lie_in_order(self, text) -> None:
        deadline = deadlines.parse(text)
        self.assertEqual(deadline.text, " ".join(text.split()))
        start, end = date(2026, 9, 1), date(2027, 8, 31)
        due = deadline.occurrences(start, end)
        self.assertEqual(due, sorted(due))
        if deadline.is_recurring:
            self.assertTrue(all(start <= day <= end for day in due))
        if deadline.needs_attention:
            self.assertEqual(due, [])

    @BOUNDED
    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    def test_a_written_date_is_due_on_that_very_day(self, day) -> None:
        deadline = deadlines.parse(day.strftime("%d.%m.%Y"))
        self.assertEqual(deadline.kind, deadlines.Kind.DATE)
        period = (date(day.year, 1, 1), date(day.year, 12, 31))
        self.assertEqual(deadline.occurrences(*period), [day])

    @BOUNDED
    @given(st.integers(1, 12), st.integers(2000, 2099))
    def test_a_month_and_year_is_due_on_its_last_day(self, month, year) -> None:
        deadline = deadlines.parse(f"{MONTHS[month]} {year} г.")
        last = date(year, month, calendar.monthrange(year, month)[1])
        self.assertEqual(deadline.occurrences(date(year, 1, 1), last), [last])

    @BOUNDED
    @given(st.integers(1, 31))
    def test_a_monthly_day_falls_in_every_month_even_a_short_one(self, day) -> None:
        deadline = deadlines.parse(f"Ежемесячно {day} числа каждого месяца")
        due = deadline.occurrences(date(2027, 9, 1), date(2028, 8, 31))
        self.assertEqual(len(due), 12)
        # 29 February 2028 when the day is 29 or later
        self.assertIn(date(2028, 2, min(day, 29)), due)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Петров Иван", "01.09.2012", "7 б", "ученик", "", "12.03.12"]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 1, 1)).map(
        lambda d: d.strftime("%d.%m.%Y")
    ),
)


class SpreadsheetImportProperties(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        region = Region.objects.create(name="Кировская область")
        municipality = Municipality.objects.create(region=region, name="Уни")
        cls.school = make_organisation(municipality, "4330000013", "СОШ № 1")

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(st.lists(st.lists(CELLS, min_size=4, max_size=4), max_size=12))
    def test_every_row_gets_one_outcome_and_errors_say_why(self, rows) -> None:
        header = ["ФИО", "Дата рождения", "Класс", "Категория"]
        content = _csv([header, *rows])
        try:
            table = importing.read_table(io.BytesIO(content), "base.csv", len(content))
            check = importing.check_rows(
                table, importing.propose_mapping(table.headers), self.school, "pupil"
            )
        except importing.ImportFileError as error:
            # the whole file refused (no rows, control characters): says why
            self.assertRegex(str(error), "[а-яА-Я]")
            return
        written = [r for r in rows if any(cell.strip() for cell in r)]
        self.assertLessEqual(len(check.outcomes), len(written))
        for _number, outcome, _name, messages in check.outcomes:
            if outcome == "error":
                self.assertTrue(messages)
        for values in check.valid:
            self.assertTrue(values.get("last_name"))

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(st.binary(max_size=2000))
    def test_any_bytes_are_a_table_or_a_russian_message(self, content) -> None:
        try:
            importing.read_table(io.BytesIO(content), "base.csv", len(content))
        except importing.ImportFileError as error:
            self.assertRegex(str(error), "[а-яА-Я]")
