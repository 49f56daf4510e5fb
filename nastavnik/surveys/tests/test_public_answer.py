from __future__ import annotations

from django.test import Client
from django.urls import reverse

from nastavnik.surveys.models import Answer, Invitation, Kind, Response
from nastavnik.surveys.tests.factory import (
    ANSWERS,
    SurveyCastTestCase,
    make_campaign,
    make_link,
    make_questionnaire,
)


class PublicAnswerTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.campaign = make_campaign(self.version, self.school_a, [self.masha])
        self.invitation, self.token = make_link(self.campaign, self.masha)
        self.url = reverse("surveys-public-answer", args=[self.token])

    def _send(self, **changes):
        data = {**ANSWERS, "action": "send", **changes}
        return self.client.post(
            self.url, {k: v for k, v in data.items() if v is not None}
        )

    def test_a_pupil_sees_the_questionnaire_made_for_a_phone(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(
            r, '<meta name="viewport" content="width=device-width, initial-scale=1">'
        )
        self.assertContains(r, "css/survey.css")
        self.assertContains(r, "js/survey.js")
        self.assertContains(r, "СОШ № 1")
        self.assertContains(r, "Анкета удовлетворённости наставляемого")
        self.assertContains(r, "Оцените в баллах от 1 до 10")
        self.assertContains(r, "Ответить до")
        self.assertContains(r, "<h2>Программа</h2>", html=True)
        # the 1–10 scale is ten radio buttons
        self.assertEqual(r.content.decode().count('name="q-effect"'), 10)
        self.assertContains(r, "1 — низший балл")
        self.assertContains(r, 'value="other"')  # «свой вариант»
        self.assertContains(r, "Свой вариант")
        self.assertContains(r, 'type="date"')
        self.assertContains(r, 'maxlength="500"')
        self.assertContains(r, "Математика")
        self.assertContains(r, 'data-show-if="q-met" data-show-if-value="yes"')
        self.assertContains(r, "Сохранить черновик")
        self.assertNotContains(r, "Анкета анонимна")
        self.assertNotContains(r, 'class="nav"')
        self.assertNotContains(r, "Иванова")  # the page names nobody

    def test_the_page_is_private_and_sets_no_cookie(self) -> None:
        r = self.client.get(self.url)
        self.assertIn("no-store", r["Cache-Control"])
        self.assertEqual(r["X-Robots-Tag"], "noindex, nofollow")
        self.assertEqual(r["Referrer-Policy"], "no-referrer")
        self.assertEqual(r.cookies, {})
        self.assertNotContains(r, "csrfmiddlewaretoken")

    def test_a_pupil_answers(self) -> None:
        client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token
        r = client.post(self.url, {**ANSWERS, "action": "send"})
        self.assertRedirects(r, reverse("surveys-public-done", args=[self.token]))
        response = Response.objects.get()
        self.assertEqual(response.person, self.masha)
        self.assertEqual(response.invitation, self.invitation)
        self.assertEqual(response.source, Response.Source.LINK)
        answers = {a.question.key: a.value for a in response.answers.all()}
        self.assertEqual(answers["effect"], 9)
        self.assertEqual(answers["where"], "В лагере")
        self.assertEqual(answers["helps"], ["study", "sport"])
        self.assertEqual(answers["start"], "2025-10-01")
        self.assertEqual(answers["topics"], ["math"])
        self.assertEqual(str(response.score), "8.50")
        self.invitation.refresh_from_db()
        self.assertTrue(self.invitation.answered)
        r = client.get(r.url)
        self.assertContains(r, "Спасибо! Ваши ответы отправлены.")
        self.assertContains(r, "Эту страницу можно закрыть.")

    def test_an_own_answer_is_kept(self) -> None:
        self._send(**{"q-often": "other", "q-often__other": "Каждый день"})
        answer = Answer.objects.get(question__key="often")
        self.assertEqual(answer.value, "other:Каждый день")

    def test_a_hidden_conditional_answer_is_dropped(self) -> None:
        self._send(**{"q-met": "no"})
        self.assertFalse(Answer.objects.filter(question__key="where").exists())

    def test_answers_outside_the_scale_are_refused_with_a_message(self) -> None:
        r = self._send(**{"q-effect": "11"})
        self.assertContains(r, "Выберите число от 1 до 10.")
        self.assertContains(r, "Проверьте 1 ответ, отмеченный ниже.")
        self.assertContains(r, 'value="В лагере"')  # entered values stay
        self.assertContains(r, 'value="week" checked')
        self.assertEqual(Response.objects.count(), 0)

    def test_too_long_texts_are_refused_with_a_message(self) -> None:
        r = self._send(**{"q-valuable": "а" * 501, "q-where": "б" * 301})
        self.assertContains(r, "Слишком длинный ответ: не больше 500 символов.")
        self.assertContains(r, "Слишком длинный ответ: не больше 300 символов.")
        self.assertEqual(Response.objects.count(), 0)

    def test_a_required_question_needs_an_answer(self) -> None:
        r = self._send(**{"q-effect": None, "q-met": None})
        self.assertContains(r, "Ответьте на этот вопрос.", count=2)
        self.assertEqual(Response.objects.count(), 0)

    def test_a_duplicate_submission_is_refused(self) -> None:
        self._send()
        r = self._send(**{"q-effect": "1"})
        self.assertContains(r, "Вы уже ответили на эту анкету", status_code=409)
        self.assertEqual(Response.objects.count(), 1)
        self.assertEqual(Answer.objects.get(question__key="effect").value, 9)

    def test_a_draft_is_kept_and_restored(self) -> None:
        r = self.client.post(
            self.url, {"q-met": "yes", "q-where": "В школе", "action": "draft"}
        )
        self.assertContains(r, "Черновик сохранён.")
        self.assertNotContains(r, "Ответьте на этот вопрос.")
        self.assertEqual(Response.objects.count(), 0)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="В школе"')
        self.assertContains(r, 'value="yes" checked')
        self.invitation.refresh_from_db()
        self.assertFalse(self.invitation.answered)

    def test_a_failed_submission_keeps_the_draft(self) -> None:
        self._send(**{"q-effect": None, "q-valuable": "Встречи"})
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.draft["valuable"], "Встречи")
        self.assertContains(self.client.get(self.url), "Встречи")

    def test_a_draft_keeps_only_the_questions_of_the_questionnaire(self) -> None:
        self.client.post(
            self.url,
            {"q-met": "no", "q-nonsense": "x" * 1000, "other": "y", "action": "draft"},
        )
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.draft, {"met": "no"})

    def test_a_draft_with_a_wrong_answer_is_not_saved(self) -> None:
        r = self.client.post(self.url, {"q-effect": "0", "action": "draft"})
        self.assertContains(r, "Выберите число от 1 до 10.")
        self.assertNotContains(r, "Черновик сохранён.")
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.draft, {})

    def test_sending_clears_the_draft(self) -> None:
        self.client.post(self.url, {"q-met": "no", "action": "draft"})
        self._send()
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.draft, {})

    def test_an_unknown_action_is_a_bad_request(self) -> None:
        r = self.client.post(self.url, {**ANSWERS, "action": "delete"})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Response.objects.count(), 0)

    def test_a_picked_date_is_taken_as_the_browser_sends_it(self) -> None:
        self._send(**{"q-start": "2025-10-02"})
        self.assertEqual(Answer.objects.get(question__key="start").value, "2025-10-02")


class PublicAnswerEditableTestCase(SurveyCastTestCase):
    def test_answers_can_be_changed_until_the_deadline(self) -> None:
        campaign = make_campaign(self.version, self.school_a, editable=True)
        _invitation, token = make_link(campaign, self.masha)
        url = reverse("surveys-public-answer", args=[token])
        self.client.post(url, {**ANSWERS, "action": "send"})
        r = self.client.get(reverse("surveys-public-done", args=[token]))
        self.assertContains(r, "Изменить ответы")
        r = self.client.get(url)
        self.assertContains(r, "Отправить изменённые ответы")
        self.assertContains(r, 'value="9" checked')
        self.assertContains(r, 'value="В лагере"')
        self.assertNotContains(r, "Сохранить черновик")
        self.client.post(url, {**ANSWERS, "q-effect": "3", "action": "send"})
        response = Response.objects.get()
        self.assertEqual(response.answers.get(question__key="effect").value, 3)

    def test_the_link_opened_again_shows_the_answers_changed_since(self) -> None:
        campaign = make_campaign(self.version, self.school_a, editable=True)
        _invitation, token = make_link(campaign, self.masha)
        url = reverse("surveys-public-answer", args=[token])
        self.client.post(url, {**ANSWERS, "action": "send"})
        self.assertContains(self.client.get(url), 'value="9" checked')
        self.client.post(url, {**ANSWERS, "q-effect": "3", "action": "send"})
        r = self.client.get(url)
        self.assertContains(r, 'value="3" checked')
        self.assertNotContains(r, 'value="9" checked')
        # another pupil's link shows none of them
        _other, other_token = make_link(campaign, self.petya)
        r = self.client.get(reverse("surveys-public-answer", args=[other_token]))
        self.assertNotContains(r, " checked")


class PublicAnswerAnonymousTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        version = make_questionnaire(anonymous=True)
        # even if set, an anonymous link works once
        self.campaign = make_campaign(version, self.school_a, editable=True)
        self.invitation, self.token = make_link(self.campaign, self.masha)
        self.url = reverse("surveys-public-answer", args=[self.token])

    def test_the_answer_is_not_linked_to_the_pupil(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(
            r, "Анкета анонимна: ваши ответы не связываются с вашим именем"
        )
        self.assertNotContains(r, "Сохранить черновик")
        self.client.post(self.url, {**ANSWERS, "action": "send"})
        response = Response.objects.get()
        self.assertIsNone(response.person)
        self.assertIsNone(response.invitation)
        self.assertTrue(Invitation.objects.get().answered)
        r = self.client.get(reverse("surveys-public-done", args=[self.token]))
        self.assertContains(r, "Ответы сохранены без вашего имени.")
        self.assertNotContains(r, "Изменить ответы")

    def test_the_link_works_once(self) -> None:
        self.client.post(self.url, {**ANSWERS, "action": "send"})
        r = self.client.get(self.url)
        self.assertContains(r, "Вы уже ответили на эту анкету")
        r = self.client.post(self.url, {**ANSWERS, "action": "send"})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(Response.objects.count(), 1)

    def test_no_draft_is_kept_next_to_the_name(self) -> None:
        r = self.client.post(self.url, {"q-met": "yes", "action": "draft"})
        self.assertEqual(r.status_code, 400)
        self.client.post(self.url, {"q-met": "yes", "action": "send"})
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.draft, {})


class PublicAnswerRankingTestCase(SurveyCastTestCase):
    def test_a_pupil_ranks_mentors_by_name_only(self) -> None:
        version = make_questionnaire(Kind.PREFERENCE)
        campaign = make_campaign(
            version, self.school_a, candidates=[self.teacher, self.peer]
        )
        _invitation, token = make_link(campaign, self.masha)
        url = reverse("surveys-public-answer", args=[token])
        r = self.client.get(url)
        self.assertContains(r, "1-е место")
        self.assertContains(r, "2-е место")
        self.assertNotContains(r, "3-е место")
        self.assertContains(r, "Учителева Анна Ивановна")
        self.assertNotContains(r, "anna@example.org")
        ranked = [str(self.peer.code), str(self.teacher.code)]
        r = self.client.post(url, {**ANSWERS, "q-mentors": ranked, "action": "send"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Answer.objects.get(question__key="mentors").value, ranked)

    def test_a_person_is_ranked_once(self) -> None:
        version = make_questionnaire(Kind.PREFERENCE)
        campaign = make_campaign(
            version, self.school_a, candidates=[self.teacher, self.peer]
        )
        _invitation, token = make_link(campaign, self.masha)
        url = reverse("surveys-public-answer", args=[token])
        twice = [str(self.peer.code), str(self.peer.code)]
        r = self.client.post(url, {**ANSWERS, "q-mentors": twice, "action": "send"})
        self.assertContains(r, "Каждого человека можно выбрать только на одно место.")
        self.assertEqual(Response.objects.count(), 0)
