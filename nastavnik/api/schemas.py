"""What the API reads and writes. A person is never given with their special
categories (health, «на учёте», difficult life situation), contacts, SNILS
or birth date: the API lists people, their cards stay on the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Meeting, Pairing
from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.programmes.models import Programme


def _one_of(choices) -> object:
    """The values of a TextChoices as a Literal: an enum in the OpenAPI
    document without a schema name of its own (several are called Status)."""
    return Literal[tuple(choices.values)]


OrganisationType = _one_of(Organisation.Type)
PersonCategory = _one_of(Person.Category)
ProgrammeStatus = _one_of(Programme.Status)
PairStatus = _one_of(Pairing.Status)
MeetingKind = _one_of(Meeting.Kind)
MeetingStatus = _one_of(Meeting.Status)
MentorStatus = _one_of(MentorProfile.Status)
MenteeStatus = _one_of(MenteeProfile.Status)
# a person's base: the mentor base or the mentee base
PersonRole = Literal["mentor", "mentee"]


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


class OrganisationOut(Schema):
    code: uuid.UUID
    type: OrganisationType
    name: str
    short_name: str
    inn: str
    municipality: str
    region: str

    @staticmethod
    def resolve_municipality(obj: Organisation) -> str:
        return obj.municipality.name

    @staticmethod
    def resolve_region(obj: Organisation) -> str:
        return obj.municipality.region.name


class ProgrammeOut(Schema):
    code: uuid.UUID
    title: str
    school_year: int = Field(description="The year the school year starts in.")
    status: ProgrammeStatus
    order_number: str
    order_date: dt.date | None
    forms: list[str]

    @staticmethod
    def resolve_forms(obj: Programme) -> list[str]:
        return [form.name for form in obj.forms.all()]


class PersonOut(Schema):
    code: uuid.UUID
    last_name: str
    first_name: str
    patronymic: str
    category: PersonCategory
    class_name: str
    position: str
    mentor_status: MentorStatus | None = Field(
        description="In the mentor base: the profile's status."
    )
    mentee_status: MenteeStatus | None = Field(
        description="In the mentee base: the profile's status."
    )


class MemberOut(Schema):
    code: uuid.UUID
    full_name: str


class PairOut(Schema):
    code: uuid.UUID
    programme: uuid.UUID
    form: str
    variant: str
    status: PairStatus
    period_start: dt.date
    period_end: dt.date
    closed_on: dt.date | None
    mentors: list[MemberOut]
    mentees: list[MemberOut]

    @staticmethod
    def resolve_programme(obj: Pairing) -> uuid.UUID:
        return obj.programme.code

    @staticmethod
    def resolve_form(obj: Pairing) -> str:
        return obj.form.name

    @staticmethod
    def resolve_mentors(obj: Pairing) -> list[Person]:
        return obj.mentors()

    @staticmethod
    def resolve_mentees(obj: Pairing) -> list[Person]:
        return obj.mentees()


class MeetingOut(Schema):
    code: uuid.UUID
    pair: uuid.UUID
    kind: MeetingKind
    status: MeetingStatus
    starts_at: dt.datetime
    duration_minutes: int
    place: str
    online: bool
    topic: str
    outcome: str
    group_event: uuid.UUID | None = Field(
        description="The meetings of one group meeting of many pairs share it."
    )
    mentor_confirmed_at: dt.datetime | None
    mentee_confirmed_at: dt.datetime | None
    paper_confirmed_on: dt.date | None

    @staticmethod
    def resolve_pair(obj: Meeting) -> uuid.UUID:
        return obj.pairing.code

    @staticmethod
    def resolve_starts_at(obj: Meeting) -> dt.datetime:
        # in UTC, as read back from the database: one meeting, one spelling
        return obj.starts_at.astimezone(dt.UTC)

    @staticmethod
    def resolve_group_event(obj: Meeting) -> uuid.UUID | None:
        return obj.gathering


class MeetingIn(Schema):
    """A meeting to plan, as the pair page's form takes it: the date and the
    time are local to the organisation."""

    kind: MeetingKind
    day: dt.date
    # text, read by the page's form: a time with a zone (15:00Z) would
    # contradict «local to the organisation»
    time: str = Field(
        description="Local time, HH:MM.", max_length=8, examples=["15:00"]
    )
    duration_minutes: int = Field(45, ge=5, le=600)
    online: bool = False
    place: str = Field("", max_length=300)
    topic: str = Field("", max_length=500)
    confirmed_far: bool = Field(
        False,
        description="Confirms a date more than a year ahead or 60 days ago.",
    )


class HoldIn(Schema):
    outcome: str = ""


class FigureOut(Schema):
    """One KPI: the share in per cent of ``numerator`` over ``denominator``.
    ``percent`` is null without a denominator («нет данных»); outside the
    organisation a group of fewer than 5 people is ``suppressed`` and comes
    without its numerator."""

    number: int
    title: str
    numerator: int | None
    denominator: int | None
    percent: float | None
    target: float | None
    suppressed: bool

    @staticmethod
    def resolve_title(obj) -> str:
        return str(obj.indicator.title)

    @staticmethod
    def resolve_number(obj) -> int:
        return obj.indicator.number

    @staticmethod
    def resolve_numerator(obj) -> int | None:
        return None if obj.suppressed else obj.numerator


class KpisOut(Schema):
    """The six KPIs on a day: counted from the start of its school year, ages
    taken on the reference date; satisfied: a mean score from ``satisfied_from``."""

    on: dt.date
    school_year: str
    reference_date: dt.date
    satisfied_from: list[float]
    figures: list[FigureOut]


class OrganisationFiguresOut(Schema):
    code: uuid.UUID
    short_name: str
    figures: list[FigureOut]


class MunicipalityKpisOut(KpisOut):
    organisations: list[OrganisationFiguresOut]


class ResponseIn(Schema):
    """A questionnaire's answers entered for one person (as a paper form is on
    the campaign's page): ``invitation`` names whose form it is in a named
    campaign and is left out in an anonymous one; ``answers`` maps each
    question's key to its value as the form would send it: text, a number or
    «yes»/«no» as text, a list of choices; «<key>__other» an own answer."""

    invitation: uuid.UUID | None = None
    answers: dict[str, str | list[str]] = Field(..., max_length=500)


class ResponseOut(Schema):
    code: uuid.UUID
    submitted_on: dt.date
    score: float | None


class ReportOut(Schema):
    """A report to the municipal centre, without its per-person annex (which
    stays on the pages and in the XLSX, under the consent that covers it).
    ``figures`` as the report states them: the curator's corrections over the
    figures filled from the data."""

    code: uuid.UUID
    organisation: uuid.UUID
    kind: str
    period: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    status: str
    submitted_on: dt.date | None
    late: bool
    figures: dict[str, int | float | None]
    events: str
    monitoring: str
    cases: str
    notes: str

    @staticmethod
    def resolve_organisation(obj) -> uuid.UUID:
        return obj.organisation.code

    @staticmethod
    def resolve_period(obj) -> str:
        return str(obj.period)

    @staticmethod
    def resolve_late(obj) -> bool:
        return obj.is_late(timezone.localdate())

    @staticmethod
    def resolve_figures(obj) -> dict:
        keys = obj.data.get("figures", {}).keys() | obj.corrections.keys()
        return {key: obj.value(key) for key in sorted(keys)}


class ReportFileIn(Schema):
    """A report file exported on a school's own server (the button «Export
    for the municipal centre» or ``manage.py report_export``), sent as it is:
    ``signature`` is the HMAC-SHA256, with the organisation's transfer key,
    of the canonical JSON of every other field; the organisation is found by
    ``organisation.inn``. The per-person annex is never in it."""

    format: str
    version: int
    signature: str
    organisation: dict
    report: dict
