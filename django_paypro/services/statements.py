"""The notification hot path's SQL, compiled from the models once and reused.

Django compiles every ORM statement anew, which cost more CPU than the database spent running
these short statements (three quarters of a notification's CPU, see benchmarks/FINDINGS.md),
and PayPro retries when we are slow. These helpers build the same statements from the models'
own fields once per thread and database, so they cannot drift from the schema, and prepare each
value with its field, exactly as ``QuerySet`` and ``Model.save()`` do. They serve the lookup by
trade number, the notification log's INSERT and the compare-and-set UPDATE of a status change,
which on PostgreSQL also carries the log row (``update_row_with_insert``). Our tables only.

``insert`` sends no ``pre_save``/``post_save`` signals of its own: when a receiver is connected
for the model, it falls back to ``Model.save()`` so that receivers keep working.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

__all__ = ["fetch_one", "insert", "update_row", "update_row_with_insert"]

M = TypeVar("M", bound=Model)

# A text no real lookup value can be: compiled queries are checked to carry it as their only
# parameter before their SQL is reused.
_PARAM = "\x00paypro-statement-parameter\x00"

# Per thread, like Django's connections: compiled converters are bound to the connection of
# the thread that compiled them.
_local = threading.local()


def _cached(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    cache: dict[tuple[Any, ...], Any] | None = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    found = cache.get(key)
    if found is None:
        found = cache[key] = build()
    return found


@dataclass(frozen=True)
class _Select:
    sql: str
    attnames: list[str]
    converters: list[tuple[int, tuple[list[Any], Any]]]


def _compile_select(model: type[Model], field_name: str, alias: str) -> _Select | None:
    queryset = model._default_manager.using(alias).filter(**{field_name: _PARAM}).order_by()[:1]
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    selected = list(compiler.klass_info["select_fields"])
    if list(params) != [_PARAM] or selected != list(range(len(compiler.select))):
        return None  # a shape this cache does not know: let the ORM run it
    columns = [column for column, _, _ in compiler.select]
    return _Select(
        sql=sql,
        attnames=[column.target.attname for column in columns],
        converters=list(compiler.get_converters(columns).items()),
    )


def fetch_one(model: type[M], field_name: str, value: Any, *, using: str | None = None) -> M | None:
    """Return the ``model`` row whose unique ``field_name`` is ``value``, or ``None``.

    The same statement and the same instance as
    ``model.objects.filter(**{field_name: value}).order_by()[:1]``, without recompiling it.
    """
    alias = using or DEFAULT_DB_ALIAS
    select: _Select | None = _cached(
        ("select", model, field_name, alias),
        lambda: _compile_select(model, field_name, alias) or False,
    )
    if not select:
        queryset = model._default_manager.using(alias).filter(**{field_name: value})
        found = list(queryset.order_by()[:1])
        return found[0] if found else None
    connection = connections[alias]
    prepared = model._meta.get_field(field_name).get_db_prep_value(  # type: ignore[union-attr]
        value, connection, prepared=False
    )
    with connection.cursor() as cursor:
        cursor.execute(select.sql, [prepared])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, (converters, expression) in select.converters:
        value = values[position]
        for converter in converters:
            value = converter(value, expression, connection)
        values[position] = value
    return model.from_db(alias, select.attnames, values)


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


def _concrete(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None or field.is_relation:
        raise TypeError(f"{model.__name__}.{name} is not a concrete, non-relational field")
    return field


def _pk_column(model: type[Model]) -> str:
    pk = model._meta.pk
    assert pk is not None and pk.column is not None  # every concrete model has one
    return str(pk.column)


@dataclass(frozen=True)
class _Insert:
    sql: str
    fields: list[Field]
    returning: bool


def _compile_insert(model: type[Model], connection: BaseDatabaseWrapper) -> _Insert:
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    columns = ", ".join(_quote(connection, f.column) for f in fields)
    # Only quoted identifiers from the model's own meta are interpolated; values are parameters.
    table, placeholders = _quote(connection, meta.db_table), ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    returning = bool(connection.features.can_return_columns_from_insert)
    if returning:
        sql += f" RETURNING {_quote(connection, _pk_column(model))}"
    return _Insert(sql, fields, returning)


def _needs_save(obj: Model) -> bool:
    """Return whether ``obj`` must go through ``save()`` (signals, or no auto primary key)."""
    model = type(obj)
    return (
        obj.pk is not None
        or model._meta.auto_field is None
        or pre_save.has_listeners(model)
        or post_save.has_listeners(model)
    )


def _insert_params(obj: Model, statement: _Insert, connection: BaseDatabaseWrapper) -> list[Any]:
    return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in statement.fields]


def _inserted(obj: Model, pk: Any, alias: str) -> None:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = alias


def insert(obj: Model, *, using: str | None = None) -> None:
    """INSERT a new ``obj`` as ``obj.save()`` would (defaults, ``auto_now_add``), setting its pk."""
    if _needs_save(obj):
        obj.save(using=using)
        return
    model = type(obj)
    alias = using or DEFAULT_DB_ALIAS
    connection = connections[alias]
    statement: _Insert = _cached(
        ("insert", model, alias), lambda: _compile_insert(model, connection)
    )
    params = _insert_params(obj, statement, connection)
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        if statement.returning:
            pk = cursor.fetchone()[0]
        else:
            pk = connection.ops.last_insert_id(cursor, meta.db_table, _pk_column(model))
    _inserted(obj, pk, alias)


def _compile_update(
    model: type[Model], names: tuple[str, ...], versioned: bool, connection: BaseDatabaseWrapper
) -> tuple[str, list[Field]]:
    fields = [_concrete(model, name) for name in names]
    assignments = [f"{_quote(connection, str(f.column))} = %s" for f in fields]
    where = f"{_quote(connection, _pk_column(model))} = %s"
    if versioned:
        version = _quote(connection, str(_concrete(model, "version").column))
        assignments.append(f"{version} = {version} + 1")
        where += f" AND {version} = %s"
    table = _quote(connection, model._meta.db_table)
    sql = f"UPDATE {table} SET {', '.join(assignments)} WHERE {where}"  # noqa: S608
    return sql, fields


def _update_params(
    obj: Model,
    values: Mapping[str, Any],
    fields: list[Field],
    version: int | None,
    connection: BaseDatabaseWrapper,
) -> list[Any]:
    """Return the SET values, then the pk and (for a compare-and-set) the expected version."""
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    params.append(obj.pk)
    if version is not None:
        params.append(version)
    return params


def update_row(
    obj: Model,
    values: Mapping[str, Any],
    *,
    version: int | None = None,
    using: str | None = None,
) -> int:
    """UPDATE ``values`` (concrete, non-relational fields by name) on ``obj``'s row.

    Return the number of rows changed.

    With ``version``, the row must still have that ``version``, which is incremented: the
    compare-and-set that lets one writer win. ``obj`` itself is not changed.
    """
    alias = using or obj._state.db or DEFAULT_DB_ALIAS
    connection = connections[alias]
    model = type(obj)
    names = tuple(values)
    sql, fields = _cached(
        ("update", model, names, version is not None, alias),
        lambda: _compile_update(model, names, version is not None, connection),
    )
    params = _update_params(obj, values, fields, version, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def _compile_update_with_insert(
    model: type[Model], names: tuple[str, ...], companion: type[Model], alias: str
) -> tuple[str, list[Field], _Insert]:
    connection = connections[alias]
    update_sql, fields = _compile_update(model, names, True, connection)
    insert = _compile_insert(companion, connection)
    # Casts: a parameter in a SELECT list has no column to take its type from.
    values = ", ".join(
        f"CAST(%s AS {f.cast_db_type(connection)})"  # type: ignore[attr-defined]
        for f in insert.fields
    )
    columns = ", ".join(_quote(connection, str(f.column)) for f in insert.fields)
    table = _quote(connection, companion._meta.db_table)
    pk = _quote(connection, _pk_column(companion))
    sql = (
        f"WITH changed AS ({update_sql} RETURNING 1) "  # noqa: S608 - identifiers only
        f"INSERT INTO {table} ({columns}) SELECT {values} FROM changed RETURNING {pk}"
    )
    return sql, fields, insert


def update_row_with_insert(
    obj: Model, values: Mapping[str, Any], *, version: int, companion: Model
) -> int:
    """Compare-and-set ``values`` on ``obj`` as ``update_row`` does and, only if that wins,
    INSERT the new ``companion`` (a log row of the change); return the rows changed (0 or 1).

    On PostgreSQL both go in one statement (one round trip); elsewhere, or when ``companion``
    needs ``save()``, in two. Either way the caller's transaction holds both.
    """
    alias = obj._state.db or DEFAULT_DB_ALIAS
    connection = connections[alias]
    if connection.vendor != "postgresql" or _needs_save(companion):
        changed = update_row(obj, values, version=version, using=alias)
        if changed:
            insert(companion, using=alias)
        return changed
    model, names = type(obj), tuple(values)
    sql, fields, statement = _cached(
        ("update+insert", model, names, type(companion), alias),
        lambda: _compile_update_with_insert(model, names, type(companion), alias),
    )
    params = _update_params(obj, values, fields, version, connection)
    params += _insert_params(companion, statement, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return 0
    _inserted(companion, row[0], alias)
    return 1
