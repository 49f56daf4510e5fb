from __future__ import annotations

import time_machine
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.surveys import services
from nastavnik.surveys.models import Response
from nastavnik.surveys.tests.factory import (
    SurveyCastTestCase,
    make_campaign,
    make_questionnaire,
)


# New Year's Eve, late in Moscow.
@time_machine.travel("2026-12-31 23:30+03:00", tick=False)
class CampaignDetailTestCase(SurveyCastTestCase):
    def _answer(self, campaign, person) -> Response:
        invitation = campaign.invitations.get(person=person)
        return services.response_submit(
            campaign, {"met": "no", "effect": 8}, invitation=invitation
        )

    def test_it_shows_progress_and_invitations(self) -> None:
        campaign = make_campaign(
            self.version, self.school_a, [self.masha, self.petya, self.teacher]
        )
        campaign.invitations.filter(person=self.petya).update(sent_at=timezone.now())
        response = self._answer(campaign, self.masha)
        self.client.force_login(self.alice)
        r = self.client.get(reverse("surveys-campaign-detail", args=[campaign.code]))
        self.assertContains(r, "1 из 3 (33 %)")
        self.assertContains(r, "Иванова Мария Петровна, 7Б")
        self.assertContains(r, "Петров Пётр, 7Б")
        self.assertContains(r, "нет e-mail")
        self.assertContains(r, "31.12.2026")  # the day the link was sent
        self.assertContains(r, "Разослать ссылки (1)")
        self.assertContains(r, "ссылка показывается на экране один раз")
        # a named campaign links an answer to its page
        self.assertContains(r, reverse("surveys-response-detail", args=[response.code]))
        self.assertContains(
            r, reverse("surveys-campaign-results", args=[campaign.code])
        )

    def test_an_anonymous_campaign_never_links_an_invitation_to_a_response(
        self,
    ) -> None:
        version = make_questionnaire(anonymous=True)
        campaign = make_campaign(version, self.school_a, [self.masha, self.petya])
        response = self._answer(campaign, self.masha)
        self.assertIsNone(response.person)
        self.assertIsNone(response.invitation)
        self.client.force_login(self.alice)
        r = self.client.get(reverse("surveys-campaign-detail", args=[campaign.code]))
        self.assertContains(r, "1 из 2")
        self.assertContains(r, "Иванова Мария Петровна")
        self.assertNotContains(r, str(response.code))
        self.assertNotContains(r, "/surveys/responses/")
        self.assertContains(r, "анонимный")

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        campaign = make_campaign(self.version, self.school_a, [self.masha])
        url = reverse("surveys-campaign-detail", args=[campaign.code])
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(url).status_code, 200)
        mentor = User.objects.create_user(username="mentor", password="x")
        Membership.objects.create(
            user=mentor, role=Role.MENTOR, organisation=self.school_a
        )
        for user in (self.charlie, self.mila, self.rita, mentor):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_handles_a_bad_code(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get("/surveys/campaigns/00000000-0000-0000-0000-000000000000/")
        self.assertEqual(r.status_code, 404)
