"""Which unit a record belongs to, and which record types travel between PCs.

Every model in ``ALL_MODELS`` travels unless its Meta says ``synced = False`` (local bookkeeping
such as the export and import logs). A record belongs to a unit through a ``unit`` field or a
chain of foreign keys ending in one.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from peewee import ForeignKeyField, Model

from .models import ALL_MODELS, Unit


def model_title(model: type[Model]) -> str:
    """The Chinese name of a record type: its sheet name in the package."""
    return getattr(model._meta, "verbose_name", None) or model.__name__


def synced_models() -> list[type[Model]]:
    """The record types a package carries, parents before children."""
    return [m for m in _topological(ALL_MODELS) if getattr(m._meta, "synced", True)]


def local_models() -> list[type[Model]]:
    return [m for m in ALL_MODELS if not getattr(m._meta, "synced", True)]


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
