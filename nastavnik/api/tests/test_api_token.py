"""``manage.py api_token USERNAME`` prints a new token as its last line."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import Client

from nastavnik.api.models import Token
from nastavnik.test import BaseTestCase


class ApiTokenTestCase(BaseTestCase):
    def test_it_prints_a_working_token_as_the_last_line(self) -> None:
        out = StringIO()
        call_command("api_token", "alice", stdout=out, stderr=StringIO())
        secret = out.getvalue().strip().splitlines()[-1]
        token = Token.objects.get(user=self.alice)
        self.assertNotEqual(token.digest, secret)
        r = Client().get("/api/organisations", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["count"], 1)

    def test_it_refuses_an_unknown_user(self) -> None:
        with self.assertRaises(CommandError):
            call_command("api_token", "nobody", stdout=StringIO(), stderr=StringIO())
        self.assertFalse(Token.objects.exists())
