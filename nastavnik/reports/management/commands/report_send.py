"""``manage.py report_send REPORT_CODE --to URL [--token TOKEN]``: on a
school's own server, the report's signed file sent to the municipal
server's API (``POST /api/reports/import``), for a cron job or a script.
The token is that of the school's account on the municipal server (or
``NASTAVNIK_REPORT_TOKEN``, so that it stays out of the process list).
Prints the municipal server's answer; exit status 1 when it refuses."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nastavnik.people.models import choice_label
from nastavnik.reports import services
from nastavnik.reports.management.commands.report_export import exported, report_of
from nastavnik.reports.models import Report

TOKEN_VARIABLE = "NASTAVNIK_REPORT_TOKEN"
TIMEOUT = 60


def _detail(body: bytes) -> str:
    try:
        return str(json.loads(body)["detail"])
    except (ValueError, KeyError, TypeError):
        return body.decode("utf-8", "replace")[:500]


class Command(BaseCommand):
    help = "Send a report to the municipal server's API as a signed file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the report's public id")
        parser.add_argument(
            "--to", required=True, help="the municipal server, https://…/"
        )
        parser.add_argument(
            "--token",
            default=os.environ.get(TOKEN_VARIABLE, ""),
            help=f"an API token on the municipal server (or ${TOKEN_VARIABLE})",
        )

    def handle(self, *args, code: str, to: str, token: str, **options) -> None:
        if not token:
            raise CommandError(
                _("Give the API token of the municipal server: --token or %(name)s.")
                % {"name": TOKEN_VARIABLE}
            )
        if not to.startswith(("https://", "http://")):
            raise CommandError(_("--to is the address of the municipal server."))
        report = report_of(code)
        # noted in the report's history only once the municipal server took it
        content = exported(report, log=False)
        request = urllib.request.Request(
            to.rstrip("/") + "/api/reports/import",
            data=content,
            method="POST",
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise CommandError(
                _("The municipal server refused the report (%(status)s): %(detail)s")
                % {"status": error.code, "detail": _detail(error.read())}
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise CommandError(
                _("The municipal server cannot be reached: %(error)s")
                % {"error": error}
            ) from None
        services.report_sent(report=report, user=None)
        status = answer.get("status")
        self.stderr.write(
            _("The municipal centre received the report: %(status)s.")
            % {"status": choice_label(Report.Status, status) if status else "—"}
        )
        self.stdout.write(str(answer.get("code")))
