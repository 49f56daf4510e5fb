"""The coordinator's and the regional operator's overview: organisations (or
municipalities) side by side with their pairs, meetings, roadmaps and who is
late with the monthly report."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse

from nastavnik import overview
from nastavnik.monitoring.tests.factory import fixed, pair, person
from nastavnik.orgs.models import Organisation
from nastavnik.pairs.models import Meeting, Pairing
from nastavnik.people.models import Person
from nastavnik.programmes import progress
from nastavnik.programmes.models import Programme
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.reports import services
from nastavnik.reports.tests.factory import held, make_report
from nastavnik.test import BaseTestCase, make_organisation

# 7 December: the monthly report for November was due on 25 November.
TODAY = datetime(2026, 12, 7, 9, tzinfo=UTC)
S = Pairing.Status


def _pair(organisation: Organisation, name: str, status: str = S.WORKING) -> Pairing:
    mentor = person(organisation, f"Н{name}", category=Person.Category.TEACHER)
    pairing = pair(organisation, [mentor], [person(organisation, f"У{name}")])
    Pairing.objects.filter(pk=pairing.pk).update(status=status)
    fixed(pairing, date(2026, 10, 1))
    return pairing


@time_machine.travel(TODAY, tick=False)
class MunicipalityOverviewTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.mila)
        self.url = reverse(
            "home-municipality-overview", args=[self.municipality_a.code]
        )

    def _row(self, organisation: Organisation) -> overview.Row:
        rows = overview.for_municipality(self.municipality_a, TODAY.date())["rows"]
        return next(row for row in rows if row.level == organisation)

    def test_each_school_has_its_pairs_by_outcome_and_its_meetings(self) -> None:
        working = _pair(self.school_a, "А")
        _pair(self.school_a, "Б", S.CLOSED_EARLY)
        _pair(self.school_a, "В", S.CLOSED)
        held(working, date(2026, 10, 5))
        held(working, date(2026, 8, 30))  # the school year before
        # a group meeting of two pairs counts once
        other = _pair(self.school_a2, "Г")
        gathering = uuid.uuid4()
        for pairing in (other, _pair(self.school_a2, "Д")):
            meeting = held(pairing, date(2026, 11, 3))
            Meeting.objects.filter(pk=meeting.pk).update(gathering=gathering)
        row = self._row(self.school_a)
        self.assertEqual(
            (row.pairs, row.live, row.closed, row.closed_early, row.meetings),
            (3, 1, 1, 1, 1),
        )
        self.assertEqual(
            (self._row(self.school_a2).pairs, self._row(self.school_a2).meetings),
            (2, 1),
        )

    def test_the_roadmap_figures_are_those_of_the_progress_table(self) -> None:
        make_programme(self.school_a, status=Programme.Status.RUNNING)
        make_programme(self.school_a2)  # a draft counts nowhere
        row = self._row(self.school_a)
        expected = progress.organisations_progress(
            Organisation.objects.filter(pk=self.school_a.pk),
            overview.SchoolYear(2026),
            TODAY.date(),
        )[0]
        self.assertGreater(row.items["total"], 0)
        self.assertEqual(
            (row.items["total"], row.percent_done, row.overdue),
            (expected.num_items, expected.percent_done, expected.num_overdue),
        )
        self.assertEqual(self._row(self.school_a2).items, {})

    def test_a_school_without_the_last_report_due_is_late(self) -> None:
        november = date(2026, 11, 1)
        report = make_report(self.school_a, start=november, today=date(2026, 11, 24))
        services.report_submit(report=report, user=None, today=date(2026, 11, 24))
        late = make_report(self.school_a2, start=november, today=date(2026, 11, 24))
        services.report_submit(report=late, user=None, today=date(2026, 11, 27))
        data = overview.for_municipality(self.municipality_a, TODAY.date())
        self.assertEqual(data["period"].start, november)
        rows = {row.level: row for row in data["rows"]}
        self.assertEqual(rows[self.school_a].late, 0)
        self.assertEqual(rows[self.school_a2].late, 1)
        self.assertEqual(rows[self.school_a2].report, late)
        self.assertEqual(data["total"].late, 1)
        r = self.client.get(self.url)
        self.assertContains(r, "отправлен", count=2)
        self.assertContains(r, "просрочен", count=1)
        self.assertContains(r, "1 организация с просрочкой")

    def test_a_school_with_no_report_at_all_is_late(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "не сдан, просрочен", count=2)
        self.assertContains(r, "за ноябрь 2026, срок сдачи — 25.11.2026")

    @time_machine.travel(datetime(2026, 9, 20, 9, tzinfo=UTC), tick=False)
    def test_before_the_first_report_is_due_there_is_no_report_column(self) -> None:
        self.assertIsNone(
            overview.last_due_period(overview.SchoolYear(2026), date(2026, 9, 20))
        )
        r = self.client.get(self.url)
        self.assertNotContains(r, "Ежемесячный отчёт")

    def test_the_page_costs_the_same_queries_for_more_schools(self) -> None:
        _pair(self.school_a, "А")
        self.client.get(self.url)
        with self.assertNumQueries(8) as first:
            self.client.get(self.url)
        for n in range(3):
            school = make_organisation(
                self.municipality_a, f"43300001{n:02}", f"СОШ {n}"
            )
            _pair(school, f"Е{n}")
            make_programme(school, status=Programme.Status.RUNNING)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(self.url)

    def test_it_shows_a_school_renamed_between_two_visits(self) -> None:
        self.assertContains(self.client.get(self.url), "СОШ № 1")
        Organisation.objects.filter(pk=self.school_a.pk).update(short_name="Лицей № 9")
        r = self.client.get(self.url)
        self.assertContains(r, "Лицей № 9")
        self.assertNotContains(r, "СОШ № 1<")

    def test_the_coordinator_and_the_regional_operator_get_each_their_own_page(
        self,
    ) -> None:
        reports = reverse("reports-municipality-list", args=[self.municipality_a.code])
        for first, second in ((self.mila, self.rita), (self.rita, self.mila)):
            with self.subTest(first=first.username):
                pages = {}
                for user in (first, second, first):
                    self.client.force_login(user)
                    pages[user] = self.client.get(self.url)
                self.assertContains(pages[self.mila], reports)
                self.assertNotContains(pages[self.rita], reports)

    def test_the_municipal_home_links_to_it(self) -> None:
        home = reverse("home-municipality", args=[self.municipality_a.code])
        self.assertContains(self.client.get(home), self.url)

    def test_only_its_coordinator_and_its_region_see_it(self) -> None:
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        for user in (self.alice, self.charlie):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)


@time_machine.travel(TODAY, tick=False)
class RegionOverviewTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.rita)
        self.url = reverse("home-region-overview", args=[self.region_a.code])

    def test_each_municipality_sums_its_schools_and_counts_the_late_ones(self) -> None:
        _pair(self.school_a, "А")
        _pair(self.school_a2, "Б", S.CLOSED_EARLY)
        _pair(self.school_c, "В")  # another region
        report = make_report(
            self.school_a, start=date(2026, 11, 1), today=date(2026, 11, 20)
        )
        services.report_submit(report=report, user=None, today=date(2026, 11, 20))
        data = overview.for_region(self.region_a, TODAY.date())
        [row] = data["rows"]
        self.assertEqual(row.level, self.municipality_a)
        self.assertEqual(
            (row.organisations, row.pairs, row.live, row.closed_early, row.late),
            (2, 2, 1, 1, 1),
        )
        r = self.client.get(self.url)
        self.assertContains(r, "Уни")
        self.assertNotContains(r, "Тотьма")
        self.assertNotContains(r, "СОШ № 1")

    def test_the_regional_home_links_to_it(self) -> None:
        home = reverse("home-region", args=[self.region_a.code])
        self.assertContains(self.client.get(home), self.url)

    def test_other_regions_and_municipal_coordinators_get_404(self) -> None:
        for user in (self.mila, self.alice, self.charlie):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
