"""Queries the ORM builds and compiles once per process, then only runs.

On a monitoring page Django spends milliseconds building and compiling each
query of filtered counts and subqueries, while the database answers it in a
fraction of one. A figure's query is still written with the ORM, as a
function of its values (ids, dates, texts, UUIDs); ``rows`` builds it once with stand-in
values, compiles it, and notes which parameter of the SQL each stand-in
became. Every call then runs that SQL with its own values in their place and
converts the rows as the ORM would. Nothing of one call's data is kept: only
the SQL and where the values go.

What shapes the SQL beyond its values (a time zone PostgreSQL writes into
it, which field a query groups by) goes in ``shape``: the function's first
arguments, which key the compiled query with the function and the values'
names. A set of rows is a subquery, never a list of ids, so that its length
does not change the SQL.

What the ORM cannot write (grouping the rows a window function kept,
GROUPING SETS) is SQL ``Around`` the ORM's query: the function returns the
query of the rows and the SQL that reads them, in one place.

``objects`` gives model instances instead of tuples, with their
``select_related`` objects, as iterating the query would: for a query that
runs on every request (the user's memberships).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler


@dataclass
class _Compiled:
    alias: str
    sql: str
    params: list
    # (index of the parameter, name of the value, how to adapt it)
    slots: list[tuple[int, str, Callable]]
    compiler: SQLCompiler
    converters: dict


_compiled: dict[tuple, _Compiled] = {}


@dataclass(frozen=True)
class Around:
    """``sql`` around ``query``: its text with ``{rows}`` where the query's
    SQL goes, once (its parameters are the query's). The SQL's first
    ``kept`` columns are the query's first, which convert as the ORM would;
    the others come as the database gives them."""

    query: QuerySet
    sql: str
    kept: int = 0


def _stand_in(n: int, value: object) -> object:
    """A value of the same type that no real query uses."""
    if isinstance(value, datetime):
        return datetime(1001, 1, 1, 7, tzinfo=UTC) + timedelta(days=n, minutes=n)
    if isinstance(value, date):
        return date(1001, 1, 1) + timedelta(days=n)
    if isinstance(value, int) and not isinstance(value, bool):
        # within a small integer's range: PostgreSQL finds no row for a
        # value its column cannot hold, and Django then writes no SQL
        return 32_000 + n
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=(0x5EED << 96) + n)
    if isinstance(value, str):
        # a text no query is written with (a token's digest, a login)
        return f"\x1fprepared stand-in {n}\x1f"
    raise TypeError(f"no stand-in for {value!r}")


def _typed(adapt: Callable, kind: type) -> Callable:
    """``adapt``, then the parameter's own type where Django gave it one of
    its own: psycopg's Int2, Int4… are ints that say the column's size."""
    return lambda value: (
        adapted if type(adapted := adapt(value)) is kind else kind(adapted)
    )


def _compile(
    build: Callable[..., QuerySet | Around], shape: tuple, values: dict
) -> _Compiled:
    stand_ins = {name: _stand_in(n, v) for n, (name, v) in enumerate(values.items())}
    built = build(*shape, **stand_ins)
    queryset = built.query if isinstance(built, Around) else built
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    if isinstance(built, Around):
        sql = built.sql.format(rows=sql)
    ops = compiler.connection.ops
    adapters = [
        lambda v: v,
        ops.adapt_datefield_value,
        ops.adapt_datetimefield_value,
        lambda v: v.hex,  # a UUID where the database has no UUID type
    ]
    slots = []
    for index, param in enumerate(params):
        for name, stand_in in stand_ins.items():
            for adapt in adapters:
                try:
                    adapted = adapt(stand_in)
                except (TypeError, ValueError, AttributeError):
                    continue
                if isinstance(param, type(adapted)) and adapted == param:
                    slots.append((index, name, _typed(adapt, type(param))))
                    break
            else:
                continue
            break
    missing = set(values) - {name for _index, name, _adapt in slots}
    if missing:
        raise ValueError(f"{sorted(missing)} did not become parameters of {sql}")
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    if isinstance(built, Around):
        fields = fields[: built.kept]
    return _Compiled(
        queryset.db,
        sql,
        list(params),
        slots,
        compiler,
        compiler.get_converters(fields),
    )


def _run(build: Callable[..., QuerySet | Around], shape: tuple, values: dict):
    key = (build, shape, tuple(values))
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(build, shape, values)
    params = list(compiled.params)
    for index, name, adapt in compiled.slots:
        params[index] = adapt(values[name])
    with connections[compiled.alias].cursor() as cursor:
        cursor.execute(compiled.sql, params)
        fetched = cursor.fetchall()
    if compiled.converters:
        fetched = compiled.compiler.apply_converters(fetched, compiled.converters)
    return compiled, fetched


def rows(
    build: Callable[..., QuerySet | Around], shape: tuple = (), **values
) -> list[tuple]:
    """The rows of ``build(*shape, **values)`` as tuples, in the order of its
    select (the ``values_list`` fields, then the annotations). ``build`` is a
    function of the module, not a lambda: it keys the compiled query."""
    _compiled_query, fetched = _run(build, shape, values)
    return [tuple(row) for row in fetched]


def objects(build: Callable[..., QuerySet], shape: tuple = (), **values) -> list[Model]:
    """The model instances of ``build(*shape, **values)``, a query of a model
    (no ``values``, no annotations), each with its ``select_related``
    objects, made as Django's ModelIterable makes them."""
    compiled, fetched = _run(build, shape, values)
    compiler = compiled.compiler
    if compiler.annotation_col_map:
        raise ValueError("prepared.objects takes a query without annotations")
    klass_info, select = compiler.klass_info, compiler.select
    start = klass_info["select_fields"][0]
    end = klass_info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    model = klass_info["model"]
    related = get_related_populators(klass_info, select, compiled.alias)
    made = []
    for row in fetched:
        instance = model.from_db(compiled.alias, names, row[start:end])
        for populator in related:
            populator.populate(row, instance)
        made.append(instance)
    return made
