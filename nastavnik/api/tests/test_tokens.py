"""Personal API tokens: a user creates them on a page of their account (the
token shown once, only its digest kept) and revokes them; a revoked or
unknown token gets 401 with a message in Russian."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from nastavnik.api.models import Token
from nastavnik.api.tests.factory import bearer
from nastavnik.test import BaseTestCase

LIST = "/api/organisations"


class TokenPageTestCase(BaseTestCase):
    def test_it_creates_a_token_shown_once_and_keeps_only_its_hash(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(reverse("api-token-list"), {"name": "Отчёт в МНЦ"})
        self.assertEqual(r.status_code, 200)
        secret = r.context["new_token"]
        self.assertContains(r, secret)
        self.assertIn("no-store", r["Cache-Control"])
        token = Token.objects.get(user=self.alice)
        self.assertEqual(token.name, "Отчёт в МНЦ")
        self.assertEqual(token.digest, hashlib.sha256(secret.encode()).hexdigest())
        for field in Token._meta.concrete_fields:
            self.assertNotEqual(str(field.value_from_object(token)), secret)
        again = self.client.get(reverse("api-token-list"))
        self.assertContains(again, "Отчёт в МНЦ")
        self.assertNotContains(again, secret)

    def test_the_token_works_until_it_is_revoked(self) -> None:
        headers = bearer(self.alice)
        self.assertEqual(self.client.get(LIST, **headers).status_code, 200)
        token = Token.objects.get(user=self.alice)
        self.assertIsNotNone(token.last_used_at)
        self.client.force_login(self.alice)
        r = self.client.post(reverse("api-token-revoke", args=[token.code]))
        self.assertRedirects(r, reverse("api-token-list"))
        self.client.logout()
        r = self.client.get(LIST, **headers)
        self.assertEqual(r.status_code, 401)
        self.assertIn("токен", r.json()["detail"])

    def test_it_requires_a_name(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(reverse("api-token-list"), {"name": ""})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Token.objects.exists())

    def test_it_checks_ownership_of_the_token_to_revoke(self) -> None:
        bearer(self.alice)
        token = Token.objects.get(user=self.alice)
        for user in (self.bob, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                url = reverse("api-token-revoke", args=[token.code])
                self.assertEqual(self.client.post(url).status_code, 404)
        token.refresh_from_db()
        self.assertFalse(token.is_revoked)

    def test_the_page_lists_only_ones_own_tokens(self) -> None:
        bearer(self.alice, "токен Алисы")
        bearer(self.bob, "токен Бориса")
        self.client.force_login(self.bob)
        r = self.client.get(reverse("api-token-list"))
        self.assertContains(r, "токен Бориса")
        self.assertNotContains(r, "токен Алисы")

    def test_revoking_is_post_only_and_needs_a_login(self) -> None:
        bearer(self.alice)
        token = Token.objects.get(user=self.alice)
        url = reverse("api-token-revoke", args=[token.code])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(url).status_code, 405)
        token.refresh_from_db()
        self.assertFalse(token.is_revoked)

    def test_the_profile_links_to_the_tokens(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(reverse("accounts-profile"))
        self.assertContains(r, reverse("api-token-list"))


class BearerAuthTestCase(BaseTestCase):
    def test_an_unknown_or_missing_token_gets_401_in_json(self) -> None:
        cases = [
            {},
            {"HTTP_AUTHORIZATION": "Bearer nonsense"},
            {"HTTP_AUTHORIZATION": "Basic YWxpY2U6cGFzc3dvcmQ="},
        ]
        for headers in cases:
            with self.subTest(headers=headers):
                r = self.client.get(LIST, **headers)
                self.assertEqual(r.status_code, 401)
                self.assertEqual(r["WWW-Authenticate"], "Bearer")
                self.assertIn("Authorization: Bearer", r.json()["detail"])

    def test_a_session_is_not_enough(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(LIST).status_code, 401)

    def test_a_deactivated_users_token_gets_401(self) -> None:
        headers = bearer(self.alice)
        self.alice.is_active = False
        self.alice.save()
        self.assertEqual(self.client.get(LIST, **headers).status_code, 401)

    def test_an_unknown_api_address_answers_json_404(self) -> None:
        for url in ("/api/", "/api/nothing/here", "/api/pairs/123"):
            with self.subTest(url=url):
                r = self.client.get(url, **bearer(self.alice))
                self.assertEqual(r.status_code, 404)
                self.assertEqual(r.json()["detail"], "Такого адреса в API нет.")
