from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from nastavnik.accounts.models import Membership, Role
from nastavnik.surveys.models import Response
from nastavnik.surveys.tests.factory import (
    ANSWERS,
    SurveyCastTestCase,
    make_campaign,
)
from nastavnik.test import make_user

TODAY = date(2026, 3, 10)


@time_machine.travel(TODAY, tick=False)
class InvitationAnswerTestCase(SurveyCastTestCase):
    """Маша, a pupil with an account, answers from her home page; Петя, a
    pupil of the same school with an account, is her teammate."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.masha_user = make_user("masha")
        cls.petya_user = make_user("petya")
        for user, person in ((cls.masha_user, cls.masha), (cls.petya_user, cls.petya)):
            Membership.objects.create(
                user=user, role=Role.MENTEE, organisation=cls.school_a
            )
            person.user = user
            person.save(update_fields=["user"])

    def setUp(self) -> None:
        self.campaign = make_campaign(
            self.version,
            self.school_a,
            [self.masha, self.petya],
            deadline=TODAY + timedelta(days=5),
        )
        self.invitation = self.campaign.invitations.get(person=self.masha)
        self.url = reverse("surveys-invitation-answer", args=[self.invitation.code])
        self.done_url = reverse("surveys-invitation-done", args=[self.invitation.code])

    def _send(self, **changes):
        data = {**ANSWERS, "action": "send", **changes}
        return self.client.post(self.url, data)

    def test_the_person_sees_their_questionnaire_with_a_csrf_token(self) -> None:
        self.client.force_login(self.masha_user)
        r = self.client.get(self.url)
        self.assertContains(r, "Анкета удовлетворённости наставляемого")
        self.assertContains(r, "Ответить до 15.03.2026")
        self.assertContains(r, "csrfmiddlewaretoken")
        self.assertContains(r, "откройте анкету на своей странице")

    def test_sending_stores_the_answers_and_thanks(self) -> None:
        self.client.force_login(self.masha_user)
        r = self._send()
        self.assertRedirects(r, self.done_url)
        self.invitation.refresh_from_db()
        self.assertTrue(self.invitation.answered)
        response = Response.objects.get(invitation=self.invitation)
        self.assertEqual(response.person, self.masha)
        self.assertContains(self.client.get(self.done_url), "Спасибо")

    def test_the_done_page_sends_back_to_the_form_before_an_answer(self) -> None:
        self.client.force_login(self.masha_user)
        self.assertRedirects(self.client.get(self.done_url), self.url)

    def test_a_draft_is_kept(self) -> None:
        self.client.force_login(self.masha_user)
        r = self.client.post(self.url, {"q-valuable": "Пока думаю", "action": "draft"})
        self.assertContains(r, "Черновик сохранён")
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.draft, {"valuable": "Пока думаю"})
        self.assertFalse(self.invitation.answered)

    def test_missing_answers_are_named_and_nothing_is_stored(self) -> None:
        self.client.force_login(self.masha_user)
        r = self._send(**{"q-effect": ""})
        self.assertContains(r, "Ответьте на этот вопрос")
        self.assertFalse(Response.objects.exists())

    def test_a_forged_post_from_another_site_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.masha_user)
        r = client.post(self.url, {**ANSWERS, "action": "send"})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Response.objects.exists())

    def test_a_second_answer_is_refused(self) -> None:
        self.client.force_login(self.masha_user)
        self._send()
        r = self.client.get(self.url)
        self.assertContains(r, "уже ответили")
        self.assertEqual(self._send().status_code, 409)
        self.assertEqual(Response.objects.count(), 1)

    def test_a_campaign_past_its_deadline_takes_no_answers(self) -> None:
        with time_machine.travel(TODAY + timedelta(days=6), tick=False):
            self.client.force_login(self.masha_user)
            r = self._send()
        self.assertEqual(r.status_code, 410)
        self.assertFalse(Response.objects.exists())

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('accounts-login')}?next={self.url}")

    def test_a_teammate_cannot_open_anothers_invitation(self) -> None:
        self.client.force_login(self.petya_user)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self._send().status_code, 404)
        self.assertEqual(self.client.get(self.done_url).status_code, 404)
        self.assertFalse(Response.objects.exists())

    def test_the_curator_cannot_answer_for_the_person(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self._send().status_code, 404)

    def test_an_outsider_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_anonymised_person_has_no_questionnaires(self) -> None:
        self.masha.anonymised_at = self.campaign.created_at
        self.masha.save(update_fields=["anonymised_at"])
        self.client.force_login(self.masha_user)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_handles_an_unknown_code(self) -> None:
        self.client.force_login(self.masha_user)
        url = reverse(
            "surveys-invitation-answer", args=["00000000-0000-0000-0000-000000000000"]
        )
        self.assertEqual(self.client.get(url).status_code, 404)
