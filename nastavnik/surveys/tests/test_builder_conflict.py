"""Two people changing the same sent version at the same moment: the one
whose change comes second gets a message, not a server error, and nothing of
theirs is half-written."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import pre_save
from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import (
    Campaign,
    Question,
    Questionnaire,
    Section,
    Version,
)
from nastavnik.test import BaseTestCase

CONFLICT = "Кто-то другой изменил эту анкету в тот же момент"


def someone_else_makes_version_2_meanwhile(test: BaseTestCase) -> None:
    """While the request under test copies version 1 into version 2, another
    request has just made its own version 2."""
    done = []

    def other_request(sender, instance, **kwargs) -> None:
        if instance.pk is None and not done:
            done.append(True)
            Version.objects.create(
                questionnaire=instance.questionnaire, number=instance.number
            )

    pre_save.connect(other_request, sender=Version)
    test.addCleanup(pre_save.disconnect, other_request, sender=Version)


class EditConflictTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        cls.questionnaire = builder.questionnaire_copy(shipped, cls.school_a, None)
        cls.version = cls.questionnaire.current_version()
        Campaign.objects.create(
            organisation=cls.school_a,
            version=cls.version,
            title="Удовлетворённость, май",
            deadline=date(2026, 5, 25),
        )

    def test_the_second_edit_of_a_section_is_shown_again_with_a_message(self) -> None:
        section = self.version.sections.get(position=1)
        url = reverse("surveys-section-edit", args=[section.code])
        self.client.force_login(self.alice)
        someone_else_makes_version_2_meanwhile(self)
        r = self.client.post(url, {"title": "Знакомство", "instruction": ""})
        self.assertContains(r, CONFLICT)
        self.assertContains(r, 'value="Знакомство"')
        self.assertFalse(Section.objects.filter(title="Знакомство").exists())

    def test_the_second_move_of_a_question_comes_back_with_a_message(self) -> None:
        section = self.version.sections.get(position=2)
        question = section.questions.get(position=2)
        url = reverse("surveys-question-move", args=[question.code])
        self.client.force_login(self.alice)
        someone_else_makes_version_2_meanwhile(self)
        r = self.client.post(url, {"direction": "up"}, follow=True)
        self.assertContains(r, CONFLICT)
        question.refresh_from_db()
        self.assertEqual(question.position, 2)
        self.assertEqual(self.questionnaire.versions.count(), 1)


class EditConflictServiceTestCase(BaseTestCase):
    def test_a_copy_into_a_version_number_already_taken_is_a_conflict(self) -> None:
        shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        questionnaire = builder.questionnaire_copy(shipped, self.school_a, None)
        version = questionnaire.current_version()
        Campaign.objects.create(
            organisation=self.school_a,
            version=version,
            title="Удовлетворённость, май",
            deadline=date(2026, 5, 25),
        )
        someone_else_makes_version_2_meanwhile(self)
        with self.assertRaises(builder.EditConflict):
            builder.edit_version(version, {"instruction": "Новая"}, None)
        version.refresh_from_db()
        self.assertEqual(version.instruction, shipped.current_version().instruction)


class DatabaseRulesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        cls.version = builder.questionnaire_copy(
            shipped, cls.school_a, None
        ).current_version()

    def test_a_scale_that_does_not_go_up_is_refused_with_a_message(self) -> None:
        question = (
            Question.objects.filter(
                section__version=self.version, type="scale", scored=False
            ).first()
            or Question.objects.filter(section__version=self.version).first()
        )
        question.type, question.scored = "scale", False
        question.scale_min = question.scale_max = 5
        with self.assertRaisesMessage(
            ValidationError,
            "Шкала идёт от меньшего числа к большему, в пределах 0–100.",
        ):
            question.full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            question.save()

    def test_two_sections_cannot_share_a_place(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Section.objects.create(version=self.version, position=1)

    def test_moves_keep_the_places_unique(self) -> None:
        third = self.version.sections.get(position=3)
        builder.section_move(third, delta=-1)
        builder.section_move(third, delta=-1)
        third.refresh_from_db()
        self.assertEqual(third.position, 1)
        self.assertEqual(
            sorted(self.version.sections.values_list("position", flat=True)),
            [1, 2, 3],
        )
