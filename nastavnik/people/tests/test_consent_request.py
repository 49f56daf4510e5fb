from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.people.models import Consent, GuardianLink
from nastavnik.people.tests.consent_cast import ConsentCastTestCase, make_person


# The last day of a school year, late in the evening in Moscow.
@time_machine.travel("2027-08-31 23:30+03:00", tick=False)
class ConsentRequestTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-consent-request", args=[self.child.code])
        self.data = {
            "kind": "processing",
            "signer": self.mother.code,
            "transfer_municipal": "on",
        }

    def test_it_asks_a_legal_representative_to_sign_for_a_minor(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data)
        consent = Consent.objects.exclude(pk=self.consent.pk).get()
        self.assertRedirects(r, reverse("people-consent-detail", args=[consent.code]))
        self.assertEqual(consent.basis, Consent.Basis.REPRESENTATIVE)
        self.assertEqual(consent.signer, self.mother)
        self.assertEqual(consent.signer_name, "Иванова Алёна Викторовна")
        self.assertEqual(consent.status, Consent.Status.PENDING)
        self.assertTrue(consent.transfer_municipal)
        self.assertFalse(consent.transfer_regional)
        self.assertIsNone(consent.valid_until)
        self.assertEqual(consent.recorded_by, self.alice)

    def test_an_adult_signs_their_own_consent(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-consent-request", args=[self.teacher.code])
        r = self.client.get(url)
        self.assertNotContains(r, 'name="signer"')
        data = {"kind": "dissemination", "transfer_regional": "on"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        consent = self.teacher.consents.get()
        self.assertEqual(consent.kind, Consent.Kind.DISSEMINATION)
        self.assertEqual(consent.basis, Consent.Basis.SELF)
        self.assertIsNone(consent.signer)
        self.assertEqual(consent.signer_name, "Смирнова Ольга Ивановна")
        self.assertFalse(consent.transfer_municipal)
        self.assertTrue(consent.transfer_regional)

    def test_a_minor_needs_a_legal_representative(self) -> None:
        GuardianLink.objects.filter(child=self.child).update(
            is_legal_representative=False
        )
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Законный представитель ещё не добавлен")
        r = self.client.post(self.url, {"kind": "processing"})
        self.assertContains(
            r, "Согласие за несовершеннолетнего подписывает законный представитель"
        )
        self.assertEqual(self.child.consents.count(), 1)

    def test_it_keeps_the_term(self) -> None:
        self.client.force_login(self.alice)
        until = date(2028, 8, 31)
        self.client.post(self.url, {**self.data, "valid_until": f"{until:%d.%m.%Y}"})
        consent = self.child.consents.exclude(pk=self.consent.pk).get()
        self.assertEqual(consent.valid_until, until)

    def test_it_refuses_a_term_in_the_past(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**self.data, "valid_until": "01.09.2020"})
        self.assertContains(r, "Срок должен закончиться в будущем")
        self.assertEqual(self.child.consents.count(), 1)

    def test_it_refuses_a_signer_who_is_not_a_representative(self) -> None:
        neighbour = make_person(self.school_a, "Соседова", "Мария")
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**self.data, "signer": neighbour.code})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(self.child.consents.count(), 1)

    def test_it_refuses_a_tampered_kind(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {**self.data, "kind": "everything"})
        self.assertEqual(r.status_code, 400)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 302)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
        self.assertEqual(self.child.consents.count(), 1)

    def test_the_municipal_coordinator_cannot_ask(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)
        self.assertEqual(self.child.consents.count(), 1)
