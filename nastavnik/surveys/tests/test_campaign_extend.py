from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.surveys.models import Campaign
from nastavnik.surveys.tests.factory import SurveyCastTestCase, make_campaign


@time_machine.travel("2026-05-12 10:00+03:00", tick=False)
class CampaignExtendTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.campaign = make_campaign(
            self.version,
            self.school_a,
            deadline=date(2026, 5, 10),
            status=Campaign.Status.CLOSED,
        )
        self.url = reverse("surveys-campaign-extend", args=[self.campaign.code])
        self.client.force_login(self.alice)

    def test_it_extends_and_opens_again(self) -> None:
        r = self.client.post(self.url, {"deadline": "20.05.2026"}, follow=True)
        self.assertContains(r, "Ответы принимаются до 20.05.2026.")
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.deadline, date(2026, 5, 20))
        self.assertEqual(self.campaign.status, Campaign.Status.OPEN)
        self.assertTrue(self.campaign.is_open())

    def test_it_refuses_a_date_in_the_past_or_no_date(self) -> None:
        r = self.client.post(self.url, {"deadline": "11.05.2026"})
        self.assertContains(r, "Срок не может быть в прошлом.", status_code=400)
        r = self.client.post(self.url, {"deadline": "завтра"})
        self.assertContains(r, "Укажите дату в виде дд.мм.гггг", status_code=400)
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.deadline, date(2026, 5, 10))

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.post(self.url, {"deadline": "20.05.2026"})
                self.assertEqual(r.status_code, 404)
