from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

from nastavnik.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]


class DatabaseUrlTestCase(SimpleTestCase):
    def test_it_reads_a_relative_sqlite_path(self) -> None:
        db = database_from_url("sqlite:///var/nastavnik.sqlite3")
        self.assertEqual(db["ENGINE"], "django.db.backends.sqlite3")
        self.assertEqual(db["NAME"], str(ROOT / "var" / "nastavnik.sqlite3"))
        self.assertIn("journal_mode=WAL", db["OPTIONS"]["init_command"])

    def test_it_keeps_sqlite_connections_but_not_postgres_ones(self) -> None:
        sqlite = database_from_url("sqlite:///var/nastavnik.sqlite3")
        postgres = database_from_url("postgres://db.local/nastavnik")
        self.assertEqual(sqlite["CONN_MAX_AGE"], 600)
        self.assertEqual(postgres["CONN_MAX_AGE"], 0)

    def test_it_reads_an_absolute_sqlite_path(self) -> None:
        db = database_from_url("sqlite:////tmp/x.sqlite3")
        self.assertEqual(db["NAME"], "/tmp/x.sqlite3")

    def test_it_reads_a_postgres_url(self) -> None:
        db = database_from_url("postgres://user:p%40ss@db.local:5433/nastavnik")
        self.assertEqual(db["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(
            (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]),
            ("user", "p@ss", "db.local", "5433", "nastavnik"),
        )

    def test_it_refuses_an_unknown_scheme(self) -> None:
        with self.assertRaises(ValueError):
            database_from_url("mysql://localhost/x")


class SettingsTestCase(SimpleTestCase):
    def test_it_speaks_russian_and_stores_utc(self) -> None:
        self.assertEqual(settings.LANGUAGE_CODE, "ru")
        self.assertEqual(settings.TIME_ZONE, "UTC")
        self.assertTrue(settings.USE_TZ)

    def test_the_production_profile_passes_the_deploy_check(self) -> None:
        env = {
            **os.environ,
            "PROFILE": "production",
            "DEBUG": "False",
            "SECRET_KEY": "k" * 20
            + "-production-secret-that-is-long-enough-1234567890",
            "ALLOWED_HOSTS": "nastavnik.example.ru",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "INFO"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_make_run_serves_with_no_access_log(self) -> None:
        # personal links carry their token in the path: an access log would
        # keep them, and tie anonymous answers to addresses
        makefile = (ROOT / "Makefile").read_text()
        serve = next(line for line in makefile.splitlines() if "bin/gunicorn" in line)
        self.assertNotIn("--access-logfile", serve)
        self.assertNotIn("--log-config", serve)
        self.assertNotIn("-c ", serve)
        self.assertFalse((ROOT / "gunicorn.conf.py").exists())


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class PostgresSessionTestCase(SimpleTestCase):
    databases = {"default"}

    def test_postgres_runs_the_aggregates_without_jit(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            self.assertEqual(cursor.fetchone()[0], "off")
