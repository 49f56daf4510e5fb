from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from nastavnik.lib.docx import document_template


def edited_template(file_name: str, *lines: str) -> bytes:
    """The standard template ``file_name`` with ``lines`` added at the end,
    as a school edits it in Word."""
    document = Document(str(document_template(file_name)))
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "Наш бланк.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
