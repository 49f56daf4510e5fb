"""``manage.py report_import FILE --user USERNAME``: on the municipal server,
a school's report file imported as its submission, as the coordinator's
upload page does it and with his rights (the organisations of the
municipalities he coordinates). Prints the report's public id; exit status
1 with the reason when the file is refused, nothing written."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.reports import services
from nastavnik.reports.access import importable_organisations


class Command(BaseCommand):
    help = "Import a report file a school exported on its own server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--user", required=True, help="the municipal coordinator who imports it"
        )

    def handle(self, *args, file: str, user: str, **options) -> None:
        try:
            importer = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(
                _("No active user «%(username)s».") % {"username": user}
            ) from None
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from None
        try:
            report = services.report_import(
                raw=raw,
                organisations=importable_organisations(importer),
                user=importer,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            _("The report of %(organisation)s for %(period)s is imported.")
            % {"organisation": report.organisation.short_name, "period": report.period}
        )
        self.stdout.write(str(report.code))
