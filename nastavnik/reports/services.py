"""What the curator and the municipal coordinator do to a report. Each step
checks the report's state first and writes nothing when it refuses: the
message says why, in Russian."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.orgs.models import Organisation
from nastavnik.reports import filling
from nastavnik.reports.models import Report, ReportEvent
from nastavnik.reports.periods import Period


def _counted_to(period: Period, today: date) -> date:
    """The figures are those at the period's end, or today while it runs."""
    return min(period.end, today)


def _log(report: Report, user: User | None, action: str, comment: str = "") -> None:
    event = ReportEvent(report=report, user=user, action=action, comment=comment)
    event.full_clean()
    event.save()


@transaction.atomic
def report_create(
    *, organisation: Organisation, period: Period, user: User | None, today: date
) -> Report:
    """A draft report for the period, its figures filled from the data."""
    if period.start > today:
        raise ValidationError(
            _("The period %(period)s has not started yet.") % {"period": period}
        )
    exists = Report.objects.filter(
        organisation=organisation, kind=period.kind, period_start=period.start
    ).exists()
    if exists:
        raise ValidationError(
            _("There is a report for %(period)s already: open it from the list.")
            % {"period": period}
        )
    report = Report(
        organisation=organisation,
        kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        due_on=period.due_on,
        created_by=user,
        data=filling.fill(organisation, period.start, _counted_to(period, today)),
    )
    report.full_clean()
    report.save()
    _log(report, user, ReportEvent.Action.CREATED)
    return report


@transaction.atomic
def report_refill(*, report: Report, today: date) -> Report:
    """Fill the figures from the data again; the corrections stay."""
    report.check_editable()
    report.data = filling.fill(
        report.organisation,
        report.period_start,
        _counted_to(report.period, today),
    )
    report.save(update_fields=["data", "updated"])
    return report


@transaction.atomic
def report_correct(*, report: Report, key: str, value: int | None, note: str) -> Report:
    """Correct one figure with a note saying why, or (``value`` None) take
    the correction back."""
    report.check_editable()
    if key not in filling.FIELD:
        raise ValidationError(_("There is no such figure in the report."))
    if value is None:
        report.corrections.pop(key, None)
    else:
        if not note.strip():
            raise ValidationError(_("Say why the figure is corrected."))
        report.corrections[key] = {"value": value, "note": note.strip()}
    report.save(update_fields=["corrections", "updated"])
    return report


@transaction.atomic
def report_submit(*, report: Report, user: User | None, today: date) -> Report:
    """Send the report to the municipal centre; from now on the school reads
    it only, unless the centre returns it."""
    if report.status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED):
        raise ValidationError(
            _(
                "The report for %(period)s is %(status)s already: it cannot be "
                "submitted a second time."
            )
            % {"period": report.period, "status": report.get_status_display()}
        )
    # A guard against two tabs submitting at once: only one update wins.
    claimed = Report.objects.filter(pk=report.pk, status__in=Report.EDITABLE).update(
        status=Report.Status.SUBMITTED,
        submitted_on=report.submitted_on or today,
        updated=timezone.now(),
    )
    if not claimed:
        raise ValidationError(_("The report has just been submitted by someone else."))
    report.refresh_from_db()
    _log(report, user, ReportEvent.Action.SUBMITTED)
    return report


def _check_submitted(report: Report) -> None:
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            _("The report is %(status)s: only a submitted report can be reviewed.")
            % {"status": report.get_status_display()}
        )


@transaction.atomic
def report_accept(*, report: Report, user: User | None) -> Report:
    _check_submitted(report)
    report.status = Report.Status.ACCEPTED
    report.save(update_fields=["status", "updated"])
    _log(report, user, ReportEvent.Action.ACCEPTED)
    return report


@transaction.atomic
def report_return(*, report: Report, user: User | None, comment: str) -> Report:
    """Return the report to the school with a comment saying what to fix."""
    _check_submitted(report)
    if not comment.strip():
        raise ValidationError(
            _("Write what the school should fix: a return needs a comment.")
        )
    report.status = Report.Status.RETURNED
    report.save(update_fields=["status", "updated"])
    _log(report, user, ReportEvent.Action.RETURNED, comment.strip())
    return report
