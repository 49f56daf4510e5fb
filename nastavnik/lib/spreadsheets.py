"""Spreadsheets in and out: uploaded tables read, XLSX tables that print.

Reading (below): ``read_table`` opens an uploaded XLSX (with python-calamine)
or CSV file (with the csv module), refuses what is not a spreadsheet with a
Russian message, finds the header row and yields the data rows with the row
numbers the spreadsheet shows; ``display_value`` turns a cell into what the
user sees (dates typed as text are read by ``lib.dates.parse_date``).

Writing, with openpyxl: one helper every spreadsheet export goes through.
``put`` writes a cell (text that cannot turn into a formula, dates as dates,
averages rounded to one decimal, wrapped, 11 pt), and ``set_up_page`` lays the
sheet out for A4: column widths from the content, the orientation the width
needs, fitted to the page width, the header rows frozen and repeated on every
page, and the page numbers in the footer.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

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


# Reading uploaded tables

XLSX, CSV = "xlsx", "csv"
# How many leading rows may hold a title above the header row.
HEADER_SEARCH_ROWS = 10
# A formula element of SpreadsheetML, <f> or <x:f …>; not <formula1>, <filters>.
_FORMULA_TAG_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")


class UnreadableFile(Exception):
    """A file that cannot be read as a table; the message says why, in Russian."""


class _Formula:
    """A formula cell: an import wants values."""

    def __str__(self) -> str:
        return "="


FORMULA = _Formula()


@dataclass
class Table:
    """A spreadsheet's header and data rows, read once, in order.

    ``rows`` yields (row number as the spreadsheet shows it, values): text,
    numbers (int or float), dates (date or datetime), booleans, and "" or
    None for an empty cell; formula cells are FORMULA. Empty rows are
    skipped.
    """

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, Sequence[Any]]]
    kind: str

    def close(self) -> None:
        self.rows.close()  # type: ignore[attr-defined]


def is_blank(values: Sequence[Any]) -> bool:
    for value in values:  # a loop: most rows stop at their first cell
        if value is None or (value.__class__ is str and not value.strip()):
            continue
        return False
    return True


def _has_formulas(file: IO[bytes]) -> bool:
    """Whether any worksheet holds a formula, by one scan of the raw XML.

    python-calamine gives a formula's cached value and cannot tell it from
    a typed one, so the rare file with formulas is read with openpyxl,
    which marks them."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as member:
                tail = b""
                while chunk := member.read(1 << 20):
                    window = tail + chunk
                    # Most sheets have neither «<f» nor «:f»: no search then.
                    maybe = b"<f" in window or b":f" in window
                    if maybe and _FORMULA_TAG_RE.search(window):
                        return True
                    tail = chunk[-16:]
    return False


def _damaged() -> str:
    return _("The file is damaged: open it in Excel and save it again.")


def _xlsx_rows(file: IO[bytes]) -> Iterator[tuple[int, Sequence[Any]]]:
    """The first sheet's non-empty rows, numbered as the spreadsheet shows them.

    python-calamine reads the sheet at once into compact native cells (a
    tenth of openpyxl's time) and makes each row's Python values only when
    the row is asked for."""
    try:
        with_formulas = _has_formulas(file)
        file.seek(0)
        if with_formulas:
            wb = load_workbook(file, read_only=True, data_only=False)
        else:
            wb = CalamineWorkbook.from_filelike(file)
    except Exception:  # both readers raise many kinds of errors on broken files
        raise UnreadableFile(not_a_spreadsheet()) from None
    if with_formulas:
        yield from _openpyxl_rows(wb)
        return
    try:
        if not wb.sheet_names:
            return
        try:
            sheet = wb.get_sheet_by_index(0)
        except Exception:
            raise UnreadableFile(_damaged()) from None
        # The rows start at the first row of the sheet, but each row at the
        # column of the first filled cell: put back the empty columns left of
        # it, so that a column's index is its place in the spreadsheet.
        left = (sheet.start or (0, 0))[1]
        rows = sheet.iter_rows()
        if left:
            pad = [None] * left
            rows = ([*pad, *values] for values in rows)
        for number, values in enumerate(rows, start=1):
            first = values[0] if values else None
            # Most rows start with a text: no need to look further then.
            if (first.__class__ is str and first.strip()) or not is_blank(values):
                yield number, values
    finally:
        wb.close()


def _openpyxl_rows(wb: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        if not wb.worksheets:
            return
        # Read-only sheets yield missing rows as empty ones, so the count is
        # the row number the spreadsheet shows.
        rows = (
            [c.value if c.data_type != "f" else FORMULA for c in cells]
            for cells in wb.worksheets[0].iter_rows()
        )
        for number, values in enumerate(rows, start=1):
            if not is_blank(values):
                yield number, values
    except Exception:
        raise UnreadableFile(_damaged()) from None
    finally:
        wb.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise UnreadableFile(not_a_spreadsheet()) from None


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, values in enumerate(reader, start=1):
        if not is_blank(values):
            yield number, values


def too_large(limit: int) -> str:
    return _("The file is larger than %(mb)s MB: split it into several files.") % {
        "mb": f"{limit / 1024 / 1024:.3g}"
    }


def not_a_spreadsheet() -> str:
    return _("This is not a spreadsheet: upload an XLSX file or a CSV file.")


def file_kind(head: bytes, name: str) -> str:
    """XLSX or CSV from the first bytes of a file and its name."""
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            _("This is an old Excel file (.xls): save it as .xlsx and upload it again.")
        )
    is_text_name = name.lower().endswith((".csv", ".txt", ".tsv"))
    if not is_text_name or b"\x00" in head:
        raise UnreadableFile(not_a_spreadsheet())
    return CSV


def read_table(
    file: IO[bytes],
    name: str,
    *,
    size: int | None,
    max_bytes: int,
    is_header: Callable[[list[str]], bool],
    no_header: str,
) -> Table:
    """Open an XLSX or CSV file and find its header row.

    The header is the first row, among the first few, that ``is_header``
    accepts, so a title above the table does no harm; ``no_header`` says
    why there is none. Raises UnreadableFile with a Russian message for
    files that cannot be read, are empty or larger than ``max_bytes``.
    """
    if size is None:
        size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise UnreadableFile(too_large(max_bytes))
    if size == 0:
        raise UnreadableFile(_("The file is empty."))
    head = file.read(4096)
    if not head:
        raise UnreadableFile(_("The file is empty."))
    kind = file_kind(head, name)
    if kind == XLSX:
        file.seek(0)
        rows = _xlsx_rows(file)
    else:
        data = head + file.read(max_bytes + 1 - len(head))
        if len(data) > max_bytes:
            raise UnreadableFile(too_large(max_bytes))
        rows = _csv_rows(data)
    first = None
    for _i, (number, values) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        headers = [_header_text(v) for v in values]
        first = first or headers
        if is_header(headers):
            while headers and not headers[-1]:
                headers.pop()
            return Table(headers=headers, header_row=number, rows=rows, kind=kind)
    rows.close()
    if first is None:
        raise UnreadableFile(_("The file is empty: there is no table in it."))
    raise UnreadableFile(no_header)


def _header_text(value: Any) -> str:
    if value is None or value is FORMULA:
        return ""
    return " ".join(str(value).split())


def display_value(value: Any) -> str:
    """A cell value as text, the way the user sees it in the spreadsheet."""
    if value is None:
        return ""
    if value.__class__ is str:
        return " ".join(value.split())
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
