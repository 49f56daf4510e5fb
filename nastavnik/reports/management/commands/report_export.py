"""``manage.py report_export REPORT_CODE FILE``: on a school's own server,
the report as the signed file for the municipal centre (the same as the
button «Export for the municipal centre»); ``-`` writes it to stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.reports import services
from nastavnik.reports.models import Report


def report_of(code: str) -> Report:
    try:
        return Report.objects.select_related("organisation").get(code=code)
    except (Report.DoesNotExist, ValidationError, ValueError):
        raise CommandError(_("No report «%(code)s».") % {"code": code}) from None


def exported(report: Report, log: bool = True) -> bytes:
    try:
        return services.report_export(
            report=report, user=None, now=timezone.now(), log=log
        )
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


class Command(BaseCommand):
    help = "Write a report as a signed file for the municipal centre."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the report's public id")
        parser.add_argument("file", help="where to write it; - for stdout")

    def handle(self, *args, code: str, file: str, **options) -> None:
        content = exported(report_of(code))
        if file == "-":
            sys.stdout.buffer.write(content)
            return
        Path(file).write_bytes(content)
        self.stderr.write(_("Written to %(file)s.") % {"file": file})
