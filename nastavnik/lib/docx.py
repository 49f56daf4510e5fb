"""DOCX documents from the templates in each app's documents/ folder, filled by docxtpl.

A school edits the wording of a template in Word or LibreOffice, or uploads
its own version of it; the program only fills in the ``{{ fields }}``.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import IO

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table, _Cell
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from lxml.etree import LxmlError
from markupsafe import Markup

NOT_DOCX = gettext_lazy(
    "This is not a Word document (.docx). Save the file as .docx and upload it again."
)
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A Word document with a few pictures; anything bigger is not a form.
MAX_TEMPLATE_SIZE = 5 * 1024 * 1024

Source = str | Path | bytes


class BadTemplate(ValueError):
    """An uploaded template that cannot be used; the message says why, in
    words the person who edited it understands."""


def document_template(name: str) -> Path:
    """The path of <app>/documents/<name>: each app keeps the documents it prints."""
    for config in apps.get_app_configs():
        path = Path(config.path) / "documents" / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"no app has documents/{name}")


def _file(source: Source) -> str | IO[bytes]:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    return str(source)


def open_template(source: Source) -> DocxTemplate:
    """A template from a path or from the bytes of an uploaded file."""
    return DocxTemplate(_file(source))


def fill(template: DocxTemplate, context: dict) -> None:
    """Fill the template's fields in a sandbox: a template may come from an
    organisation's upload, and Jinja outside the sandbox runs any Python
    that a field names (``{{ x.__class__.__mro__ }}``).

    Values are XML-escaped: a «<» or «&» typed into a name must not break the
    document (docxtpl leaves escaping off by default); a Markup value (a
    table's XML) goes in as it is."""
    template.render(context, jinja_env=SandboxedEnvironment(autoescape=True))


def save(template: DocxTemplate) -> bytes:
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_docx(source: Source, context: dict) -> bytes:
    """Fill the template with ``context`` (see ``fill``) and return the
    document's bytes."""
    document = open_template(source)
    fill(document, context)
    return save(document)


def check_template(content: bytes, context: dict) -> None:
    """Raise BadTemplate unless ``content`` is a Word document whose fields
    are all in ``context`` and which renders with it.

    ``context`` is a sample of what the real document is filled with: the
    check renders the template once, so a broken ``{% if %}`` shows now, not
    when a curator prints a form."""
    if len(content) > MAX_TEMPLATE_SIZE:
        raise BadTemplate(_("The file is larger than 5 MB: this is not a form."))
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise BadTemplate(str(NOT_DOCX))
    try:
        unknown = open_template(content).get_undeclared_template_variables(
            SandboxedEnvironment(), context=context
        )
    except (PackageNotFoundError, KeyError, ValueError, LxmlError, zipfile.BadZipFile):
        raise BadTemplate(str(NOT_DOCX)) from None
    except TemplateError as error:
        raise BadTemplate(
            _("A field or a condition in the document is written wrongly: %(error)s")
            % {"error": error}
        ) from None
    if unknown:
        raise BadTemplate(
            _("The document has fields that the program does not fill: %(names)s.")
            % {"names": ", ".join(f"{{{{ {name} }}}}" for name in sorted(unknown))}
        )
    try:
        render_docx(content, context)
    except (TemplateError, LxmlError, ValueError, KeyError, TypeError) as error:
        raise BadTemplate(
            _("The document could not be filled in: %(error)s") % {"error": error}
        ) from None


def table_properties(table: Table, width: int) -> None:
    """Borders on every cell, fixed column widths, the width of the page."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(Length(width).twips))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    # Word refuses a document whose tblPr children are out of schema order.
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )


# Characters XML forbids (text pasted from Word).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(text) -> str:
    """``text`` as a string without the control characters XML forbids."""
    return _CONTROL.sub(" ", str(text or ""))


def _cell(cell: _Cell, text: str, *, bold: bool = False, center: bool = False):
    """Write ``text`` into an empty cell, a paragraph per line, 11 pt."""
    paragraph = cell.paragraphs[0]
    for n, line in enumerate(clean_text(text).split("\n")):
        if n:
            paragraph = cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line.strip():
            run = paragraph.add_run(line.strip())
            run.bold = bold
            run.font.size = Pt(11)


def table_xml(
    headings: list[str], body: list[list[str]], weights: list[float], width: int
) -> Markup:
    """A table ``width`` wide (EMU) with borders, the heading row repeated
    on each page, columns in proportion to ``weights``; the XML of a
    ``w:tbl`` for a template's ``{{p table }}``. With no headings the
    first column is bold (a card: label and value)."""
    rows = ([headings] if headings else []) + body
    table = Document().add_table(rows=len(rows), cols=len(weights))
    table_properties(table, width)
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    for column, cell_width in zip(table.columns, widths, strict=True):
        column.width = cell_width
    for r, (row, texts) in enumerate(zip(table.rows, rows, strict=True)):
        head = bool(headings) and r == 0
        for c, (cell, cell_width, text) in enumerate(
            zip(row.cells, widths, texts, strict=True)
        ):
            cell.width = cell_width
            bold = head or (not headings and c == 0)
            _cell(cell, text, bold=bold, center=head or (c == 0 and bool(headings)))
            if head:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in table.rows:
        # a row is not split between pages: its cells stay side by side
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if headings:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return Markup(etree.tostring(table._tbl, encoding="unicode"))
