"""Personal links (questionnaires, consents) answer 429 to an address that
opens too many of them in a minute."""

from __future__ import annotations

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings

SURVEY = "/survey/no-such-token/"
CONSENT = "/consent/no-such-token/"


@override_settings(PUBLIC_LINK_RATE=3, TRUSTED_PROXIES=0)
class PublicLinkThrottleTestCase(TestCase):
    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)
        travel = time_machine.travel("2026-12-07 10:00:05+03:00", tick=False)
        self.clock = travel.start()
        self.addCleanup(travel.stop)

    def open(self, url: str, address: str = "10.0.0.1", **headers):
        return self.client.get(url, REMOTE_ADDR=address, headers=headers)

    def test_it_answers_429_in_russian_after_the_limit(self) -> None:
        for _ in range(3):
            self.assertEqual(self.open(SURVEY).status_code, 404)
        r = self.open(SURVEY)
        self.assertContains(r, "Слишком много запросов", status_code=429)
        self.assertEqual(r["Retry-After"], "55")

    def test_it_limits_the_consent_links_too(self) -> None:
        for _ in range(3):
            self.open(CONSENT)
        self.assertEqual(self.open(CONSENT).status_code, 429)

    def test_it_limits_a_post_of_the_questionnaire(self) -> None:
        for _ in range(3):
            self.open(SURVEY)
        r = self.client.post(SURVEY, REMOTE_ADDR="10.0.0.1")
        self.assertEqual(r.status_code, 429)

    def test_it_counts_each_address_and_each_kind_of_link_apart(self) -> None:
        for _ in range(3):
            self.open(SURVEY)
        self.assertEqual(self.open(SURVEY, "10.0.0.2").status_code, 404)
        self.assertEqual(self.open(CONSENT).status_code, 404)

    def test_it_lets_the_address_in_again_the_next_minute(self) -> None:
        for _ in range(4):
            self.open(SURVEY)
        self.clock.shift(60)
        self.assertEqual(self.open(SURVEY).status_code, 404)

    def test_it_keeps_the_token_out_of_the_log(self) -> None:
        for _ in range(3):
            self.open(SURVEY)
        with self.assertNoLogs("django.request"):
            self.assertEqual(self.open(SURVEY).status_code, 429)

    @override_settings(TRUSTED_PROXIES=1)
    def test_behind_a_proxy_it_counts_the_address_the_proxy_saw(self) -> None:
        proxy = "127.0.0.1"
        for _ in range(3):
            self.open(SURVEY, proxy, x_forwarded_for="203.0.113.5")
        self.assertEqual(
            self.open(SURVEY, proxy, x_forwarded_for="203.0.113.5").status_code, 429
        )
        # a forged entry to the left changes nothing; another visitor passes
        forged = "198.51.100.1, 203.0.113.5"
        self.assertEqual(
            self.open(SURVEY, proxy, x_forwarded_for=forged).status_code, 429
        )
        self.assertEqual(
            self.open(SURVEY, proxy, x_forwarded_for="203.0.113.6").status_code, 404
        )

    @override_settings(PUBLIC_LINK_RATE=0)
    def test_a_rate_of_0_turns_the_limit_off(self) -> None:
        for _ in range(5):
            self.assertEqual(self.open(SURVEY).status_code, 404)
