"""Reports to the municipal centre through the API: the school reads and
submits its own, the coordinator reads those submitted, nobody else."""

from __future__ import annotations

from datetime import date

import time_machine

from nastavnik.api.tests.factory import bearer
from nastavnik.reports import services
from nastavnik.reports.models import Report
from nastavnik.reports.periods import Kind, Period
from nastavnik.test import BaseTestCase


@time_machine.travel("2026-12-06 12:00+03:00", tick=False)
class ReportApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.report = services.report_create(
            organisation=self.school_a,
            period=Period(date(2026, 11, 1), Kind.MONTHLY),
            user=self.alice,
            today=date(2026, 12, 6),
        )
        self.detail = f"/api/reports/{self.report.code}"
        self.listing = f"/api/organisations/{self.school_a.code}/reports"

    def submit(self, user):
        return self.client.post(f"{self.detail}/submit", **bearer(user))

    def test_the_curator_reads_her_draft_and_submits_it(self) -> None:
        r = self.client.get(self.detail, **bearer(self.alice))
        self.assertEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual((body["kind"], body["status"]), ("monthly", "draft"))
        self.assertEqual(body["due_on"], "2026-11-25")
        self.assertTrue(body["late"])  # not submitted by the 25th
        self.assertIn("meetings_held", body["figures"])
        r = self.submit(self.alice)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["submitted_on"], "2026-12-06")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)

    def test_a_second_submission_is_refused_and_changes_nothing(self) -> None:
        self.submit(self.alice)
        r = self.submit(self.bob)
        self.assertEqual(r.status_code, 422)
        self.assertIn("второй раз", r.json()["detail"])
        self.assertEqual(self.report.events_log.count(), 2)  # created, submitted

    def test_the_coordinator_sees_it_only_once_submitted_and_cannot_submit(self):
        self.assertEqual(
            self.client.get(self.detail, **bearer(self.mila)).status_code, 404
        )
        self.assertEqual(
            self.client.get(self.listing, **bearer(self.mila)).json(),
            {"items": [], "count": 0},
        )
        self.submit(self.alice)
        self.assertEqual(
            self.client.get(self.detail, **bearer(self.mila)).status_code, 200
        )
        self.assertEqual(self.submit(self.mila).status_code, 404)

    def test_another_school_and_the_region_get_404(self) -> None:
        self.submit(self.alice)
        for user in (self.charlie, self.rita):
            with self.subTest(user=user.username):
                r = self.client.get(self.detail, **bearer(user))
                self.assertEqual(r.status_code, 404)
