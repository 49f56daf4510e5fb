"""The XLSX of one report and of the municipal summary of a period, through
``lib.spreadsheets`` (A4, header rows repeated, numbered pages). Both leave
the organisation: the KPI shares of groups under five people are hidden, as
monitoring hides them."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from nastavnik.lib import spreadsheets
from nastavnik.orgs.models import Municipality, Organisation
from nastavnik.reports import filling
from nastavnik.reports.models import Report, is_late
from nastavnik.reports.periods import Period

put = spreadsheets.put
# Section, figure (or a KPI's title over both), then four columns of numbers:
# narrow enough for an upright A4 page.
REPORT_WIDTHS = [22, 34, 9, 9, 9, 9]


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header(ws: Worksheet, lines: list[tuple[str, object]], across: int = 0) -> int:
    """Label–value lines above the table, the value over ``across`` more
    columns; returns the next free row."""
    for row, (label, value) in enumerate(lines, start=1):
        put(ws, row, 1, label, bold=True)
        put(ws, row, 2, value, horizontal="left")
        if across:
            ws.merge_cells(
                start_row=row, start_column=2, end_row=row, end_column=2 + across
            )
    return len(lines) + 2


def _line(ws: Worksheet, row: int, values: list, *, bold: bool = False) -> None:
    """A row of the report's tables: the first value over columns A–B (a
    section and a figure take one each), the numbers in C–F."""
    if len(values) == len(REPORT_WIDTHS) - 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        values = [values[0], None, *values[1:]]
    for column, value in enumerate(values, start=1):
        if value is not None or not bold:
            put(
                ws,
                row,
                column,
                value,
                bold=bold,
                decimal=isinstance(value, Decimal),
                horizontal="center" if bold else "general",
            )


def _status(report: Report | None, due_on: date, today: date) -> str:
    submitted = report.submitted_on if report else None
    status = report.get_status_display() if report else _("not created")
    if is_late(due_on, submitted, today):
        status = f"{status}, {_('late')}"
    return status


def _curator(report: Report) -> str:
    user = report.created_by
    return (user.get_full_name() or user.username) if user else ""


def _figures_sheet(ws: Worksheet, report: Report, today: date) -> None:
    organisation = report.organisation
    row = _header(
        ws,
        [
            (_("Report to the municipal centre"), report.get_kind_display()),
            (_("Municipality"), organisation.municipality.name),
            (_("Organisation"), organisation.name),
            (_("Period"), capfirst(report.period.label)),
            (_("Due on"), report.due_on),
            (_("Curator"), _curator(report)),
            (_("Status"), _status(report, report.due_on, today)),
        ],
        across=len(REPORT_WIDTHS) - 2,
    )
    first = row
    _line(ws, row, [_("Section"), _("Figure"), _("Value"), _("Correction")], bold=True)
    ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=6)
    for line in report.rows():
        row += 1
        field, correction = line["field"], line["correction"]
        note = ""
        if correction:
            note = _("filled %(filled)s; %(note)s") % {
                "filled": line["filled"],
                "note": correction["note"],
            }
        _line(ws, row, [str(field.section), str(field.label), line["value"], note])
        ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=6)
    row += 2
    put(ws, row, 1, _("Key performance indicators"), bold=True)
    row += 1
    headings = [_("Indicator"), _("Number"), _("Of"), _("Share, %"), _("Target, %")]
    _line(ws, row, headings, bold=True)
    for figure in report.kpi_figures(suppress=True):
        row += 1
        title = f"{figure.indicator.number}. {figure.indicator.title}"
        if figure.suppressed:
            values = [title, _("fewer than 5"), "", "", figure.target]
        else:
            values = [
                title,
                figure.numerator,
                figure.denominator,
                figure.percent,
                figure.target,
            ]
        _line(ws, row, values)
    by_form = report.data.get("by_form", [])
    if by_form:
        row += 2
        put(ws, row, 1, _("Pairs and groups by form"), bold=True)
        row += 1
        headings = [
            _("Form"),
            _("At work"),
            _("Fixed by an order"),
            _("Completed"),
            _("Ended early"),
        ]
        _line(ws, row, headings, bold=True)
        for line in by_form:
            row += 1
            _line(
                ws,
                row,
                [
                    line["form"],
                    line["working"],
                    line["formed"],
                    line["completed"],
                    line["ended_early"],
                ],
            )
    for label, text in (
        (report._meta.get_field("events").verbose_name, report.events),
        (report._meta.get_field("monitoring").verbose_name, report.monitoring),
        (report._meta.get_field("cases").verbose_name, report.cases),
        (report._meta.get_field("notes").verbose_name, report.notes),
    ):
        row += 2
        put(ws, row, 1, str(label).capitalize(), bold=True)
        put(ws, row, 2, text or "—")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
    spreadsheets.set_up_page(
        ws, header_rows=(first, first), widths=REPORT_WIDTHS, borders=False
    )


def _annex_sheet(ws: Worksheet, annex) -> None:
    headings = [_("No."), _("Full name"), _("Role"), _("Form"), _("In the pair since")]
    for column, heading in enumerate(headings, start=1):
        put(ws, 1, column, heading, bold=True, horizontal="center")
    for n, member in enumerate(annex, start=1):
        values = [
            n,
            member.person.full_name,
            member.get_role_display(),
            member.pairing.form.name,
            member.since,
        ]
        for column, value in enumerate(values, start=1):
            put(ws, n + 1, column, value)
    spreadsheets.set_up_page(ws, header_rows=(1, 1))


def report_xlsx(report: Report, annex: list | None, today: date) -> bytes:
    """The report on one sheet; the quarterly annex (only people whose
    consent covers the transfer) on a second."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Report"))[:31]
    _figures_sheet(ws, report, today)
    if annex is not None:
        _annex_sheet(wb.create_sheet(str(_("Annex"))[:31]), annex)
    return _save(wb)


def summary_xlsx(
    municipality: Municipality,
    period: Period,
    rows: list[tuple[Organisation, Report | None]],
    today: date,
) -> bytes:
    """One row per organisation: the report's status, whether it is late,
    and the figures of a report the school has submitted (a draft's are
    not the school's word yet)."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Summary"))[:31]
    first = _header(
        ws,
        [
            (_("Municipality"), municipality.name),
            (_("Period"), capfirst(period.label)),
            (_("Due on"), period.due_on),
            (_("As of"), today),
        ],
    )
    headings = [
        _("Organisation"),
        _("Status"),
        _("Submitted on"),
        *(str(filling.FIELD[key].label) for key in filling.SUMMARY_KEYS),
    ]
    for column, heading in enumerate(headings, start=1):
        put(ws, first, column, heading, bold=True, upright=column > 3)
    for n, (organisation, report) in enumerate(rows, start=first + 1):
        put(ws, n, 1, organisation.short_name)
        put(ws, n, 2, _status(report, period.due_on, today))
        if report is None or report.submitted_on is None:
            continue
        put(ws, n, 3, report.submitted_on)
        for column, key in enumerate(filling.SUMMARY_KEYS, start=4):
            put(ws, n, column, report.value(key))
    spreadsheets.set_up_page(ws, header_rows=(first, first))
    return _save(wb)
