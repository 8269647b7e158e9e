"""Which unit a record belongs to, and which record types travel between PCs.

Every model in ``ALL_MODELS`` travels unless its Meta says ``synced = False`` (local bookkeeping
such as the export and import logs). A record belongs to a unit through a ``unit`` field or a
chain of foreign keys ending in one.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from peewee import ForeignKeyField, Model

from ..ledgers.registry import ALL_MODELS
from .models import Unit
from .models.base import is_synced


def model_title(model: type[Model]) -> str:
    """The Chinese name of a record type: its sheet name in the package."""
    return getattr(model._meta, "verbose_name", None) or model.__name__


def synced_models() -> list[type[Model]]:
    """The record types a package carries, parents before children."""
    return [m for m in _topological(ALL_MODELS) if is_synced(m)]


def local_models() -> list[type[Model]]:
    return [m for m in ALL_MODELS if not is_synced(m)]


def _topological(models: Iterable[type[Model]]) -> list[type[Model]]:
    models = list(models)
    done: list[type[Model]] = []

    def visit(model: type[Model], path: tuple = ()) -> None:
        if model in done or model in path:
            return
        for field in foreign_keys(model):
            if field.rel_model is not model and field.rel_model in models:
                visit(field.rel_model, path + (model,))
        done.append(model)

    for model in models:
        visit(model)
    return done


def foreign_keys(model: type[Model]) -> list[ForeignKeyField]:
    return [f for f in model._meta.sorted_fields if isinstance(f, ForeignKeyField)]


def exported_fields(model: type[Model]) -> list:
    """Every field but the local integer key, in declaration order with ``uid`` first."""
    fields = [f for f in model._meta.sorted_fields if f.name != "id"]
    fields.sort(key=lambda f: f.name != "uid")
    return fields


@lru_cache(maxsize=None)
def unit_path(model: type[Model]) -> tuple[ForeignKeyField, ...]:
    """The foreign keys from ``model`` to ``Unit``: (unit,) or e.g. (resident, unit)."""
    if model is Unit:
        return ()
    fields = {f.name: f for f in foreign_keys(model)}
    if "unit" in fields and fields["unit"].rel_model is Unit:
        return (fields["unit"],)
    for field in fields.values():
        if field.rel_model is not model and field.rel_model is not Unit and not field.null:
            try:
                return (field, *unit_path(field.rel_model))
            except LookupError:
                continue
    raise LookupError(f"{model.__name__} 找不到所属单位")


def unit_query(model: type[Model], unit_id: int):
    """All records of ``model`` belonging to the unit, ordered by key."""
    if model is Unit:
        return Unit.select().where(Unit.id == unit_id)
    path = unit_path(model)
    query, current = model.select(model), model
    for field in path[:-1]:
        query = query.join_from(current, field.rel_model,
                                on=(getattr(current, field.name) == field.rel_model.id))
        current = field.rel_model
    return query.where(getattr(current, path[-1].name) == unit_id).order_by(model.id)


def _converter(field):
    """Raw SQLite value → the field's Python value, for the types whose raw form differs.
    (peewee's own conversion tries several formats per value: ten times slower on a village.)"""
    from datetime import date, datetime
    from decimal import Decimal

    from peewee import BooleanField, DateField, DateTimeField, DecimalField

    if isinstance(field, ForeignKeyField):
        return None
    if isinstance(field, DateTimeField):
        return lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(field, DateField):
        return lambda v: date.fromisoformat(v[:10]) if isinstance(v, str) else v
    if isinstance(field, BooleanField):
        return lambda v: None if v is None else bool(v)
    if isinstance(field, DecimalField):
        return lambda v: None if v is None else Decimal(str(v))
    return None


def unit_rows(model: type[Model], unit_id: int, fields: list) -> Iterable[tuple]:
    """The unit's records of ``model`` as tuples of the given fields' Python values."""
    converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]
    cursor = model._meta.database.execute(unit_query(model, unit_id).select(*fields))
    for raw in cursor:
        if converters:
            raw = list(raw)
            for index, convert in converters:
                raw[index] = convert(raw[index])
        yield tuple(raw)
