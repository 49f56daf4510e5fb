"""Monitoring's share of anonymising (``people.personal_data``): the days on
which the KPIs take a person's age, so that the birth date kept after
anonymising gives the same ages and the KPIs do not move."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from nastavnik.monitoring.models import Denominators
from nastavnik.people.models import Person
from nastavnik.people.personal_data import Part


def age_days(person: Person) -> list[date]:
    """The reference dates of the denominators of the person's organisation,
    municipality and region, and the default one (1 September)."""
    organisation = person.organisation
    levels = (
        Q(organisation=organisation)
        | Q(municipality=organisation.municipality_id)
        | Q(region=organisation.municipality.region_id)
    )
    days = Denominators.objects.filter(levels).values_list("reference_date", flat=True)
    return [Denominators.default_reference_date(2000), *days]


PART = Part(name="monitoring", age_days=age_days)
