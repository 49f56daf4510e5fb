"""The API answers 429 in JSON to a token, or an address hunting for tokens,
that asks more than API_RATE times in a minute."""

from __future__ import annotations

import time_machine
from django.core.cache import cache
from django.test import override_settings

from nastavnik.api.tests.factory import bearer
from nastavnik.test import BaseTestCase

URL = "/api/organisations"


@override_settings(API_RATE=3, TRUSTED_PROXIES=0)
class ApiRateTestCase(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)
        travel = time_machine.travel("2026-12-07 10:00:05+03:00", tick=False)
        self.clock = travel.start()
        self.addCleanup(travel.stop)

    def get(self, headers: dict, address: str = "10.0.0.1"):
        return self.client.get(URL, REMOTE_ADDR=address, **headers)

    def test_a_token_gets_429_in_json_after_the_limit(self) -> None:
        token = bearer(self.alice)
        for _ in range(3):
            self.assertEqual(self.get(token).status_code, 200)
        r = self.get(token)
        self.assertEqual(r.status_code, 429)
        self.assertIn("не больше 3 в минуту", r.json()["detail"])
        self.assertEqual(r["Retry-After"], "55")

    def test_each_token_counts_apart_and_again_the_next_minute(self) -> None:
        alice, bob = bearer(self.alice), bearer(self.bob)
        for _ in range(3):
            self.get(alice)
        # bob's token from another address is not alice's
        self.assertEqual(self.get(bob, "10.0.0.2").status_code, 200)
        self.clock.shift(60)
        self.assertEqual(self.get(alice).status_code, 200)

    def test_an_address_guessing_tokens_is_stopped_too(self) -> None:
        wrong = {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
        for _ in range(3):
            self.assertEqual(self.get(wrong).status_code, 401)
        self.assertEqual(self.get(wrong).status_code, 429)
        self.assertEqual(self.get(wrong, "10.0.0.9").status_code, 401)
