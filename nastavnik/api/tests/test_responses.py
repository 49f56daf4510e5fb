"""A questionnaire's answers entered through the API, as a paper form is
entered on the campaign's page."""

from __future__ import annotations

import json

import time_machine

from nastavnik.accounts.models import AuditEvent
from nastavnik.api.tests.factory import bearer
from nastavnik.people.tests.factory import make_pupil
from nastavnik.surveys.models import Question, Response
from nastavnik.surveys.tests.factory import make_campaign
from nastavnik.surveys.tests.test_profiles import make_version
from nastavnik.test import BaseTestCase

T = Question.Type


@time_machine.travel("2026-12-07 10:00+03:00", tick=False)
class ResponseApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.version = make_version(
            "satisfaction_mentee",
            {"key": "useful", "type": T.SCALE, "required": True, "scored": True},
            {"key": "wish", "type": T.LONG_TEXT},
        )
        self.pupil = make_pupil(self.school_a, "Зайцева")
        self.campaign = make_campaign(self.version, self.school_a, [self.pupil])
        self.invitation = self.campaign.invitations.get()
        self.url = f"/api/campaigns/{self.campaign.code}/responses"

    def post(self, body: dict, user=None):
        return self.client.post(
            self.url,
            json.dumps(body),
            content_type="application/json",
            **bearer(user or self.alice),
        )

    def test_the_curator_enters_a_pupils_paper_form(self) -> None:
        r = self.post(
            {
                "invitation": str(self.invitation.code),
                "answers": {"useful": "8", "wish": "Больше встреч"},
            }
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["score"], 8.0)
        response = Response.objects.get()
        self.assertEqual(response.person, self.pupil)
        self.assertEqual(response.source, Response.Source.PAPER)
        self.assertTrue(
            AuditEvent.objects.filter(user=self.alice, object_code=self.pupil.code)
        )

    def test_a_missing_required_answer_is_named_and_nothing_is_written(self) -> None:
        r = self.post({"invitation": str(self.invitation.code), "answers": {}})
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["errors"][0]["field"], "answers.useful")
        self.assertFalse(Response.objects.exists())

    def test_a_second_form_of_the_same_person_is_refused(self) -> None:
        body = {"invitation": str(self.invitation.code), "answers": {"useful": "7"}}
        self.assertEqual(self.post(body).status_code, 201)
        r = self.post(body)
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"], "Этот человек уже ответил.")
        self.assertEqual(Response.objects.count(), 1)

    def test_a_named_campaign_needs_to_know_whose_form_it_is(self) -> None:
        r = self.post({"answers": {"useful": "7"}})
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["errors"][0]["field"], "invitation")

    def test_another_schools_curator_and_a_coordinator_get_404(self) -> None:
        body = {"invitation": str(self.invitation.code), "answers": {"useful": "7"}}
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.assertEqual(self.post(body, user).status_code, 404)
        self.assertFalse(Response.objects.exists())
