"""``manage.py anonymise_expired [--dry-run]``: anonymise the people whose
programmes closed more than ``PERSONAL_DATA_RETENTION_YEARS`` years ago.

Run it from cron once a day: a second run the same day finds no one, so it
is safe to repeat. ``--dry-run`` lists who would be anonymised and changes
nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from nastavnik.pairs import retention


class Command(BaseCommand):
    help = (
        "Обезличивает людей, все программы которых закрыты более "
        "PERSONAL_DATA_RETENTION_YEARS лет назад; --dry-run только показывает их."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="показать, кого обезличила бы команда, ничего не меняя",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        years = settings.PERSONAL_DATA_RETENTION_YEARS
        if options["dry_run"]:
            people = list(retention.expired(today, years))
            for person in people:
                # the public id, not the name: the output may end up in a log
                self.stdout.write(f"{person.organisation.short_name}: {person.code}")
            self.stdout.write(
                f"Срок хранения {years} г.: обезличить {len(people)} чел. "
                "(пробный запуск, ничего не изменено)."
            )
            return
        people = retention.anonymise_expired(today=today, years=years)
        self.stdout.write(f"Срок хранения {years} г.: обезличено {len(people)} чел.")
