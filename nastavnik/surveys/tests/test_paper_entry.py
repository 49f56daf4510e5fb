"""Entering a paper form by hand: it counts like an answer by link."""

from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.tests.factory import make_pupil
from nastavnik.surveys import results, services
from nastavnik.surveys.models import Kind, Response
from nastavnik.surveys.tests.factory import make_campaign, make_questionnaire
from nastavnik.surveys.tests.test_results import SeededCampaign
from nastavnik.surveys.tests.test_results_views import OutsidersMixin
from nastavnik.test import BaseTestCase

FORM = {"q-met": "no", "q-effect": "9", "q-comfort": "8", "q-often": "fortnight"}


class PaperEntryTestCase(SeededCampaign, OutsidersMixin, BaseTestCase):
    def setUp(self) -> None:
        self.seed(self.school_a)
        self.url = reverse("surveys-campaign-paper", args=[self.campaign.code])
        # Дмитриев was invited and has not answered
        self.waiting = self.campaign.invitations.get(person=self.pupils[4])

    def _post(self, **data) -> object:
        self.client.force_login(self.alice)
        return self.client.post(self.url, {"invitation": self.waiting.code, **data})

    def test_it_offers_only_those_who_have_not_answered(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(
            r, f'<option value="{self.waiting.code}" >Дмитриев Иван, 9В'
        )
        self.assertNotContains(r, "Аксёнов")
        self.assertContains(r, 'name="q-effect"')

    def test_it_enters_a_paper_form(self) -> None:
        r = self._post(**FORM, **{"q-valuable": "Поездка на олимпиаду"})
        self.assertRedirects(r, self.url)
        response = Response.objects.get(person=self.pupils[4])
        self.assertEqual(response.source, Response.Source.PAPER)
        self.assertEqual(response.entered_by, self.alice)
        self.assertEqual(response.invitation, self.waiting)
        self.assertEqual(response.score, 8.5)
        self.assertEqual(
            dict(response.answers.values_list("question__key", "value"))["valuable"],
            "Поездка на олимпиаду",
        )
        self.waiting.refresh_from_db()
        self.assertTrue(self.waiting.answered)
        event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
        self.assertEqual(event.object_code, self.pupils[4].code)
        self.assertEqual(event.user, self.alice)

    def test_it_counts_in_the_progress(self) -> None:
        self._post(**FORM)
        summary = results.summary(self.campaign)
        self.assertEqual((summary.invited, summary.answered), (5, 5))
        self.assertEqual(summary.satisfaction.satisfied, 3)
        r = self.client.get(self.url)
        self.assertContains(r, "Все приглашённые ответили")

    def test_it_refuses_an_answer_outside_the_scale(self) -> None:
        r = self._post(**{**FORM, "q-effect": "11"})
        self.assertContains(r, "Выберите число от 1 до 10.")
        self.assertFalse(Response.objects.filter(person=self.pupils[4]).exists())
        # what was typed stays on the page
        self.assertContains(r, 'value="fortnight" checked')

    def test_it_refuses_a_too_long_text(self) -> None:
        r = self._post(**{**FORM, "q-where": "x" * 301, "q-met": "yes"})
        self.assertContains(r, "Слишком длинный ответ: не больше 300 символов.")
        self.assertFalse(Response.objects.filter(person=self.pupils[4]).exists())

    def test_it_asks_whose_form_it_is(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, FORM)
        self.assertContains(r, "Выберите, чья это анкета.")
        self.assertEqual(self.campaign.responses.count(), 4)

    def test_it_refuses_a_person_who_has_answered(self) -> None:
        answered = self.campaign.invitations.get(person=self.pupils[0])
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"invitation": answered.code, **FORM})
        self.assertContains(r, "Этот человек уже ответил.")
        self.assertEqual(self.campaign.responses.count(), 4)

    def test_it_rejects_a_forged_person(self) -> None:
        other = make_campaign(self.version, self.school_a, title="Другое")
        stranger, _token = services.invitation_create(
            other, make_pupil(self.school_a, "Чужой")
        )
        self.client.force_login(self.alice)
        for value in ("not-a-code", str(stranger.code)):
            with self.subTest(value=value):
                r = self.client.post(self.url, {"invitation": value, **FORM})
                self.assertEqual(r.status_code, 400)
        self.assertEqual(Response.objects.count(), 4)

    def test_it_refuses_a_ranking_of_people_not_offered(self) -> None:
        mentor, stranger = (make_pupil(self.school_a, n) for n in ("Лидер", "Чужак"))
        version = make_questionnaire(Kind.PREFERENCE, organisation=self.school_a)
        campaign = make_campaign(
            version, self.school_a, [self.pupils[0]], candidates=[mentor]
        )
        self.client.force_login(self.alice)
        url = reverse("surveys-campaign-paper", args=[campaign.code])
        posted = {"invitation": campaign.invitations.get().code, **FORM}
        r = self.client.post(url, {**posted, "q-mentors": [str(stranger.code)]})
        self.assertContains(r, "Выбирайте только из предложенных людей.")
        self.assertFalse(campaign.responses.exists())
        r = self.client.post(url, {**posted, "q-mentors": [str(mentor.code)]})
        self.assertRedirects(r, url)
        self.assertEqual(campaign.preferences.get().candidate, mentor)

    def test_it_takes_forms_after_the_deadline(self) -> None:
        self.campaign.status = self.campaign.Status.CLOSED
        self.campaign.save()
        r = self._post(**FORM)
        self.assertRedirects(r, self.url)
        self.assertEqual(self.campaign.responses.count(), 5)


class AnonymousPaperEntryTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_questionnaire(organisation=self.school_a, anonymous=True)
        self.pupil = make_pupil(self.school_a, "Тихонова")
        self.campaign = make_campaign(self.version, self.school_a, [self.pupil])
        self.url = reverse("surveys-campaign-paper", args=[self.campaign.code])
        self.client.force_login(self.alice)

    def test_it_offers_nobody_to_choose(self) -> None:
        r = self.client.get(self.url)
        self.assertNotContains(r, 'name="invitation"')
        self.assertNotContains(r, "Тихонова")
        self.assertContains(r, "Анкетирование анонимное")

    def test_it_enters_a_form_linked_to_nobody(self) -> None:
        r = self.client.post(self.url, FORM)
        self.assertRedirects(r, self.url)
        response = Response.objects.get()
        self.assertEqual(response.source, Response.Source.PAPER)
        self.assertIsNone(response.person)
        self.assertIsNone(response.invitation)
        self.assertEqual(results.summary(self.campaign).answered, 1)
        event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
        self.assertEqual(event.object_type, "campaign")
        self.assertEqual(event.object_code, self.campaign.code)

    def test_it_ignores_a_person_posted_anyway(self) -> None:
        invitation = self.campaign.invitations.get()
        self.client.post(self.url, {"invitation": invitation.code, **FORM})
        self.assertIsNone(Response.objects.get().person)

    def test_it_refuses_a_missing_required_answer(self) -> None:
        r = self.client.post(self.url, {"q-met": "no", "q-comfort": "5"})
        self.assertContains(r, "Ответьте на этот вопрос")
        self.assertFalse(Response.objects.exists())
