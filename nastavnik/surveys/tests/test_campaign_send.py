from __future__ import annotations

import smtplib
from datetime import date
from unittest.mock import patch

import time_machine
from django.core import mail
from django.urls import reverse

from nastavnik.surveys import services
from nastavnik.surveys.models import Campaign, Invitation
from nastavnik.surveys.tests.factory import SurveyCastTestCase, make_campaign


# The first day of a school year.
@time_machine.travel("2027-09-01 08:00+03:00", tick=False)
class CampaignSendTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        self.campaign = make_campaign(
            self.version, self.school_a, [self.masha, self.petya, self.teacher]
        )
        self.url = reverse("surveys-campaign-send", args=[self.campaign.code])
        self.client.force_login(self.alice)

    def test_it_mails_links_and_shows_slips_for_the_others_once(self) -> None:
        r = self.client.post(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertIn("no-store", r["Cache-Control"])
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["anna@example.org", "masha@example.org"],
        )
        message = next(m for m in mail.outbox if m.to == ["masha@example.org"])
        self.assertEqual(
            message.subject, "СОШ № 1: анкета «Анкета удовлетворённости наставляемого»"
        )
        self.assertIn("Здравствуйте, Мария!", message.body)
        self.assertIn("http://testserver/survey/", message.body)
        # Anna is an adult: name and patronymic
        anna = next(m for m in mail.outbox if m.to == ["anna@example.org"])
        self.assertIn("Здравствуйте, Анна Ивановна!", anna.body)
        # Petya has no e-mail: his slip is on the page, once
        self.assertContains(r, "Ссылки показаны только сейчас.")
        self.assertContains(r, "Петров Пётр, 7Б")
        self.assertNotContains(r, "Иванова Мария")
        self.assertContains(r, "Ссылки отправлены по e-mail 2 людям.")
        # the links work
        token = message.body.split("/survey/")[1].split("/")[0]
        invitation = services.invitation_find(token)
        self.assertEqual(invitation.person, self.masha)
        slip_token = r.content.decode().split("/survey/")[1].split("/")[0]
        self.assertEqual(services.invitation_find(slip_token).person, self.petya)
        self.assertEqual(Invitation.objects.filter(sent_at__isnull=False).count(), 3)

    def test_a_second_send_changes_no_link(self) -> None:
        self.client.post(self.url)
        hashes = set(Invitation.objects.values_list("token_hash", flat=True))
        mail.outbox.clear()
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Ссылки уже выданы всем.")
        self.assertEqual(mail.outbox, [])
        self.assertEqual(
            set(Invitation.objects.values_list("token_hash", flat=True)), hashes
        )

    def test_a_failed_letter_puts_the_link_on_a_slip(self) -> None:
        with patch("nastavnik.lib.emails.send", side_effect=smtplib.SMTPException):
            r = self.client.post(self.url)
        self.assertContains(r, "Часть писем отправить не удалось")
        self.assertContains(r, "Иванова Мария Петровна, 7Б")
        self.assertContains(r, "Письмо не отправлено.")

    def test_a_closed_campaign_sends_nothing(self) -> None:
        Campaign.objects.filter(pk=self.campaign.pk).update(deadline=date(2027, 8, 31))
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "сначала продлите срок")
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Invitation.objects.filter(sent_at__isnull=False).exists())

    def test_it_is_for_the_staff_of_the_organisation_only(self) -> None:
        for user in (self.charlie, self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertEqual(mail.outbox, [])

    def test_it_requires_post(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 405)
