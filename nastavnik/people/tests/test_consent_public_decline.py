from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import Consent, ConsentLink
from nastavnik.people.tests.consent_cast import ConsentCastTestCase


class PublicDeclineTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.token = self.make_link()
        self.url = reverse("public-consent-decline", args=[self.token])

    def test_a_parent_declines(self) -> None:
        r = self.client.post(self.url)
        self.assertContains(r, "Вы отказались дать согласие")
        self.assertContains(r, "не может включить данные в программу наставничества")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.DECLINED)
        self.assertIsNotNone(self.consent.declined_at)
        self.assertFalse(self.child.has_valid_consent())
        self.assertIsNotNone(ConsentLink.objects.get().used_at)
        event = AuditEvent.objects.first()
        self.assertIsNone(event.user)
        self.assertEqual(event.object_code, self.child.code)

    def test_a_signed_consent_cannot_be_declined(self) -> None:
        self.sign()
        events = AuditEvent.objects.count()
        self.assertEqual(self.client.post(self.url).status_code, 409)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.SIGNED)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_forged_token_records_nothing(self) -> None:
        events = AuditEvent.objects.count()
        url = reverse("public-consent-decline", args=["forged"])
        self.assertContains(
            self.client.post(url), "Ссылка недействительна", status_code=404
        )
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.PENDING)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_it_requires_post(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.PENDING)
