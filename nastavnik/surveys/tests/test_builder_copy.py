"""«Создать на основе»: a shipped questionnaire becomes the organisation's own."""

from __future__ import annotations

from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import Question, Questionnaire
from nastavnik.test import BaseTestCase


class QuestionnaireCopyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.shipped = Questionnaire.objects.get(
            organisation=None, slug="satisfaction-mentee-pupils"
        )
        cls.url = reverse("surveys-questionnaire-copy", args=[cls.shipped.code])

    def test_it_copies_a_shipped_questionnaire_into_the_organisation(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"organisation": str(self.school_a.code)})
        copy = Questionnaire.objects.get(organisation=self.school_a)
        self.assertRedirects(
            r,
            reverse("surveys-questionnaire-detail", args=[copy.code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(copy.based_on, self.shipped)
        version = copy.current_version()
        self.assertEqual((version.number, version.created_by), (1, self.alice))
        self.assertTrue(version.anonymous)
        self.assertEqual(
            Question.objects.filter(section__version=version).count(),
            Question.objects.filter(
                section__version__questionnaire=self.shipped
            ).count(),
        )
        r = self.client.get(r["Location"])
        self.assertContains(r, "Анкета скопирована в «СОШ № 1»")
        self.assertContains(r, "Изменить название и вид")

    def test_conditions_survive_copying(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, {"organisation": str(self.school_a.code)})
        where = Question.objects.get(
            section__version__questionnaire__organisation=self.school_a,
            key="q2_where",
        )
        self.assertEqual(where.show_if.key, "q1_experience")
        self.assertEqual(where.show_if.section.version_id, where.section.version_id)
        self.assertEqual(where.show_if_value, "yes")

    def test_an_own_questionnaire_can_be_copied_again(self) -> None:
        own = builder.questionnaire_copy(self.shipped, self.school_a, None)
        self.client.force_login(self.alice)
        url = reverse("surveys-questionnaire-copy", args=[own.code])
        self.client.post(url, {"organisation": str(self.school_a.code)})
        second = Questionnaire.objects.get(organisation=self.school_a, based_on=own)
        self.assertEqual(second.slug, "satisfaction-mentee-pupils-2")

    def test_it_copies_only_into_the_users_organisation(self) -> None:
        self.client.force_login(self.alice)
        for data in (
            {"organisation": str(self.school_c.code)},
            {},
            {"organisation": "x"},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(self.url, data).status_code, 400)
        self.assertFalse(Questionnaire.objects.exclude(organisation=None))

    def test_another_organisations_questionnaire_is_not_found(self) -> None:
        theirs = builder.questionnaire_copy(self.shipped, self.school_c, None)
        self.client.force_login(self.alice)
        url = reverse("surveys-questionnaire-copy", args=[theirs.code])
        r = self.client.post(url, {"organisation": str(self.school_a.code)})
        self.assertEqual(r.status_code, 404)

    def test_it_only_accepts_posts(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
