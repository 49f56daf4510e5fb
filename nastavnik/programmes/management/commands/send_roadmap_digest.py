"""``manage.py send_roadmap_digest``: the weekly e-mail of roadmap deadlines.

Run it from cron once a week (say, Monday 07:00). Every staff user, municipal
coordinator and responsible user with an e-mail address gets one e-mail listing,
per organisation, the overdue items and those due within 7 days; a user with
nothing due gets nothing. A second run in the same ISO week sends nothing new;
a digest that could not be sent is tried again on the next run (the command
then exits with an error).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nastavnik.programmes import reminders


class Command(BaseCommand):
    help = (
        "Рассылает еженедельную сводку сроков дорожных карт: просроченные "
        "мероприятия и мероприятия на ближайшие 7 дней."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = failed = 0
        for user in reminders.digest_recipients().iterator():
            try:
                sent += reminders.digest_send(user, today)
            except Exception as e:  # one bad mailbox must not stop the others
                failed += 1
                self.stderr.write(f"{user.email}: {e}")
        self.stdout.write(f"Отправлено сводок: {sent} ({reminders.iso_week(today)}).")
        if failed:
            raise CommandError(
                f"Не отправлено: {failed}; следующий запуск попробует ещё раз."
            )
