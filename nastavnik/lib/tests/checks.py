"""Checks that every export's tests share: the Russian file name of the
download, the A4 print setup of a worksheet, and LibreOffice printing a file."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from unittest import TestCase
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from nastavnik.lib import spreadsheets

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def convert(files: Iterable[Path], out: Path, target: str = "pdf") -> None:
    """LibreOffice converts ``files`` to ``target`` into ``out``, with a
    profile of its own there (so that parallel tests do not share one)."""
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{out}/profile",
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        *map(str, files),
    ]
    subprocess.run(command, capture_output=True, check=True, timeout=300)


def pdf_info(content: bytes, suffix: str = ".docx") -> tuple[str, str]:
    """(pdfinfo's report, the text) of the document printed by LibreOffice."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        path = out / f"document{suffix}"
        path.write_bytes(content)
        convert([path], out)
        pdf = path.with_suffix(".pdf")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, check=True)
        text = subprocess.run(
            ["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True
        )
    return info.stdout.decode(), text.stdout.decode()


def assert_file_name(test: TestCase, response: HttpResponse, name: str) -> None:
    """The response is a download named ``name`` (RFC 6266 with RFC 5987)."""
    header = response["Content-Disposition"]
    test.assertTrue(header.startswith('attachment; filename="'), header)
    fallback = header.split('"')[1]
    test.assertTrue(fallback.isascii(), fallback)
    test.assertTrue(header.endswith(f"; filename*=UTF-8''{quote(name, safe='')}"))


def sheets(response: HttpResponse) -> list[Worksheet]:
    return load_workbook(io.BytesIO(response.content)).worksheets


def assert_prints_on_a4(
    test: TestCase, ws: Worksheet, *, title_rows: str | None = "1:1"
) -> None:
    """A4, fitted to the width of the page and as long as it needs, the
    page numbers in the footer, the columns no wider than the page; the
    header rows (``"1:1"``) frozen and
    printed on every page, and no text smaller than 10 pt."""
    setup = ws.page_setup
    test.assertEqual(int(setup.paperSize), int(ws.PAPERSIZE_A4))
    test.assertIn(setup.orientation, ("portrait", "landscape"))
    test.assertEqual(setup.fitToWidth, 1)
    test.assertEqual(setup.fitToHeight, 0)
    test.assertTrue(ws.sheet_properties.pageSetUpPr.fitToPage)
    test.assertIn("&P", ws.oddFooter.center.text)
    if title_rows:
        top, bottom = title_rows.split(":")
        test.assertEqual(ws.print_title_rows, f"${top}:${bottom}")
        test.assertEqual(ws.freeze_panes[1:], str(int(bottom) + 1))
    sizes = {cell.font.sz for row in ws.iter_rows() for cell in row if cell.value}
    test.assertGreaterEqual(min(sizes), 10)
    # The columns fit the page as they are: fitting it to the page width
    # scales nothing down.
    widths = [d.width for d in ws.column_dimensions.values() if d.width]
    page = spreadsheets.LANDSCAPE_PIXELS
    if setup.orientation == "portrait":
        page = spreadsheets.PORTRAIT_PIXELS
    test.assertLessEqual(sum(7 * w + 5 for w in widths), page + 10)
