"""The KPI pages and the denominators: who sees what, what a form keeps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import time_machine
from django.urls import reverse

from nastavnik.monitoring import kpis
from nastavnik.monitoring.models import Denominators, Target
from nastavnik.monitoring.tests.factory import pair, person
from nastavnik.orgs.models import Municipality
from nastavnik.people.models import Person
from nastavnik.test import BaseTestCase, make_organisation


@time_machine.travel(date(2026, 12, 6), tick=False)
class OrganisationKpisPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("monitoring-organisation-kpis", args=[self.school_a.code])
        mentor = person(self.school_a, "Наставникова", category=Person.Category.TEACHER)
        self.mentee = person(self.school_a, "Учеников", birth_date=date(2012, 4, 1))
        pair(self.school_a, [mentor], [self.mentee])

    def test_the_curator_sees_the_six_kpis_and_the_people_behind_one(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(self.url, {"on": "2026-12-06", "show": "1"})
        self.assertContains(page, "Дети 10–19 лет в роли наставляемого")
        self.assertContains(page, "Удовлетворённость наставников")
        self.assertContains(page, "нет данных")  # no denominators yet
        self.assertContains(page, "Ввести знаменатели")
        self.assertContains(page, "Учеников")  # the people behind KPI 1
        self.assertContains(page, "01.09.2026")  # ages taken on

    def test_a_teammate_sees_it_and_an_outsider_or_overseer_gets_404(self) -> None:
        for user, status in ((self.bob, 200), (self.charlie, 404), (self.mila, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_a_wrong_date_says_so_and_shows_today(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(self.url, {"on": "31.02.2026"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Введите правильную дату")

    def test_a_date_before_any_programme_says_the_figures_are_empty(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(self.url, {"on": "2024-10-01"})
        self.assertContains(page, "не было программы наставничества")

    def test_the_page_asks_the_database_a_fixed_number_of_times(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        with self.assertNumQueries(8):
            self.client.get(self.url)
        for n in range(5):
            more = person(self.school_a, f"Ещё{n}", birth_date=date(2012, 4, 1))
            pair(self.school_a, [person(self.school_a, f"Наст{n}")], [more])
        with self.assertNumQueries(8):
            self.client.get(self.url)


@time_machine.travel(date(2026, 12, 6), tick=False)
class OrganisationDenominatorsTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse(
            "monitoring-organisation-denominators", args=[self.school_a.code]
        )

    def test_the_form_offers_the_organisations_own_lists(self) -> None:
        for n in range(3):
            person(self.school_a, f"Ученик{n}", birth_date=date(2011, 1, 1))
        person(self.school_a, "Малыш", birth_date=date(2019, 1, 1))
        self.client.force_login(self.alice)
        page = self.client.get(self.url)
        self.assertContains(page, "По спискам организации: 3.")
        self.assertContains(page, 'value="3"')

    def test_saving_keeps_the_figures_of_the_school_year(self) -> None:
        self.client.force_login(self.alice)
        answer = self.client.post(
            self.url + "?year=2026",
            {"reference_date": "2026-09-01", "children": "120", "youths": ""},
        )
        self.assertRedirects(
            answer,
            reverse("monitoring-organisation-kpis", args=[self.school_a.code]),
            fetch_redirect_response=False,
        )
        saved = Denominators.objects.get(organisation=self.school_a, school_year=2026)
        self.assertEqual((saved.children, saved.youths), (120, None))
        self.assertEqual(saved.updated_by, self.alice)

    def test_a_reference_date_outside_the_year_redisplays_with_an_error(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.post(
            self.url + "?year=2026", {"reference_date": "2020-09-01", "children": "5"}
        )
        self.assertContains(page, "Возраст берётся на день 2026/2027 учебного года")
        self.assertFalse(Denominators.objects.exists())

    def test_an_outsider_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(
            self.client.post(self.url, {"reference_date": "2026-09-01"}).status_code,
            404,
        )


@time_machine.travel(date(2026, 12, 6), tick=False)
class MunicipalityKpisTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse(
            "monitoring-municipality-kpis", args=[self.municipality_a.code]
        )
        mentor = person(self.school_a, "Наставникова", category=Person.Category.TEACHER)
        self.mentees = [
            person(self.school_a, f"Ученик{n}", birth_date=date(2012, 4, n))
            for n in range(1, 7)
        ]
        pair(self.school_a, [mentor], self.mentees)
        few = person(self.school_a2, "Одинокий", birth_date=date(2012, 4, 1))
        pair(self.school_a2, [person(self.school_a2, "Наставник")], [few])
        Denominators.objects.create(
            organisation=self.school_a,
            school_year=2026,
            reference_date=date(2026, 9, 1),
            children=60,
        )
        Denominators.objects.create(
            organisation=self.school_a2,
            school_year=2026,
            reference_date=date(2026, 9, 1),
            children=10,
        )

    def test_the_coordinator_sees_every_school_side_by_side_small_groups_hidden(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        page = self.client.get(self.url)
        self.assertContains(page, "СОШ № 1")
        self.assertContains(page, "СОШ № 2")
        self.assertContains(page, "10,0 %")  # 6 of 60
        self.assertContains(page, "менее 5")  # the one pupil of school 2
        self.assertNotContains(page, "Одинокий")
        self.assertNotContains(page, "Ученик1")

    def test_the_regional_operator_reads_it_and_curators_get_404(self) -> None:
        for user, status in ((self.rita, 200), (self.alice, 404), (self.charlie, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_the_page_asks_the_database_the_same_number_of_times_for_more_schools(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        self.client.get(self.url)
        with self.assertNumQueries(9):
            self.client.get(self.url)
        school = make_organisation(self.municipality_a, "4330000037", "СОШ № 4")
        pair(school, [person(school, "Н")], [person(school, "У")])
        with self.assertNumQueries(9):
            self.client.get(self.url)

    def test_only_the_coordinator_enters_the_municipal_denominators(self) -> None:
        url = reverse(
            "monitoring-municipality-denominators", args=[self.municipality_a.code]
        )
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.mila)
        page = self.client.get(url)
        self.assertContains(page, "По спискам организации: 70.")
        self.client.post(url, {"reference_date": "2026-09-01", "children": "900"})
        saved = Denominators.objects.get(municipality=self.municipality_a)
        self.assertEqual(saved.children, 900)


@time_machine.travel(date(2026, 12, 6), tick=False)
class RegionKpisTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("monitoring-region-kpis", args=[self.region_a.code])
        mentor = person(self.school_a, "Наставникова", category=Person.Category.TEACHER)
        mentees = [
            person(self.school_a, f"Ученик{n}", birth_date=date(2012, 4, n))
            for n in range(1, 4)
        ]
        pair(self.school_a, [mentor], mentees)
        more = [
            person(self.school_a2, f"Второй{n}", birth_date=date(2012, 4, n))
            for n in range(1, 4)
        ]
        pair(self.school_a2, [person(self.school_a2, "Наставник")], more)
        Denominators.objects.create(
            municipality=self.municipality_a,
            school_year=2026,
            reference_date=date(2026, 9, 1),
            children=60,
        )

    def test_the_regional_operator_sees_each_municipality_against_its_own(
        self,
    ) -> None:
        self.client.force_login(self.rita)
        page = self.client.get(self.url)
        self.assertContains(page, "Кировская область")
        self.assertContains(page, "Уни")
        self.assertContains(page, "10,0 %")  # 3 + 3 pupils of two schools of 60
        self.assertNotContains(page, "Тотьма")  # another region's
        self.assertNotContains(page, "Ученик1")
        self.assertContains(page, "Знаменатели региона")

    def test_the_coordinator_and_curators_get_404(self) -> None:
        for user in (self.mila, self.alice, self.charlie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_regional_denominators_start_from_the_municipalities(self) -> None:
        url = reverse("monitoring-region-denominators", args=[self.region_a.code])
        self.client.force_login(self.rita)
        self.assertContains(self.client.get(url), "По спискам организации: 60.")
        self.client.post(url, {"reference_date": "2026-09-01", "children": "5000"})
        saved = Denominators.objects.get(region=self.region_a)
        self.assertEqual(saved.children, 5000)

    def test_the_page_asks_the_database_the_same_number_of_times_for_more_schools(
        self,
    ) -> None:
        self.client.force_login(self.rita)
        self.client.get(self.url)
        with self.assertNumQueries(10):
            self.client.get(self.url)
        school = make_organisation(self.municipality_a, "4330000037", "СОШ № 4")
        pair(school, [person(school, "Н")], [person(school, "У")])
        district = Municipality.objects.create(region=self.region_a, name="Юрья")
        school = make_organisation(district, "4330000038", "СОШ № 5")
        pair(school, [person(school, "Н")], [person(school, "У")])
        with self.assertNumQueries(10):
            self.client.get(self.url)


@time_machine.travel(date(2026, 12, 6), tick=False)
class TargetsTests(BaseTestCase):
    def setUp(self) -> None:
        self.municipal = reverse(
            "monitoring-municipality-targets", args=[self.municipality_a.code]
        )
        self.regional = reverse("monitoring-region-targets", args=[self.region_a.code])

    def test_the_region_sets_a_target_and_its_municipalities_inherit_it(self) -> None:
        self.client.force_login(self.rita)
        page = self.client.get(self.regional, {"year": "2026"})
        # after 2024, seed 001's last year's target
        self.assertContains(page, "Пусто: 70 % (по модели 2020–2024).")
        self.client.post(self.regional + "?year=2026", {"kpi_1": "75,5"})
        self.assertEqual(
            kpis.targets(self.municipality_a, self.region_a, 2026)[1][0],
            Decimal("75.5"),
        )
        self.client.force_login(self.mila)
        page = self.client.get(self.municipal, {"year": "2026"})
        self.assertContains(page, "Пусто: 75,5 % (цель региона).")

    def test_a_municipal_target_overrides_and_an_empty_field_removes_it(self) -> None:
        self.client.force_login(self.mila)
        self.client.post(self.municipal + "?year=2026", {"kpi_2": "12"})
        self.assertEqual(
            kpis.targets(self.municipality_a, self.region_a, 2026)[2][0], Decimal(12)
        )
        self.client.post(self.municipal + "?year=2026", {"kpi_2": ""})
        self.assertFalse(Target.objects.exists())

    def test_a_share_over_100_redisplays_and_saves_nothing(self) -> None:
        self.client.force_login(self.mila)
        page = self.client.post(
            self.municipal + "?year=2026", {"kpi_1": "150", "kpi_2": "12"}
        )
        self.assertContains(page, "меньше либо равно 100")
        self.assertFalse(Target.objects.exists())

    def test_only_the_coordinator_and_the_regional_operator_set_targets(self) -> None:
        for user, url, status in (
            (self.rita, self.municipal, 404),
            (self.alice, self.municipal, 404),
            (self.mila, self.regional, 404),
            (self.charlie, self.regional, 404),
        ):
            with self.subTest(user=user.username, url=url):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
                self.client.post(url, {"kpi_1": "1"})
        self.assertFalse(Target.objects.exists())
