from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import services
from nastavnik.people.models import Consent, ConsentLink, GuardianLink, Person
from nastavnik.people.tests.consent_cast import ConsentCastTestCase


class PublicRevokeTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.token = self.make_link()
        self.sign()
        self.url = reverse("public-consent-revoke", args=[self.token])

    def test_it_explains_the_consequence_first(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Ребёнок выйдет из программы наставничества")
        self.assertContains(r, "удалены без возможности восстановления")
        self.assertContains(r, "Да, отозвать согласие")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.SIGNED)

    def test_revoking_anonymises_the_child_and_keeps_the_counts(self) -> None:
        pupils = Person.objects.for_organisation(self.school_a).pupils().count()
        r = self.client.post(self.url)
        self.assertContains(r, "Согласие отозвано")
        self.assertNotContains(r, "Пётр")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.REVOKED)
        child = Person.objects.get(pk=self.child.pk)
        self.assertTrue(child.is_anonymised)
        self.assertEqual((child.first_name, child.patronymic), ("", ""))
        self.assertNotEqual(child.last_name, "Иванов")
        self.assertEqual(child.birth_date.year, 2012)
        self.assertEqual(child.category, Person.Category.PUPIL)
        self.assertEqual(child.organisation, self.school_a)
        self.assertNotIn(child, Person.objects.eligible())
        self.assertFalse(GuardianLink.objects.filter(child=child).exists())
        self.assertEqual(
            Person.objects.for_organisation(self.school_a).pupils().count(), pupils
        )
        actions = AuditEvent.objects.filter(user=None).values_list("action", flat=True)
        self.assertIn(AuditEvent.Action.ANONYMISE, actions)

    def test_after_revoking_the_link_no_longer_works(self) -> None:
        self.client.post(self.url)
        self.assertFalse(ConsentLink.objects.exists())
        r = self.client.get(reverse("public-consent", args=[self.token]))
        self.assertEqual(r.status_code, 404)

    def test_revoking_dissemination_keeps_the_child_in_the_programme(self) -> None:
        consent = services.consent_request(
            person=self.child,
            kind=Consent.Kind.DISSEMINATION,
            user=None,
            signer=self.mother,
        )
        token = self.make_link(consent)
        self.sign(consent)
        url = reverse("public-consent-revoke", args=[token])
        self.assertContains(self.client.get(url), "Участие в программе наставничества")
        self.client.post(url)
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.REVOKED)
        self.assertTrue(self.child.has_valid_consent())
        r = self.client.get(reverse("public-consent", args=[token]))
        self.assertContains(r, "Согласие отозвано")

    def test_a_pending_consent_cannot_be_revoked(self) -> None:
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.PROCESSING, user=None
        )
        token = self.make_link(consent)
        url = reverse("public-consent-revoke", args=[token])
        r = self.client.get(url)
        self.assertRedirects(r, reverse("public-consent", args=[token]))
        events = AuditEvent.objects.count()
        self.assertEqual(self.client.post(url).status_code, 409)
        self.assertEqual(AuditEvent.objects.count(), events)
        self.teacher.refresh_from_db()
        self.assertFalse(self.teacher.is_anonymised)

    def test_a_forged_token_records_nothing(self) -> None:
        events = AuditEvent.objects.count()
        url = reverse("public-consent-revoke", args=["forged"])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(AuditEvent.objects.count(), events)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.SIGNED)
