"""Reports to the municipal centre: the school's list and its report (the
curator fills, corrects and submits it), the coordinator's table of the
municipality's organisations by period (he opens a report, accepts it or
returns it with a comment), and the XLSX of one report and of the summary.

A school on its own server exports a report as a signed file (transfer.py)
with the key the municipal centre issued and entered on the school's key
page; the coordinator issues the keys and uploads the files on his."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import get_staff_organisation_for_user
from nastavnik.accounts.models import AuditEvent
from nastavnik.accounts.services import audit_log
from nastavnik.lib import downloads, spreadsheets
from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.reports import exporting, filling, services, transfer
from nastavnik.reports.access import (
    REVIEW,
    WRITE,
    get_coordinated_municipality_for_user,
    get_coordinated_organisation_for_user,
    get_report_for_user,
    is_staff,
)
from nastavnik.reports.forms import (
    YEARS_BACK,
    CorrectionForm,
    ImportForm,
    PeriodsForm,
    ReportCreateForm,
    ReportTextForm,
    ReturnForm,
    TransferKeyForm,
)
from nastavnik.reports.models import Report, TransferKey, is_late
from nastavnik.reports.periods import Kind, Period, started


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _create_form(organisation: Organisation, data=None) -> ReportCreateForm:
    today = timezone.localdate()
    since = SchoolYear(SchoolYear.of(today).start_year - YEARS_BACK + 1).start
    taken = set(
        Report.objects.filter(
            organisation=organisation, period_start__gte=since
        ).values_list("kind", "period_start")
    )
    return ReportCreateForm(data, since=since, today=today, taken=taken)


@login_required
def organisation_reports(request: HttpRequest, org_code: str) -> HttpResponse:
    """The school's reports, newest first, and the form to start one."""
    organisation = get_staff_organisation_for_user(request, org_code)
    today = timezone.localdate()
    reports = list(Report.objects.filter(organisation=organisation))
    for report in reports:
        report.late = report.is_late(today)
    ctx = {
        "organisation": organisation,
        "reports": reports,
        "today": today,
        "form": _create_form(organisation),
    }
    return render(request, "reports/organisation_reports.html", ctx)


@login_required
@require_POST
def report_create(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    form = _create_form(organisation, request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose a period that has started and has no report yet.")
        )
        return redirect("reports-organisation-list", org_code=organisation.code)
    try:
        report = services.report_create(
            organisation=organisation,
            period=form.cleaned_data["period"],
            user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("reports-organisation-list", org_code=organisation.code)
    messages.success(request, _("The report is filled from the data: check it."))
    return redirect("reports-report-detail", code=report.code)


def _annex(request: HttpRequest, report: Report, today: date):
    """The annex of a quarterly report, its reading written to the audit
    log (it names people)."""
    if not report.has_annex:
        return None
    people = list(
        filling.annex(
            report.organisation, report.period_start, report.period_end, today
        )
    )
    audit_log(
        user=request.user,
        organisation=report.organisation,
        action=AuditEvent.Action.VIEW,
        object_type="report annex",
        object_code=report.code,
        summary=f"{report.period} · {len(people)}",
    )
    return people


@login_required
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request, code)
    today = timezone.localdate()
    staff = is_staff(request.user, report)
    ctx = {
        "report": report,
        "organisation": report.organisation,
        "staff": staff,
        "can_edit": staff and report.is_editable,
        "can_review": not staff and report.status == Report.Status.SUBMITTED,
        "rows": report.rows(),
        "kpis": report.kpi_figures(suppress=not staff),
        "by_form": report.data.get("by_form", []),
        "history": report.events_log.select_related("user"),
        "returned": report.events_log.filter(action="returned").last(),
        "annex": _annex(request, report, today),
        "late": report.is_late(today),
        "days_late": report.days_late(today),
        "today": today,
        "text_form": ReportTextForm(instance=report),
        "correction_form": CorrectionForm(),
        "return_form": ReturnForm(),
    }
    return render(request, "reports/report_detail.html", ctx)


@login_required
@require_POST
def report_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Save the free-text parts of the report."""
    report = get_report_for_user(request, code, to=WRITE)
    form = ReportTextForm(request.POST, instance=report)
    try:
        report.check_editable()
    except ValidationError as error:
        _refused(request, error)
        return redirect("reports-report-detail", code=report.code)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("The text is too long or malformed."))
    return redirect("reports-report-detail", code=report.code)


@login_required
@require_POST
def report_correct(request: HttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request, code, to=WRITE)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("reports-report-detail", code=report.code)
    try:
        services.report_correct(
            report=report,
            key=form.cleaned_data["key"],
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The figure is corrected."))
    return redirect("reports-report-detail", code=report.code)


@login_required
@require_POST
def report_refill(request: HttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request, code, to=WRITE)
    try:
        services.report_refill(report=report, today=timezone.localdate())
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The figures are filled from the data again."))
    return redirect("reports-report-detail", code=report.code)


@login_required
@require_POST
def report_submit(request: HttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request, code, to=WRITE)
    try:
        services.report_submit(
            report=report, user=request.user, today=timezone.localdate()
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The report is submitted to the municipal centre."))
    return redirect("reports-report-detail", code=report.code)


@login_required
@require_POST
def report_accept(request: HttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request, code, to=REVIEW)
    try:
        services.report_accept(report=report, user=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The report is accepted."))
    return redirect("reports-report-detail", code=report.code)


@login_required
@require_POST
def report_return(request: HttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request, code, to=REVIEW)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    try:
        services.report_return(
            report=report, user=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The report is returned to the school."))
    return redirect("reports-report-detail", code=report.code)


@login_required
def report_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request, code)
    today = timezone.localdate()
    annex = _annex(request, report, today)
    name = downloads.file_name(
        _("Report to the municipal centre"),
        report.organisation.short_name,
        report.period.label,
        day=today,
        extension="xlsx",
    )
    return downloads.attachment(
        exporting.report_xlsx(report, annex, today),
        name=name,
        content_type=spreadsheets.CONTENT_TYPE,
    )


def _chosen(request: HttpRequest) -> tuple[str, SchoolYear] | None:
    form = PeriodsForm(request.GET)
    if not form.is_valid():
        return None
    kind = form.cleaned_data["kind"] or Kind.MONTHLY
    year = form.cleaned_data["year"]
    return kind, SchoolYear(year) if year else SchoolYear.current()


def _grid(municipality, kind: str, year: SchoolYear, today: date) -> dict:
    """The municipality's educational organisations × the periods of the
    school year started by today: each cell the report or None, and
    whether it is late. Two queries whatever the size."""
    periods = started(kind, year.start, min(today, year.end))
    organisations = list(
        Organisation.objects.educational()
        .filter(municipality=municipality)
        .order_by("short_name")
    )
    reports = {
        (r.organisation_id, r.period_start): r
        for r in Report.objects.filter(
            organisation__municipality=municipality,
            kind=kind,
            period_start__gte=year.start,
            period_start__lte=year.end,
        ).only("code", "organisation", "period_start", "status", "submitted_on")
    }
    rows = []
    for organisation in organisations:
        cells = []
        for period in periods:
            report = reports.get((organisation.pk, period.start))
            submitted = report.submitted_on if report else None
            cells.append(
                {
                    "report": report,
                    "late": is_late(period.due_on, submitted, today),
                    "due": period.due_on,
                }
            )
        rows.append((organisation, cells))
    return {"periods": periods, "rows": rows}


@login_required
def municipality_reports(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """The coordinator's table: who has reported, who is late."""
    municipality = get_coordinated_municipality_for_user(request, municipality_code)
    chosen = _chosen(request)
    if chosen is None:
        return HttpResponseBadRequest()
    kind, year = chosen
    today = timezone.localdate()
    ctx = {
        "municipality": municipality,
        "kind": kind,
        "year": year,
        "kinds": Kind.choices,
        "years": [year.previous(), year, year.next()],
        "today": today,
        **_grid(municipality, kind, year, today),
    }
    return render(request, "reports/municipality_reports.html", ctx)


@login_required
def municipality_summary_xlsx(
    request: HttpRequest, municipality_code: str
) -> HttpResponse:
    """All organisations of the municipality for one period, with statuses
    and the figures of the reports submitted."""
    municipality = get_coordinated_municipality_for_user(request, municipality_code)
    today = timezone.localdate()
    kind = request.GET.get("kind", Kind.MONTHLY)
    start = request.GET.get("start")
    try:
        period = Period.parse(kind, start) if start else Period.containing(kind, today)
    except ValueError:
        return HttpResponseBadRequest()
    organisations = list(
        Organisation.objects.educational()
        .filter(municipality=municipality)
        .order_by("short_name")
    )
    reports = {
        r.organisation_id: r
        for r in Report.objects.filter(
            organisation__municipality=municipality,
            kind=period.kind,
            period_start=period.start,
        )
    }
    rows = [(o, reports.get(o.pk)) for o in organisations]
    name = downloads.file_name(
        _("Summary of reports"),
        municipality.name,
        period.label,
        day=today,
        extension="xlsx",
    )
    return downloads.attachment(
        exporting.summary_xlsx(municipality, period, rows, today),
        name=name,
        content_type=spreadsheets.CONTENT_TYPE,
    )


# Sending a report from a school's own server


@login_required
def report_export(request: HttpRequest, code: str) -> HttpResponse:
    """The report as a signed file for the municipal centre, by its staff."""
    report = get_report_for_user(request, code, to=WRITE)
    try:
        content = services.report_export(
            report=report, user=request.user, now=timezone.now()
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("reports-organisation-key", org_code=report.organisation.code)
    name = downloads.file_name(
        _("Report to the municipal centre"),
        report.organisation.short_name,
        report.period.label,
        day=timezone.localdate(),
        extension=transfer.SUFFIX.lstrip("."),
    )
    return downloads.attachment(content, name=name, content_type="application/json")


@login_required
def organisation_key(request: HttpRequest, org_code: str) -> HttpResponse:
    """The school's page of the key its reports are signed with: entered (or
    replaced) here, never shown again."""
    organisation = get_staff_organisation_for_user(request, org_code)
    posted = request.method == "POST"
    form = TransferKeyForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.transfer_key_enter(
                organisation=organisation,
                secret=form.cleaned_data["key"],
                user=request.user,
            )
        except ValidationError as error:
            # the centre's own key: the page shows no form for it any more
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "The key is saved: reports can be exported for the "
                    "municipal centre."
                ),
            )
        return redirect("reports-organisation-key", org_code=organisation.code)
    ctx = {
        "organisation": organisation,
        "key": TransferKey.objects.filter(organisation=organisation)
        .select_related("created_by")
        .first(),
        "form": form,
    }
    return render(request, "reports/organisation_key.html", ctx)


@login_required
@require_POST
def organisation_key_remove(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_staff_organisation_for_user(request, org_code)
    try:
        services.transfer_key_remove(organisation=organisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The key is removed from this server."))
    return redirect("reports-organisation-key", org_code=organisation.code)


def _keys_page(
    request: HttpRequest, municipality, new_key: tuple | None = None
) -> HttpResponse:
    organisations = list(
        Organisation.objects.educational()
        .filter(municipality=municipality)
        .order_by("short_name")
    )
    keys = {
        k.organisation_id: k
        for k in TransferKey.objects.filter(
            organisation__municipality=municipality
        ).select_related("created_by")
    }
    ctx = {
        "municipality": municipality,
        "rows": [(o, keys.get(o.pk)) for o in organisations],
        "new_key": new_key,
    }
    response = render(request, "reports/municipality_keys.html", ctx)
    if new_key:
        # Rendered, not redirected: the key is in no session, and no cache
        # may keep the page that shows it.
        add_never_cache_headers(response)
    return response


@login_required
def municipality_keys(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """The coordinator's page of the schools' transfer keys."""
    municipality = get_coordinated_municipality_for_user(request, municipality_code)
    return _keys_page(request, municipality)


@login_required
@require_POST
def key_issue(request: HttpRequest, org_code: str) -> HttpResponse:
    """A new key of the organisation, shown once on the page it renders."""
    organisation = get_coordinated_organisation_for_user(request, org_code)
    _key, secret = services.transfer_key_issue(
        organisation=organisation, user=request.user
    )
    messages.success(
        request,
        _("The key of %(organisation)s is issued.")
        % {"organisation": organisation.short_name},
    )
    return _keys_page(request, organisation.municipality, (organisation, secret))


@login_required
@require_POST
def key_revoke(request: HttpRequest, org_code: str) -> HttpResponse:
    organisation = get_coordinated_organisation_for_user(request, org_code)
    services.transfer_key_revoke(organisation=organisation)
    messages.success(
        request,
        _("The key of %(organisation)s is revoked: its files are refused now.")
        % {"organisation": organisation.short_name},
    )
    return redirect(
        "reports-municipality-keys", municipality_code=organisation.municipality.code
    )


@login_required
def municipality_import(request: HttpRequest, municipality_code: str) -> HttpResponse:
    """The coordinator uploads a report file a school exported on its own
    server: it becomes that school's submission, or the page says why not."""
    municipality = get_coordinated_municipality_for_user(request, municipality_code)
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    if posted and form.is_valid():
        try:
            report = services.report_import(
                raw=form.cleaned_data["file"],
                organisations=Organisation.objects.educational().filter(
                    municipality=municipality
                ),
                user=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("The report of %(organisation)s for %(period)s is imported.")
                % {
                    "organisation": report.organisation.short_name,
                    "period": report.period,
                },
            )
            return redirect("reports-report-detail", code=report.code)
    ctx = {"municipality": municipality, "form": form}
    return render(request, "reports/municipality_import.html", ctx)
