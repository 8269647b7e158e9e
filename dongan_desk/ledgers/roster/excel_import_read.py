"""导入花名册, step 1: open a clerk's workbook, find each sheet's header row and guess what its
columns mean. Nothing here touches the database.

A bad file never crashes: it becomes a :class:`RosterFileError` saying in Chinese what it is and
what to do (an old .xls, a password, a damaged or empty file, no header row).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .excel_import_fields import (
    CATEGORY_FLAG,
    FIELD_BY_KEY,
    IGNORE,
    cell_text,
    clean_header,
    field_key_from_text,
    field_label,
    guess_field,
)

HEADER_SEARCH_ROWS = 10
MAX_FILE_BYTES = 50 * 1024 * 1024  # a village of 3,000 people is well under 1 MB
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Sheet names that say nothing about a courtyard: their people need a 组/院落 column.
_GENERIC_SHEET = re.compile(r"^(sheet\d*|工作表\d*|花名册.*|.*花名册|人员.*|名单|名册|全村.*|汇总.*|错误清单)$",
                            re.IGNORECASE)
# The fields that tell a header row from a title: 姓名 plus at least one of these.
_SUPPORTING = {"id_number", "relation", "household_no", "address", "phone", "group", "courtyard",
               "party", "gender", "birth_date", "categories", "head_name", "party_join_date",
               "party_branch"}
_TOTAL_WORDS = ("合计", "小计", "总计", "共计", "总人数")


class RosterFileError(Exception):
    """A workbook that cannot be read; ``str(error)`` is the Chinese message for the clerk."""


@dataclass
class Column:
    index: int  # 0-based
    letter: str
    header: str
    hidden: bool = False


@dataclass
class SourceRow:
    number: int  # the row number Excel shows
    cells: list[Any]  # one value per column, merged cells filled from their top-left cell


@dataclass
class ColumnMapping:
    """Which field each column feeds, keyed by column index; the dialog edits it in place."""

    fields: dict[int, str] = field(default_factory=dict)
    guessed: dict[int, str] = field(default_factory=dict)

    def field_of(self, column: int) -> str:
        return self.fields.get(column, IGNORE)

    def set(self, column: int, key: str) -> None:
        """Map ``column`` to ``key``; a single-valued field leaves the column it had before."""
        spec = FIELD_BY_KEY.get(key)
        if key and not key.startswith(CATEGORY_FLAG) and not (spec and spec.multiple):
            for other, was in list(self.fields.items()):
                if was == key and other != column:
                    self.fields[other] = IGNORE
        self.fields[column] = key

    def columns_of(self, key: str) -> list[int]:
        return sorted(c for c, k in self.fields.items() if k == key)

    def has(self, key: str) -> bool:
        return any(k == key for k in self.fields.values())


@dataclass
class RosterSheet:
    name: str
    columns: list[Column]
    header_row: int | None  # None: no recognisable header in the first rows
    rows: list[SourceRow]
    mapping: ColumnMapping
    role: str = "roster"  # "roster": people and households; "party": a list of 党员 to mark
    default_grid: str = ""  # courtyard grid for rows without a 组/院落 value ("" = none)
    skipped: dict[str, int] = field(default_factory=dict)  # 空行/合计行/… → how many

    @property
    def recognised(self) -> bool:
        return self.header_row is not None

    def column(self, index: int) -> Column:
        return self.columns[index]

    def mapping_lines(self) -> list[str]:
        """The mapping as the clerk reads it: “C 身份证号码 → 身份证号”."""
        lines = []
        for col in self.columns:
            if not col.header and self.mapping.field_of(col.index) == IGNORE:
                continue
            hidden = "（隐藏列）" if col.hidden else ""
            lines.append(f"{col.letter} {col.header or '（无标题）'}{hidden} → "
                         f"{field_label(self.mapping.field_of(col.index))}")
        return lines


@dataclass
class RosterWorkbook:
    path: Path
    sheets: list[RosterSheet]

    def sheet(self, name: str) -> RosterSheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        names = "、".join(s.name for s in self.sheets)
        raise RosterFileError(f"{self.path.name} 里没有叫“{name}”的工作表（有：{names}）。")

    @property
    def recognised(self) -> list[RosterSheet]:
        return [s for s in self.sheets if s.recognised]

    def apply_overrides(self, overrides: list[str], category_names: list[str],
                        sheets: list[RosterSheet] | None = None) -> None:
        """``列名=字段`` (or ``C=字段`` by column letter) on every sheet that has the column."""
        for text in overrides:
            header, sep, target = text.replace("＝", "=").partition("=")
            key = field_key_from_text(target, category_names) if sep else None
            if key is None:
                raise RosterFileError(f"--map “{text}”看不懂：应写成 列名=字段，例如 名字=姓名、电话2=不导入。"
                                      f"字段可以是：{'、'.join(s.label for s in FIELD_BY_KEY.values())}、不导入。")
            hits = 0
            for sheet in sheets or self.recognised:
                for col in sheet.columns:
                    if clean_header(col.header) == clean_header(header) or col.letter == header.strip().upper():
                        sheet.mapping.set(col.index, key)
                        hits += 1
            if not hits:
                raise RosterFileError(f"--map：所选工作表里没有叫“{header}”的列。")


def read_roster_workbook(path: Path, category_names: list[str]) -> RosterWorkbook:
    """Open ``path`` and read every sheet; raises RosterFileError."""
    path = Path(path)
    _check_file(path)
    from openpyxl import load_workbook
    try:
        with open(path, "rb") as handle:  # a file object: openpyxl judges a path by its suffix
            book = load_workbook(handle, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise RosterFileError(f"{path.name} 打不开，文件可能已损坏或不是 Excel 工作簿（{type(exc).__name__}）。"
                              "请在 Excel/WPS 里打开它，另存为“Excel 工作簿(*.xlsx)”后再导入。") from exc
    sheets = [_read_sheet(ws, category_names) for ws in book.worksheets]
    book.close()
    return RosterWorkbook(path, sheets)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise RosterFileError(f"找不到文件 {path}。")
    size = path.stat().st_size
    if size == 0:
        raise RosterFileError(f"{path.name} 是空文件（0 字节），可能没有保存完整。请找到原来的花名册重新导入。")
    if size > MAX_FILE_BYTES:
        raise RosterFileError(f"{path.name} 有 {size // 1024 // 1024} MB，不像一份花名册。请检查是否选错了文件。")
    with open(path, "rb") as handle:
        head = handle.read(8)
        if head == _OLE_SIGNATURE:
            handle.seek(0)
            content = handle.read()
            if "EncryptionInfo".encode("utf-16-le") in content:
                raise RosterFileError(
                    f"{path.name} 设了打开密码，本程序读不了。请在 Excel/WPS 里用密码打开它，去掉密码"
                    "（文件 → 信息 → 保护工作簿 → 用密码进行加密，把密码清空），保存后再导入。")
            raise RosterFileError(f"{path.name} 是旧版的 Excel 97-2003（.xls）或 WPS（.et）文件。请在 Excel/WPS 里"
                                  "打开它，另存为“Excel 工作簿(*.xlsx)”后再导入。")
    if not zipfile.is_zipfile(path):
        raise RosterFileError(f"{path.name} 不是 Excel 工作簿（.xlsx），或者文件已损坏。"
                              "如果是 .csv 或其他格式，请在 Excel/WPS 里另存为“Excel 工作簿(*.xlsx)”。")
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise RosterFileError(f"{path.name} 已损坏（{exc}），可能是没有保存完整或U盘拔出太早。"
                              "请重新复制一份再导入。") from exc
    if bad is not None:
        raise RosterFileError(f"{path.name} 已损坏（{bad}），可能是没有保存完整或U盘拔出太早。请重新复制一份再导入。")


def _read_sheet(ws, category_names: list[str]) -> RosterSheet:
    from openpyxl.utils import get_column_letter
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in values), default=0)
    for row in values:
        row.extend([None] * (width - len(row)))
    _fill_merged(ws, values)
    hidden: set[int] = set()
    _hidden_columns(ws, hidden, width)
    header_row, mapping = _find_header(values, category_names, hidden)
    headers = values[header_row - 1] if header_row else [None] * width
    columns = [Column(i, get_column_letter(i + 1), cell_text(headers[i]).replace("\n", ""), i in hidden)
               for i in range(width)]
    sheet = RosterSheet(ws.title, columns, header_row, [], mapping or ColumnMapping(),
                        default_grid="" if _GENERIC_SHEET.match(ws.title.strip()) else ws.title.strip())
    if header_row:
        lists_households = sheet.mapping.has("relation") or sheet.mapping.has("household_no")
        sheet.role = "party" if "党员" in ws.title and not lists_households else "roster"
        _collect_rows(sheet, values[header_row:], header_row + 1)
    return sheet


def _hidden_columns(ws, hidden: set[int], width: int) -> None:
    """openpyxl keeps a hidden range of columns (“B:D”) under its first letter only."""
    from openpyxl.utils import column_index_from_string
    for key, dim in ws.column_dimensions.items():
        if dim.hidden and dim.min and dim.max:
            hidden.update(i - 1 for i in range(dim.min, dim.max + 1) if i <= width)
        elif dim.hidden:
            hidden.add(column_index_from_string(key) - 1)


def _fill_merged(ws, values: list[list[Any]]) -> None:
    """A merged cell's value in every cell it covers: a 户编号 or 住址 merged down a household."""
    for merged in ws.merged_cells.ranges:
        top = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(values) else None
        for r in range(merged.min_row, min(merged.max_row, len(values)) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                values[r - 1][c - 1] = top


def _find_header(values: list[list[Any]], category_names: list[str],
                 hidden: set[int]) -> tuple[int | None, ColumnMapping | None]:
    best: tuple[int, int, ColumnMapping] | None = None
    for number, row in enumerate(values[:HEADER_SEARCH_ROWS], start=1):
        guessed = {i: guess_field(v, category_names) for i, v in enumerate(row) if v is not None}
        guessed = {i: k for i, k in guessed.items() if k != IGNORE}
        keys = set(guessed.values())
        # A merged title spreads one text over the row: count distinct columns' words only.
        if "name" not in keys or not keys & _SUPPORTING or len({str(row[i]) for i in guessed}) < 2:
            continue
        if best is None or len(keys) > best[0]:
            best = (len(keys), number, _choose_columns(guessed, hidden))
    return (best[1], best[2]) if best else (None, None)


def _choose_columns(guessed: dict[int, str], hidden: set[int]) -> ColumnMapping:
    """Two columns guessed the same single field (电话 and 手机, 姓名 and 联系人姓名): the first
    one the clerk can see wins; a hidden column only when no visible one has that field."""
    mapping = ColumnMapping()
    for index in sorted(guessed, key=lambda i: (i in hidden, i)):
        key = guessed[index]
        spec = FIELD_BY_KEY.get(key)
        single = spec is not None and not spec.multiple
        mapping.fields[index] = IGNORE if single and mapping.has(key) else key
    mapping.fields = dict(sorted(mapping.fields.items()))
    mapping.guessed = dict(mapping.fields)
    return mapping


def _collect_rows(sheet: RosterSheet, rows: list[list[Any]], first_number: int) -> None:
    headers = [clean_header(c.header) for c in sheet.columns]
    name_col = sheet.mapping.columns_of("name")[0]
    for number, cells in enumerate(rows, start=first_number):
        texts = [cell_text(v) for v in cells]
        filled = [t for t in texts if t]
        if not filled:
            kind = "空行"
        elif any(t.replace(" ", "").startswith(_TOTAL_WORDS) for t in texts[:name_col + 1]):
            kind = "合计行"
        elif [clean_header(t) for t in texts] == headers:
            kind = "重复的标题行"
        elif not texts[name_col] and len(filled) <= 2 or re.search(r"[:：]", texts[name_col]):
            kind = "说明行"  # “填表人：…”, “注：…”, a lone 序号
        else:
            sheet.rows.append(SourceRow(number, cells))
            continue
        sheet.skipped[kind] = sheet.skipped.get(kind, 0) + 1
