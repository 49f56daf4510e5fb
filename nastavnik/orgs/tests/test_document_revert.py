from __future__ import annotations

from django.urls import reverse

from nastavnik.orgs.models import DocumentTemplate
from nastavnik.orgs.tests.factory import edited_template
from nastavnik.test import BaseTestCase


class DocumentRevertTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("orgs-document-revert", args=[self.school_a.code])
        for organisation in (self.school_a, self.school_c):
            DocumentTemplate.objects.create(
                organisation=organisation,
                name="roadmap.docx",
                content=edited_template("roadmap.docx", "Свой вариант."),
            )

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"kind": "roadmap"})
        self.assertRedirects(
            r, reverse("orgs-document-list", args=[self.school_a.code])
        )
        self.assertFalse(self.school_a.document_templates.exists())
        self.assertTrue(self.school_c.document_templates.exists())
        self.assertEqual(
            self.school_a.document_template("roadmap.docx").name, "roadmap.docx"
        )

    def test_an_unknown_kind_is_not_found(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"kind": "nothing"})
        self.assertEqual(r.status_code, 404)
        self.assertTrue(self.school_a.document_templates.exists())

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(
            self.client.post(self.url, {"kind": "roadmap"}).status_code, 302
        )

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        r = self.client.post(self.url, {"kind": "roadmap"})
        self.assertEqual(r.status_code, 404)
        self.assertTrue(self.school_a.document_templates.exists())

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        r = self.client.post(self.url, {"kind": "roadmap"})
        self.assertEqual(r.status_code, 404)
        self.assertTrue(self.school_a.document_templates.exists())

    def test_it_requires_post(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
