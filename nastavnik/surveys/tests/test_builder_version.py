"""A version's settings; an edit of a sent version makes a new one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import Campaign, Questionnaire
from nastavnik.test import BaseTestCase


class VersionEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentor-pupils"
        )
        cls.questionnaire = builder.questionnaire_copy(shipped, cls.school_a, None)
        cls.version = cls.questionnaire.current_version()
        cls.url = reverse("surveys-version-edit", args=[cls.version.code])

    def data(self, **changes) -> dict:
        data = {
            "instruction": "Ответьте до конца мая.",
            "anonymous": "on",
            "satisfied_from": "8",
        }
        return {**data, **changes}

    def test_it_edits_an_unsent_version_in_place(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data())
        self.assertRedirects(
            r,
            reverse("surveys-questionnaire-detail", args=[self.questionnaire.code]),
            fetch_redirect_response=False,
        )
        self.version.refresh_from_db()
        self.assertEqual(self.version.instruction, "Ответьте до конца мая.")
        self.assertEqual(self.version.satisfied_from, Decimal("8"))
        self.assertEqual(self.questionnaire.versions.count(), 1)

    def test_the_threshold_is_from_1_to_10(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data(satisfied_from="11"))
        self.assertContains(r, "Убедитесь, что это значение меньше либо равно 10.")
        r = self.client.post(self.url, self.data(satisfied_from="семь"))
        self.assertContains(r, "Введите число.")
        self.version.refresh_from_db()
        self.assertEqual(self.version.satisfied_from, Decimal("7"))

    def test_editing_a_sent_version_makes_version_2(self) -> None:
        Campaign.objects.create(
            organisation=self.school_a,
            version=self.version,
            title="Удовлетворённость наставников",
            deadline=date(2026, 5, 25),
        )
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), "уже разослана")
        r = self.client.post(self.url, self.data(), follow=True)
        self.assertContains(r, "Создана версия 2: ответы на версию 1 сохранены.")
        new = self.questionnaire.current_version()
        self.assertEqual((new.number, new.satisfied_from), (2, Decimal("8")))
        self.assertEqual(new.created_by, self.alice)
        self.version.refresh_from_db()
        self.assertEqual(self.version.satisfied_from, Decimal("7"))
        self.assertEqual(new.sections.count(), self.version.sections.count())

    def test_an_old_version_is_not_edited(self) -> None:
        builder.version_copy(self.version)
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data(), follow=True)
        self.assertContains(r, "Версия 1 уже не текущая: у анкеты есть версия 2.")
        self.version.refresh_from_db()
        self.assertEqual(self.version.satisfied_from, Decimal("7"))
