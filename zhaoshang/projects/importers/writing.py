"""Fast inserts for the tables an import fills by the hundred thousand.

Django's bulk_create compiles every value of every row through the ORM, which costs more than the
database does. These helpers prepare each value with its field's own `get_db_prep_save` (so SQLite and
PostgreSQL get what they expect) and hand whole batches to `executemany`. History rows are built the
way django-simple-history builds them: the tracked fields, plus who, when, why and what kind of change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, ForeignObjectRel, Model

BATCH = 2000
# Field types whose values the backend must adapt; others (text, integers, keys, booleans) pass as they are.
ADAPTED = {"DateField", "DateTimeField", "DecimalField", "TimeField", "DurationField", "UUIDField", "JSONField"}


def _converter(field, connection) -> Callable | None:
    if field.get_internal_type() not in ADAPTED:
        return None

    @lru_cache(maxsize=4096)  # an import repeats its timestamp, dates and amounts row after row
    def convert(value):
        return field.get_db_prep_save(value, connection)

    return convert


def _column(field: Field | ForeignObjectRel) -> str:
    # Callers name the model's own fields, which have a column; a reverse relation has none.
    assert isinstance(field, Field) and field.column is not None, field
    return field.column


def insert_rows(model: type[Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT each row (values in the order of `names`, field names or attnames); returns the count."""
    connection = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in names]
    converters = [_converter(f, connection) for f in fields]
    quote = connection.ops.quote_name
    # Identifiers come from model metadata and are quoted; every value is a parameter.
    columns = ", ".join(quote(_column(f)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(v if c is None or v is None else c(v) for c, v in zip(converters, row, strict=True)))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def insert_history(model: type[Model], records: Iterable[tuple[Model, str]], *, user, when, kind: str) -> int:
    """One history row per (instance, change reason), attributed to `user`; kind is "+" or "~"."""
    # simple_history adds `history` to the model class when it is registered; no stub can know that.
    history = cast(Any, model).history.model
    tracked = [f.attname for f in history.tracked_fields]
    names = [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
    rows = ([*(getattr(instance, a) for a in tracked), when, reason, kind, user.pk] for instance, reason in records)
    return insert_rows(history, names, rows)


def insert_objects(model: type[Model], objects: Sequence[Model], *, key: str, **scope) -> None:
    """Insert new instances with `executemany`, then give each its id, read back by a unique `key`.

    `scope` narrows the read-back to where the key is unique (a project's name within its zone).
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    insert_rows(model, [f.attname for f in fields], ([f.pre_save(o, True) for f in fields] for o in objects))
    keys = [getattr(o, key) for o in objects]
    ids: dict[Any, Any] = {}  # key value -> pk, both of whatever type the fields hold
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        ids.update(model._default_manager.filter(**scope, **{f"{key}__in": chunk}).values_list(key, "pk"))
    for obj in objects:
        obj.pk = ids[getattr(obj, key)]
        obj._state.adding = False
