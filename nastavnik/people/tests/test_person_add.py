from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import Person
from nastavnik.test import BaseTestCase

DATA = {
    "last_name": "Д'Артаньян",
    "first_name": "Алёна",
    "patronymic": "Сергеевна",
    "birth_date": "14.03.2013",
    "category": "pupil",
    "class_name": "7 б",
}


class PersonAddTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-person-add", args=[self.school_a.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, DATA)
        person = Person.objects.get()
        self.assertRedirects(r, reverse("people-person-detail", args=[person.code]))
        self.assertEqual(person.organisation, self.school_a)
        self.assertEqual(person.class_name, "7Б")
        self.assertEqual(str(person.birth_date), "2013-03-14")
        self.assertTrue(
            AuditEvent.objects.filter(
                object_code=person.code, action=AuditEvent.Action.UPDATE
            ).exists()
        )

    def test_a_pupil_needs_a_class_and_a_birth_date(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**DATA, "class_name": "", "birth_date": ""})
        self.assertContains(r, "Для обучающегося нужен класс")
        self.assertContains(r, "Для обучающегося нужна дата рождения")
        self.assertFalse(Person.objects.exists())

    def test_it_refuses_an_unknown_class(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**DATA, "class_name": "13А"})
        self.assertContains(r, "от 1 до 11")
        self.assertFalse(Person.objects.exists())

    def test_it_refuses_a_wrong_date(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**DATA, "birth_date": "31.02.2013"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Person.objects.exists())

    def test_a_tampered_category_is_a_bad_request(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**DATA, "category": "dragon"})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Person.objects.exists())

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, DATA).status_code, 302)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url, DATA).status_code, 404)
        self.assertFalse(Person.objects.exists())
