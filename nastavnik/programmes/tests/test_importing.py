from __future__ import annotations

import io

import docx
from django.test import SimpleTestCase

from nastavnik.programmes.importing import (
    PAGE_BREAK,
    RoadmapImportError,
    Row,
    propose_columns,
    rows_from_docx,
    rows_from_text,
    stages_from_rows,
)
from nastavnik.programmes.roadmap_templates import TEMPLATES, TemplateStage
from nastavnik.programmes.tests import seed_text

SEED_004_LAYOUT = ["number", "stage", "activity", "deadline", "responsible", "result"]


def _items(stages: list[TemplateStage]) -> list[tuple[str, str, str, str, str]]:
    return [
        (i.number, i.activity, i.deadline, i.responsible, i.result)
        for stage in stages
        for i in stage.items
    ]


def _stages(stages: list[TemplateStage]) -> list[tuple[str, str, int]]:
    return [(s.number, s.title, len(s.items)) for s in stages]


def _import(text: str) -> tuple[list[TemplateStage], list[str]]:
    rows = rows_from_text(text)
    return stages_from_rows(rows[1:], propose_columns(rows[0]))


def _docx(rows: list[Row], merge_column: int | None = None) -> io.BytesIO:
    """A document with a title and the rows as its first table; equal cells
    of ``merge_column`` in consecutive rows are merged, as Word does."""
    document = docx.Document()
    document.add_paragraph("Дорожная карта")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merge_column is not None:
        top = 1
        for r in range(2, len(rows) + 1):
            if r == len(rows) or rows[r][merge_column]:
                if r - 1 > top:
                    table.cell(top, merge_column).merge(table.cell(r - 1, merge_column))
                top = r
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


class SeedTextImportTestCase(SimpleTestCase):
    def test_seed_001_gives_the_items_of_its_template(self) -> None:
        stages, warnings = _import(seed_text.raw("001"))
        self.assertEqual(_items(stages), _items(TEMPLATES["seed_001"].as_seed().stages))
        self.assertEqual(len(_items(stages)), 34)
        self.assertEqual(warnings, [])

    def test_seed_001_stops_before_the_table_of_indicators(self) -> None:
        rows = rows_from_text(seed_text.raw("001"))
        self.assertEqual(rows[0], ["№", "Мероприятие", "Сроки", "Ответственные"])
        self.assertEqual(rows[-1][0], "34.")
        self.assertEqual(len(rows), 35)

    def test_seed_004_gives_the_stages_and_items_of_its_template(self) -> None:
        stages, warnings = _import(seed_text.repaired("004"))
        template = TEMPLATES["seed_004"].as_seed().stages
        self.assertEqual(_stages(stages), _stages(template))
        self.assertEqual(_items(stages), _items(template))
        self.assertEqual(warnings, [])

    def test_seed_004_as_extracted_differs_only_by_the_documented_repairs(self) -> None:
        stages, _warnings = _import(seed_text.raw("004"))
        template = _items(TEMPLATES["seed_004"].as_seed().stages)
        differences = [
            (cell, expected)
            for got, want in zip(_items(stages), template, strict=True)
            for cell, expected in zip(got, want, strict=True)
            if cell != expected
        ]
        self.assertEqual(len(differences), 5)
        self.assertIn(("Куратор о", "Куратор"), differences)

    def test_seed_003_skips_the_column_numbers_and_joins_the_split_item(self) -> None:
        stages, warnings = _import(seed_text.raw("003"))
        template = TEMPLATES["seed_003"].as_seed().stages
        self.assertEqual(_stages(stages), _stages(template))
        # The template places item 1.1 in the May of the plan's own school
        # year; the seed writes May 2021, before its school year starts.
        expected = _items(template)
        expected[0] = (*expected[0][:2], "Май 2021 г.", *expected[0][3:])
        self.assertEqual(_items(stages), expected)
        self.assertEqual(
            warnings,
            [
                "Строка 2 содержит номера столбцов и пропущена.",
                "Строка 12 прочитана как продолжение строки выше, разорванной "
                "переходом на новую страницу или строку: проверьте её.",
            ],
        )

    def test_seed_000_joins_the_row_split_by_a_page_break(self) -> None:
        stages, warnings = _import(seed_text.raw("000"))
        self.assertEqual([s.number for s in stages], [f"{n}." for n in range(1, 9)])
        self.assertEqual(stages[3].title, "Формирование базы наставников")
        (item,) = stages[3].items
        self.assertEqual(item.deadline, "Сентябрь-Ноябрь 2023 г.")
        self.assertIn("- Обучение наставников.", item.activity)
        self.assertNotIn("<ul", item.activity)
        self.assertIn("Строка 6 прочитана как продолжение строки выше", warnings[0])

    def test_seed_000_keeps_the_text_written_in_the_stage_cell(self) -> None:
        stages, warnings = _import(seed_text.raw("000"))
        self.assertIn("в форме «педагог-педагог»", stages[5].title)
        self.assertEqual(stages[5].items[0].deadline, "Декабрь 2023 г – май 2024 г.")
        self.assertIn("В строке 8 нет текста мероприятия.", warnings)

    def test_seed_002_keeps_each_stage_s_content_in_one_item(self) -> None:
        stages, warnings = _import(seed_text.raw("002"))
        self.assertEqual(
            [s.number for s in stages], ["1.", "2.", "3.", "3.", "4. 5.", "6.", "7."]
        )
        self.assertTrue(stages[4].items[0].activity.startswith("1) Формирование"))
        self.assertEqual(warnings, [])


class ProposeColumnsTestCase(SimpleTestCase):
    def test_it_reads_the_headings_of_every_seed(self) -> None:
        for key in ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004"):
            columns = TEMPLATES[key].columns
            with self.subTest(key):
                headings = [heading for _key, heading in columns]
                expected = [key for key, _heading in columns]
                self.assertEqual(propose_columns(headings), expected)

    def test_an_unknown_heading_becomes_the_activity_when_none_is_named(self) -> None:
        self.assertEqual(
            propose_columns(["№", "Что делаем", "Когда", "Сроки"]),
            ["number", "activity", "", "deadline"],
        )


class RowsFromTextTestCase(SimpleTestCase):
    def test_it_reads_rows_of_tab_separated_cells_below_a_title(self) -> None:
        text = "План\r\n\r\n№\tМероприятие\tСроки\r\n1.\tАнкетирование\tОктябрь\r\n"
        self.assertEqual(
            rows_from_text(text),
            [["№", "Мероприятие", "Сроки"], ["1.", "Анкетирование", "Октябрь"]],
        )

    def test_it_marks_a_blank_line_inside_the_table(self) -> None:
        text = "№\tМероприятие\n1.\tА\n\n2.\tБ\n\n\nПодпись\tдиректора\n"
        self.assertEqual(
            rows_from_text(text),
            [["№", "Мероприятие"], ["1.", "А"], PAGE_BREAK, ["2.", "Б"]],
        )

    def test_it_reads_excel_s_quoted_cells_with_line_breaks(self) -> None:
        text = 'Этап\tМероприятие\tСроки\nПервый\t"Приказ;\nположение"\tсентябрь\n'
        rows = rows_from_text(text)
        self.assertEqual(rows[1], ["Первый", "Приказ; положение", "сентябрь"])

    def test_a_quote_inside_a_word_cell_is_text(self) -> None:
        text = 'Этап\tМероприятие\n1.\t<ul style="none"> - Приказ «О наставничестве»\n'
        self.assertEqual(rows_from_text(text)[1], ["1.", "- Приказ «О наставничестве»"])

    def test_it_removes_word_s_bookmarks(self) -> None:
        text = "№\tСроки\n1.\t[bookmark: _GoBack]Декабрь  2020г.\n"
        self.assertEqual(rows_from_text(text)[1], ["1.", "Декабрь 2020г."])

    def test_text_without_a_table_is_refused(self) -> None:
        for text in ("", "Просто текст\nбез таблицы", "№\tМероприятие\n"):
            with (
                self.subTest(text),
                self.assertRaisesMessage(RoadmapImportError, "Таблица не найдена"),
            ):
                rows_from_text(text)


class StagesFromRowsTestCase(SimpleTestCase):
    def test_a_line_break_inside_a_cell_is_joined(self) -> None:
        rows = [["1.", "Анкетирование"], ["наставников", "Октябрь", "Куратор"]]
        stages, warnings = stages_from_rows(
            rows, ["number", "activity", "deadline", "responsible"]
        )
        self.assertEqual(
            _items(stages),
            [("1.", "Анкетирование наставников", "Октябрь", "Куратор", "")],
        )
        self.assertEqual(len(warnings), 1)

    def test_rows_after_a_page_break_with_a_readable_deadline_are_items(self) -> None:
        rows = [
            ["1", "Подготовка", "- приказ", "сентябрь", "Заведующий", ""],
            PAGE_BREAK,
            ["", "", "- соглашения", "октябрь", "Заведующий", ""],
        ]
        stages, warnings = stages_from_rows(rows, SEED_004_LAYOUT)
        self.assertEqual(len(stages[0].items), 2)
        self.assertEqual(warnings, [])

    def test_items_before_any_stage_go_to_a_stage_of_their_own(self) -> None:
        stages, _warnings = stages_from_rows(
            [["1.", "Анкетирование", "Октябрь"]], ["number", "activity", "deadline"]
        )
        self.assertEqual(stages[0].title, "Мероприятия")

    def test_an_unreadable_deadline_is_kept_with_a_warning(self) -> None:
        stages, warnings = stages_from_rows(
            [["1.", "Анкетирование", "после каникул"]],
            ["number", "activity", "deadline"],
        )
        self.assertEqual(stages[0].items[0].deadline, "после каникул")
        self.assertEqual(
            warnings,
            [
                "Строка 2: срок «после каникул» не удалось прочитать; он сохранён "
                "как написан."
            ],
        )

    def test_text_outside_the_layout_goes_to_the_activity(self) -> None:
        rows = [["1.", "Анкетирование", "примечание", "Октябрь", "лишнее"]]
        stages, warnings = stages_from_rows(
            rows, ["number", "activity", "", "deadline"]
        )
        item = stages[0].items[0]
        self.assertEqual(item.activity, "Анкетирование примечание лишнее")
        self.assertEqual(item.deadline, "Октябрь")
        self.assertEqual(len(warnings), 2)

    def test_a_merged_stage_cell_continues_its_stage(self) -> None:
        rows = [
            ["1", "Подготовка", "- приказ", "сентябрь"],
            ["1", "Подготовка", "- положение", "сентябрь"],
            ["2", "База", "- анкеты", "октябрь"],
        ]
        stages, _warnings = stages_from_rows(
            rows, ["number", "stage", "activity", "deadline"]
        )
        self.assertEqual(_stages(stages), [("1", "Подготовка", 2), ("2", "База", 1)])
        self.assertEqual(stages[0].items[1].number, "")

    def test_a_table_without_items_says_so(self) -> None:
        _stages_, warnings = stages_from_rows([], ["activity"])
        self.assertEqual(warnings, ["В таблице нет мероприятий."])

    def test_a_layout_without_an_activity_column_is_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            stages_from_rows([["1."]], ["number", "deadline"])
        with self.assertRaises(ValueError):
            stages_from_rows([["1."]], ["number", "activity", "owner"])


class RowsFromDocxTestCase(SimpleTestCase):
    def test_a_docx_of_seed_004_gives_the_items_of_its_template(self) -> None:
        rows = [row for row in rows_from_text(seed_text.repaired("004")) if row]
        file = _docx(rows, merge_column=1)
        read = rows_from_docx(file)
        self.assertEqual(read[0], rows[0])
        stages, warnings = stages_from_rows(read[1:], propose_columns(read[0]))
        template = TEMPLATES["seed_004"].as_seed().stages
        self.assertEqual(_stages(stages), _stages(template))
        self.assertEqual(_items(stages), _items(template))
        self.assertEqual(warnings, [])

    def test_a_heading_merged_across_the_table_counts_once(self) -> None:
        rows = [row for row in rows_from_text(seed_text.raw("003")) if row]
        document = docx.Document()
        table = document.add_table(rows=len(rows), cols=4)
        for r, row in enumerate(rows):
            for c, text in enumerate(row[:4]):
                table.cell(r, c).text = text
            if row[0] and not row[2] and not row[3] and "." not in row[0][:-1]:
                table.cell(r, 1).merge(table.cell(r, 3))
        out = io.BytesIO()
        document.save(out)
        out.seek(0)
        read = rows_from_docx(out)
        self.assertEqual(read[2][0], "1.")
        self.assertEqual(read[2][2:], ["", ""])
        stages, _warnings = stages_from_rows(read[1:], propose_columns(read[0]))
        self.assertEqual(len(stages), 5)
        self.assertEqual(stages[4].items[0].number, "5.1")

    def test_paragraphs_of_a_cell_become_lines(self) -> None:
        document = docx.Document()
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Мероприятие"
        table.cell(0, 1).text = "Сроки"
        table.cell(1, 0).text = "Приказ"
        table.cell(1, 0).add_paragraph("Положение")
        table.cell(1, 1).text = "сентябрь"
        out = io.BytesIO()
        document.save(out)
        out.seek(0)
        self.assertEqual(rows_from_docx(out)[1], ["Приказ\nПоложение", "сентябрь"])

    def test_a_document_without_a_table_is_refused(self) -> None:
        document = docx.Document()
        document.add_paragraph("Дорожная карта")
        out = io.BytesIO()
        document.save(out)
        out.seek(0)
        with self.assertRaisesMessage(RoadmapImportError, "В документе нет таблицы."):
            rows_from_docx(out)

    def test_a_file_that_is_not_a_docx_is_refused(self) -> None:
        files = {
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old": "старый файл Word (.doc)",
            b"PK\x03\x04not really a zip": "Это не документ Word",
            "№\tМероприятие\n".encode(): "Это не документ Word",
        }
        for data, message in files.items():
            with (
                self.subTest(message),
                self.assertRaisesMessage(RoadmapImportError, message),
            ):
                rows_from_docx(io.BytesIO(data))
