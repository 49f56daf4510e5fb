"""Import of people from XLSX and CSV spreadsheets, as schools keep them.

Three steps, shared by the views and the ``import_people`` command:
``read_table`` reads the file once (header and data rows, with
``lib.spreadsheets``: the generic reading of XLSX and CSV), ``check_rows`` gives
every row an outcome against the organisation's base (new, update, duplicate
or error, with Russian messages), and ``write_rows`` writes the valid rows in
bulk. ``import_upload``, ``import_check``, ``import_commit`` and
``import_cancel`` keep an ImportBatch between the steps of the web import,
and the checked rows in ImportRow: the dry run checks and stores a thousand
rows at a time, so memory does not grow with the file.
"""

from __future__ import annotations

import functools
import gc
import itertools
import operator
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.accounts.services import audit_log
from nastavnik.lib import dates, spreadsheets
from nastavnik.lib.spreadsheets import FORMULA, Table, display_value
from nastavnik.lib.validators import is_valid_inn
from nastavnik.orgs.models import Organisation
from nastavnik.people.exporting import COLUMNS
from nastavnik.people.models import (
    GuardianLink,
    ImportBatch,
    ImportRow,
    Person,
    search_key,
)

# What a column can be mapped to, in the order of the mapping selects.
FIELD_LABELS = {
    "full_name": gettext_lazy("full name in one column"),
    "last_name": gettext_lazy("last name"),
    "first_name": gettext_lazy("first name"),
    "patronymic": gettext_lazy("patronymic"),
    "birth_date": gettext_lazy("birth date"),
    "category": gettext_lazy("category"),
    "class_name": gettext_lazy("class"),
    "position": gettext_lazy("position"),
    "experience_years": gettext_lazy("teaching experience, years"),
    "employer_name": gettext_lazy("employer"),
    "employer_inn": gettext_lazy("employer's INN"),
    "email": gettext_lazy("e-mail"),
    "phone": gettext_lazy("phone"),
    "snils": gettext_lazy("SNILS"),
    "parent1_name": gettext_lazy("parent 1: full name"),
    "parent1_phone": gettext_lazy("parent 1: phone"),
    "parent1_email": gettext_lazy("parent 1: e-mail"),
    "parent2_name": gettext_lazy("parent 2: full name"),
    "parent2_phone": gettext_lazy("parent 2: phone"),
    "parent2_email": gettext_lazy("parent 2: e-mail"),
}
# A row's parents (one or two), each with a name and contacts: the slots.
PARENT_SLOTS = ("parent1", "parent2")
PARENT_FIELDS = tuple(
    f"{slot}_{part}" for slot in PARENT_SLOTS for part in ("name", "phone", "email")
)
NAME_FIELDS = ("last_name", "first_name", "patronymic")
# Fields that identify a person: a match on them is the same person, so they
# are never "updated" by an import.
KEY_FIELDS = (*NAME_FIELDS, "birth_date")
# Person fields an import may change on a person already in the base.
UPDATABLE_FIELDS = (
    "category",
    "class_name",
    "position",
    "experience_years",
    "employer_name",
    "employer_inn",
    "email",
    "phone",
    "snils",
)
_UPDATABLE = frozenset(UPDATABLE_FIELDS)
# SNILS is recognised but never imported unless the user maps it: schools
# should not collect it for mentorship without a reason (data minimisation).
IGNORED_UNLESS_MAPPED = {"snils"}

# Normalised header (lower case, е for ё, letters and digits only) → field.
HEADERS = {
    "фио": "full_name",
    "фамилияимяотчество": "full_name",
    "фамилияимя": "full_name",
    "фамилия": "last_name",
    "имя": "first_name",
    "отчество": "patronymic",
    "датарождения": "birth_date",
    "датарожд": "birth_date",
    "др": "birth_date",
    "класс": "class_name",
    "стаж": "experience_years",
    "педстаж": "experience_years",
    "педагогическийстаж": "experience_years",
    "стажлет": "experience_years",
    "педагогическийстажлет": "experience_years",
    "должность": "position",
    "категория": "category",
    "местоработы": "employer_name",
    "организация": "employer_name",
    "работодатель": "employer_name",
    "инн": "employer_inn",
    "иннработодателя": "employer_inn",
    "иннорганизации": "employer_inn",
    "email": "email",
    "еmail": "email",  # a Cyrillic «е»
    "емейл": "email",
    "почта": "email",
    "электроннаяпочта": "email",
    "эпочта": "email",
    "телефон": "phone",
    "тел": "phone",
    "контактныйтелефон": "phone",
    "мобильныйтелефон": "phone",
    "номертелефона": "phone",
    "снилс": "snils",
}
# Words of a header that name a parent (lower case, е for ё), and the
# relation some of them tell.
MOTHER_WORDS = {"мать", "матери", "мама", "мамы"}
FATHER_WORDS = {"отец", "отца", "папа", "папы"}
PARENT_PREFIXES = ("родител", "представител", "опекун", "попечител")
SECOND_PARENT_WORDS = {"2", "второго", "второй", "второе"}
# Qualifiers that say nothing about which field the column is.
PARENT_FILLER_WORDS = {"1", "первого", "первый", "законного", "законный", "законных"}
# Russian spellings of the categories beyond their labels.
CATEGORY_SYNONYMS = {
    "ученик": Person.Category.PUPIL,
    "ученица": Person.Category.PUPIL,
    "учащийся": Person.Category.PUPIL,
    "учащаяся": Person.Category.PUPIL,
    "обучающаяся": Person.Category.PUPIL,
    "школьник": Person.Category.PUPIL,
    "студентка": Person.Category.STUDENT,
    "учитель": Person.Category.TEACHER,
    "преподаватель": Person.Category.TEACHER,
    "выпускница": Person.Category.ALUMNUS,
}
CLASS_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
# Latin letters typed for their Cyrillic twins: «7A», «5B».
LATIN_TWINS = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
MAX_LENGTHS = {
    "last_name": 100,
    "first_name": 100,
    "patronymic": 100,
    "position": 200,
    "employer_name": 300,
    "email": 254,
    "phone": 50,
}
# Problems of a row as a whole, translated only when they happen.
REQUIRED = (
    ("last_name", gettext_lazy("the last name is required")),
    ("first_name", gettext_lazy("the first name is required")),
)
REQUIRED_FOR_PUPILS = (
    ("birth_date", gettext_lazy("a pupil needs a birth date")),
    ("class_name", gettext_lazy("a pupil needs a class")),
)
NO_CATEGORY = gettext_lazy(
    "no category: fill in the column «Категория» or choose a category for the "
    "whole file"
)
PREVIEW_ROWS = 5

_HEADER_JUNK_RE = re.compile(r"\(.*?\)|[^\w]|_")
_HEADER_WORD_RE = re.compile(r"[^\W\d_]+|\d+")
_CLASS_RE = re.compile(r"(\d{1,2})\s*[-–—/]?\s*([^\W\d_])?")
_CLASS_JUNK = str.maketrans("", "", "«»\"'")
# A file or a mapping that cannot be imported; the message says why.
ImportFileError = spreadsheets.UnreadableFile


class CategoryMissing(ImportFileError):
    """Neither the file nor the user says who is in the file."""


class _Invalid(Exception):
    """A cell value that a field refuses; the message says what is wrong."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk read or write.

    An import makes hundreds of thousands of small objects and no reference
    cycles; the collector would walk them over and over: a fifth of the dry
    run of a 50 000-row file (bench/). Reference counting still frees memory.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def normalise_header(text: Any) -> str:
    value = str(text or "").casefold().replace("ё", "е")
    return _HEADER_JUNK_RE.sub("", value)


def _header_words(text: Any) -> list[str]:
    return _HEADER_WORD_RE.findall(str(text or "").casefold().replace("ё", "е"))


def relation_for_header(text: Any) -> str:
    """The relation a parent column's header tells («ФИО матери»), or ""."""
    words = set(_header_words(text))
    if words & MOTHER_WORDS:
        return GuardianLink.Relation.MOTHER
    if words & FATHER_WORDS:
        return GuardianLink.Relation.FATHER
    if any(w.startswith("опекун") for w in words):
        return GuardianLink.Relation.GUARDIAN
    if any(w.startswith("попечител") for w in words):
        return GuardianLink.Relation.TRUSTEE
    return ""


def _parent_field(text: Any) -> str | None:
    """The parent field a header names («Телефон родителя 2», «Мать»); "" for
    a parent column that is none of them; None when it is no parent's column.

    A mother goes to the first parent and a father to the second, unless the
    header numbers them; what is left of the header says name, phone or e-mail.
    """
    words = _header_words(text)
    parent_words = MOTHER_WORDS | FATHER_WORDS
    if not any(w in parent_words or w.startswith(PARENT_PREFIXES) for w in words):
        return None
    relation = relation_for_header(text)
    second = bool(SECOND_PARENT_WORDS & set(words)) or (
        relation == GuardianLink.Relation.FATHER and "1" not in words
    )
    rest = "".join(
        w
        for w in words
        if not (
            w in parent_words
            or w.startswith(PARENT_PREFIXES)
            or w in SECOND_PARENT_WORDS
            or w in PARENT_FILLER_WORDS
        )
    )
    parts = []
    if "тел" in rest:
        parts.append("phone")
    if any(word in rest for word in ("mail", "почт", "емейл", "имейл")):
        parts.append("email")
    if not rest or "фио" in rest or "фамилия" in rest:
        parts.append("name")
    if len(parts) != 1:
        return ""
    return f"{PARENT_SLOTS[second]}_{parts[0]}"


def field_for_header(text: Any) -> str | None:
    """The field a column header names, or None."""
    parent = _parent_field(text)
    if parent is not None:
        return parent or None
    key = normalise_header(text)
    if key.startswith("фио"):  # «ФИО ученика», «ФИО полностью»
        return "full_name"
    if key in HEADERS:
        return HEADERS[key]
    # The export's own headers, in whatever language it speaks.
    exported = {normalise_header(label): name for name, label in COLUMNS}
    return exported.get(key)


def propose_mapping(headers: list[str]) -> dict[int, str]:
    """Recognise the columns: {column index: field}.

    The first column wins when two name the same field; SNILS is left out
    (see IGNORED_UNLESS_MAPPED); separate name columns beat a «ФИО» column.
    """
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = field_for_header(header)
        if name and name not in IGNORED_UNLESS_MAPPED and name not in mapping.values():
            mapping[index] = name
    names = set(mapping.values())
    if {"last_name", "first_name"} <= names and "full_name" in names:
        mapping = {i: f for i, f in mapping.items() if f != "full_name"}
    return mapping


def mapping_errors(mapping: dict[int, str]) -> list[str]:
    """What makes a mapping unusable, in Russian; empty when it is fine."""
    chosen = list(mapping.values())
    errors = []
    for name in dict.fromkeys(chosen):
        if chosen.count(name) > 1:
            label = FIELD_LABELS[name]
            errors.append(
                _("“%(field)s” is chosen for several columns.") % {"field": label}
            )
    has_parts = any(name in chosen for name in NAME_FIELDS)
    if "full_name" in chosen and has_parts:
        errors.append(
            _("Choose either the full name in one column or separate columns.")
        )
    elif "full_name" not in chosen and not {"last_name", "first_name"} <= set(chosen):
        errors.append(
            _(
                "There is no column with names: the file needs «ФИО» or «Фамилия» "
                "and «Имя»."
            )
        )
    for slot in PARENT_SLOTS:
        contacts = [f"{slot}_phone", f"{slot}_email"]
        if f"{slot}_name" not in chosen and any(c in chosen for c in contacts):
            errors.append(
                _("“%(contact)s” needs a column with the name: “%(name)s”.")
                % {
                    "contact": FIELD_LABELS[next(c for c in contacts if c in chosen)],
                    "name": FIELD_LABELS[f"{slot}_name"],
                }
            )
    return errors


def column_label(headers: list[str], index: int) -> str:
    """The column's header as the user sees it, or its letter when it has none."""
    header = headers[index] if index < len(headers) else ""
    return header or _("column %(letter)s") % {"letter": get_column_letter(index + 1)}


# Reading files


def read_table(file: IO[bytes], name: str, size: int | None = None) -> Table:
    """Open an XLSX or CSV file and find its header row (lib.spreadsheets).

    The header is the first row, among the first few, that names a person
    («ФИО», «Фамилия»…), so a title above the table does no harm. Raises
    ImportFileError with a Russian message for files that cannot be imported.
    """
    return spreadsheets.read_table(
        file,
        name,
        size=size,
        max_bytes=max_bytes(),
        is_header=_names_a_person,
        no_header=_(
            "No column with names found: the first row of the table must have "
            "«ФИО», or «Фамилия» and «Имя»."
        ),
    )


def _names_a_person(headers: list[str]) -> bool:
    fields = {field_for_header(h) for h in headers}
    return bool(fields & {"full_name", "last_name", "first_name"})


def read_preview(table: Table) -> list[list[str]]:
    """The first data rows as text, for the mapping page; closes the table.

    Each row starts with its number and has one value per header."""
    preview = []
    width = len(table.headers)
    for number, values in table.rows:
        cells = [display_value(v) for v in values[:width]]
        preview.append([str(number), *cells, *[""] * (width - len(cells))])
        if len(preview) == PREVIEW_ROWS:
            break
    table.close()
    return preview


# Parsing cells: each parser returns the field's value or raises _Invalid.


def _text(value: Any) -> str:
    if value.__class__ is str:
        return " ".join(value.split())
    return display_value(value)


def _name(value: Any, max_length: int = 100) -> str:
    text = _text(value)
    if len(text) > max_length:
        raise _Invalid(_too_long(max_length))
    if not any(c.isalpha() for c in text):
        raise _Invalid(_("there is not a single letter"))
    return text


def _too_long(max_length: int) -> str:
    return _("too long: at most %(n)s characters") % {"n": max_length}


def _plain(name: str):
    max_length = MAX_LENGTHS[name]

    def parse(value: Any) -> str:
        text = _text(value)
        if len(text) > max_length:
            raise _Invalid(_too_long(max_length))
        return text

    return parse


def _birth_date(value: Any, today: date) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif value.__class__ is str:
        try:
            day = dates.parse_date(value)
        except ValueError as e:
            raise _Invalid(str(e)) from None
    else:
        raise _Invalid(_("a date is expected, like 12.03.2012"))
    if day > today:
        raise _Invalid(_("this date has not come yet"))
    if day.year < 1900:
        raise _Invalid(_("the date is too early"))
    return day


def _class_name(value: Any) -> str:
    text = _text(value).upper().translate(_CLASS_JUNK)
    text = text.replace("КЛАСС", "").strip()
    match = _CLASS_RE.fullmatch(text)
    if not match:
        raise _Invalid(_("a class is expected, like 7Б"))
    grade, letter = int(match.group(1)), (match.group(2) or "").translate(LATIN_TWINS)
    if not 1 <= grade <= 11:
        raise _Invalid(_("there is no such class: the number runs from 1 to 11"))
    if letter and letter not in CLASS_LETTERS:
        raise _Invalid(_("there is no such class letter"))
    return f"{grade}{letter}"


def _years(value: Any) -> int:
    if value.__class__ is int:
        years = value
    elif value.__class__ is float and value.is_integer():
        years = int(value)
    elif value.__class__ is str and value.strip().isdigit():
        years = int(value.strip())
    else:
        raise _Invalid(_("a whole number of years is expected"))
    if not 0 <= years <= 70:
        raise _Invalid(_("the experience must be from 0 to 70 years"))
    return years


def _inn(value: Any) -> str:
    text = display_value(value).replace(" ", "")
    # Excel drops the leading zero of a numeric INN (regions 01–09).
    if value.__class__ in (int, float) and len(text) in (9, 11):
        text = "0" + text
    if not is_valid_inn(text):
        raise _Invalid(_("an INN has 10 or 12 digits with a valid check digit"))
    return text


def _email(value: Any) -> str:
    text = _text(value)
    try:
        validate_email(text)
    except ValidationError:
        raise _Invalid(_("this is not an e-mail address")) from None
    return text


def _snils(value: Any) -> str:
    digits = "".join(c for c in display_value(value) if c.isdigit())
    if len(digits) != 11:
        raise _Invalid(_("a SNILS has 11 digits"))
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def _parent_name(value: Any) -> str:
    """A parent's full name in one cell, spaces tidied; at least two words."""
    text = _text(value)
    if any(c in text for c in ",;/"):
        raise _Invalid(_("one parent per column: put the second one in its own column"))
    words = text.split(" ")
    if len(words) < 2:
        raise _Invalid(_("write the parent's last name and first name"))
    for part in (words[0], words[1], " ".join(words[2:])):
        if len(part) > 100:
            raise _Invalid(_too_long(100))
    if not all(any(c.isalpha() for c in word) for word in words):
        raise _Invalid(_("a name is made of letters"))
    return text


def _category_lookup() -> dict[str, str]:
    lookup = {_key(code): code for code in Person.Category.values}
    for code, label in Person.Category.choices:
        lookup[_key(str(label))] = code
    for synonym, code in CATEGORY_SYNONYMS.items():
        lookup[_key(synonym)] = code
    return lookup


def _key(text: str) -> str:
    # str.replace, not str.translate: translate is slow on Cyrillic text.
    text = text.casefold().replace("ё", "е").replace("’", "'").replace("`", "'")
    return " ".join(text.split())


_NO_NAME = ("", "", "")


@functools.lru_cache(maxsize=1 << 16)
def _name_key(text: str) -> str:
    """_key of one part of a name: a file repeats its first names and last
    names many times, and folding each once saves a tenth of the check."""
    return _key(text)


def person_key(values: dict[str, Any]) -> tuple[str, date | None]:
    """Who a row is: the full name (lower case, е for ё) and the birth date.

    The parts are folded one by one: the same as folding the joined name,
    since _key works character by character and tidies the spaces."""
    last, first, patronymic = map(_name_key, map(values.get, NAME_FIELDS, _NO_NAME))
    name = f"{last} | {first} | {patronymic}"
    if not (last and first and patronymic):
        name = " ".join(name.split())
    return name, values.get("birth_date")


# Checking rows


@dataclass
class Check:
    """The outcome of every row, and the valid rows ready to be written."""

    outcomes: list[list] = field(default_factory=list)
    valid: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "update": 0, "duplicate": 0, "error": 0}
    )
    # What the parent columns would do: the counts of GuardianPlan, the
    # relation of each parent slot, and [row number, message] notes.
    guardians: dict[str, int] = field(default_factory=lambda: GuardianPlan().counts)
    # The category of the rows with none (see implied_category).
    category: str = ""
    relations: dict[str, str] = field(default_factory=dict)
    notes: list[list] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [m for outcome in self.outcomes for m in outcome[3]]


def load_base(organisation: Organisation) -> dict[tuple, tuple[int, dict[str, Any]]]:
    """The organisation's people by person_key, read with one query."""
    columns = ("pk", *KEY_FIELDS, *UPDATABLE_FIELDS)
    base = {}
    people = Person.objects.filter(organisation=organisation).present()
    for row in people.values_list(*columns).order_by("pk").iterator(chunk_size=5000):
        values = dict(zip(columns[1:], row[1:], strict=True))
        base.setdefault(person_key(values), (row[0], values))
    return base


def classify(
    values: dict[str, Any],
    base: dict[tuple, tuple[int, dict[str, Any]]],
    key: tuple | None = None,
) -> tuple[str, int | None, dict[str, Any]]:
    """new, update or duplicate; the matching person's pk; the changed fields.

    Only the file's non-empty cells count: an empty cell never erases a value
    in the base.
    """
    match = base.get(key or person_key(values))
    if match is None:
        return "new", None, {}
    pk, existing = match
    changed = {
        name: value
        for name, value in values.items()
        if name in _UPDATABLE and not _same(existing[name], value)
    }
    return ("update" if changed else "duplicate"), pk, changed


def _same(old: Any, new: Any) -> bool:
    # Spaces typed twice in the base are not a change worth an update.
    if old.__class__ is str and new.__class__ is str:
        return old == new or old.split() == new.split()
    return old == new


_UNPARSED = object()
# How many rows check_many takes at once.
CHECK_CHUNK = 1000


class _RowChecker:
    """Turns a row's cells into a person's values and its error messages."""

    def __init__(
        self, headers: list[str], mapping: dict[int, str], default_category: str
    ) -> None:
        today = timezone.localdate()
        parsers = {
            "last_name": _name,
            "first_name": _name,
            "patronymic": _name,
            "birth_date": lambda v: _birth_date(v, today),
            "class_name": _class_name,
            "experience_years": _years,
            "employer_inn": _inn,
            "email": _email,
            "snils": _snils,
            "category": self._category,
        }
        for name in ("position", "employer_name", "phone"):
            parsers[name] = _plain(name)
        for slot in PARENT_SLOTS:
            parsers[f"{slot}_name"] = _parent_name
            parsers[f"{slot}_phone"] = _plain("phone")
            parsers[f"{slot}_email"] = _email
        self.headers = headers
        self.default_category = default_category
        self.categories = _category_lookup()
        parsers["full_name"] = self._split_name
        # Each column with its parser and the parser's results so far: a file
        # repeats its names, dates and classes many times, and parsing them
        # once halves the check (bench/).
        self.columns = [
            (index, name, parsers[name], {}) for index, name in sorted(mapping.items())
        ]
        self.column_of = {name: index for index, name in mapping.items()}
        self.names = [name for _index, name, _parse, _parsed in self.columns]
        self.last_index = max(mapping, default=0)
        self.needed = {name for name, _problem in REQUIRED}
        self.needed_by_pupils = self.needed | {n for n, _p in REQUIRED_FOR_PUPILS}
        self.parent_contacts = any(
            name.endswith(("_phone", "_email")) and name.startswith(PARENT_SLOTS)
            for name in mapping.values()
        )
        # Whether a row with every mapped cell filled has all it needs: then
        # check_many need not ask _check_required about each such row.
        self.full_rows_complete = False
        if "full_name" not in self.column_of and "category" not in self.column_of:
            errors: list[str] = []
            self._check_required(0, dict.fromkeys(self.names, "x"), errors)
            self.full_rows_complete = not errors

    def _category(self, value: Any) -> str:
        code = self.categories.get(_key(_text(value)))
        if code is None:
            labels = ", ".join(str(label) for label in Person.Category.labels)
            raise _Invalid(_("no such category; possible: %(list)s") % {"list": labels})
        return code

    def message(self, number: int, name: str | None, value: Any, problem: str) -> str:
        if name is None:
            return _("Row %(row)s: %(problem)s") % {"row": number, "problem": problem}
        column = column_label(self.headers, self.column_of[name])
        if value is None or value == "":
            return _("Row %(row)s, “%(column)s”: empty — %(problem)s") % {
                "row": number,
                "column": column,
                "problem": problem,
            }
        return _("Row %(row)s, “%(column)s”: “%(value)s” — %(problem)s") % {
            "row": number,
            "column": column,
            "value": display_value(value),
            "problem": problem,
        }

    def check(
        self, number: int, cells: Sequence[Any]
    ) -> tuple[dict[str, Any], list[str]]:
        values: dict[str, Any] = {}
        errors = []
        width = len(cells)
        for index, name, parse, parsed in self.columns:
            value = cells[index] if index < width else None
            kind = value.__class__
            if kind is str:
                if not value.strip():
                    continue
                key = value
            elif value is None:
                continue
            elif value is FORMULA:
                problem = _("a formula: paste the values instead")
                errors.append(self.message(number, name, "=…", problem))
                continue
            elif kind is date or kind is datetime:
                key = value
            else:
                key = (kind, value)  # 1, 1.0 and True: not one cell
            result = parsed.get(key, _UNPARSED)
            if result is _UNPARSED:
                try:
                    result = parsed[key] = parse(value)
                except _Invalid as invalid:
                    errors.append(self.message(number, name, value, str(invalid)))
                    continue
            if name == "full_name":
                values.update(result)
            else:
                values[name] = result
        self._check_required(number, values, errors)
        return values, errors

    def check_many(
        self, rows: list[tuple[int, Sequence[Any]]]
    ) -> Iterator[tuple[int, dict[str, Any], list[str]]]:
        """check() for many rows at once: (number, values, errors) for each.

        Each column's cells are looked up at once among the values parsed
        already; a row with any other cell (new, empty, wrong) goes through
        check(). A third of the dry run of a 50 000-row file (bench/)."""
        cells = [values for _number, values in rows]
        if min(map(len, cells), default=0) <= self.last_index:
            for number, values in rows:
                yield number, *self.check(number, values)
            return
        found = [
            list(map(parsed.get, map(operator.itemgetter(index), cells)))
            for index, _name, _parse, parsed in self.columns
        ]
        names, split = self.names, "full_name" in self.column_of
        for (number, row), results in zip(rows, zip(*found, strict=True), strict=True):
            if None in results:
                yield number, *self.check(number, row)
                continue
            values = dict(zip(names, results, strict=True))
            if split:
                values.update(values.pop("full_name"))
            errors: list[str] = []
            if not self.full_rows_complete:
                self._check_required(number, values, errors)
            yield number, values, errors

    def _split_name(self, value: Any) -> dict[str, str]:
        words = _text(value).split(" ")
        if len(words) < 2:
            raise _Invalid(_("write the last name and the first name"))
        parts = {"last_name": _name(words[0]), "first_name": _name(words[1])}
        if len(words) > 2:  # patronymics may have two words: «Рашид оглы»
            parts["patronymic"] = _name(" ".join(words[2:]))
        return parts

    def _check_required(self, number: int, values: dict[str, Any], errors: list[str]):
        if errors:
            return
        category = values.get("category") or self.default_category
        needed = (
            self.needed_by_pupils if category == Person.Category.PUPIL else self.needed
        )
        if category and needed <= values.keys() and not self.parent_contacts:
            return  # the usual row: nothing missing (the checks below say what)
        for name, problem in REQUIRED:
            if name not in values:
                column = "full_name" if "full_name" in self.column_of else name
                errors.append(self.message(number, column, None, str(problem)))
        for slot in PARENT_SLOTS:
            contact = values.get(f"{slot}_phone") or values.get(f"{slot}_email")
            if contact and f"{slot}_name" not in values:
                problem = _("a parent's phone or e-mail without the parent's name")
                errors.append(self.message(number, f"{slot}_name", None, problem))
        category = values.get("category") or self.default_category
        if not category:
            errors.append(self.message(number, None, None, str(NO_CATEGORY)))
        elif category == Person.Category.PUPIL:
            for name, problem in REQUIRED_FOR_PUPILS:
                if name not in values:
                    column = name if name in self.column_of else None
                    errors.append(self.message(number, column, None, str(problem)))


def check_rows(
    table: Table,
    mapping: dict[int, str],
    organisation: Organisation,
    default_category: str = "",
) -> Check:
    """Give every data row an outcome against the organisation's base.

    Outcomes are [row number, outcome, name, messages]. A person twice in
    the file is an error on the second row. Reads the file to its end.
    """
    result = Check()
    outcomes, valid = result.outcomes, result.valid
    chunks = checked_chunks(table, mapping, organisation, default_category, result)
    for number, outcome, values, messages in itertools.chain.from_iterable(chunks):
        if outcome != "error":
            valid.append(values)
        outcomes.append([number, outcome, _row_name(values), messages])
    return result


def _row_name(values: dict[str, Any]) -> str:
    return " ".join(filter(None, map(values.get, NAME_FIELDS)))


def checked_chunks(
    table: Table,
    mapping: dict[int, str],
    organisation: Organisation,
    default_category: str,
    result: Check,
) -> Iterator[list[tuple[int, str, dict[str, Any], list[str]]]]:
    """check_rows a thousand rows at a time: for each row (row number,
    outcome, values, messages).

    Keeps no row: ``result`` gets the counts, the category and the parents'
    relations as the rows go, and the parents' plan at the end.
    """
    errors = mapping_errors(mapping)
    if errors:
        table.close()
        raise ImportFileError(" ".join(errors))
    default_category = implied_category(mapping, default_category)
    if not default_category and "category" not in mapping.values():
        table.close()
        raise CategoryMissing(
            _(
                "The file does not say who is in it: it has neither a «Категория» "
                "column nor a «Класс» column. Choose the category of the whole file."
            )
        )
    checker = _RowChecker(table.headers, mapping, default_category)
    base = load_base(organisation)
    limit = max_rows()
    result.relations = parent_relations(table.headers, mapping)
    result.category = default_category
    seen: dict[tuple, int] = {}
    with_parents = []
    counts = result.counts
    total = 0
    for rows in _chunks(table.rows, CHECK_CHUNK):
        total += len(rows)
        if total > limit:
            table.close()
            raise ImportFileError(
                _("The file has more than %(n)s rows: split it into several files.")
                % {"n": limit}
            )
        checked = []
        for number, values, messages in checker.check_many(rows):
            if not messages:
                key = person_key(values)
                first = seen.setdefault(key, number)
                if first != number:
                    problem = _("repeats row %(row)s") % {"row": first}
                    messages.append(checker.message(number, None, None, problem))
            if messages:
                outcome = "error"
            else:
                outcome, pk = "new", None
                if key in base:
                    outcome, pk, _changed = classify(values, base, key)
                if "parent1_name" in values or "parent2_name" in values:
                    with_parents.append((number, pk or key, values))
            counts[outcome] += 1
            checked.append((number, outcome, values, messages))
        yield checked
    if not total:
        raise ImportFileError(_("The file has a header but no rows with people."))
    if with_parents:
        plan = plan_guardians(
            with_parents, result.relations, *_load_parents(organisation)
        )
        result.guardians, result.notes = plan.counts, plan.notes


def implied_category(mapping: dict[int, str], category: str = "") -> str:
    """The category of the rows with none: the one chosen, else pupils for a
    class list (a «Класс» column and no «Категория» column)."""
    fields = set(mapping.values())
    if not category and "class_name" in fields and "category" not in fields:
        return Person.Category.PUPIL
    return category


@_gc_paused()
def check_file(
    path: Path, organisation: Organisation, default_category: str = ""
) -> Check:
    """Read a file from disk and check it with the mapping it proposes."""
    with path.open("rb") as file:
        table = read_table(file, path.name, path.stat().st_size)
        return check_rows(
            table, propose_mapping(table.headers), organisation, default_category
        )


# Parents and guardians of the pupils in the file


def parent_relations(headers: list[str], mapping: dict[int, str]) -> dict[str, str]:
    """The relation each parent slot's headers tell: {"parent1": "mother"}."""
    relations: dict[str, str] = {}
    for index, name in sorted(mapping.items()):
        slot = name.partition("_")[0]
        if slot in PARENT_SLOTS and not relations.get(slot):
            relations[slot] = relation_for_header(column_label(headers, index))
    return relations


def _relation_of_name(name: str) -> str:
    """Mother or father from a Russian patronymic, else from the ending of the
    last name (Иванова, Иванов); «other» when neither tells."""
    words = name.casefold().replace("ё", "е").split(" ")
    last, patronymic = words[0], words[-1] if len(words) > 2 else ""
    if patronymic in ("кызы", "гызы") or patronymic.endswith(("вна", "чна")):
        return GuardianLink.Relation.MOTHER
    if patronymic in ("оглы", "улы", "уулу") or patronymic.endswith("ич"):
        return GuardianLink.Relation.FATHER
    if last.endswith(("ова", "ева", "ина", "ына", "ская", "цкая")):
        return GuardianLink.Relation.MOTHER
    if last.endswith(("ов", "ев", "ин", "ын", "ский", "цкий")):
        return GuardianLink.Relation.FATHER
    return GuardianLink.Relation.OTHER


def phone_key(phone: str) -> str:
    """A phone's digits as +7 writes them, so «8 (912) 000-00-00» and
    «+79120000000» are one number; "" when there are too few digits."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    elif len(digits) == 10:
        digits = "7" + digits
    return digits if len(digits) >= 5 else ""


@dataclass(eq=False)
class _Parent:
    """A parent known to the import: in the base (pk) or new from a row."""

    name: str
    phone: str = ""
    email: str = ""
    pk: int | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        self.fold = search_key(self.name)
        self.phone_key = phone_key(self.phone)
        self.email_key = self.email.strip().casefold()

    def where(self) -> str:
        if self.row is None:
            return _("already in the base")
        return _("row %(row)s") % {"row": self.row}


class _ParentIndex:
    """Parents by exact name, by name in any case and е/ё, by phone, by e-mail."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[_Parent]] = {}
        self.by_other: dict[tuple[str, str], list[_Parent]] = {}

    def add(self, parent: _Parent) -> None:
        self.by_name.setdefault(parent.name, []).append(parent)
        for key in self._keys(parent):
            self.by_other.setdefault(key, []).append(parent)

    @staticmethod
    def _keys(parent: _Parent) -> list[tuple[str, str]]:
        keys = [("fold", parent.fold)]
        if parent.phone_key:
            keys.append(("phone", parent.phone_key))
        if parent.email_key:
            keys.append(("email", parent.email_key))
        return keys

    def same(self, parent: _Parent) -> _Parent | None:
        """The known parent with this very name and a phone or e-mail in common."""
        for known in self.by_name.get(parent.name, []):
            if (parent.phone_key and parent.phone_key == known.phone_key) or (
                parent.email_key and parent.email_key == known.email_key
            ):
                return known
        return None

    def add_contacts(self, parent: _Parent) -> None:
        """Index the contacts a known parent has just been given."""
        for key in self._keys(parent)[1:]:
            if parent not in self.by_other.setdefault(key, []):
                self.by_other[key].append(parent)

    def similar(self, parent: _Parent) -> list[_Parent]:
        """Other parents with the same name spelt otherwise, or the same contact."""
        found: dict[int, _Parent] = {}
        for key in self._keys(parent):
            for known in self.by_other.get(key, []):
                if known is not parent:
                    found.setdefault(id(known), known)
        return list(found.values())


@dataclass
class GuardianPlan:
    """What the parent columns do: the new guardians, the new links, the notes."""

    new: list[_Parent] = field(default_factory=list)
    links: list[tuple[Any, _Parent, str]] = field(default_factory=list)
    notes: list[list] = field(default_factory=list)
    # Parents of the base whose empty phone or e-mail the file fills.
    completed: list[_Parent] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"guardians_created": len(self.new), "guardians_linked": len(self.links)}


def _full_name(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _load_parents(
    organisation: Organisation,
) -> tuple[_ParentIndex, dict[int, list[_Parent]]]:
    """The adults of the base who may be a parent, and each child's guardians."""
    index = _ParentIndex()
    known: dict[int, _Parent] = {}
    columns = ("pk", "last_name", "first_name", "patronymic", "phone", "email")
    adults = (
        Person.objects.filter(organisation=organisation)
        .present()
        .exclude(category=Person.Category.PUPIL)
    )
    for pk, last, first, patronymic, phone, email in adults.values_list(*columns):
        known[pk] = _Parent(_full_name(last, first, patronymic), phone, email, pk=pk)
        index.add(known[pk])
    children: dict[int, list[_Parent]] = {}
    links = GuardianLink.objects.filter(child__organisation=organisation).values_list(
        "child_id", *(f"guardian__{c}" for c in columns)
    )
    for child, pk, last, first, patronymic, phone, email in links:
        parent = known.get(pk) or _Parent(
            _full_name(last, first, patronymic), phone, email, pk=pk
        )
        children.setdefault(child, []).append(parent)
    return index, children


def has_parents(values: dict[str, Any]) -> bool:
    return "parent1_name" in values or "parent2_name" in values


def plan_guardians(
    rows: Iterable[tuple[int | None, Any, dict[str, Any]]],
    relations: dict[str, str],
    index: _ParentIndex,
    children: dict[Any, list[_Parent]],
) -> GuardianPlan:
    """Match each row's parents to the known ones, or plan new guardians.

    ``rows`` are (row number, the child's pk or key, values). A parent is one
    already known when the child has a guardian of that very name, or when
    some parent has that very name and a phone or e-mail in common: siblings
    share one record, and a second run adds nothing. A new parent who only
    looks like a known one (the name spelt otherwise, or a phone or e-mail in
    common) is not merged, but noted for the curator; so is a parent with no
    contacts, whose card needs completing. A known parent gets the phone or
    e-mail the file gives where theirs is empty; one they have already is
    never replaced by another, but noted for the curator.
    """
    plan = GuardianPlan()
    for number, child, values in rows:
        own = {parent.name: parent for parent in children.get(child, [])}
        linked = {id(parent) for parent in own.values()}
        created = []
        for slot in PARENT_SLOTS:
            name = values.get(f"{slot}_name")
            if not name:
                continue
            parent = _Parent(
                name,
                values.get(f"{slot}_phone", ""),
                values.get(f"{slot}_email", ""),
                row=number,
            )
            match = own.get(name) or index.same(parent)
            if match is None:
                index.add(parent)
                plan.new.append(parent)
                created.append(parent)
                match = parent
            else:
                plan.notes.extend(_complete(number, match, parent, index, plan))
            if id(match) not in linked:
                linked.add(id(match))
                relation = relations.get(slot) or _relation_of_name(name)
                plan.links.append((child, match, relation))
            own[name] = match
        for parent in created:
            plan.notes.extend(_parent_notes(number, parent, index, linked))
    return plan


def _parent_notes(
    number: int | None, parent: _Parent, index: _ParentIndex, linked: set[int]
) -> list[list]:
    notes = []
    if not parent.phone and not parent.email:
        problem = _(
            "the parent «%(name)s» has no phone or e-mail: complete the parent's "
            "card after the import"
        ) % {"name": parent.name}
        notes.append([number, _row_note(number, problem)])
    # The other parent of the same child may well share a phone.
    others = [p for p in index.similar(parent) if id(p) not in linked]
    if others:
        problem = _(
            "the parent «%(name)s» looks like «%(other)s» (%(where)s) but is not "
            "merged with them: check whether it is one person"
        ) % {"name": parent.name, "other": others[0].name, "where": others[0].where()}
        notes.append([number, _row_note(number, problem)])
    return notes


def _complete(
    number: int | None,
    known: _Parent,
    given: _Parent,
    index: _ParentIndex,
    plan: GuardianPlan,
) -> list[list]:
    """Give ``known`` the phone and e-mail of ``given`` (the same parent in
    a row) where ``known`` has none; return the notes on the contacts that
    differ, which stay as they are."""
    notes = []
    filled = False
    if given.phone_key and not known.phone:
        known.phone, known.phone_key = given.phone, given.phone_key
        filled = True
    elif given.phone_key and known.phone_key != given.phone_key:
        problem = _(
            "the parent «%(name)s» (%(where)s) has another phone than the file "
            "gives: the phone is not changed, check which one is right"
        ) % {"name": known.name, "where": known.where()}
        notes.append([number, _row_note(number, problem)])
    if given.email_key and not known.email:
        known.email, known.email_key = given.email, given.email_key
        filled = True
    elif given.email_key and known.email_key != given.email_key:
        problem = _(
            "the parent «%(name)s» (%(where)s) has another e-mail than the file "
            "gives: the e-mail is not changed, check which one is right"
        ) % {"name": known.name, "where": known.where()}
        notes.append([number, _row_note(number, problem)])
    if filled:
        index.add_contacts(known)
        if known.pk is not None and known not in plan.completed:
            plan.completed.append(known)
    return notes


def _row_note(number: int | None, problem: str) -> str:
    return _("Row %(row)s: %(problem)s") % {"row": number, "problem": problem}


def write_guardians(
    organisation: Organisation, rows: list[dict[str, Any]], relations: dict[str, str]
) -> dict[str, int]:
    """Create the guardians of the rows and link them to the pupils, who are
    in the base already; return the counts. Call inside a transaction."""
    with_parents = [values for values in rows if has_parents(values)]
    if not with_parents:
        return GuardianPlan().counts
    base = load_base(organisation)
    index, children = _load_parents(organisation)
    plan = plan_guardians(
        ((None, base[person_key(values)][0], values) for values in with_parents),
        relations,
        index,
        children,
    )
    people = []
    for parent in plan.new:
        last, first, *rest = parent.name.split(" ")
        people.append(
            Person(
                organisation=organisation,
                category=Person.Category.PARENT,
                last_name=last,
                first_name=first,
                patronymic=" ".join(rest),
                phone=parent.phone,
                email=parent.email,
            )
        )
    for parent, person in zip(
        plan.new, Person.objects.bulk_create(people), strict=True
    ):
        parent.pk = person.pk
    for parent in plan.completed:
        Person.objects.filter(pk=parent.pk).update(
            phone=parent.phone, email=parent.email, updated=timezone.now()
        )
    GuardianLink.objects.bulk_create(
        GuardianLink(child_id=child, guardian_id=parent.pk, relation=relation)
        for child, parent, relation in plan.links
    )
    return plan.counts


# Writing


# The Person fields of a row, and the fields of a stored row, in order (see
# _store_rows).
PERSON_FIELDS = (*KEY_FIELDS, *UPDATABLE_FIELDS)
ROW_FIELDS = (*PERSON_FIELDS, *PARENT_FIELDS)


def _load_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    """The values of the stored rows, as check_rows made them."""
    fields = batch.report["fields"]
    stored = batch.checked_rows.order_by("pk").values_list(*fields)
    return [
        {name: v for name, v in zip(fields, row, strict=True) if v is not None}
        for row in stored.iterator(chunk_size=INSERT_CHUNK)
    ]


def batch_outcomes(batch: ImportBatch) -> list[list]:
    """Every row's [row number, outcome, name, messages] after the dry run,
    errors first; the messages of a valid row are its notes about parents."""
    fields = batch.report.get("fields", [])
    names = [fields.index(name) + 2 for name in NAME_FIELDS if name in fields]
    notes: dict[int, list[str]] = {}
    for number, message in batch.report.get("notes", []):
        notes.setdefault(number, []).append(message)
    valid = [
        [
            row[0],
            row[1],
            " ".join(row[i] for i in names if row[i]),
            notes.get(row[0], []),
        ]
        for row in batch.rows
    ]
    return [*batch.report.get("errors", []), *valid]


INSERT_CHUNK = 5000


# What Person.make_search_text reads: the import writes without save().
SEARCHED_FIELDS = Person.SEARCHED_FIELDS


def _search_text(values: dict[str, Any]) -> str:
    return search_key(*(values.get(name, "") for name in SEARCHED_FIELDS))


def _insert_people(
    organisation: Organisation,
    fields: list[str],
    rows: Iterable[Sequence[Any]],
    default_category: str,
) -> int:
    """INSERT new people with executemany; return how many.

    Each row holds the values of ``fields`` (None: not in the file). Like
    bulk_create, but without a model instance and a prepared value per cell:
    those were most of a 50 000-row import (bench/). The values are already
    validated. Every concrete field is written: the row's values (or their
    defaults), the category of the file when the row has none, the derived
    search_text (Person.make_search_text), a new code, and for the rest one
    value: the organisation, the time for auto_now fields, else the default.
    """
    connection = connections[router.db_for_write(Person)]
    by_name = {f.name: f for f in Person._meta.concrete_fields}
    fields = [*fields, *(["category"] if "category" not in fields else [])]
    own = [by_name[name] for name in fields]
    code, search = by_name["code"], by_name["search_text"]
    now = timezone.now()
    fixed = []
    for f in Person._meta.concrete_fields:
        if f.primary_key or f in own or f in (code, search):
            continue
        if f.name == "organisation":
            fixed.append((f, organisation.pk))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fixed.append((f, f.get_db_prep_save(now, connection)))
        else:
            fixed.append((f, f.get_db_prep_save(f.get_default(), connection)))
    columns = [*own, search, code, *(f for f, _value in fixed)]
    row_sql = "({})".format(", ".join(["%s"] * len(columns)))
    empty = [f.get_default() for f in own]
    empty[fields.index("category")] = default_category
    date_columns = [
        i for i, f in enumerate(own) if f.get_internal_type() == "DateField"
    ]
    searched = [fields.index(n) for n in SEARCHED_FIELDS if n in fields]
    tail = tuple(value for _f, value in fixed)
    # Dates, names and classes repeat: each is adapted or folded once.
    adapted: dict[Any, Any] = {}
    folded: dict[Any, str] = {}

    def params(chunk: list[Sequence[Any]]) -> list[tuple]:
        """The rows' parameters, made column by column: map() and zip() do
        the work of a loop over the rows (half the commit, bench/)."""
        count = len(chunk)
        columns: list[Any] = list(zip(*chunk, strict=True))[: len(own)]
        columns += [[e] * count for e in empty[len(columns) :]]
        for i, (column, e) in enumerate(zip(columns, empty, strict=True)):
            if None in column:
                columns[i] = [e if v is None else v for v in column]
        for i in date_columns:
            for value in set(columns[i]) - adapted.keys():
                day = date.fromisoformat(value) if value.__class__ is str else value
                adapted[value] = connection.ops.adapt_datefield_value(day)
            columns[i] = list(map(adapted.__getitem__, columns[i]))
        texts = _search_texts([columns[i] for i in searched], count, folded)
        codes = _new_codes(count, connection, code)
        fixed_columns = [itertools.repeat(value, count) for value in tail]
        return list(zip(*columns, texts, codes, *fixed_columns, strict=True))

    count = 0
    for chunk in _chunks(rows, INSERT_CHUNK):
        _insert(connection, Person, columns, row_sql, params(chunk))
        count += len(chunk)
    return count


def _insert(
    connection: Any, model: Any, columns: list[Any], row_sql: str, rows: list[tuple]
) -> None:
    """INSERT ``rows`` into the table of ``model``: ``row_sql`` is one row's
    VALUES, «(%s, …)». As many rows go in one statement as the database
    takes parameters: half the time of executemany on SQLite (bench/)."""
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in columns)
    )
    width = max(row_sql.count("%s"), 1)
    per = min((connection.features.max_query_params or 2**16 - 1) // width, 1000)
    flat = itertools.chain.from_iterable
    whole = len(rows) - len(rows) % per
    with connection.cursor() as cursor:
        if whole:
            # executemany: the long statement is prepared once for all groups.
            groups = (list(flat(rows[i : i + per])) for i in range(0, whole, per))
            cursor.executemany(head + ", ".join([row_sql] * per), groups)
        if rows[whole:]:
            rest = ", ".join([row_sql] * len(rows[whole:]))
            cursor.execute(head + rest, list(flat(rows[whole:])))


def _search_texts(
    columns: list[Sequence[Any]], count: int, folded: dict[Any, str]
) -> Iterator[str]:
    """Person.make_search_text of ``count`` rows from the columns of their
    SEARCHED_FIELDS (None for an empty cell); ``folded`` keeps each value's
    search_key, since names and classes repeat."""
    parts = []
    for column in columns:
        for value in set(column) - folded.keys():
            # search_key of each part: the search text is made of them.
            folded[value] = search_key(value or "")
        parts.append(map(folded.__getitem__, column))
    # search_key of the folded parts: joined, then the spaces of the empty
    # ones taken out.
    joined = map(" ".join, zip(*parts, strict=True)) if parts else [""] * count
    return map(" ".join, map(str.split, joined))


# A random UUID's version (4, in byte 6) and variant (RFC 4122: 10xx, in byte
# 8), set on a byte by bytes.translate.
_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))
_VARIANT_RFC = bytes((b & 0x3F) | 0x80 for b in range(256))


def _new_codes(count: int, connection: Any, field: Any) -> list[Any]:
    """``count`` new random codes as the database stores them: uuid4() made
    from one call to os.urandom, as 32 hex digits where the database has no
    UUID type (uuid.uuid4 per row was a tenth of the commit, bench/)."""
    if connection.features.has_native_uuid_field:
        return [field.get_db_prep_save(uuid.uuid4(), connection) for _i in range(count)]
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_VARIANT_RFC)
    digits = raw.hex()
    return [digits[i : i + 32] for i in range(0, 32 * count, 32)]


# The checked rows between the dry run and the commit (ImportRow)


def _row_fields(mapping: dict[int, str]) -> list[str]:
    """The fields of ROW_FIELDS the rows of a file mapped so may have."""
    mapped = set(mapping.values())
    if "full_name" in mapped:
        mapped.update(NAME_FIELDS)
    return [name for name in ROW_FIELDS if name in mapped]


def _store_rows(
    batch: ImportBatch,
    fields: list[str],
    rows: list[tuple[int, str, dict[str, Any], list[str]]],
    adapted: dict[Any, Any],
    folded: dict[Any, str],
) -> None:
    """INSERT the valid rows of ``batch`` (row number, outcome, values, messages)
    as ImportRow.

    Each person's code and search text are made here, for _copy_rows; the
    columns of ``fields`` hold None where the row has no value. Made column
    by column, like _insert_people; ``adapted`` and ``folded`` keep the
    dates adapted and the names folded so far.
    """
    connection = connections[router.db_for_write(ImportRow)]
    by_name = {f.name: f for f in ImportRow._meta.concrete_fields}
    own = [by_name[name] for name in ("number", "outcome", *fields)]
    code, search = by_name["code"], by_name["search_text"]
    # The batch is one integer for all rows: written, not bound, in each.
    row_sql = "({}, {})".format(int(batch.pk), ", ".join(["%s"] * (len(own) + 2)))
    count = len(rows)
    columns: list[Any] = [
        list(map(operator.itemgetter(0), rows)),
        list(map(operator.itemgetter(1), rows)),
    ]
    values = list(map(operator.itemgetter(2), rows))
    columns += [
        list(map(operator.methodcaller("get", name), values)) for name in fields
    ]
    if "birth_date" in fields:
        i = 2 + fields.index("birth_date")
        for day in set(columns[i]) - adapted.keys():
            adapted[day] = connection.ops.adapt_datefield_value(day)
        columns[i] = list(map(adapted.__getitem__, columns[i]))
    searched = [columns[2 + fields.index(n)] for n in SEARCHED_FIELDS if n in fields]
    texts = _search_texts(searched, count, folded)
    codes = _new_codes(count, connection, code)
    stored = list(zip(*columns, texts, codes, strict=True))
    written = [by_name["batch"], *own, search, code]
    _insert(connection, ImportRow, written, row_sql, stored)


def _copy_rows(batch: ImportBatch, default_category: str) -> int:
    """Create a person of each stored row of ``batch`` with one INSERT … SELECT;
    return how many.

    Every concrete field of Person is written as _insert_people writes it:
    the row's value or the field's default, the category of the file where
    the row has none, the code and search text made by the dry run, the
    organisation, and the time for the auto_now fields.
    """
    connection = connections[router.db_for_write(Person)]
    quote = connection.ops.quote_name
    now = timezone.now()
    columns, selected, params = [], [], []
    for f in Person._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.name == "organisation":
            value = batch.organisation_id
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = f.get_db_prep_save(now, connection)
        elif f.name == "category":
            value = default_category
        else:
            value = f.get_db_prep_save(f.get_default(), connection)
        if f.name in ("code", "search_text"):
            selected.append(quote(f.column))
        elif f.name in PERSON_FIELDS and value is not None:
            selected.append(f"COALESCE({quote(f.column)}, %s)")
            params.append(value)
        elif f.name in PERSON_FIELDS:
            selected.append(quote(f.column))
        elif value is not None:
            selected.append("%s")
            params.append(value)
        else:
            continue  # NULL
        columns.append(quote(f.column))
    sql = "INSERT INTO {} ({}) SELECT {} FROM {} WHERE {} = %s ORDER BY {}".format(
        quote(Person._meta.db_table),
        ", ".join(columns),
        ", ".join(selected),
        quote(ImportRow._meta.db_table),
        quote(ImportRow._meta.get_field("batch").column),
        quote(ImportRow._meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, batch.pk])
        return cursor.rowcount


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def write_rows(
    organisation: Organisation,
    rows: list[dict[str, Any]],
    default_category: str,
    relations: dict[str, str] | None = None,
) -> dict[str, int]:
    """Create the new people and update the changed ones, in bulk; then
    their parents (see write_guardians).

    The rows are classified again against the base as it is now, so a
    checked file that waited while someone else imported does not create
    the same person twice. Call inside a transaction.
    """
    base = load_base(organisation)
    now = timezone.now()
    to_create, to_update = [], []
    created: set[tuple] = set()
    changed_fields: set[str] = set()
    duplicates = 0
    for values in rows:
        key = person_key(values)
        outcome, pk, changed = classify(values, base, key)
        if outcome == "new":
            if key in created:  # check_rows refuses repeats; stay safe anyway
                duplicates += 1
                continue
            created.add(key)
            to_create.append(values)
        elif outcome == "update":
            changed_fields.update(changed)
            existing = base[key][1]
            existing.update(changed)
            existing["search_text"] = _search_text(existing)
            to_update.append((pk, existing))
        else:
            duplicates += 1
    fields = list(PERSON_FIELDS)
    rows_of_values = ([values.get(name) for name in fields] for values in to_create)
    _insert_people(organisation, fields, rows_of_values, default_category)
    if to_update:
        fields = [*sorted(changed_fields), "search_text"]
        people = [
            Person(pk=pk, updated=now, **{f: existing[f] for f in fields})
            for pk, existing in to_update
        ]
        Person.objects.bulk_update(people, [*fields, "updated"], batch_size=500)
    return {
        "created": len(to_create),
        "updated": len(to_update),
        "duplicates": duplicates,
        **write_guardians(organisation, rows, relations or {}),
    }


def _log(batch: ImportBatch, user: User | None, counts: dict[str, int]) -> None:
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    audit_log(
        user=user,
        organisation=batch.organisation,
        action=AuditEvent.Action.IMPORT,
        object_type="import",
        object_code=batch.code,
        summary=summary,
    )


@_gc_paused()
@transaction.atomic
def import_rows(
    *,
    organisation: Organisation,
    user: User | None,
    check: Check,
    original_name: str,
    default_category: str = "",
    valid_only: bool = False,
) -> ImportBatch:
    """Write a checked file at once, with no stored file: the command's import.

    The batch is recorded as imported, with the counts only.
    """
    errors = check.counts["error"]
    if errors and not valid_only:
        raise ValueError("the file has errors; pass valid_only to skip them")
    default_category = check.category or default_category
    counts = write_rows(organisation, check.valid, default_category, check.relations)
    counts["errors"] = errors
    batch = ImportBatch.objects.create(
        organisation=organisation,
        created_by=user,
        original_name=original_name[:255],
        category=default_category,
        status=ImportBatch.Status.COMMITTED,
        valid_only=valid_only,
        committed_at=timezone.now(),
        report={
            "counts": counts,
            "skipped_rows": _error_rows(check.outcomes),
            "notes": check.notes,
        },
    )
    _log(batch, user, counts)
    return batch


def _error_rows(outcomes: list[list]) -> list[int]:
    return [o[0] for o in outcomes if o[1] == "error"]


# The web import, step by step


def _upload_name(name: str) -> str:
    # The stored name must not carry the original one: it may name a person.
    suffix = ".xlsx" if not name.lower().endswith((".csv", ".txt", ".tsv")) else ".csv"
    return f"{uuid.uuid4().hex}{suffix}"


def import_upload(
    *,
    organisation: Organisation,
    user: User | None,
    file: File,
    category: str = "",
) -> ImportBatch:
    """Keep an uploaded file for the import, with the proposed mapping.

    Reads the header and the first rows only; refuses (ImportFileError) a
    file that is not a spreadsheet, is empty or too large, or has no names.
    """
    table = read_table(file, file.name or "", file.size)
    preview = read_preview(table)
    if not preview:
        raise ImportFileError(_("The file has a header but no rows with people."))
    file.seek(0)
    batch = ImportBatch(
        organisation=organisation,
        created_by=user,
        original_name=(file.name or "")[:255],
        category=category,
        mapping={str(i): f for i, f in propose_mapping(table.headers).items()},
        report={"headers": table.headers, "preview": preview},
    )
    batch.file.save(_upload_name(batch.original_name), file, save=False)
    batch.full_clean(exclude=["created_by"])  # None for the command
    batch.save()
    return batch


def batch_mapping(batch: ImportBatch) -> dict[int, str]:
    return {int(index): name for index, name in batch.mapping.items()}


@_gc_paused()
@transaction.atomic
def import_check(
    *, batch: ImportBatch, mapping: dict[int, str], category: str | None = None
) -> ImportBatch:
    """The dry run: read the whole file once, store the rows and the outcomes.

    The valid rows go to ImportRow a few thousand at a time, so memory does
    not grow with the file; the errors go to the report. Raises
    ImportFileError for a bad mapping or a file that breaks midway, and
    then keeps the rows of the previous dry run, if any.
    """
    if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKED):
        raise ValueError("only an uploaded or checked import can be checked")
    errors = mapping_errors(mapping)
    if errors:
        raise ImportFileError(" ".join(errors))
    if category is not None:
        batch.category = category
    batch.checked_rows.all().delete()
    check = Check()
    fields = _row_fields(mapping)
    present: set[str] = set()
    adapted: dict[Any, Any] = {}
    folded: dict[Any, str] = {}
    with batch.file.open("rb") as file:
        table = read_table(file, batch.file.name, batch.file.size)
        chunks = checked_chunks(
            table, mapping, batch.organisation, batch.category, check
        )
        for chunk in chunks:
            valid = [row for row in chunk if row[1] != "error"]
            if len(valid) < len(chunk):
                check.outcomes += [
                    [number, outcome, _row_name(values), messages]
                    for number, outcome, values, messages in chunk
                    if outcome == "error"
                ]
            if valid:
                present.update(*map(operator.itemgetter(2), valid))
                _store_rows(batch, fields, valid, adapted, folded)
    batch.mapping = {str(i): f for i, f in mapping.items()}
    batch.report = {
        "headers": batch.report.get("headers", table.headers),
        "preview": batch.report.get("preview", []),
        "counts": check.counts,
        "fields": [name for name in fields if name in present],
        "errors": check.outcomes,
        "guardians": check.guardians,
        "relations": check.relations,
        "notes": check.notes,
    }
    batch.status = ImportBatch.Status.CHECKED
    batch.save(update_fields=["mapping", "report", "status", "category"])
    return batch


class AlreadyDone(Exception):
    """The import was committed or cancelled already."""


@_gc_paused()
@transaction.atomic
def import_commit(
    *, batch: ImportBatch, user: User | None, valid_only: bool = False
) -> dict[str, int]:
    """Write a checked import, all or nothing; return the counts.

    With errors in the file nothing is written (ValueError) unless
    ``valid_only``. Afterwards the rows and the file are gone: the people
    are in the base now, and personal data is not kept twice.
    """
    counts = batch.report.get("counts", {})
    if counts.get("error") and not valid_only:
        raise ValueError("the file has errors; pass valid_only to skip them")
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportBatch.Status.CHECKED
    ).update(status=ImportBatch.Status.COMMITTED)
    if not claimed:
        raise AlreadyDone
    result = _write_batch(batch)
    result["errors"] = counts.get("error", 0)
    skipped = _error_rows(batch.report.get("errors", []))
    batch.status = ImportBatch.Status.COMMITTED
    batch.committed_at = timezone.now()
    batch.valid_only = valid_only
    notes = batch.report.get("notes", [])
    batch.report = {"counts": result, "skipped_rows": skipped, "notes": notes}
    _forget_file(batch)
    batch.save()
    _log(batch, user, result)
    return result


def _write_batch(batch: ImportBatch) -> dict[str, int]:
    """Write the stored rows of ``batch``, then delete them."""
    relations = batch.report.get("relations", {})
    category = implied_category(batch_mapping(batch), batch.category)
    people = Person.objects.filter(organisation=batch.organisation).present()
    fields = batch.report["fields"]
    if people.exists() or any(name in PARENT_FIELDS for name in fields):
        rows = _load_rows(batch)
        counts = write_rows(batch.organisation, rows, category, relations)
    else:
        # A first import into an empty base: every row is new (check_rows
        # refused repeats), and the stored rows go straight in.
        created = _copy_rows(batch, category)
        counts = {"created": created, "updated": 0, "duplicates": 0}
        counts.update(GuardianPlan().counts)
    batch.checked_rows.all().delete()
    return counts


def _forget_file(batch: ImportBatch) -> None:
    if batch.file:
        storage, name = batch.file.storage, batch.file.name
        # Only once the transaction holds: a rolled back import keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
        batch.file = ""


@transaction.atomic
def import_cancel(*, batch: ImportBatch) -> ImportBatch:
    """Drop an import that was not committed: its file, rows and preview."""
    claimed = ImportBatch.objects.filter(
        pk=batch.pk,
        status__in=[ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKED],
    ).update(status=ImportBatch.Status.CANCELLED)
    if not claimed:
        raise AlreadyDone
    batch.status = ImportBatch.Status.CANCELLED
    batch.checked_rows.all().delete()
    batch.report = {}
    _forget_file(batch)
    batch.save()
    return batch
