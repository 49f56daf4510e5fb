"""Builders for report tests: a school year of pairs and meetings written
directly (the pairs app has its own tests of its rules)."""

from __future__ import annotations

from datetime import date, datetime, time

from nastavnik.monitoring.tests.factory import fixed, pair, person
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Meeting, Pairing
from nastavnik.people.models import Person
from nastavnik.reports import services
from nastavnik.reports.models import Report
from nastavnik.reports.periods import Period


def working_pair(
    organisation: Organisation, n: int, since: date = date(2026, 9, 10)
) -> Pairing:
    """A teacher and a pupil of 14 in a pair fixed by an order on ``since``."""
    mentor = person(organisation, f"Наставникова{n}", category=Person.Category.TEACHER)
    mentee = person(organisation, f"Учеников{n}", birth_date=date(2012, 4, 1))
    pairing = pair(organisation, [mentor], [mentee], since=since)
    fixed(pairing, since)
    return pairing


def held(pairing: Pairing, day: date) -> Meeting:
    return Meeting.objects.create(
        pairing=pairing,
        kind=Meeting.Kind.REGULAR,
        status=Meeting.Status.HELD,
        starts_at=datetime.combine(
            day, time(15), tzinfo=pairing.organisation.zoneinfo()
        ),
    )


def make_report(
    organisation: Organisation,
    kind: str = "monthly",
    start: date = date(2026, 10, 1),
    today: date = date(2026, 11, 20),
    user=None,
) -> Report:
    return services.report_create(
        organisation=organisation,
        period=Period.containing(kind, start),
        user=user,
        today=today,
    )
