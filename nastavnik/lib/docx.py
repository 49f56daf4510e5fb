"""DOCX documents from the templates in each app's documents/ folder, filled by docxtpl.

A school edits the wording of a template in Word or LibreOffice, or uploads
its own version of it; the program only fills in the ``{{ fields }}``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml.etree import LxmlError

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
