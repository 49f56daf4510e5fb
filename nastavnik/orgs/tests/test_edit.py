from __future__ import annotations

from django.urls import reverse

from nastavnik.orgs.models import Organisation
from nastavnik.test import BaseTestCase


class EditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("orgs-organisation-edit", args=[self.school_a.code])
        self.data = {
            "name": "Муниципальное бюджетное общеобразовательное учреждение СОШ № 1",
            "short_name": "МБОУ СОШ № 1",
            "address": "пгт Уни, ул. Ленина, 1",
            "head_name": "Иванова Мария Петровна",
            "head_position": "Директор",
            "phone": "+7 (83359) 2-11-11",
            "email": "school1@example.org",
            "website": "",
            "time_zone": "Europe/Kirov",
        }

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data)
        detail = reverse("orgs-organisation-detail", args=[self.school_a.code])
        self.assertRedirects(r, detail)
        self.school_a.refresh_from_db()
        self.assertEqual(self.school_a.head_name, "Иванова Мария Петровна")
        self.assertEqual(self.school_a.short_name, "МБОУ СОШ № 1")

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 302)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
        self.school_a.refresh_from_db()
        self.assertEqual(self.school_a.head_name, "")

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)

    def test_the_municipal_coordinator_cannot_edit(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_redisplays_errors_and_writes_nothing(self) -> None:
        self.client.force_login(self.alice)
        data = {**self.data, "short_name": "", "email": "not an e-mail"}
        r = self.client.post(self.url, data)
        self.assertContains(r, "Обязательное поле")
        self.assertContains(r, "адрес электронной почты")
        self.school_a.refresh_from_db()
        self.assertEqual(self.school_a.short_name, "СОШ № 1")

    def test_it_ignores_fields_a_school_may_not_change(self) -> None:
        self.client.force_login(self.alice)
        data = {**self.data, "inn": "7707083893", "type": "partner"}
        self.client.post(self.url, data)
        self.school_a.refresh_from_db()
        self.assertEqual(self.school_a.inn, "4330000013")
        self.assertEqual(self.school_a.type, Organisation.Type.SCHOOL)

    def test_it_refuses_a_tampered_time_zone(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**self.data, "time_zone": "Mars/Olympus"})
        self.assertEqual(r.status_code, 400)
        self.school_a.refresh_from_db()
        self.assertEqual(self.school_a.time_zone, "")
