"""A questionnaire's page, and the preview of a version."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import Campaign, Questionnaire
from nastavnik.test import BaseTestCase


class QuestionnaireDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        cls.own = builder.questionnaire_copy(cls.shipped, cls.school_a, cls.alice)

    def get(self, questionnaire: Questionnaire):
        self.client.force_login(self.alice)
        url = reverse("surveys-questionnaire-detail", args=[questionnaire.code])
        return self.client.get(url)

    def test_a_shipped_questionnaire_is_read_only(self) -> None:
        r = self.get(self.shipped)
        self.assertContains(r, "Эффективность программы наставничества")
        self.assertContains(r, "изменить её нельзя")
        self.assertContains(r, "Создать на основе")
        self.assertNotContains(r, "/surveys/questions/")
        self.assertNotContains(r, "Настройки версии")

    def test_an_own_questionnaire_shows_its_tools(self) -> None:
        r = self.get(self.own)
        version = self.own.current_version()
        question = version.sections.get(position=2).questions.get(position=1)
        self.assertContains(r, reverse("surveys-question-edit", args=[question.code]))
        self.assertContains(r, reverse("surveys-version-edit", args=[version.code]))
        self.assertContains(r, "Оцените в баллах от 1 до 10")
        self.assertContains(r, "учитывается в удовлетворённости", count=9)
        self.assertContains(r, "Показывается, только если на вопрос 1 ответили «да».")
        self.assertContains(r, "раз в две недели")
        self.assertContains(r, "средняя по оцениваемым пунктам от 7")
        self.assertNotContains(r, "уже разослана")

    def test_it_shows_the_profile_fields_and_parameters(self) -> None:
        mentor = Questionnaire.objects.get(organisation=None, slug="mentor")
        self.assertContains(self.get(mentor), "заполняет наставник: компетенции")
        entry = Questionnaire.objects.get(organisation=None, slug="entry-pupils")
        self.assertContains(self.get(entry), "параметр self_esteem")

    def test_it_warns_that_a_sent_version_will_not_change(self) -> None:
        Campaign.objects.create(
            organisation=self.school_a,
            version=self.own.current_version(),
            title="Удовлетворённость, май",
            deadline=date(2026, 5, 25),
        )
        r = self.get(self.own)
        self.assertContains(
            r, "Версия 1 уже разослана. Любое изменение создаст версию 2"
        )
        self.assertContains(r, '<td data-label="Рассылки">1</td>', html=True)

    def test_the_history_lists_every_version(self) -> None:
        builder.version_copy(self.own.current_version(), self.bob)
        r = self.get(self.own)
        self.assertContains(r, "версия 2")
        for version in self.own.versions.all():
            self.assertContains(
                r, reverse("surveys-version-preview", args=[version.code])
            )

    def test_a_shipped_questionnaire_counts_only_the_organisations_campaigns(
        self,
    ) -> None:
        Campaign.objects.create(
            organisation=self.school_c,
            version=self.shipped.current_version(),
            title="Чужая рассылка",
            deadline=date(2026, 5, 25),
        )
        r = self.get(self.shipped)
        self.assertContains(r, '<td data-label="Рассылки">0</td>', html=True)


class VersionPreviewTestCase(BaseTestCase):
    def test_it_shows_the_form_as_the_respondent_sees_it(self) -> None:
        questionnaire = Questionnaire.objects.get(organisation=None, slug="mentor")
        version = questionnaire.current_version()
        self.client.force_login(self.alice)
        r = self.client.get(reverse("surveys-version-preview", args=[version.code]))
        self.assertContains(r, "Вы готовы терпеливо объяснять")
        self.assertContains(r, 'name="q-forms_ready"')
        self.assertContains(r, "опытный педагог – молодой специалист")
        self.assertContains(r, "Подготовка к экзаменам (ОГЭ, ЕГЭ)")
        preview = r.content.decode().split('<div class="preview">', 1)[1]
        preview = preview.split("</main>", 1)[0]
        self.assertNotIn("<form", preview)

    def test_a_ranking_question_says_the_people_come_with_the_campaign(self) -> None:
        questionnaire = Questionnaire.objects.get(organisation=None, slug="preference")
        self.client.force_login(self.alice)
        url = reverse(
            "surveys-version-preview", args=[questionnaire.current_version().code]
        )
        r = self.client.get(url)
        self.assertContains(r, "Расставьте наставников в порядке предпочтения")
