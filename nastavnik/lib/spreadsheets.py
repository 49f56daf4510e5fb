"""XLSX tables that print: one helper every spreadsheet export goes through.

``put`` writes a cell (text that cannot turn into a formula, dates as dates,
averages rounded to one decimal, wrapped, 11 pt), and ``set_up_page`` lays the
sheet out for A4: column widths from the content, the orientation the width
needs, fitted to the page width, the header rows frozen and repeated on every
page, and the page numbers in the footer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Times New Roman, as Russian official papers print (LibreOffice shows it in
# the metric-compatible Liberation Serif), so the row heights come out alike.
FONT = "Times New Roman"
FONT_SIZE = 11
DATE_FORMAT = "DD.MM.YYYY"
DECIMAL_FORMAT = "0.0"
# A text starting with these is a formula to Excel (or becomes one when the
# cell is edited, or the sheet saved as CSV): OWASP «CSV injection».
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML forbids (openpyxl refuses them); text pasted from Word brings
# its vertical tab (a line break) and form feed (a page break).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Column widths in characters of the workbook's default font.
MIN_WIDTH, MAX_WIDTH = 6, 50
# A column is narrowed down to its longest word, but no further than this.
WORD_WIDTH = 14
# The printable width of A4 with the margins below, in pixels of column
# width (a column w characters wide takes 7w + 5 pixels, at 96 per inch).
PORTRAIT_PIXELS, LANDSCAPE_PIXELS = 690, 1020
MARGIN_SIDE, MARGIN_TOP, MARGIN_FOOTER = 0.5, 0.6, 0.3  # inches
# Height of one line of 11 pt text, in points.
LINE_HEIGHT = 15
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def clean(text: str) -> str:
    """The text without the characters XML forbids; a vertical tab or a form
    feed becomes a line break."""
    return _CONTROL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def one_decimal(value: float | Decimal | int | None) -> float | None:
    """An average as it is printed: rounded half up to one decimal."""
    if value is None:
        return None
    exact = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(exact)


def put(
    ws: Worksheet,
    row: int,
    column: int,
    value: object,
    *,
    bold: bool = False,
    decimal: bool = False,
    border: bool = False,
    horizontal: str = "general",
    size: int = FONT_SIZE,
    font: str = FONT,
    upright: bool = False,
) -> Cell:
    """Write ``value`` into a cell of the table.

    Text is never a formula (shown with Excel's hidden apostrophe), dates are
    dates in Russian order, ``decimal`` numbers (averages, percentages) are
    rounded to one decimal, and every cell wraps its text at the top.
    ``upright`` text reads from the bottom up: the heading of a narrow
    column of figures.
    """
    if isinstance(value, str):
        value = clean(value) or None
    if decimal:
        value = one_decimal(value)  # type: ignore[arg-type]
    cell = ws.cell(row=row, column=column, value=value)
    formula = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if formula:
        cell.data_type = "s"
    number_format = "General"
    if isinstance(value, date | datetime):
        number_format = DATE_FORMAT
    elif decimal:
        number_format = DECIMAL_FORMAT
    key = (font, size, bold, horizontal, upright, border, number_format, formula)

    def style(cell: Cell) -> None:
        cell.quotePrefix = formula
        cell.number_format = number_format
        cell.font = Font(name=font, size=size, bold=bold)
        if upright:
            cell.alignment = Alignment(
                horizontal="center", vertical="bottom", wrap_text=True, textRotation=90
            )
        else:
            cell.alignment = Alignment(
                horizontal=horizontal, vertical="top", wrap_text=True
            )
        if border:
            cell.border = BORDER

    _restyle(cell, key, style)
    return cell


def _restyle(cell: Cell, key: tuple, style: Callable[[Cell], None]) -> None:
    """Apply ``style`` to ``cell``, or the style it gave another cell of the
    workbook with the same ``key``: setting openpyxl's styles one by one
    takes most of the time of a big sheet."""
    workbook = cell.parent.parent
    styles = workbook.__dict__.setdefault("_nastavnik_styles", {})
    known = styles.get(key)
    if known is None:
        style(cell)
        styles[key] = copy(cell._style)
    else:
        cell._style = copy(known)


def _text(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return "00.00.0000"
    if isinstance(value, float) and cell.number_format == DECIMAL_FORMAT:
        return f"{value:.1f}"
    return str(value)


def _scale(cell: Cell) -> float:
    """How much wider than the default font the cell's characters are."""
    return (cell.font.sz or FONT_SIZE) / FONT_SIZE * (1.1 if cell.font.b else 1)


def _merged(ws: Worksheet) -> set[tuple[int, int]]:
    return {
        (r, c)
        for rng in ws.merged_cells.ranges
        for r in range(rng.min_row, rng.max_row + 1)
        for c in range(rng.min_col, rng.max_col + 1)
    }


@dataclass
class Widths:
    """The widths of a sheet's columns, in characters: what the content
    asks for (``natural``), and below which its words (``words``) or its
    numbers and dates (``whole``, which never wrap) would break."""

    natural: list[float]
    words: list[float]
    whole: list[float]


def content_widths(ws: Worksheet, *, first_row: int = 1) -> Widths:
    """Each column's widths from its content from ``first_row`` down,
    between MIN_WIDTH and MAX_WIDTH (longer text wraps). Merged cells are
    left out: they take the width of the columns they cover."""
    merged = _merged(ws)
    count = ws.max_column
    natural, words, whole = [0.0] * count, [0.0] * count, [0.0] * count
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            text = _text(cell)
            if not text or (cell.row, cell.column) in merged:
                continue
            i, scale = cell.column - 1, _scale(cell)
            if cell.alignment.textRotation:
                continue
            longest = max(len(line) for line in text.split("\n"))
            natural[i] = max(natural[i], longest * scale + 1)
            if isinstance(cell.value, str):
                words[i] = max(words[i], max(map(len, text.split())) * scale + 1)
            else:
                whole[i] = max(whole[i], len(text) * scale + 1)
    natural = [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in natural]
    return Widths(natural, [min(w, WORD_WIDTH) for w in words], whole)


def _pixels(widths: list[float]) -> float:
    return sum(7 * w + 5 for w in widths)


def fit(
    widths: list[float], pixels: float, floors: list[float] | None = None
) -> list[float]:
    """The widths narrowed to ``pixels`` in all: the widest columns give way
    first, and none gets narrower than its floor (MIN_WIDTH unless given):
    their text wraps."""
    widths = list(widths)
    floors = floors or [MIN_WIDTH] * len(widths)
    floor = [min(f, w) for f, w in zip(floors, widths, strict=True)]
    while _pixels(widths) > pixels:
        excess = (_pixels(widths) - pixels) / 7
        wide = [i for i, w in enumerate(widths) if w > floor[i] + 0.05]
        if not wide:
            break
        room = sum(widths[i] - floor[i] for i in wide)
        for i in wide:
            cut = math.ceil(excess * (widths[i] - floor[i]) / room * 10) / 10
            widths[i] = max(floor[i], widths[i] - cut)
    return widths


def cap(widths: list[float], pixels: float, floors: list[float]) -> list[float]:
    """The widths with the widest cut down to one level, the highest at
    which the columns fit in ``pixels``; none narrower than its floor."""

    def capped(level: float) -> list[float]:
        return [min(w, max(f, level)) for w, f in zip(widths, floors, strict=True)]

    low, high = 0.0, max(widths, default=0.0)
    if _pixels(widths) <= pixels:
        return list(widths)
    for _step in range(30):
        level = (low + high) / 2
        low, high = (level, high) if _pixels(capped(level)) <= pixels else (low, level)
    return capped(low)


def _fit_page(
    ws: Worksheet, first_row: int, given: list[float] | None
) -> tuple[list[float], bool]:
    """The column widths narrowed to the page, and whether it is landscape.

    Words stay whole while the page has room for them, numbers and dates
    always."""
    content = content_widths(ws, first_row=first_row)
    widths = given or content.natural
    landscape = _pixels(widths) > PORTRAIT_PIXELS
    pixels = LANDSCAPE_PIXELS if landscape else PORTRAIT_PIXELS
    pad = [0.0] * len(widths)
    whole = [max(MIN_WIDTH, w) for w in (content.whole + pad)[: len(widths)]]
    words = (content.words + pad)[: len(widths)]
    words = [max(a, b) for a, b in zip(whole, words, strict=True)]
    floors = words if _pixels(words) <= pixels else whole
    if given:
        return fit(given, pixels, floors), landscape
    return cap(widths, pixels, floors), landscape


def lines(text: str, width: float, scale: float = 1) -> int:
    """About how many lines ``text`` takes in a column ``width`` wide."""
    # A column fits a little more than its width in characters of 11 pt
    # Times New Roman; word wrap leaves the lines of a long text short.
    one = width * 1.05 / scale
    per_line = max(width * 0.9 / scale, 1)
    return sum(
        1 if len(line) <= one else math.ceil(len(line) / per_line)
        for line in text.split("\n")
    )


def _fit_heights(ws: Worksheet, widths: list[float]) -> None:
    """Give each row the height of its longest wrapped text: neither Excel
    nor LibreOffice fits them when they open the file. A cell merged across
    columns has their widths; rows whose height is set already are left
    alone."""
    spans = {
        (rng.min_row, rng.min_col): sum(widths[rng.min_col - 1 : rng.max_col])
        for rng in ws.merged_cells.ranges
        if rng.min_row == rng.max_row
    }
    merged = _merged(ws)
    for row in ws.iter_rows(max_col=len(widths)):
        number = row[0].row
        if ws.row_dimensions[number].height is not None:
            continue
        height = 0.0
        for cell in row:
            text = _text(cell)
            key = (cell.row, cell.column)
            if not text or (key in merged and key not in spans):
                continue
            width = spans.get(key, widths[cell.column - 1])
            size = cell.font.sz or FONT_SIZE
            if cell.alignment.textRotation:
                # Upright text runs up the cell, in as many lines as fit across.
                across = max(1, int(width * 7 / (LINE_HEIGHT * 4 / 3)))
                longest = len(text) * _scale(cell) / across
                height = max(height, (longest + 2) * size * 0.6)
                continue
            count = lines(text, width, _scale(cell))
            height = max(height, count * LINE_HEIGHT * size / FONT_SIZE)
        if height > LINE_HEIGHT:
            ws.row_dimensions[number].height = height


def set_up_page(
    ws: Worksheet,
    *,
    header_rows: tuple[int, int] | None = (1, 1),
    frozen_columns: int = 0,
    widths: list[float] | None = None,
    borders: bool = True,
) -> None:
    """Lay ``ws`` out for A4.

    The widths (from the content unless given) decide the orientation:
    portrait while the table fits the page upright, landscape otherwise,
    narrowed to the page so that nothing is scaled down below its size; the
    header rows are frozen and printed on every page, the table gets its
    borders and the footer numbers the pages.
    """
    first = header_rows[0] if header_rows else 1
    widths, landscape = _fit_page(ws, first, widths)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = round(width, 1)
    _fit_heights(ws, widths)
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = (
        ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    )
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    margins = ws.page_margins
    margins.left = margins.right = MARGIN_SIDE
    margins.top = margins.bottom = MARGIN_TOP
    margins.footer = MARGIN_FOOTER
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = _("Page &P of &N")
    ws.oddFooter.center.size = 9
    if header_rows:
        top, bottom = header_rows
        ws.print_title_rows = f"{top}:{bottom}"
        ws.freeze_panes = ws.cell(row=bottom + 1, column=frozen_columns + 1)
    if borders:
        for row in ws.iter_rows(min_row=first, max_col=len(widths)):
            for cell in row:
                key = ("border", *(cell._style or ()))
                _restyle(cell, key, lambda cell: setattr(cell, "border", BORDER))
