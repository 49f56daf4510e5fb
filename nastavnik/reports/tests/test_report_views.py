"""The curator's reports and the coordinator's review, through the pages."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from nastavnik.accounts.models import AuditEvent, Membership, Role
from nastavnik.people.tests.factory import give_consent
from nastavnik.reports import services
from nastavnik.reports.models import Report
from nastavnik.reports.tests.factory import make_report, working_pair
from nastavnik.test import BaseTestCase, make_user


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class CuratorTestCase(BaseTestCase):
    def test_the_curator_creates_a_report_filled_from_the_data(self) -> None:
        working_pair(self.school_a, 1)
        self.client.force_login(self.alice)
        url = reverse("reports-organisation-list", args=[self.school_a.code])
        page = self.client.get(url)
        self.assertContains(page, "Ноябрь 2026")
        self.assertContains(page, "25-го числа")  # the help text on due days
        r = self.client.post(
            reverse("reports-organisation-create", args=[self.school_a.code]),
            {"period": "monthly:2026-11-01"},
            follow=True,
        )
        report = Report.objects.get()
        self.assertRedirects(r, reverse("reports-report-detail", args=[report.code]))
        self.assertEqual(
            (report.organisation, report.created_by), (self.school_a, self.alice)
        )
        self.assertContains(r, "Отчёт за ноябрь 2026")
        self.assertContains(r, "Наставники")
        self.assertContains(r, "Отправить в МНЦ")

    def test_a_tampered_or_taken_period_gets_a_clear_message(self) -> None:
        make_report(self.school_a, start=date(2026, 11, 1), today=date(2026, 11, 23))
        self.client.force_login(self.alice)
        url = reverse("reports-organisation-create", args=[self.school_a.code])
        for period in ("monthly:2026-11-01", "monthly:2027-01-01", "yearly:x"):
            with self.subTest(period=period):
                r = self.client.post(url, {"period": period}, follow=True)
                self.assertContains(r, "Выберите период, который уже начался")
        self.assertEqual(Report.objects.count(), 1)

    def test_the_curator_writes_corrects_and_submits_then_may_change_nothing(
        self,
    ) -> None:
        report = make_report(self.school_a)
        self.client.force_login(self.alice)
        code = report.code
        self.client.post(
            reverse("reports-report-edit", args=[code]),
            {"events": "Классный час", "monitoring": "", "cases": "", "notes": ""},
        )
        self.client.post(
            reverse("reports-report-correct", args=[code]),
            {"key": "meetings_held", "value": "3", "note": "Журнал на бумаге"},
        )
        r = self.client.post(reverse("reports-report-submit", args=[code]), follow=True)
        self.assertContains(r, "Отчёт отправлен в МНЦ")
        report.refresh_from_db()
        self.assertEqual(report.events, "Классный час")
        self.assertEqual(report.value("meetings_held"), 3)
        self.assertEqual(report.status, "submitted")
        r = self.client.post(reverse("reports-report-submit", args=[code]), follow=True)
        self.assertContains(r, "нельзя отправить второй раз")
        r = self.client.post(
            reverse("reports-report-edit", args=[code]),
            {"events": "Другое", "monitoring": "", "cases": "", "notes": ""},
            follow=True,
        )
        self.assertContains(r, "только пока")
        report.refresh_from_db()
        self.assertEqual(report.events, "Классный час")
        self.assertNotContains(r, "Отправить в МНЦ")

    def test_a_correction_without_a_reason_is_refused(self) -> None:
        report = make_report(self.school_a)
        self.client.force_login(self.alice)
        r = self.client.post(
            reverse("reports-report-correct", args=[report.code]),
            {"key": "mentors", "value": "7", "note": ""},
            follow=True,
        )
        self.assertContains(r, "Укажите, почему")
        self.assertEqual(Report.objects.get().corrections, {})

    def test_the_school_sees_the_return_comment_and_submits_again(self) -> None:
        report = make_report(self.school_a)
        services.report_submit(report=report, user=self.alice, today=date(2026, 10, 24))
        services.report_return(report=report, user=self.mila, comment="Нет мероприятий")
        self.client.force_login(self.alice)
        page = self.client.get(reverse("reports-report-detail", args=[report.code]))
        self.assertContains(page, "Возвращён МНЦ")
        self.assertContains(page, "Нет мероприятий")
        self.assertContains(page, "Отправить снова")
        self.client.post(reverse("reports-report-submit", args=[report.code]))
        self.assertEqual(Report.objects.get().status, "submitted")


@time_machine.travel("2026-11-28 10:00+03:00", tick=False)
class CoordinatorTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.report = make_report(
            self.school_a, start=date(2026, 11, 1), today=date(2026, 11, 27)
        )
        services.report_submit(
            report=self.report, user=self.alice, today=date(2026, 11, 27)
        )
        self.detail = reverse("reports-report-detail", args=[self.report.code])

    def test_the_coordinator_opens_a_late_report_and_returns_it_with_a_comment(
        self,
    ) -> None:
        self.client.force_login(self.mila)
        page = self.client.get(self.detail)
        self.assertContains(page, "просрочен")
        self.assertContains(page, "2 дня")
        self.assertContains(page, "Принять отчёт")
        r = self.client.post(
            reverse("reports-report-return", args=[self.report.code]),
            {"comment": ""},
            follow=True,
        )
        self.assertContains(r, "нужен комментарий")
        self.assertEqual(Report.objects.get().status, "submitted")
        r = self.client.post(
            reverse("reports-report-return", args=[self.report.code]),
            {"comment": "Уточните число встреч"},
            follow=True,
        )
        self.assertContains(r, "Отчёт возвращён в школу")
        self.assertEqual(Report.objects.get().status, "returned")

    def test_the_coordinator_accepts_a_report(self) -> None:
        self.client.force_login(self.mila)
        self.client.post(reverse("reports-report-accept", args=[self.report.code]))
        self.assertEqual(Report.objects.get().status, "accepted")
        r = self.client.post(
            reverse("reports-report-accept", args=[self.report.code]), follow=True
        )
        self.assertContains(r, "только отправленный")

    def test_the_school_may_not_review_and_the_coordinator_may_not_write(self) -> None:
        self.client.force_login(self.alice)
        for name in ("reports-report-accept", "reports-report-return"):
            r = self.client.post(
                reverse(name, args=[self.report.code]), {"comment": "x"}
            )
            self.assertEqual(r.status_code, 404)
        self.client.force_login(self.mila)
        for name in (
            "reports-report-submit",
            "reports-report-edit",
            "reports-report-refill",
        ):
            r = self.client.post(reverse(name, args=[self.report.code]))
            self.assertEqual(r.status_code, 404)
        self.assertEqual(Report.objects.get().status, "submitted")

    def test_other_schools_municipalities_and_the_region_get_404(self) -> None:
        other_coordinator = make_user("tanya")
        Membership.objects.create(
            user=other_coordinator,
            role=Role.MUNICIPAL,
            municipality=self.municipality_b,
        )
        curator_a2 = make_user("sveta")
        Membership.objects.create(
            user=curator_a2, role=Role.CURATOR, organisation=self.school_a2
        )
        urls = [
            self.detail,
            reverse("reports-report-xlsx", args=[self.report.code]),
            reverse("reports-municipality-list", args=[self.municipality_a.code]),
            reverse("reports-municipality-summary", args=[self.municipality_a.code]),
        ]
        for user in (self.charlie, other_coordinator, curator_a2, self.rita):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.bob)  # a teammate reads it
        self.assertEqual(self.client.get(self.detail).status_code, 200)

    def test_a_draft_stays_with_the_school(self) -> None:
        draft = make_report(self.school_a, start=date(2026, 10, 1))
        self.client.force_login(self.mila)
        url = reverse("reports-report-detail", args=[draft.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        grid = self.client.get(
            reverse("reports-municipality-list", args=[self.municipality_a.code])
        )
        self.assertContains(grid, "черновик")
        self.assertNotContains(grid, url)
        self.assertContains(grid, self.detail)

    def test_the_quarterly_annex_lists_only_people_whose_consent_covers_the_transfer(
        self,
    ) -> None:
        first = working_pair(self.school_a, 1)
        working_pair(self.school_a, 2)
        for member in first.members.all():
            give_consent(
                member.person, valid_from=date(2026, 9, 1), transfer_municipal=True
            )
        mentee2 = working_pair(self.school_a, 3).members.get(role="mentee").person
        give_consent(mentee2, valid_from=date(2026, 9, 1), transfer_municipal=False)
        quarter = make_report(
            self.school_a,
            kind="quarterly",
            start=date(2026, 10, 1),
            today=date(2026, 11, 28),
        )
        services.report_submit(
            report=quarter, user=self.alice, today=date(2026, 11, 28)
        )
        self.client.force_login(self.mila)
        page = self.client.get(reverse("reports-report-detail", args=[quarter.code]))
        self.assertContains(page, "Наставникова1")
        self.assertContains(page, "Учеников1")
        self.assertNotContains(page, "Учеников2")
        self.assertNotContains(page, "Учеников3")
        self.assertTrue(
            AuditEvent.objects.filter(user=self.mila, object_code=quarter.code).exists()
        )
        monthly = self.client.get(self.detail)
        self.assertNotContains(monthly, "Приложение")
