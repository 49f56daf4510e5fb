from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase

from nastavnik.lib.dates import SchoolYear
from nastavnik.programmes import deadlines, services
from nastavnik.programmes.models import Item, Programme, Roadmap
from nastavnik.programmes.roadmap_templates import TEMPLATES, RoadmapTemplate
from nastavnik.programmes.tests import seed_text
from nastavnik.programmes.tests.seed_text import Seed
from nastavnik.test import BaseTestCase

SEED_KEYS = ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004"]


class SeedTemplatesTestCase(BaseTestCase):
    """Each seed template, built into a roadmap, reproduces its seed's text."""

    def build(self, key: str, year: int | None = None, **header) -> Roadmap:
        template = TEMPLATES[key]
        school_year = SchoolYear(year or template.year)
        if template.municipal:
            return services.build_roadmap(
                template,
                municipality=self.municipality_a,
                school_year=school_year,
                since=school_year.start,
                **header,
            )
        programme = Programme.objects.create(
            organisation=self.school_a,
            school_year=school_year.start_year,
            title=template.name,
        )
        return services.build_roadmap(
            template,
            programme=programme,
            school_year=school_year,
            since=school_year.start,
            **header,
        )

    def items(self, roadmap: Roadmap) -> list[Item]:
        return list(Item.objects.filter(stage__roadmap=roadmap))

    def assert_like_seed(self, roadmap: Roadmap, seed: Seed, *, stages: bool) -> None:
        owner = TEMPLATES[roadmap.template].owner_name
        self.assertIn(owner, seed.title)
        if roadmap.municipality_id:
            ours = f"муниципального образования «{roadmap.municipality.name}»"
        else:
            ours = roadmap.programme.organisation.short_name
        self.assertEqual(roadmap.title, seed.title.replace(owner, ours))
        self.assertEqual(roadmap.headings, seed.headings)
        built = [
            (i.number, i.activity, i.deadline_text, i.responsible_text, i.result)
            for i in self.items(roadmap)
        ]
        self.assertEqual(built, [item.as_tuple() for item in seed.items])
        if stages:
            built_stages = [
                (s.number, s.title, s.items.count())
                for s in roadmap.stages.order_by("position")
            ]
            self.assertEqual(
                built_stages, [(s.number, s.title, len(s.items)) for s in seed.stages]
            )

    def test_seed_000_has_eight_stages_of_one_row_each(self) -> None:
        roadmap = self.build("seed_000")
        self.assert_like_seed(roadmap, seed_text.seed_000(), stages=True)
        self.assertEqual(roadmap.keys, ["stage", "activity", "deadline", "result"])
        self.assertEqual(len(self.items(roadmap)), 8)

    def test_seed_001_has_34_numbered_items_and_no_stage_column(self) -> None:
        roadmap = self.build("seed_001")
        self.assert_like_seed(roadmap, seed_text.seed_001(), stages=False)
        self.assertNotIn("stage", roadmap.keys)
        self.assertEqual(roadmap.stages.count(), 7)
        items = self.items(roadmap)
        self.assertEqual(len(items), 34)
        self.assertEqual(items[9].number, "10.")
        self.assertEqual(items[9].responsible_text, "")

    def test_seed_002_splits_each_stage_into_its_numbered_activities(self) -> None:
        header = seed_text.approval("002")
        roadmap = self.build("seed_002", **header)
        self.assert_like_seed(roadmap, seed_text.seed_002(), stages=True)
        numbers = [s.number for s in roadmap.stages.order_by("position")]
        self.assertEqual(numbers, ["1.", "2.", "3.", "3.", "4. 5.", "6.", "7."])
        self.assertTrue(all(i.deadline_text == "" for i in self.items(roadmap)))
        roadmap.refresh_from_db()
        self.assertEqual(roadmap.approver_name, "Н.В. Зарипова")
        self.assertEqual(roadmap.approver_position, "Директор МБОУ г. Иркутска СОШ №42")
        self.assertEqual(roadmap.approval_order_number, "01-06-106-3/22")
        self.assertEqual(roadmap.approval_order_date, date(2022, 8, 31))
        self.assertTrue(TEMPLATES["seed_002"].approval)

    def test_seed_003_is_a_municipal_plan_with_stages_as_heading_rows(self) -> None:
        roadmap = self.build("seed_003")
        self.assert_like_seed(roadmap, seed_text.seed_003(), stages=True)
        self.assertEqual(roadmap.municipality, self.municipality_a)
        self.assertTrue(roadmap.stage_rows)
        numbers = [i.number for i in self.items(roadmap)]
        self.assertEqual(numbers[0], "1.1")
        self.assertEqual(numbers[-3:], ["5.1", "5.1.1", "5.1.2"])
        heading = self.items(roadmap)[-3]
        self.assertEqual((heading.deadline_text, heading.due_on), ("", None))

    def test_seed_004_has_the_approval_and_the_council_s_agreement(self) -> None:
        header = seed_text.approval("004")
        roadmap = self.build("seed_004", **header)
        self.assert_like_seed(roadmap, seed_text.seed_004(), stages=True)
        roadmap.refresh_from_db()
        self.assertEqual(roadmap.approver_name, "О.Ю.Новикова")
        self.assertEqual(
            roadmap.agreed_note, "на педагогическом совете 30.08.2023 г. протокол № 5"
        )
        self.assertEqual(TEMPLATES["seed_004"].approval_word, "Утверждаю")

    def test_the_seed_s_own_year_keeps_its_deadlines_as_written(self) -> None:
        items = self.items(self.build("seed_000"))
        self.assertEqual(items[0].deadline_text, "сентябрь-октябрь 2023 г.")
        self.assertEqual(items[0].due_on, date(2023, 10, 31))
        self.assertEqual(items[5].due_on, date(2024, 5, 31))

    def test_deadlines_move_to_the_programme_s_school_year(self) -> None:
        roadmap = self.build("seed_001", year=2026)
        items = self.items(roadmap)
        self.assertEqual(items[0].deadline_text, "Октябрь 2026г.")
        self.assertEqual(items[0].due_on, date(2026, 10, 31))
        self.assertEqual(items[7].deadline_text, "Октябрь-ноябрь 2026г.")
        self.assertEqual(items[7].due_on, date(2026, 11, 30))
        self.assertEqual(items[24].due_on, date(2026, 12, 31))
        self.assertEqual(items[10].due_on, date(2027, 8, 31))  # «Весь период»
        year = SchoolYear(2026)
        self.assertTrue(all(i.due_on in year for i in items))

    def test_a_roadmap_names_its_own_organisation_not_the_seed_s(self) -> None:
        roadmap = self.build("seed_001", year=2026)
        self.assertEqual(
            roadmap.title,
            "Дорожная карта внедрения целевой модели наставничества в СОШ № 1",
        )

    def test_a_municipal_plan_moves_its_title_and_dates_too(self) -> None:
        roadmap = self.build("seed_003", year=2025)
        self.assertTrue(roadmap.title.endswith("на 2025-2026 год"))
        self.assertIn("на территории муниципального образования «Уни»", roadmap.title)
        self.assertNotIn("Таштагол", roadmap.title)
        dues = {i.number: i.due_on for i in self.items(roadmap)}
        self.assertEqual(dues["4.3"], date(2026, 5, 31))
        self.assertEqual(dues["4.2"], date(2025, 9, 25))  # monthly, on the 25th
        self.assertIsNone(dues["3.3"])  # two weeks from choosing the model


class TemplateDataTestCase(SimpleTestCase):
    def templates(self) -> list[RoadmapTemplate]:
        return [TEMPLATES[key] for key in SEED_KEYS]

    def test_every_seed_has_a_registered_template(self) -> None:
        self.assertLessEqual(set(SEED_KEYS), set(TEMPLATES))
        for template in self.templates():
            with self.subTest(template.key):
                self.assertTrue((seed_text.SEEDS / template.source).exists())

    def test_every_deadline_of_every_template_can_be_read(self) -> None:
        for template in TEMPLATES.values():
            for item in template.items:
                with self.subTest(template=template.key, deadline=item.deadline):
                    kind = deadlines.parse(item.deadline).kind
                    self.assertNotEqual(kind, deadlines.Kind.UNKNOWN)

    def test_columns_use_the_roadmap_s_keys_once_each(self) -> None:
        for template in TEMPLATES.values():
            with self.subTest(template.key):
                keys = [key for key, _heading in template.columns]
                self.assertLessEqual(set(keys), set(Roadmap.COLUMN_KEYS))
                self.assertEqual(len(keys), len(set(keys)))
                self.assertIn("activity", keys)

    def test_every_action_is_a_known_one(self) -> None:
        for template in TEMPLATES.values():
            for item in template.items:
                with self.subTest(template=template.key, item=item.activity[:40]):
                    self.assertIn(item.action, Item.Action.values)

    def test_each_seed_template_links_its_work_to_the_product(self) -> None:
        for template in self.templates():
            with self.subTest(template.key):
                actions = {item.action for item in template.items} - {""}
                self.assertGreaterEqual(len(actions), 4)

    def test_the_repairs_of_the_seed_text_are_few_and_each_used_once(self) -> None:
        for number, repairs in seed_text.REPAIRS.items():
            text = seed_text.raw(number)
            for wrong in repairs:
                with self.subTest(seed=number, wrong=wrong):
                    self.assertEqual(text.count(wrong), 1)
        self.assertEqual(sum(len(r) for r in seed_text.REPAIRS.values()), 6)
