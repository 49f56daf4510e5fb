"""Every XLSX export printed to PDF by LibreOffice: A4 pages, the header
row on each page, and numbered pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from unittest import skipUnless

import time_machine
from django.urls import reverse

from nastavnik.lib.tests.checks import PDFTOTEXT, SOFFICE, convert
from nastavnik.people.tests.factory import make_pupil
from nastavnik.programmes.tests import test_exporting
from nastavnik.programmes.tests.roadmaps import make_roadmap
from nastavnik.reports.services import report_submit
from nastavnik.reports.tests.factory import make_report
from nastavnik.surveys.tests.test_results import SeededCampaign
from nastavnik.test import BaseTestCase

PDFINFO = shutil.which("pdfinfo")
# A4 in points, either way round.
A4 = {(595, 842), (842, 595)}


@skipUnless(SOFFICE and PDFINFO and PDFTOTEXT, "LibreOffice or poppler is missing")
@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class XlsxPrintTestCase(SeededCampaign, BaseTestCase):
    def _pdfs(self, files: dict[str, bytes]) -> dict[str, Path]:
        out = Path(self.enterClassContext(tempfile.TemporaryDirectory()))
        for name, content in files.items():
            (out / f"{name}.xlsx").write_bytes(content)
        convert((out / f"{name}.xlsx" for name in files), out)
        return {name: out / f"{name}.pdf" for name in files}

    def _pages(self, pdf: Path) -> list[str]:
        info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True)
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
        self.assertIn((round(float(size[1])), round(float(size[2]))), A4)
        count = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
        run = [PDFTOTEXT, "-layout", str(pdf), "-"]
        text = subprocess.run(run, capture_output=True, text=True).stdout
        return text.split("\f")[:count]

    def _get(self, url: str) -> bytes:
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        return r.content

    def test_every_export_prints_its_header_on_every_numbered_a4_page(self) -> None:
        for n in range(120):
            make_pupil(self.school_a, f"Ученик{n:03d}", class_name=f"{n % 11 + 1}А")
        self.seed(self.school_a)
        roadmap = test_exporting.make_roadmap(self.school_a, "r145")
        make_roadmap(self.school_a, [("Мероприятие", "2026-10-01")], year=2026)
        self.client.force_login(self.alice)
        files = {
            "people": self._get(reverse("people-export", args=[self.school_a.code])),
            "roadmap": self._get(
                reverse("programmes-roadmap-xlsx", args=[roadmap.code])
            ),
            "answers": self._get(
                reverse("surveys-campaign-xlsx", args=[self.campaign.code])
            ),
        }
        self.client.force_login(self.mila)
        url = reverse(
            "programmes-municipality-progress-xlsx", args=[self.municipality_a.code]
        )
        files["progress"] = self._get(url)
        report = make_report(self.school_a, today=date(2026, 11, 1))
        report_submit(report=report, user=self.alice, today=date(2026, 10, 24))
        files["report"] = self._get(reverse("reports-report-xlsx", args=[report.code]))
        url = reverse("reports-municipality-summary", args=[self.municipality_a.code])
        files["summary"] = self._get(f"{url}?kind=monthly&start=2026-10-01")
        headers = {
            "report": "Показатель",
            "summary": "Организация",
            "people": "Фамилия",
            "roadmap": "Мероприятие",
            "answers": "ФИО",
            "progress": "Организация",
        }
        for name, pdf in self._pdfs(files).items():
            with self.subTest(export=name):
                pages = self._pages(pdf)
                if name == "people":
                    self.assertGreater(len(pages), 1)
                for number, page in enumerate(pages, start=1):
                    if name == "answers" and "Ответили" in page:
                        break  # the summary sheet, which has no table header
                    self.assertIn(headers[name], page, f"page {number}")
                    self.assertIn(f"Страница {number} из", page)
