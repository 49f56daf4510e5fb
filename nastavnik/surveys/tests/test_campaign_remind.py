from __future__ import annotations

import time_machine
from django.core import mail
from django.urls import reverse

from nastavnik.surveys import services
from nastavnik.surveys.models import Invitation
from nastavnik.surveys.tests.factory import (
    SurveyCastTestCase,
    make_campaign,
    make_link,
)


@time_machine.travel("2026-05-12 10:00+03:00", tick=False)
class CampaignRemindTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.campaign = make_campaign(self.version, self.school_a)
        for person in (self.masha, self.petya, self.teacher):
            make_link(self.campaign, person)
        # Anna answered; Petya has no e-mail
        services.response_submit(
            self.campaign,
            {"met": "no", "effect": 7},
            invitation=self.campaign.invitations.get(person=self.teacher),
        )
        self.url = reverse("surveys-campaign-remind", args=[self.campaign.code])
        self.client.force_login(self.alice)

    def test_it_reminds_those_with_an_address_who_have_not_answered(self) -> None:
        old = Invitation.objects.get(person=self.masha).token_hash
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Напоминание отправлено 1 человеку.")
        (message,) = mail.outbox
        self.assertEqual(message.to, ["masha@example.org"])
        self.assertIn("Напоминание: анкета «Анкета удовлетворённости", message.subject)
        self.assertIn("ссылка из прошлого письма больше не открывается", message.body)
        invitation = Invitation.objects.get(person=self.masha)
        self.assertNotEqual(invitation.token_hash, old)
        token = message.body.split("/survey/")[1].split("/")[0]
        self.assertEqual(services.invitation_find(token), invitation)
        self.assertIsNotNone(invitation.reminded_at)

    def test_it_reminds_at_most_once_a_day(self) -> None:
        self.client.post(self.url)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Напоминать некому")
        self.assertEqual(len(mail.outbox), 1)
        with time_machine.travel("2026-05-13 08:00+03:00", tick=False):
            self.client.force_login(self.alice)  # the session of yesterday is over
            self.client.post(self.url)
        self.assertEqual(len(mail.outbox), 2)

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertEqual(mail.outbox, [])
