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
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Sequence, Union
from zipfile import ZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from dongan_desk.fileio import atomic_write

__all__ = [
    "SUM", "ReportLayout", "safe_cell_value", "save_workbook_atomic", "write_cell",
    "write_report_sheet",
]

ColumnKey = Union[int, str]   # 0-based index into ``headers`` or the (lower) header text
Header = Union[str, tuple[str, str]]  # "姓名", or ("调解情况", "成功件数") for a grouped header
SUM = object()  # in a ``total_row`` mapping: "add this column up"

FONT_NAME = "宋体"  # what township templates use; WPS and Excel both have it
MONEY_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FOOTER_TEXT = "填报人：　　　　　　审核人：　　　　　　联系电话：　　　　　　　　填报日期："
EXCEL_MAX_TEXT = 32767
# Control characters Excel refuses (openpyxl raises IllegalCharacterError on them); pasted text
# from web pages or WeChat sometimes carries them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@")

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


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
        # openpyxl would silently cut at 32,767; cut here so the behaviour is ours and visible.
        return _ILLEGAL.sub("", value)[:EXCEL_MAX_TEXT]
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


def _text_width(value: Any) -> int:
    """Rough Excel column width: a Chinese character is about two digits wide."""
    if isinstance(value, (dt.date, dt.datetime)):
        return 11 if not isinstance(value, dt.datetime) else 17
    text = str(value) if value is not None else ""
    return max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n")),
               default=0)


def write_report_sheet(
    ws: Worksheet, *, title: str, unit_name: str, period: str, fill_date: dt.date,
    headers: Sequence[Header], rows: Sequence[Sequence[Any]],
    total_row: Sequence[ColumnKey] | Mapping[ColumnKey, Any] | None = None,
    col_widths: Sequence[float | None] | None = None,
    number_formats: Mapping[ColumnKey, str] | None = None,
) -> ReportLayout:
    """Write a township-style report on an empty worksheet and set up its printing.

    ``headers`` exclude 序号, which is added as column A and numbered. A header may be a
    ``(group, name)`` pair: neighbouring pairs with the same group share a merged cell above.
    ``total_row``: column keys to add up, or a mapping of column key → value (or :data:`SUM`),
    for e.g. a rate that must not be summed. ``col_widths`` and ``number_formats`` refer to
    ``headers`` columns (not 序号); widths default to the content's width.
    """
    if not headers:
        raise ValueError("报表至少需要一列")
    for n, row in enumerate(rows, start=1):
        if len(row) != len(headers):
            raise ValueError(f"第 {n} 行有 {len(row)} 列，表头有 {len(headers)} 列")
    ncols = len(headers) + 1
    last = get_column_letter(ncols)
    formats = {_resolve(k, headers): f for k, f in (number_formats or {}).items()}
    font = Font(name=FONT_NAME, size=11)
    bold = Font(name=FONT_NAME, size=11, bold=True)
    wrap_centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    # Row 1: the title over the whole width.
    ws.merge_cells(f"A1:{last}1")
    write_cell(ws["A1"], title).font = Font(name=FONT_NAME, size=18, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32

    # Row 2: unit on the left half, period and date on the right half.
    split = max(1, ncols // 2)
    left = write_cell(ws.cell(2, 1), f"填报单位（盖章）：{unit_name}")
    right = write_cell(ws.cell(2, min(split + 1, ncols)),
                       f"统计时段：{period}　　填报日期：{fill_date:%Y-%m-%d}")
    if ncols > 1:
        if split > 1:
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=split)
        if ncols > split + 1:
            ws.merge_cells(start_row=2, start_column=split + 1, end_row=2, end_column=ncols)
    left.alignment = Alignment(horizontal="left", vertical="center")
    right.alignment = Alignment(horizontal="right", vertical="center")
    left.font = right.font = font

    # Header row(s).
    grouped = any(isinstance(h, tuple) for h in headers)
    first_header, last_header = 3, 4 if grouped else 3
    all_headers: list[Header] = ["序号", *headers]
    for col, header in enumerate(all_headers, start=1):
        for r in range(first_header, last_header + 1):
            cell = ws.cell(r, col)
            cell.border, cell.fill, cell.font, cell.alignment = _BORDER, _HEADER_FILL, bold, wrap_centre
        if isinstance(header, tuple):
            write_cell(ws.cell(first_header, col), header[0])
            write_cell(ws.cell(last_header, col), header[1])
        else:
            write_cell(ws.cell(first_header, col), header)
            if grouped:
                ws.merge_cells(start_row=first_header, start_column=col,
                               end_row=last_header, end_column=col)
    if grouped:  # merge runs of the same group name
        col = 2
        while col <= ncols:
            header = all_headers[col - 1]
            end = col
            while (isinstance(header, tuple) and end < ncols
                   and isinstance(all_headers[end], tuple) and all_headers[end][0] == header[0]):
                end += 1
            if end > col:
                ws.merge_cells(start_row=first_header, start_column=col,
                               end_row=first_header, end_column=end)
            col = end + 1

    # Data rows, numbered in column A.
    first_data = last_header + 1
    r = first_data - 1
    for n, row in enumerate(rows, start=1):
        r = first_data + n - 1
        _body_cell(ws.cell(r, 1), n, font).alignment = Alignment(horizontal="center", vertical="center")
        for i, value in enumerate(row):
            _body_cell(ws.cell(r, i + 2), value, font, formats.get(i))
    last_data = r

    # 合计 row: label over the columns before the first total.
    total_at: int | None = None
    if total_row is not None:
        total_at = last_data + 1
        totals = _totals(total_row, headers, rows)
        for col in range(1, ncols + 1):
            _body_cell(ws.cell(total_at, col), None, bold)
        for index, value in totals.items():
            _body_cell(ws.cell(total_at, index + 2), value, bold, formats.get(index))
        label_end = min(totals, default=ncols - 1) + 1
        write_cell(ws.cell(total_at, 1), "合计").alignment = wrap_centre
        if label_end > 1:
            ws.merge_cells(start_row=total_at, start_column=1, end_row=total_at, end_column=label_end)

    # Signature line under the table, filled in by hand after printing.
    footer_at = (total_at or last_data) + 1
    ws.merge_cells(start_row=footer_at, start_column=1, end_row=footer_at, end_column=ncols)
    write_cell(ws.cell(footer_at, 1), FOOTER_TEXT).font = font
    ws.row_dimensions[footer_at].height = 28

    _set_widths(ws, headers, rows, col_widths)
    _set_print(ws, last, first_header, last_header, first_data, last_data)
    return ReportLayout((first_header, last_header), (first_data, last_data), total_at,
                        footer_at, ncols)


def _body_cell(cell: Cell, value: Any, font: Font, number_format: str | None = None) -> Cell:
    write_cell(cell, value, number_format)
    cell.border, cell.font = _BORDER, font
    if isinstance(value, str):
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def _set_widths(ws: Worksheet, headers: Sequence[Header], rows: Sequence[Sequence[Any]],
                col_widths: Sequence[float | None] | None) -> None:
    ws.column_dimensions["A"].width = 6
    for i, header in enumerate(headers):
        given = col_widths[i] if col_widths is not None and i < len(col_widths) else None
        if given is None:
            widest = max([_text_width(_leaf(header))] + [_text_width(row[i]) for row in rows])
            given = min(max(widest + 2, 8), 40)  # wrap beyond 40 rather than run off the page
        ws.column_dimensions[get_column_letter(i + 2)].width = given


def _set_print(ws: Worksheet, last: str, first_header: int, last_header: int,
               first_data: int, last_data: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    # fitToWidth is ignored unless fitToPage is set; 0 pages high = as many as needed.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, footer=0.3)
    ws.print_title_rows = f"1:{last_header}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = f"A{first_data}"
    ws.auto_filter.ref = f"A{last_header}:{last}{max(last_data, last_header)}"


def save_workbook_atomic(wb: Workbook, target: Path) -> Path:
    """Save ``wb`` so that ``target`` is either the whole new workbook or the old file.

    Raises ``fileio.FileWriteError`` with a Chinese message (e.g. the file is open in Excel).
    """
    return atomic_write(Path(target), lambda temp: wb.save(temp), verify=_verify_xlsx)


def _verify_xlsx(path: Path) -> None:
    with ZipFile(path) as archive:  # every member's CRC: catches a truncated write
        bad = archive.testzip()
    if bad is not None:
        raise ValueError(f"压缩包成员 {bad} 已损坏")
    # A file object, not the path: load_workbook refuses names not ending in .xlsx/.xlsm.
    with open(path, "rb") as fh:
        book = load_workbook(fh, read_only=True)
        try:
            for sheet in book.worksheets:
                next(sheet.iter_rows(max_row=1, values_only=True), None)
        finally:
            book.close()
