"""Dates and school years. A school year runs from 1 September to 31 August."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_MONTH = 9  # the school year starts on 1 September

_RU_DATE_RE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d+)")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")


@dataclass(frozen=True, order=True)
class SchoolYear:
    """The school year that starts on 1 September of ``start_year``."""

    start_year: int

    @classmethod
    def of(cls, day: date) -> SchoolYear:
        """The school year that contains ``day``."""
        if day.month >= FIRST_MONTH:
            return cls(day.year)
        return cls(day.year - 1)

    @classmethod
    def current(cls) -> SchoolYear:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, label: str) -> SchoolYear:
        """Read «2025/2026», «2025-2026» or «2025–2026»; raise ValueError otherwise."""
        text = label.strip().replace("–", "/").replace("-", "/")
        first, _, second = text.partition("/")
        if not (first.isdigit() and second.isdigit()):
            raise ValueError(f"not a school year: {label!r}")
        if int(second) != int(first) + 1:
            raise ValueError(f"not a school year: {label!r}")
        return cls(int(first))

    @property
    def start(self) -> date:
        return date(self.start_year, FIRST_MONTH, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, FIRST_MONTH - 1, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> SchoolYear:
        return SchoolYear(self.start_year + 1)

    def previous(self) -> SchoolYear:
        return SchoolYear(self.start_year - 1)


def day_text(day: date | None) -> str:
    """A day as documents and exports write it, «07.12.2026»; nothing for
    no day."""
    return f"{day:%d.%m.%Y}" if day else ""


def age_on(birth_date: date, day: date) -> int:
    """Full years of a person born on ``birth_date`` as of ``day``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


class ShortYear(ValueError):
    """A date whose year is not written with four digits («1.1.24»)."""


def parse_date(text: str) -> date:
    """Read a date typed by a person: «12.03.2012», «12/03/2012» or
    «2012-03-12». The year is written in full: «12.03.12» is refused, never
    guessed (ShortYear). Raise ValueError with a message in Russian for the person."""
    text = text.strip()
    if match := _RU_DATE_RE.fullmatch(text):
        d, m, y = match.groups()
    elif match := _ISO_DATE_RE.fullmatch(text):
        y, m, d = match.groups()
    else:
        raise ValueError(_("a date is expected, like 12.03.2012"))
    if len(y) != 4:
        raise ShortYear(_("write the year in full, with four digits: 12.03.2012"))
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise ValueError(_("there is no such date")) from None
