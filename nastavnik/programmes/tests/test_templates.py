"""The roadmap templates: each seed template, written for the seed's own
organisation, gives back the seed's text; written for any other, it names
that organisation, its people, its municipality and its years, and none of
the seed's.

Where a template departs from its seed on purpose, the departure is written
out here (``_expected``) and nowhere else: seed 002's stages are numbered
1. to 7. (the seed numbers two of them «3.» and one «4. 5.»), and seed 003's
item 1.1 falls due in the May of the plan's school year (the seed writes
May 2021, before its own school year 2021/2022 starts).
"""

from __future__ import annotations

import re
from datetime import date

import time_machine
from django.test import SimpleTestCase

from nastavnik.accounts.models import Membership, Role
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.programmes import deadlines, services
from nastavnik.programmes.models import Item, Programme, Roadmap
from nastavnik.programmes.roadmap_templates import (
    TEMPLATES,
    RoadmapTemplate,
    render,
)
from nastavnik.programmes.tests import seed_text
from nastavnik.programmes.tests.seed_text import Seed
from nastavnik.test import BaseTestCase, make_user

SEED_KEYS = ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004"]

# The proper names, places, years and order numbers of each seed, read from
# the seed files, as patterns (case is ignored): none of them may reach a
# roadmap made for someone else.
SEED_OWN_WORDS = {
    "seed_000": [r"МБУ ДО ЦВР", r"\bЦВР\b", r"\bУни\b", r"Кировск", "2023", "2024"],
    "seed_001": [r"Сигнальненск", r"Гамеза", r"И\.Я\.", "2020"],
    "seed_002": [r"Иркутск", r"СОШ №42", r"Зарипов", r"01-06-106-3/22", "2022"],
    "seed_003": [r"Таштагол", "2021", "2022"],
    "seed_004": [
        r"детск\w+ сад",
        r"№ 104",
        r"Новиков",
        r"02-05/164-1",
        r"Заведующ",
        r"30\.08",
        "2023",
        "2024",
    ],
}


def _seed_words_in(text: str) -> list[str]:
    return [
        word
        for words in SEED_OWN_WORDS.values()
        for word in words
        if re.search(word, text, re.IGNORECASE)
    ]


# The territory of seed 003 as its text names it, and as a roadmap names a
# municipality (the product does not decline a municipality's name).
TASHTAGOL = "Таштагольского муниципального района"
TASHTAGOL_AS_NAMED = "муниципального образования «Таштагольский муниципальный район»"


def _expected(key: str, territory: str = TASHTAGOL) -> Seed:
    """The seed's text with the template's declared departures from it."""
    seed = seed_text.READERS[key]()
    if key == "seed_002":
        for position, stage in enumerate(seed.stages, start=1):
            stage.number = f"{position}."
    if key == "seed_003":
        first = seed.stages[0].items[0]
        assert (first.number, first.deadline) == ("1.1", "Май 2021 г.")
        first.deadline = "Май 2022 г."
        seed.title = seed.title.replace(TASHTAGOL, territory)
        for stage in seed.stages:
            stage.title = stage.title.replace(TASHTAGOL, territory)
    return seed


def _responsible(item: Item) -> str:
    """Who the roadmap's page names as responsible for the item."""
    user = item.responsible_user.get_short_name() if item.responsible_user else ""
    return ", ".join(part for part in (user, item.responsible_text) if part)


def _texts(roadmap: Roadmap) -> list[str]:
    """Every text of a roadmap that a reader sees or prints."""
    texts = [
        roadmap.title,
        roadmap.approver_position,
        roadmap.approver_name,
        roadmap.approval_order_number,
        roadmap.agreed_note,
    ]
    for stage in roadmap.stages.all():
        texts += [stage.number, stage.title]
    for item in Item.objects.filter(stage__roadmap=roadmap):
        texts += [item.number, item.activity, item.deadline_text, item.result]
        texts.append(_responsible(item))
    return texts


class SeedTemplatesTestCase(BaseTestCase):
    """Each seed template, built for its seed's own organisation and year,
    reproduces its seed's text."""

    def seed_s_own(self, key: str) -> Organisation | Municipality:
        """The organisation (or municipality) of the seed, as its text names
        it, with its people."""
        owner = TEMPLATES[key].seed_owner
        if TEMPLATES[key].municipal:
            return Municipality.objects.create(
                region=self.region_b, name="Таштагольский муниципальный район"
            )
        organisation = Organisation.objects.create(
            municipality=self.municipality_b,
            type=Organisation.Type.SCHOOL,
            name=owner.organisation,
            short_name=owner.organisation,
            inn="7700000001",
            head_position=owner.head_position,
        )
        if key == "seed_001":
            # The seed gives the curator's initials only: the first name and
            # patronymic are made up to match them.
            curator = make_user(
                "gameza", last_name="Гамеза", first_name="Ирина", patronymic="Яковлевна"
            )
            Membership.objects.create(
                user=curator, role=Role.CURATOR, organisation=organisation
            )
        return organisation

    def build(self, key: str, owner, year: int, **header) -> Roadmap:
        template = TEMPLATES[key]
        school_year = SchoolYear(year)
        if template.municipal:
            return services.build_roadmap(
                template,
                municipality=owner,
                school_year=school_year,
                since=school_year.start,
                **header,
            )
        programme = Programme.objects.create(
            organisation=owner, school_year=year, title=template.name
        )
        return services.build_roadmap(
            template,
            programme=programme,
            school_year=school_year,
            since=school_year.start,
            **header,
        )

    def build_for_the_seed(self, key: str, **header) -> Roadmap:
        year = TEMPLATES[key].seed_owner.year
        return self.build(key, self.seed_s_own(key), year, **header)

    def items(self, roadmap: Roadmap) -> list[Item]:
        return list(Item.objects.filter(stage__roadmap=roadmap))

    def assert_like_seed(self, roadmap: Roadmap, seed: Seed, *, stages: bool) -> None:
        self.assertEqual(roadmap.title, seed.title)
        self.assertEqual(roadmap.headings, seed.headings)
        built = [
            (i.number, i.activity, i.deadline_text, _responsible(i), i.result)
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
        roadmap = self.build_for_the_seed("seed_000")
        self.assert_like_seed(roadmap, _expected("seed_000"), stages=True)
        self.assertEqual(roadmap.keys, ["stage", "activity", "deadline", "result"])
        self.assertEqual(len(self.items(roadmap)), 8)

    def test_seed_001_names_the_organisation_s_curator_on_33_items(self) -> None:
        roadmap = self.build_for_the_seed("seed_001")
        self.assert_like_seed(roadmap, _expected("seed_001"), stages=False)
        self.assertNotIn("stage", roadmap.keys)
        self.assertEqual(roadmap.stages.count(), 7)
        items = self.items(roadmap)
        self.assertEqual(len(items), 34)
        curators = [i for i in items if i.responsible_user is not None]
        self.assertEqual(len(curators), 33)
        self.assertTrue(all(i.responsible_text == "" for i in curators))
        self.assertEqual(items[9].number, "10.")
        self.assertEqual(_responsible(items[9]), "")

    def test_seed_002_numbers_its_stages_one_to_seven(self) -> None:
        header = seed_text.approval("002")
        roadmap = self.build_for_the_seed("seed_002", **header)
        self.assert_like_seed(roadmap, _expected("seed_002"), stages=True)
        numbers = [s.number for s in roadmap.stages.order_by("position")]
        self.assertEqual(numbers, ["1.", "2.", "3.", "4.", "5.", "6.", "7."])
        self.assertTrue(all(i.deadline_text == "" for i in self.items(roadmap)))
        roadmap.refresh_from_db()
        self.assertEqual(roadmap.approver_name, "Н.В. Зарипова")
        self.assertEqual(roadmap.approver_position, "Директор МБОУ г. Иркутска СОШ №42")
        self.assertEqual(roadmap.approval_order_number, "01-06-106-3/22")
        self.assertEqual(roadmap.approval_order_date, date(2022, 8, 31))
        self.assertTrue(TEMPLATES["seed_002"].approval)

    def test_seed_003_is_a_municipal_plan_with_stages_as_heading_rows(self) -> None:
        roadmap = self.build_for_the_seed("seed_003")
        expected = _expected("seed_003", territory=TASHTAGOL_AS_NAMED)
        self.assert_like_seed(roadmap, expected, stages=True)
        self.assertTrue(roadmap.stage_rows)
        numbers = [i.number for i in self.items(roadmap)]
        self.assertEqual(numbers[0], "1.1")
        self.assertEqual(numbers[-3:], ["5.1", "5.1.1", "5.1.2"])
        heading = self.items(roadmap)[-3]
        self.assertEqual((heading.deadline_text, heading.due_on), ("", None))

    def test_seed_004_has_the_approval_and_the_council_s_agreement(self) -> None:
        header = seed_text.approval("004")
        roadmap = self.build_for_the_seed("seed_004", **header)
        self.assert_like_seed(roadmap, _expected("seed_004"), stages=True)
        roadmap.refresh_from_db()
        self.assertEqual(roadmap.approver_name, "О.Ю.Новикова")
        self.assertEqual(
            roadmap.agreed_note, "на педагогическом совете 30.08.2023 г. протокол № 5"
        )
        self.assertEqual(TEMPLATES["seed_004"].approval_word, "Утверждаю")

    def test_the_seed_s_own_year_keeps_its_deadlines_as_written(self) -> None:
        items = self.items(self.build_for_the_seed("seed_000"))
        self.assertEqual(items[0].deadline_text, "сентябрь-октябрь 2023 г.")
        self.assertEqual(items[0].due_on, date(2023, 10, 31))
        self.assertEqual(items[5].due_on, date(2024, 5, 31))

    def test_deadlines_are_written_for_the_programme_s_school_year(self) -> None:
        roadmap = self.build("seed_001", self.school_a, 2026)
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
        roadmap = self.build("seed_001", self.school_a, 2026)
        self.assertEqual(
            roadmap.title,
            "Дорожная карта внедрения целевой модели наставничества в СОШ № 1",
        )

    def test_a_municipal_plan_names_its_municipality_and_school_year(self) -> None:
        roadmap = self.build("seed_003", self.municipality_a, 2025)
        self.assertTrue(roadmap.title.endswith("на 2025-2026 год"))
        self.assertIn("на территории муниципального образования «Уни»", roadmap.title)
        first = roadmap.stages.order_by("position").first()
        self.assertTrue(
            first.title.endswith("организациях муниципального образования «Уни»")
        )
        dues = {i.number: i.due_on for i in self.items(roadmap)}
        self.assertEqual(dues["1.1"], date(2026, 5, 31))
        self.assertEqual(dues["4.3"], date(2026, 5, 31))
        self.assertEqual(dues["4.2"], date(2025, 9, 25))  # monthly, on the 25th
        self.assertIsNone(dues["3.3"])  # two weeks from choosing the model

    def test_the_municipal_coordinator_takes_the_centre_s_items(self) -> None:
        roadmap = self.build("seed_003", self.municipality_a, 2026)
        centre = [i for i in self.items(roadmap) if i.responsible_text == "МНЦ"]
        self.assertEqual([i.number for i in centre], ["2.1", "4.2", "5.1.2"])
        self.assertTrue(all(i.responsible_user == self.mila for i in centre))


class ResponsibleTestCase(BaseTestCase):
    """A role of a template names the organisation's own person, or is left
    for the user to pick."""

    def build(self, key: str, **fields) -> list[Item]:
        programme = Programme.objects.create(
            organisation=self.school_a2, school_year=2026, title=key, **fields
        )
        roadmap = services.build_roadmap(
            TEMPLATES[key],
            programme=programme,
            school_year=SchoolYear(2026),
            since=date(2026, 9, 1),
        )
        return list(Item.objects.filter(stage__roadmap=roadmap))

    def test_the_organisation_s_only_curator_and_head_take_their_items(self) -> None:
        curator = make_user("vera", last_name="Веселова", first_name="Вера")
        head = make_user("gleb", last_name="Глебов", first_name="Глеб")
        Membership.objects.create(
            user=curator, role=Role.CURATOR, organisation=self.school_a2
        )
        Membership.objects.create(
            user=head, role=Role.HEAD, organisation=self.school_a2
        )
        items = self.build("r145")
        by_text = {(i.responsible_text, i.responsible_user) for i in items}
        self.assertEqual(
            by_text,
            {("Куратор", curator), ("Руководитель ОО", head), ("Наставники", None)},
        )
        seed_004 = self.build("seed_004")
        self.assertIn(
            ("Директор", head),
            {(i.responsible_text, i.responsible_user) for i in seed_004},
        )

    def test_the_programme_s_curator_comes_first(self) -> None:
        for name in ("vera", "vlad"):
            Membership.objects.create(
                user=make_user(name), role=Role.CURATOR, organisation=self.school_a2
            )
        chosen = make_user("vika", last_name="Викторова", first_name="Виктория")
        items = self.build("seed_001", curator=chosen)
        self.assertEqual([_responsible(i) for i in items].count("Викторова В."), 33)

    def test_a_role_held_by_several_or_none_is_left_to_pick(self) -> None:
        for name in ("vera", "vlad"):
            Membership.objects.create(
                user=make_user(name), role=Role.CURATOR, organisation=self.school_a2
            )
        items = self.build("seed_001")
        self.assertTrue(all(i.responsible_user is None for i in items))
        texts = [i.responsible_text for i in items]
        self.assertEqual(texts.count("Куратор"), 33)
        self.assertEqual(texts[9], "")

    def test_an_inactive_member_takes_no_item(self) -> None:
        curator = make_user("vera")
        Membership.objects.create(
            user=curator,
            role=Role.CURATOR,
            organisation=self.school_a2,
            is_active=False,
        )
        items = self.build("seed_001")
        self.assertTrue(all(i.responsible_user is None for i in items))


class MadeUpOrganisationTestCase(BaseTestCase):
    """Every template, made for an organisation of another municipality and
    another school year, carries none of the seeds' names, places or years."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lakes = Municipality.objects.create(
            region=cls.region_b, name="Нижнеозёрский"
        )
        cls.school = Organisation.objects.create(
            municipality=cls.lakes,
            type=Organisation.Type.SCHOOL,
            name="Муниципальное общеобразовательное учреждение Тестовая школа",
            short_name="МБОУ Тестовая школа",
            inn="7700000001",
            head_name="Тестова Тамара Тимофеевна",
            head_position="Директор",
        )
        cls.curator = make_user("tim", last_name="Тимофеев", first_name="Тимур")
        Membership.objects.create(
            user=cls.curator, role=Role.CURATOR, organisation=cls.school
        )

    def build(self, template: RoadmapTemplate) -> Roadmap:
        school_year = SchoolYear(2031)
        if template.municipal:
            return services.build_roadmap(
                template,
                municipality=self.lakes,
                school_year=school_year,
                since=date(2031, 9, 1),
            )
        programme = Programme.objects.create(
            organisation=self.school,
            school_year=2031,
            title=template.key,
            order_number="17-ОД",
            order_date=date(2031, 8, 30),
        )
        return services.build_roadmap(
            template,
            programme=programme,
            school_year=school_year,
            since=date(2031, 9, 1),
        )

    def test_no_seed_s_names_places_or_years_reach_the_roadmap(self) -> None:
        roadmaps = [self.build(template) for template in TEMPLATES.values()]
        text = "\n".join(t for roadmap in roadmaps for t in _texts(roadmap))
        self.assertEqual(_seed_words_in(text), [])
        self.assertNotIn("{", text)
        years = set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))
        self.assertEqual(years, {"2031", "2032"})

    def test_it_names_the_organisation_its_municipality_and_years(self) -> None:
        title = self.build(TEMPLATES["seed_000"]).title
        self.assertIn("В МБОУ Тестовая школа на 2031-2032 учебный год", title)
        plan = self.build(TEMPLATES["seed_003"])
        self.assertIn("муниципального образования «Нижнеозёрский»", plan.title)
        self.assertTrue(plan.title.endswith("на 2031-2032 год"))
        roadmap = self.build(TEMPLATES["seed_004"])
        self.assertTrue(roadmap.title.endswith("работников в МБОУ Тестовая школа"))
        self.assertEqual(roadmap.approver_name, "Тестова Тамара Тимофеевна")

    @time_machine.travel("2031-09-01 09:00+03:00", tick=False)
    def test_every_deadline_falls_in_the_period_and_none_is_late_at_once(
        self,
    ) -> None:
        period = SchoolYear(2031)
        for template in TEMPLATES.values():
            roadmap = self.build(template)
            items = Item.objects.filter(stage__roadmap=roadmap)
            with self.subTest(template.key):
                dues = [i.due_on for i in items if i.due_on]
                self.assertEqual(bool(dues), template.key != "seed_002")
                self.assertTrue(all(due in period for due in dues))
                self.assertFalse(items.overdue().exists())


class TemplateDataTestCase(SimpleTestCase):
    def templates(self) -> list[RoadmapTemplate]:
        return [TEMPLATES[key] for key in SEED_KEYS]

    def test_every_seed_has_a_registered_template(self) -> None:
        self.assertLessEqual(set(SEED_KEYS), set(TEMPLATES))
        for template in self.templates():
            with self.subTest(template.key):
                self.assertTrue((seed_text.SEEDS / template.source).exists())

    def test_written_for_its_seed_s_owner_a_template_is_the_seed_s_text(self) -> None:
        for template in self.templates():
            with self.subTest(template.key):
                seed = _expected(template.key)
                written = template.as_seed()
                self.assertEqual(written.title, seed.title)
                self.assertEqual([h for _k, h in written.columns], seed.headings)
                self.assertEqual(
                    [
                        (i.number, i.activity, i.deadline, i.responsible, i.result)
                        for i in written.items
                    ],
                    [item.as_tuple() for item in seed.items],
                )

    def test_no_template_writes_a_year_or_a_seed_s_name(self) -> None:
        for template in TEMPLATES.values():
            texts = [template.title] + [s.title for s in template.stages]
            for item in template.items:
                texts += [item.activity, item.deadline, item.responsible, item.result]
            text = "\n".join(texts)
            with self.subTest(template.key):
                self.assertIsNone(re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))
                self.assertEqual(_seed_words_in(text), [])

    def test_stages_are_numbered_one_to_n(self) -> None:
        for template in TEMPLATES.values():
            numbers = [stage.number for stage in template.stages]
            with self.subTest(template.key):
                if any(numbers):
                    wanted = [str(n) for n in range(1, len(numbers) + 1)]
                    self.assertEqual([n.rstrip(".") for n in numbers], wanted)

    def test_every_deadline_of_every_template_can_be_read(self) -> None:
        for template in TEMPLATES.values():
            owner = template.seed_owner or TEMPLATES["seed_000"].seed_owner
            for item in template.items:
                with self.subTest(template=template.key, deadline=item.deadline):
                    kind = deadlines.parse(render(item.deadline, owner)).kind
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
