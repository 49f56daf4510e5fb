from __future__ import annotations

import uuid

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import ConsentLink, GuardianLink
from nastavnik.people.tests.consent_cast import ConsentCastTestCase


class GuardianRemoveTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        args = [self.child.code, self.mother.code]
        self.url = reverse("people-guardian-remove", args=args)

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url)
        self.assertRedirects(r, reverse("people-guardian-add", args=[self.child.code]))
        self.assertFalse(GuardianLink.objects.filter(child=self.child).exists())
        # The parent stays in the base: only the link is gone.
        self.mother.refresh_from_db()
        event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
        self.assertEqual(event.object_code, self.child.code)

    def test_the_removed_parent_can_no_longer_sign_by_link(self) -> None:
        token = self.make_link()
        self.client.force_login(self.alice)
        self.client.post(self.url)
        self.assertFalse(ConsentLink.objects.exists())
        self.client.logout()
        r = self.client.get(reverse("public-consent", args=[token]))
        self.assertEqual(r.status_code, 404)

    def test_it_requires_post(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertTrue(GuardianLink.objects.exists())

    def test_it_handles_an_unknown_guardian(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-guardian-remove", args=[self.child.code, uuid.uuid4()])
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 302)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(GuardianLink.objects.exists())

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(GuardianLink.objects.exists())
