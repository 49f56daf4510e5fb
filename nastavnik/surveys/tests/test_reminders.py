from __future__ import annotations

import smtplib
from datetime import date
from io import StringIO
from unittest.mock import patch

import time_machine
from django.core import mail
from django.core.management import call_command

from nastavnik.surveys import services
from nastavnik.surveys.models import Campaign, Invitation
from nastavnik.surveys.tests.factory import (
    SurveyCastTestCase,
    make_campaign,
    make_link,
    make_questionnaire,
)


def _run() -> str:
    out = StringIO()
    call_command("send_survey_reminders", stdout=out)
    return out.getvalue()


@time_machine.travel("2026-05-13 09:00+03:00", tick=False)
class SendSurveyRemindersTestCase(SurveyCastTestCase):
    def setUp(self) -> None:
        # deadline in two days: 15.05
        self.campaign = make_campaign(
            self.version, self.school_a, deadline=date(2026, 5, 15)
        )
        for person in (self.masha, self.petya, self.teacher):
            make_link(self.campaign, person)
        services.response_submit(
            self.campaign,
            {"met": "no", "effect": 6},
            invitation=self.campaign.invitations.get(person=self.teacher),
        )

    def test_it_emails_only_those_who_have_not_answered(self) -> None:
        self.assertIn("отправлено напоминаний: 1", _run())
        (message,) = mail.outbox
        self.assertEqual(message.to, ["masha@example.org"])
        self.assertIn("до 15.05.2026", message.subject)
        self.assertIn("Здравствуйте, Мария!", message.body)
        self.assertIn("http://127.0.0.1:8000/survey/", message.body)
        token = message.body.split("/survey/")[1].split("/")[0]
        self.assertEqual(services.invitation_find(token).person, self.masha)

    def test_it_reminds_once_a_day(self) -> None:
        _run()
        self.assertIn("отправлено напоминаний: 0", _run())
        self.assertEqual(len(mail.outbox), 1)
        with time_machine.travel("2026-05-14 09:00+03:00", tick=False):
            _run()
        self.assertEqual(len(mail.outbox), 2)
        # the curator's button counts too
        with time_machine.travel("2026-05-15 08:00+03:00", tick=False):
            services.campaign_remind(campaign=self.campaign)
            _run()
        self.assertEqual(len(mail.outbox), 3)

    def test_it_waits_until_two_days_before_the_deadline(self) -> None:
        Campaign.objects.filter(pk=self.campaign.pk).update(deadline=date(2026, 5, 16))
        _run()
        self.assertEqual(mail.outbox, [])
        with time_machine.travel("2026-05-14 09:00+03:00", tick=False):
            _run()
        self.assertEqual(len(mail.outbox), 1)

    def test_it_skips_closed_and_past_campaigns(self) -> None:
        Campaign.objects.filter(pk=self.campaign.pk).update(status="closed")
        _run()
        with time_machine.travel("2026-05-16 09:00+03:00", tick=False):
            Campaign.objects.filter(pk=self.campaign.pk).update(status="open")
            _run()
        self.assertEqual(mail.outbox, [])

    def test_it_skips_links_never_sent(self) -> None:
        make_campaign(
            make_questionnaire(),
            self.school_a,
            [self.sasha],
            deadline=date(2026, 5, 14),
        )
        self.sasha.email = "sasha@example.org"
        self.sasha.save()
        _run()
        self.assertEqual([m.to for m in mail.outbox], [["masha@example.org"]])

    def test_a_failed_letter_keeps_the_old_link_and_is_tried_again(self) -> None:
        invitation = Invitation.objects.get(person=self.masha)
        with patch("nastavnik.lib.emails.send", side_effect=smtplib.SMTPException):
            self.assertIn("отправлено напоминаний: 0", _run())
        invitation.refresh_from_db()
        self.assertIsNone(invitation.reminded_at)
        self.assertEqual(
            Invitation.objects.get(pk=invitation.pk).token_hash, invitation.token_hash
        )
        _run()
        self.assertEqual(len(mail.outbox), 1)
