"""Demo data of monitoring: each school of the demo municipality has entered
the denominators of this school year from its own lists, and the
municipality the sum of its schools', so that the KPI pages show shares."""

from __future__ import annotations

from typing import Any

from nastavnik.lib.dates import SchoolYear
from nastavnik.monitoring import kpis
from nastavnik.monitoring.models import Denominators
from nastavnik.orgs.models import Organisation

# Enterprises of the district that could send mentors: more than the
# schools' own lists know of.
DISTRICT_ENTERPRISES = 12


def load(ctx: dict[str, Any]) -> None:
    year = SchoolYear.of(ctx["today"])
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
