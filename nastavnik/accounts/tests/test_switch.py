from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.middleware import SESSION_KEY
from nastavnik.accounts.models import Membership, Role
from nastavnik.test import BaseTestCase

URL = reverse("accounts-switch")


class SwitchTestCase(BaseTestCase):
    def setUp(self) -> None:
        # alice also coordinates municipality A
        self.municipal = Membership.objects.create(
            user=self.alice, role=Role.MUNICIPAL, municipality=self.municipality_a
        )
        self.client.force_login(self.alice)

    def test_the_curator_role_opens_first(self) -> None:
        r = self.client.get(reverse("home"))
        self.assertContains(r, self.school_a.short_name)
        self.assertNotContains(r, self.school_a2.short_name)

    def test_it_switches_to_another_role(self) -> None:
        r = self.client.post(URL, {"membership": self.municipal.code, "next": "/"})
        self.assertRedirects(r, "/")
        self.assertEqual(self.client.session[SESSION_KEY], str(self.municipal.code))
        r = self.client.get(reverse("home"))
        self.assertContains(r, self.school_a2.short_name)

    def test_it_refuses_someone_elses_membership(self) -> None:
        other = Membership.objects.get(user=self.charlie)
        r = self.client.post(URL, {"membership": other.code})
        self.assertEqual(r.status_code, 400)
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_it_refuses_a_tampered_code(self) -> None:
        r = self.client.post(URL, {"membership": "not-a-uuid"})
        self.assertEqual(r.status_code, 400)
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_it_refuses_an_inactive_membership(self) -> None:
        self.municipal.is_active = False
        self.municipal.save()
        r = self.client.post(URL, {"membership": self.municipal.code})
        self.assertEqual(r.status_code, 400)

    def test_it_does_not_redirect_off_site(self) -> None:
        data = {"membership": self.municipal.code, "next": "https://evil.example/"}
        r = self.client.post(URL, data)
        self.assertRedirects(r, reverse("home"))

    def test_it_requires_post(self) -> None:
        self.assertEqual(self.client.get(URL).status_code, 405)

    def test_it_requires_login(self) -> None:
        self.client.logout()
        r = self.client.post(URL, {"membership": self.municipal.code})
        self.assertEqual(r.status_code, 302)
        self.assertIn(reverse("accounts-login"), r.url)
