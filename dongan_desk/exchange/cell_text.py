"""How much room a cell's text takes, in Excel's units: the width of a value (a CJK character
two units, a Latin one one) and the lines it wraps to in a column, as Excel and WPS draw them
near enough for column widths and row heights that print whole. Used by the report sheets and
the 报送包's 说明 page."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

BODY_SIZE = 11
LINE_SPACING, ROW_PADDING = 1.32, 3.0
MAX_ROW_HEIGHT = 409  # Excel's limit; a longer text is cut on paper (and whole in the cell)


def shown_text(value: Any, number_format: str | None = None) -> str:
    """The text a cell shows, near enough to measure it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}" if number_format and "ss" in number_format \
            else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (int, float, Decimal)):
        if number_format and number_format.endswith("%"):
            return f"{float(value) * 100:.1f}%"
        if isinstance(value, (float, Decimal)):
            return f"{value:.2f}"
    return str(value)


def _char_units(ch: str) -> float:
    # CJK, full-width forms and punctuation are two units (one '0' of the default font)
    return 2.0 if ord(ch) >= 0x2E80 or ch in "“”‘’…—" else 1.0


def text_units(value: Any, size: float = BODY_SIZE, number_format: str | None = None) -> float:
    """Width of the value's widest line in Excel column units at ``size`` points."""
    text = shown_text(value, number_format)
    scale = size / BODY_SIZE
    return max((sum(_char_units(ch) for ch in line) * scale for line in text.split("\n")),
               default=0.0)


_TOKEN = re.compile(r"[A-Za-z0-9.,:%/@_+\-]+|\s|.", re.S)


def line_count(value: Any, width: float, size: float = BODY_SIZE, bold: bool = False) -> int:
    """Lines the value takes when wrapped in a column ``width`` units wide.

    Greedy, like the spreadsheet: a CJK character may start a new line anywhere, a run of
    Latin letters or digits (a phone number, a date) only as a whole when it fits on a line.
    The usable width leaves a unit for the cell's padding."""
    text = shown_text(value)
    if not text:
        return 1
    scale = size / BODY_SIZE * (1.06 if bold else 1.0)
    usable = max(width - 1.2, 1.0)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for token in _TOKEN.findall(paragraph):
            units = sum(_char_units(ch) for ch in token) * scale
            if used and used + units > usable and not token.isspace():
                lines += 1
                used = 0.0
            while units > usable:  # longer than a line: broken where it must be
                units -= usable
                lines += 1
            used += units
    return lines


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """Points for ``lines`` lines of ``size``-point text (a CJK line is about 1.3 em)."""
    return min(round(lines * size * LINE_SPACING + ROW_PADDING, 1), MAX_ROW_HEIGHT)
