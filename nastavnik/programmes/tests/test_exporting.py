from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from unittest import skipUnless

from django.db.models import Count
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from openpyxl import load_workbook

from nastavnik.lib import spreadsheets
from nastavnik.lib.dates import SchoolYear
from nastavnik.lib.tests.checks import PDFTOTEXT, SOFFICE, assert_prints_on_a4, convert
from nastavnik.orgs.models import DocumentTemplate, Organisation
from nastavnik.orgs.tests.factory import edited_template
from nastavnik.programmes import exporting, services
from nastavnik.programmes.models import Item, Programme, Roadmap
from nastavnik.programmes.roadmap_templates import TEMPLATES
from nastavnik.test import BaseTestCase, make_user

SEEDS = ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004"]


def make_roadmap(organisation: Organisation, key: str = "r145", **header) -> Roadmap:
    """A roadmap of 2026/2027 built from the template ``key``: the
    organisation's own, or its municipality's for a municipal template."""
    template = TEMPLATES[key]
    year = SchoolYear(2026)
    since = date(2026, 9, 1)
    if template.municipal:
        return services.build_roadmap(
            template,
            municipality=organisation.municipality,
            school_year=year,
            since=since,
            **header,
        )
    programme = Programme.objects.create(
        organisation=organisation,
        school_year=2026,
        title=f"Программа наставничества ({key})",
        order_number="01-06-106-3/22",
        order_date=date(2026, 8, 31),
    )
    return services.build_roadmap(
        template, programme=programme, school_year=year, since=since, **header
    )


def _squash(text: str) -> str:
    return " ".join(text.split())


def _docx(content: bytes):
    document = Document(io.BytesIO(content))
    return document, document.tables[0]


def _header_text(content: bytes) -> list[str]:
    """The paragraphs above the table, below the organisation's name (the
    test organisations have no address)."""
    document, _table = _docx(content)
    return [p.text for p in document.paragraphs if p.text.strip()][1:]


def _body(table: Table, roadmap: Roadmap) -> list[list[str]]:
    """The item rows of the table (no heading rows), one text per column."""
    skip = 2 if roadmap.stage_rows else 1
    result = []
    for row in table.rows[skip:]:
        if len(row._tr.tc_lst) < len(roadmap.columns):
            continue  # a stage heading across the table
        result.append([_squash(cell.text) for cell in row.cells])
    return result


def _expected(roadmap: Roadmap, item: Item, key: str) -> str:
    if key == "activity" and "stage" in roadmap.keys and item.number:
        return _squash(f"{item.number} {item.activity}")
    if key == "number":
        return item.stage.label if "stage" in roadmap.keys else item.number
    if key == "stage":
        title = _squash(item.stage.title)
        return title if "number" in roadmap.keys else f"{item.stage.label} {title}"
    return _squash(exporting._value(item, key))


class RoadmapDocxTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.school_a.head_name = "Н.В. Зарипова"
        cls.school_a.head_position = "Директор МБОУ СОШ № 1"
        cls.school_a.save()

    def test_it_prints_the_columns_of_every_template_in_order(self) -> None:
        for key in TEMPLATES:
            with self.subTest(template=key):
                roadmap = make_roadmap(self.school_a, key)
                _document, table = _docx(exporting.roadmap_docx(roadmap))
                headings = [_squash(c.text) for c in table.rows[0].cells]
                self.assertEqual(headings, [_squash(h) for h in roadmap.headings])

    def test_it_prints_a_row_per_item_in_order(self) -> None:
        for key in TEMPLATES:
            with self.subTest(template=key):
                roadmap = make_roadmap(self.school_a, key)
                _document, table = _docx(exporting.roadmap_docx(roadmap))
                items = list(
                    Item.objects.filter(stage__roadmap=roadmap).select_related("stage")
                )
                body = _body(table, roadmap)
                self.assertEqual(len(body), len(items))
                self.assertEqual(len(items), len(TEMPLATES[key].items))
                for row, item in zip(body, items, strict=True):
                    expected = [_expected(roadmap, item, k) for k in roadmap.keys]
                    self.assertEqual(row, expected)

    def test_it_merges_the_stage_and_its_number_over_the_items(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        _document, table = _docx(exporting.roadmap_docx(roadmap))
        stage = roadmap.stages.get(position=1)
        count = stage.items.count()
        self.assertGreater(count, 1)
        first = table.rows[1]._tr.tc_lst
        self.assertEqual(first[0].vMerge, "restart")
        self.assertEqual(first[1].vMerge, "restart")
        self.assertEqual(_squash(table.rows[1].cells[0].text), stage.label)
        self.assertEqual(_squash(table.rows[1].cells[1].text), _squash(stage.title))
        for row in table.rows[2 : 1 + count]:
            self.assertEqual(row._tr.tc_lst[0].vMerge, "continue")
            self.assertEqual(row._tr.tc_lst[1].vMerge, "continue")
            self.assertIsNone(row._tr.tc_lst[2].vMerge)
        self.assertEqual(table.rows[1 + count]._tr.tc_lst[0].vMerge, "restart")

    def test_it_prints_stages_as_heading_rows_with_numbered_columns(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        roadmap.columns = [
            ["number", "№п/п"],
            ["activity", "Наименование мероприятий"],
            ["deadline", "Срок реализации"],
        ]
        roadmap.stage_rows = True
        roadmap.save()
        _document, table = _docx(exporting.roadmap_docx(roadmap))
        self.assertEqual([c.text for c in table.rows[1].cells], ["1", "2", "3"])
        heading = table.rows[2]._tr.tc_lst
        self.assertEqual(len(heading), 2)
        self.assertEqual(heading[1].grid_span, 2)
        stage = roadmap.stages.get(position=1)
        self.assertEqual(table.rows[2].cells[0].text, stage.label)
        self.assertEqual(_squash(table.rows[2].cells[1].text), _squash(stage.title))
        count = stage.items.count()
        self.assertEqual(len(table.rows[3 + count]._tr.tc_lst), 2)

    def test_it_leaves_stages_out_without_a_stage_column(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        roadmap.columns = [["activity", "Мероприятие"], ["deadline", "Сроки"]]
        roadmap.save()
        _document, table = _docx(exporting.roadmap_docx(roadmap))
        items = Item.objects.filter(stage__roadmap=roadmap).count()
        self.assertEqual(len(table.rows), 1 + items)
        self.assertNotIn(roadmap.stages.first().title, _squash(table._tbl.xml))

    def test_it_repeats_the_header_row_on_each_page(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        _document, table = _docx(exporting.roadmap_docx(roadmap))
        self.assertIsNotNone(table.rows[0]._tr.trPr.find(qn("w:tblHeader")))
        self.assertIsNone(table.rows[1]._tr.trPr)

    def test_it_draws_borders_in_times_new_roman(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        document, table = _docx(exporting.roadmap_docx(roadmap))
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        self.assertEqual(borders.find(qn("w:insideV")).get(qn("w:val")), "single")
        normal = document.styles["Normal"].font
        self.assertEqual((normal.name, normal.size.pt), ("Times New Roman", 12))

    def test_it_turns_the_page_for_five_columns_or_more(self) -> None:
        wide = make_roadmap(self.school_a, "r145")
        document, _table = _docx(exporting.roadmap_docx(wide))
        section = document.sections[0]
        self.assertEqual(section.orientation, WD_ORIENT.LANDSCAPE)
        self.assertGreater(section.page_width, section.page_height)
        wide.columns = wide.columns[:4]
        wide.save()
        document, _table = _docx(exporting.roadmap_docx(wide))
        section = document.sections[0]
        self.assertEqual(section.orientation, WD_ORIENT.PORTRAIT)
        self.assertLess(section.page_width, section.page_height)

    def test_it_prints_the_approval_header(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        lines = _header_text(exporting.roadmap_docx(roadmap))
        self.assertEqual(
            lines[:4],
            [
                "УТВЕРЖДАЮ",
                "Директор МБОУ СОШ № 1",
                "____________ Н.В. Зарипова",
                "Приказ от 31.08.2026 № 01-06-106-3/22",
            ],
        )
        self.assertEqual(lines[4], roadmap.title)
        self.assertEqual(lines[5], "Уни\t31.08.2026")

    def test_it_prints_the_organisations_header_page_numbers_on_a4(self) -> None:
        self.school_a.address = "613140, Кировская обл., пгт Уни, ул. Ленина, 1"
        self.school_a.save()
        roadmap = make_roadmap(self.school_a, "seed_001")
        document, _table = _docx(exporting.roadmap_docx(roadmap))
        self.assertEqual(
            [p.text for p in document.paragraphs[:2]],
            [self.school_a.name, "613140, Кировская обл., пгт Уни, ул. Ленина, 1"],
        )
        section = document.sections[0]
        self.assertEqual(
            sorted([round(section.page_width.mm), round(section.page_height.mm)]),
            [210, 297],
        )
        self.assertGreaterEqual(min(section.left_margin.mm, section.top_margin.mm), 20)
        self.assertIn("PAGE", section.footer._element.xml)

    def test_it_prints_the_approvers_name_with_initials_first(self) -> None:
        roadmap = make_roadmap(
            self.school_a,
            "r145",
            approver_position="Директор",
            approver_name="Зарипова Наталья Викторовна",
        )
        lines = _header_text(exporting.roadmap_docx(roadmap))
        self.assertEqual(lines[1:3], ["Директор СОШ № 1", "____________ Н.В. Зарипова"])

    def test_seed_001_ends_with_its_kpi_targets(self) -> None:
        roadmap = make_roadmap(self.school_a, "seed_001")
        document = Document(io.BytesIO(exporting.roadmap_docx(roadmap)))
        self.assertIn(
            "Показатели эффективности внедрения муниципальной целевой модели "
            "наставничества",
            [p.text for p in document.paragraphs],
        )
        kpi = document.tables[-1]
        self.assertEqual(
            [c.text for c in kpi.rows[0].cells],
            ["Наименование показателя", "2020", "2021", "2022", "2023", "2024"],
        )
        self.assertEqual(len(kpi.rows), 7)
        self.assertEqual(
            [c.text for c in kpi.rows[1].cells][1:], ["10", "25", "40", "55", "70"]
        )
        self.assertEqual(
            [c.text for c in kpi.rows[6].cells][1:], ["50", "60", "70", "80", "85"]
        )

    def test_it_prints_from_the_organisations_own_template(self) -> None:
        own = edited_template("roadmap.docx", "Принята на совете {{ place }}.")
        DocumentTemplate.objects.create(
            organisation=self.school_a, name="roadmap.docx", content=own
        )
        roadmap = make_roadmap(self.school_a, "r145")
        document = Document(io.BytesIO(exporting.roadmap_docx(roadmap)))
        self.assertIn("Принята на совете Уни.", [p.text for p in document.paragraphs])

    def test_the_sample_for_uploaded_templates_has_every_field(self) -> None:
        roadmap = make_roadmap(self.school_a, "seed_001")
        fields = set(exporting._docx_context(roadmap)) | {
            "table",
            "kpi_title",
            "kpi_table",
        }
        self.assertEqual(set(exporting.sample_docx_context()), fields)

    def test_other_roadmaps_print_no_kpi_table(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        document = Document(io.BytesIO(exporting.roadmap_docx(roadmap)))
        self.assertEqual(len(document.tables), 1)

    def test_it_prints_the_templates_approval_word(self) -> None:
        roadmap = make_roadmap(self.school_a, "seed_004")
        lines = _header_text(exporting.roadmap_docx(roadmap))
        self.assertEqual(lines[0], "Утверждаю")

    def test_it_prints_only_the_parts_of_the_order_it_has(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145", approval_order_date=None)
        lines = _header_text(exporting.roadmap_docx(roadmap))
        self.assertEqual(lines[3], "Приказ № 01-06-106-3/22")

    def test_a_plan_not_yet_approved_is_ready_for_the_heads_signature(self) -> None:
        roadmap = make_roadmap(
            self.school_a,
            "r145",
            approver_name="",
            approval_order_number="",
            approval_order_date=None,
        )
        lines = _header_text(exporting.roadmap_docx(roadmap))
        self.assertEqual(
            lines[:3],
            ["УТВЕРЖДАЮ", "Директор МБОУ СОШ № 1", "____________ Н.В. Зарипова"],
        )
        self.assertNotIn("Приказ", "\n".join(lines))
        self.assertIn("Уни\t«____» ______________ 20____ г.", lines)

    def test_it_prints_the_agreed_note(self) -> None:
        note = "на педагогическом совете 30.08.2026 г. протокол № 5"
        roadmap = make_roadmap(self.school_a, "r145", agreed_note=note)
        lines = _header_text(exporting.roadmap_docx(roadmap))
        at = lines.index("СОГЛАСОВАНО")
        self.assertEqual(lines[at + 1], note)
        self.assertLess(at, lines.index(roadmap.title))
        roadmap.agreed_note = ""
        roadmap.save()
        lines = _header_text(exporting.roadmap_docx(roadmap))
        self.assertNotIn("СОГЛАСОВАНО", lines)

    def test_it_prints_each_line_of_the_title(self) -> None:
        roadmap = make_roadmap(
            self.school_a,
            "r145",
            title="Дорожная карта\n  в СОШ № 1 <«Радуга» & Co>\n",
            approver_name="",
            approval_order_number="",
        )
        lines = _header_text(exporting.roadmap_docx(roadmap))
        at = lines.index("Дорожная карта")
        self.assertEqual(lines[at + 1], "в СОШ № 1 <«Радуга» & Co>")

    def test_it_names_the_responsible_user_when_there_is_no_text(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        item = Item.objects.filter(stage__roadmap=roadmap).first()
        item.responsible_text = ""
        item.responsible_user = make_user(
            "vera", last_name="Волкова", first_name="Вера", patronymic="Ивановна"
        )
        item.save()
        _document, table = _docx(exporting.roadmap_docx(roadmap))
        column = roadmap.keys.index("responsible")
        self.assertEqual(table.rows[1].cells[column].text, "Волкова В.И.")

    def test_it_turns_control_characters_pasted_from_word_into_line_breaks(
        self,
    ) -> None:
        roadmap = make_roadmap(self.school_a, "r145", agreed_note="совет\x07 № 5")
        item = Item.objects.filter(stage__roadmap=roadmap).first()
        item.activity = "Приказ\x0bПоложение\x01"
        item.save()
        document, table = _docx(exporting.roadmap_docx(roadmap))
        column = roadmap.keys.index("activity")
        self.assertEqual(table.rows[1].cells[column].text, "Приказ\nПоложение")
        self.assertIn("совет № 5", [p.text for p in document.paragraphs])
        ws = load_workbook(io.BytesIO(exporting.roadmap_xlsx(roadmap))).worksheets[0]
        values = [c.value for row in ws.iter_rows() for c in row]
        self.assertIn("Приказ\nПоложение", values)

    def test_it_prints_a_stage_without_items(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        last = roadmap.stages.order_by("position").last()
        last.items.all().delete()
        _document, table = _docx(exporting.roadmap_docx(roadmap))
        row = table.rows[-1]
        self.assertEqual(_squash(row.cells[1].text), _squash(last.title))
        self.assertEqual(row.cells[2].text, "")


class RoadmapXlsxTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.school_a.head_name = "Н.В. Зарипова"
        cls.school_a.head_position = "Директор МБОУ СОШ № 1"
        cls.school_a.save()

    def _sheet(self, roadmap: Roadmap):
        wb = load_workbook(io.BytesIO(exporting.roadmap_xlsx(roadmap)))
        return wb.worksheets[0]

    def _header_row(self, ws, roadmap: Roadmap) -> int:
        headings = [_squash(h) for h in roadmap.headings]
        for row in ws.iter_rows():
            values = [_squash(str(c.value or "")) for c in row[: len(headings)]]
            if values == headings:
                return row[0].row
        raise AssertionError("no header row")

    def test_it_prints_every_template_in_its_columns(self) -> None:
        for key in TEMPLATES:
            with self.subTest(template=key):
                roadmap = make_roadmap(self.school_a, key)
                ws = self._sheet(roadmap)
                header = self._header_row(ws, roadmap)
                self.assertTrue(ws.cell(header, 1).font.b)
                self.assertTrue(ws.cell(header, 1).alignment.wrap_text)
                first = header + (2 if roadmap.stage_rows else 1)
                self.assertEqual(ws.freeze_panes, f"A{first}")
                items = list(
                    Item.objects.filter(stage__roadmap=roadmap).select_related("stage")
                )
                headings = {
                    m.min_row for m in ws.merged_cells.ranges if m.min_row == m.max_row
                }
                activity = roadmap.keys.index("activity") + 1
                texts = [
                    _squash(ws.cell(r, activity).value or "")
                    for r in range(first, ws.max_row + 1)
                    if r not in headings
                ]
                expected = [_expected(roadmap, i, "activity") for i in items]
                self.assertEqual(texts, expected)

    def test_it_merges_the_stage_cells(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        ws = self._sheet(roadmap)
        header = self._header_row(ws, roadmap)
        stage = roadmap.stages.get(position=1)
        count = stage.items.count()
        ranges = {str(r) for r in ws.merged_cells.ranges}
        self.assertIn(f"A{header + 1}:A{header + count}", ranges)
        self.assertIn(f"B{header + 1}:B{header + count}", ranges)
        self.assertEqual(ws.cell(header + 1, 2).value, stage.title)
        self.assertEqual(ws.cell(header + 1, 1).value, stage.label)

    def test_it_merges_stage_heading_rows_across_the_table(self) -> None:
        roadmap = make_roadmap(self.school_a, "seed_003")
        ws = self._sheet(roadmap)
        header = self._header_row(ws, roadmap)
        self.assertEqual([ws.cell(header + 1, c).value for c in (1, 2)], ["1", "2"])
        stage = roadmap.stages.get(position=1)
        self.assertEqual(ws.cell(header + 2, 1).value, stage.label)
        self.assertEqual(ws.cell(header + 2, 2).value, stage.title)
        self.assertIn(
            f"B{header + 2}:D{header + 2}", {str(r) for r in ws.merged_cells.ranges}
        )

    def test_it_prints_the_approval_header(self) -> None:
        roadmap = make_roadmap(
            self.school_a, "r145", agreed_note="на педагогическом совете"
        )
        ws = self._sheet(roadmap)
        values = [ws.cell(r, 1).value for r in range(1, 5)]
        self.assertEqual(
            values,
            [
                "УТВЕРЖДАЮ",
                "Директор МБОУ СОШ № 1",
                "_____ Н.В. Зарипова",
                "Приказ № 01-06-106-3/22 от 31.08.2026",
            ],
        )
        self.assertEqual(ws.cell(1, 1).alignment.horizontal, "right")
        self.assertEqual(ws.cell(6, 1).value, roadmap.title)
        self.assertEqual(ws.cell(8, 1).value, "Согласовано на педагогическом совете")

    def test_it_leaves_the_approval_header_out_when_not_approved(self) -> None:
        roadmap = make_roadmap(
            self.school_a, "r145", approver_name="", approval_order_number=""
        )
        ws = self._sheet(roadmap)
        self.assertEqual(ws.cell(1, 1).value, roadmap.title)

    def test_it_is_set_up_for_printing(self) -> None:
        for key in TEMPLATES:
            with self.subTest(template=key):
                roadmap = make_roadmap(self.school_a, key)
                ws = self._sheet(roadmap)
                header = self._header_row(ws, roadmap)
                last = header + (1 if roadmap.stage_rows else 0)
                # A4 fitted to the width with the text at 11 pt, not shrunk
                # to 7–8 pt: the columns wrap instead. Five columns or more
                # turn the page, as in the DOCX.
                assert_prints_on_a4(self, ws, title_rows=f"{header}:{last}")
                wide = len(roadmap.keys) >= exporting.WIDE
                orientation = "landscape" if wide else "portrait"
                self.assertEqual(ws.page_setup.orientation, orientation)
                sizes = {c.font.sz for row in ws.iter_rows() for c in row if c.value}
                self.assertEqual(sizes, {11})
                self.assertEqual(ws.cell(header + 1, 1).border.left.style, "thin")

    def test_a_long_stage_beside_few_items_is_not_cut_off(self) -> None:
        roadmap = make_roadmap(self.school_a, "seed_002")
        stage = (
            roadmap.stages.annotate(n=Count("items"))
            .filter(n__gte=2)
            .order_by("position")
            .first()
        )
        stage.title = "Очень длинное название этапа " * 12
        stage.save()
        stage.items.update(activity="Встреча")
        ws = self._sheet(roadmap)
        cell = next(
            m
            for m in ws.merged_cells.ranges
            if m.min_col == 2 and ws.cell(m.min_row, 2).value == stage.title.strip()
        )
        width = ws.column_dimensions["B"].width
        need = spreadsheets.lines(stage.title.strip(), width) * (
            spreadsheets.LINE_HEIGHT
        )
        rows = range(cell.min_row, cell.max_row + 1)
        self.assertGreaterEqual(sum(ws.row_dimensions[r].height for r in rows), need)

    def test_it_keeps_formula_like_text_as_text(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        item = Item.objects.filter(stage__roadmap=roadmap).first()
        item.activity = "=HYPERLINK(1)"
        item.save()
        ws = self._sheet(roadmap)
        header = self._header_row(ws, roadmap)
        cell = ws.cell(header + 1, 3)
        self.assertEqual(cell.value, "=HYPERLINK(1)")
        self.assertEqual(cell.data_type, "s")
        self.assertTrue(cell.quotePrefix)


class FileNameTestCase(BaseTestCase):
    def test_it_names_the_school_year_the_owner_and_the_day(self) -> None:
        roadmap = make_roadmap(self.school_a, "r145")
        self.assertEqual(
            exporting.file_name(roadmap, "docx", date(2026, 12, 5)),
            "Дорожная карта 2026-2027 — СОШ № 1 — 05.12.2026.docx",
        )

    def test_it_keeps_slashes_and_quotes_out(self) -> None:
        self.school_a.short_name = 'МБОУ "СОШ 1/2"'
        self.school_a.save()
        roadmap = make_roadmap(self.school_a, "r145")
        self.assertEqual(
            exporting.file_name(roadmap, "xlsx", date(2026, 12, 5)),
            "Дорожная карта 2026-2027 — МБОУ СОШ 1 2 — 05.12.2026.xlsx",
        )


@skipUnless(SOFFICE, "LibreOffice (soffice) is not installed")
class LibreOfficeTestCase(BaseTestCase):
    """The done-when test of the issue: every template's DOCX opens in
    LibreOffice and its PDF shows the seed's columns."""

    def _text(self, pdf: Path, docx: Path, out: Path) -> str:
        if PDFTOTEXT:
            run = [PDFTOTEXT, "-layout", str(pdf), "-"]
            return subprocess.run(run, capture_output=True, check=True).stdout.decode()
        # No poppler: LibreOffice's own text of the same document.
        convert([docx], out, "txt:Text (encoded):UTF8")
        return docx.with_suffix(".txt").read_text()

    def test_every_template_opens_and_shows_its_columns(self) -> None:
        self.assertTrue(set(SEEDS) <= set(TEMPLATES), "a seed template is missing")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            files = []
            for key in TEMPLATES:
                roadmap = make_roadmap(self.school_a, key)
                path = out / f"{key}.docx"
                path.write_bytes(exporting.roadmap_docx(roadmap))
                files.append((roadmap, path))
            convert([path for _r, path in files], out)
            for roadmap, path in files:
                with self.subTest(template=roadmap.template):
                    pdf = path.with_suffix(".pdf")
                    self.assertTrue(pdf.exists(), f"{pdf.name} was not made")
                    self.assertEqual(pdf.read_bytes()[:5], b"%PDF-")
                    words = set(self._text(pdf, path, out).split())
                    for heading in roadmap.headings:
                        for word in heading.split():
                            self.assertIn(word, words, heading)
