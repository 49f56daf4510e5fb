from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from nastavnik.accounts.models import AuditEvent
from nastavnik.people.models import ImportBatch, Person
from nastavnik.people.tests.test_importing import CLASS_LIST, make_csv, make_xlsx
from nastavnik.test import BaseTestCase

WITH_ERRORS = [
    *CLASS_LIST,
    ["Сидоров Пётр", "31.02.2012", "7Б"],
    ["Кузнецова Ольга", "01.01.2012", "13А"],
]


class ImportPeopleCommandTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dir = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def file(self, content: bytes, name: str = "7b.xlsx") -> str:
        path = self.dir / name
        path.write_bytes(content)
        return str(path)

    def run_command(self, path: str, *args: str, inn: str = "4330000013"):
        stdout = StringIO()
        call_command("import_people", path, "--organisation", inn, *args, stdout=stdout)
        return stdout.getvalue().splitlines()

    def test_it_imports_a_file(self) -> None:
        lines = self.run_command(
            self.file(make_xlsx(CLASS_LIST)), "--category", "pupil"
        )
        self.assertEqual(
            json.loads(lines[-1]),
            {
                "created": 2,
                "updated": 0,
                "duplicates": 0,
                "errors": 0,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        self.assertEqual(Person.objects.filter(organisation=self.school_a).count(), 2)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.Status.COMMITTED)
        self.assertIsNone(batch.created_by)
        self.assertEqual(batch.rows, [])
        event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
        self.assertEqual(event.object_code, batch.code)
        self.assertEqual(event.organisation, self.school_a)

    def test_it_counts_duplicates_and_updates_on_a_second_run(self) -> None:
        path = self.file(make_xlsx(CLASS_LIST))
        self.run_command(path, "--category", "pupil")
        changed = [CLASS_LIST[0], CLASS_LIST[1], ["Петрова Анна", "01.09.2011", "8А"]]
        self.run_command(path, "--category", "pupil")
        lines = self.run_command(
            self.file(make_xlsx(changed), "b.xlsx"), "--category", "pupil"
        )
        self.assertEqual(
            json.loads(lines[-1]),
            {
                "created": 0,
                "updated": 1,
                "duplicates": 1,
                "errors": 0,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        self.assertEqual(Person.objects.get(first_name="Анна").class_name, "8А")

    def test_it_prints_each_error_and_writes_nothing(self) -> None:
        stdout = StringIO()
        with self.assertRaises(CommandError) as cm:
            call_command(
                "import_people",
                self.file(make_xlsx(WITH_ERRORS)),
                "--organisation",
                "4330000013",
                "--category",
                "pupil",
                stdout=stdout,
            )
        self.assertEqual(cm.exception.returncode, 1)
        lines = stdout.getvalue().splitlines()
        self.assertEqual(
            lines[:2],
            [
                "Строка 4, «Дата рождения»: «31.02.2012» — такой даты нет",
                "Строка 5, «Класс»: «13А» — такого класса нет: номер от 1 до 11",
            ],
        )
        self.assertEqual(
            json.loads(lines[-1]),
            {
                "created": 0,
                "updated": 0,
                "duplicates": 0,
                "errors": 2,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        self.assertEqual(len(lines), 3)
        self.assertFalse(Person.objects.exists())
        self.assertFalse(ImportBatch.objects.exists())

    def test_it_imports_only_valid_rows_when_asked(self) -> None:
        path = self.file(make_xlsx(WITH_ERRORS))
        lines = self.run_command(path, "--category", "pupil", "--valid-only")
        self.assertEqual(
            json.loads(lines[-1]),
            {
                "created": 2,
                "updated": 0,
                "duplicates": 0,
                "errors": 2,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        self.assertEqual(len(lines), 3)
        self.assertEqual(Person.objects.count(), 2)

    def test_a_dry_run_writes_nothing(self) -> None:
        path = self.file(make_xlsx(CLASS_LIST))
        lines = self.run_command(path, "--category", "pupil", "--dry-run")
        self.assertEqual(
            json.loads(lines[-1]),
            {
                "created": 2,
                "updated": 0,
                "duplicates": 0,
                "errors": 0,
                "guardians_created": 0,
                "guardians_linked": 0,
            },
        )
        self.assertFalse(Person.objects.exists())
        self.assertFalse(ImportBatch.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_a_dry_run_with_errors_exits_1(self) -> None:
        path = self.file(make_xlsx(WITH_ERRORS))
        with self.assertRaises(CommandError) as cm:
            self.run_command(path, "--category", "pupil", "--dry-run")
        self.assertEqual(cm.exception.returncode, 1)
        lines = self.run_command(
            path, "--category", "pupil", "--dry-run", "--valid-only"
        )
        self.assertEqual(json.loads(lines[-1])["created"], 2)
        self.assertFalse(Person.objects.exists())

    def test_it_reads_csv_files(self) -> None:
        path = self.file(make_csv(CLASS_LIST, encoding="cp1251"), "7b.csv")
        lines = self.run_command(path, "--category", "pupil")
        self.assertEqual(json.loads(lines[-1])["created"], 2)

    def test_it_takes_the_category_from_the_file(self) -> None:
        rows = [
            ["ФИО", "Категория", "Должность"],
            ["Иванова Мария", "педагог", "учитель"],
        ]
        lines = self.run_command(self.file(make_xlsx(rows)))
        self.assertEqual(json.loads(lines[-1])["created"], 1)
        self.assertEqual(Person.objects.get().category, Person.Category.TEACHER)

    def test_it_refuses_an_unknown_inn(self) -> None:
        with self.assertRaises(CommandError) as cm:
            self.run_command(self.file(make_xlsx(CLASS_LIST)), inn="7707083893")
        self.assertEqual(cm.exception.returncode, 2)
        self.assertIn("Нет организации с ИНН 7707083893", str(cm.exception))

    def test_it_refuses_a_file_it_cannot_read(self) -> None:
        cases = [
            (self.file(b"%PDF-1.4\x00", "a.pdf"), "не электронная таблица"),
            (str(self.dir / "missing.xlsx"), "missing.xlsx"),
            (self.file(make_xlsx([["Ученик"], ["Иванов Иван"]])), "«ФИО»"),
        ]
        for path, text in cases:
            with self.subTest(path=path):
                with self.assertRaises(CommandError) as cm:
                    self.run_command(path)
                self.assertEqual(cm.exception.returncode, 2)
                self.assertIn(text, str(cm.exception))
        self.assertFalse(Person.objects.exists())

    def test_a_class_list_needs_no_category(self) -> None:
        lines = self.run_command(self.file(make_xlsx(CLASS_LIST)))
        self.assertEqual(json.loads(lines[-1])["created"], 2)
        self.assertEqual(
            set(Person.objects.values_list("category", flat=True)), {"pupil"}
        )

    def test_it_says_how_to_give_a_category_the_file_does_not_tell(self) -> None:
        rows = [["ФИО", "Должность"], ["Иванова Мария Петровна", "учитель"]]
        with self.assertRaises(CommandError) as cm:
            self.run_command(self.file(make_xlsx(rows)))
        self.assertEqual(cm.exception.returncode, 2)
        self.assertIn("Укажите --category", str(cm.exception))
        self.assertIn("столбец «Категория»", str(cm.exception))
        self.assertFalse(Person.objects.exists())

    def test_it_refuses_an_unknown_category(self) -> None:
        with self.assertRaises(CommandError):
            self.run_command(self.file(make_xlsx(CLASS_LIST)), "--category", "wizard")
