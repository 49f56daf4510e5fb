"""Builders for practices tests: a pair with consents, and a case of it."""

from __future__ import annotations

from django.utils import timezone

from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Pairing
from nastavnik.pairs.tests.factory import make_mentee, make_mentor, make_pairing
from nastavnik.people.models import Consent, Person, Topic
from nastavnik.people.tests.factory import give_consent
from nastavnik.practices.models import Case
from nastavnik.programmes.models import Programme
from nastavnik.programmes.tests.factory import make_programme


def make_pair(organisation: Organisation, mentor: str, mentee: str) -> Pairing:
    """A pair of a teacher and a pupil of ``organisation``, with processing
    consents but no dissemination consent."""
    programme = Programme.objects.filter(
        organisation=organisation
    ).first() or make_programme(organisation, status="running")
    return make_pairing(
        programme,
        make_mentor(organisation, mentor, first_name="Ольга"),
        make_mentee(organisation, mentee, first_name="Пётр"),
    )


def give_dissemination(person: Person) -> Consent:
    return give_consent(
        person,
        kind=Consent.Kind.DISSEMINATION,
        purpose="Публикация кейса на сайте",
    )


def make_case(pairing: Pairing, title: str = "Олимпиада по математике", **fields):
    topics = fields.pop("topics", [])
    published = fields.pop("published", False)
    fields.setdefault("mentor_description", "учитель математики")
    fields.setdefault("mentee_description", "ученик 7 класса")
    case = Case.objects.create(
        organisation=pairing.organisation,
        pairing=pairing,
        form=fields.pop("form", pairing.form),
        title=title,
        done=fields.pop("done", "Готовились к олимпиаде два раза в неделю."),
        result=fields.pop("result", "Призёр муниципального этапа олимпиады."),
        status=Case.Status.PUBLISHED if published else Case.Status.DRAFT,
        published_at=timezone.now() if published else None,
        **fields,
    )
    case.topics.set(topics)
    return case


def topic(code: str, name: str) -> Topic:
    return Topic.objects.get_or_create(code=code, defaults={"name": name})[0]
