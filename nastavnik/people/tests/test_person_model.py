from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.utils import timezone

from nastavnik.people.models import Consent, Person
from nastavnik.people.tests.factory import (
    give_consent,
    make_guardian,
    make_person,
    make_pupil,
)
from nastavnik.test import BaseTestCase


class PersonModelTestCase(BaseTestCase):
    def test_a_pupil_under_18_is_a_minor(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев", birth_date=date(2010, 5, 1))
        with time_machine.travel("2028-04-30 12:00Z"):
            self.assertTrue(pupil.is_minor())
        with time_machine.travel("2028-05-01 12:00Z"):
            self.assertFalse(pupil.is_minor())

    def test_a_pupil_without_birth_date_counts_as_a_minor(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев", birth_date=None)
        self.assertTrue(pupil.is_minor())

    def test_only_a_signed_consent_in_force_makes_a_person_eligible(self) -> None:
        today = timezone.localdate()
        cases = [
            ({"status": Consent.Status.SIGNED}, True),
            ({"status": Consent.Status.SIGNED, "valid_until": today}, True),
            (
                {
                    "status": Consent.Status.SIGNED,
                    "valid_from": today - timedelta(30),
                    "valid_until": today - timedelta(1),
                },
                False,
            ),
            (
                {
                    "status": Consent.Status.SIGNED,
                    "valid_from": today + timedelta(1),
                    "valid_until": None,
                },
                False,
            ),
            ({"status": Consent.Status.PENDING, "signed_at": None}, False),
            (
                {"status": Consent.Status.REVOKED, "revoked_at": timezone.now()},
                False,
            ),
        ]
        for fields, eligible in cases:
            with self.subTest(fields=fields):
                person = make_person(self.school_a, "Тестов")
                give_consent(person, **fields)
                self.assertEqual(person.has_valid_consent(), eligible)
                self.assertEqual(
                    Person.objects.eligible().filter(pk=person.pk).exists(), eligible
                )
                person.delete()

    def test_a_dissemination_consent_alone_does_not_make_anyone_eligible(self) -> None:
        person = make_person(self.school_a, "Тестов")
        give_consent(person, kind=Consent.Kind.DISSEMINATION)
        self.assertFalse(person.has_valid_consent())

    def test_it_annotates_the_consent_state_in_one_query(self) -> None:
        signed = make_person(self.school_a, "Подписал")
        give_consent(signed)
        make_person(self.school_a, "Нет")
        revoked = make_person(self.school_a, "Отозвал")
        give_consent(revoked, status=Consent.Status.REVOKED, revoked_at=timezone.now())
        with self.assertNumQueries(1):
            rows = {
                p.last_name: (p.has_consent, p.consent_revoked)
                for p in Person.objects.with_consent_state()
            }
        self.assertEqual(
            rows,
            {
                "Подписал": (True, False),
                "Нет": (False, False),
                "Отозвал": (False, True),
            },
        )

    def test_it_knows_its_legal_representatives(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев")
        mother = make_guardian(pupil, "Зайцева")
        self.assertEqual(list(pupil.legal_representatives()), [mother])

    def test_the_class_gives_the_grade(self) -> None:
        cases = [("7Б", 7), ("11А", 11), ("1", 1), ("", None), ("12А", None)]
        for class_name, grade in cases:
            with self.subTest(class_name=class_name):
                self.assertEqual(Person(class_name=class_name).grade, grade)
