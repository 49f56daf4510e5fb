from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.test import SimpleTestCase
from docx import Document

from nastavnik.lib.docx import (
    BadTemplate,
    check_template,
    document_template,
    render_docx,
)


class RenderDocxTestCase(SimpleTestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.path = Path(tmp.name) / "template.docx"
        document = Document()
        document.add_paragraph("Я, {{ name }}, даю согласие.")
        document.add_paragraph("{%p if extra %}")
        document.add_paragraph("Дополнительный абзац.")
        document.add_paragraph("{%p endif %}")
        document.save(self.path)

    def _paragraphs(self, content: bytes) -> list[str]:
        return [p.text for p in Document(io.BytesIO(content)).paragraphs]

    def test_it_fills_the_fields(self) -> None:
        content = render_docx(self.path, {"name": "Ёлкина Алёна", "extra": True})
        self.assertEqual(
            self._paragraphs(content),
            ["Я, Ёлкина Алёна, даю согласие.", "Дополнительный абзац."],
        )

    def test_it_drops_paragraphs_under_a_false_condition(self) -> None:
        content = render_docx(self.path, {"name": "Ёлкина", "extra": False})
        self.assertEqual(self._paragraphs(content), ["Я, Ёлкина, даю согласие."])

    def test_markup_in_values_stays_text(self) -> None:
        name = "<script>alert('x')</script> & Д'Артаньян </w:t>"
        content = render_docx(self.path, {"name": name, "extra": False})
        self.assertEqual(self._paragraphs(content), [f"Я, {name}, даю согласие."])

    def test_the_consent_templates_are_in_place(self) -> None:
        for name in ("consent_adult", "consent_guardian", "consent_dissemination"):
            with self.subTest(name=name):
                self.assertTrue(document_template(f"{name}.docx").is_file())


class CheckTemplateTestCase(SimpleTestCase):
    def _docx(self, *lines: str) -> bytes:
        document = Document()
        for line in lines:
            document.add_paragraph(line)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def test_a_template_with_known_fields_passes(self) -> None:
        check_template(self._docx("Я, {{ name }}."), {"name": "Ёлкина"})

    def test_it_names_the_unknown_fields(self) -> None:
        content = self._docx("{{ name }}, {{ phone }} {{ fax }}")
        with self.assertRaisesMessage(BadTemplate, "{{ fax }}, {{ phone }}"):
            check_template(content, {"name": "Ёлкина"})

    def test_it_refuses_what_is_not_a_word_document(self) -> None:
        for content in (b"", b"%PDF-1.4", b"PK\x03\x04 broken zip"):
            with self.subTest(content=content), self.assertRaises(BadTemplate):
                check_template(content, {})

    def test_it_refuses_a_broken_tag(self) -> None:
        with self.assertRaises(BadTemplate):
            check_template(self._docx("{% if name %}Да"), {"name": "Ёлкина"})
