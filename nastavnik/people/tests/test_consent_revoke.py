from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import services
from nastavnik.people.models import Consent, Person
from nastavnik.people.tests.consent_cast import ConsentCastTestCase


class ConsentRevokeTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.sign()
        self.url = reverse("people-consent-revoke", args=[self.consent.code])

    def test_it_asks_for_confirmation_and_warns_about_anonymisation(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Отзыв согласия на обработку обезличит человека")
        self.assertContains(r, "Отозвать и обезличить")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.SIGNED)

    def test_revoking_processing_anonymises_the_person(self) -> None:
        pupils = Person.objects.for_organisation(self.school_a).pupils().count()
        self.client.force_login(self.alice)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Согласие отозвано")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.REVOKED)
        child = Person.objects.get(pk=self.child.pk)
        self.assertTrue(child.is_anonymised)
        self.assertNotIn("Пётр", child.full_name)
        self.assertEqual(child.category, Person.Category.PUPIL)
        self.assertEqual(child.organisation, self.school_a)
        self.assertNotIn(child, Person.objects.eligible())
        count = Person.objects.for_organisation(self.school_a).pupils().count()
        self.assertEqual(count, pupils)
        actions = AuditEvent.objects.filter(user=self.alice).values_list(
            "action", flat=True
        )
        self.assertIn(AuditEvent.Action.ANONYMISE, actions)

    def test_revoking_dissemination_keeps_the_person(self) -> None:
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.DISSEMINATION, user=None
        )
        self.sign(consent)
        self.client.force_login(self.alice)
        url = reverse("people-consent-revoke", args=[consent.code])
        self.assertContains(self.client.get(url), "сразу уберите их с сайта")
        self.client.post(url)
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.REVOKED)
        self.teacher.refresh_from_db()
        self.assertFalse(self.teacher.is_anonymised)

    def test_only_a_signed_consent_can_be_revoked(self) -> None:
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.PROCESSING, user=None
        )
        self.client.force_login(self.alice)
        url = reverse("people-consent-revoke", args=[consent.code])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "Отозвать можно только подписанное согласие")
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.PENDING)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 302)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.child.refresh_from_db()
        self.assertFalse(self.child.is_anonymised)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.child.refresh_from_db()
        self.assertFalse(self.child.is_anonymised)
