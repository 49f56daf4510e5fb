from __future__ import annotations

import io
from datetime import date

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.lib.dates import SchoolYear
from nastavnik.lib.tests.checks import assert_file_name, assert_prints_on_a4
from nastavnik.orgs.models import Organisation
from nastavnik.programmes.models import Item, Programme
from nastavnik.programmes.progress import organisations_progress
from nastavnik.programmes.tests.roadmaps import make_roadmap
from nastavnik.test import BaseTestCase, make_organisation

TODAY = date(2026, 11, 23)


# Overdue at TODAY: items 2 and 3. In progress: 4; planned: 5.
SCHOOL_A_ITEMS = [
    ("15.10.2026", "done"),
    ("20.10.2026", "planned"),
    ("31.10.2026", "in_progress"),
    ("25.11.2026", "in_progress"),
    ("15.12.2026", "planned"),
    ("01.10.2026", "cancelled"),
]


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class MunicipalityProgressTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_roadmap(cls.school_a, SCHOOL_A_ITEMS)
        make_roadmap(cls.school_a2, [("15.10.2025", "done")], year=2025)
        make_roadmap(cls.school_c, [("15.10.2026", "planned")])

    def setUp(self) -> None:
        self.url = reverse(
            "programmes-municipality-progress", args=[self.municipality_a.code]
        )

    def _rows(self, response) -> dict:
        return {row.short_name: row for row in response.context["rows"]}

    def test_it_shows_every_organisation_of_the_municipality(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertEqual(list(self._rows(r)), ["СОШ № 1", "СОШ № 2"])
        self.assertNotContains(r, "СОШ № 3")
        row = self._rows(r)["СОШ № 1"]
        self.assertEqual(
            [
                row.num_items,
                row.num_done,
                row.num_in_progress,
                row.num_planned,
                row.num_overdue,
                row.num_cancelled,
            ],
            [6, 1, 1, 1, 2, 1],
        )
        # done among those not cancelled
        self.assertEqual(row.percent_done, 20)
        self.assertEqual(row.current_stage, "Подготовка")
        self.assertEqual(row.next_activity, "Мероприятие 4")
        self.assertEqual(row.next_due, date(2026, 11, 25))

    def test_it_lists_the_overdue_items_with_their_dates(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        overdue = self._rows(r)["СОШ № 1"].overdue_items
        self.assertEqual(
            [(i.activity, i.days_late) for i in overdue],
            [("Мероприятие 2", 34), ("Мероприятие 3", 23)],
        )
        self.assertContains(r, "20.10.2026")
        self.assertContains(r, "просрочено на 34 дн.")
        item = overdue[0]
        self.assertContains(r, reverse("programmes-item-detail", args=[item.code]))

    def test_overdue_is_counted_on_the_day_it_is_shown(self) -> None:
        self.client.force_login(self.mila)
        with time_machine.travel("2026-10-25 10:00+03:00", tick=False):
            r = self.client.get(self.url)
        row = self._rows(r)["СОШ № 1"]
        self.assertEqual(row.num_overdue, 1)
        self.assertEqual(row.num_planned, 1)
        self.assertEqual(row.num_in_progress, 2)

    def test_it_marks_organisations_without_a_programme(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertEqual(self._rows(r)["СОШ № 2"].year_programmes, [])
        self.assertContains(r, "нет программы")
        self.assertEqual(r.context["totals"]["num_without_programme"], 1)

    def test_a_draft_counts_in_no_figure_and_gives_no_current_stage(self) -> None:
        draft = make_roadmap(
            self.school_a,
            [("01.10.2026", "planned"), ("15.12.2026", "planned")],
            title="Черновик программы",
            status=Programme.Status.DRAFT,
        )
        draft.stages.update(title="Этап черновика")
        # the running programme's only open stage is closed: nothing is current
        Item.objects.filter(stage__roadmap=self.roadmap).update(status="done")
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        row = self._rows(r)["СОШ № 1"]
        self.assertEqual((row.num_items, row.num_done, row.num_overdue), (6, 6, 0))
        self.assertIsNone(row.current_stage)
        self.assertIsNone(row.next_activity)
        self.assertEqual(
            [p.title for p in row.year_programmes], ["Программа наставничества"]
        )
        self.assertEqual(row.num_drafts, 1)
        self.assertContains(r, "1 черновик программы не учтён")
        self.assertNotContains(r, "Этап черновика")
        self.assertEqual(r.context["totals"]["num_items"], 6)
        self.assertEqual(r.context["totals"]["num_drafts"], 1)
        self.assertContains(r, "черновики не учтены: 1")

    def test_an_organisation_with_only_a_draft_says_so(self) -> None:
        make_roadmap(
            self.school_a2, [("01.10.2026", "planned")], status=Programme.Status.DRAFT
        )
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        row = self._rows(r)["СОШ № 2"]
        self.assertEqual((row.year_programmes, row.num_items), ([], 0))
        self.assertEqual(row.num_overdue, 0)
        self.assertContains(r, "только черновик")
        self.assertEqual(r.context["totals"]["num_without_programme"], 1)

    def test_the_municipal_home_says_so_too(self) -> None:
        make_roadmap(
            self.school_a2, [("01.10.2026", "planned")], status=Programme.Status.DRAFT
        )
        self.client.force_login(self.mila)
        r = self.client.get(reverse("home"))
        rows = {row.short_name: row for row in r.context["roadmap_rows"]}
        self.assertEqual(rows["СОШ № 2"].num_items, 0)
        self.assertContains(r, "только черновик")

    def test_approved_and_completed_programmes_count(self) -> None:
        for status in (Programme.Status.APPROVED, Programme.Status.COMPLETED):
            make_roadmap(
                self.school_a2, [("15.10.2026", "done")], title=status, status=status
            )
        self.client.force_login(self.mila)
        row = self._rows(self.client.get(self.url))["СОШ № 2"]
        self.assertEqual((row.num_items, row.num_done, row.num_drafts), (2, 2, 0))

    def test_it_drills_down_into_each_roadmap(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        link = reverse("programmes-roadmap-detail", args=[self.roadmap.code])
        self.assertContains(r, f'<a href="{link}">СОШ № 1</a>', html=True)

    def test_it_adds_up_the_totals(self) -> None:
        make_roadmap(self.school_a2, [("15.10.2026", "done"), ("", "planned")])
        self.client.force_login(self.mila)
        totals = self.client.get(self.url).context["totals"]
        self.assertEqual(totals["num_items"], 8)
        self.assertEqual(totals["num_done"], 2)
        self.assertEqual(totals["num_overdue"], 2)
        self.assertEqual(totals["percent_done"], 28)

    def test_it_switches_the_school_year(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url, {"year": "2025"})
        self.assertEqual(r.context["year"], SchoolYear(2025))
        rows = self._rows(r)
        self.assertEqual(rows["СОШ № 1"].year_programmes, [])
        self.assertEqual(rows["СОШ № 2"].num_done, 1)
        self.assertContains(r, '<option value="2025" selected>2025/2026</option>')

    def test_it_rejects_a_forged_year(self) -> None:
        self.client.force_login(self.mila)
        for year in ("abc", "20", "-1"):
            with self.subTest(year=year):
                r = self.client.get(self.url, {"year": year})
                self.assertEqual(r.status_code, 400)

    def test_it_shows_a_school_renamed_between_two_visits(self) -> None:
        self.client.force_login(self.mila)
        self.assertContains(self.client.get(self.url), "СОШ № 1")
        Organisation.objects.filter(pk=self.school_a.pk).update(short_name="Лицей № 9")
        r = self.client.get(self.url)
        self.assertContains(r, "Лицей № 9")
        self.assertNotContains(r, "СОШ № 1")

    def test_the_regional_operator_reads_it(self) -> None:
        self.client.force_login(self.rita)
        r = self.client.get(self.url)
        self.assertEqual(list(self._rows(r)), ["СОШ № 1", "СОШ № 2"])

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.alice, self.bob):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_handles_another_regions_municipality(self) -> None:
        self.client.force_login(self.rita)
        url = reverse(
            "programmes-municipality-progress", args=[self.municipality_b.code]
        )
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_asks_anonymous_visitors_to_log_in(self) -> None:
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)

    def test_the_table_costs_the_same_queries_for_any_number_of_organisations(
        self,
    ) -> None:
        organisations = Organisation.objects.filter(municipality=self.municipality_a)
        # the organisations, their programmes, their item counts, their late
        # items and their next items
        with self.assertNumQueries(5):
            organisations_progress(organisations, SchoolYear(2026), TODAY)
        for n in range(3, 8):
            school = make_organisation(self.municipality_a, f"43300001{n:02d}", f"№{n}")
            make_roadmap(school, SCHOOL_A_ITEMS)
            make_roadmap(school, SCHOOL_A_ITEMS, title="Черновик", status="draft")
        with self.assertNumQueries(5):
            rows = organisations_progress(organisations, SchoolYear(2026), TODAY)
        self.assertEqual(len(rows), 7)
        self.assertEqual(sum(len(row.overdue_items) for row in rows), 12)
        self.assertEqual(sum(row.num_drafts for row in rows), 5)

    def test_the_page_costs_the_same_queries_for_any_number_of_organisations(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for n in range(3, 8):
            school = make_organisation(self.municipality_a, f"43300001{n:02d}", f"№{n}")
            make_roadmap(school, SCHOOL_A_ITEMS)
            make_roadmap(school, SCHOOL_A_ITEMS, title="Черновик", status="draft")
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(self.url)
        self.assertEqual(len(r.context["rows"]), 7)
        self.assertEqual(len(many), len(few))


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class MunicipalityProgressXlsxTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_roadmap(cls.school_a, SCHOOL_A_ITEMS)

    def setUp(self) -> None:
        self.url = reverse(
            "programmes-municipality-progress-xlsx", args=[self.municipality_a.code]
        )

    def test_it_works(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        name = "Ход дорожных карт 2026-2027 — Уни — 23.11.2026.xlsx"
        assert_file_name(self, r, name)
        ws = load_workbook(io.BytesIO(r.content)).active
        assert_prints_on_a4(self, ws, title_rows="1:1")
        self.assertEqual(ws.page_setup.orientation, "landscape")
        rows = list(ws.values)
        self.assertEqual(rows[0][:4], ("Организация", "Программа", "Шаблон", "Всего"))
        self.assertEqual(rows[1][0], "СОШ № 1")
        self.assertEqual(rows[1][3:10], (6, 1, 1, 1, 2, 1, 20))
        self.assertIn("20.10.2026 Мероприятие 2", rows[1][13])
        self.assertEqual(rows[2][:2], ("СОШ № 2", "нет программы"))
        self.assertEqual(rows[3][0], "Итого")

    def test_it_names_the_drafts_it_does_not_count(self) -> None:
        make_roadmap(self.school_a, SCHOOL_A_ITEMS, title="Черновик", status="draft")
        make_roadmap(self.school_a2, SCHOOL_A_ITEMS, status="draft")
        self.client.force_login(self.mila)
        rows = list(
            load_workbook(io.BytesIO(self.client.get(self.url).content)).active.values
        )
        self.assertEqual(
            rows[1][1], "Программа наставничества\n1 черновик программы не учтён"
        )
        self.assertEqual(rows[1][3:10], (6, 1, 1, 1, 2, 1, 20))
        self.assertEqual(rows[2][1], "1 черновик программы не учтён")
        self.assertEqual(rows[2][3], 0)

    def test_the_regional_operator_reads_it(self) -> None:
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.alice):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_rejects_a_forged_year(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url, {"year": "x"}).status_code, 400)
