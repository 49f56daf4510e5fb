from __future__ import annotations

import sqlite3
import tempfile
import unittest
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase

from nastavnik.orgs.models import Region


class BackupTestCase(TransactionTestCase):
    # pg_dump sees committed rows only; the rows of the data migrations come
    # back after each test
    serialized_rollback = True

    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.dir = Path(directory.name)
        self.file = self.dir / "nastavnik.backup"
        Region.objects.create(name="Кировская область")

    def test_it_says_where_the_copy_is(self) -> None:
        out = StringIO()
        call_command("backup", self.file, stdout=out)
        self.assertIn(str(self.file), out.getvalue())

    @unittest.skipUnless(connection.vendor == "sqlite", "an SQLite database")
    def test_it_copies_an_sqlite_database_into_an_sqlite_file(self) -> None:
        call_command("backup", self.file, stdout=StringIO())
        copy = sqlite3.connect(self.file)
        self.addCleanup(copy.close)
        rows = copy.execute("SELECT name FROM orgs_region").fetchall()
        self.assertEqual(rows, [("Кировская область",)])

    @unittest.skipUnless(connection.vendor == "postgresql", "a PostgreSQL database")
    def test_it_dumps_a_postgresql_database_into_a_pg_dump_archive(self) -> None:
        call_command("backup", self.file, stdout=StringIO())
        self.assertEqual(self.file.read_bytes()[:5], b"PGDMP")

    def test_it_replaces_an_older_copy_and_leaves_no_temporary_file(self) -> None:
        self.file.write_text("yesterday's copy")
        call_command("backup", self.file, stdout=StringIO())
        self.assertNotEqual(self.file.read_bytes()[:16], b"yesterday's copy")
        self.assertEqual(list(self.dir.iterdir()), [self.file])

    def test_it_refuses_a_directory_that_does_not_exist(self) -> None:
        with self.assertRaisesMessage(CommandError, "не существует"):
            call_command("backup", self.dir / "missing" / "x.backup")
