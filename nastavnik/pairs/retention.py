"""Retention of personal data after the programmes end (152-ФЗ, ст. 5 ч. 7:
kept no longer than the purpose needs).

A programme is closed when its curator has marked it completed; its data is
kept for ``PERSONAL_DATA_RETENTION_YEARS`` after the end of its school year
(31 August). People whose every programme (through their pairs) is closed
and past that term, and who are in no other programme, are anonymised. A
mentor kept in the long-term mentor base stays: that base outlives the
school year on purpose (seed 004).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from nastavnik.accounts.models import User
from nastavnik.lib.dates import SchoolYear
from nastavnik.pairs.models import PairingMember
from nastavnik.people import services
from nastavnik.people.models import MentorProfile, Person
from nastavnik.people.personal_data import Reason
from nastavnik.programmes.models import Programme


def last_expired_year(today: date, years: int) -> int:
    """The latest school year (by its first year) whose data expired by
    ``today``: it ended on 31 August, more than ``years`` years ago."""
    # the school year before the current one ended on 31 August; ``years``
    # more school years must have started since
    return SchoolYear.of(today).start_year - years - 1


def expired(today: date, years: int | None = None) -> QuerySet[Person]:
    """Present people whose every programme is closed and ended more than
    ``years`` (the setting by default) years before ``today``."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    last = last_expired_year(today, years)
    members = PairingMember.objects.filter(person=OuterRef("pk"))
    kept = members.filter(
        Q(pairing__programme__school_year__gt=last)
        | ~Q(pairing__programme__status=Programme.Status.COMPLETED)
    )
    long_term = MentorProfile.objects.in_base().filter(
        person=OuterRef("pk"), long_term=True
    )
    return (
        Person.objects.present()
        .filter(Exists(members))
        .exclude(Exists(kept))
        .exclude(Exists(long_term))
        .select_related("organisation")
        .order_by("organisation__short_name", "last_name", "first_name", "pk")
    )


def anonymise_expired(
    *, today: date, years: int | None = None, user: User | None = None
) -> list[Person]:
    """Anonymise everyone ``expired`` finds, each in a transaction of their
    own (a daily run that stops half-way leaves no one half-anonymised and
    the next run picks up the rest). Returns them."""
    people = list(expired(today, years))
    for person in people:
        services.person_anonymise(person=person, user=user, reason=Reason.RETENTION)
    return people
