from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import services
from nastavnik.people.tests.factory import give_consent, make_pupil
from nastavnik.test import BaseTestCase


class PersonEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pupil = make_pupil(self.school_a, "Зайцев")
        self.url = reverse("people-person-edit", args=[self.pupil.code])
        self.data = {
            "last_name": "Зайцев",
            "first_name": "Иван",
            "birth_date": "14.03.2013",
            "category": "pupil",
            "class_name": "8Б",
            "phone": "+7 912 000-00-00",
        }

    def test_it_works_and_logs_the_fields_not_the_values(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, self.data)
        self.pupil.refresh_from_db()
        self.assertEqual(self.pupil.class_name, "8Б")
        event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
        self.assertIn("Класс", event.summary)
        self.assertNotIn("8Б", event.summary)
        self.assertNotIn("+7 912", event.summary)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
        self.pupil.refresh_from_db()
        self.assertEqual(self.pupil.class_name, "7Б")

    def test_an_anonymised_person_cannot_be_edited(self) -> None:
        consent = give_consent(self.pupil)
        services.consent_revoke(consent=consent, user=self.alice)
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
