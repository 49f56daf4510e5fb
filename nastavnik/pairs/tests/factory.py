"""Builders for pairs tests: people in the bases with consents, and a pair."""

from __future__ import annotations

from datetime import date

from nastavnik.orgs.models import Organisation
from nastavnik.pairs import services
from nastavnik.pairs.models import Pairing
from nastavnik.people.models import MenteeProfile, MentorProfile, Person
from nastavnik.people.tests.factory import give_consent, make_person, make_pupil
from nastavnik.programmes.models import MentorshipForm, Programme


def make_mentor(organisation: Organisation, last_name: str, **fields) -> Person:
    """A teacher in the mentor base, with a signed consent."""
    capacity = fields.pop("capacity", 2)
    fields.setdefault("experience_years", 12)
    person = make_person(organisation, last_name, **fields)
    MentorProfile.objects.create(
        person=person,
        source=MentorProfile.Source.TEACHER,
        capacity=capacity,
        status=MentorProfile.Status.APPROVED,
    )
    give_consent(person)
    return person


def make_mentee(organisation: Organisation, last_name: str, **fields) -> Person:
    """A pupil in the mentee base, with a signed consent."""
    person = make_pupil(organisation, last_name, **fields)
    MenteeProfile.objects.create(
        person=person,
        category=MenteeProfile.Category.LOW_RESULTS,
        request="Подтянуть математику",
        status=MenteeProfile.Status.WAITING,
    )
    give_consent(person)
    return person


def teacher_pupil() -> MentorshipForm:
    return MentorshipForm.objects.get(organisation=None, slug="teacher_pupil")


def make_pairing(
    programme: Programme, mentor: Person, *mentees: Person, **fields
) -> Pairing:
    return services.pairing_create(
        programme=programme,
        form=fields.pop("form", None) or teacher_pupil(),
        mentors=[mentor],
        mentees=list(mentees),
        user=None,
        period_start=fields.pop("period_start", date(2026, 10, 1)),
        period_end=fields.pop("period_end", date(2027, 5, 31)),
        **fields,
    )
