"""What travels in a 报送包, and how a field becomes a cell and back.

Every model in ``ALL_MODELS`` travels unless its Meta says ``synced = False`` (local bookkeeping
such as the export and import logs). A record belongs to a unit through a ``unit`` field or a
chain of foreign keys ending in one; foreign keys travel as the referenced record's ``uid``,
since integer keys differ from PC to PC.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from peewee import (BooleanField, DateField, DateTimeField, DecimalField, FloatField,
                    ForeignKeyField, IntegerField, Model)

from ..store.models import ALL_MODELS, Unit

YES, NO = "是", "否"


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


# ---- values -----------------------------------------------------------------------------------

def to_cell(field, value: Any) -> Any:
    """A field's Python value as the cell should hold it (foreign keys already as uid)."""
    if value is None:
        return None
    if isinstance(field, BooleanField):
        return YES if value else NO
    if isinstance(field, DecimalField):
        return float(value)
    return value


class CellError(ValueError):
    pass


def from_cell(field, value: Any) -> Any:
    """A cell's value back as the field's Python value; raises CellError when it cannot be."""
    if value is None or value == "":
        if isinstance(field, (ForeignKeyField, DateField, DateTimeField, IntegerField,
                              FloatField, DecimalField)) or field.null:
            if not field.null and not isinstance(field, ForeignKeyField):
                raise CellError("不能为空")
            return None
        return ""
    if isinstance(field, BooleanField):
        if value in (YES, True, 1):
            return True
        if value in (NO, False, 0):
            return False
        raise CellError(f"应为“是”或“否”，却是“{value}”")
    if isinstance(field, DateTimeField):
        if isinstance(value, dt.datetime):
            return value.replace(microsecond=0)
        raise CellError(f"应为日期时间，却是“{value}”")
    if isinstance(field, DateField):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise CellError(f"应为日期，却是“{value}”")
    if isinstance(field, ForeignKeyField):
        return str(value)
    if isinstance(field, IntegerField):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
            raise CellError(f"应为整数，却是“{value}”")
        return int(value)
    if isinstance(field, DecimalField):
        if not isinstance(value, (int, float)):
            raise CellError(f"应为数字，却是“{value}”")
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(field, FloatField):
        if not isinstance(value, (int, float)):
            raise CellError(f"应为数字，却是“{value}”")
        return float(value)
    return value if isinstance(value, str) else str(value)


def canonical(value: Any) -> str:
    """One spelling per value, for the checksum: the same on export and after reading back."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):  # 500 and 500.00 are the same amount
        return repr(float(value))
    return str(value)


class Checksum:
    """SHA-256 over every data sheet's name and canonical field values, row by row."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def sheet(self, name: str) -> None:
        self._hash.update(b"\x02" + name.encode("utf-8"))

    def row(self, values: Iterable[Any]) -> None:
        self._hash.update(("\x1f".join(canonical(v) for v in values) + "\x1e").encode("utf-8"))

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
