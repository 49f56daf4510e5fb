from __future__ import annotations

from django.urls import reverse

from nastavnik.people.models import MenteeProfile
from nastavnik.people.tests.factory import give_consent, make_pupil
from nastavnik.test import BaseTestCase


class MenteeEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(self.school_a, "Зайцев")
        self.url = reverse("people-mentee-edit", args=[self.pupil.code])
        self.data = {
            "category": "low_results",
            "status": "waiting",
            "request": "Трудно даётся геометрия",
            "stated_by": "class_teacher",
        }

    def test_it_adds_a_consenting_pupil(self) -> None:
        give_consent(self.pupil)
        self.client.force_login(self.bob)
        self.client.post(self.url, self.data)
        profile = MenteeProfile.objects.get()
        self.assertEqual(profile.stated_by, "class_teacher")

    def test_without_consent_nobody_enters_the_base(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, self.data)
        self.assertFalse(MenteeProfile.objects.exists())

    def test_it_checks_ownership(self) -> None:
        give_consent(self.pupil)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
