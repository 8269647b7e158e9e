"""导入花名册: the 错误清单, one workbook of every row that was not taken.

Each source sheet gets a sheet of the same name (so a sheet name that served as the courtyard
grid serves again), with the row number, the column, the value, what is wrong and what to do,
followed by the original row's cells under the original headers: the clerk corrects the cells
in place and imports this file itself; the first six columns are ignored on that import.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from decimal import Decimal
from typing import Any

from .excel_import_fields import ERROR_LIST_HEADERS

_SHEET_NAME_MAX = 31
_META_WIDTHS = (10, 7, 14, 21, 34, 34)


@dataclass
class RowProblem:
    sheet: str
    row: int
    column: str  # “C 身份证号码”, or "" for the whole row
    value: Any
    problem: str
    advice: str
    headers: tuple[str, ...]  # the source sheet's headers, for the 错误清单
    cells: tuple[Any, ...]  # the source row as it was

    def line(self) -> str:
        where = f"，{self.column}" if self.column else ""
        return f"{self.sheet} 第{self.row}行{where}：{self.problem}。{self.advice}"


def write_error_list(problems: list[RowProblem], target: Path, source_name: str) -> Path:
    """Write the 错误清单 atomically (a whole file or none); raises fileio.FileWriteError."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from ...exchange.report_sheet import save_workbook_atomic, write_cell

    book = Workbook()
    book.remove(book.active)
    by_sheet: dict[str, list[RowProblem]] = {}
    for problem in merge_by_row(problems):
        by_sheet.setdefault(problem.sheet, []).append(problem)
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    marked = PatternFill("solid", fgColor="FCE4D6")
    for sheet_name, rows in by_sheet.items():
        ws = book.create_sheet(_unique_title(book, sheet_name))
        headers = list(ERROR_LIST_HEADERS) + list(rows[0].headers)
        count = len({p.row for p in rows})
        title = ws.cell(1, 1, f"错误清单：{source_name} 的工作表“{sheet_name}”有{count}行没有导入")
        title.font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.cell(2, 1, "请按“怎么改”在右边原来的格子里改好（左边六列不用动，导入时不读），保存后把本文件再导入一次。"
                      "已经导入的人不会重复。")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
        ws.cell(2, 1).alignment = wrap
        ws.row_dimensions[2].height = 32
        for col, header in enumerate(headers, start=1):
            cell = write_cell(ws.cell(3, col), header)
            cell.font, cell.border, cell.alignment = Font(bold=True), border, wrap
            cell.fill = PatternFill("solid", fgColor="DDEBF7" if col <= len(ERROR_LIST_HEADERS) else "EDEDED")
        for r, problem in enumerate(rows, start=4):
            meta = (sheet_name, problem.row, problem.column or "整行", _shown(problem.value), problem.problem,
                    problem.advice)
            for col, value in enumerate(meta + tuple(problem.cells), start=1):
                cell = write_cell(ws.cell(r, col), value)
                cell.border, cell.alignment = border, wrap
                if hasattr(value, "year"):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, float) and value >= 1e11:
                    cell.number_format = "0"  # a damaged ID number shown with the digits it kept
            bad_col = _problem_column(problem)
            if bad_col is not None:
                ws.cell(r, len(ERROR_LIST_HEADERS) + 1 + bad_col).fill = marked
            lines = max(_lines(problem.problem, _META_WIDTHS[4]), _lines(problem.advice, _META_WIDTHS[5]),
                        _lines(problem.column, _META_WIDTHS[2]))
            ws.row_dimensions[r].height = 15 * lines
        for col in range(1, len(headers) + 1):
            width = _META_WIDTHS[col - 1] if col <= len(_META_WIDTHS) else _data_width(ws, col)
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = ws.cell(4, len(ERROR_LIST_HEADERS) + 1)
        ws.print_title_rows = "3:3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    return save_workbook_atomic(book, Path(target))


def merge_by_row(problems: list[RowProblem]) -> list[RowProblem]:
    """One entry per source row (a row with two wrong cells is listed, and imported again, once)."""
    merged: dict[tuple[str, int], RowProblem] = {}
    for p in problems:
        key = (p.sheet, p.row)
        if key not in merged:
            merged[key] = RowProblem(**vars(p))
            continue
        was = merged[key]
        was.column = "\n".join(filter(None, (was.column, p.column)))
        was.value = "\n".join(str(v) for v in (was.value, p.value) if v not in (None, ""))
        was.problem, was.advice = f"{was.problem}\n{p.problem}", f"{was.advice}\n{p.advice}"
    return sorted(merged.values(), key=lambda p: p.row)


def default_error_list_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}-错误清单.xlsx")


def _unique_title(book, name: str) -> str:
    title = "".join(ch for ch in name if ch not in "[]:*?/\\")[:_SHEET_NAME_MAX] or "工作表"
    base, n = title, 2
    while title in book.sheetnames:
        title, n = f"{base[:_SHEET_NAME_MAX - 3]}({n})", n + 1
    return title


def _problem_column(problem: RowProblem) -> int | None:
    letter = problem.column.split(" ", 1)[0].split("\n", 1)[0]
    if not letter.isalpha():
        return None
    from openpyxl.utils import column_index_from_string
    index = column_index_from_string(letter) - 1
    return index if index < len(problem.cells) else None


def _shown(value: Any) -> str:
    """The bad value as text, as the clerk saw it: a damaged ID with all the digits it kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return format(Decimal(f"{value:.15g}"), "f")  # Excel's 15 significant digits, not binary noise
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _lines(text: str, width: int) -> int:
    """Lines a wrapped cell needs; a CJK character takes two width units."""
    return sum(max(1, -(-_display_width(part) // (width - 2))) for part in str(text or "").split("\n"))


def _data_width(ws, col: int) -> float:
    longest = max((_display_width(c.value) for c in ws.iter_cols(min_col=col, max_col=col, min_row=3)
                   .__next__()), default=6)
    return min(max(longest + 2, 6), 30)


def _display_width(value: Any) -> int:
    text = value.isoformat() if hasattr(value, "isoformat") else "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
