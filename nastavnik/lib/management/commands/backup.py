"""``manage.py backup FILE``: a consistent copy of the whole database, taken
while the app runs (see nastavnik/lib/backups.py). An existing FILE is
replaced only once the new copy is complete."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nastavnik.lib import backups


class Command(BaseCommand):
    help = "Write a consistent copy of the whole database to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options) -> None:
        try:
            backups.backup(options["file"])
        except backups.BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(_("Backup written to %(path)s.") % {"path": options["file"]})
