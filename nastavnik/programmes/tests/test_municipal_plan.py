from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.lib.dates import SchoolYear
from nastavnik.programmes import services
from nastavnik.programmes.models import Item, Roadmap
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.test import BaseTestCase


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class MunicipalityPlanTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse(
            "programmes-municipality-plan", args=[self.municipality_a.code]
        )

    def _plan(self, year: int = 2026) -> Roadmap:
        return services.build_roadmap(
            TEMPLATES["seed_003"],
            municipality=self.municipality_a,
            school_year=SchoolYear(year),
            since=date(year, 9, 1),
        )

    def test_it_lists_the_plans_of_the_municipality(self) -> None:
        plan = self._plan()
        Item.objects.filter(stage__roadmap=plan).update(status="done")
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertEqual(r.context["plans"], [plan])
        self.assertEqual(r.context["plans"][0].percent_done, 100)
        self.assertContains(r, reverse("programmes-roadmap-detail", args=[plan.code]))
        self.assertContains(r, "01.09.2026 –<br>31.08.2027")
        self.assertContains(r, "Создать план из шаблона")

    def test_it_proposes_the_first_year_without_a_plan(self) -> None:
        self.client.force_login(self.mila)
        form = self.client.get(self.url).context["form"]
        self.assertEqual(form.fields["school_year"].initial, 2026)
        self._plan()
        form = self.client.get(self.url).context["form"]
        self.assertEqual(form.fields["school_year"].initial, 2027)

    def test_it_explains_an_empty_list(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.get(self.url)
        self.assertContains(r, "У муниципального центра ещё нет плана")

    def test_the_coordinator_creates_a_plan_from_a_template(self) -> None:
        self.client.force_login(self.mila)
        r = self.client.post(self.url, {"template": "seed_003", "school_year": 2026})
        plan = Roadmap.objects.get(municipality=self.municipality_a)
        self.assertRedirects(
            r,
            reverse("programmes-roadmap-detail", args=[plan.code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(plan.template, "seed_003")
        self.assertEqual(plan.period_start, date(2026, 9, 1))
        self.assertIsNone(plan.programme)
        self.assertEqual(
            Item.objects.filter(stage__roadmap=plan).count(),
            len(TEMPLATES["seed_003"].items),
        )

    def test_it_refuses_a_second_plan_for_the_same_year(self) -> None:
        self._plan()
        self.client.force_login(self.mila)
        r = self.client.post(self.url, {"template": "seed_003", "school_year": 2026})
        self.assertContains(r, "уже есть план на 2026/2027 учебный год")
        self.assertEqual(Roadmap.objects.count(), 1)

    def test_it_offers_only_municipal_templates(self) -> None:
        self.client.force_login(self.mila)
        choices = dict(
            self.client.get(self.url).context["form"].fields["template"].choices
        )
        self.assertIn("seed_003", choices)
        self.assertNotIn("r145", choices)

    def test_it_rejects_a_forged_template_or_year(self) -> None:
        self.client.force_login(self.mila)
        for data in (
            {"template": "r145", "school_year": 2026},
            {"template": "seed_003", "school_year": 1999},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(self.url, data).status_code, 400)
        self.assertFalse(Roadmap.objects.exists())

    def test_the_regional_operator_reads_it(self) -> None:
        plan = self._plan()
        self.client.force_login(self.rita)
        r = self.client.get(self.url)
        self.assertEqual(r.context["plans"], [plan])
        self.assertNotContains(r, "Создать план из шаблона")

    def test_the_regional_operator_cannot_create_a_plan(self) -> None:
        self.client.force_login(self.rita)
        r = self.client.post(self.url, {"template": "seed_003", "school_year": 2026})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Roadmap.objects.exists())

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.alice, self.bob):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                data = {"template": "seed_003", "school_year": 2026}
                self.assertEqual(self.client.post(self.url, data).status_code, 404)
        self.assertFalse(Roadmap.objects.exists())

    def test_it_handles_a_municipality_of_another_region(self) -> None:
        self.client.force_login(self.mila)
        url = reverse("programmes-municipality-plan", args=[self.municipality_b.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_its_items_done_in_reports_lead_to_the_organisations_reports(self) -> None:
        plan = self._plan()
        item = Item.objects.get(
            stage__roadmap=plan, activity__startswith="Мониторинг реализации"
        )
        self.assertEqual(item.action, Item.Action.REPORTS)  # seed 003, item 4.2
        link = reverse("reports-municipality-list", args=[self.municipality_a.code])
        self.client.force_login(self.mila)
        r = self.client.get(reverse("programmes-item-detail", args=[item.code]))
        self.assertContains(r, link)
