from __future__ import annotations

from django.urls import reverse

from nastavnik.people.models import MentorProfile
from nastavnik.people.tests.factory import give_consent, make_person
from nastavnik.test import BaseTestCase


class MentorEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.teacher = make_person(self.school_a, "Соколов", experience_years=12)
        self.url = reverse("people-mentor-edit", args=[self.teacher.code])
        self.data = {
            "source": "teacher",
            "status": "approved",
            "paused_until": "01.02.2027",
            "forms_ready": ["teacher_pupil"],
            "capacity": "2",
            "format": "in_person",
            "competences": "Олимпиадная математика",
        }

    def test_without_consent_nobody_enters_the_base(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data, follow=True)
        self.assertContains(r, "не может попасть в базу")
        self.assertFalse(MentorProfile.objects.exists())

    def test_it_adds_a_consenting_teacher(self) -> None:
        give_consent(self.teacher)
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data)
        self.assertRedirects(
            r, reverse("people-person-detail", args=[self.teacher.code])
        )
        profile = MentorProfile.objects.get()
        self.assertEqual(profile.forms_ready, ["teacher_pupil"])
        self.assertEqual(profile.capacity, 2)
        # a pause date means nothing unless the mentor is paused
        self.assertIsNone(profile.paused_until)

    def test_it_refuses_a_zero_capacity(self) -> None:
        give_consent(self.teacher)
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**self.data, "capacity": "0"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(MentorProfile.objects.exists())

    def test_a_tampered_form_code_is_a_bad_request(self) -> None:
        give_consent(self.teacher)
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**self.data, "forms_ready": ["hacker"]})
        self.assertEqual(r.status_code, 400)

    def test_it_checks_ownership(self) -> None:
        give_consent(self.teacher)
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
        self.assertFalse(MentorProfile.objects.exists())
