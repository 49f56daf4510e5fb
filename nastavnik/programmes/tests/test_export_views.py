from __future__ import annotations

import io
from urllib.parse import quote

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from nastavnik.lib.docx import CONTENT_TYPE as DOCX_TYPE
from nastavnik.programmes.exporting import XLSX_CONTENT_TYPE
from nastavnik.programmes.tests.test_exporting import make_roadmap
from nastavnik.test import BaseTestCase


class RoadmapDocxTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.roadmap = make_roadmap(self.school_a, "r145")
        self.url = reverse("programmes-roadmap-docx", args=[self.roadmap.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], DOCX_TYPE)
        name = quote("Дорожная карта СОШ № 1 2026-2027.docx")
        self.assertEqual(
            r["Content-Disposition"], f"attachment; filename*=utf-8''{name}"
        )
        table = Document(io.BytesIO(r.content)).tables[0]
        self.assertEqual([c.text for c in table.rows[0].cells], self.roadmap.headings)

    def test_it_lets_the_municipal_coordinator_download(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)

    def test_it_lets_the_coordinator_download_the_municipal_plan(self) -> None:
        plan = make_roadmap(self.school_a, "seed_003")
        self.client.force_login(self.mila)
        r = self.client.get(reverse("programmes-roadmap-docx", args=[plan.code]))
        self.assertEqual(r.status_code, 200)
        self.assertIn(quote("Дорожная карта Уни 2026-2027"), r["Content-Disposition"])

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 404)

    def test_it_shows_nothing_to_a_mentor(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 404)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next={self.url}")


class RoadmapXlsxTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.roadmap = make_roadmap(self.school_a, "r145")
        self.url = reverse("programmes-roadmap-xlsx", args=[self.roadmap.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.bob)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        name = quote("Дорожная карта СОШ № 1 2026-2027.xlsx")
        self.assertEqual(
            r["Content-Disposition"], f"attachment; filename*=utf-8''{name}"
        )
        ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        self.assertIn(self.roadmap.headings, rows)

    def test_it_lets_the_municipal_coordinator_download(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 404)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next={self.url}")
