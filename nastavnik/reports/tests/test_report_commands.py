"""The commands of scripts: report_export on the school's server,
report_import on the municipal one, and report_send from the one to the
other's API (a live server of the test database plays the municipal one)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import LiveServerTestCase

from nastavnik.accounts.models import Membership, Role
from nastavnik.api import services as api_services
from nastavnik.orgs.models import Municipality, Region
from nastavnik.reports import services
from nastavnik.reports.models import Report, ReportEvent
from nastavnik.reports.tests.factory import make_report
from nastavnik.test import BaseTestCase, make_organisation, make_user


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class ReportCommandsTestCase(BaseTestCase):
    def setUp(self) -> None:
        services.transfer_key_issue(organisation=self.school_a, user=self.mila)
        self.report = make_report(self.school_a, user=self.alice)
        self.dir = Path(tempfile.mkdtemp())
        self.file = self.dir / "report.nastavnik-report.json"

    def tearDown(self) -> None:
        for path in self.dir.iterdir():
            path.unlink()
        self.dir.rmdir()

    def test_a_report_exported_by_command_is_imported_by_command(self) -> None:
        run("report_export", str(self.report.code), str(self.file))
        self.report.delete()
        code = run("report_import", str(self.file), "--user", "mila")
        report = Report.objects.get()
        self.assertEqual(str(report.code), code)
        self.assertEqual((report.status, report.imported), ("submitted", True))

    def test_a_refused_file_stops_the_command_with_the_reason(self) -> None:
        self.file.write_text("{}")
        with self.assertRaisesMessage(CommandError, "не является отчётом"):
            run("report_import", str(self.file), "--user", "mila")
        run("report_export", str(self.report.code), str(self.file))
        with self.assertRaisesMessage(CommandError, "другой МНЦ"):
            run("report_import", str(self.file), "--user", "charlie")
        with self.assertRaisesMessage(CommandError, "nobody"):
            run("report_import", str(self.file), "--user", "nobody")
        with self.assertRaisesMessage(CommandError, "Отчёта «x» нет"):
            run("report_export", "x", str(self.file))


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class ReportSendTestCase(LiveServerTestCase):
    """report_send against a real server: the school's report goes to the
    municipal centre's API over HTTP, and a refusal comes back in words."""

    # the flush after each test keeps the rows the migrations ship
    serialized_rollback = True

    def setUp(self) -> None:
        region = Region.objects.create(name="Кировская область")
        municipality = Municipality.objects.create(region=region, name="Уни")
        self.school = make_organisation(municipality, "4330000013", "СОШ № 1")
        coordinator = make_user("mila")
        Membership.objects.create(
            user=coordinator, role=Role.MUNICIPAL, municipality=municipality
        )
        self.token = api_services.token_create(user=coordinator, name="отчёты")[1]
        services.transfer_key_issue(organisation=self.school, user=None)
        self.report = make_report(self.school)

    def send(self, token: str) -> str:
        return run(
            "report_send",
            str(self.report.code),
            "--to",
            self.live_server_url + "/",
            "--token",
            token,
        )

    def exports_noted(self) -> int:
        return ReportEvent.objects.filter(
            report=self.report, action=ReportEvent.Action.EXPORTED
        ).count()

    def test_the_municipal_server_takes_the_report_as_submitted(self) -> None:
        self.assertEqual(self.send(self.token), str(self.report.code))
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)
        self.assertEqual(self.report.submitted_on.isoformat(), "2026-11-23")
        self.assertEqual(self.exports_noted(), 1)

    def test_a_sending_refused_leaves_no_export_in_the_history(self) -> None:
        with self.assertRaisesMessage(CommandError, "(401)"):
            self.send("not-a-token")
        with self.assertRaisesMessage(CommandError, "Нет связи с сервером МНЦ"):
            run(
                "report_send",
                str(self.report.code),
                "--to",
                "http://127.0.0.1:9/",
                "--token",
                self.token,
            )
        self.assertEqual(self.exports_noted(), 0)

    def test_a_second_sending_is_refused_with_the_servers_reason(self) -> None:
        self.send(self.token)
        with self.assertRaisesMessage(CommandError, "(422)"):
            self.send(self.token)
        with self.assertRaisesMessage(CommandError, "(401)"):
            self.send("not-a-token")

    def test_without_a_token_it_says_where_to_put_one(self) -> None:
        with self.assertRaisesMessage(CommandError, "NASTAVNIK_REPORT_TOKEN"):
            self.send("")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.DRAFT)
