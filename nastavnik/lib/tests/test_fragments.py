"""A fragment's key is the digest of all it shows: any change, a new key."""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from unittest import skipUnless

from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.template import Context, Template, TemplateSyntaxError
from django.test import SimpleTestCase, TransactionTestCase
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from nastavnik.accounts.models import AuditEvent
from nastavnik.lib import fragments
from nastavnik.orgs.models import Municipality, Organisation, Region
from nastavnik.test import BaseTestCase


@dataclass
class Bar:
    label: str
    value: int


def _school(short_name: str, municipality: str = "Уни") -> Organisation:
    school = Organisation(pk=1, code=CODE, short_name=short_name, inn="4330000013")
    school.municipality = Municipality(pk=1, code=CODE, name=municipality)
    return school


CODE = uuid.UUID("0aee5e58-3211-4a88-ae17-97f9325f87da")


def _figures(**changes) -> dict:
    figures = {
        "today": date(2026, 12, 7),
        "share": Decimal("8.2"),
        "bars": [Bar("сен", 12), Bar("окт", 11)],
        "label": gettext_lazy("Mentees"),
        "organisation": _school("Школа № 1"),
        "pairs": {"working": 4, "closed": None},
    }
    return {**figures, **changes}


class FragmentKeyTests(SimpleTestCase):
    def test_the_same_figures_give_the_same_key(self) -> None:
        self.assertEqual(fragments.key(_figures()), fragments.key(_figures()))

    def test_any_change_of_a_figure_gives_a_new_key(self) -> None:
        cases = [
            ("a day", {"today": date(2026, 12, 8)}),
            ("a share", {"share": Decimal("8.3")}),
            ("a bar's value", {"bars": [Bar("сен", 12), Bar("окт", 12)]}),
            ("a bar more", {"bars": [Bar("сен", 12), Bar("окт", 11), Bar("ноя", 0)]}),
            ("a label", {"label": gettext_lazy("Mentors")}),
            (
                "a renamed organisation",
                {"organisation": _school("Школа № 2")},
            ),
            (
                "a renamed municipality of the organisation",
                {"organisation": _school("Школа № 1", municipality="Кильмезь")},
            ),
            ("a count that appeared", {"pairs": {"working": 4, "closed": 0}}),
        ]
        same = fragments.key(_figures())
        for name, changes in cases:
            with self.subTest(name):
                self.assertNotEqual(fragments.key(_figures(**changes)), same)

    def test_the_language_and_the_time_zone_are_part_of_the_key(self) -> None:
        russian = fragments.key(_figures())
        with translation.override("en"):
            self.assertNotEqual(fragments.key(_figures()), russian)
        with timezone.override("Asia/Vladivostok"):
            self.assertNotEqual(fragments.key(_figures()), russian)

    def test_objects_that_hold_each_other_are_written_once(self) -> None:
        school = _school("Школа № 1")
        school.municipality.schools = [school]  # as a prefetch to_attr keeps them
        self.assertEqual(fragments.key(school), fragments.key(school))

    def test_a_value_it_cannot_read_whole_is_refused(self) -> None:
        with self.assertRaises(TypeError):
            fragments.key({"what": object()})


class FragmentKeyOfStoredRowsTests(BaseTestCase):
    def test_it_reads_the_loaded_fields_and_asks_the_database_nothing(self) -> None:
        school = Organisation.objects.only("code", "short_name").get(
            pk=self.school_a.pk
        )
        with self.assertNumQueries(0):
            before = fragments.key(school)
        Organisation.objects.filter(pk=school.pk).update(short_name="Новое имя")
        school.refresh_from_db(fields=["short_name"])
        self.assertNotEqual(fragments.key(school), before)


class CachedFiguresTagTests(SimpleTestCase):
    TEMPLATE = (
        '{% load fragments %}{% cached_figures "test-figures" key %}'
        "{{ figure }}{% endcached_figures %}"
    )

    def _render(self, **values) -> str:
        return Template(self.TEMPLATE).render(Context(values))

    def test_a_fragment_is_written_once_per_key(self) -> None:
        first, second = fragments.key(1), fragments.key(2)
        self.assertEqual(self._render(key=first, figure="1"), "1")
        # the same key: the fragment as written, whatever else is at hand
        self.assertEqual(self._render(key=first, figure="other"), "1")
        self.assertEqual(self._render(key=second, figure="2"), "2")

    def test_a_fragment_without_its_key_is_an_error_not_a_shared_page(self) -> None:
        for values in ({}, {"key": ""}, {"key": None}):
            with self.subTest(values=values), self.assertRaises(TemplateSyntaxError):
                self._render(figure="1", **values)


@skipUnless(connection.vendor == "sqlite", "the database's state is SQLite's")
class RememberedFiguresTests(TransactionTestCase):
    """Outside a transaction, as a page reads: TransactionTestCase."""

    # the database as the other TransactionTestCases here find and leave it
    serialized_rollback = True

    def setUp(self) -> None:
        self.computed = 0

    def _count_regions(self) -> int:
        self.computed += 1
        return Region.objects.count()

    def _figures(self) -> int:
        return fragments.remembered("test-regions", (), self._count_regions)

    def test_while_the_database_stays_the_same_the_figures_are_not_computed_again(
        self,
    ) -> None:
        self.assertEqual([self._figures(), self._figures()], [0, 0])
        self.assertEqual(self.computed, 1)

    def test_a_write_gives_new_figures(self) -> None:
        self.assertEqual(self._figures(), 0)
        Region.objects.create(name="Кировская область", time_zone="Europe/Kirov")
        self.assertEqual(self._figures(), 1)
        Region.objects.update(name="Вятская губерния")
        self.assertEqual(self._figures(), 1)
        self.assertEqual(self.computed, 3)

    def test_a_line_of_the_audit_log_or_a_session_keeps_the_figures(self) -> None:
        self._figures()
        AuditEvent.objects.create(action=AuditEvent.Action.VIEW, summary="card")
        SessionStore().create()
        self._figures()
        self.assertEqual(self.computed, 1)

    def test_the_language_is_part_of_what_is_remembered(self) -> None:
        self._figures()
        with translation.override("en"):
            self._figures()
        self.assertEqual(self.computed, 2)

    def test_inside_a_transaction_which_may_roll_back_nothing_is_kept(self) -> None:
        with transaction.atomic():
            self.assertIsNone(fragments.database_state())
            self._figures()
            self._figures()
        self.assertEqual(self.computed, 2)


class SQLiteGenerationTests(SimpleTestCase):
    """What database_state() stands on, checked on a database file as a
    server has it: every row written to a watched table, by any connection,
    moves the generation when it is committed; a write rolled back, or to a
    table no figures are made of, does not."""

    def test_each_commit_to_a_watched_table_moves_the_generation(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/db.sqlite3"
            server = sqlite3.connect(path, isolation_level=None)
            server.execute("PRAGMA journal_mode=WAL")
            server.execute("CREATE TABLE t (x)")
            server.execute("CREATE TABLE accounts_auditevent (x)")
            fragments.watch(server.cursor(), {"t", "accounts_auditevent"})
            worker = sqlite3.connect(path, isolation_level=None)

            def generation() -> int:
                query = f"SELECT n FROM {fragments.GENERATION_TABLE}"
                return server.execute(query).fetchone()[0]

            before = generation()
            worker.execute("BEGIN")
            worker.execute("INSERT INTO t VALUES (1)")
            self.assertEqual(generation(), before, "not committed yet")
            worker.execute("COMMIT")
            committed = generation()
            self.assertNotEqual(committed, before)
            worker.execute("BEGIN")
            worker.execute("UPDATE t SET x = 2")
            worker.execute("ROLLBACK")
            self.assertEqual(generation(), committed, "rolled back")
            server.execute("DELETE FROM t")
            deleted = generation()
            self.assertNotEqual(deleted, committed)
            worker.execute("INSERT INTO accounts_auditevent VALUES (1)")
            self.assertEqual(generation(), deleted, "the audit log is not watched")
            fragments.watch(server.cursor(), {"t", "accounts_auditevent"})
            self.assertNotEqual(generation(), deleted, "watched anew: a new one")
            server.close()
            worker.close()


@skipUnless(connection.vendor == "sqlite", "the generation is SQLite's")
class WatchedTablesTests(SimpleTestCase):
    databases = {"default"}

    def test_every_table_but_the_unwatched_has_its_three_triggers(self) -> None:
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
            )
            triggers = {(table, name) for table, name in cursor.fetchall()}
        self.assertLessEqual(set(fragments.UNWATCHED), tables, "a renamed table?")
        for table in tables - {fragments.GENERATION_TABLE, *fragments.UNWATCHED}:
            for write in ("insert", "update", "delete"):
                with self.subTest(table=table, write=write):
                    name = f"lib_generation_{table}_{write}"
                    self.assertIn((table, name), triggers)
        for table in fragments.UNWATCHED:
            self.assertNotIn(table, {table for table, _name in triggers})
