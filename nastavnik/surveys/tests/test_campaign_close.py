from __future__ import annotations

from django.urls import reverse

from nastavnik.surveys.models import Campaign
from nastavnik.surveys.tests.factory import (
    SurveyCastTestCase,
    make_campaign,
    make_link,
)


class CampaignCloseTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.campaign = make_campaign(self.version, self.school_a)
        _invitation, self.token = make_link(self.campaign, self.masha)
        self.url = reverse("surveys-campaign-close", args=[self.campaign.code])

    def test_it_closes_and_the_links_stop_opening(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Опрос закрыт: ссылки больше не открываются.")
        self.assertContains(r, "Продлить и открыть снова")
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, Campaign.Status.CLOSED)
        r = self.client.get(reverse("surveys-public-answer", args=[self.token]))
        self.assertContains(r, "Куратор закрыл этот опрос", status_code=410)

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, Campaign.Status.OPEN)
