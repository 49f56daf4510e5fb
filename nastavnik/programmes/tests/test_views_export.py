from __future__ import annotations

import io
from datetime import UTC, datetime

import time_machine
from django.urls import reverse
from docx import Document

from nastavnik.lib.docx import CONTENT_TYPE as DOCX_TYPE
from nastavnik.lib.spreadsheets import CONTENT_TYPE as XLSX_CONTENT_TYPE
from nastavnik.lib.tests.checks import assert_file_name, assert_prints_on_a4, sheets
from nastavnik.programmes.tests.test_exporting import make_roadmap
from nastavnik.test import BaseTestCase


@time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
class RoadmapDocxTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.roadmap = make_roadmap(self.school_a, "r145")
        self.url = reverse("programmes-roadmap-docx", args=[self.roadmap.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], DOCX_TYPE)
        name = "Дорожная карта 2026-2027 — СОШ № 1 — 05.12.2026.docx"
        assert_file_name(self, r, name)
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
        name = "Дорожная карта 2026-2027 — Уни — 05.12.2026.docx"
        assert_file_name(self, r, name)

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


@time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False)
class RoadmapXlsxTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.roadmap = make_roadmap(self.school_a, "r145")
        self.url = reverse("programmes-roadmap-xlsx", args=[self.roadmap.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.bob)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        name = "Дорожная карта 2026-2027 — СОШ № 1 — 05.12.2026.xlsx"
        assert_file_name(self, r, name)
        ws = sheets(r)[0]
        assert_prints_on_a4(self, ws, title_rows=ws.print_title_rows.replace("$", ""))
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
