"""Roadmaps read from a table: text pasted from Word or Excel, or a .docx file.

Three steps, all pure: ``rows_from_text`` or ``rows_from_docx`` read the first
table into rows of cell texts (its header row first); ``propose_columns``
guesses the column layout from the header; ``stages_from_rows`` turns the data
rows and the layout the user confirmed into template stages, with warnings in
Russian for everything it had to guess. No text is dropped: what cannot be
placed goes into the activity, with a warning.

The seeds show what real tables look like. Word's plain text puts a row on a
line with tabs between cells (seeds 000, 002–004), or each cell on a line of
its own with a blank line between rows (seed 001). A page break splits a row
in two: the rest of it comes after a blank line with its first cells empty
(seed 000 row 4, seed 003 item 3.2). Cells carry Word's «[bookmark: _GoBack]»
and HTML list tags (seed 000).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO

import docx
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError

from nastavnik.programmes import deadlines
from nastavnik.programmes.models import Roadmap
from nastavnik.programmes.roadmap_templates import TemplateItem, TemplateStage

Row = list[str]
# A blank line in pasted text: where Word put a page break inside the table.
PAGE_BREAK: Row = []

_NUMBER_RE = re.compile(r"\d+(?:[.)]\s*\d*)*[.)]?")
_STAGE_NUMBER_RE = re.compile(r"\d+\.?")
_LEADING_NUMBER_RE = re.compile(r"(\d+(?:\.\d+)*\.?)\s+(.+)", re.DOTALL)
# Heading words → column key, tried in this order: «Наименование этапа» is a
# stage, «Сроки исполнения» a deadline, not a responsible person.
_HEADINGS = [
    ("number", ("№", "п/п", "номер")),
    ("stage", ("этап",)),
    ("deadline", ("срок", "дата")),
    ("responsible", ("ответствен", "исполнител")),
    ("result", ("результат", "индикатор", "показател")),
    ("activity", ("мероприят", "деятельност", "содержан", "наименован")),
]
_ITEM_KEYS = ("activity", "deadline", "responsible", "result")


class RoadmapImportError(Exception):
    """Text or a file with no table to import; the message says why."""


def clean(text: str) -> str:
    """A cell's text without Word's bookmarks, HTML tags and extra spaces."""
    text = re.sub(r"\[bookmark:[^\]]*\]", "", text)
    text = re.sub(r"<[^<>]*>", " ", text)
    return " ".join(text.split())


def _is_number(text: str) -> bool:
    return bool(_NUMBER_RE.fullmatch(text))


def _cell_per_line(lines: list[str]) -> bool:
    """Seed 001's shape: every line of the table is a tab and one cell."""
    table = [line for line in lines if "\t" in line]
    alone = [line for line in table if line.startswith("\t") and line.count("\t") == 1]
    return bool(table) and len(alone) == len(table)


def _rows_cell_per_line(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    row: Row = []
    started = False
    for line in lines:
        if line.startswith("\t"):
            started = True
            row.append(clean(line))
            continue
        if row:
            rows.append(row)
            row = []
        if started and line.strip():
            break  # text after the table: a title of the next one
    if row:
        rows.append(row)
    return rows


def _lines_of_cells(text: str) -> Iterator[list[str]]:
    # Excel quotes a cell that holds a line break or a quote; Word never
    # does, and a quote that opens a Word cell is text, not quoting.
    if re.search(r'(?:^|\t)"', text, re.MULTILINE):
        yield from csv.reader(io.StringIO(text), delimiter="\t", strict=False)
    else:
        for line in text.split("\n"):
            yield line.split("\t")


def _rows_tab_separated(text: str) -> list[Row]:
    rows: list[Row] = []
    blanks = 0
    for cells in _lines_of_cells(text):
        if not any(cell.strip() for cell in cells):
            blanks += 1
            continue
        if not rows and len(cells) < 2:
            continue  # the title above the table
        if rows and blanks >= 2:
            break  # two blank lines end the table
        if rows and blanks:
            rows.append(PAGE_BREAK)
        blanks = 0
        rows.append([clean(cell) for cell in cells])
    return rows


def rows_from_text(text: str) -> list[Row]:
    """The first table of text pasted from Word or Excel, header row first.

    An empty row (``PAGE_BREAK``) stands for a blank line inside the table.
    Raises RoadmapImportError when there is no table with tabs in the text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if _cell_per_line(lines):
        rows = _rows_cell_per_line(lines)
    else:
        rows = _rows_tab_separated(text)
    if len([row for row in rows if row]) < 2:
        raise RoadmapImportError(
            _(
                "No table found: paste the table's rows with a header row, "
                "the cells separated by tabs, as Word and Excel copy them."
            )
        )
    return rows


def rows_from_docx(file: IO[bytes]) -> list[Row]:
    """The rows of the first table of a .docx document, header row first.

    A cell merged across columns counts once (the others are empty); a cell
    merged across rows repeats in each of them, as its text applies to each."""
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise RoadmapImportError(
            _("This is an old Word file (.doc): save it as .docx and upload it again.")
        )
    try:
        document = docx.Document(file)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise RoadmapImportError(
            _("This is not a Word document: upload a .docx file.")
        ) from None
    if not document.tables:
        raise RoadmapImportError(_("There is no table in the document."))
    rows = []
    for table_row in document.tables[0].rows:
        row: Row = []
        previous = None
        for cell in table_row.cells:
            if cell._tc is previous:
                row.append("")
                continue
            previous = cell._tc
            lines = [clean(p.text) for p in cell.paragraphs]
            row.append("\n".join(line for line in lines if line))
        rows.append(row)
    if len(rows) < 2:
        raise RoadmapImportError(
            _("The table in the document has no rows below its header.")
        )
    return rows


def propose_columns(headings: list[str]) -> list[str]:
    """A column key (``Roadmap.COLUMN_KEYS``) for each heading, or "" when
    the heading says nothing known; the first unknown column becomes the
    activity when no heading names it."""
    keys = []
    for heading in headings:
        text = heading.casefold()
        key = next(
            (k for k, words in _HEADINGS if any(word in text for word in words)), ""
        )
        keys.append(key)
    if "activity" not in keys and "" in keys:
        keys[keys.index("")] = "activity"
    return keys


class _Builder:
    """Rows → stages, one row at a time."""

    def __init__(self, columns: list[str]) -> None:
        unknown = set(columns) - set(Roadmap.COLUMN_KEYS) - {""}
        if unknown or "activity" not in columns:
            raise ValueError(f"not a roadmap layout: {columns!r}")
        self.columns = columns
        self.stages: list[TemplateStage] = []
        self.stage_cell: str | None = None
        self.warnings: list[str] = []

    def fields(self, cells: Row, number: int) -> dict[str, str]:
        """The row's text by column key; unplaced text goes to the activity."""
        fields = dict.fromkeys(Roadmap.COLUMN_KEYS, "")
        width = len(self.columns)
        for index, text in enumerate(cells[:width]):
            key = self.columns[index] or "activity"
            if text and not self.columns[index]:
                self.warnings.append(
                    _(
                        "Row %(row)s: column %(column)s is not in the layout; "
                        "its text was added to the activity."
                    )
                    % {"row": number, "column": index + 1}
                )
            fields[key] = " ".join(filter(None, [fields[key], text]))
        extra = [text for text in cells[width:] if text]
        if extra:
            fields["activity"] = " ".join([fields["activity"], *extra]).strip()
            self.warnings.append(
                _(
                    "Row %(row)s has more cells than the table has columns; "
                    "their text was added to the activity."
                )
                % {"row": number}
            )
        return fields

    def add(self, fields: dict[str, str], number: int) -> None:
        if "stage" in self.columns:
            opens_stage = fields["stage"] and fields["stage"] != self.stage_cell
        else:
            opens_stage = self._is_heading(fields)
        if opens_stage:
            self._open_stage(fields)
            if "stage" not in self.columns:
                return  # a heading row across the table: its text is the title
        elif not self.stages:
            self.stages.append(TemplateStage(_("Activities"), []))
        if not any(fields[key] for key in _ITEM_KEYS):
            return
        if not fields["activity"]:
            self.warnings.append(_("Row %(row)s has no activity.") % {"row": number})
        deadline = fields["deadline"]
        if deadlines.parse(deadline).needs_attention:
            self.warnings.append(
                _(
                    "Row %(row)s: the deadline «%(text)s» could not be read; "
                    "it is kept as written."
                )
                % {"row": number, "text": deadline}
            )
        item_number = fields["number"]
        if "stage" in self.columns and item_number == self.stages[-1].number:
            item_number = ""  # the stage's number, in its row or a merged cell
        self.stages[-1].items.append(
            TemplateItem(
                fields["activity"],
                deadline,
                fields["responsible"],
                fields["result"],
                number=item_number,
            )
        )

    def _is_heading(self, fields: dict[str, str]) -> bool:
        """A row with only its number and text, across a table without a
        stage column (seed 003): «1.» or «4», not an item's «5.1»."""
        others = [key for key in _ITEM_KEYS[1:] if key in self.columns]
        return bool(
            others
            and fields["activity"]
            and not any(fields[key] for key in others)
            and _STAGE_NUMBER_RE.fullmatch(fields["number"] or "1")
        )

    def _open_stage(self, fields: dict[str, str]) -> None:
        if "stage" in self.columns:
            self.stage_cell = fields["stage"]
            number, title = fields["number"], fields["stage"]
        else:
            number, title = fields["number"], fields["activity"]
        if not number and (leading := _LEADING_NUMBER_RE.fullmatch(title)):
            number, title = leading.groups()
        self.stages.append(TemplateStage(title, [], number=number))


def _continues(previous: Row, row: Row, columns: list[str], after_break: bool) -> bool:
    """Whether ``row`` is the rest of ``previous``, split by a line break in
    a cell (fewer cells on each line) or by a page break (first cells empty,
    a deadline that reads as nothing on its own)."""
    width = len(columns)
    first = row[0] if row else ""
    if len(previous) < width and len(row) < width and not _is_number(first):
        return len(previous) + len(row) - 1 <= width
    if not after_break:
        return False
    cells = dict(zip(columns, row, strict=False))
    if cells.get("number") or cells.get("stage"):
        return False
    if "deadline" in cells and cells["deadline"]:
        return deadlines.parse(cells["deadline"]).needs_attention
    return True


def _join(previous: Row, row: Row, width: int) -> Row:
    if len(previous) < width and len(row) < width:
        return [*previous[:-1], f"{previous[-1]} {row[0]}".strip(), *row[1:]]
    joined = previous + [""] * (len(row) - len(previous))
    for index, text in enumerate(row):
        if text:
            joined[index] = f"{joined[index]} {text}".strip()
    return joined


def _is_column_numbers(row: Row) -> bool:
    """The row «1 2 3 4» under the header of a printed form (seed 003)."""
    filled = [cell for cell in row if cell]
    return len(filled) > 1 and filled == [str(n) for n in range(1, len(filled) + 1)]


def stages_from_rows(
    rows: list[Row], columns: list[str]
) -> tuple[list[TemplateStage], list[str]]:
    """The stages and items of a table's data rows (below its header), read
    with ``columns``: a key of ``Roadmap.COLUMN_KEYS`` per column, or "" for a
    column not in the layout. Rows are numbered as in the table, the header
    being row 1. Returns the stages and the warnings, in Russian.

    With a stage column, a row with an empty stage cell (or the same text, for
    a merged cell) continues the stage above; without one, a row with only a
    number like «1.» and text is a stage heading. Raises ValueError for a
    layout with no activity column or an unknown key."""
    builder = _Builder(columns)
    width = len(columns)
    logical: list[tuple[int, Row]] = []
    after_break = False
    number = 1
    for row in rows:
        if row == PAGE_BREAK:
            after_break = True
            continue
        number += 1
        if not logical and _is_column_numbers(row):
            builder.warnings.append(
                _("Row %(row)s numbers the columns; it was skipped.") % {"row": number}
            )
            continue
        if logical and _continues(logical[-1][1], row, columns, after_break):
            logical[-1] = (logical[-1][0], _join(logical[-1][1], row, width))
            builder.warnings.append(
                _(
                    "Row %(row)s was taken as the end of the row above, split by "
                    "a page or line break; check it."
                )
                % {"row": number}
            )
        else:
            logical.append((number, row))
        after_break = False
    for row_number, row in logical:
        builder.add(builder.fields(row, row_number), row_number)
    if not any(stage.items for stage in builder.stages):
        builder.warnings.append(_("The table has no activities."))
    return builder.stages, builder.warnings
