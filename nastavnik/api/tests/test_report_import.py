"""A school's server sends its report to the municipal server's API: the
signed file as the body, a token of the school's own account there or of
the coordinator; refused files answer 422 in Russian and change nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import time_machine

from nastavnik.api.tests.factory import bearer
from nastavnik.reports import services
from nastavnik.reports.models import Report
from nastavnik.reports.tests.factory import make_report
from nastavnik.test import BaseTestCase

URL = "/api/reports/import"


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class ReportImportApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        services.transfer_key_issue(organisation=self.school_a, user=self.mila)
        report = make_report(self.school_a, user=self.alice)
        self.content = services.report_export(
            report=report, user=self.alice, now=datetime(2026, 11, 20, tzinfo=UTC)
        )
        # the municipal server knows the report only from the file
        report.delete()

    def send(self, user, content: bytes | None = None):
        return self.client.post(
            URL,
            content if content is not None else self.content,
            content_type="application/json",
            **bearer(user),
        )

    def test_the_schools_own_account_sends_the_report(self) -> None:
        r = self.send(self.alice)
        self.assertEqual(r.status_code, 201)
        body = r.json()
        self.assertEqual(
            (body["organisation"], body["status"], body["period_start"]),
            (str(self.school_a.code), "submitted", "2026-10-01"),
        )
        self.assertEqual(body["submitted_on"], "2026-11-23")
        report = Report.objects.get()
        self.assertEqual(report.events_log.get().user, self.alice)
        # the coordinator reads it as any submitted report
        r = self.client.get(f"/api/reports/{report.code}", **bearer(self.mila))
        self.assertEqual(r.status_code, 200)

    def test_the_coordinator_may_send_it_too(self) -> None:
        self.assertEqual(self.send(self.mila).status_code, 201)

    def test_a_second_submission_is_refused_in_russian(self) -> None:
        self.send(self.alice)
        r = self.send(self.alice)
        self.assertEqual(r.status_code, 422)
        self.assertIn("повторная отправка отклонена", r.json()["detail"])
        self.assertEqual(Report.objects.get().events_log.count(), 1)

    def test_an_altered_or_malformed_file_is_refused(self) -> None:
        doc = json.loads(self.content)
        doc["report"]["data"]["figures"]["mentors"] = 99
        cases = [
            (json.dumps(doc).encode(), 422, "изменён после выгрузки"),
            (b"{", 400, "не JSON"),
            (b'{"format": "x"}', 422, "signature"),
            (
                json.dumps({**doc, "format": "x"}).encode(),
                422,
                "не является отчётом",
            ),
        ]
        for content, status, message in cases:
            with self.subTest(message=message):
                r = self.send(self.alice, content)
                self.assertEqual(r.status_code, status)
                self.assertIn(message, r.json()["detail"])
        self.assertFalse(Report.objects.exists())

    def test_another_school_another_municipality_and_the_region_are_refused(self):
        for user in (self.charlie, self.rita):
            with self.subTest(user=user.username):
                r = self.send(user)
                self.assertEqual(r.status_code, 422)
                self.assertIn("принимает другой МНЦ", r.json()["detail"])
        self.assertFalse(Report.objects.exists())

    def test_it_needs_a_token(self) -> None:
        r = self.client.post(URL, self.content, content_type="application/json")
        self.assertEqual(r.status_code, 401)
        self.assertFalse(Report.objects.exists())
