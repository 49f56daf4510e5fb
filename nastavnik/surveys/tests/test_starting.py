"""The questionnaires shipped with Nastavnik, as loaded by migration 0002.

The satisfaction questionnaires are checked against the tables of
``QUESTIONNAIRES.md`` (a copy of the project's reference text, kept here so
that the repository does not depend on anything outside it)."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.test import TestCase

from nastavnik.people.models import FEDERAL_FORMS, MentorProfile
from nastavnik.surveys import profiles
from nastavnik.surveys.models import Kind, Question, Questionnaire
from nastavnik.surveys.services import questions_of

REFERENCE = Path(__file__).with_name("QUESTIONNAIRES.md")
RATE = "Оцените в баллах от 1 до 10, где 1 – самый низший балл, а 10 – самый высокий"
SATISFACTION = {
    "satisfaction-mentee-pupils": ("наставляемый", "teacher_pupil"),
    "satisfaction-mentor-pupils": ("наставник", "teacher_pupil"),
    "satisfaction-mentee-teachers": ("наставляемый", "experienced_young"),
    "satisfaction-mentor-teachers": ("наставник", "experienced_young"),
}
MEASUREMENTS = [
    ("entry-pupils", "exit-pupils", "pupil_pupil"),
    ("entry-young-specialists", "exit-young-specialists", "experienced_young"),
]


def reference_table(who: str) -> list[tuple[str, str]]:
    """(question, scale) rows of the satisfaction table of ``who``; a row
    that asks two yes/no questions at once gives two rows."""
    text = REFERENCE.read_text(encoding="utf-8")
    heading = f"### Satisfaction questionnaire, {who} (end of programme)"
    table = text.split(heading, 1)[1].split("###", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].isdigit():
            continue
        _number, question, scale = cells
        for part in re.split(r"(?<=\?) / ", question):
            rows.append((part, scale))
    return rows


def shipped(slug: str) -> Questionnaire:
    return Questionnaire.objects.get(organisation=None, slug=slug)


def questions(slug: str) -> list[Question]:
    return questions_of(shipped(slug).current_version())


class SatisfactionTextsTestCase(TestCase):
    def test_the_reference_tables_are_read(self) -> None:
        self.assertEqual(len(reference_table("наставляемый")), 17)
        # row 17 of the mentor's table asks two questions
        self.assertEqual(len(reference_table("наставник")), 19)

    def test_every_item_is_the_text_of_the_table_with_its_scale(self) -> None:
        for slug, (who, _form) in SATISFACTION.items():
            rows = reference_table(who)
            with self.subTest(slug=slug):
                items = questions(slug)
                self.assertEqual([q.text for q in items], [text for text, _s in rows])
                for question, (_text, scale) in zip(items, rows, strict=True):
                    self.assert_scale(question, scale)

    def assert_scale(self, question: Question, scale: str) -> None:
        if scale == "да / нет":
            self.assertEqual(question.type, Question.Type.YES_NO)
        elif scale == "open":
            self.assertIn(question.type, (Question.Type.LONG_TEXT, "short_text"))
        elif scale == "1–10":
            self.assertEqual(question.type, Question.Type.SCALE)
            self.assertEqual((question.scale_min, question.scale_max), (1, 10))
            self.assertTrue(question.scored, question.text)
        else:
            options = [o.strip() for o in scale.split(" / ")]
            self.assertEqual(options[-1], "свой вариант")
            self.assertEqual(question.type, Question.Type.SINGLE)
            self.assertEqual([label for _v, label in question.choices], options[:-1])
            self.assertTrue(question.allow_other)
        if scale != "1–10":
            self.assertFalse(question.scored, question.text)

    def test_the_rating_instruction_heads_the_rated_items(self) -> None:
        for slug in SATISFACTION:
            with self.subTest(slug=slug):
                rated = [q for q in questions(slug) if q.scored]
                self.assertEqual({q.section.instruction for q in rated}, {RATE})

    def test_where_is_asked_only_after_yes(self) -> None:
        for slug in SATISFACTION:
            with self.subTest(slug=slug):
                first, where = questions(slug)[:2]
                self.assertEqual(where.text, "Если да, то где?")
                self.assertEqual(where.show_if, first)
                self.assertEqual(where.show_if_value, "yes")

    def test_they_are_anonymous_with_a_threshold_of_7(self) -> None:
        for slug in SATISFACTION:
            with self.subTest(slug=slug):
                version = shipped(slug).current_version()
                self.assertEqual(version.number, 1)
                self.assertTrue(version.anonymous)
                self.assertEqual(version.satisfied_from, Decimal("7"))

    def test_there_is_a_pair_for_each_track(self) -> None:
        for slug, (who, form) in SATISFACTION.items():
            with self.subTest(slug=slug):
                questionnaire = shipped(slug)
                kind = "mentee" if who == "наставляемый" else "mentor"
                self.assertEqual(questionnaire.kind, f"satisfaction_{kind}")
                self.assertEqual(questionnaire.form.slug, form)
                self.assertIsNone(questionnaire.form.organisation)


class StartingQuestionnairesTestCase(TestCase):
    def all_questions(self) -> list[Question]:
        return list(
            Question.objects.filter(section__version__questionnaire__organisation=None)
            .select_related("show_if__section", "section")
            .order_by("pk")
        )

    def test_every_kind_has_a_shipped_questionnaire(self) -> None:
        kinds = set(
            Questionnaire.objects.filter(organisation=None).values_list(
                "kind", flat=True
            )
        )
        self.assertEqual(kinds, set(Kind.values) - {Kind.OTHER})

    def test_every_profile_field_is_accepted(self) -> None:
        mapped = [q for q in self.all_questions() if q.profile_field]
        self.assertTrue(mapped)
        for question in mapped:
            with self.subTest(key=question.key):
                self.assertTrue(profiles.accepts(question.profile_field, question.type))

    def test_the_mentor_and_mentee_questionnaires_fill_every_field(self) -> None:
        # the mentor's questionnaire also fills the person's card
        for slug, prefixes in (
            ("mentor", ("mentor.", "person.")),
            ("mentee", ("mentee.",)),
        ):
            fields = {q.profile_field for q in questions(slug) if q.profile_field}
            targets = {t for t in profiles.TARGETS if t.startswith(prefixes)}
            self.assertEqual(fields, targets)

    def test_coded_answers_use_the_codes_of_the_bases(self) -> None:
        by_field = {q.profile_field: q for q in questions("mentor")}
        forms_ready = by_field["mentor.forms_ready"]
        self.assertEqual(
            [value for value, _label in forms_ready.choices],
            [code for code, _label in FEDERAL_FORMS],
        )
        self.assertEqual(
            {value for value, _label in by_field["mentor.format"].choices},
            set(MentorProfile.Format.values),
        )

    def test_the_mentor_is_not_asked_a_name(self) -> None:
        texts = " ".join(q.text for q in questions("mentor"))
        self.assertNotIn("ФИО", texts)
        self.assertIn("терпеливо объяснять", texts)

    def test_the_preference_questionnaire_ranks_mentors(self) -> None:
        ranking = [q for q in questions("preference") if q.type == "ranking"]
        self.assertEqual(
            [q.text for q in ranking], ["Расставьте наставников в порядке предпочтения"]
        )

    def test_conditions_point_to_earlier_questions_of_the_same_version(self) -> None:
        for questionnaire in Questionnaire.objects.filter(organisation=None):
            seen: set[int] = set()
            for question in questions_of(questionnaire.current_version()):
                if question.show_if_id:
                    with self.subTest(key=question.key):
                        self.assertIn(question.show_if_id, seen)
                        self.assertTrue(question.show_if_value)
                seen.add(question.pk)

    def test_keys_are_unique_slugs_in_each_version(self) -> None:
        for questionnaire in Questionnaire.objects.filter(organisation=None):
            keys = [q.key for q in questions_of(questionnaire.current_version())]
            with self.subTest(slug=questionnaire.slug):
                self.assertEqual(len(keys), len(set(keys)))
                for key in keys:
                    self.assertRegex(key, r"^[a-z0-9_]+$")

    def test_entry_and_exit_measure_the_same_parameters(self) -> None:
        for entry_slug, exit_slug, form in MEASUREMENTS:
            with self.subTest(form=form):
                entry, exit_ = shipped(entry_slug), shipped(exit_slug)
                self.assertEqual((entry.kind, exit_.kind), ("entry", "exit"))
                self.assertEqual(entry.form.slug, form)
                self.assertEqual(exit_.form, entry.form)
                before = {q.parameter: q.type for q in questions(entry_slug)}
                after = {q.parameter: q.type for q in questions(exit_slug)}
                self.assertEqual(before, after)
                before.pop("", None)
                self.assertGreaterEqual(len(before), 10)
                self.assertIn("number", before.values())

    def test_entry_asks_expectations_and_exit_results(self) -> None:
        entry = {q.parameter: q.text for q in questions("entry-pupils")}
        exit_ = {q.parameter: q.text for q in questions("exit-pupils")}
        self.assertEqual(
            entry["effectiveness"], "Ожидаемая эффективность программы наставничества"
        )
        self.assertEqual(
            exit_["effectiveness"], "Эффективность программы наставничества"
        )

    def test_loading_again_changes_nothing(self) -> None:
        migration = importlib.import_module(
            "nastavnik.surveys.migrations.0002_starting_questionnaires"
        )
        before = self.all_questions()
        migration.load(apps, None)
        after = self.all_questions()
        self.assertEqual(
            [(q.pk, q.text, q.show_if_id) for q in before],
            [(q.pk, q.text, q.show_if_id) for q in after],
        )
        self.assertEqual(Questionnaire.objects.filter(organisation=None).count(), 14)
