from __future__ import annotations

from datetime import date
from urllib.parse import unquote

from django.test import SimpleTestCase

from nastavnik.lib import downloads

DAY = date(2026, 12, 5)


class FileNameTestCase(SimpleTestCase):
    def test_it_joins_what_whose_and_the_date(self) -> None:
        name = downloads.file_name(
            "База наставляемых", "СОШ № 1", day=DAY, extension="xlsx"
        )
        self.assertEqual(name, "База наставляемых — СОШ № 1 — 05.12.2026.xlsx")

    def test_it_replaces_the_characters_file_names_cannot_hold(self) -> None:
        name = downloads.file_name(
            'МБОУ "СОШ 1/2"', "a\\b:c*d?e<f>g|h", day=DAY, extension="docx"
        )
        self.assertEqual(name, "МБОУ СОШ 1 2 — a b c d e f g h — 05.12.2026.docx")

    def test_it_leaves_out_empty_parts_and_a_missing_date(self) -> None:
        name = downloads.file_name("Бланк", "", " / ", day=None, extension="docx")
        self.assertEqual(name, "Бланк.docx")

    def test_it_cuts_a_long_part_short(self) -> None:
        title = "Анкета " + "очень " * 40
        name = downloads.file_name(title, "СОШ № 1", day=DAY, extension="xlsx")
        self.assertLessEqual(len(name), downloads.MAX_LENGTH)
        self.assertLessEqual(len(name.encode()), 255)
        self.assertTrue(name.startswith("Анкета очень"))
        self.assertTrue(name.endswith("… — СОШ № 1 — 05.12.2026.xlsx"))


class ContentDispositionTestCase(SimpleTestCase):
    def test_it_sends_the_russian_name_and_an_ascii_fallback(self) -> None:
        name = "База обучающихся — СОШ № 1 — 05.12.2026.xlsx"
        header = downloads.content_disposition(name)
        fallback, encoded = header.split("; filename*=UTF-8''")
        ascii_name = "Baza obuchaiushchikhsia - SOSh N 1 - 05.12.2026.xlsx"
        self.assertEqual(fallback, f'attachment; filename="{ascii_name}"')
        self.assertEqual(unquote(encoded), name)
        self.assertTrue(header.isascii())

    def test_the_fallback_never_breaks_the_header(self) -> None:
        self.assertEqual(downloads.ascii_name('Ёж "x"; y.docx'), "Ezh x ; y.docx")
        self.assertEqual(downloads.ascii_name("ℕ"), "N")
        self.assertEqual(downloads.ascii_name("😀"), "download")

    def test_the_response_is_an_attachment(self) -> None:
        response = downloads.attachment(
            b"data", name="Бланк.docx", content_type="application/octet-stream"
        )
        self.assertEqual(response.content, b"data")
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
