"""The people the consent and guardian tests share (no tests of its own)."""

from __future__ import annotations

from datetime import date

from nastavnik.people import services
from nastavnik.people.models import Consent, GuardianLink, Person
from nastavnik.test import BaseTestCase


def make_person(organisation, last_name: str, first_name: str, **fields) -> Person:
    fields.setdefault("category", Person.Category.PARENT)
    return Person.objects.create(
        organisation=organisation,
        last_name=last_name,
        first_name=first_name,
        **fields,
    )


class ConsentCastTestCase(BaseTestCase):
    """A pupil of school A with a mother who signs for him, and an adult teacher.

    The pupil's consent to processing is asked for, not signed yet.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.child = make_person(
            cls.school_a,
            "Иванов",
            "Пётр",
            patronymic="Сергеевич",
            category=Person.Category.PUPIL,
            birth_date=date(2012, 3, 4),
            class_name="7Б",
        )
        cls.mother = make_person(
            cls.school_a,
            "Иванова",
            "Алёна",
            patronymic="Викторовна",
            email="mother@example.org",
            phone="+7 900 000-00-01",
        )
        GuardianLink.objects.create(
            child=cls.child,
            guardian=cls.mother,
            relation=GuardianLink.Relation.MOTHER,
            is_legal_representative=True,
        )
        cls.teacher = make_person(
            cls.school_a,
            "Смирнова",
            "Ольга",
            patronymic="Ивановна",
            category=Person.Category.TEACHER,
            birth_date=date(1985, 6, 7),
            position="учитель математики",
            email="teacher@example.org",
        )
        cls.consent = services.consent_request(
            person=cls.child,
            kind=Consent.Kind.PROCESSING,
            user=cls.alice,
            signer=cls.mother,
        )

    def sign(self, consent: Consent | None = None) -> Consent:
        return services.consent_sign(
            consent=consent or self.consent, channel=Consent.Channel.PAPER, user=None
        )

    def make_link(self, consent: Consent | None = None) -> str:
        _link, token = services.consent_link_create(
            consent=consent or self.consent, user=self.alice
        )
        return token
