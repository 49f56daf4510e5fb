"""Versions: copying a version, the version an edit lands in, copying a
questionnaire into an organisation, and the builder's small services."""

from __future__ import annotations

from datetime import date

from nastavnik.surveys import builder, services
from nastavnik.surveys.models import Campaign, Question, Questionnaire
from nastavnik.test import BaseTestCase


def shipped(slug: str) -> Questionnaire:
    return Questionnaire.objects.get(organisation=None, slug=slug)


def snapshot(version) -> list[tuple]:
    """What a version asks, without ids: comparable between copies."""
    return [
        (
            q.section.position,
            q.section.title,
            q.position,
            q.key,
            q.text,
            q.type,
            q.choices,
            q.allow_other,
            q.scored,
            q.parameter,
            q.profile_field,
            q.show_if.key if q.show_if else None,
            q.show_if_value,
        )
        for q in services.questions_of(version)
    ]


class VersionCopyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = builder.questionnaire_copy(
            shipped("satisfaction-mentee-pupils"), cls.school_a, cls.alice
        )
        cls.version = cls.questionnaire.current_version()

    def test_it_copies_sections_questions_and_settings(self) -> None:
        new = builder.version_copy(self.version, self.bob)
        self.assertEqual(new.number, 2)
        self.assertEqual(new.created_by, self.bob)
        self.assertEqual(
            (new.instruction, new.anonymous, new.satisfied_from),
            (
                self.version.instruction,
                self.version.anonymous,
                self.version.satisfied_from,
            ),
        )
        self.assertEqual(snapshot(new), snapshot(self.version))

    def test_conditions_point_into_the_new_version(self) -> None:
        new = builder.version_copy(self.version)
        where = Question.objects.get(section__version=new, key="q2_where")
        self.assertEqual(where.show_if.section.version, new)
        old = Question.objects.get(section__version=self.version, key="q2_where")
        self.assertEqual(old.show_if.section.version, self.version)

    def test_an_unsent_version_is_edited_in_place(self) -> None:
        self.assertEqual(builder.version_for_edit(self.version), self.version)
        self.assertEqual(self.questionnaire.versions.count(), 1)

    def test_a_sent_version_gives_a_new_one_and_keeps_its_questions(self) -> None:
        Campaign.objects.create(
            organisation=self.school_a,
            version=self.version,
            title="Удовлетворённость, май",
            deadline=date(2026, 5, 25),
        )
        before = snapshot(self.version)
        new = builder.version_for_edit(self.version, self.alice)
        self.assertEqual(new.number, 2)
        self.assertEqual(self.questionnaire.current_version(), new)
        Question.objects.filter(section__version=new).update(text="Изменено")
        self.assertEqual(snapshot(self.version), before)
        # the new version has no campaign: further edits stay in it
        self.assertEqual(builder.version_for_edit(new), new)


class QuestionnaireCopyTestCase(BaseTestCase):
    def test_it_makes_an_own_questionnaire_based_on_the_shipped_one(self) -> None:
        original = shipped("mentor")
        copy = builder.questionnaire_copy(original, self.school_a, self.alice)
        self.assertEqual(copy.organisation, self.school_a)
        self.assertEqual(copy.based_on, original)
        self.assertEqual((copy.kind, copy.title), (original.kind, original.title))
        self.assertEqual(copy.slug, "mentor")
        version = copy.current_version()
        self.assertEqual((version.number, version.created_by), (1, self.alice))
        self.assertEqual(snapshot(version), snapshot(original.current_version()))

    def test_conditions_survive_copying(self) -> None:
        original = shipped("satisfaction-mentor-teachers")
        copy = builder.questionnaire_copy(original, self.school_a, None)
        where = Question.objects.get(
            section__version__questionnaire=copy, key="q2_where"
        )
        self.assertEqual(where.show_if.key, "q1_experience")
        self.assertEqual(where.show_if.section.version.questionnaire, copy)
        self.assertEqual(where.show_if_value, "yes")

    def test_a_second_copy_gets_a_free_slug(self) -> None:
        original = shipped("swot")
        first = builder.questionnaire_copy(original, self.school_a, None)
        second = builder.questionnaire_copy(original, self.school_a, None)
        other = builder.questionnaire_copy(original, self.school_c, None)
        self.assertEqual(
            [first.slug, second.slug, other.slug], ["swot", "swot-2", "swot"]
        )

    def test_an_empty_questionnaire_has_version_1_and_a_section(self) -> None:
        questionnaire = builder.questionnaire_create(
            organisation=self.school_a,
            questionnaire=Questionnaire(kind="satisfaction_mentor", title="Моя"),
            user=self.alice,
        )
        version = questionnaire.current_version()
        self.assertEqual(version.number, 1)
        self.assertTrue(version.anonymous)
        self.assertEqual(version.sections.count(), 1)
        self.assertEqual(questionnaire.slug, "satisfaction_mentor")


class BuilderServicesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        copy = builder.questionnaire_copy(
            shipped("satisfaction-mentee-pupils"), cls.school_a, None
        )
        cls.version = copy.current_version()

    def question(self, key: str) -> Question:
        return Question.objects.get(section__version=self.version, key=key)

    def test_a_new_question_gets_a_fresh_key_at_the_end(self) -> None:
        section = self.version.sections.get(position=1)
        question = builder.question_add(
            section=section,
            question=Question(text="Ваш класс", type=Question.Type.SHORT_TEXT),
        )
        self.assertEqual((question.key, question.position), ("q18", 3))
        again = builder.question_add(
            section=section,
            question=Question(text="Ваш возраст", type=Question.Type.NUMBER),
        )
        self.assertEqual(again.key, "q19")

    def test_a_question_cannot_move_above_its_condition(self) -> None:
        with self.assertRaises(builder.ConditionOrder):
            builder.question_move(self.question("q2_where"), delta=-1)
        self.assertEqual(self.question("q2_where").position, 2)
        self.assertEqual(builder.conditions_out_of_order(self.version), [])

    def test_questions_move_within_their_section(self) -> None:
        self.assertTrue(builder.question_move(self.question("q4_comfort"), delta=-1))
        self.assertEqual(
            (
                self.question("q4_comfort").position,
                self.question("q3_effectiveness").position,
            ),
            (1, 2),
        )
        self.assertFalse(builder.question_move(self.question("q4_comfort"), delta=-1))

    def test_deleting_a_condition_shows_its_dependants_always(self) -> None:
        builder.question_delete(self.question("q1_experience"))
        where = self.question("q2_where")
        self.assertEqual(
            (where.show_if, where.show_if_value, where.position), (None, "", 1)
        )

    def test_sections_move_and_delete(self) -> None:
        last = self.version.sections.get(position=3)
        self.assertTrue(builder.section_move(last, delta=-1))
        self.assertEqual(self.version.sections.get(position=2), last)
        builder.section_delete(self.version.sections.get(position=1))
        self.assertEqual(
            list(self.version.sections.values_list("position", flat=True)), [1, 2]
        )
        self.assertFalse(
            Question.objects.filter(section__version=self.version, key="q1_experience")
        )
