"""``manage.py send_pair_nudges``: reminders about pairs that need attention.

Run it from cron once a day (say, 07:00). It records the new occasions (a
pair silent for weeks, a meeting not confirmed, an overdue row of the
personalised programme) and resolves those that passed; then each pair's
mentors get one e-mail listing its new nudges. A nudge is sent once: a
second run sends nothing new; one that could not be sent is tried again on
the next run (the command then exits with an error).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nastavnik.pairs import nudges


class Command(BaseCommand):
    help = (
        "Отмечает пары, которым нужно внимание (нет встреч, встреча не "
        "подтверждена, просрочен пункт ППН), и пишет об этом наставникам."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        new = nudges.record(now)
        sent = failed = 0
        for pairing in nudges.unsent():
            try:
                sent += nudges.send(pairing, now)
            except Exception as e:  # one bad mailbox must not stop the others
                failed += 1
                self.stderr.write(f"{pairing.code}: {e}")
        self.stdout.write(f"Новых напоминаний: {new}; отправлено писем: {sent}.")
        if failed:
            raise CommandError(
                f"Не отправлено: {failed}; следующий запуск попробует ещё раз."
            )
