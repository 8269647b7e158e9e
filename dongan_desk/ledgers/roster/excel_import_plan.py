"""导入花名册, step 2: the rows of the chosen sheets as people, grouped into households and
courtyard grids. Pure: the cells are read and checked here, the database is asked nothing.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .excel_import_errors import RowProblem
from .excel_import_fields import (
    CATEGORY_FLAG,
    CellProblem,
    cell_text,
    clean_name,
    read_categories,
    read_date,
    read_gender,
    read_id_number,
    read_relation,
    read_yes_no,
)
from .excel_import_read import RosterSheet, SourceRow

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


@dataclass
class PersonRow:
    sheet: RosterSheet
    source: SourceRow
    name: str = ""
    id_number: str | None = None
    relation: str | None = None
    phone: str = ""
    is_party_member: bool | None = None
    party_branch: str = ""
    party_join_date: dt.date | None = None
    categories: list[str] = field(default_factory=list)
    note: str = ""
    gender: str | None = None
    birth_date: dt.date | None = None
    address: str = ""
    grid_name: str = ""
    household_key: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said in the preview, e.g. a 15-digit ID

    @property
    def where(self) -> str:
        return f"{self.sheet.name} 第{self.source.number}行 {self.name}".rstrip()

    def refuse(self, column: int | None, problem: str, advice: str) -> None:
        col = self.sheet.column(column) if column is not None else None
        self.problems.append(RowProblem(
            self.sheet.name, self.source.number, f"{col.letter} {col.header}".strip() if col else "",
            self.source.cells[column] if column is not None else None, problem, advice,
            tuple(c.header for c in self.sheet.columns), tuple(self.source.cells)))


@dataclass
class HouseholdPlan:
    sheet: RosterSheet
    grid_name: str
    household_no: str
    members: list[PersonRow] = field(default_factory=list)

    @property
    def address(self) -> str:
        return next((p.address for p in self.members if p.relation == "户主" and p.address),
                    next((p.address for p in self.members if p.address), ""))

    @property
    def head(self) -> PersonRow | None:
        return next((p for p in self.members if p.relation == "户主"), None)


@dataclass
class ImportPlan:
    households: list[HouseholdPlan] = field(default_factory=list)
    party_rows: list[PersonRow] = field(default_factory=list)  # rows of a 党员 list: mark only
    loose_rows: list[PersonRow] = field(default_factory=list)  # refused before any household
    sheet_notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[PersonRow]:
        return [p for h in self.households for p in h.members] + self.party_rows + self.loose_rows


def grid_key(name: str) -> str:
    """Grid names compared the way a clerk reads them: “一组” = “1组” = “１组 ”."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", name))
    return re.sub(r"[一二两三四五六七八九十〇零]+", lambda m: str(_chinese_number(m.group())), text)


def _chinese_number(text: str) -> int:
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def plan_import(sheets: list[RosterSheet], category_names: list[str], today: dt.date) -> ImportPlan:
    plan = ImportPlan()
    for sheet in sheets:
        people = [_read_person(sheet, row, category_names, today) for row in sheet.rows]
        if sheet.role == "party":
            plan.party_rows.extend(people)
            plan.sheet_notes.append(f"工作表“{sheet.name}”按党员名单处理：只给花名册里已有的人标上党员，不新增人员。")
        else:
            _group(sheet, people, plan)
    return plan


def _value(sheet: RosterSheet, row: SourceRow, key: str) -> tuple[int | None, Any]:
    """(column, value) of the first non-empty column mapped to ``key``."""
    columns = sheet.mapping.columns_of(key)
    for col in columns:
        if cell_text(row.cells[col]):
            return col, row.cells[col]
    return (columns[0] if columns else None), None


def _read_person(sheet: RosterSheet, row: SourceRow, category_names: list[str], today: dt.date) -> PersonRow:
    person = PersonRow(sheet, row)

    def take(key: str, reader):
        col, value = _value(sheet, row, key)
        try:
            return reader(value)
        except CellProblem as exc:
            person.refuse(col, exc.problem, exc.advice)
            return None

    person.name = clean_name(_value(sheet, row, "name")[1])
    if not person.name:
        person.refuse(sheet.mapping.columns_of("name")[0], "没有姓名", "填上此人的姓名；这一行如果不是人员，删掉即可")
    id_number = take("id_number", lambda v: read_id_number(v, today))
    if id_number:
        person.id_number, note = id_number
        if note:
            person.notes.append(note)
    relation = take("relation", read_relation)
    if relation:
        person.relation, kept_word = relation
        if kept_word:
            person.notes.append(f"与户主关系“{kept_word}”记为“其他”，原词写入备注")
    person.phone = cell_text(_value(sheet, row, "phone")[1])
    person.is_party_member = take("party", lambda v: read_yes_no(v, "党员"))
    person.party_branch = cell_text(_value(sheet, row, "party_branch")[1])
    person.party_join_date = take("party_join_date", lambda v: read_date(v, "入党日期", today))
    person.gender = take("gender", read_gender)
    person.birth_date = take("birth_date", lambda v: read_date(v, "出生日期", today))
    person.address = cell_text(_value(sheet, row, "address")[1])
    categories: list[str] = []
    for col in sheet.mapping.columns_of("categories"):
        try:
            categories += read_categories(row.cells[col], category_names, strict=True)
        except CellProblem as exc:
            person.refuse(col, exc.problem, exc.advice)
    notes = []
    note_columns = sheet.mapping.columns_of("note")
    for col in note_columns:
        text = cell_text(row.cells[col])
        if text:
            categories += read_categories(text, category_names, strict=False)
            header = sheet.column(col).header
            notes.append(f"{header}：{text}" if len(note_columns) > 1 and header else text)
    for col, key in sheet.mapping.fields.items():
        if key.startswith(CATEGORY_FLAG):
            try:
                if read_yes_no(row.cells[col], sheet.column(col).header):
                    categories.append(key[len(CATEGORY_FLAG):])
            except CellProblem as exc:
                person.refuse(col, exc.problem, "是的打“√”或填“是”，不是的空着")
    if relation and relation[1]:
        notes.append(f"与户主关系：{relation[1]}")
    person.categories = list(dict.fromkeys(categories))
    person.note = "；".join(notes)
    if person.party_join_date and person.is_party_member is None:
        person.is_party_member = True  # a 入党日期 says it
    return person


def _grid_value(sheet: RosterSheet, row: SourceRow) -> tuple[str, str]:
    """(courtyard grid name, the word of its column) from 院落 or 组; a bare “3” becomes “3组”."""
    for key in ("courtyard", "group"):
        col, value = _value(sheet, row, key)
        text = cell_text(value)
        if text:
            if text.isdigit():
                header = sheet.column(col).header if col is not None else ""
                text += "社" if header.endswith("社") else "组"
            return text, key
    return "", ""


def _group(sheet: RosterSheet, people: list[PersonRow], plan: ImportPlan) -> None:
    mapping = sheet.mapping
    by_number, by_head, by_relation = mapping.has("household_no"), mapping.has("head_name"), mapping.has("relation")
    if not (mapping.has("courtyard") or mapping.has("group")):
        where = f"都放进院落网格“{sheet.default_grid}”" if sheet.default_grid else "没有院落网格可放"
        plan.sheet_notes.append(f"工作表“{sheet.name}”没有组/院落列：这张表的户{where}。")
    if not by_number and not by_head:
        plan.sheet_notes.append(
            f"工作表“{sheet.name}”没有户编号列：按“户主”行分户（每个户主行开始新的一户）。" if by_relation else
            f"工作表“{sheet.name}”没有户编号和与户主关系列：住址相同的相邻几行算一户，第一人记为户主。")
    households: dict[str, HouseholdPlan] = {}
    current: HouseholdPlan | None = None
    last_grid, last_key, last_address = "", "", None
    for person in people:
        row = person.source
        grid, _ = _grid_value(sheet, row)
        grid = grid or last_grid  # 组 written on a household's first row only
        last_grid = grid
        person.grid_name = grid or sheet.default_grid
        number = cell_text(_value(sheet, row, "household_no")[1]) if by_number else ""
        head_name = clean_name(_value(sheet, row, "head_name")[1]) if by_head else ""
        if head_name in ("√", "是", "✓", "户主"):  # a 户主 column of marks, not of names
            person.relation, head_name = person.relation or "户主", ""
        elif head_name and head_name == person.name and person.relation is None:
            person.relation = "户主"
        if by_number or by_head:
            key = number or head_name
            if key:
                key = f"{grid_key(person.grid_name)}|{key}"
            elif person.relation == "户主" or current is None:
                key = f"row{row.number}"
            else:
                key = last_key
        elif by_relation:
            if person.relation == "户主":
                key = f"row{row.number}"
            elif current is None:
                person.refuse(None, "这一行前面没有户主行，不知道属于哪一户",
                              "把这一户的户主行放在最前面，或者加一列“户编号”")
                plan.loose_rows.append(person)
                continue
            else:
                key = last_key
        else:
            same = current is not None and person.address and person.address == last_address
            key = last_key if same else f"row{row.number}"
        last_key, last_address = key, person.address
        if key not in households:
            households[key] = HouseholdPlan(sheet, person.grid_name, number)
            plan.households.append(households[key])
        current = households[key]
        current.members.append(person)
        if person.relation == "户主" and sum(p.relation == "户主" for p in current.members) > 1:
            first = next(p for p in current.members if p.relation == "户主")
            person.refuse(mapping.columns_of("relation")[0] if by_relation else None,
                          f"同一户有两个户主（另一个在第{first.source.number}行）",
                          "核对户编号，或把其中一人的与户主关系改正")
    for household in households.values():
        for index, person in enumerate(household.members):
            if person.relation is None:
                person.relation = "户主" if index == 0 and household.head is None else "其他"
            if not person.grid_name:
                person.refuse(None, "不知道这一户放进哪个院落网格",
                              "在“组”或“院落”一列填上组名（如 一组），或把这一户放到以组命名的工作表里")
