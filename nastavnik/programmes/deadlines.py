"""Roadmap deadlines as people write them, and when each one falls due.

The seeds write deadlines as a date («31.08.2022»), a month («Октябрь 2020г.»),
a range («сентябрь-октябрь 2023 г.», «Декабрь 2023 г – май 2024 г.»), a
recurring rule («Ежегодно сентябрь», «Ежемесячно 25 числа каждого месяца»,
«ежеквартально», «2 раза в год»), the whole period («Весь период», «в течение
учебного года», «Постоянно») or on demand («по необходимости»). ``parse`` reads
the text into a ``Deadline``; ``Deadline.occurrences`` lists its due dates
within a roadmap's period. Text that cannot be read is kept as it is, with
``Kind.UNKNOWN``: the roadmap shows a warning and never drops it.

Pure functions, no ORM: the tests are tables of text → dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Month stems: «сентябрь», «сентября», «сентябре» all start with «сентябр».
MONTH_STEMS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "мая": 5,
    "май": 5,
    "мае": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH = (
    r"\b(январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\b|июн\w*|июл\w*|"
    r"август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)"
)
_YEAR = r"(?:(\d{4})\s*(?:г(?:г|ода|од)?\.?)?)?"

_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
# A month may come with its day before it: «1 сентября 2023 г.», «до 25 мая».
_MONTH_RE = re.compile(r"(?:(?<!\d)(\d{1,2})\s+)?" + _MONTH + r"\s*" + _YEAR)
_YEARS_RE = re.compile(
    r"^(\d{4})\s*[-–—/]\s*(\d{4})\s*(?:уч(?:ебн\w*|\.)?\s*)?"
    r"(?:гг?\.?|годы|года?)?$"
)
_ONE_YEAR_RE = re.compile(r"^(\d{4})\s*(?:г\.?|год)?$")
_DAY_OF_MONTH_RE = re.compile(r"(\d{1,2})\s*(?:-?го\s*)?(?:числа|число)")

_WHOLE_PERIOD = (
    "весь период",
    "в течение всего периода",
    "в течение периода",
    "в течение учебного года",
    "в течение года",
    "в течение всего учебного года",
    "постоянно",
    "в течение реализации",
    "в соответствии со сроками",
    "на всех этапах",
)
_AS_NEEDED = ("по необходимости", "по запросу", "при необходимости")
_RELATIVE_RE = re.compile(r"в течение\s+(?:\S+\s+)?(дн|недел|месяц)\w*\s+(с|после)\b")


class Kind(StrEnum):
    DATE = "date"  # one day: 31.08.2022
    MONTH = "month"  # one month: октябрь 2020 г.
    RANGE = "range"  # from a month or day to another: сентябрь-октябрь 2023 г.
    YEARLY = "yearly"  # every year in the given month(s): ежегодно сентябрь
    MONTHLY = "monthly"  # every month on a day: ежемесячно 25 числа
    QUARTERLY = "quarterly"  # at the end of every quarter
    TWICE_A_YEAR = "twice_a_year"  # at the end of each half of the school year
    PERIOD = "period"  # the whole period of the roadmap: весь период
    AS_NEEDED = "as_needed"  # no date: по необходимости
    RELATIVE = "relative"  # counted from an event: в течение двух недель с …
    NONE = "none"  # no deadline written
    UNKNOWN = "unknown"  # text the parser cannot read: kept, with a warning


# The kinds that have no due date of their own.
UNDATED = {Kind.AS_NEEDED, Kind.RELATIVE, Kind.NONE, Kind.UNKNOWN}
RECURRING = {Kind.YEARLY, Kind.MONTHLY, Kind.QUARTERLY, Kind.TWICE_A_YEAR}


@dataclass(frozen=True)
class PartialDate:
    """A month, maybe with a day and a year: years are often left out."""

    month: int
    year: int | None = None
    day: int | None = None

    def resolve(self, period_start: date, *, end: bool) -> date:
        """The date in the period that starts on ``period_start`` (a month
        without a year falls in the school year of the period's start); the
        last day of the month when ``end`` and no day is given."""
        year = self.year
        if year is None:
            year = period_start.year
            if self.month < period_start.month:
                year += 1
        last = calendar.monthrange(year, self.month)[1]
        day = self.day if self.day is not None else (last if end else 1)
        return date(year, self.month, min(day, last))


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: Kind
    start: PartialDate | None = None
    end: PartialDate | None = None
    months: tuple[int, ...] = ()  # YEARLY: the months of each year
    day: int | None = None  # MONTHLY: the day of each month

    @property
    def is_recurring(self) -> bool:
        return self.kind in RECURRING

    @property
    def is_dated(self) -> bool:
        return self.kind not in UNDATED

    @property
    def needs_attention(self) -> bool:
        """The text could not be read: the roadmap shows a warning."""
        return self.kind == Kind.UNKNOWN

    def occurrences(self, period_start: date, period_end: date) -> list[date]:
        """Every due date of this deadline within the period, in order."""
        if self.kind in (Kind.DATE, Kind.MONTH, Kind.RANGE):
            return [self.end.resolve(period_start, end=True)]
        if self.kind == Kind.PERIOD:
            return [period_end]
        if self.kind == Kind.YEARLY:
            return list(_month_ends(period_start, period_end, self.months))
        if self.kind == Kind.MONTHLY:
            return _monthly(period_start, period_end, self.day)
        if self.kind == Kind.QUARTERLY:
            return list(_month_ends(period_start, period_end, (3, 6, 9, 12)))
        if self.kind == Kind.TWICE_A_YEAR:
            return list(_month_ends(period_start, period_end, (12, 5)))
        return []

    def window(self, period_start: date, period_end: date) -> tuple[date, date] | None:
        """The first and last day of a one-off deadline, for «in progress»."""
        if self.kind in (Kind.DATE, Kind.MONTH, Kind.RANGE):
            return (
                self.start.resolve(period_start, end=False),
                self.end.resolve(period_start, end=True),
            )
        if self.kind == Kind.PERIOD:
            return (period_start, period_end)
        return None

    def next_due(
        self, period_start: date, period_end: date, *, after: date | None = None
    ) -> date | None:
        """The first due date on or after ``after`` (any, if not given); the
        last one when all are past, so that a missed deadline stays overdue."""
        dates = self.occurrences(period_start, period_end)
        if not dates:
            return None
        if after is None:
            return dates[0]
        for day in dates:
            if day >= after:
                return day
        return dates[-1]

    def following(self, due: date, period_start: date, period_end: date) -> date | None:
        """The due date after ``due`` of a recurring deadline; None when ``due``
        was the last one of the period (or the deadline does not recur)."""
        if not self.is_recurring:
            return None
        for day in self.occurrences(period_start, period_end):
            if day > due:
                return day
        return None


def _month_ends(start: date, end: date, months: tuple[int, ...]):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        if month in months:
            day = date(year, month, calendar.monthrange(year, month)[1])
            if start <= day <= end:
                yield day
            elif day > end and (year, month) == (end.year, end.month):
                yield end
        month += 1
        if month > 12:
            year, month = year + 1, 1


def _monthly(start: date, end: date, day: int | None) -> list[date]:
    days = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = calendar.monthrange(year, month)[1]
        candidate = date(year, month, min(day or last, last))
        if start <= candidate <= end:
            days.append(candidate)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return days


def _normalise(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"\[[^\]]*\]", " ", text)  # «[bookmark: _GoBack]» from Word
    text = re.sub(r"(\d{4})\s*г\b\.?", r"\1 г.", text)  # «2020г.» → «2020 г.»
    return " ".join(text.split())


def _month_number(word: str) -> int:
    for stem, number in MONTH_STEMS.items():
        if word.startswith(stem):
            return number
    raise ValueError(word)


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _day(text: str) -> int | None:
    return int(text) if text and 1 <= int(text) <= 31 else None


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _dates(text: str) -> list[PartialDate] | None:
    found = []
    for d, m, y in _DATE_RE.findall(text):
        if not 1 <= int(m) <= 12 or not 1 <= int(d) <= 31:
            return None
        try:
            date(_full_year(y), int(m), int(d))
        except ValueError:
            return None
        found.append(PartialDate(int(m), _full_year(y), int(d)))
    return found


def _months(text: str) -> list[PartialDate]:
    """Every month in the text with the year written after it (or after the
    last month of a range: «сентябрь-октябрь 2023 г.»)."""
    found = [
        PartialDate(_month_number(word), _year(year), _day(day))
        for day, word, year in _MONTH_RE.findall(text)
    ]
    # «Сентябрь-Ноябрь 2023»: the year of the end belongs to the start too,
    # unless the start would then come after the end.
    for i in range(len(found) - 2, -1, -1):
        here, after = found[i], found[i + 1]
        if here.year is None and after.year is not None:
            year = after.year if here.month <= after.month else after.year - 1
            found[i] = PartialDate(here.month, year, here.day)
    return found


def parse(text: str) -> Deadline:
    """Read a deadline as written in a roadmap; never raises."""
    original = " ".join(text.split())
    t = _normalise(original)
    if not t:
        return Deadline(original, Kind.NONE)

    if t.startswith("ежемесячно") or "каждого месяца" in t:
        day = _DAY_OF_MONTH_RE.search(t)
        return Deadline(original, Kind.MONTHLY, day=int(day.group(1)) if day else None)
    if t.startswith("ежеквартально") or "раз в квартал" in t:
        return Deadline(original, Kind.QUARTERLY)
    if re.search(r"\b(2|два)\s*раза\s*(в|/)\s*год", t):
        return Deadline(original, Kind.TWICE_A_YEAR)
    if t.startswith("ежегодно"):
        months = tuple(dict.fromkeys(m.month for m in _months(t)))
        if months:
            return Deadline(original, Kind.YEARLY, months=months)
        if any(p in t for p in _WHOLE_PERIOD):
            return Deadline(original, Kind.PERIOD)
        return Deadline(original, Kind.UNKNOWN)
    if _RELATIVE_RE.search(t):
        return Deadline(original, Kind.RELATIVE)

    dates = _dates(t)
    if dates is None:
        return Deadline(original, Kind.UNKNOWN)
    months = _months(_DATE_RE.sub(lambda m: " " * len(m.group()), t))
    points = _in_text_order(t, dates, months)
    if len(points) == 1:
        (p,) = points
        kind = Kind.DATE if p.day is not None else Kind.MONTH
        return Deadline(original, kind, start=p, end=p)
    if len(points) >= 2:
        first, last = points[0], points[-1]
        if first.year is not None and last.year is None:
            year = first.year if last.month >= first.month else first.year + 1
            last = PartialDate(last.month, year, last.day)
        return Deadline(original, Kind.RANGE, start=first, end=last)

    years = _YEARS_RE.match(t)
    if years and int(years.group(2)) == int(years.group(1)) + 1:
        start = PartialDate(9, int(years.group(1)))
        end = PartialDate(8, int(years.group(2)))
        return Deadline(original, Kind.RANGE, start=start, end=end)
    year = _ONE_YEAR_RE.match(t)
    if year:
        start = PartialDate(1, int(year.group(1)))
        end = PartialDate(12, int(year.group(1)))
        return Deadline(original, Kind.RANGE, start=start, end=end)
    if any(p in t for p in _WHOLE_PERIOD):
        return Deadline(original, Kind.PERIOD)
    if any(p in t for p in _AS_NEEDED):
        return Deadline(original, Kind.AS_NEEDED)
    return Deadline(original, Kind.UNKNOWN)


def _in_text_order(
    text: str, dates: list[PartialDate], months: list[PartialDate]
) -> list[PartialDate]:
    """Dates and months as they come in the text."""
    positioned = [
        (m.start(), p) for m, p in zip(_DATE_RE.finditer(text), dates, strict=True)
    ]
    without_dates = _DATE_RE.sub(lambda m: " " * len(m.group()), text)
    positioned += [
        (m.start(), p)
        for m, p in zip(_MONTH_RE.finditer(without_dates), months, strict=True)
    ]
    return [p for _, p in sorted(positioned, key=lambda pair: pair[0])]
