"""People as the rules see them (``rules.Candidate``), read in one query."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from nastavnik.lib.queries import count_subquery
from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.pairs.rules import Candidate
from nastavnik.people.models import Consent, MenteeProfile, MentorProfile, Person


def live_mentees_of_mentor() -> QuerySet[PairingMember]:
    """The mentees of the live pairs, to count per mentor: a mentee row
    whose pair has the counted person as a current mentor."""
    return PairingMember.objects.filter(
        role=PairingMember.Role.MENTEE,
        until__isnull=True,
        pairing__status__in=Pairing.LIVE,
        pairing__members__role=PairingMember.Role.MENTOR,
        pairing__members__until__isnull=True,
    )


def with_rule_facts(people: QuerySet[Person], on: date) -> QuerySet[Person]:
    """``people`` annotated with what the rules need: a valid consent, the
    bases they are in, a pause, and the mentees they mentor now."""
    valid = Consent.objects.processing().valid(on).filter(person=OuterRef("pk"))
    mentor = MentorProfile.objects.in_base().filter(person=OuterRef("pk"))
    mentee = MenteeProfile.objects.in_base().filter(person=OuterRef("pk"))
    return people.annotate(
        consent_ok=Exists(valid),
        in_mentor_base=Exists(mentor),
        mentor_paused=Exists(mentor.filter(status=MentorProfile.Status.PAUSED)),
        in_mentee_base=Exists(mentee),
        mentees_now=count_subquery(
            live_mentees_of_mentor(), "pairing__members__person"
        ),
    ).select_related("mentor_profile")


def candidate(person: Person, role: str, on: date) -> Candidate:
    """One annotated person (``with_rule_facts``) as a mentor or a mentee."""
    profile = getattr(person, "mentor_profile", None) if role == "mentor" else None
    return Candidate(
        id=person.pk,
        name=person.short_name,
        organisation_id=person.organisation_id,
        category=person.category,
        age=person.age(on),
        experience_years=person.experience_years,
        enterprise=person.employer_name or person.employer_inn,
        has_consent=person.consent_ok,
        in_base=person.in_mentor_base if role == "mentor" else person.in_mentee_base,
        paused=person.mentor_paused if role == "mentor" else False,
        capacity=profile.capacity if profile else 1,
        load=person.mentees_now,
    )


def unpaired_mentees(people: QuerySet[Person]) -> QuerySet[Person]:
    """The support list: people of the mentee base in no live or proposed
    pair as a mentee."""
    paired = PairingMember.objects.filter(
        person=OuterRef("pk"),
        role=PairingMember.Role.MENTEE,
        until__isnull=True,
    ).filter(~Q(pairing__status__in=Pairing.ENDED))
    return people.mentees().exclude(Exists(paired))
