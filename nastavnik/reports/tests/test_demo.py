"""The demo's reports: the coordinator of «Уни» has one late school and one
returned report to act on, as issue 14's walk-through needs."""

from __future__ import annotations

from datetime import date
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from nastavnik.accounts.models import User
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.reports.models import Report
from nastavnik.reports.periods import Kind, started


@time_machine.travel("2026-12-06 12:00+03:00", tick=False)
class DemoReportsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())

    def test_one_school_is_late_and_one_report_is_returned(self) -> None:
        uni = Municipality.objects.get(name="Уни")
        late = [
            r.organisation.inn
            for r in Report.objects.for_municipality(uni).select_related("organisation")
            if r.is_late(date(2026, 12, 6))
        ]
        self.assertEqual(late, ["4330000020"])
        returned = Report.objects.get(status=Report.Status.RETURNED)
        self.assertEqual(returned.organisation.inn, "4330000013")
        self.assertTrue(returned.events_log.get(action="returned").comment)

    def test_the_coordinator_returns_the_late_report_and_the_curator_resubmits(
        self,
    ) -> None:
        uni = Municipality.objects.get(name="Уни")
        self.client.force_login(User.objects.get(username="municipal"))
        page = self.client.get(reverse("reports-municipality-list", args=[uni.code]))
        self.assertContains(page, "просрочен", count=1)
        report = Report.objects.get(status=Report.Status.SUBMITTED)
        self.client.post(
            reverse("reports-report-return", args=[report.code]),
            {"comment": "Добавьте мероприятия"},
        )
        summary = self.client.get(
            reverse("reports-municipality-summary", args=[uni.code]),
            {"kind": "monthly", "start": report.period_start.isoformat()},
        )
        self.assertEqual(summary.status_code, 200)
        self.client.force_login(User.objects.get(username="curator2"))
        page = self.client.get(reverse("reports-report-detail", args=[report.code]))
        self.assertContains(page, "Добавьте мероприятия")
        self.client.post(reverse("reports-report-submit", args=[report.code]))
        self.assertEqual(Report.objects.get(pk=report.pk).status, "submitted")

    def test_last_years_reports_were_all_accepted_on_time(self) -> None:
        """From September of the previous school year every school of «Уни»
        sent every monthly report and its quarterly and half-year ones on
        time, and the centre accepted them."""
        uni = Municipality.objects.get(name="Уни")
        schools = set(
            Organisation.objects.educational()
            .filter(municipality=uni)
            .values_list("pk", flat=True)
        )
        expected = {
            Kind.MONTHLY: started(Kind.MONTHLY, date(2025, 9, 1), date(2026, 10, 1)),
            Kind.QUARTERLY: started(Kind.QUARTERLY, date(2025, 9, 1), date(2026, 7, 1)),
            Kind.HALF_YEAR: started(Kind.HALF_YEAR, date(2025, 9, 1), date(2026, 1, 1)),
        }
        for kind, periods in expected.items():
            for period in periods:
                with self.subTest(period=period.key):
                    reports = Report.objects.filter(
                        kind=kind, period_start=period.start
                    )
                    self.assertEqual(
                        set(reports.values_list("organisation", flat=True)), schools
                    )
                    self.assertEqual(
                        set(reports.values_list("status", flat=True)),
                        {Report.Status.ACCEPTED},
                    )
                    self.assertFalse(any(r.is_late(date(2026, 12, 6)) for r in reports))
        self.client.force_login(User.objects.get(username="municipal"))
        page = self.client.get(
            reverse("reports-municipality-list", args=[uni.code]), {"year": 2025}
        )
        self.assertContains(page, "Май 2026")
        self.assertContains(page, "принят", count=12 * len(schools))
