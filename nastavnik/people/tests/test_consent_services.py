from __future__ import annotations

from nastavnik.people import services
from nastavnik.people.models import Consent
from nastavnik.people.tests.factory import make_guardian, make_person, make_pupil
from nastavnik.test import BaseTestCase


class ConsentRequestServiceTestCase(BaseTestCase):
    def test_a_legal_representative_signs_for_a_minor(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев")
        mother = make_guardian(pupil, "Зайцева")
        consent = services.consent_request(
            person=pupil, kind=Consent.Kind.PROCESSING, user=self.alice, signer=mother
        )
        self.assertEqual(consent.basis, Consent.Basis.REPRESENTATIVE)
        self.assertEqual(consent.signer_name, "Зайцева Мария")
        self.assertIn("наставничества", consent.purpose)

    def test_a_pupils_consent_lists_no_teachers_data(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев")
        mother = make_guardian(pupil, "Зайцева")
        consent = services.consent_request(
            person=pupil, kind=Consent.Kind.PROCESSING, user=self.alice, signer=mother
        )
        self.assertIn("класс или группа; место учёбы", consent.data_items)
        self.assertNotIn("стаж", consent.data_items)
        self.assertNotIn("должность", consent.data_items)
        teacher = make_person(self.school_a, "Смирнова", category="teacher")
        consent = services.consent_request(
            person=teacher, kind=Consent.Kind.PROCESSING, user=self.alice
        )
        self.assertIn("педагогический стаж", consent.data_items)

    def test_nobody_else_may_sign_for_them(self) -> None:
        pupil = make_pupil(self.school_a, "Зайцев")
        stranger = make_person(self.school_a, "Чужой", category="parent")
        with self.assertRaises(ValueError):
            services.consent_request(
                person=pupil,
                kind=Consent.Kind.PROCESSING,
                user=self.alice,
                signer=stranger,
            )
        self.assertFalse(Consent.objects.exists())
