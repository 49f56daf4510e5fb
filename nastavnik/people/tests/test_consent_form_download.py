from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from nastavnik.lib.tests.checks import assert_file_name
from nastavnik.people import services
from nastavnik.people.models import Consent
from nastavnik.people.tests.test_consent_cast import ConsentCastTestCase


@time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
class ConsentFormDownloadTestCase(ConsentCastTestCase):
    def test_it_names_the_consent_the_person_the_school_and_the_day(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(reverse("people-consent-form", args=[self.consent.code]))
        self.assertEqual(r.status_code, 200)
        name = (
            "Согласие на обработку персональных данных — Иванов П.С. — СОШ № 1 — "
            "05.12.2026.docx"
        )
        assert_file_name(self, r, name)

    def test_a_consent_to_dissemination_says_so(self) -> None:
        self.school_a.website = "https://school1.example.ru"
        self.school_a.save()
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.DISSEMINATION, user=self.alice
        )
        self.client.force_login(self.alice)
        r = self.client.get(reverse("people-consent-form", args=[consent.code]))
        self.assertEqual(r.status_code, 200)
        name = (
            "Согласие на распространение персональных данных — Смирнова О.И. — "
            "СОШ № 1 — 05.12.2026.docx"
        )
        assert_file_name(self, r, name)
