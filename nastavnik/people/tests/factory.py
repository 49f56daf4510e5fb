"""Builders for people tests: a pupil, a teacher, a parent, a signed consent."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from nastavnik.orgs.models import Organisation
from nastavnik.people.models import Consent, GuardianLink, Person


def make_person(organisation: Organisation, last_name: str, **fields) -> Person:
    fields.setdefault("first_name", "Иван")
    fields.setdefault("category", Person.Category.TEACHER)
    return Person.objects.create(
        organisation=organisation, last_name=last_name, **fields
    )


def make_pupil(organisation: Organisation, last_name: str, **fields) -> Person:
    fields.setdefault("class_name", "7Б")
    fields.setdefault("birth_date", date(2013, 3, 14))
    return make_person(
        organisation, last_name, category=Person.Category.PUPIL, **fields
    )


def make_guardian(child: Person, last_name: str = "", **fields) -> Person:
    parent = make_person(
        child.organisation,
        last_name or child.last_name,
        first_name=fields.pop("first_name", "Мария"),
        category=Person.Category.PARENT,
        **fields,
    )
    GuardianLink.objects.create(
        child=child, guardian=parent, relation=GuardianLink.Relation.MOTHER
    )
    return parent


def give_consent(person: Person, signer: Person | None = None, **fields) -> Consent:
    """A signed consent to processing, in force from today: the day the
    calling test pins with time_machine (pass ``valid_from`` for another)."""
    defaults = {
        "kind": Consent.Kind.PROCESSING,
        "basis": Consent.Basis.REPRESENTATIVE if signer else Consent.Basis.SELF,
        "signer": signer,
        "signer_name": (signer or person).full_name,
        "purpose": "Участие в программе наставничества",
        "data_items": "ФИО, дата рождения, класс",
        "status": Consent.Status.SIGNED,
        "signed_at": timezone.now(),
        "valid_from": timezone.localdate(),
    }
    return Consent.objects.create(person=person, **{**defaults, **fields})
