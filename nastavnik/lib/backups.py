"""Backups of the whole database, and their restore into an empty one.

SQLite is copied with its online backup API: a consistent snapshot, taken while
the app keeps serving. PostgreSQL goes through ``pg_dump -Fc`` (one
repeatable-read snapshot) and ``pg_restore`` in a single transaction. A backup
is written beside its target under a temporary name and renamed into place, so
a failed run never leaves half a file; a restore either loads everything or
changes nothing.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

from nastavnik.lib import fragments

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# `migrate` fills these by itself: a freshly migrated database is still empty.
FILLED_BY_MIGRATE = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    fragments.GENERATION_TABLE,
}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that did not happen, with a message for the operator."""


def backup(path: Path) -> None:
    """Write a consistent copy of the configured database to ``path``."""
    vendor = _vendor()
    path = path.resolve()
    if not path.parent.is_dir():
        raise BackupError(
            _("The directory %(path)s does not exist.") % {"path": path.parent}
        )
    fd, part = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        if vendor == "sqlite":
            _sqlite_backup(Path(part))
        else:
            _pg_run("pg_dump", ["-Fc", "--no-owner", "--no-privileges", "-f", part])
        os.replace(part, path)
    finally:
        if os.path.exists(part):
            os.unlink(part)


def restore(path: Path) -> None:
    """Load the backup at ``path`` into the configured database, which must be
    empty (tables that ``migrate`` fills itself aside)."""
    vendor = _vendor()
    kind = file_kind(path)
    if kind is None:
        raise BackupError(
            _(
                "%(path)s is not a backup of Nastavnik: it is neither an SQLite "
                "database nor a pg_dump archive."
            )
            % {"path": path}
        )
    if kind != vendor:
        raise BackupError(
            _(
                "%(path)s is a backup of a %(kind)s database, but the configured "
                "database is %(engine)s: it cannot be restored there."
            )
            % {
                "path": path,
                "kind": ENGINE_NAMES[kind],
                "engine": ENGINE_NAMES[vendor],
            }
        )
    if vendor == "postgresql":
        _pg_check(path)
    source = _sqlite_open(path) if vendor == "sqlite" else None
    try:
        _refuse_filled_database()
        if source is not None:
            _sqlite_restore(source, path)
        else:
            _pg_restore(path)
    finally:
        if source is not None:
            source.close()


def _refuse_filled_database() -> None:
    table = first_filled_table()
    if table is not None:
        raise BackupError(
            _(
                "The configured database is not empty (the table %(table)s has "
                "rows): a restore would mix two databases. Restore into a new, "
                "empty database."
            )
            % {"table": table}
        )


def file_kind(path: Path) -> str | None:
    """ "sqlite" or "postgresql" by the file's first bytes, None for anything else."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise BackupError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": e.strerror}
        ) from None
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    return None


def first_filled_table() -> str | None:
    """The name of a table of the configured database that holds rows, or None."""
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in FILLED_BY_MIGRATE:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return table
    return None


def _vendor() -> str:
    if connection.vendor not in ENGINE_NAMES:
        raise BackupError(
            _("Backups work on SQLite and PostgreSQL, not on %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def _sqlite_backup(part: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(part)
    try:
        # One step (pages=-1): the copy is one snapshot, and in WAL mode the
        # app's writers go on meanwhile.
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_open(path: Path) -> sqlite3.Connection:
    """The copy at ``path``, opened read-only once it proved whole and ours."""
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        checked = source.execute("PRAGMA quick_check").fetchone()[0]
        ours = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' "
            "AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.Error as e:
        raise BackupError(_broken(path, e)) from None
    if checked != "ok":
        source.close()
        raise BackupError(_broken(path, checked))
    if ours is None:
        source.close()
        raise BackupError(
            _(
                "%(path)s is an SQLite database, but not one of Nastavnik: "
                "it has no django_migrations table."
            )
            % {"path": path}
        )
    return source


def _sqlite_restore(source: sqlite3.Connection, path: Path) -> None:
    connection.ensure_connection()
    # The backup API writes the target in one transaction: all or nothing.
    try:
        source.backup(connection.connection)
    except sqlite3.Error as e:
        raise BackupError(_broken(path, e)) from None
    # the copy's generation of remembered figures may be one that a server has
    # seen of another database: a new one (a copy made before there were
    # generations gets its table and triggers)
    fragments.watch_the_tables(connection.alias)


def _broken(path: Path, error: object) -> str:
    return _("%(path)s cannot be restored: %(error)s") % {"path": path, "error": error}


def _pg_restore(path: Path) -> None:
    # Our own connection holds no locks while pg_restore replaces the tables,
    # and opens anew afterwards instead of reusing plans of the old ones.
    connection.close()
    _pg_run(
        "pg_restore",
        [
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            # a migrated database already has the (empty) tables
            "--clean",
            "--if-exists",
            str(path),
        ],
    )
    connection.close()


def _pg_check(path: Path) -> None:
    """Refuse an archive whose table of contents pg_restore cannot read."""
    result = subprocess.run(
        [_pg_binary("pg_restore"), "--list", str(path)], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(_broken(path, result.stderr.strip()))


def _pg_binary(name: str) -> str:
    """Debian's newest /usr/lib/postgresql/N/bin first (/usr/bin holds only a
    wrapper that guesses the version), then PATH."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: (
            int(Path(p).parent.parent.name)
            if Path(p).parent.parent.name.isdigit()
            else 0
        ),
    )
    if found:
        return found[-1]
    which = shutil.which(name)
    if which is None:
        raise BackupError(
            _("%(name)s is not installed: install PostgreSQL's client programs.")
            % {"name": name}
        )
    return which


def _pg_run(name: str, args: list[str]) -> None:
    settings = connection.settings_dict
    env = {**os.environ}
    if settings["PASSWORD"]:
        env["PGPASSWORD"] = settings["PASSWORD"]
    command = [_pg_binary(name), "--dbname", settings["NAME"]]
    if settings["HOST"]:
        command += ["--host", settings["HOST"]]
    if settings["PORT"]:
        command += ["--port", str(settings["PORT"])]
    if settings["USER"]:
        command += ["--username", settings["USER"]]
    result = subprocess.run(
        [*command, "--no-password", *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(name)s failed: %(error)s")
            % {"name": name, "error": result.stderr.strip()}
        )
