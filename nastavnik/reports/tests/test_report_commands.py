"""The commands of scripts: report_export on the school's server,
report_import on the municipal one, and report_send from the one to the
other's API (the network mocked)."""

from __future__ import annotations

import io
import json
import tempfile
import urllib.error
from pathlib import Path
from unittest import mock

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from nastavnik.reports import services
from nastavnik.reports.models import Report
from nastavnik.reports.tests.factory import make_report
from nastavnik.test import BaseTestCase


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


class FakeAnswer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


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

    def test_report_send_posts_the_signed_file_with_the_token(self) -> None:
        answer = FakeAnswer(
            json.dumps({"code": "c0de", "status": "submitted"}).encode()
        )
        with mock.patch("urllib.request.urlopen", return_value=answer) as urlopen:
            code = run(
                "report_send",
                str(self.report.code),
                "--to",
                "https://mnc.example/",
                "--token",
                "TOKEN",
            )
        self.assertEqual(code, "c0de")
        request = urlopen.call_args.args[0]
        self.assertEqual(request.full_url, "https://mnc.example/api/reports/import")
        self.assertEqual(request.get_header("Authorization"), "Bearer TOKEN")
        self.assertEqual(json.loads(request.data)["organisation"]["inn"], "4330000013")

    def test_report_send_says_why_the_municipal_server_refused(self) -> None:
        refusal = urllib.error.HTTPError(
            "https://mnc.example/api/reports/import",
            422,
            "Unprocessable",
            {},
            io.BytesIO(json.dumps({"detail": "Файл изменён"}).encode()),
        )
        with (
            mock.patch("urllib.request.urlopen", side_effect=refusal),
            self.assertRaisesMessage(CommandError, "(422): Файл изменён"),
        ):
            run(
                "report_send",
                str(self.report.code),
                "--to",
                "https://mnc.example",
                "--token",
                "T",
            )
        with self.assertRaisesMessage(CommandError, "NASTAVNIK_REPORT_TOKEN"):
            run(
                "report_send",
                str(self.report.code),
                "--to",
                "https://mnc.example",
                "--token",
                "",
            )
