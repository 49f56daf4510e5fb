"""The figures of a report, filled from the product's data.

A report holds them as a snapshot (plain numbers in JSON) taken when the
curator creates or refills it, so that what the school submitted stays what
the municipal centre reads. The snapshot is made of few SQL aggregates, one
per topic, whatever the number of pairs: the people of the period, the pairs
by form, the meetings, and what the KPIs of monitoring count from the start
of the school year to the period's end (``monitoring.kpis``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.monitoring import kpis
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Meeting, Pairing, meetings_counted
from nastavnik.people.models import Consent


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    section: str


PARTICIPANTS = _("Participants in the period")
PAIRS = _("Pairs and groups in the period")
MEETINGS = _("Meetings in the period")
SINCE_START = _("From the start of the school year to the end of the period")
DENOMINATORS = _("Denominators of the school year")

FIELDS = [
    Field("mentors", _("Mentors"), PARTICIPANTS),
    Field("mentees", _("Mentees"), PARTICIPANTS),
    Field("mentees_10_19", _("Mentees aged 10–19"), PARTICIPANTS),
    Field("mentors_15_19", _("Mentors aged 15–19"), PARTICIPANTS),
    Field("young_teacher_mentees", _("Young teachers as mentees"), PARTICIPANTS),
    Field("pairs_working", _("Pairs and groups at work"), PAIRS),
    Field("pairs_formed", _("Fixed by an order in the period"), PAIRS),
    Field("pairs_completed", _("Completed"), PAIRS),
    Field("pairs_ended_early", _("Ended early"), PAIRS),
    Field("meetings_held", _("Meetings held"), MEETINGS),
    Field("children", _("Children aged 10–19 in the role of mentee"), SINCE_START),
    Field("youths", _("Youths aged 15–19 in the role of mentor"), SINCE_START),
    Field("young_teachers", _("Young teachers (0–3 years) as mentees"), SINCE_START),
    Field("enterprises", _("Enterprises that provided mentors"), SINCE_START),
    Field("mentees_surveyed", _("Mentees surveyed on satisfaction"), SINCE_START),
    Field("mentees_satisfied", _("Mentees satisfied"), SINCE_START),
    Field("mentors_surveyed", _("Mentors surveyed on satisfaction"), SINCE_START),
    Field("mentors_satisfied", _("Mentors satisfied"), SINCE_START),
    Field("den_children", _("Children aged 10–19"), DENOMINATORS),
    Field("den_youths", _("Youths aged 15–19"), DENOMINATORS),
    Field("den_young_teachers", _("Young teachers (0–3 years)"), DENOMINATORS),
    Field("den_enterprises", _("Enterprises"), DENOMINATORS),
]
FIELD = {field.key: field for field in FIELDS}
SUMMARY_KEYS = [
    "mentors",
    "mentees",
    "pairs_working",
    "pairs_formed",
    "pairs_completed",
    "pairs_ended_early",
    "meetings_held",
    "mentees_surveyed",
    "mentees_satisfied",
    "mentors_surveyed",
    "mentors_satisfied",
]
MENTEE, MENTOR = kpis.MENTEE, kpis.MENTOR


def _members(organisation: Organisation, start: date, end: date):
    """Members of the organisation's pairs fixed by order in the period,
    but not of pairs closed before it began (monitoring's KPIs, counting
    the whole school year, keep those)."""
    return kpis.participants([organisation], start, end).exclude(
        pairing__closed_on__lt=start
    )


def _participants(organisation: Organisation, start: date, end: date, reference):
    """Distinct people of the organisation's pairs in the period, by role
    and age band, in one query."""
    counted = kpis.counted_filters(reference)
    return _members(organisation, start, end).aggregate(
        mentors=Count("person", distinct=True, filter=Q(role=MENTOR)),
        mentees=Count("person", distinct=True, filter=Q(role=MENTEE)),
        mentees_10_19=Count("person", distinct=True, filter=counted["children"]),
        mentors_15_19=Count("person", distinct=True, filter=counted["youths"]),
        young_teacher_mentees=Count(
            "person", distinct=True, filter=counted["young_teachers"]
        ),
    )


def pairs_by_form(organisation: Organisation, start: date, end: date) -> list[dict]:
    """Per form of mentorship, in one grouped query: the pairs at work in the
    period (fixed by order, a member in them), those fixed by an order dated
    in it, those completed and those ended early in it."""
    working = _members(organisation, start, end).values("pairing")
    in_period = {"orders__date__gte": start, "orders__date__lte": end}
    closed = {"closed_on__gte": start, "closed_on__lte": end}
    rows = (
        Pairing.objects.filter(organisation=organisation)
        .filter(
            Q(pk__in=Subquery(working))
            | Q(**in_period)
            | Q(status__in=Pairing.ENDED, **closed)
        )
        .values("form__name")
        .annotate(
            working=Count("pk", distinct=True, filter=Q(pk__in=Subquery(working))),
            formed=Count("pk", distinct=True, filter=Q(**in_period)),
            completed=Count(
                "pk", distinct=True, filter=Q(status=Pairing.Status.CLOSED, **closed)
            ),
            ended_early=Count(
                "pk",
                distinct=True,
                filter=Q(status=Pairing.Status.CLOSED_EARLY, **closed),
            ),
        )
        .order_by("form__name")
    )
    return [
        {
            "form": row["form__name"],
            "working": row["working"],
            "formed": row["formed"],
            "completed": row["completed"],
            "ended_early": row["ended_early"],
        }
        for row in rows
    ]


def meetings_held(organisation: Organisation, start: date, end: date) -> int:
    """Meetings held in the period by the organisation's clock; a group
    meeting of several pairs counts once."""
    # The __date lookups take the day in the active time zone.
    with timezone.override(organisation.zoneinfo()):
        row = Meeting.objects.filter(
            pairing__organisation=organisation,
            status=Meeting.Status.HELD,
            starts_at__date__gte=start,
            starts_at__date__lte=end,
        ).aggregate(held=meetings_counted())
    return row["held"]


def fill(organisation: Organisation, start: date, end: date) -> dict[str, Any]:
    """The snapshot of a report on ``start``…``end``: ``figures`` (every key
    of FIELDS, a number or None), ``by_form`` (rows of pairs_by_form),
    ``targets`` ({"1": "55", …} of the year) and ``on``, the day the KPIs
    were counted to."""
    year_data = kpis.for_organisation(organisation, end)
    period: kpis.Period = year_data["period"]
    figures: dict[str, Any] = _participants(organisation, start, end, period.reference)
    by_form = pairs_by_form(organisation, start, end)
    for name in ("working", "formed", "completed", "ended_early"):
        figures[f"pairs_{name}"] = sum(row[name] for row in by_form)
    figures["meetings_held"] = meetings_held(organisation, start, end)
    for figure in year_data["figures"]:
        number, indicator = figure.indicator.number, figure.indicator
        if indicator.denominator:
            figures[indicator.denominator] = figure.numerator
            figures[f"den_{indicator.denominator}"] = figure.denominator
        else:
            role = "mentees" if number == 5 else "mentors"
            figures[f"{role}_surveyed"] = figure.denominator
            figures[f"{role}_satisfied"] = figure.numerator
    return {
        "figures": figures,
        "by_form": by_form,
        "targets": {
            str(n): str(value)
            for n, (value, _source) in year_data["target_values"].items()
        },
        "on": end.isoformat(),
    }


def kpi_figures(
    figures: dict[str, Any], targets: dict[str, str], *, suppress: bool
) -> list[kpis.Figure]:
    """The six KPIs from a report's (corrected) figures, by monitoring's own
    rules: a share of the denominators against the year's target, groups of
    fewer than five people hidden when ``suppress`` (the figure leaves the
    organisation)."""
    counts = {name: figures.get(name) or 0 for name in kpis.PEOPLE_COUNTS}
    denominators = SimpleNamespace(
        **{name: figures.get(f"den_{name}") for name in kpis.PEOPLE_COUNTS}
    )
    satisfaction = {
        number: (
            figures.get(f"{role}_surveyed") or 0,
            figures.get(f"{role}_satisfied") or 0,
        )
        for number, role in ((5, "mentees"), (6, "mentors"))
    }
    target_values = {int(n): (Decimal(v), "") for n, v in targets.items()}
    return kpis.figures(
        counts, satisfaction, denominators, target_values, suppress=suppress
    )


def annex(organisation: Organisation, start: date, end: date, on: date):
    """The per-person annex of a quarterly report: the members of the
    organisation's pairs in the period whose consent to processing, in force
    on ``on``, covers the transfer to the municipal centre (152-ФЗ: no person
    enters a report upward without it). Read when the annex is shown, so a
    revoked consent takes the person out at once; one query."""
    transfer = (
        Consent.objects.processing()
        .valid(on)
        .filter(person=OuterRef("person"), transfer_municipal=True)
    )
    return (
        _members(organisation, start, end)
        .filter(Exists(transfer), person__anonymised_at__isnull=True)
        .select_related("person", "pairing__form")
        .order_by("person__last_name", "person__first_name", "role", "pk")
    )
