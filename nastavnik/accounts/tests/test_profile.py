from __future__ import annotations

from django.urls import reverse

from nastavnik.test import BaseTestCase

URL = reverse("accounts-profile")


class ProfileTestCase(BaseTestCase):
    def test_it_shows_the_users_roles(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(URL)
        self.assertContains(r, "Куратор: СОШ № 1")

    def test_it_saves_the_users_details(self) -> None:
        self.client.force_login(self.alice)
        data = {
            "last_name": "Алексеева",
            "first_name": "Алиса",
            "patronymic": "Сергеевна",
            "email": "alice@school.example",
        }
        r = self.client.post(URL, data)
        self.assertRedirects(r, URL)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.get_full_name(), "Алексеева Алиса Сергеевна")
        self.assertEqual(self.alice.email, "alice@school.example")

    def test_it_refuses_an_email_another_user_has(self) -> None:
        self.client.force_login(self.alice)
        data = {"last_name": "А", "first_name": "А", "email": "BOB@example.org"}
        r = self.client.post(URL, data)
        self.assertContains(r, "уже есть у другого пользователя")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice@example.org")

    def test_it_requires_login(self) -> None:
        r = self.client.get(URL)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next={URL}")
