"""What the curator and the municipal coordinator do to a report. Each step
checks the report's state first and writes nothing when it refuses: the
message says why, in Russian."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User
from nastavnik.lib import tokens
from nastavnik.orgs.models import Organisation
from nastavnik.reports import filling, transfer
from nastavnik.reports.models import Report, ReportEvent, TransferKey
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


# Sending a report from a school's own server (transfer.py)


@transaction.atomic
def _store_key(
    *, organisation: Organisation, secret: str, user: User | None, issued: bool
) -> TransferKey:
    key, _created = TransferKey.objects.update_or_create(
        organisation=organisation,
        defaults={
            "secret": secret,
            "issued": issued,
            "created_by": user,
            "created": timezone.now(),
        },
    )
    return key


def _refuse_if_issued(organisation: Organisation) -> None:
    if TransferKey.objects.filter(organisation=organisation, issued=True).exists():
        raise ValidationError(
            _(
                "The municipal centre issued this organisation's key on this "
                "server: only its coordinator replaces or revokes it."
            )
        )


@transaction.atomic
def transfer_key_enter(
    *, organisation: Organisation, secret: str, user: User | None
) -> TransferKey:
    """The key the municipal centre issued, entered on the school's server.
    Refused where the centre issued the key itself (its own server)."""
    _refuse_if_issued(organisation)
    return _store_key(organisation=organisation, secret=secret, user=user, issued=False)


@transaction.atomic
def transfer_key_issue(
    *, organisation: Organisation, user: User | None
) -> tuple[TransferKey, str]:
    """A new transfer key of the organisation, replacing any it had: the
    municipal coordinator gives it to the school, which enters it on its own
    server. Files signed with the old key are refused from now on."""
    secret = tokens.new()
    key = _store_key(organisation=organisation, secret=secret, user=user, issued=True)
    return key, secret


def transfer_key_revoke(*, organisation: Organisation) -> None:
    """The coordinator revokes the organisation's key, whoever stored it."""
    TransferKey.objects.filter(organisation=organisation).delete()


@transaction.atomic
def transfer_key_remove(*, organisation: Organisation) -> None:
    """The school removes the key it entered; one the centre issued stays."""
    _refuse_if_issued(organisation)
    TransferKey.objects.filter(organisation=organisation).delete()


@transaction.atomic
def report_export(
    *, report: Report, user: User | None, now: datetime, log: bool = True
) -> bytes:
    """The signed file of the report, for the municipal centre; the report
    itself does not change (its status is kept on the municipal server).
    Its history notes the export, unless ``log`` is false: a file sent over
    the network is noted once the municipal server took it (report_sent)."""
    key = TransferKey.objects.filter(organisation=report.organisation).first()
    if key is None:
        raise ValidationError(
            _(
                "Enter the transfer key the municipal centre issued to the "
                "organisation first: the file is signed with it."
            )
        )
    curator = (user.get_full_name() or user.username) if user else ""
    doc = transfer.document(report, key.secret, curator=curator, now=now)
    if log:
        _log(report, user, ReportEvent.Action.EXPORTED)
    return transfer.dumps(doc)


def report_sent(*, report: Report, user: User | None) -> None:
    """The municipal server took the report's file: noted in its history."""
    _log(report, user, ReportEvent.Action.EXPORTED)


def _sender(inn: str, organisations: QuerySet[Organisation]) -> Organisation:
    organisation = Organisation.objects.filter(inn=inn).first()
    if organisation is None:
        raise ValidationError(
            _(
                "There is no organisation with INN %(inn)s on this server: "
                "the municipal centre adds it first."
            )
            % {"inn": inn}
        )
    if not organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            _(
                "The organisation with INN %(inn)s is not among those whose "
                "reports you receive: it reports to another municipal centre."
            )
            % {"inn": inn}
        )
    return organisation


def _imported_comment(content: transfer.Content) -> str:
    day = transfer.exported_on(content)
    parts = []
    if day is not None:
        parts.append(_("exported on %(day)s") % {"day": date_format(day, "d.m.Y")})
    if content.curator:
        parts.append(content.curator)
    return ", ".join(parts)


@transaction.atomic
def report_import(
    *,
    raw: bytes | str,
    organisations: QuerySet[Organisation],
    user: User | None,
    today: date,
) -> Report:
    """The report of a school's signed file as that school's submission.

    The sender is found by the INN in the file among ``organisations`` (those
    the importer receives reports of), and the file must bear the signature
    of that organisation's transfer key. A report of the period that is
    submitted or accepted already is refused; a draft or a returned one takes
    the file's figures and text and is submitted. Refused: ValidationError
    with a message, and nothing written."""
    body, signature = transfer.read(raw)
    organisation = _sender(transfer.inn_of(body), organisations)
    key = TransferKey.objects.filter(organisation=organisation).first()
    if key is None:
        raise ValidationError(
            _(
                "The municipal centre has issued no transfer key to the "
                "organisation with INN %(inn)s, or has revoked it: issue one and "
                "give it to the school."
            )
            % {"inn": organisation.inn}
        )
    transfer.verify(body, signature, key.secret)
    content = transfer.content(body, today)
    period = content.period
    fields = {
        "data": content.data,
        "corrections": content.corrections,
        **content.texts,
        "status": Report.Status.SUBMITTED,
        "imported": True,
    }
    report = Report.objects.filter(
        organisation=organisation, kind=period.kind, period_start=period.start
    ).first()
    if report is not None:
        if not report.is_editable:
            raise ValidationError(
                _(
                    "The report of %(organisation)s for %(period)s is %(status)s "
                    "already: a second submission is refused. If it must be "
                    "corrected, the municipal centre returns it first."
                )
                % {
                    "organisation": organisation.short_name,
                    "period": period,
                    "status": report.get_status_display(),
                }
            )
        # As report_submit: of two imports at once only one update wins.
        claimed = Report.objects.filter(
            pk=report.pk, status__in=Report.EDITABLE
        ).update(
            **fields,
            submitted_on=report.submitted_on or today,
            updated=timezone.now(),
        )
        if not claimed:
            raise ValidationError(
                _("The report has just been submitted by someone else.")
            )
        report.refresh_from_db()
    else:
        report = Report(
            organisation=organisation,
            kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            due_on=period.due_on,
            submitted_on=today,
            **fields,
        )
        report.full_clean()
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise ValidationError(
                _("The report has just been submitted by someone else.")
            ) from None
    _log(report, user, ReportEvent.Action.IMPORTED, _imported_comment(content))
    return report
