from __future__ import annotations

from datetime import date
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from nastavnik.accounts.models import User
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.programmes.models import Comment, Evidence, Item, Programme, Roadmap

EVERY_STATUS = {"planned", "in_progress", "done", "overdue", "cancelled"}


def _demo() -> None:
    call_command("demo", stdout=StringIO())


def _statuses(roadmap: Roadmap, today: date) -> set[str]:
    items = Item.objects.filter(stage__roadmap=roadmap)
    return {item.effective_status(today) for item in items}


class DemoTestCase(TestCase):
    @time_machine.travel("2026-11-23 10:00+03:00", tick=False)
    def test_every_educational_organisation_runs_a_programme_in_every_status(
        self,
    ) -> None:
        _demo()
        today = date(2026, 11, 23)
        for organisation in Organisation.objects.educational():
            with self.subTest(organisation=organisation.short_name):
                programme = Programme.objects.get(
                    organisation=organisation, school_year=2026
                )
                self.assertEqual(programme.status, "running")
                self.assertEqual(_statuses(programme.roadmap, today), EVERY_STATUS)

    @time_machine.travel("2026-11-23 10:00+03:00", tick=False)
    def test_schools_1_and_2_completed_last_years_programme(self) -> None:
        _demo()
        last_year = Programme.objects.filter(school_year=2025)
        self.assertEqual(
            set(last_year.values_list("organisation__inn", flat=True)),
            {"4330000013", "4330000020"},
        )
        for programme in last_year:
            with self.subTest(programme=programme.title):
                self.assertEqual(programme.status, "completed")
                self.assertIn("2025/2026", programme.title)
                items = Item.objects.filter(stage__roadmap__programme=programme)
                self.assertTrue(items.exists())
                self.assertEqual(set(items.values_list("status", flat=True)), {"done"})
                self.assertFalse(
                    items.exclude(
                        done_on__range=(date(2025, 9, 1), date(2026, 8, 31))
                    ).exists()
                )

    @time_machine.travel("2026-11-23 10:00+03:00", tick=False)
    def test_organisations_run_the_seed_of_their_kind(self) -> None:
        _demo()
        templates = dict(
            Roadmap.objects.filter(programme__isnull=False).values_list(
                "programme__organisation__short_name", "template"
            )
        )
        self.assertEqual(templates["МБУ ДО ЦВР пгт Уни"], "seed_000")
        self.assertEqual(templates["МБОУ СОШ № 1 пгт Уни"], "seed_001")
        self.assertEqual(templates["МКОУ СОШ с. Сардык"], "seed_002")
        self.assertEqual(templates["МКДОУ детский сад «Колосок» пгт Уни"], "seed_004")
        kindergarten = Programme.objects.get(
            organisation__short_name__startswith="МКДОУ"
        )
        self.assertEqual(
            set(kindergarten.forms.values_list("track", flat=True)), {"teachers"}
        )

    @time_machine.travel("2026-11-23 10:00+03:00", tick=False)
    def test_the_curator_runs_the_programme_of_school_1(self) -> None:
        _demo()
        for programme in Programme.objects.filter(organisation__inn="4330000013"):
            with self.subTest(school_year=programme.school_year):
                curator = User.objects.get(username="curator")
                self.assertEqual(programme.curator, curator)
        self.assertTrue(Comment.objects.filter(item__status="done").exists())
        self.assertTrue(Evidence.objects.exclude(url="").exists())
        self.assertFalse(Evidence.objects.exclude(file="").exists())

    @time_machine.travel("2026-11-23 10:00+03:00", tick=False)
    def test_templates_with_approval_print_the_head_and_the_order(self) -> None:
        _demo()
        roadmap = Roadmap.objects.get(template="seed_004")
        self.assertEqual(roadmap.approver_name, "Мерзлякова Ольга Витальевна")
        self.assertTrue(roadmap.approval_order_number)
        self.assertEqual(roadmap.approval_order_date, roadmap.programme.order_date)

    @time_machine.travel("2026-11-23 10:00+03:00", tick=False)
    def test_the_municipality_has_its_own_plan(self) -> None:
        _demo()
        plan = Roadmap.objects.get(municipality__name="Уни")
        self.assertEqual(plan.template, "seed_003")
        self.assertEqual(plan.period_start, date(2026, 9, 1))
        self.assertEqual(_statuses(plan, date(2026, 11, 23)), EVERY_STATUS)
        coordinator = User.objects.get(username="municipal")
        self.assertTrue(
            Item.objects.filter(stage__roadmap=plan, responsible_user=coordinator)
        )
        self.assertFalse(Roadmap.objects.filter(municipality__name="Фалёнки"))

    @time_machine.travel("2026-11-23 10:00+03:00", tick=False)
    def test_running_it_twice_creates_nothing_new(self) -> None:
        _demo()
        counts = [
            m.objects.count() for m in (Programme, Roadmap, Item, Comment, Evidence)
        ]
        statuses = list(Item.objects.order_by("pk").values_list("status", "due_on"))
        _demo()
        self.assertEqual(
            [m.objects.count() for m in (Programme, Roadmap, Item, Comment, Evidence)],
            counts,
        )
        self.assertEqual(
            list(Item.objects.order_by("pk").values_list("status", "due_on")),
            statuses,
        )

    def test_every_status_shows_at_the_edges_of_the_school_year(self) -> None:
        for moment in ("2026-09-02 10:00+03:00", "2027-08-27 10:00+03:00"):
            with (
                self.subTest(moment=moment),
                time_machine.travel(moment, tick=False),
                transaction.atomic(),
            ):
                # each moment loads the demo into the database as the test found
                # it: the savepoint is rolled back below
                _demo()
                today = date.fromisoformat(moment[:10])
                year = SchoolYear.of(today)
                for roadmap in Roadmap.objects.filter(period_start=year.start):
                    self.assertEqual(_statuses(roadmap, today), EVERY_STATUS)
                transaction.set_rollback(True)
