"""Demo data of monitoring: each school of the demo municipality has entered
the denominators of this school year and of the previous one from its own
lists, and the municipality the sum of its schools', so that the KPI pages
show shares at any date of both years; school 1 has a term of pairs and
meetings behind it for its dashboard, some of them with last year's mentors
(the previous year's pairs are pairs.demo's ``load_last_year``)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from nastavnik.lib.dates import SchoolYear
from nastavnik.monitoring import kpis
from nastavnik.monitoring.models import Denominators
from nastavnik.orgs.models import Organisation
from nastavnik.pairs import demo as pairs_demo
from nastavnik.pairs import meetings, services
from nastavnik.pairs.models import (
    ClosureReason,
    Meeting,
    PairingMember,
    PairingOrder,
)
from nastavnik.people.models import Person
from nastavnik.programmes.models import MentorshipForm, Programme

# Enterprises of the district that could send mentors: more than the
# schools' own lists know of.
DISTRICT_ENTERPRISES = 12


def load(ctx: dict[str, Any]) -> None:
    load_history(ctx)
    year = SchoolYear.of(ctx["today"])
    for school_year in (year.previous(), year):
        _denominators(ctx, school_year)


def _denominators(ctx: dict[str, Any], year: SchoolYear) -> None:
    reference = Denominators.default_reference_date(year.start_year)
    municipalities = set()
    for organisation in ctx["organisations"].values():
        if (
            not isinstance(organisation, Organisation)
            or not organisation.is_educational
        ):
            continue
        municipalities.add(organisation.municipality)
        if Denominators.objects.filter(
            organisation=organisation, school_year=year.start_year
        ).exists():
            continue
        own = kpis.own_lists(organisation, reference)
        Denominators.objects.create(
            organisation=organisation,
            school_year=year.start_year,
            reference_date=reference,
            **own,
        )
    for municipality in municipalities:
        if Denominators.objects.filter(
            municipality=municipality, school_year=year.start_year
        ).exists():
            continue
        total = kpis.sum_of_organisations(municipality, year.start_year)
        total["enterprises"] = max(total["enterprises"] or 0, DISTRICT_ENTERPRISES)
        Denominators.objects.create(
            municipality=municipality,
            school_year=year.start_year,
            reference_date=reference,
            **total,
        )


# The pairs of school 1 fixed at the start of the year, for the dashboard's
# meetings and match survival: (days after the order it closed early, reason
# by position) or None for a pair still at work.
HISTORY = [None, None, None, (35, 3), (70, 5), (80, 1)]
HISTORY_ORDER = "101-о"


def load_history(ctx: dict[str, Any]) -> None:
    """Pairs fixed by an order in September with a meeting every two weeks
    since, three of them closed early for different reasons; once."""
    school = ctx["organisations"]["school1"]
    if PairingOrder.objects.filter(organisation=school, number=HISTORY_ORDER).exists():
        return
    programme = (
        Programme.objects.filter(organisation=school, status__in=Programme.ACTIVE)
        .order_by("-school_year")
        .first()
    )
    today: date = ctx["today"]
    year = SchoolYear.of(today)
    if programme is None or (today - year.start).days < 60:
        return
    form = MentorshipForm.objects.get(organisation=None, slug="teacher_pupil")
    people = Person.objects.for_organisation(school)
    mentors = list(people.mentors().filter(category="teacher").order_by("-pk"))
    mentees = list(people.mentees().filter(category="pupil").order_by("-pk"))
    # last year's pairs are closed: their people may mentor and be mentored again
    busy = PairingMember.objects.filter(pairing__programme=programme)
    taken = set(busy.values_list("person", flat=True))
    pairings = []
    for fate in HISTORY:
        found = pairs_demo._first_allowed(mentors, mentees, form, taken)
        if found is None:
            break
        taken |= {found[0].pk, found[1].pk}
        pairing = services.pairing_create(
            programme=programme,
            form=form,
            mentors=[found[0]],
            mentees=[found[1]],
            user=None,
            period_start=year.start,
            period_end=year.end,
        )
        pairings.append((pairing, fate))
    if not pairings:
        return
    ordered = pairs_demo.fix_by_order(
        school, [p for p, _ in pairings], HISTORY_ORDER, year
    )
    reasons = list(ClosureReason.objects.filter(organisation=None))
    with timezone.override(school.zoneinfo()):
        for pairing, fate in pairings:
            last = today if fate is None else ordered + timedelta(days=fate[0])
            day = ordered + timedelta(days=3)
            kind = Meeting.Kind.INTRO
            while day < last:
                meeting = meetings.meeting_plan(
                    pairing,
                    kind=kind,
                    starts_at=meetings.starts_at_of(day, time(15, 0)),
                    place="Кабинет 105",
                    topic="Встреча по плану",
                    confirmed_far=True,
                    user=None,
                )
                meetings.meeting_hold(meeting, outcome="Проведена", user=None)
                kind = Meeting.Kind.REGULAR
                day += timedelta(days=14)
            if fate is not None:
                services.pairing_close(
                    pairing,
                    user=None,
                    reason=reasons[fate[1] % len(reasons)],
                    note="",
                    day=last,
                )
