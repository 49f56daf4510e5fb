"""The municipal and regional KPI pages are written once per set of what
they show (nastavnik/lib/fragments.py), their date form with them: a change
made between two visits shows on the second, each visit's day and date form
are its own, and the coordinator's buttons do not reach the regional
operator, nor the other way round."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.monitoring.tests.factory import pair, person
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.test import BaseTestCase


@time_machine.travel(date(2026, 12, 6), tick=False)
class MunicipalKpisPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse(
            "monitoring-municipality-kpis", args=[self.municipality_a.code]
        )
        self.denominators = reverse(
            "monitoring-municipality-denominators", args=[self.municipality_a.code]
        )
        mentor = person(self.school_a, "Наставникова")
        pair(self.school_a, [mentor], [person(self.school_a, "Ученик")])

    def test_it_shows_a_school_renamed_between_two_visits(self) -> None:
        self.client.force_login(self.mila)
        self.assertContains(self.client.get(self.url), "СОШ № 1")
        Organisation.objects.filter(pk=self.school_a.pk).update(short_name="Лицей № 9")
        page = self.client.get(self.url)
        self.assertContains(page, "Лицей № 9")
        self.assertNotContains(page, "СОШ № 1<")

    def test_the_coordinator_and_the_regional_operator_get_each_their_own_page(
        self,
    ) -> None:
        for first, second in ((self.mila, self.rita), (self.rita, self.mila)):
            with self.subTest(first=first.username):
                pages = {}
                for user in (first, second, first):
                    self.client.force_login(user)
                    pages[user] = self.client.get(self.url)
                self.assertContains(pages[self.mila], self.denominators)
                self.assertNotContains(pages[self.rita], self.denominators)

    def test_each_visit_shows_the_day_it_asked_for_and_a_wrong_one_its_error(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        today = self.client.get(self.url)
        self.assertContains(today, 'value="2026-12-06"')
        october = self.client.get(self.url, {"on": "2026-10-01"})
        self.assertContains(october, 'value="2026-10-01"')
        wrong = self.client.get(self.url, {"on": "31.02.2026"})
        self.assertContains(wrong, "Введите правильную дату")
        self.assertContains(wrong, 'value="31.02.2026"')
        again = self.client.get(self.url)
        self.assertContains(again, 'value="2026-12-06"')
        self.assertNotContains(again, "Введите правильную дату")


@time_machine.travel(date(2026, 12, 6), tick=False)
class RegionalKpisPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("monitoring-region-kpis", args=[self.region_a.code])
        mentor = person(self.school_a, "Наставникова")
        pair(self.school_a, [mentor], [person(self.school_a, "Ученик")])
        self.client.force_login(self.rita)

    def test_it_shows_a_municipality_renamed_between_two_visits(self) -> None:
        self.assertContains(self.client.get(self.url), "Уни")
        Municipality.objects.filter(pk=self.municipality_a.pk).update(name="Кильмезь")
        page = self.client.get(self.url)
        self.assertContains(page, "Кильмезь")
        self.assertNotContains(page, ">Уни<")

    def test_each_visit_shows_the_day_it_asked_for_and_its_links_keep_it(
        self,
    ) -> None:
        self.assertContains(self.client.get(self.url), 'value="2026-12-06"')
        october = self.client.get(self.url, {"on": "2026-10-01"})
        self.assertContains(october, 'value="2026-10-01"')
        self.assertContains(october, "?on=2026-10-01")
        wrong = self.client.get(self.url, {"on": ""})
        self.assertContains(wrong, "Обязательное поле")
        self.assertContains(self.client.get(self.url), 'value="2026-12-06"')
