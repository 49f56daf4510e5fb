from __future__ import annotations

import sqlite3
import tempfile
import unittest
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase

from nastavnik.lib import fragments
from nastavnik.orgs.models import Region


def _snapshot() -> dict[str, list[str]]:
    """Every row of every table of the database, in a comparable order; not
    the generation of remembered figures, which a restore renews
    (lib/fragments.py)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == fragments.GENERATION_TABLE:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in cursor.fetchall()
            ]
            tables[table] = sorted(rows)
    return tables


def _empty_database() -> None:
    # no post_migrate: an empty database is one migrate has not filled either
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)


class RestoreTestCase(TransactionTestCase):
    # the demo needs the rows of the data migrations (topics, forms) back
    # after each test here emptied the database
    serialized_rollback = True

    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.dir = Path(directory.name)
        self.file = self.dir / "nastavnik.backup"

    def test_a_round_trip_brings_back_every_row_of_every_table(self) -> None:
        call_command("demo", stdout=StringIO())
        before = _snapshot()
        call_command("backup", self.file, stdout=StringIO())
        _empty_database()
        self.assertNotEqual(_snapshot(), before)

        call_command("restore", self.file, stdout=StringIO())

        self.assertEqual(_snapshot(), before)
        filled = [table for table, rows in before.items() if rows]
        self.assertGreater(len(filled), 40)

    def test_the_restored_database_works_through_the_orm(self) -> None:
        Region.objects.create(name="Кировская область")
        call_command("backup", self.file, stdout=StringIO())
        _empty_database()
        call_command("restore", self.file, stdout=StringIO())
        Region.objects.create(name="Вологодская область")
        self.assertEqual(Region.objects.count(), 2)

    def test_it_refuses_a_database_that_is_not_empty(self) -> None:
        Region.objects.create(name="Кировская область")
        call_command("backup", self.file, stdout=StringIO())
        Region.objects.create(name="Вологодская область")
        with self.assertRaisesMessage(CommandError, "orgs_region"):
            call_command("restore", self.file)
        self.assertEqual(Region.objects.count(), 2)

    def test_it_refuses_a_file_that_is_no_backup(self) -> None:
        self.file.write_text("Фамилия;Имя\nИванов;Иван\n")
        with self.assertRaisesMessage(CommandError, "не резервная копия"):
            call_command("restore", self.file)

    def test_it_refuses_a_file_that_does_not_exist(self) -> None:
        with self.assertRaisesMessage(CommandError, "Не удалось прочитать"):
            call_command("restore", self.dir / "missing.backup")

    @unittest.skipUnless(connection.vendor == "sqlite", "an SQLite database")
    def test_it_refuses_a_pg_dump_archive_on_sqlite(self) -> None:
        self.file.write_bytes(b"PGDMP\x01\x0e\x00")
        with self.assertRaisesMessage(CommandError, "PostgreSQL"):
            call_command("restore", self.file)

    @unittest.skipUnless(connection.vendor == "postgresql", "a PostgreSQL database")
    def test_it_refuses_an_sqlite_copy_on_postgresql(self) -> None:
        sqlite3.connect(self.file).execute("CREATE TABLE t (x)").connection.close()
        with self.assertRaisesMessage(CommandError, "SQLite"):
            call_command("restore", self.file)

    @unittest.skipUnless(connection.vendor == "sqlite", "an SQLite database")
    def test_it_refuses_an_sqlite_database_of_another_program(self) -> None:
        sqlite3.connect(self.file).execute("CREATE TABLE t (x)").connection.close()
        with self.assertRaisesMessage(CommandError, "django_migrations"):
            call_command("restore", self.file)

    def test_it_refuses_a_truncated_copy_and_writes_nothing(self) -> None:
        call_command("demo", stdout=StringIO())
        call_command("backup", self.file, stdout=StringIO())
        data = self.file.read_bytes()
        self.file.write_bytes(data[: len(data) // 2])
        _empty_database()
        empty = _snapshot()

        with self.assertRaises(CommandError):
            call_command("restore", self.file)

        self.assertEqual(_snapshot(), empty)
