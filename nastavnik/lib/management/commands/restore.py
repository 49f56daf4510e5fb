"""``manage.py restore FILE``: load a copy made by ``manage.py backup`` into the
configured database, which must be empty (a new database, migrated or not).
Stop the app first; run ``migrate`` afterwards when the code is newer than the
copy."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nastavnik.lib import backups


class Command(BaseCommand):
    help = "Load a copy made by `manage.py backup` into the empty configured database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options) -> None:
        try:
            backups.restore(options["file"])
        except backups.BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            _("Restored the database from %(path)s.") % {"path": options["file"]}
        )
