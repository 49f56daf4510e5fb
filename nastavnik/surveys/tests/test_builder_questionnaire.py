"""Creating and editing a questionnaire of the organisation."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from nastavnik.programmes.models import MentorshipForm
from nastavnik.surveys import builder
from nastavnik.surveys.models import Campaign, Questionnaire
from nastavnik.test import BaseTestCase


class QuestionnaireAddTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.url = reverse("surveys-questionnaire-add", args=[cls.school_a.code])
        cls.form = MentorshipForm.objects.get(organisation=None, slug="pupil_pupil")

    def test_it_creates_an_empty_questionnaire(self) -> None:
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), "Новая анкета")
        r = self.client.post(
            self.url,
            {
                "title": "Анкета для родителей",
                "kind": "other",
                "form": str(self.form.code),
                "description": "",
            },
        )
        questionnaire = Questionnaire.objects.get(organisation=self.school_a)
        self.assertRedirects(
            r,
            reverse("surveys-questionnaire-detail", args=[questionnaire.code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(questionnaire.form, self.form)
        version = questionnaire.current_version()
        self.assertEqual((version.number, version.sections.count()), (1, 1))
        self.assertFalse(version.anonymous)
        r = self.client.get(r["Location"])
        self.assertContains(r, "Анкета создана: добавьте вопросы.")
        self.assertContains(r, "В разделе пока нет вопросов.")

    def test_it_shows_the_errors_in_russian(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"title": "", "kind": "other"})
        self.assertContains(r, "Обязательное поле.")
        self.assertFalse(Questionnaire.objects.filter(organisation=self.school_a))

    def test_forged_choices_are_refused(self) -> None:
        own_form_elsewhere = MentorshipForm.objects.create(
            organisation=self.school_c,
            slug="own",
            federal_form="pupil_pupil",
            name="Своя форма",
            mentor_category="pupil",
            mentee_category="pupil",
            track="students",
        )
        self.client.force_login(self.alice)
        for data in (
            {"title": "Анкета", "kind": "hacker"},
            {"title": "Анкета", "kind": "other", "form": "not-a-code"},
            {"title": "Анкета", "kind": "other", "form": str(own_form_elsewhere.code)},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(self.url, data).status_code, 400)


class QuestionnaireEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        shipped = Questionnaire.objects.get(organisation=None, slug="curator")
        cls.questionnaire = builder.questionnaire_copy(shipped, cls.school_a, None)
        cls.url = reverse("surveys-questionnaire-edit", args=[cls.questionnaire.code])

    def data(self, **changes) -> dict:
        data = {
            "title": "Анкета куратора СОШ № 1",
            "kind": "curator",
            "form": "",
            "description": "Заполняется в мае.",
            "is_active": "on",
        }
        return {**data, **changes}

    def test_it_changes_the_title_and_description(self) -> None:
        self.client.force_login(self.bob)
        r = self.client.post(self.url, self.data())
        self.assertRedirects(
            r,
            reverse("surveys-questionnaire-detail", args=[self.questionnaire.code]),
            fetch_redirect_response=False,
        )
        self.questionnaire.refresh_from_db()
        self.assertEqual(self.questionnaire.title, "Анкета куратора СОШ № 1")
        self.assertEqual(self.questionnaire.description, "Заполняется в мае.")
        self.assertTrue(self.questionnaire.is_active)

    def test_it_takes_a_questionnaire_out_of_use(self) -> None:
        self.client.force_login(self.alice)
        data = self.data()
        del data["is_active"]
        self.client.post(self.url, data)
        self.questionnaire.refresh_from_db()
        self.assertFalse(self.questionnaire.is_active)

    def test_the_kind_of_a_sent_questionnaire_cannot_change(self) -> None:
        Campaign.objects.create(
            organisation=self.school_a,
            version=self.questionnaire.current_version(),
            title="Анкета куратора, май",
            deadline=date(2026, 5, 20),
        )
        self.client.force_login(self.alice)
        r = self.client.post(self.url, self.data(kind="swot"))
        self.assertContains(r, "Анкета уже рассылалась")
        self.questionnaire.refresh_from_db()
        self.assertEqual(self.questionnaire.kind, "curator")
        # the title still can
        self.client.post(self.url, self.data())
        self.questionnaire.refresh_from_db()
        self.assertEqual(self.questionnaire.title, "Анкета куратора СОШ № 1")

    def test_the_kind_of_an_unsent_questionnaire_can_change(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, self.data(kind="swot"))
        self.questionnaire.refresh_from_db()
        self.assertEqual(self.questionnaire.kind, "swot")

    def test_a_form_taken_out_of_use_stays_offered(self) -> None:
        own = MentorshipForm.objects.create(
            organisation=self.school_a,
            slug="reverse",
            federal_form="teacher_teacher",
            name="Обратное наставничество",
            mentor_category="teacher",
            mentee_category="teacher",
            track="teachers",
            is_active=False,
        )
        self.questionnaire.form = own
        self.questionnaire.save()
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.url), "Обратное наставничество")
        r = self.client.post(self.url, self.data(form=str(own.code)))
        self.assertEqual(r.status_code, 302)
        self.questionnaire.refresh_from_db()
        self.assertEqual(self.questionnaire.form, own)
