from __future__ import annotations

from django.urls import reverse

from nastavnik.test import PASSWORD, BaseTestCase

URL = reverse("accounts-login")


class LoginTestCase(BaseTestCase):
    def test_it_shows_the_form_in_russian(self) -> None:
        r = self.client.get(URL)
        self.assertContains(r, "Логин или e-mail")
        self.assertContains(r, '<html lang="ru">')

    def test_it_logs_in_by_username(self) -> None:
        r = self.client.post(URL, {"username": "alice", "password": PASSWORD})
        self.assertRedirects(r, reverse("home"))

    def test_it_logs_in_by_email_ignoring_case(self) -> None:
        r = self.client.post(
            URL, {"username": "ALICE@example.org", "password": PASSWORD}
        )
        self.assertRedirects(r, reverse("home"))

    def test_it_refuses_a_wrong_password_with_a_clear_message(self) -> None:
        r = self.client.post(URL, {"username": "alice", "password": "wrong"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Неверный логин, e-mail или пароль")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_locks_the_login_after_five_wrong_passwords(self) -> None:
        for _ in range(5):
            r = self.client.post(URL, {"username": "alice", "password": "wrong"})
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Слишком много неверных паролей", status_code=429)
        # Even the right password is refused while the lock lasts.
        r = self.client.post(URL, {"username": "alice", "password": PASSWORD})
        self.assertEqual(r.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_counts_email_and_username_attempts_together(self) -> None:
        for login in ["alice", "alice@example.org", "ALICE", "alice", "Alice"]:
            r = self.client.post(URL, {"username": login, "password": "wrong"})
        self.assertEqual(r.status_code, 429)

    def test_the_lock_does_not_touch_other_users(self) -> None:
        for _ in range(5):
            self.client.post(URL, {"username": "alice", "password": "wrong"})
        r = self.client.post(URL, {"username": "bob", "password": PASSWORD})
        self.assertRedirects(r, reverse("home"))

    def test_it_redirects_a_logged_in_user_home(self) -> None:
        self.client.force_login(self.alice)
        self.assertRedirects(self.client.get(URL), reverse("home"))

    def test_it_refuses_an_inactive_user(self) -> None:
        self.alice.is_active = False
        self.alice.save()
        r = self.client.post(URL, {"username": "alice", "password": PASSWORD})
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_ignores_an_external_next_url(self) -> None:
        data = {
            "username": "alice",
            "password": PASSWORD,
            "next": "https://evil.example",
        }
        r = self.client.post(URL, data)
        self.assertRedirects(r, reverse("home"))


class LogoutTestCase(BaseTestCase):
    def test_it_logs_out_on_post(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(reverse("accounts-logout"))
        self.assertRedirects(r, URL)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_refuses_get(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(reverse("accounts-logout"))
        self.assertEqual(r.status_code, 405)
