from __future__ import annotations

import io
import tempfile
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from openpyxl import Workbook

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import importing
from nastavnik.people.models import ImportBatch, Person
from nastavnik.test import BaseTestCase

CLASS_LIST = [
    ["ФИО", "Дата рождения", "Класс"],
    ["Иванов Иван Иванович", "12.03.2012", "7Б"],
    ["Петрова Анна", "01.09.2011", "7 б"],
]


def make_xlsx(rows: list[list[Any]], *, title: str = "") -> bytes:
    """An XLSX workbook with the rows on its first sheet, as bytes."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def make_csv(rows: list[list[str]], *, encoding="utf-8-sig", delimiter=";") -> bytes:
    lines = [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(content: bytes, name: str = "7b.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def read(content: bytes, name: str = "7b.xlsx") -> importing.Table:
    return importing.read_table(io.BytesIO(content), name, len(content))


class MediaMixin:
    """Uploaded files go to a temporary MEDIA_ROOT that is removed afterwards."""

    def setUp(self) -> None:
        super().setUp()
        self.media = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(override_settings(MEDIA_ROOT=self.media))


class HeaderRecognitionTestCase(SimpleTestCase):
    def test_it_recognises_common_russian_headers(self) -> None:
        cases = [
            ("ФИО", "full_name"),
            ("  фио  ", "full_name"),
            ("ФИО обучающегося", "full_name"),
            ("Фамилия, имя, отчество", "full_name"),
            ("Фамилия", "last_name"),
            ("ФАМИЛИЯ", "last_name"),
            ("Имя", "first_name"),
            ("Отчество", "patronymic"),
            ("Дата рождения", "birth_date"),
            ("дата  рождения (дд.мм.гггг)", "birth_date"),
            ("Д.р.", "birth_date"),
            ("Класс", "class_name"),
            ("Стаж", "experience_years"),
            ("Педстаж", "experience_years"),
            ("Пед. стаж", "experience_years"),
            ("Педагогический стаж, лет", "experience_years"),
            ("Должность", "position"),
            ("Категория", "category"),
            ("Место работы", "employer_name"),
            ("Организация", "employer_name"),
            ("ИНН", "employer_inn"),
            ("E-mail", "email"),
            ("e-mail", "email"),
            ("Электронная почта", "email"),
            ("Почта", "email"),
            ("Телефон", "phone"),
            ("Тел.", "phone"),
            ("СНИЛС", "snils"),
            ("Учёт", None),
            ("№ п/п", None),
            ("", None),
            (None, None),
        ]
        for header, field in cases:
            with self.subTest(header=header):
                self.assertEqual(importing.field_for_header(header), field)

    def test_it_proposes_a_mapping(self) -> None:
        headers = ["№", "Фамилия", "Имя", "Отчество", "СНИЛС", "Класс", "Пол"]
        self.assertEqual(
            importing.propose_mapping(headers),
            {1: "last_name", 2: "first_name", 3: "patronymic", 5: "class_name"},
        )

    def test_it_leaves_snils_out_unless_mapped(self) -> None:
        mapping = importing.propose_mapping(["ФИО", "СНИЛС"])
        self.assertEqual(mapping, {0: "full_name"})

    def test_it_prefers_separate_name_columns_to_a_full_name(self) -> None:
        mapping = importing.propose_mapping(["ФИО", "Фамилия", "Имя"])
        self.assertEqual(mapping, {1: "last_name", 2: "first_name"})

    def test_the_first_column_wins_when_two_name_the_same_field(self) -> None:
        mapping = importing.propose_mapping(["ФИО", "Телефон", "Тел."])
        self.assertEqual(mapping, {0: "full_name", 1: "phone"})

    def test_it_explains_a_mapping_it_cannot_use(self) -> None:
        cases = [
            ({0: "birth_date"}, "нет столбца с именами"),
            ({0: "last_name"}, "нет столбца с именами"),
            ({0: "full_name", 1: "last_name"}, "либо фио"),
            ({0: "full_name", 1: "phone", 2: "phone"}, "«телефон» выбрано"),
        ]
        for mapping, text in cases:
            with self.subTest(mapping=mapping):
                errors = " ".join(importing.mapping_errors(mapping))
                self.assertIn(text, errors.lower())
        self.assertEqual(importing.mapping_errors({0: "full_name"}), [])


class ReadTableTestCase(SimpleTestCase):
    def assertRefuses(self, content: bytes, name: str, text: str) -> None:
        with self.assertRaises(importing.ImportFileError) as cm:
            table = read(content, name)
            list(table.rows)
        self.assertIn(text, str(cm.exception))

    def test_it_reads_the_header_and_the_rows(self) -> None:
        table = read(make_xlsx(CLASS_LIST))
        self.assertEqual(table.headers, ["ФИО", "Дата рождения", "Класс"])
        rows = list(table.rows)
        self.assertEqual(list(rows[0][1]), ["Иванов Иван Иванович", "12.03.2012", "7Б"])
        self.assertEqual(rows[0][0], 2)
        self.assertEqual(rows[1][0], 3)

    def test_it_refuses_a_file_that_is_not_a_spreadsheet(self) -> None:
        pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00"
        self.assertRefuses(pdf, "list.pdf", "не электронная таблица")
        self.assertRefuses(pdf, "list.xlsx", "не электронная таблица")
        self.assertRefuses(b"\x00\x01binary", "list.csv", "не электронная таблица")

    def test_it_refuses_a_zip_that_is_not_a_workbook(self) -> None:
        buffer = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("word/document.xml", "<w/>")
        self.assertRefuses(buffer.getvalue(), "list.docx", "не электронная таблица")

    def test_it_explains_an_old_excel_file(self) -> None:
        content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
        self.assertRefuses(content, "list.xls", ".xlsx")

    def test_it_refuses_an_empty_file(self) -> None:
        self.assertRefuses(b"", "list.xlsx", "пуст")
        self.assertRefuses(make_xlsx([]), "list.xlsx", "пуст")
        self.assertRefuses(b"\r\n\r\n", "list.csv", "пуст")

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_it_refuses_a_file_larger_than_the_limit(self) -> None:
        self.assertRefuses(make_xlsx(CLASS_LIST), "list.xlsx", "больше")
        csv = make_csv([["ФИО"], *[["Иванов Иван"]] * 100])
        self.assertRefuses(csv, "list.csv", "больше")

    def test_it_refuses_a_table_without_a_name_column(self) -> None:
        content = make_xlsx([["Ученик", "Класс"], ["Иванов Иван", "7Б"]])
        self.assertRefuses(content, "list.xlsx", "«ФИО»")

    def test_it_finds_the_header_below_a_title(self) -> None:
        table = read(make_xlsx(CLASS_LIST, title="Список 7Б класса"))
        self.assertEqual(table.header_row, 2)
        self.assertEqual([n for n, _values in table.rows], [3, 4])

    def test_it_skips_empty_rows_and_keeps_the_row_numbers(self) -> None:
        rows = [CLASS_LIST[0], [None, None, None], ["", " ", None], CLASS_LIST[1]]
        table = read(make_xlsx(rows))
        self.assertEqual([n for n, _values in table.rows], [4])

    def test_it_marks_formula_cells(self) -> None:
        table = read(make_xlsx([["ФИО", "Класс"], ["Иванов Иван", "=A1"]]))
        self.assertIs(list(table.rows)[0][1][1], importing.FORMULA)

    def test_it_reads_csv_in_utf8_with_a_bom(self) -> None:
        table = read(make_csv(CLASS_LIST), "list.csv")
        self.assertEqual(table.headers[0], "ФИО")
        self.assertEqual(list(table.rows)[0][1][0], "Иванов Иван Иванович")

    def test_it_reads_csv_in_cp1251(self) -> None:
        table = read(make_csv(CLASS_LIST, encoding="cp1251"), "list.csv")
        self.assertEqual(table.headers, ["ФИО", "Дата рождения", "Класс"])
        self.assertEqual(list(table.rows)[1][1][0], "Петрова Анна")

    def test_it_reads_csv_with_commas_or_semicolons(self) -> None:
        for delimiter in (";", ",", "\t"):
            with self.subTest(delimiter=delimiter):
                table = read(make_csv(CLASS_LIST, delimiter=delimiter), "list.csv")
                self.assertEqual(len(table.headers), 3)
                self.assertEqual(list(table.rows)[0][1][2], "7Б")

    def test_it_reads_a_quoted_csv_value_with_the_delimiter_inside(self) -> None:
        content = 'ФИО;Должность\r\nИванова Мария;"учитель; классный руководитель"\r\n'
        table = read(content.encode(), "list.csv")
        self.assertEqual(list(table.rows)[0][1][1], "учитель; классный руководитель")

    def test_it_previews_the_first_rows_as_text(self) -> None:
        rows = [["ФИО", "Дата рождения"]]
        rows += [[f"Иванов Иван {i}", datetime(2012, 3, i)] for i in range(1, 9)]
        preview = importing.read_preview(read(make_xlsx(rows)))
        self.assertEqual(len(preview), importing.PREVIEW_ROWS)
        self.assertEqual(preview[0], ["2", "Иванов Иван 1", "01.03.2012"])


class CheckRowsTestCase(BaseTestCase):
    def check(
        self, rows: list[list[Any]], category: str = "pupil", mapping=None
    ) -> importing.Check:
        table = read(make_xlsx(rows))
        if mapping is None:
            mapping = importing.propose_mapping(table.headers)
        return importing.check_rows(table, mapping, self.school_a, category)

    def assertOnlyError(self, rows: list[list[Any]], message: str, **kwargs) -> None:
        result = self.check(rows, **kwargs)
        self.assertEqual(result.errors, [message])

    def test_it_checks_a_class_list(self) -> None:
        result = self.check(CLASS_LIST)
        self.assertEqual(
            result.counts, {"new": 2, "update": 0, "duplicate": 0, "error": 0}
        )
        self.assertEqual(
            result.valid[0],
            {
                "last_name": "Иванов",
                "first_name": "Иван",
                "patronymic": "Иванович",
                "birth_date": date(2012, 3, 12),
                "class_name": "7Б",
            },
        )
        self.assertEqual(result.outcomes[1], [3, "new", "Петрова Анна", []])

    def test_a_two_word_full_name_has_no_patronymic(self) -> None:
        result = self.check(CLASS_LIST)
        self.assertNotIn("patronymic", result.valid[1])
        self.assertEqual(result.valid[1]["first_name"], "Анна")

    def test_a_patronymic_may_have_two_words(self) -> None:
        rows = [CLASS_LIST[0], ["Алиев  Эльдар Рашид оглы", "12.03.2012", "7Б"]]
        self.assertEqual(self.check(rows).valid[0]["patronymic"], "Рашид оглы")

    def test_it_refuses_a_one_word_full_name(self) -> None:
        self.assertOnlyError(
            [CLASS_LIST[0], ["Иванов", "12.03.2012", "7Б"]],
            "Строка 2, «ФИО»: «Иванов» — напишите фамилию и имя",
        )

    def test_it_reads_separate_name_columns(self) -> None:
        rows = [
            ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"],
            ["Д'Артаньян", "Шарль", "", "12.03.2012", "7Б"],
        ]
        values = self.check(rows).valid[0]
        self.assertEqual(values["last_name"], "Д'Артаньян")
        self.assertNotIn("patronymic", values)

    def test_it_keeps_apostrophes_and_yo_in_names(self) -> None:
        rows = [CLASS_LIST[0], ["О'Коннор-Семёнова Алёна", "12.03.2012", "7Б"]]
        values = self.check(rows).valid[0]
        self.assertEqual(values["last_name"], "О'Коннор-Семёнова")
        self.assertEqual(values["first_name"], "Алёна")

    def test_it_capitalises_nothing(self) -> None:
        rows = [CLASS_LIST[0], ["иванов иван", "12.03.2012", "7Б"]]
        self.assertEqual(self.check(rows).valid[0]["last_name"], "иванов")

    def test_it_refuses_a_formula_cell(self) -> None:
        self.assertOnlyError(
            [CLASS_LIST[0], ["Иванов Иван", "12.03.2012", '=CONCAT("7","Б")']],
            "Строка 2, «Класс»: «=…» — формула: вставьте значения",
        )

    def test_it_refuses_a_wrong_date(self) -> None:
        self.assertOnlyError(
            [CLASS_LIST[0], ["Иванов Иван", "31.02.2012", "7Б"]],
            "Строка 2, «Дата рождения»: «31.02.2012» — такой даты нет",
        )

    def test_it_refuses_an_ambiguous_two_digit_year(self) -> None:
        result = self.check([CLASS_LIST[0], ["Иванов Иван", "12.03.12", "7Б"]])
        self.assertIn("«12.03.12» — напишите год полностью", result.errors[0])

    def test_it_refuses_dates_it_cannot_read(self) -> None:
        for value in ("вчера", "2012", 41000, "12.03.2999", "01.01.1850"):
            with self.subTest(value=value):
                result = self.check([CLASS_LIST[0], ["Иванов Иван", value, "7Б"]])
                self.assertEqual(result.counts["error"], 1)
                self.assertIn("Строка 2, «Дата рождения»", result.errors[0])

    def test_it_reads_real_date_cells_and_iso_dates(self) -> None:
        for value in (datetime(2012, 3, 12), date(2012, 3, 12), "2012-03-12"):
            with self.subTest(value=value):
                result = self.check([CLASS_LIST[0], ["Иванов Иван", value, "7Б"]])
                self.assertEqual(result.valid[0]["birth_date"], date(2012, 3, 12))

    def test_it_normalises_classes(self) -> None:
        cases = [
            ("7Б", "7Б"),
            ("7 Б", "7Б"),
            ("7-б", "7Б"),
            ("7 «Б»", "7Б"),
            ("11а", "11А"),
            ("7B", "7В"),  # a Latin B
            ("5 класс", "5"),
            (7, "7"),
        ]
        for value, expected in cases:
            with self.subTest(value=value):
                result = self.check(
                    [CLASS_LIST[0], ["Иванов Иван", "12.03.2012", value]]
                )
                self.assertEqual(result.valid[0]["class_name"], expected)

    def test_it_refuses_an_unknown_class(self) -> None:
        cases = [("13А", "номер от 1 до 11"), ("0Б", "номер от 1 до 11")]
        cases += [("7Ъ", "нет такой буквы"), ("седьмой", "например 7Б")]
        for value, text in cases:
            with self.subTest(value=value):
                result = self.check(
                    [CLASS_LIST[0], ["Иванов Иван", "12.03.2012", value]]
                )
                self.assertEqual(len(result.errors), 1)
                self.assertIn(f"Строка 2, «Класс»: «{value}» — ", result.errors[0])
                self.assertIn(text, result.errors[0])

    def test_it_refuses_text_in_a_number_column(self) -> None:
        header = ["ФИО", "Стаж"]
        for value in ("пять", "5,5", 5.5, 71, -1, "5 лет"):
            with self.subTest(value=value):
                result = self.check([header, ["Иванова Мария", value]], "teacher")
                self.assertEqual(result.counts["error"], 1)
                self.assertIn(f"Строка 2, «Стаж»: «{value}» — ", result.errors[0])

    def test_it_reads_whole_years(self) -> None:
        for value in (12, 12.0, "12", " 0 "):
            with self.subTest(value=value):
                result = self.check(
                    [["ФИО", "Стаж"], ["Иванова Мария", value]], "teacher"
                )
                self.assertEqual(
                    result.valid[0]["experience_years"], int(str(value).strip()[:2])
                )

    def test_it_checks_the_employer_inn(self) -> None:
        header = ["ФИО", "Место работы", "ИНН"]
        ok = self.check(
            [header, ["Петров Пётр", "ООО «Ромашка»", "4330000013"]], "employee"
        )
        self.assertEqual(ok.valid[0]["employer_inn"], "4330000013")
        self.assertEqual(ok.valid[0]["employer_name"], "ООО «Ромашка»")
        bad = self.check([header, ["Петров Пётр", "ООО", "1234567890"]], "employee")
        self.assertIn("«ИНН»: «1234567890» — ИНН", bad.errors[0])

    def test_it_restores_the_leading_zero_excel_drops_from_an_inn(self) -> None:
        from nastavnik.lib.validators import inn_with_check_digit

        inn = inn_with_check_digit("010500000")
        rows = [["ФИО", "ИНН"], ["Петров Пётр", int(inn)]]
        self.assertEqual(self.check(rows, "employee").valid[0]["employer_inn"], inn)

    def test_it_checks_e_mails(self) -> None:
        rows = [["ФИО", "E-mail"], ["Петров Пётр", "petrov@example"]]
        result = self.check(rows, "parent")
        self.assertIn("это не адрес электронной почты", result.errors[0])

    def test_it_reads_categories_by_their_russian_labels(self) -> None:
        cases = [
            ("обучающийся", "pupil"),
            ("Педагог", "teacher"),
            ("учитель", "teacher"),
            ("педагог-ветеран", "veteran"),
            ("Сотрудник  предприятия", "employee"),
            ("родитель", "parent"),
        ]
        for value, code in cases:
            with self.subTest(value=value):
                rows = [
                    ["ФИО", "Категория", "Дата рождения", "Класс"],
                    ["Петров Пётр", value, "12.03.2012", "7Б"],
                ]
                self.assertEqual(self.check(rows, "").valid[0]["category"], code)

    def test_it_refuses_an_unknown_category(self) -> None:
        rows = [["ФИО", "Категория"], ["Петров Пётр", "директор"]]
        result = self.check(rows, "")
        self.assertIn("«Категория»: «директор» — такой категории нет", result.errors[0])

    def test_it_requires_a_category_in_each_row_of_a_category_column(self) -> None:
        self.assertOnlyError(
            [["ФИО", "Категория"], ["Петров Пётр", ""]],
            "Строка 2: не указана категория: заполните столбец «Категория» или "
            "выберите категорию для всего файла",
            category="",
        )

    def test_a_file_that_does_not_say_who_is_in_it_needs_a_category(self) -> None:
        with self.assertRaisesMessage(
            importing.CategoryMissing, "ни столбца «Категория», ни столбца «Класс»"
        ):
            self.check([["ФИО"], ["Петров Пётр"]], category="")

    def test_it_requires_the_last_and_first_name(self) -> None:
        rows = [["Фамилия", "Имя"], ["Петров", ""], ["", "Пётр"]]
        result = self.check(rows, "teacher")
        self.assertEqual(
            result.errors,
            [
                "Строка 2, «Имя»: пусто — имя обязательно",
                "Строка 3, «Фамилия»: пусто — фамилия обязательна",
            ],
        )

    def test_pupils_need_a_birth_date_and_a_class(self) -> None:
        rows = [CLASS_LIST[0], ["Иванов Иван", None, None]]
        self.assertEqual(
            self.check(rows).errors,
            [
                "Строка 2, «Дата рождения»: пусто — для обучающегося нужна дата "
                "рождения",
                "Строка 2, «Класс»: пусто — для обучающегося нужен класс",
            ],
        )
        result = self.check([["ФИО"], ["Иванов Иван"]])
        self.assertIn("Строка 2: для обучающегося нужна дата рождения", result.errors)

    def test_a_teacher_needs_no_birth_date(self) -> None:
        result = self.check(
            [["ФИО", "Должность"], ["Иванова Мария", "учитель"]], "teacher"
        )
        self.assertEqual(result.counts["new"], 1)

    def test_it_refuses_a_person_twice_in_the_file(self) -> None:
        rows = [*CLASS_LIST, ["ИВАНОВ  Иван Иванович", "12.03.2012", "7В"]]
        self.assertOnlyError(rows, "Строка 4: повторяет строку 2")

    def test_it_refuses_too_long_values(self) -> None:
        rows = [["ФИО", "Телефон"], ["Иванова Мария", "1" * 51]]
        result = self.check(rows, "teacher")
        self.assertIn("не длиннее 50 знаков", result.errors[0])

    def test_it_ignores_snils_unless_mapped(self) -> None:
        rows = [["ФИО", "СНИЛС"], ["Иванова Мария", "112-233-445 95"]]
        self.assertNotIn("snils", self.check(rows, "teacher").valid[0])
        mapped = self.check(rows, "teacher", mapping={0: "full_name", 1: "snils"})
        self.assertEqual(mapped.valid[0]["snils"], "112-233-445 95")

    def test_it_ignores_unrecognised_columns(self) -> None:
        rows = [["№", "ФИО", "Пол"], [1, "Иванова Мария", "ж"]]
        result = self.check(rows, "teacher")
        self.assertEqual(
            result.valid, [{"last_name": "Иванова", "first_name": "Мария"}]
        )

    def test_it_tells_new_update_and_duplicate_apart(self) -> None:
        Person.objects.create(
            organisation=self.school_a,
            last_name="Иванов",
            first_name="Иван",
            patronymic="Иванович",
            birth_date=date(2012, 3, 12),
            category="pupil",
            class_name="7Б",
        )
        Person.objects.create(
            organisation=self.school_a,
            last_name="Петрова",
            first_name="Анна",
            birth_date=date(2011, 9, 1),
            category="pupil",
            class_name="6Б",
        )
        rows = [*CLASS_LIST, ["Сидоров Пётр", "02.02.2012", "7Б"]]
        outcomes = [o[1] for o in self.check(rows).outcomes]
        self.assertEqual(outcomes, ["duplicate", "update", "new"])

    def test_it_matches_the_base_ignoring_case_and_yo(self) -> None:
        Person.objects.create(
            organisation=self.school_a,
            last_name="Семёнов",
            first_name="Пётр",
            birth_date=date(2012, 3, 12),
            category="pupil",
            class_name="7Б",
        )
        rows = [CLASS_LIST[0], ["семенов петр", "12.03.2012", "7Б"]]
        self.assertEqual(self.check(rows).outcomes[0][1], "duplicate")

    def test_it_does_not_match_people_of_another_organisation(self) -> None:
        Person.objects.create(
            organisation=self.school_c,
            last_name="Иванов",
            first_name="Иван",
            patronymic="Иванович",
            birth_date=date(2012, 3, 12),
            category="pupil",
            class_name="7Б",
        )
        self.assertEqual(self.check(CLASS_LIST).counts["new"], 2)

    def test_it_checks_a_csv_file(self) -> None:
        table = read(make_csv(CLASS_LIST, encoding="cp1251"), "list.csv")
        mapping = importing.propose_mapping(table.headers)
        result = importing.check_rows(table, mapping, self.school_a, "pupil")
        self.assertEqual(result.counts["new"], 2)
        self.assertEqual(result.valid[1]["class_name"], "7Б")

    @override_settings(IMPORT_MAX_ROWS=3)
    def test_it_refuses_too_many_rows(self) -> None:
        rows = [
            CLASS_LIST[0],
            *[[f"Иванов Иван{i}", "12.03.2012", "7Б"] for i in "абвг"],
        ]
        with self.assertRaisesMessage(importing.ImportFileError, "больше 3 строк"):
            self.check(rows)

    def test_it_refuses_a_header_without_rows(self) -> None:
        with self.assertRaisesMessage(importing.ImportFileError, "нет строк"):
            self.check([CLASS_LIST[0]])


class ImportBatchTestCase(MediaMixin, BaseTestCase):
    def start(self, rows: list[list[Any]], category: str = "pupil") -> ImportBatch:
        batch = importing.import_upload(
            organisation=self.school_a,
            user=self.alice,
            file=upload(make_xlsx(rows)),
            category=category,
        )
        return importing.import_check(
            batch=batch, mapping=importing.batch_mapping(batch)
        )

    def test_it_keeps_the_upload_with_a_proposed_mapping(self) -> None:
        batch = importing.import_upload(
            organisation=self.school_a,
            user=self.alice,
            file=upload(make_xlsx(CLASS_LIST), "Иванов и другие.xlsx"),
            category="pupil",
        )
        self.assertEqual(batch.status, ImportBatch.Status.UPLOADED)
        self.assertEqual(
            batch.mapping, {"0": "full_name", "1": "birth_date", "2": "class_name"}
        )
        self.assertEqual(batch.report["headers"], CLASS_LIST[0])
        self.assertEqual(len(batch.report["preview"]), 2)
        self.assertEqual(batch.original_name, "Иванов и другие.xlsx")
        self.assertNotIn("Иванов", batch.file.name)

    def test_it_stores_the_checked_rows_and_outcomes(self) -> None:
        batch = self.start([*CLASS_LIST, ["Сидоров", "12.03.2012", "7Б"]])
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.CHECKED)
        fields = ["last_name", "first_name", "patronymic", "birth_date", "class_name"]
        self.assertEqual(batch.report["fields"], fields)
        self.assertEqual(
            batch.rows,
            [
                [2, "new", "Иванов", "Иван", "Иванович", "2012-03-12", "7Б"],
                [3, "new", "Петрова", "Анна", None, "2011-09-01", "7Б"],
            ],
        )
        self.assertEqual(batch.report["counts"]["error"], 1)
        self.assertEqual(
            importing.batch_outcomes(batch),
            [
                [
                    4,
                    "error",
                    "",
                    ["Строка 4, «ФИО»: «Сидоров» — напишите фамилию и имя"],
                ],
                [2, "new", "Иванов Иван Иванович", []],
                [3, "new", "Петрова Анна", []],
            ],
        )
        self.assertEqual(Person.objects.count(), 0)

    def test_a_second_dry_run_that_fails_keeps_the_rows_of_the_first(self) -> None:
        batch = self.start(CLASS_LIST)
        rows = batch.rows
        with (
            override_settings(IMPORT_MAX_ROWS=1),
            self.assertRaisesMessage(importing.ImportFileError, "больше 1 строк"),
        ):
            importing.import_check(batch=batch, mapping=importing.batch_mapping(batch))
        batch = ImportBatch.objects.get(pk=batch.pk)
        self.assertEqual((batch.status, batch.rows), (ImportBatch.Status.CHECKED, rows))
        self.assertEqual(importing.import_commit(batch=batch, user=None)["created"], 2)

    def test_it_imports_a_class_list(self) -> None:
        batch = self.start(CLASS_LIST)
        counts = importing.import_commit(batch=batch, user=self.alice)
        self.assertEqual(
            counts,
            {
                "created": 2,
                "updated": 0,
                "duplicates": 0,
                "errors": 0,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        ivanov = Person.objects.get(last_name="Иванов")
        self.assertEqual(ivanov.organisation, self.school_a)
        self.assertEqual(ivanov.category, Person.Category.PUPIL)
        self.assertEqual(ivanov.birth_date, date(2012, 3, 12))
        self.assertEqual(ivanov.class_name, "7Б")
        self.assertEqual(Person.objects.get(last_name="Петрова").patronymic, "")

    def test_it_writes_people_as_the_model_would(self) -> None:
        rows = [
            ["ФИО", "Категория", "Должность", "Стаж", "ИНН", "Телефон"],
            ["Кузнецова Ольга Петровна", "педагог", "учитель", 12, "4330000013", "+7"],
        ]
        importing.import_commit(batch=self.start(rows, ""), user=self.alice)
        imported = Person.objects.get()
        saved = Person.objects.create(
            organisation=self.school_a,
            last_name="Кузнецова",
            first_name="Ольга",
            patronymic="Петровна",
            category="teacher",
            position="учитель",
            experience_years=12,
            employer_inn="4330000013",
            phone="+7",
        )
        skip = {"id", "code", "created", "updated"}
        for f in Person._meta.concrete_fields:
            if f.attname not in skip:
                with self.subTest(field=f.name):
                    self.assertEqual(
                        getattr(imported, f.attname), getattr(saved, f.attname)
                    )
        self.assertNotEqual(imported.code, saved.code)
        self.assertIsNotNone(imported.created)

    def test_imported_people_can_be_searched(self) -> None:
        Person.objects.create(
            organisation=self.school_a,
            last_name="Петрова",
            first_name="Анна",
            birth_date=date(2011, 9, 1),
            category="pupil",
            class_name="6Б",
        )
        importing.import_commit(batch=self.start(CLASS_LIST), user=self.alice)
        for person in Person.objects.all():
            self.assertEqual(person.search_text, person.make_search_text())
        self.assertEqual(Person.objects.search("петрова 7б").count(), 1)

    def test_it_writes_nothing_when_a_row_has_an_error(self) -> None:
        batch = self.start([*CLASS_LIST, ["Сидоров Пётр", "31.02.2012", "7Б"]])
        with self.assertRaises(ValueError):
            importing.import_commit(batch=batch, user=self.alice)
        self.assertEqual(Person.objects.count(), 0)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.CHECKED)

    def test_it_writes_only_the_valid_rows_when_asked(self) -> None:
        batch = self.start([*CLASS_LIST, ["Сидоров Пётр", "31.02.2012", "7Б"]])
        counts = importing.import_commit(batch=batch, user=self.alice, valid_only=True)
        self.assertEqual(
            counts,
            {
                "created": 2,
                "updated": 0,
                "duplicates": 0,
                "errors": 1,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        self.assertFalse(Person.objects.filter(last_name="Сидоров").exists())
        batch.refresh_from_db()
        self.assertTrue(batch.valid_only)
        self.assertEqual(batch.report["skipped_rows"], [4])

    def test_it_updates_changed_people_and_leaves_the_rest(self) -> None:
        anna = Person.objects.create(
            organisation=self.school_a,
            last_name="Петрова",
            first_name="Анна",
            birth_date=date(2011, 9, 1),
            category="pupil",
            class_name="6Б",
            email="anna@example.org",
        )
        ivan = Person.objects.create(
            organisation=self.school_a,
            last_name="Иванов",
            first_name="Иван",
            patronymic="Иванович",
            birth_date=date(2012, 3, 12),
            category="pupil",
            class_name="7Б",
        )
        batch = self.start(CLASS_LIST)
        counts = importing.import_commit(batch=batch, user=self.alice)
        self.assertEqual(
            counts,
            {
                "created": 0,
                "updated": 1,
                "duplicates": 1,
                "errors": 0,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        anna.refresh_from_db()
        self.assertEqual(anna.class_name, "7Б")
        self.assertEqual(anna.email, "anna@example.org")  # an empty cell erases nothing
        self.assertGreater(anna.updated, ivan.updated)

    def test_it_adds_new_people_to_a_base_that_has_some(self) -> None:
        Person.objects.create(
            organisation=self.school_a,
            last_name="Иванов",
            first_name="Иван",
            patronymic="Иванович",
            birth_date=date(2012, 3, 12),
            category="pupil",
            class_name="7Б",
        )
        counts = importing.import_commit(batch=self.start(CLASS_LIST), user=self.alice)
        self.assertEqual(counts["created"], 1)
        anna = Person.objects.get(first_name="Анна")
        self.assertEqual(anna.birth_date, date(2011, 9, 1))
        self.assertEqual(anna.category, "pupil")
        self.assertEqual(anna.search_text, anna.make_search_text())

    def test_it_does_not_create_a_person_imported_while_it_waited(self) -> None:
        batch = self.start(CLASS_LIST)
        other = self.start(CLASS_LIST)
        importing.import_commit(batch=other, user=self.bob)
        counts = importing.import_commit(batch=batch, user=self.alice)
        self.assertEqual(counts["duplicates"], 2)
        self.assertEqual(Person.objects.count(), 2)

    def test_it_forgets_the_rows_and_the_file_after_the_commit(self) -> None:
        batch = self.start(CLASS_LIST)
        storage, name = batch.file.storage, batch.file.name
        self.assertTrue(storage.exists(name))
        with self.captureOnCommitCallbacks(execute=True):
            importing.import_commit(batch=batch, user=self.alice)
        batch.refresh_from_db()
        self.assertFalse(storage.exists(name))
        self.assertEqual(batch.file.name, "")
        self.assertEqual(batch.rows, [])
        self.assertEqual(set(batch.report), {"counts", "skipped_rows", "notes"})
        self.assertEqual(batch.status, ImportBatch.Status.COMMITTED)
        self.assertIsNotNone(batch.committed_at)

    def test_it_writes_one_audit_line_without_names(self) -> None:
        batch = self.start(CLASS_LIST)
        importing.import_commit(batch=batch, user=self.alice)
        event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
        self.assertEqual(event.user, self.alice)
        self.assertEqual(event.organisation, self.school_a)
        self.assertEqual(event.object_type, "import")
        self.assertEqual(event.object_code, batch.code)
        self.assertEqual(
            event.summary,
            "created 2, updated 0, duplicates 0, guardians_created 0, "
            "guardians_linked 0, errors 0",
        )

    def test_it_cannot_commit_twice(self) -> None:
        batch = self.start(CLASS_LIST)
        importing.import_commit(batch=batch, user=self.alice)
        stale = ImportBatch.objects.get(pk=batch.pk)
        stale.status = ImportBatch.Status.CHECKED  # a second tab, a double click
        with self.assertRaises(importing.AlreadyDone):
            importing.import_commit(batch=stale, user=self.alice)
        self.assertEqual(Person.objects.count(), 2)

    def test_it_cancels_an_import(self) -> None:
        batch = self.start(CLASS_LIST)
        storage, name = batch.file.storage, batch.file.name
        with self.captureOnCommitCallbacks(execute=True):
            importing.import_cancel(batch=batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.CANCELLED)
        self.assertFalse(storage.exists(name))
        self.assertEqual((batch.rows, batch.report), ([], {}))
        with self.assertRaises(importing.AlreadyDone):
            importing.import_cancel(batch=batch)

    def test_it_refuses_a_bad_file_at_upload_and_keeps_nothing(self) -> None:
        for content in (b"", b"%PDF-1.4", make_xlsx([["Ученик"], ["Иванов Иван"]])):
            with (
                self.subTest(content=content[:8]),
                self.assertRaises(importing.ImportFileError),
            ):
                importing.import_upload(
                    organisation=self.school_a,
                    user=self.alice,
                    file=upload(content),
                    category="pupil",
                )
        self.assertFalse(ImportBatch.objects.exists())
