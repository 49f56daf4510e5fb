"""The key of a page fragment cached by the very data it shows.

A dashboard's figures cost a few SQL queries; writing them into HTML costs
Django's templates more than the queries: hundreds of values, each looked
up, localised and escaped. ``key`` is a digest of everything a fragment is
made from (the view's values, the language and the time zone), and the
template keeps the fragment under it (``{% cached_figures %}``,
lib/templatetags/fragments.py). So the fragment is
cached by its content, not for a while: when a figure changes, its key
changes and the fragment is written anew; a fragment is never shown stale.

Only what ``key`` can read whole goes into it: a value of a type it does
not know is refused rather than left out of the digest.

``remembered`` spares the figures' queries too, on SQLite (a school's own
server): it keeps what a function computed from the database for as long as
the data it may read has not changed. The database says so itself: a
trigger on every table adds one to the only row of ``lib_generation`` on
each row written, by any connection (the other server process, the task
worker, a command), in the same transaction as the write. The tables that
no figures are made of are left out (``UNWATCHED``: the audit log, the
sessions, the login attempts): a curator reading a person's card writes a
line of the audit log, and that line must not make every other server
process forget the figures it keeps. Inside a transaction, which may yet roll
back, and on PostgreSQL nothing is kept.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import itertools
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeVar

from django.db import DatabaseError, connection
from django.db.backends.signals import connection_created
from django.db.models import Model, QuerySet
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.functional import Promise

# exactly these types (a TextChoices value is a str of another type)
_PLAIN = frozenset(
    (str, int, bool, float, Decimal, date, datetime, time, uuid.UUID, type(None))
)


T = TypeVar("T")
# what remembered() keeps in this process, the least recently used first out
KEPT = 256
_kept: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()
_serials = itertools.count(1)


# Written by no figures: a write to them changes no generation.
UNWATCHED = (
    "accounts_auditevent",
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
)
GENERATION_TABLE = "lib_generation"


@receiver(connection_created)
def _number_the_connection(sender, connection, **kwargs) -> None:
    """Remembered figures are kept per connection (it is opened again after
    an error, or by another thread): each opening gets a number."""
    connection.fragments_serial = next(_serials)


def database_state() -> tuple | None:
    """What changes whenever the data that figures are made of does, as this
    connection sees it; None where it cannot be known this way."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT n FROM {GENERATION_TABLE}")
            (generation,) = cursor.fetchone()
    except DatabaseError:  # not migrated yet: nothing is watched
        return None
    return (connection.fragments_serial, generation)


def watch_the_tables(using: str = "default") -> None:
    """On SQLite, after ``migrate`` (its new tables are watched too) and after
    a restore: see ``watch``. Nothing on PostgreSQL."""
    from django.db import connections

    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        watch(cursor, set(db.introspection.table_names(cursor)))


def watch(cursor, tables: set[str]) -> None:
    """The generation's row, a trigger per table of ``tables`` (the unwatched
    aside) and kind of write, and a new generation: a table remade by a
    migration or a restored copy has changed without a trigger. Idempotent."""
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {GENERATION_TABLE} (n INTEGER NOT NULL)"
    )
    cursor.execute(f"SELECT count(*) FROM {GENERATION_TABLE}")
    if cursor.fetchone()[0] != 1:
        cursor.execute(f"DELETE FROM {GENERATION_TABLE}")
        cursor.execute(f"INSERT INTO {GENERATION_TABLE} (n) VALUES (0)")
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    triggers = {name for (name,) in cursor.fetchall()}
    for table in sorted(tables - {GENERATION_TABLE, *UNWATCHED}):
        for write in ("INSERT", "UPDATE", "DELETE"):
            trigger = f"lib_generation_{table}_{write.lower()}"
            if trigger not in triggers:
                cursor.execute(
                    f'CREATE TRIGGER "{trigger}" AFTER {write} ON "{table}" '
                    f"BEGIN UPDATE {GENERATION_TABLE} SET n = n + 1; END"
                )
    # a generation never seen before: the number of a restored copy's row may
    # be one that this server has seen of another database
    cursor.execute(
        f"UPDATE {GENERATION_TABLE} SET n = abs(random() % 1000000000000000)"
    )


def remembered(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same ``name`` and ``parts`` in
    the same language and time zone while the database stayed the same.
    ``parts`` are all it depends on besides the database (an organisation's
    id, the day)."""
    state = database_state()
    if state is None:
        return compute()
    kept_as = (
        name,
        parts,
        state,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    with _lock:
        if kept_as in _kept:
            _kept.move_to_end(kept_as)
            return _kept[kept_as]
    value = compute()
    if database_state() == state:  # else it read a newer database: not kept
        with _lock:
            _kept[kept_as] = value
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return value


def figures(name: str, shown: dict, compute: Callable[[], dict]) -> dict:
    """``shown`` (what a page's figures are of: an organisation, a day, a
    right of the user), ``compute()``'s figures and ``fragment_key``, their
    digest for ``{% cached_figures %}``; the figures and the digest are
    remembered while the database stays the same."""

    def with_key() -> dict:
        found = compute()
        return {**found, "fragment_key": key(shown, found)}

    parts = tuple(
        (v._meta.label, v.pk) if isinstance(v, Model) else v for v in shown.values()
    )
    return {**shown, **remembered(name, (tuple(shown), parts), with_key)}


def key(*values: object) -> str:
    """A digest of ``values`` in the active language and time zone."""
    written = _Writer().written(list(values))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(
        repr(
            (
                translation.get_language(),
                timezone.get_current_timezone_name(),
                written,
            )
        ).encode()
    )
    return digest.hexdigest()


class _Writer:
    """Writes values as plain Python values whose repr says all of them: a
    model instance with the fields it has loaded and the related objects it
    holds (a fragment may show its municipality's name), each instance once."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def written(self, value: object) -> object:
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is list or kind is tuple:
            return [self.written(item) for item in value]
        if dataclasses.is_dataclass(kind):
            names = _names(kind)
            return (kind.__qualname__, [self.written(getattr(value, n)) for n in names])
        if isinstance(value, enum.Enum):
            return (kind.__qualname__, value.value)
        if isinstance(value, Promise):  # a lazy translation: its text now
            return str(value)
        if isinstance(value, Model):
            return self._instance(value)
        if isinstance(value, dict):
            return [(self.written(k), self.written(v)) for k, v in value.items()]
        if isinstance(value, QuerySet) and value._result_cache is not None:
            return [self.written(item) for item in value._result_cache]
        raise TypeError(f"a fragment's key cannot read {kind.__name__}")

    def _instance(self, instance: Model) -> object:
        label = instance._meta.label
        if id(instance) in self.seen:
            return (label, instance.pk)
        self.seen.add(id(instance))
        # the fields it has loaded (reading a deferred one would ask the
        # database), what it caches (a prefetched list, a computed figure),
        # then its related objects
        loaded = [
            (name, self.written(v))
            for name, v in instance.__dict__.items()
            if name not in ("_state", "_prefetched_objects_cache")
        ]
        prefetched = getattr(instance, "_prefetched_objects_cache", {})
        related = [*instance._state.fields_cache.items(), *prefetched.items()]
        return (label, loaded, [(n, self.written(v)) for n, v in related])


@functools.cache
def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))
