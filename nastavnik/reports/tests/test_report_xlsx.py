"""The XLSX of one report: the figures as stated, the KPIs, the annex."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.people.tests.factory import give_consent
from nastavnik.reports import services
from nastavnik.reports.tests.factory import held, make_report, working_pair
from nastavnik.test import BaseTestCase


@time_machine.travel("2026-12-06 10:00+03:00", tick=False)
class ReportXlsxTestCase(BaseTestCase):
    def _sheets(self, report) -> dict:
        self.client.force_login(self.mila)
        r = self.client.get(reverse("reports-report-xlsx", args=[report.code]))
        self.assertEqual(r.status_code, 200)
        wb = load_workbook(io.BytesIO(r.content))
        return {
            ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb
        }

    def test_it_holds_the_figures_with_their_corrections_and_the_kpis(self) -> None:
        for n in range(6):
            pairing = working_pair(self.school_a, n)
            held(pairing, date(2026, 10, 7))
        report = make_report(self.school_a, today=date(2026, 11, 1))
        services.report_correct(
            report=report, key="meetings_held", value=7, note="Журнал"
        )
        services.report_submit(report=report, user=self.alice, today=date(2026, 10, 24))
        rows = self._sheets(report)["Отчёт"]
        values = {row[1]: row[2:] for row in rows if row[1]}
        self.assertEqual(values["Наставники"][0], 6)
        self.assertEqual(values["Проведено встреч"][0], 7)
        self.assertIn("Журнал", values["Проведено встреч"][1])
        self.assertIn(["Организация", self.school_a.name], [row[:2] for row in rows])
        kpi = next(row for row in rows if str(row[0]).startswith("1. "))
        # six mentees aged 10–19; no denominator entered, so no share
        self.assertEqual(kpi[2:5], [6, None, None])

    def test_a_small_group_is_hidden_and_the_annex_is_on_its_own_sheet(self) -> None:
        pairing = working_pair(self.school_a, 1)
        for member in pairing.members.all():
            give_consent(
                member.person, valid_from=date(2026, 9, 1), transfer_municipal=True
            )
        working_pair(self.school_a, 2)
        report = make_report(self.school_a, kind="quarterly", today=date(2026, 12, 1))
        services.report_submit(report=report, user=self.alice, today=date(2026, 12, 1))
        sheets = self._sheets(report)
        kpi = next(row for row in sheets["Отчёт"] if str(row[0]).startswith("1. "))
        self.assertEqual(kpi[2], "менее 5")
        names = [row[1] for row in sheets["Приложение"][1:]]
        self.assertEqual(sorted(names), ["Наставникова1 Иван", "Учеников1 Иван"])
