from __future__ import annotations

from io import StringIO
from unittest.mock import patch

import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from nastavnik.programmes.models import DigestLog, Item
from nastavnik.programmes.tests.roadmaps import make_roadmap
from nastavnik.test import BaseTestCase


def _run() -> str:
    out = StringIO()
    call_command("send_roadmap_digest", stdout=out, stderr=StringIO())
    return out.getvalue()


@time_machine.travel("2026-11-23 07:00+03:00", tick=False)
class SendRoadmapDigestTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_roadmap(
            cls.school_a,
            [
                ("15.10.2026", "done"),
                ("20.10.2026", "planned"),
                ("25.11.2026", "in_progress"),
                ("15.12.2026", "planned"),
            ],
        )

    def _mail_to(self, user) -> mail.EmailMessage:
        (message,) = [m for m in mail.outbox if m.to == [user.email]]
        return message

    def test_it_sends_the_staff_their_deadlines(self) -> None:
        self.assertIn("Отправлено сводок: 2 (2026-W48)", _run())
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            [
                "alice@example.org",
                "bob@example.org",
            ],
        )
        message = self._mail_to(self.alice)
        self.assertEqual(message.subject, "Сроки дорожной карты на неделю с 23.11.2026")
        self.assertIn("Здравствуйте, Алиса!", message.body)
        self.assertIn("СОШ № 1", message.body)
        self.assertIn("20.10.2026, просрочено на 34 дн.: Мероприятие 2", message.body)
        self.assertIn("25.11.2026: Мероприятие 3", message.body)
        self.assertNotIn("Мероприятие 1", message.body)
        self.assertNotIn("Мероприятие 4", message.body)

    def test_links_are_absolute(self) -> None:
        _run()
        item = Item.objects.get(activity="Мероприятие 2")
        link = settings.SITE_ROOT + reverse("programmes-item-detail", args=[item.code])
        message = self._mail_to(self.alice)
        self.assertIn(link, message.body)
        html, mime = message.alternatives[0]
        self.assertEqual(mime, "text/html")
        self.assertIn(f'href="{link}"', html)

    def test_a_second_run_in_the_same_week_sends_nothing(self) -> None:
        _run()
        with time_machine.travel("2026-11-27 07:00+03:00", tick=False):
            self.assertIn("Отправлено сводок: 0", _run())
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(
            set(DigestLog.objects.values_list("week", flat=True)), {"2026-W48"}
        )

    def test_it_sends_again_the_next_week(self) -> None:
        _run()
        with time_machine.travel("2026-11-30 07:00+03:00", tick=False):
            _run()
        self.assertEqual(len(mail.outbox), 4)

    def test_users_with_nothing_due_get_nothing(self) -> None:
        Item.objects.update(status="done")
        self.assertIn("Отправлено сводок: 0", _run())
        self.assertEqual(mail.outbox, [])
        self.assertFalse(DigestLog.objects.exists())

    def test_users_without_an_email_get_nothing(self) -> None:
        self.bob.email = ""
        self.bob.save()
        _run()
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])

    def test_a_responsible_user_gets_their_items(self) -> None:
        Item.objects.filter(activity="Мероприятие 2").update(
            responsible_user=self.charlie
        )
        _run()
        body = self._mail_to(self.charlie).body
        self.assertIn("Мероприятие 2", body)
        self.assertNotIn("Мероприятие 3", body)

    def test_a_failed_send_is_tried_again(self) -> None:
        with (
            patch("nastavnik.lib.emails.send", side_effect=OSError("down")),
            self.assertRaisesMessage(CommandError, "Не отправлено: 2"),
        ):
            _run()
        self.assertFalse(DigestLog.objects.exists())
        _run()
        self.assertEqual(len(mail.outbox), 2)
