"""Report sheets in the township's style (FORMS.md §4), and safe cell values.

Layout written by :func:`write_report_sheet`::

    1   title, merged, bold 18 pt
    2   填报单位（盖章）：××村                         统计时段：…  填报日期：YYYY-MM-DD
    3   序号 | header …            (a second header row when headers are grouped)
    4…  1    | data …
        合计 | sums …              (optional)
        填报人：  审核人：  联系电话：  填报日期：

Totals are computed numbers, not SUM formulas: a read-only reader (and our own import) sees
values, and openpyxl never stores the cached result of a formula.

Paper: openpyxl computes no row heights, and Excel, WPS and LibreOffice do not grow a row for
wrapped text they did not lay out themselves: the text runs over the next row. So every row's
height is estimated here from its text, the column widths and the font size (a CJK character is
two width units, a Latin one one; see ``cell_text.line_count``). Columns fit their content: a short
value (a date, a number, a case number, a name) is never wrapped, a long text wraps at the
column's given width (40 by default). A sheet too wide for A4 landscape at a readable scale
(the 18-column 矛盾纠纷排查调处台账) is laid out on A3 landscape; every sheet fits one page wide,
repeats its title and header rows, and says 第 N 页，共 M 页 at the foot.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any, Mapping, Sequence, Union
from zipfile import ZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from ..fileio import atomic_write
from ..store import audit
from .cell_text import BODY_SIZE, line_count, row_height, text_units

__all__ = [
    "SUM", "ReportLayout", "safe_cell_value", "save_workbook_atomic", "write_cell",
    "write_report_sheet",
]

ColumnKey = Union[int, str]   # 0-based index into ``headers``, or a header's (lower) text
Header = Union[str, tuple[str, str]]  # "姓名", or ("调解情况", "成功件数") for a grouped header
SUM = object()  # in a ``total_row`` mapping: "add this column up"

FONT_NAME = "宋体"  # what township templates use; WPS and Excel both have it
MONEY_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FOOTER_TEXT = "填报人：　　　　　　审核人：　　　　　　联系电话：　　　　　　　　填报日期："
# Control characters Excel refuses (openpyxl raises IllegalCharacterError on them); pasted text
# from web pages or WeChat sometimes carries them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@")

FIRST_HEADER_ROW = 3
TITLE_SIZE = 18
WRAP_AT = 40          # a text column wraps at this width unless the sheet gives another
SHORT_VALUE = 36      # a value up to this wide is never wrapped (dates, numbers, names, case numbers)
FOOTER_HEIGHT = 28
# Paper: the printable width (mm) between the 0.5-inch side margins, landscape.
PRINTABLE_MM = {"A4": 297 - 25.4, "A3": 420 - 25.4}
PAPER_SIZES = {"A4": 9, "A3": 8}
MIN_SCALE = 0.62      # below this on A4 (11-point text printed under 7 points) a sheet goes on A3

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_FONT = Font(name=FONT_NAME, size=11)
_BOLD = Font(name=FONT_NAME, size=11, bold=True)
_CENTRE = Alignment(horizontal="center", vertical="center")
_WRAP_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP_MIDDLE = Alignment(vertical="center", wrap_text=True)
_MIDDLE = Alignment(vertical="center")


@dataclass(frozen=True)
class ReportLayout:
    """Where :func:`write_report_sheet` put things (1-based rows and columns)."""

    header_rows: tuple[int, int]   # first, last header row
    data_rows: tuple[int, int]     # first, last data row (last < first when there are no rows)
    total_row: int | None
    footer_row: int
    last_column: int


def safe_cell_value(value: Any) -> Any:
    """A Python value as a cell should hold it: text cleaned for Excel, yes/no in Chinese.

    Numbers, dates and None pass through. Use :func:`write_cell` to also keep text as text.
    """
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)  # (openpyxl itself cuts text at Excel's 32,767 limit)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; openpyxl would raise
    return value


def write_cell(cell: Cell, value: Any, number_format: str | None = None) -> Cell:
    """Store ``value`` in ``cell``: text stays text, dates are dates, money has two decimals.

    openpyxl turns a string starting with ``=`` into a formula and ``#N/A`` into an error; a
    clerk's text (``=张三``, ``+86 138…``, ``-1``, ``@x``) must come back as typed, so the type
    is forced back to string, and ``quotePrefix`` keeps Excel from re-reading it as a formula
    when the cell is edited.
    """
    value = safe_cell_value(value)
    cell.value = value
    if isinstance(value, str) and (cell.data_type != "s" or value.startswith(_FORMULA_START)):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (Decimal, float)):
        cell.number_format = MONEY_FORMAT
    return cell


def _leaf(header: Header) -> str:
    return header[1] if isinstance(header, tuple) else header


def _resolve(key: ColumnKey, headers: Sequence[Header]) -> int:
    """Column key → 0-based index into ``headers``."""
    if isinstance(key, int):
        if not 0 <= key < len(headers):
            raise ValueError(f"列序号 {key} 超出范围（共 {len(headers)} 列）")
        return key
    leaves = [_leaf(h) for h in headers]
    if key not in leaves:
        raise ValueError(f"没有名为“{key}”的列")
    return leaves.index(key)


def _sum(values: Sequence[Any]) -> int | float | Decimal:
    numbers = [v for v in values if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)]
    if any(isinstance(v, Decimal) for v in numbers):
        # Decimal + float raises; money is Decimal, so bring stray floats over exactly as shown.
        return sum((v if isinstance(v, Decimal) else Decimal(str(v)) for v in numbers), Decimal(0))
    return sum(numbers)


def _totals(spec: Sequence[ColumnKey] | Mapping[ColumnKey, Any], headers: Sequence[Header],
            rows: Sequence[Sequence[Any]]) -> dict[int, Any]:
    items = spec.items() if isinstance(spec, Mapping) else ((k, SUM) for k in spec)
    totals: dict[int, Any] = {}
    for key, value in items:
        index = _resolve(key, headers)
        totals[index] = _sum([row[index] for row in rows]) if value is SUM else value
    return totals


def write_report_sheet(
    ws: Worksheet, *, title: str, unit_name: str, period: str, fill_date: dt.date,
    headers: Sequence[Header], rows: Sequence[Sequence[Any]],
    total_row: Sequence[ColumnKey] | Mapping[ColumnKey, Any] | None = None,
    col_widths: Sequence[float | None] | None = None,
    number_formats: Mapping[ColumnKey, str] | None = None,
    serial: Sequence[Any] | None = None,
    heading: tuple[str, str] | None = None,
    footer: str = FOOTER_TEXT,
) -> ReportLayout:
    """Write a township-style report on an empty (not write-only) worksheet, and its printing.

    ``headers`` exclude 序号, which is added as column A and numbered. A header may be a
    ``(group, name)`` pair: neighbouring pairs with the same group share a merged cell above.
    ``total_row``: column keys to add up, or a mapping of column key → value (or :data:`SUM`),
    for e.g. a rate that must not be summed. ``col_widths`` and ``number_formats`` refer to
    ``headers`` columns (not 序号); widths default to the content's width, and Decimal or
    float values default to ``0.00`` (money), so give rates a format such as ``0.0%``.
    ``serial``: what 序号 shows on each row (default 1, 2, 3 …; the audit trail shows its own
    numbers). ``heading``: row 2's left and right text instead of 填报单位 and 统计时段/填报日期.
    ``footer``: the line under the table instead of the signature line (it wraps when long).
    """
    if not headers:
        raise ValueError("报表至少需要一列")
    for n, row in enumerate(rows, start=1):
        if len(row) != len(headers):
            raise ValueError(f"第 {n} 行有 {len(row)} 列，表头有 {len(headers)} 列")
    if serial is not None and len(serial) != len(rows):
        raise ValueError(f"序号有 {len(serial)} 个，数据有 {len(rows)} 行")
    serial = list(serial) if serial is not None else list(range(1, len(rows) + 1))
    ncols = len(headers) + 1
    formats = {_resolve(k, headers): f for k, f in (number_formats or {}).items()}

    _write_top(ws, ncols, title, *(heading or (
        f"填报单位（盖章）：{unit_name}", f"统计时段：{period}{_DATES_GAP}填报日期：{fill_date:%Y-%m-%d}")))
    last_header = _write_headers(ws, ["序号", *headers])
    first_data = last_header + 1
    for n, row in enumerate(rows):
        r = first_data + n
        _body_cell(ws.cell(r, 1), serial[n]).alignment = _CENTRE
        for i, value in enumerate(row):
            _body_cell(ws.cell(r, i + 2), value, formats.get(i))
    last_data = first_data + len(rows) - 1

    total_at: int | None = None
    if total_row is not None:
        total_at = last_data + 1
        _write_total(ws, total_at, ncols, _totals(total_row, headers, rows), formats)

    # Signature line under the table, filled in by hand after printing.
    footer_at = (total_at or last_data) + 1
    ws.merge_cells(start_row=footer_at, start_column=1, end_row=footer_at, end_column=ncols)
    foot = write_cell(ws.cell(footer_at, 1), footer)
    foot.font, foot.alignment = _FONT, _WRAP_MIDDLE

    widths = _set_widths(ws, headers, rows, col_widths, formats, serial)
    ws.row_dimensions[footer_at].height = max(FOOTER_HEIGHT,
                                              row_height(line_count(footer, sum(widths))))
    _fit_dates(ws, widths)
    _set_heights(ws, widths, footer_at - 1)
    _set_print(ws, get_column_letter(ncols), last_header, last_data, widths)
    return ReportLayout((FIRST_HEADER_ROW, last_header), (first_data, last_data), total_at,
                        footer_at, ncols)


def _write_top(ws: Worksheet, ncols: int, title: str, left_text: str, right_text: str) -> None:
    """Row 1: the title across the sheet. Row 2: unit on the left half, dates on the right."""
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    write_cell(ws["A1"], title).font = Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    split = ncols // 2  # ncols >= 2
    left = write_cell(ws.cell(2, 1), left_text)
    right = write_cell(ws.cell(2, split + 1), right_text)
    if split > 1:
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=split)
    if ncols > split + 1:
        ws.merge_cells(start_row=2, start_column=split + 1, end_row=2, end_column=ncols)
    left.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    right.alignment = Alignment(horizontal="right", vertical="center", wrap_text=True)
    left.font = right.font = _FONT


_DATES_GAP = "　　"


def _fit_dates(ws: Worksheet, widths: list[float]) -> None:
    """统计时段 and 填报日期 on two lines when the right half of row 2 is too narrow for one
    (rather than the spreadsheet breaking the line inside 填报日期)."""
    split = len(widths) // 2
    cell = ws.cell(2, split + 1)
    if line_count(cell.value, sum(widths[split:])) > 1:
        cell.value = cell.value.replace(_DATES_GAP, "\n")


def _write_headers(ws: Worksheet, headers: Sequence[Header]) -> int:
    """Header row(s) from row 3; returns the last header row."""
    grouped = any(isinstance(h, tuple) for h in headers)
    first, last = FIRST_HEADER_ROW, FIRST_HEADER_ROW + (1 if grouped else 0)
    for col, header in enumerate(headers, start=1):
        for r in range(first, last + 1):
            cell = ws.cell(r, col)
            cell.border, cell.fill, cell.font, cell.alignment = _BORDER, _HEADER_FILL, _BOLD, _WRAP_CENTRE
        if isinstance(header, tuple):
            write_cell(ws.cell(first, col), header[0])
            write_cell(ws.cell(last, col), header[1])
        else:
            write_cell(ws.cell(first, col), header)
            if grouped:  # a plain header spans both rows
                ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
    col = 1
    for group, members in groupby(headers, key=lambda h: h[0] if isinstance(h, tuple) else None):
        span = len(list(members))
        if group is not None and span > 1:  # neighbours of one group share the cell above
            ws.merge_cells(start_row=first, start_column=col, end_row=first, end_column=col + span - 1)
        col += span
    return last


def _write_total(ws: Worksheet, row: int, ncols: int, totals: dict[int, Any],
                 formats: Mapping[int, str]) -> None:
    """合计 row; the label spans the columns before the first total."""
    for col in range(1, ncols + 1):
        _body_cell(ws.cell(row, col), None, font=_BOLD)
    for index, value in totals.items():
        _body_cell(ws.cell(row, index + 2), value, formats.get(index), font=_BOLD)
    write_cell(ws.cell(row, 1), "合计").alignment = _WRAP_CENTRE
    label_end = min(totals, default=ncols - 1) + 1
    if label_end > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_end)


def _body_cell(cell: Cell, value: Any, number_format: str | None = None, *,
               font: Font | None = None) -> Cell:
    write_cell(cell, value, number_format)
    cell.border, cell.font = _BORDER, font or _FONT
    # text wraps; numbers and dates sit mid-row beside it, not at the foot of a tall row
    cell.alignment = _WRAP_MIDDLE if isinstance(value, str) else _MIDDLE
    return cell


def _column_width(header: Header, values: list[Any], given: float | None,
                  number_format: str | None) -> float:
    """Wide enough for the header on at most two lines and for every short value whole; a long
    text wraps at ``given`` (or :data:`WRAP_AT`)."""
    cap = given if given is not None else WRAP_AT
    title = text_units(_leaf(header), BODY_SIZE * 1.06)
    header_need = min(math.ceil(title) + 2, max(8, math.ceil(title / 2) + 2))
    sizes = [text_units(v, number_format=number_format) for v in values]
    short = max((w for w in sizes if w <= SHORT_VALUE), default=0)
    longest = max(sizes, default=0)
    return max(6, header_need, math.ceil(short) + 2, min(math.ceil(longest) + 2, cap))


def _set_widths(ws: Worksheet, headers: Sequence[Header], rows: Sequence[Sequence[Any]],
                col_widths: Sequence[float | None] | None,
                formats: Mapping[int, str], serial: Sequence[Any] = ()) -> list[float]:
    """Column widths (序号 first), set on the sheet and returned."""
    widths = [max(6.0, max((text_units(n) + 2 for n in serial), default=0))]
    for i, header in enumerate(headers):
        given = col_widths[i] if col_widths is not None and i < len(col_widths) else None
        widths.append(_column_width(header, [row[i] for row in rows], given, formats.get(i)))
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    return widths


def _set_heights(ws: Worksheet, widths: list[float], last_row: int) -> None:
    """Every row from the title to the last data (or 合计) row gets the height its wrapped
    text needs; a merged cell counts the width of all its columns, and a header merged down
    over two rows shares their height."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # top-left → (last row, summed width)
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = (
            merged.max_row, sum(widths[merged.min_col - 1:merged.max_col]))
        covered |= {(r, c) for r in range(merged.min_row, merged.max_row + 1)
                    for c in range(merged.min_col, merged.max_col + 1)} - {(merged.min_row, merged.min_col)}
    needs: dict[int, float] = {}
    tall: list[tuple[int, int, float]] = []  # (first row, last row, height) of vertical merges
    for r in range(1, last_row + 1):
        needs[r] = row_height(1)
        for c in range(1, len(widths) + 1):
            if (r, c) in covered:
                continue
            cell = ws.cell(r, c)
            if cell.value is None:
                continue
            size = cell.font.sz or BODY_SIZE
            last, width = spans.get((r, c), (r, widths[c - 1]))
            height = row_height(line_count(cell.value, width, size, bool(cell.font.b)), size)
            if last > r:
                tall.append((r, last, height))
            else:
                needs[r] = max(needs[r], height)
    for first, last, height in tall:  # grow the last row of a merge that does not fit yet
        have = sum(needs[r] for r in range(first, last + 1))
        if have < height:
            needs[last] += height - have
    for r, height in needs.items():
        ws.row_dimensions[r].height = height


def printed_mm(widths: Sequence[float]) -> float:
    """How wide the columns print at 100 %: a width-w column is 7·w + 5 pixels at 96 dpi."""
    return sum(7 * w + 5 for w in widths) * 25.4 / 96


def paper_for(widths: Sequence[float]) -> str:
    """A4, or A3 when fitting the sheet to A4's width would shrink its text below :data:`MIN_SCALE`."""
    return "A4" if PRINTABLE_MM["A4"] / printed_mm(widths) >= MIN_SCALE else "A3"


def _set_print(ws: Worksheet, last: str, last_header: int, last_data: int,
               widths: Sequence[float]) -> None:
    ws.page_setup.paperSize = PAPER_SIZES[paper_for(widths)]
    ws.page_setup.orientation = "landscape"
    # fitToWidth is ignored unless fitToPage is set; 0 pages high = as many as needed.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, footer=0.3)
    ws.print_title_rows = f"1:{last_header}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = f"A{last_header + 1}"
    ws.auto_filter.ref = f"A{last_header}:{last}{max(last_data, last_header)}"


def save_workbook_atomic(wb: Workbook, target: Path, names_people: str = "") -> Path:
    """Save ``wb`` so that ``target`` is either the whole new workbook or the old file.

    ``names_people``: what a workbook that names people is about (兴田村（全村）); once it is
    written, one audit row "导出" says so, as a print does. Raises ``fileio.FileWriteError``
    with a Chinese message (e.g. the file is open in Excel).
    """
    written = atomic_write(Path(target), lambda temp: wb.save(temp), verify=_verify_xlsx)
    if names_people:
        audit.record("export", record_type="Excel", name=names_people,
                     detail=f"导出《{wb.active.title}》，文件：{target}")
    return written


def _verify_xlsx(path: Path) -> None:
    with ZipFile(path) as archive:  # every member's CRC: catches a truncated write
        bad = archive.testzip()
    if bad is not None:
        raise ValueError(f"压缩包成员 {bad} 已损坏")
    # A file object, not a path: load_workbook judges a path by its extension.
    with open(path, "rb") as fh:
        book = load_workbook(fh, read_only=True)
        try:
            for sheet in book.worksheets:
                next(sheet.iter_rows(max_row=1, values_only=True), None)
        finally:
            book.close()
