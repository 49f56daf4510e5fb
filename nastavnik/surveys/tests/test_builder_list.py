from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.surveys import builder
from nastavnik.surveys.models import Campaign, Questionnaire
from nastavnik.test import BaseTestCase


def shipped(slug: str) -> Questionnaire:
    return Questionnaire.objects.get(organisation=None, slug=slug)


class QuestionnaireListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.url = reverse("surveys-questionnaire-list", args=[cls.school_a.code])

    def test_it_lists_the_shipped_questionnaires_by_kind(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "<h1>Анкеты</h1>", html=True)
        self.assertContains(r, "Удовлетворённость наставляемого")
        self.assertContains(r, "Анкета удовлетворённости наставляемого (обучающиеся)")
        self.assertContains(r, "Анкета потенциального наставника")
        self.assertContains(r, "опытный педагог – молодой специалист")
        self.assertContains(r, "Создать на основе", count=14)

    def test_it_lists_the_organisations_own_with_their_version(self) -> None:
        own = builder.questionnaire_copy(shipped("swot"), self.school_a, self.alice)
        own.title = "SWOT нашей школы"
        own.save()
        version = own.current_version()
        Campaign.objects.create(
            organisation=self.school_a,
            version=version,
            title="SWOT, декабрь",
            deadline=date(2026, 12, 20),
        )
        builder.version_for_edit(version, self.alice)
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "SWOT нашей школы")
        self.assertContains(r, "на основе «SWOT-анализ программы наставничества»")
        self.assertContains(r, '<td data-label="Версия">2</td>', html=True)

    def test_it_does_not_show_another_organisations_questionnaires(self) -> None:
        theirs = builder.questionnaire_copy(shipped("swot"), self.school_c, None)
        theirs.title = "SWOT школы № 3"
        theirs.save()
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url), "SWOT школы № 3")

    def test_a_second_visit_shows_what_changed_since_the_first(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(self.url)
        own = builder.questionnaire_copy(shipped("swot"), self.school_a, self.alice)
        own.title = "SWOT нашей школы"
        own.save()
        self.assertContains(self.client.get(self.url), "SWOT нашей школы")

    def test_each_school_sees_its_own_list(self) -> None:
        theirs = builder.questionnaire_copy(shipped("swot"), self.school_c, None)
        theirs.title = "SWOT школы № 3"
        theirs.save()
        self.client.force_login(self.charlie)
        url = reverse("surveys-questionnaire-list", args=[self.school_c.code])
        self.assertContains(self.client.get(url), "SWOT школы № 3")
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertNotContains(r, "SWOT школы № 3")
        self.assertContains(r, f'name="organisation" value="{self.school_a.code}"')

    def test_create_on_its_basis_sends_the_pages_one_form(self) -> None:
        self.client.force_login(self.alice)
        html = self.client.get(self.url).content.decode()
        # no form per row: the list's one form, with the one CSRF token
        page = html[html.index("<h1>") :]
        self.assertEqual(page.count("<form"), 1)
        self.assertEqual(page.count("csrfmiddlewaretoken"), 1)
        copy = reverse("surveys-questionnaire-copy", args=[shipped("swot").code])
        self.assertIn(f'form="questionnaire-copy" formaction="{copy}"', html)
        r = self.client.post(copy, {"organisation": str(self.school_a.code)})
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Questionnaire.objects.filter(organisation=self.school_a))

    def test_the_menu_leads_staff_here(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(reverse("home"))
        self.assertContains(r, f'href="{self.url}"')
        self.assertContains(r, ">Анкеты</a>")
        self.client.force_login(self.mila)
        self.assertNotContains(self.client.get(reverse("home")), ">Анкеты</a>")
