"""The coordinator's table of organisations × periods and the summary XLSX."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.reports import services
from nastavnik.reports.tests.factory import held, make_report, working_pair
from nastavnik.test import BaseTestCase, make_organisation


@time_machine.travel("2026-11-28 10:00+03:00", tick=False)
class MunicipalityReportsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("reports-municipality-list", args=[self.municipality_a.code])
        pairing = working_pair(self.school_a, 1)
        held(pairing, date(2026, 11, 10))
        november = make_report(
            self.school_a, start=date(2026, 11, 1), today=date(2026, 11, 24)
        )
        services.report_submit(
            report=november, user=self.alice, today=date(2026, 11, 24)
        )
        services.report_accept(report=november, user=self.mila)

    def test_it_shows_each_organisation_by_month_and_who_is_late(self) -> None:
        self.client.force_login(self.mila)
        page = self.client.get(self.url)
        self.assertContains(page, "Сентябрь 2026")
        self.assertContains(page, "Ноябрь 2026")
        self.assertNotContains(page, "Декабрь 2026")
        self.assertContains(page, "принят")
        # school A has no report for September and October, school A2 none at all
        self.assertContains(page, "просрочен", count=5)
        self.assertNotContains(page, "СОШ № 3")  # another municipality's school

    def test_the_home_page_of_the_municipality_links_to_it(self) -> None:
        self.client.force_login(self.mila)
        home = self.client.get(
            reverse("home-municipality", args=[self.municipality_a.code])
        )
        self.assertContains(home, self.url)
        self.client.force_login(self.rita)
        home = self.client.get(
            reverse("home-municipality", args=[self.municipality_a.code])
        )
        self.assertNotContains(home, self.url)

    def test_a_bad_kind_or_year_is_a_bad_request(self) -> None:
        self.client.force_login(self.mila)
        for query in ({"kind": "weekly"}, {"year": "1900"}, {"year": "x"}):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(self.url, query).status_code, 400)
        summary = reverse(
            "reports-municipality-summary", args=[self.municipality_a.code]
        )
        r = self.client.get(summary, {"kind": "monthly", "start": "2026-11-02"})
        self.assertEqual(r.status_code, 400)

    def test_the_page_asks_the_database_a_fixed_number_of_times(self) -> None:
        self.client.force_login(self.mila)
        self.client.get(self.url)
        with self.assertNumQueries(6) as before:
            self.client.get(self.url)
        for n in range(4):
            school = make_organisation(
                self.municipality_a, f"43300001{n:02d}", f"СОШ № {n + 10}"
            )
            report = make_report(
                school, start=date(2026, 10, 1), today=date(2026, 10, 20)
            )
            services.report_submit(report=report, user=None, today=date(2026, 10, 20))
        with self.assertNumQueries(len(before.captured_queries)):
            page = self.client.get(self.url)
        self.assertContains(page, "СОШ № 13")

    def test_the_summary_xlsx_has_every_school_with_its_status_and_figures(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(
            reverse("reports-municipality-summary", args=[self.municipality_a.code]),
            {"kind": "monthly", "start": "2026-11-01"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertIn("filename*=UTF-8''", r["Content-Disposition"])
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        header = next(row for row in rows if row[0] == "Организация")
        by_school = {row[0]: row for row in rows if row[0] in ("СОШ № 1", "СОШ № 2")}
        self.assertEqual(by_school["СОШ № 1"][1], "принят")
        self.assertEqual(by_school["СОШ № 2"][1], "не создан, просрочен")
        figures = dict(zip(header, by_school["СОШ № 1"], strict=True))
        self.assertEqual(figures["Наставники"], 1)
        self.assertEqual(figures["Проведено встреч"], 1)
        self.assertEqual(figures["Пары и группы в работе"], 1)
        self.assertNotIn("СОШ № 3", [row[0] for row in rows])
