"""How a field becomes a cell of a 报送包 and back, and the checksum over them.

Foreign keys travel as the referenced record's ``uid``, since integer keys differ from PC to PC.
A choice field's cell shows its Chinese label (入户, 平稳, 调解成功, 婚事 …), not the stored code
(home, stable, settled, wedding): the clerk reads the sheet. Reading it back turns the label into
the code again, and still takes the code itself (packages written before showed codes). The
checksum runs over the field values, the codes, so it is the same either way.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any, Iterable

from peewee import (BooleanField, DateField, DateTimeField, DecimalField, FloatField,
                    ForeignKeyField, IntegerField)

YES, NO = "是", "否"
# openpyxl reads Excel's day 0 and 1 (1899-12-30/31) back as times of day, and 1900-01-01 to
# 1900-02-28 straddle Excel's leap-year bug: a date before this one travels as ISO text.
EXCEL_SAFE_DATE = dt.date(1900, 3, 1)
EXCEL_SAFE_DATETIME = dt.datetime(1900, 3, 1)


# ---- values -----------------------------------------------------------------------------------

_CHOICES: dict[int, tuple[dict, dict]] = {}  # id(field) → (code → label, label → code)


def _choice_maps(field) -> tuple[dict, dict]:
    # keyed by id: a peewee field's == builds an SQL expression (LIBRARY-NOTES)
    maps = _CHOICES.get(id(field))
    if maps is None:
        labels = {code: label for code, label in field.choices}
        maps = _CHOICES[id(field)] = (labels, {label: code for code, label in labels.items()})
    return maps


def to_cell(field, value: Any) -> Any:
    """A field's Python value as the cell should hold it (foreign keys already as uid)."""
    if field.choices and value is not None:
        labels = _choice_maps(field)[0]
        if value in labels:  # a value outside the list (peewee does not enforce it) stays as is
            return labels[value]
    if value is None:
        return None
    if isinstance(field, BooleanField):
        return YES if value else NO
    if isinstance(field, DecimalField):
        return float(value)
    if isinstance(field, (DateField, DateTimeField)) and value < _excel_safe(field):
        return value.isoformat()  # Excel's serial dates start 1900-03-01: earlier ones as text
    return value


def _excel_safe(field):
    return EXCEL_SAFE_DATETIME if isinstance(field, DateTimeField) else EXCEL_SAFE_DATE


class CellError(ValueError):
    pass


def from_cell(field, value: Any) -> Any:
    """A cell's value back as the field's Python value; raises CellError when it cannot be."""
    if field.choices and isinstance(value, str):
        codes = _choice_maps(field)[1]
        if value in codes:  # the label shown; a code (older packages) goes on as it is
            value = codes[value]
            if not isinstance(value, str) or value == "":
                return value
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
        early = _early_date(value, dt.datetime)
        if early is not None:
            return early
        raise CellError(f"应为日期时间，却是“{value}”")
    if isinstance(field, DateField):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        early = _early_date(value, dt.date)
        if early is not None:
            return early
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


def _early_date(value: Any, kind: type) -> Any:
    """A date before 1900-03-01 written as ISO text by ``to_cell``, or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = kind.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed < (EXCEL_SAFE_DATETIME if kind is dt.datetime else EXCEL_SAFE_DATE) else None


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
    """SHA-256 over every data sheet's name and its rows of field values (foreign keys as uid)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def sheet(self, name: str) -> None:
        self._hash.update(b"\x02" + name.encode("utf-8"))

    def row(self, values: list, money: tuple[int, ...] = ()) -> None:
        """``money``: positions of Decimal fields, hashed as floats (500 and 500.00 agree)."""
        if money:
            values = list(values)
            for index in money:
                if values[index] is not None:
                    values[index] = float(values[index])
        # repr of a tuple of plain values is one spelling per value on both sides.
        self._hash.update(repr(tuple(values)).encode("utf-8") + b"\x1e")

    def info(self, values: dict[str, Any], skip: Iterable[str] = ("checksum", "seal")) -> None:
        """The 说明 page's fields (format 2 on): what import trusts is covered too."""
        for key, value in values.items():
            if key not in skip:
                value = "" if value is None else value  # an empty cell reads back as None
                self._hash.update(b"\x03" + key.encode() + b"=" + canonical(value).encode("utf-8"))

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def money_positions(fields: list) -> tuple[int, ...]:
    return tuple(i for i, f in enumerate(fields) if isinstance(f, DecimalField))
