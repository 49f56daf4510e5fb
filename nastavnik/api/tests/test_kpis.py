"""The KPIs through the API: an organisation's for its staff, a
municipality's with each school's for its coordinator and the region, small
groups suppressed as on the pages."""

from __future__ import annotations

from datetime import date

import time_machine

from nastavnik.api.tests.factory import bearer
from nastavnik.monitoring.models import Denominators
from nastavnik.monitoring.tests.factory import pair, person
from nastavnik.people.models import Person
from nastavnik.test import BaseTestCase


@time_machine.travel(date(2026, 12, 6), tick=False)
class KpisApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        mentor = person(self.school_a, "Наставникова", category=Person.Category.TEACHER)
        mentees = [
            person(self.school_a, f"Ученик{i}", birth_date=date(2012, 4, 1))
            for i in range(3)
        ]
        pair(self.school_a, [mentor], mentees)
        Denominators.objects.create(
            organisation=self.school_a,
            school_year=2026,
            reference_date=date(2026, 9, 1),
            children=30,
        )
        self.school_url = f"/api/organisations/{self.school_a.code}/kpis"
        self.municipal_url = f"/api/municipalities/{self.municipality_a.code}/kpis"

    def test_the_curator_reads_the_six_figures_of_her_school(self) -> None:
        r = self.client.get(self.school_url, {"on": "2026-12-01"}, **bearer(self.alice))
        self.assertEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual(body["school_year"], "2026/2027")
        self.assertEqual(body["reference_date"], "2026-09-01")
        first = body["figures"][0]
        self.assertEqual(first["title"], "Дети 10–19 лет в роли наставляемого")
        self.assertEqual((first["numerator"], first["denominator"]), (3, 30))
        self.assertEqual(first["percent"], 10.0)
        self.assertEqual(first["target"], 70.0)
        self.assertEqual(len(body["figures"]), 6)

    def test_above_the_school_three_children_are_too_few_to_show(self) -> None:
        r = self.client.get(self.municipal_url, **bearer(self.mila))
        self.assertEqual(r.status_code, 200)
        school = next(
            o for o in r.json()["organisations"] if o["code"] == str(self.school_a.code)
        )
        first = school["figures"][0]
        self.assertTrue(first["suppressed"])
        self.assertIsNone(first["numerator"])
        self.assertIsNone(first["percent"])

    def test_each_reads_only_what_the_pages_show_them(self) -> None:
        cases = [
            (self.school_url, self.mila, 404),  # the coordinator: not the school's
            (self.school_url, self.charlie, 404),
            (self.municipal_url, self.alice, 404),
            (self.municipal_url, self.rita, 200),  # the region
            (f"/api/municipalities/{self.municipality_b.code}/kpis", self.mila, 404),
        ]
        for url, user, status in cases:
            with self.subTest(url=url, user=user.username):
                r = self.client.get(url, **bearer(user))
                self.assertEqual(r.status_code, status)

    def test_a_day_that_is_not_a_date_is_explained(self) -> None:
        r = self.client.get(self.school_url, {"on": "31.12.2026"}, **bearer(self.alice))
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["errors"][0]["field"], "on")
