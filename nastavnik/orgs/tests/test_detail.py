from __future__ import annotations

import uuid

from django.urls import reverse

from nastavnik.test import BaseTestCase


class DetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("orgs-organisation-detail", args=[self.school_a.code])

    def test_it_works_for_the_owner(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, self.school_a.inn)
        self.assertContains(r, "Алексеева Алиса")
        self.assertContains(
            r, reverse("orgs-organisation-edit", args=[self.school_a.code])
        )

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertContains(self.client.get(self.url), self.school_a.short_name)

    def test_it_hides_the_organisation_from_a_demoted_teammate(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_municipal_coordinator_reads_without_editing(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertContains(r, self.school_a.inn)
        self.assertNotContains(r, "/edit/")

    def test_the_regional_operator_reads_it(self) -> None:
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_another_regions_operator_gets_404(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("orgs-organisation-detail", args=[self.school_c.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_handles_an_unknown_uuid(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("orgs-organisation-detail", args=[uuid.uuid4()])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_handles_a_bad_uuid(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/orgs/123/").status_code, 404)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
