"""DOCX documents from templates in templates/documents/, filled by docxtpl.

A school edits the wording of a template in Word or LibreOffice; the program
only fills in the ``{{ fields }}``.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from docxtpl import DocxTemplate

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_template(name: str) -> Path:
    """The path of templates/documents/<name>."""
    return Path(settings.BASE_DIR) / "templates" / "documents" / name


def render_docx(template_path: str | Path, context: dict) -> bytes:
    """Fill the template with ``context`` and return the document's bytes.

    Values are XML-escaped: a «<» or «&» typed into a name must not break the
    document (docxtpl leaves escaping off by default).
    """
    document = DocxTemplate(str(template_path))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
