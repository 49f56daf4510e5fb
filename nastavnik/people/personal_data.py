"""A person's data under 152-ФЗ: everything the system holds about them as one
file for the subject's request (ст. 14), and what anonymising them keeps.

The people app knows nothing of the apps above it (programmes, surveys, pairs,
monitoring). Each of them registers a ``Part`` here from its AppConfig.ready:
the sheets it adds to the export, how it removes the free text it holds about
a person, and the days on which the aggregates take a person's age.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.accounts.services import audit_log
from nastavnik.lib import downloads, spreadsheets
from nastavnik.people.models import (
    Consent,
    GuardianLink,
    MenteeProfile,
    MentorProfile,
    Person,
    SensitiveInfo,
)

# What an anonymised free-text answer or comment reads afterwards: the row
# stays, so that every count of answers stays too.
REMOVED = gettext_lazy("[removed]")


class Reason(models.TextChoices):
    """Why a person was anonymised: written to the audit log, without values."""

    REVOKED = "revoked", gettext_lazy("consent to processing revoked")
    REQUEST = "request", gettext_lazy("the person asked to delete their data")
    RETENTION = "retention", gettext_lazy("retention period after the programme")


@dataclass
class Section:
    """One sheet of the export: a title, column headers and rows of values."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass(frozen=True)
class Part:
    """What an app above people adds to a person's data.

    ``sections(person)`` returns the sheets of the export; ``anonymise(person)``
    removes the free text the app holds about the person and keeps every row
    that an aggregate counts; ``age_days(person)`` are the days on which the
    app's aggregates take the person's age.
    """

    name: str
    sections: Callable[[Person], list[Section]] | None = None
    anonymise: Callable[[Person], None] | None = None
    age_days: Callable[[Person], Iterable[date]] | None = None


_PARTS: dict[str, Part] = {}


def register(part: Part) -> None:
    """Add (or replace, by name) an app's part; called from AppConfig.ready."""
    _PARTS[part.name] = part


def parts() -> list[Part]:
    return list(_PARTS.values())


def coarse_birth_date(birth: date, age_days: Iterable[date]) -> date:
    """The earliest date of the birth year that gives the same full age on
    every one of ``age_days`` as ``birth`` does.

    Age on a day depends only on the year of birth and on whether the
    birthday falls after that day's month and day (``lib.dates.age_on``), so
    the aggregates stay the same while the exact day is gone.
    """
    cuts = sorted({(day.month, day.day) for day in age_days})
    below = [cut for cut in cuts if cut < (birth.month, birth.day)]
    if not below:
        return date(birth.year, 1, 1)
    month, day = below[-1]
    try:
        last = date(birth.year, month, day)
    except ValueError:  # 29 February in a common year: the day after is 1 March
        last = date(birth.year, 2, 28)
    return last + timedelta(days=1)


def _text(value) -> str | int | float | date | None:
    """A value as a sheet shows it: dates as dd.mm.yyyy, yes/no in words."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return str(value)


def _fields(obj: models.Model, names: Iterable[str]) -> list[list]:
    """Rows of (field's name, value) of ``obj``, choices by their labels."""
    rows = []
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.choices:
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
        rows.append([capfirst(str(model_field.verbose_name)), _text(value)])
    return rows


PERSON_FIELDS = [
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "category",
    "class_name",
    "position",
    "experience_years",
    "employer_name",
    "employer_inn",
    "email",
    "phone",
    "snils",
    "created",
    "anonymised_at",
]
SENSITIVE_FIELDS = ["disability", "on_register", "difficult_situation", "behaviour"]
MENTOR_FIELDS = [
    "status",
    "source",
    "competences",
    "capacity",
    "availability",
    "format",
    "motivation",
    "interview_date",
    "interview_notes",
    "interviewed_with_psychologist",
    "training_done",
    "training_date",
    "long_term",
    "former_mentee",
    "created",
]
MENTEE_FIELDS = [
    "status",
    "category",
    "request",
    "stated_by",
    "baseline",
    "support_while_waiting",
    "created",
]
CONSENT_FIELDS = [
    "kind",
    "status",
    "basis",
    "signer_name",
    "purpose",
    "data_items",
    "transfer_municipal",
    "transfer_regional",
    "valid_from",
    "valid_until",
    "channel",
    "created",
    "signed_at",
    "revoked_at",
    "declined_at",
]


def _card(person: Person) -> Section:
    """The card, the special categories among it: it is the subject's own data."""
    section = Section(_("Card"), [_("Field"), _("Value")])
    section.rows.append([_("Organisation"), person.organisation.name])
    section.rows += _fields(person, PERSON_FIELDS)
    sensitive = SensitiveInfo.objects.filter(person=person).first()
    if sensitive is not None:
        section.rows += _fields(sensitive, [*SENSITIVE_FIELDS, "note"])
    return section


def _profiles(person: Person) -> list[Section]:
    sections = []
    mentor = MentorProfile.objects.filter(person=person).first()
    if mentor is not None:
        section = Section(_("Mentor base"), [_("Field"), _("Value")])
        section.rows = _fields(mentor, MENTOR_FIELDS)
        section.rows.append([_("Topics"), mentor.topic_names()])
        forms = ", ".join(mentor.forms_ready_labels())
        section.rows.append([_("Forms ready for"), forms])
        sections.append(section)
    mentee = MenteeProfile.objects.filter(person=person).first()
    if mentee is not None:
        section = Section(_("Mentee base"), [_("Field"), _("Value")])
        section.rows = _fields(mentee, MENTEE_FIELDS)
        section.rows.append([_("Topics"), mentee.topic_names()])
        sections.append(section)
    return sections


def _family(person: Person) -> Section:
    section = Section(
        _("Parents and children"),
        [_("Full name"), _("Who they are to the person"), _("Legal representative")],
    )
    links = GuardianLink.objects.filter(
        models.Q(child=person) | models.Q(guardian=person)
    ).select_related("child", "guardian")
    for link in links.order_by("pk"):
        if link.child_id == person.pk:
            who = link.get_relation_display()
            section.rows.append(
                [link.guardian.full_name, who, _text(link.is_legal_representative)]
            )
        else:
            section.rows.append([link.child.full_name, _("child"), ""])
    return section


def _consents(person: Person) -> Section:
    """A column per consent, oldest first: a consent has too many fields to
    print as a row."""
    consents = list(Consent.objects.filter(person=person).order_by("created", "pk"))
    headers = [_("Field")] + [str(n) for n in range(1, len(consents) + 1)]
    section = Section(_("Consents"), headers)
    columns = [_fields(consent, CONSENT_FIELDS) for consent in consents]
    for i, name in enumerate(CONSENT_FIELDS):
        label = capfirst(str(Consent._meta.get_field(name).verbose_name))
        section.rows.append([label, *(column[i][1] for column in columns)])
    return section


def _audit(person: Person) -> Section:
    """Who read, changed and exported the card, consent events among them."""
    section = Section(_("Audit log"), [_("Time"), _("Who"), _("Action"), _("What")])
    events = AuditEvent.objects.filter(object_code=person.code).select_related("user")
    for event in events.order_by("created", "pk"):
        who = event.user.get_full_name() or event.user.username if event.user else ""
        section.rows.append(
            [
                _text(event.created),
                who or _("by personal link"),
                event.get_action_display(),
                event.summary,
            ]
        )
    return section


def sections_of(person: Person) -> list[Section]:
    """Every sheet of the export: the people app's own, then each part's."""
    sections = [_card(person), *_profiles(person), _family(person), _consents(person)]
    for part in parts():
        if part.sections is not None:
            sections += part.sections(person)
    sections.append(_audit(person))
    return sections


def _sheet_title(title: str, used: set[str]) -> str:
    # Excel allows 31 characters and no []:*?/\ in a sheet's name
    title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "—"
    base, n = title, 2
    while title in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title)
    return title


def export_xlsx(person: Person) -> bytes:
    """The person's data as an XLSX workbook, a sheet per section, each with
    the person's name and the day on top and set up to print on A4."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    today = timezone.localdate().strftime("%d.%m.%Y")
    for section in sections_of(person):
        ws = wb.create_sheet(_sheet_title(section.title, used))
        heading = f"{section.title}: {person.full_name}, {today}"
        spreadsheets.put(ws, 1, 1, heading, bold=True)
        if len(section.headers) > 1:
            ws.merge_cells(
                start_row=1, start_column=1, end_row=1, end_column=len(section.headers)
            )
        for column, header in enumerate(section.headers, start=1):
            spreadsheets.put(ws, 2, column, header, bold=True)
        for row, values in enumerate(section.rows, start=3):
            for column, value in enumerate(values, start=1):
                spreadsheets.put(ws, row, column, value)
        if not section.rows:
            spreadsheets.put(ws, 3, 1, _("Nothing recorded."))
        spreadsheets.set_up_page(ws, header_rows=(2, 2))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def person_export(*, person: Person, user: User | None) -> tuple[str, bytes]:
    """Everything held about the person as (file name, XLSX), for a subject's
    request under 152-ФЗ ст. 14. The export is written to the audit log."""
    content = export_xlsx(person)
    audit_log(
        user=user,
        organisation=person.organisation,
        action=AuditEvent.Action.EXPORT,
        object_type="person",
        object_code=person.code,
        summary=_("personal data exported at the person's request"),
    )
    name = downloads.file_name(
        _("Personal data"),
        person.short_name,
        person.organisation.short_name,
        day=timezone.localdate(),
        extension="xlsx",
    )
    return name, content
