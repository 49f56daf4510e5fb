"""Builders for KPI tests: people and pairs at a given status, written
directly (the KPIs read what the pairs app has stored; its rules have their
own tests)."""

from __future__ import annotations

from datetime import date

from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Pairing, PairingMember, PairingOrder
from nastavnik.pairs.tests.factory import teacher_pupil
from nastavnik.people.models import Person
from nastavnik.people.tests.factory import make_person
from nastavnik.programmes.models import Programme


def person(organisation: Organisation, last_name: str, **fields) -> Person:
    fields.setdefault("category", Person.Category.PUPIL)
    return make_person(organisation, last_name, **fields)


def pair(
    organisation: Organisation,
    mentors: list[Person],
    mentees: list[Person],
    status: str = Pairing.Status.WORKING,
    since: date = date(2026, 10, 1),
    until: date | None = None,
) -> Pairing:
    programme = Programme.objects.filter(organisation=organisation).first()
    if programme is None:
        programme = Programme.objects.create(
            organisation=organisation, school_year=2026, title="Программа"
        )
    pairing = Pairing.objects.create(
        organisation=organisation,
        programme=programme,
        form=teacher_pupil(),
        period_start=date(2026, 10, 1),
        period_end=date(2027, 5, 31),
        status=status,
    )
    for role, people in (
        (PairingMember.Role.MENTOR, mentors),
        (PairingMember.Role.MENTEE, mentees),
    ):
        for member in people:
            PairingMember.objects.create(
                pairing=pairing, person=member, role=role, since=since, until=until
            )
    return pairing


def fixed(pairing: Pairing, day: date, number: str | None = None) -> PairingOrder:
    """Sign an order fixing ``pairing`` on ``day``."""
    order = PairingOrder.objects.create(
        organisation=pairing.organisation,
        number=number or f"{pairing.pk}-о",
        date=day,
    )
    order.pairings.add(pairing)
    return order
