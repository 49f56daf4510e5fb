from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from nastavnik.test import PASSWORD, BaseTestCase

URL = reverse("accounts-password-reset")


class PasswordResetTestCase(BaseTestCase):
    def _request_link(self) -> str:
        r = self.client.post(URL, {"email": "alice@example.org"})
        self.assertRedirects(r, reverse("accounts-password-reset-sent"))
        self.assertEqual(len(mail.outbox), 1)
        return re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)

    def test_it_sends_a_russian_letter_with_a_link(self) -> None:
        self._request_link()
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alice@example.org"])
        self.assertIn("Сброс пароля", message.subject)
        self.assertIn("alice", message.body)
        html = message.alternatives[0][0]
        self.assertIn("/accounts/password-reset/", html)

    def test_the_link_sets_a_new_password(self) -> None:
        link = self._request_link()
        r = self.client.get(link, follow=True)
        form_url = r.redirect_chain[-1][0]
        new = {"new_password1": "Nastavnik-2026!", "new_password2": "Nastavnik-2026!"}
        r = self.client.post(form_url, new)
        self.assertRedirects(r, reverse("accounts-password-reset-complete"))
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password("Nastavnik-2026!"))

    def test_a_used_link_says_it_has_expired(self) -> None:
        link = self._request_link()
        self.alice.set_password("Another-password-1")
        self.alice.save()
        r = self.client.get(link, follow=True)
        self.assertContains(r, "Ссылка устарела")

    def test_an_unknown_email_reveals_nothing_and_sends_nothing(self) -> None:
        r = self.client.post(URL, {"email": "nobody@example.org"})
        self.assertRedirects(r, reverse("accounts-password-reset-sent"))
        self.assertEqual(mail.outbox, [])
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))
