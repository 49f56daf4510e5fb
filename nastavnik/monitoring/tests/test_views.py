"""The KPI pages and the denominators: who sees what, what a form keeps."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.monitoring.models import Denominators
from nastavnik.monitoring.tests.factory import pair, person
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
        with self.assertNumQueries(9):
            self.client.get(self.url)
        for n in range(5):
            more = person(self.school_a, f"Ещё{n}", birth_date=date(2012, 4, 1))
            pair(self.school_a, [person(self.school_a, f"Наст{n}")], [more])
        with self.assertNumQueries(9):
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
        with self.assertNumQueries(13):
            self.client.get(self.url)
        school = make_organisation(self.municipality_a, "4330000037", "СОШ № 4")
        pair(school, [person(school, "Н")], [person(school, "У")])
        with self.assertNumQueries(13):
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
