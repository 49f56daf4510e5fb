from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import services
from nastavnik.people.models import Consent, Person
from nastavnik.people.tests.consent_cast import ConsentCastTestCase


# The day after 29 February.
@time_machine.travel("2028-03-01 09:00+03:00", tick=False)
class ConsentSignTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-consent-sign", args=[self.consent.code])
        self.day = date(2028, 3, 1)
        self.data = {"day": f"{self.day:%d.%m.%Y}"}

    def test_it_marks_the_consent_signed_on_paper(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data, follow=True)
        self.assertRedirects(
            r, reverse("people-consent-detail", args=[self.consent.code])
        )
        self.assertContains(r, "Согласие отмечено подписанным на бумаге")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.SIGNED)
        self.assertEqual(self.consent.channel, Consent.Channel.PAPER)
        self.assertEqual(self.consent.valid_from, self.day)
        self.assertTrue(self.child.has_valid_consent())
        self.assertIn(self.child, Person.objects.eligible())
        event = AuditEvent.objects.filter(user=self.alice).first()
        self.assertEqual(event.action, AuditEvent.Action.CONSENT)
        self.assertEqual(event.object_code, self.child.code)

    def test_it_refuses_a_date_in_the_future(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"day": "02.03.2028"})
        self.assertContains(r, "Дата не может быть в будущем")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.PENDING)

    def test_it_refuses_a_date_before_the_request(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"day": "29.02.2028"})
        self.assertContains(r, "бланк не мог быть подписан раньше")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.PENDING)

    def test_a_revoked_consent_cannot_be_signed_again(self) -> None:
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.DISSEMINATION, user=None
        )
        self.sign(consent)
        services.consent_revoke(consent=consent, user=None)
        self.client.force_login(self.alice)
        url = reverse("people-consent-sign", args=[consent.code])
        r = self.client.post(url, self.data, follow=True)
        self.assertContains(r, "Отозванное согласие нельзя подписать снова")
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.REVOKED)

    def test_it_requires_post(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 302)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.PENDING)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.PENDING)
