from __future__ import annotations

from django.core import mail
from django.urls import reverse

from nastavnik.surveys import services
from nastavnik.surveys.tests.factory import (
    SurveyCastTestCase,
    make_campaign,
    make_link,
)


class CampaignReissueTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.campaign = make_campaign(self.version, self.school_a, [self.petya])
        self.invitation, self.old = make_link(self.campaign, self.petya)
        self.url = reverse("surveys-campaign-reissue", args=[self.campaign.code])
        self.client.force_login(self.alice)

    def test_it_shows_a_new_link_and_the_old_one_stops_working(self) -> None:
        r = self.client.post(self.url, {"invitation": str(self.invitation.code)})
        self.assertContains(r, "Петров Пётр, 7Б")
        self.assertIn("no-store", r["Cache-Control"])
        new = r.content.decode().split("/survey/")[1].split("/")[0]
        self.assertEqual(services.invitation_find(new), self.invitation)
        self.assertIsNone(services.invitation_find(self.old))

    def test_it_mails_the_new_link_to_those_with_an_address(self) -> None:
        invitation, _token = make_link(self.campaign, self.masha)
        r = self.client.post(self.url, {"invitation": str(invitation.code)})
        self.assertContains(r, "Новая ссылка отправлена на masha@example.org.")
        (message,) = mail.outbox
        self.assertIn("/survey/", message.body)

    def test_an_answered_link_is_not_reissued_when_answers_cannot_change(
        self,
    ) -> None:
        services.response_submit(
            self.campaign, {"met": "no", "effect": 5}, invitation=self.invitation
        )
        r = self.client.post(
            self.url, {"invitation": str(self.invitation.code)}, follow=True
        )
        self.assertContains(r, "уже ответил(а)")
        self.assertIsNotNone(services.invitation_find(self.old))

    def test_it_refuses_an_invitation_of_another_campaign(self) -> None:
        other = make_campaign(self.version, self.school_a, [self.masha])
        invitation = other.invitations.get()
        r = self.client.post(self.url, {"invitation": str(invitation.code)})
        self.assertEqual(r.status_code, 400)
        r = self.client.post(self.url, {"invitation": "nonsense"})
        self.assertEqual(r.status_code, 400)

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.post(
                    self.url, {"invitation": str(self.invitation.code)}
                )
                self.assertEqual(r.status_code, 404)
        self.assertIsNotNone(services.invitation_find(self.old))
