"""Sections: add, edit, move, delete; in a new version once sent."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import Campaign, Question, Questionnaire, Section
from nastavnik.test import BaseTestCase


class SectionViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        cls.questionnaire = builder.questionnaire_copy(shipped, cls.school_a, None)
        cls.version = cls.questionnaire.current_version()

    def section(self, position: int, version=None):
        return (version or self.version).sections.get(position=position)

    def titles(self, version=None) -> list[str]:
        return list(
            (version or self.version)
            .sections.order_by("position")
            .values_list("title", flat=True)
        )

    def send(self) -> None:
        Campaign.objects.create(
            organisation=self.school_a,
            version=self.version,
            title="Удовлетворённость, май",
            deadline=date(2026, 5, 25),
        )

    def test_it_adds_a_section_at_the_end(self) -> None:
        url = reverse("surveys-version-section-add", args=[self.version.code])
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(url), "Добавить раздел")
        r = self.client.post(url, {"title": "О себе", "instruction": ""})
        section = self.section(4)
        self.assertEqual(section.title, "О себе")
        self.assertRedirects(
            r,
            reverse("surveys-questionnaire-detail", args=[self.questionnaire.code])
            + f"#section-{section.code}",
            fetch_redirect_response=False,
        )

    def test_it_edits_a_section(self) -> None:
        section = self.section(2)
        url = reverse("surveys-section-edit", args=[section.code])
        self.client.force_login(self.alice)
        self.client.post(url, {"title": "Оценки", "instruction": "От 1 до 10."})
        section.refresh_from_db()
        self.assertEqual(
            (section.title, section.instruction), ("Оценки", "От 1 до 10.")
        )

    def test_it_moves_a_section(self) -> None:
        first, second = self.titles()[:2]
        url = reverse("surveys-section-move", args=[self.section(3).code])
        self.client.force_login(self.alice)
        self.client.post(url, {"direction": "up"})
        self.assertEqual(self.titles(), [first, "Встречи и впечатления", second])
        self.assertEqual(self.client.post(url, {"direction": "left"}).status_code, 400)

    def test_a_section_cannot_move_above_the_condition_of_its_questions(self) -> None:
        # «Если да, то где?» goes to a section of its own, after its condition
        where = Question.objects.get(section__version=self.version, key="q2_where")
        last = builder.section_add(version=self.version, section=Section(title="Где"))
        where.section, where.position = last, 1
        where.save()
        url = reverse("surveys-section-move", args=[self.section(1).code])
        self.client.force_login(self.alice)
        self.client.post(url, {"direction": "down"})
        self.client.post(url, {"direction": "down"})
        r = self.client.post(url, {"direction": "down"}, follow=True)
        self.assertContains(r, "Так переместить нельзя")
        self.assertEqual(self.titles()[2:], ["Опыт участия", "Где"])

    def test_it_deletes_a_section_with_its_questions(self) -> None:
        section = self.section(1)
        url = reverse("surveys-section-delete", args=[section.code])
        self.client.force_login(self.alice)
        self.assertContains(
            self.client.get(url),
            "В разделе 2 вопроса; они будут удалены вместе с разделом.",
        )
        self.client.post(url)
        self.assertEqual(self.titles(), ["Оценка программы", "Встречи и впечатления"])
        self.assertFalse(
            Question.objects.filter(section__version=self.version, key="q1_experience")
        )

    def test_a_sent_version_gets_its_changes_in_version_2(self) -> None:
        self.send()
        before = self.titles()
        self.client.force_login(self.alice)
        url = reverse("surveys-section-delete", args=[self.section(1).code])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "Создана версия 2: ответы на версию 1 сохранены.")
        new = self.questionnaire.current_version()
        self.assertEqual(self.titles(new), before[1:])
        self.assertEqual(self.titles(), before)
        self.assertEqual(
            Question.objects.filter(section__version=self.version).count(), 17
        )
