"""A roadmap printed in the seed's own columns: DOCX from a template, and XLSX.

``rows`` lays the table out once, as the seeds print it, and both formats draw
it. The DOCX comes from programmes/documents/roadmap.docx (made by
bin/make-roadmap-template), so a school can edit the page, the fonts and the
wording around the table; the table itself is drawn with python-docx and set
into the template's ``{{p table }}`` as XML, the way docxtpl's subdocuments
are (those need docxcompose, which the project does without). docxtpl's own
``{%tc for %}`` columns would share the width equally, and its ``{% vm %}``
merges follow the innermost loop, which is the column loop: neither can
print a stage cell beside its items.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.table import Table, _Cell
from lxml import etree
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from nastavnik.lib import docx, downloads, names, spreadsheets
from nastavnik.orgs.documents import template_for
from nastavnik.programmes import progress
from nastavnik.programmes.models import Item, Roadmap, Stage
from nastavnik.programmes.roadmap_templates import TEMPLATES, kpi_001
from nastavnik.programmes.roadmap_templates.kpi_001 import KpiTable

DOCX_TEMPLATE = "roadmap.docx"
# The seeds print «УТВЕРЖДАЮ»; a template may print its own word («Утверждаю»).
APPROVAL_WORD = "УТВЕРЖДАЮ"
BLANK_DATE = "«____» ______________ 20____ г."
# Tables of KPI targets that a seed prints after its roadmap, by template key.
KPI_TABLES = {"seed_001": kpi_001.TABLE}
# From this many columns on the page is turned to landscape.
WIDE = 5
# Relative widths of the columns in the DOCX, and widths in characters in XLSX.
WEIGHTS = {
    "number": 1.5,
    "stage": 5,
    "activity": 7.5,
    "deadline": 3.4,
    "responsible": 3.8,
    "result": 5,
}
XLSX_WIDTHS = {
    "number": 7,
    "stage": 30,
    "activity": 60,
    "deadline": 20,
    "responsible": 22,
    "result": 40,
}
FONT = "Times New Roman"
# Characters XML forbids; text pasted from Word brings its vertical tab (a line
# break) and form feed (a page break), which become line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Cell:
    """A printed cell: its text, the column it starts in and how far it
    reaches (a stage cell spans its items' rows; a stage heading spans the
    table). The cells it covers are not listed."""

    text: str
    column: int
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False


def _stages(roadmap: Roadmap) -> list[Stage]:
    items = Item.objects.select_related("responsible_user").order_by("position")
    stages = roadmap.stages.order_by("position")
    return list(stages.prefetch_related(Prefetch("items", queryset=items)))


def _value(item: Item | None, key: str) -> str:
    if item is None:
        return ""
    if key == "number":
        return item.number
    if key == "deadline":
        return item.deadline_text
    if key == "responsible":
        if item.responsible_text or item.responsible_user is None:
            return item.responsible_text
        return item.responsible_user.get_short_name()
    if key == "result":
        return item.result
    return item.activity


def _heading(stage: Stage, keys: list[str]) -> list[Cell]:
    """A stage as a row across the table (seed 003): its number in the «№»
    column when the table starts with one, its title over the rest."""
    if keys[0] == "number" and len(keys) > 1:
        return [
            Cell(stage.label, 0, bold=True),
            Cell(stage.title.strip(), 1, colspan=len(keys) - 1, bold=True),
        ]
    return [
        Cell(f"{stage.label} {stage.title.strip()}", 0, colspan=len(keys), bold=True)
    ]


def _stage_rows(stage: Stage, keys: list[str]) -> list[list[Cell]]:
    """The rows of a stage's items. With a stage column the stage fills its
    cell on the first row and reaches down over the rest, and so does its
    number in the «№» column (seeds 002, 004); the items' own numbers then
    go before their activity («1. Проведение анкетирования…»)."""
    items: list[Item | None] = list(stage.items.all())
    beside = "stage" in keys
    if not beside:
        return [
            [Cell(_value(item, key).strip(), column) for column, key in enumerate(keys)]
            for item in items
        ]
    items = items or [None]
    title = stage.title.strip()
    if "number" not in keys:
        title = f"{stage.label} {title}"
    result = []
    for n, item in enumerate(items):
        row = []
        for column, key in enumerate(keys):
            if key in ("stage", "number"):
                if n == 0:
                    text = title if key == "stage" else stage.label
                    row.append(Cell(text, column, rowspan=len(items)))
                continue
            text = _value(item, key).strip()
            if key == "activity" and item is not None and item.number:
                text = f"{item.number} {text}"
            row.append(Cell(text, column))
        result.append(row)
    return result


def rows(roadmap: Roadmap) -> list[list[Cell]]:
    """The body of the table as the seed prints it, row by row.

    With ``stage_rows`` each stage is a heading row before its items; with a
    «stage» column the stage sits beside its items; with neither the stages
    are not printed, only their items.
    """
    keys = roadmap.keys
    if not keys:
        return []
    result = []
    for stage in _stages(roadmap):
        if roadmap.stage_rows:
            result.append(_heading(stage, keys))
        result.extend(_stage_rows(stage, keys))
    return result


def approval_word(roadmap: Roadmap) -> str:
    template = TEMPLATES.get(roadmap.template)
    return template.approval_word if template else APPROVAL_WORD


def title_lines(roadmap: Roadmap) -> list[str]:
    lines = _clean(roadmap.title).splitlines()
    return [line.strip() for line in lines if line.strip()]


def _clean(text: str) -> str:
    return _CONTROL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def file_name(roadmap: Roadmap, extension: str, day: date) -> str:
    """«Дорожная карта 2026-2027 — СОШ № 1 — 05.12.2026.docx»."""
    start, end = roadmap.period_start.year, roadmap.period_end.year
    years = f"{start}-{end}" if end != start else str(start)
    title = _("Roadmap %(years)s") % {"years": years}
    return downloads.file_name(title, roadmap.owner_name, day=day, extension=extension)


# DOCX


def _paragraphs(cell: _Cell, text: str, *, bold: bool = False, center: bool = False):
    """Write ``text`` into an empty cell, a paragraph per line."""
    paragraph = cell.paragraphs[0]
    for n, line in enumerate(_clean(text).split("\n")):
        if n:
            paragraph = cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line.strip():
            paragraph.add_run(line.strip()).bold = bold


def _repeat_on_each_page(table: Table, count: int) -> None:
    for row in table.rows[:count]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _docx_table(roadmap: Roadmap, width: int) -> Markup:
    """The table ``width`` wide (in EMU), as the XML of a ``w:tbl``. It is
    drawn in a scratch document: it names no style, so it takes the
    template's fonts."""
    keys = roadmap.keys
    body = rows(roadmap)
    head = 2 if roadmap.stage_rows else 1
    table = Document().add_table(rows=head + len(body), cols=len(keys))
    docx.table_properties(table, width)
    total = sum(WEIGHTS[key] for key in keys)
    widths = [int(width * WEIGHTS[key] / total) for key in keys]
    for column, cell_width in zip(table.columns, widths, strict=True):
        column.width = cell_width
    grid = [row.cells for row in table.rows]
    for row in grid:
        for cell, cell_width in zip(row, widths, strict=True):
            cell.width = cell_width
    for cell, heading in zip(grid[0], roadmap.headings, strict=True):
        _paragraphs(cell, heading.strip(), bold=True, center=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if roadmap.stage_rows:
        # Seed 003 numbers its columns under the headings: «1 2 3 4».
        for n, cell in enumerate(grid[1], start=1):
            _paragraphs(cell, str(n), center=True)
    _repeat_on_each_page(table, head)
    for r, row in enumerate(body, start=head):
        for cell in row:
            center = keys[cell.column] == "number"
            _paragraphs(grid[r][cell.column], cell.text, bold=cell.bold, center=center)
    # Merge last: python-docx looks cells up by grid position, which merging shifts.
    for r, row in enumerate(body, start=head):
        for cell in row:
            if cell.rowspan > 1 or cell.colspan > 1:
                last = table.cell(r + cell.rowspan - 1, cell.column + cell.colspan - 1)
                table.cell(r, cell.column).merge(last)
    return Markup(etree.tostring(table._tbl, encoding="unicode"))


def _kpi_table(kpi: KpiTable, width: int) -> Markup:
    """The KPI targets as the seed prints them: the indicator, then a column
    per year."""
    year_width = int(width * 0.08)
    widths = [width - year_width * len(kpi.years)] + [year_width] * len(kpi.years)
    table = Document().add_table(rows=1 + len(kpi.rows), cols=len(widths))
    docx.table_properties(table, width)
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width
    for r, row in enumerate(table.rows):
        for cell, cell_width in zip(row.cells, widths, strict=True):
            cell.width = cell_width
        if r == 0:
            texts = [kpi.heading, *map(str, kpi.years)]
        else:
            indicator, targets = kpi.rows[r - 1]
            texts = [indicator, *map(str, targets)]
        for column, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            _paragraphs(cell, text, bold=r == 0, center=r == 0 or column > 0)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _repeat_on_each_page(table, 1)
    return Markup(etree.tostring(table._tbl, encoding="unicode"))


def _approver(roadmap: Roadmap) -> tuple[str, str]:
    """Who approves: as recorded on the roadmap, else the head of its
    organisation, so that a school's plan is ready for the head's signature."""
    organisation = roadmap.organisation
    position, name = roadmap.approver_position.strip(), roadmap.approver_name
    if organisation is not None and not roadmap.is_approved:
        position = position or organisation.head_position.strip()
        name = name or organisation.head_name
    return position, name


def _approver_title(roadmap: Roadmap) -> str:
    """«Директор МБОУ СОШ № 1»: the position with the organisation it heads,
    unless the position names it already."""
    position, owner = _approver(roadmap)[0], roadmap.owner_name
    if not position or not owner or owner in position:
        return position
    return f"{position} {owner}"


def _docx_context(roadmap: Roadmap) -> dict:
    """The fields of the template (bin/make-roadmap-template); a school may
    also print ``organisation`` or ``municipality`` in its own wording."""
    organisation, municipality = roadmap.organisation, roadmap.municipality
    if organisation is not None:
        header, address, place = (
            organisation.name,
            organisation.address,
            organisation.place(),
        )
    else:
        header = municipality.centre_name or municipality.name
        address, place = "", municipality.name
    fields = {
        "approval_word": approval_word(roadmap),
        "approver_position": _approver(roadmap)[0],
        "approver_title": _approver_title(roadmap),
        # ГОСТ Р 7.0.97-2016, п. 5.23: «И.О. Фамилия» under a signature.
        "approver_name": names.signature_name(_approver(roadmap)[1]),
        "order_number": roadmap.approval_order_number,
        "order_date": _day(roadmap.approval_order_date),
        "agreed_note": roadmap.agreed_note,
        "organisation": organisation.name if organisation else "",
        "municipality": municipality.name if roadmap.municipality_id else "",
        "organisation_name": header,
        "organisation_address": address,
        "place": place,
        "document_date": _day(roadmap.approval_order_date) or BLANK_DATE,
    }
    context = {name: " ".join(_clean(v).split()) for name, v in fields.items()}
    # A school's plan is approved by its head: the block is printed with the
    # order left blank to fill in by hand until the roadmap records one.
    context["approved"] = roadmap.is_approved or organisation is not None
    context["title_lines"] = title_lines(roadmap)
    return context


def sample_docx_context() -> dict:
    """The fields of the roadmap template filled with made-up values: an
    uploaded template is checked against them (orgs.documents)."""
    paragraph = Markup("<w:p><w:r><w:t>Таблица</w:t></w:r></w:p>")
    return {
        "approval_word": APPROVAL_WORD,
        "approver_position": "Директор",
        "approver_title": "Директор МБОУ СОШ № 1",
        "approver_name": "М.П. Иванова",
        "order_number": "45",
        "order_date": "01.09.2026",
        "agreed_note": "на педагогическом совете, протокол № 1",
        "organisation": "Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 1»",
        "municipality": "",
        "organisation_name": "Муниципальное бюджетное общеобразовательное "
        "учреждение «Средняя общеобразовательная школа № 1»",
        "organisation_address": "613140, Кировская область, пгт Уни, ул. Ленина, 1",
        "place": "пгт Уни",
        "document_date": "01.09.2026",
        "approved": True,
        "title_lines": ["Дорожная карта", "внедрения целевой модели наставничества"],
        "table": paragraph,
        "kpi_title": kpi_001.TABLE.title,
        "kpi_table": paragraph,
    }


def roadmap_docx(roadmap: Roadmap) -> bytes:
    """The roadmap as a Word document, from the organisation's own template
    when it has one: the organisation's header, the «agreed» and approval
    blocks, the title, the place and date, then the table, on a landscape
    page when it has five columns or more, and the seed's KPI targets."""
    template = docx.open_template(template_for(roadmap.organisation, DOCX_TEMPLATE))
    section = template.get_docx().sections[-1]
    if len(roadmap.columns) >= WIDE and section.page_width < section.page_height:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = (
            section.page_height,
            section.page_width,
        )
    context = _docx_context(roadmap)
    context["table"] = ""
    if roadmap.keys:
        width = section.page_width - section.left_margin - section.right_margin
        context["table"] = _docx_table(roadmap, width)
    kpi = KPI_TABLES.get(roadmap.template)
    context["kpi_title"] = kpi.title if kpi else ""
    context["kpi_table"] = _kpi_table(kpi, width) if kpi else Markup("")
    docx.fill(template, context)
    return docx.save(template)


# XLSX

# The size of the table's text: the page is fitted to the width of the
# table, never the text shrunk below this.
XLSX_FONT_SIZE = 11


def _text(ws: Worksheet, row: int, column: int, text: str, **style):
    return spreadsheets.put(
        ws, row, column, text, font=FONT, size=XLSX_FONT_SIZE, **style
    )


def _across(ws: Worksheet, row: int, count: int, text: str, **style) -> None:
    """A line of text over the whole width of the table."""
    _text(ws, row, 1, text, **style)
    if count > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=count)


def _height(text: str, width: float) -> float:
    return spreadsheets.lines(text, width) * spreadsheets.LINE_HEIGHT


def _approval_lines(roadmap: Roadmap) -> list[str]:
    number = roadmap.approval_order_number
    day = _day(roadmap.approval_order_date)
    if number and day:
        order = _("Order No. %(number)s of %(date)s") % {"number": number, "date": day}
    elif number:
        order = _("Order No. %(number)s") % {"number": number}
    elif day:
        order = _("Order of %(date)s") % {"date": day}
    else:
        order = ""
    lines = [roadmap.approver_position, f"_____ {roadmap.approver_name}", order]
    return [line for line in lines if line.strip()]


def _xlsx_body(ws: Worksheet, roadmap: Roadmap, first: int, widths: list) -> None:
    keys = roadmap.keys
    body = rows(roadmap)
    # Excel and LibreOffice fit no row to merged cells: each row gets the
    # height of its longest text, and a stage cell that needs more than its
    # items' rows lengthens the last of them.
    heights = [spreadsheets.LINE_HEIGHT] * len(body)
    for n, row in enumerate(body):
        for cell in row:
            width = sum(widths[cell.column : cell.column + cell.colspan])
            height = _height(cell.text, width)
            if cell.rowspan == 1:
                heights[n] = max(heights[n], height)
    for n, row in enumerate(body):
        for cell in row:
            if cell.rowspan > 1:
                span = heights[n : n + cell.rowspan]
                need = _height(cell.text, widths[cell.column]) - sum(span)
                heights[n + cell.rowspan - 1] += max(need, 0)
    for n, row in enumerate(body):
        r = first + n
        for cell in row:
            key = keys[cell.column]
            _text(
                ws,
                r,
                cell.column + 1,
                cell.text,
                bold=cell.bold,
                horizontal="center" if key == "number" else "left",
            )
        ws.row_dimensions[r].height = heights[n]
        for column in range(1, len(keys) + 1):
            # Cells under a merged stage cell still need their borders.
            ws.cell(row=r, column=column).border = spreadsheets.BORDER
        for cell in row:
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=r,
                    start_column=cell.column + 1,
                    end_row=r + cell.rowspan - 1,
                    end_column=cell.column + cell.colspan,
                )


def _xlsx_widths(keys: list[str]) -> list[float]:
    """The seed's columns narrowed to the page, portrait or landscape as
    the DOCX: their text wraps."""
    widths = [XLSX_WIDTHS[key] for key in keys]
    if len(keys) >= WIDE:
        return spreadsheets.fit(widths, spreadsheets.LANDSCAPE_PIXELS)
    return spreadsheets.fit(widths, spreadsheets.PORTRAIT_PIXELS)


def roadmap_xlsx(roadmap: Roadmap) -> bytes:
    """The roadmap as a worksheet laid out like the DOCX: the approval
    header, the title, the table with a frozen header row repeated on each
    page, on A4 fitted to the width of the page in 11 pt text."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Roadmap"))[:31]
    keys = roadmap.keys
    count = max(len(keys), 1)
    widths = _xlsx_widths(keys) or [XLSX_WIDTHS["activity"]]
    row = 1
    if roadmap.is_approved:
        _across(ws, row, count, approval_word(roadmap), bold=True, horizontal="right")
        for line in _approval_lines(roadmap):
            row += 1
            _across(ws, row, count, line, horizontal="right")
        row += 2
    title = "\n".join(title_lines(roadmap))
    _across(ws, row, count, title, bold=True, horizontal="center")
    ws.row_dimensions[row].height = _height(title, sum(widths))
    row += 2
    if roadmap.agreed_note:
        note = f"{_('Agreed')} {roadmap.agreed_note}"
        _across(ws, row, count, note)
        ws.row_dimensions[row].height = _height(note, sum(widths))
        row += 2
    header = row
    height = spreadsheets.LINE_HEIGHT
    for column, (_key, heading) in enumerate(roadmap.columns, start=1):
        height = max(height, _height(heading.strip(), widths[column - 1]))
        _text(ws, row, column, heading.strip(), bold=True, horizontal="center")
    ws.row_dimensions[row].height = height
    if roadmap.stage_rows:
        row += 1
        for column in range(1, len(keys) + 1):
            _text(ws, row, column, str(column), horizontal="center")
    _xlsx_body(ws, roadmap, row + 1, widths)
    spreadsheets.set_up_page(
        ws, header_rows=(header, row) if keys else None, widths=widths
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# The headers of the progress workbook's columns.
PROGRESS_COLUMNS = [
    gettext_lazy("Organisation"),
    gettext_lazy("Programme"),
    gettext_lazy("Template"),
    gettext_lazy("Items"),
    gettext_lazy("Done"),
    gettext_lazy("In progress"),
    gettext_lazy("Planned"),
    gettext_lazy("Overdue"),
    gettext_lazy("Cancelled"),
    gettext_lazy("Percent done"),
    gettext_lazy("Current stage"),
    gettext_lazy("Next item"),
    gettext_lazy("Due"),
    gettext_lazy("Overdue items"),
]

# Widths in characters, narrowed to the page: the overdue items wrap the
# least, the figures' columns are as narrow as their upright headings.
PROGRESS_WIDTHS = [18, 18, 14, 6, 6, 6, 6, 6, 6, 6, 16, 18, 11, 30]


def _progress_row(row) -> list:
    programmes = row.year_programmes
    figures = [getattr(row, field) for field in progress.FIELDS]
    late = "\n".join(
        f"{item.due_on:%d.%m.%Y} {' '.join(item.activity.split())}"
        for item in row.overdue_items
    )
    titles = [p.title for p in programmes]
    if row.num_drafts:
        titles.append(
            ngettext(
                "%(n)s draft programme, not counted",
                "%(n)s draft programmes, not counted",
                row.num_drafts,
            )
            % {"n": row.num_drafts}
        )
    return [
        row.short_name,
        "\n".join(titles) or _("no programme"),
        "\n".join(p.template_name for p in programmes),
        *figures,
        row.percent_done if programmes else None,
        row.current_stage,
        row.next_activity,
        row.next_due,
        late,
    ]


def progress_xlsx(rows: list, totals: dict) -> bytes:
    """The progress table with a total row, set up to print on A4."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Roadmaps"))[:31]
    figures = range(4, 4 + len(progress.FIELDS) + 1)
    for column, label in enumerate(PROGRESS_COLUMNS, start=1):
        # The figures' headings run upright: their columns stay narrow.
        upright = column in figures
        spreadsheets.put(
            ws, 1, column, str(label), bold=True, horizontal="center", upright=upright
        )
    r = 1
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(_progress_row(row), start=1):
            spreadsheets.put(ws, r, column, value)
    total = [str(_("Total")), "", "", *(totals[f] for f in progress.FIELDS)]
    total.append(totals["percent_done"])
    for column, value in enumerate(total, start=1):
        spreadsheets.put(ws, r + 1, column, value, bold=True)
    spreadsheets.set_up_page(ws, header_rows=(1, 1), widths=PROGRESS_WIDTHS)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
