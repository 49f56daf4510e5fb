"""The periods a school reports on to the municipal centre: calendar months,
quarters and half-years. Seed 003 has the monthly report by the 25th of the
month; no seed gives a day for the others, so a quarter's and a half-year's
report is due on the 25th of its last month as well."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DUE_DAY = 25
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Kind(models.TextChoices):
    MONTHLY = "monthly", gettext_lazy("monthly")
    QUARTERLY = "quarterly", gettext_lazy("quarterly")
    HALF_YEAR = "half_year", gettext_lazy("half-year")


MONTHS_IN = {Kind.MONTHLY: 1, Kind.QUARTERLY: 3, Kind.HALF_YEAR: 6}


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: ``kind`` starting on ``start`` (the first day of
    a month, a quarter or a half-year)."""

    start: date
    kind: str

    @classmethod
    def containing(cls, kind: str, day: date) -> Period:
        length = MONTHS_IN[Kind(kind)]
        month = (day.month - 1) // length * length + 1
        return cls(date(day.year, month, 1), kind)

    @classmethod
    def parse(cls, kind: str, start: str) -> Period:
        """The period from a form or a URL; ValueError when it is not one."""
        day = date.fromisoformat(start)
        period = cls.containing(kind, day)
        if period.start != day:
            raise ValueError(f"not the start of a {kind} period: {start}")
        return period

    @property
    def length(self) -> int:
        return MONTHS_IN[Kind(self.kind)]

    @property
    def last_month(self) -> tuple[int, int]:
        month = self.start.month + self.length - 1
        return self.start.year, month

    @property
    def end(self) -> date:
        year, month = self.last_month
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def due_on(self) -> date:
        """The 25th of the period's last month (seed 003 for the monthly)."""
        year, month = self.last_month
        return date(year, month, DUE_DAY)

    def next(self) -> Period:
        return Period.containing(self.kind, self.end + timedelta(days=1))

    def previous(self) -> Period:
        return Period.containing(self.kind, self.start - timedelta(days=1))

    @property
    def key(self) -> str:
        """The value a form or a URL carries: «monthly:2026-11-01»."""
        return f"{self.kind}:{self.start.isoformat()}"

    @property
    def label(self) -> str:
        """«ноябрь 2026», «IV квартал 2026», «II полугодие 2026»: in running
        text («Отчёт за ноябрь 2026»); headings and lists write it |capfirst."""
        year = self.start.year
        if self.kind == Kind.MONTHLY:
            return f"{str(MONTHS[self.start.month]).lower()} {year}"
        number = ROMAN[(self.start.month - 1) // self.length + 1]
        if self.kind == Kind.QUARTERLY:
            return _("%(number)s quarter %(year)s") % {"number": number, "year": year}
        return _("%(number)s half-year %(year)s") % {"number": number, "year": year}

    def __str__(self) -> str:
        return self.label


def started(kind: str, since: date, today: date) -> list[Period]:
    """The periods of ``kind`` from the one containing ``since`` to the one
    containing ``today``, oldest first."""
    periods = []
    period = Period.containing(kind, since)
    while period.start <= today:
        periods.append(period)
        period = period.next()
    return periods
