from __future__ import annotations

import io
from datetime import date, datetime

from django.test import SimpleTestCase
from openpyxl import Workbook

from nastavnik.lib import spreadsheets
from nastavnik.lib.tests.checks import assert_prints_on_a4


def _sheet(rows: list[list]):
    ws = Workbook().active
    for r, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            spreadsheets.put(ws, r, column, value, bold=r == 1)
    return ws


class PutTestCase(SimpleTestCase):
    def test_it_rounds_an_average_to_one_decimal(self) -> None:
        ws = Workbook().active
        cell = spreadsheets.put(ws, 1, 1, 7.8075, decimal=True)
        self.assertEqual(cell.value, 7.8)
        self.assertEqual(cell.number_format, "0.0")
        self.assertEqual(spreadsheets.put(ws, 1, 2, 2.25, decimal=True).value, 2.3)

    def test_it_keeps_formula_like_text_as_text(self) -> None:
        cell = spreadsheets.put(Workbook().active, 1, 1, "=1+1")
        self.assertEqual(cell.data_type, "s")
        self.assertTrue(cell.quotePrefix)

    def test_it_writes_dates_in_russian_order_and_wraps_text(self) -> None:
        ws = Workbook().active
        day = spreadsheets.put(ws, 1, 1, date(2026, 12, 5))
        self.assertEqual(day.number_format, "DD.MM.YYYY")
        text = spreadsheets.put(ws, 1, 2, "строка\x0bещё\x01")
        self.assertEqual(text.value, "строка\nещё")
        self.assertTrue(text.alignment.wrap_text)
        self.assertEqual(text.font.sz, 11)


class SetUpPageTestCase(SimpleTestCase):
    def test_a_narrow_table_prints_portrait(self) -> None:
        ws = _sheet([["Класс", "Всего"], ["7Б", 25]])
        spreadsheets.set_up_page(ws)
        assert_prints_on_a4(self, ws)
        self.assertEqual(ws.page_setup.orientation, "portrait")
        self.assertEqual(ws.freeze_panes, "A2")

    def test_a_wide_table_prints_landscape_and_fits_the_page(self) -> None:
        head = [f"Столбец номер {n}" for n in range(12)]
        ws = _sheet([head, ["очень длинный текст " * 5] * 12])
        spreadsheets.set_up_page(ws, frozen_columns=1)
        assert_prints_on_a4(self, ws)
        self.assertEqual(ws.page_setup.orientation, "landscape")
        self.assertEqual(ws.freeze_panes, "B2")

    def test_columns_take_their_width_from_the_content(self) -> None:
        ws = _sheet(
            [["№", "Мероприятие", "Срок"], [1, "Встреча " * 4, date(2026, 12, 5)]]
        )
        spreadsheets.set_up_page(ws)
        widths = [ws.column_dimensions[c].width for c in "ABC"]
        self.assertEqual(widths[0], spreadsheets.MIN_WIDTH)
        self.assertGreater(widths[1], widths[2])
        self.assertGreaterEqual(widths[2], len("05.12.2026"))

    def test_rows_of_wrapped_text_are_tall_enough(self) -> None:
        ws = _sheet([["Текст"], ["слово " * 200]])
        spreadsheets.set_up_page(ws)
        self.assertGreater(ws.row_dimensions[2].height, 5 * spreadsheets.LINE_HEIGHT)
        self.assertIsNone(ws.row_dimensions[1].height)

    def test_the_table_gets_borders_and_the_footer_numbers_pages(self) -> None:
        ws = _sheet([["Класс", "Всего"], ["7Б", 25]])
        spreadsheets.set_up_page(ws)
        self.assertEqual(ws["B2"].border.left.style, "thin")
        self.assertEqual(ws.oddFooter.center.text, "Страница &P из &N")


def _read(ws_cells: dict[str, object]) -> spreadsheets.Table:
    """Read a workbook whose first sheet holds ``ws_cells`` ({"C3": value})."""
    wb = Workbook()
    for coordinate, value in ws_cells.items():
        wb.active[coordinate] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    return spreadsheets.read_table(
        io.BytesIO(data),
        "list.xlsx",
        size=len(data),
        max_bytes=len(data),
        is_header=lambda headers: "ФИО" in headers,
        no_header="Нет заголовка",
    )


class ReadTableTestCase(SimpleTestCase):
    def test_a_table_lower_and_to_the_right_keeps_its_rows_and_columns(self) -> None:
        table = _read({"C3": "ФИО", "D3": "Стаж", "C5": "Иванов Иван", "D5": 12})
        self.assertEqual(table.header_row, 3)
        self.assertEqual(table.headers, ["", "", "ФИО", "Стаж"])
        [(number, values)] = list(table.rows)
        self.assertEqual(number, 5)
        self.assertEqual(values[2:], ["Иванов Иван", 12])

    def test_dates_come_as_dates_and_numbers_as_numbers(self) -> None:
        table = _read(
            {"A1": "ФИО", "A2": "Иванов Иван", "B2": datetime(2012, 3, 4), "C2": 7.5}
        )
        [(_number, values)] = list(table.rows)
        self.assertEqual(values[1], date(2012, 3, 4))
        self.assertEqual(values[2], 7.5)
        self.assertEqual(spreadsheets.display_value(values[1]), "04.03.2012")

    def test_a_formula_is_marked_not_given_as_its_value(self) -> None:
        table = _read({"A1": "ФИО", "A2": "Иванов Иван", "B2": "=1+1"})
        [(_number, values)] = list(table.rows)
        self.assertIs(values[1], spreadsheets.FORMULA)

    def test_a_table_without_the_header_is_refused_with_the_reason_given(self) -> None:
        with self.assertRaisesMessage(spreadsheets.UnreadableFile, "Нет заголовка"):
            _read({"A1": "Список", "A2": "Иванов Иван"})
