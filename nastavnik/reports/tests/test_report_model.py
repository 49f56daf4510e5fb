"""A report's life: filled from the data, draft → submitted → accepted, or
returned with a comment and submitted again; each refusal changes nothing."""

from __future__ import annotations

from datetime import date

import time_machine
from django.core.exceptions import ValidationError

from nastavnik.reports import services
from nastavnik.reports.models import Report, ReportEvent, is_late
from nastavnik.reports.periods import Period
from nastavnik.reports.tests.factory import held, make_report, working_pair
from nastavnik.test import BaseTestCase


class LatenessTestCase(BaseTestCase):
    def test_a_monthly_report_is_due_on_the_25th_and_late_from_the_26th(self) -> None:
        due = Period.containing("monthly", date(2026, 11, 1)).due_on
        self.assertEqual(due, date(2026, 11, 25))
        self.assertFalse(is_late(due, None, date(2026, 11, 25)))
        self.assertTrue(is_late(due, None, date(2026, 11, 26)))

    def test_on_31_december_the_fourth_quarter_and_second_half_are_late(self) -> None:
        new_years_eve = date(2026, 12, 31)
        for kind in ("monthly", "quarterly", "half_year"):
            with self.subTest(kind=kind):
                period = Period.containing(kind, new_years_eve)
                self.assertEqual(period.due_on, date(2026, 12, 25))
                self.assertTrue(is_late(period.due_on, None, new_years_eve))
                self.assertFalse(
                    is_late(period.due_on, date(2026, 12, 25), new_years_eve)
                )

    def test_on_29_february_the_february_report_is_late_and_march_is_not(self) -> None:
        leap_day = date(2028, 2, 29)
        february = Period.containing("monthly", leap_day)
        self.assertEqual(february.end, leap_day)
        self.assertTrue(is_late(february.due_on, None, leap_day))
        self.assertFalse(is_late(february.next().due_on, None, leap_day))

    def test_a_report_submitted_late_stays_late_after_a_return(self) -> None:
        report = make_report(self.school_a, today=date(2026, 10, 20))
        services.report_submit(report=report, user=self.alice, today=date(2026, 10, 27))
        services.report_return(report=report, user=self.mila, comment="Уточните")
        services.report_submit(report=report, user=self.alice, today=date(2026, 10, 29))
        self.assertEqual(report.submitted_on, date(2026, 10, 27))
        self.assertTrue(report.is_late(date(2026, 11, 1)))
        self.assertEqual(report.days_late(date(2026, 11, 1)), 2)


class FillingTestCase(BaseTestCase):
    def test_the_figures_come_from_the_pairs_and_meetings_of_the_period(self) -> None:
        first = working_pair(self.school_a, 1)
        working_pair(self.school_a, 2, since=date(2026, 10, 5))
        held(first, date(2026, 9, 30))
        held(first, date(2026, 10, 14))
        held(first, date(2026, 10, 28))
        working_pair(self.school_a2, 3)  # another school's pair counts not
        report = make_report(self.school_a)
        figures = report.figures()
        self.assertEqual(figures["mentors"], 2)
        self.assertEqual(figures["mentees"], 2)
        self.assertEqual(figures["mentees_10_19"], 2)
        self.assertEqual(figures["pairs_working"], 2)
        self.assertEqual(figures["pairs_formed"], 1)  # fixed on 5 October
        self.assertEqual(figures["meetings_held"], 2)
        self.assertEqual(report.data["by_form"][0]["working"], 2)
        self.assertEqual(report.due_on, date(2026, 10, 25))

    def test_a_correction_replaces_the_figure_and_keeps_the_filled_one(self) -> None:
        working_pair(self.school_a, 1)
        report = make_report(self.school_a)
        services.report_correct(
            report=report, key="meetings_held", value=4, note="Две встречи на бумаге"
        )
        row = next(r for r in report.rows() if r["field"].key == "meetings_held")
        self.assertEqual((row["filled"], row["value"]), (0, 4))
        with self.assertRaisesMessage(ValidationError, "Укажите, почему"):
            services.report_correct(report=report, key="mentors", value=3, note=" ")
        self.assertNotIn("mentors", Report.objects.get().corrections)


class StateMachineTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.report = make_report(self.school_a, user=self.alice)

    def _history(self) -> list[str]:
        return list(self.report.events_log.values_list("action", flat=True))

    def test_submitted_then_accepted(self) -> None:
        services.report_submit(
            report=self.report, user=self.alice, today=date(2026, 10, 24)
        )
        services.report_accept(report=self.report, user=self.mila)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.ACCEPTED)
        self.assertEqual(self._history(), ["created", "submitted", "accepted"])

    def test_returned_with_a_comment_then_fixed_and_submitted_again(self) -> None:
        services.report_submit(
            report=self.report, user=self.alice, today=date(2026, 10, 24)
        )
        services.report_return(
            report=self.report, user=self.mila, comment=" Добавьте мероприятия "
        )
        self.assertTrue(self.report.is_editable)
        self.report.events = "Родительское собрание 12.10.2026"
        self.report.save()
        services.report_submit(
            report=self.report, user=self.alice, today=date(2026, 10, 26)
        )
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)
        self.assertEqual(
            self._history(), ["created", "submitted", "returned", "submitted"]
        )
        returned = self.report.events_log.get(action="returned")
        self.assertEqual(
            (returned.user, returned.comment), (self.mila, "Добавьте мероприятия")
        )

    def test_a_second_submission_of_the_period_is_refused_and_changes_nothing(
        self,
    ) -> None:
        services.report_submit(
            report=self.report, user=self.alice, today=date(2026, 10, 24)
        )
        with self.assertRaisesMessage(ValidationError, "нельзя отправить второй раз"):
            services.report_submit(
                report=self.report, user=self.bob, today=date(2026, 10, 25)
            )
        self.report.refresh_from_db()
        self.assertEqual(self.report.submitted_on, date(2026, 10, 24))
        self.assertEqual(self._history(), ["created", "submitted"])

    def test_a_second_report_of_the_same_period_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "уже есть"):
            make_report(self.school_a)
        self.assertEqual(Report.objects.count(), 1)

    def test_a_report_of_a_period_not_started_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "ещё не начался"):
            make_report(
                self.school_a, start=date(2026, 12, 1), today=date(2026, 11, 30)
            )

    def test_a_return_without_a_comment_is_refused_and_changes_nothing(self) -> None:
        services.report_submit(
            report=self.report, user=self.alice, today=date(2026, 10, 24)
        )
        with self.assertRaisesMessage(ValidationError, "нужен комментарий"):
            services.report_return(report=self.report, user=self.mila, comment="  ")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)
        self.assertFalse(ReportEvent.objects.filter(action="returned").exists())

    def test_a_draft_cannot_be_accepted_or_returned(self) -> None:
        for step in (
            lambda: services.report_accept(report=self.report, user=self.mila),
            lambda: services.report_return(
                report=self.report, user=self.mila, comment="x"
            ),
        ):
            with self.assertRaisesMessage(ValidationError, "только отправленный"):
                step()
        self.assertEqual(Report.objects.get().status, Report.Status.DRAFT)

    def test_a_submitted_report_is_read_only_for_the_school(self) -> None:
        services.report_submit(
            report=self.report, user=self.alice, today=date(2026, 10, 24)
        )
        for step in (
            lambda: services.report_refill(
                report=self.report, today=date(2026, 10, 24)
            ),
            lambda: services.report_correct(
                report=self.report, key="mentors", value=1, note="x"
            ),
        ):
            with self.assertRaisesMessage(ValidationError, "только пока"):
                step()
        self.assertEqual(Report.objects.get().corrections, {})


@time_machine.travel("2026-10-20 10:00+03:00", tick=False)
class RefillTestCase(BaseTestCase):
    def test_refilling_counts_what_was_added_and_keeps_the_corrections(self) -> None:
        report = make_report(self.school_a, today=date(2026, 10, 20))
        services.report_correct(report=report, key="mentees", value=9, note="Список")
        working_pair(self.school_a, 1)
        services.report_refill(report=report, today=date(2026, 10, 20))
        report.refresh_from_db()
        self.assertEqual(report.data["figures"]["mentors"], 1)
        self.assertEqual(report.value("mentees"), 9)
