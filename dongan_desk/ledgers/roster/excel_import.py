"""导入花名册: bring a village's own Excel roster in (issue 12).

The steps a dialog (or ``main.py import-roster``) walks through::

    book = open_roster(path)                 # read every sheet, find headers, guess columns
    sheet.mapping.set(column, "id_number")   # the clerk corrects the guess (FIELDS lists them)
    outcome = preview_import(book, sheets)   # what would be added, skipped, refused; writes nothing
    write_error_list(outcome.problems, …)    # the 错误清单 the clerk fixes and imports again
    outcome = confirm_import(book, sheets)   # the same, in one committed transaction

Every person goes through the roster's own rules (``save_grid``, ``save_household``,
``save_resident``), so an imported person is what the form would have saved. The preview runs
exactly the import and rolls it back, so what it shows is what confirming does.

Decisions, for the clerk's sake: a household with any row refused is left out whole (its rows go
into the 错误清单 together, so importing that list again brings the whole household); people
already in the database (same ID number, else same name in the same household) are skipped,
never changed; households already there are never moved to another grid; a person without an ID
number keeps the sheet's 性别 and 出生日期 (with one, the ID number decides).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from ...errors import ValidationError
from ...units import home_unit
from ...store import audit
from ...store.database import db
from ...store.models import Category, Unit

from .excel_import_errors import RowProblem, default_error_list_path, merge_by_row, write_error_list
from .excel_import_fields import FIELDS, field_label
from .excel_import_plan import plan_import
from .excel_import_read import (
    ColumnMapping,
    RosterFileError,
    RosterSheet,
    RosterWorkbook,
    read_roster_workbook,
)
from .excel_import_write import ImportOutcome, RosterWriter

__all__ = [
    "FIELDS", "ColumnMapping", "ImportOutcome", "RosterFileError", "RosterSheet", "RosterWorkbook",
    "RowProblem", "category_names", "chosen_sheets", "confirm_import", "default_error_list_path", "field_label",
    "open_roster", "preview_import", "write_error_list",
]


def category_names(unit: Unit) -> list[str]:
    return [c.name for c in Category.select(Category.name)
            .where(Category.unit == unit, Category.active == True)  # noqa: E712
            .order_by(Category.group, Category.sort_order)]


def open_roster(path: Path) -> RosterWorkbook:
    """Read the clerk's workbook on this village PC; raises RosterFileError (Chinese)."""
    return read_roster_workbook(Path(path), category_names(_village()))


Progress = Callable[[int, int], None]  # (households done, households in all), for a progress bar


def preview_import(book: RosterWorkbook, sheets: list[str] | None = None, today: dt.date | None = None,
                   progress: Progress | None = None) -> ImportOutcome:
    """What confirming would do, computed by doing it and rolling it back. ``sheets``: names
    of the sheets to import (default: every sheet with a header)."""
    return _run(book, sheets, today, commit=False, progress=progress)


def confirm_import(book: RosterWorkbook, sheets: list[str] | None = None, today: dt.date | None = None,
                   before_write: Callable[[], object] | None = None,
                   progress: Progress | None = None) -> ImportOutcome:
    """Import in one transaction: on any failure the database stays as it was.
    ``before_write`` runs first (the caller's backup)."""
    if before_write is not None:
        _village()  # refuse on the township before a backup is made for nothing
        before_write()
    return _run(book, sheets, today, commit=True, progress=progress)


def chosen_sheets(book: RosterWorkbook, names: list[str] | None) -> list[RosterSheet]:
    """The named sheets, or every sheet with a header; RosterFileError when none can be read."""
    sheets = [book.sheet(n) for n in names] if names else book.recognised
    for sheet in sheets:
        if not sheet.recognised:
            raise RosterFileError(f"工作表“{sheet.name}”的前10行里没有找到标题行。标题行要有“姓名”一列，"
                                  "以及身份证号、与户主关系、住址、电话、组等中的至少一列。")
    if not sheets:
        raise RosterFileError(f"{book.path.name} 的各工作表前10行里都没有找到标题行（要有“姓名”一列，以及身份证号、"
                              "与户主关系、住址、电话、组等中的至少一列），看不出是花名册。请检查是否选错了文件。")
    return sheets


def _village() -> Unit:
    unit = home_unit()
    if unit.kind != "village":
        raise ValidationError("镇本级的电脑不导入花名册：花名册由各村（社区）在本村电脑上导入，再报送到镇里。")
    return unit


def _run(book: RosterWorkbook, names: list[str] | None, today: dt.date | None, commit: bool,
         progress: Progress | None) -> ImportOutcome:
    unit = _village()
    today = today or dt.date.today()
    sheets = chosen_sheets(book, names)
    plan = plan_import(sheets, category_names(unit), today)
    outcome = ImportOutcome(committed=commit, rows_read=len(plan.rows), notes=list(plan.sheet_notes))
    for sheet in sheets:
        if sheet.skipped:
            outcome.notes.append(f"工作表“{sheet.name}”跳过了" +
                                 "、".join(f"{kind}{n}行" for kind, n in sheet.skipped.items()) + "。")
    with db.atomic() as transaction:
        writer = RosterWriter(unit, outcome, today)
        for done, household in enumerate(plan.households, start=1):
            writer.household(household)
            if progress is not None:
                progress(done, len(plan.households))
        for person in plan.party_rows:
            writer.mark_party(person)
        outcome.problems += [p for person in plan.loose_rows for p in person.problems]
        writer.finish()
        if commit:  # each person is a row of the trail already; this one says where they came from
            audit.record("import", record_type="花名册", name=book.path.name,
                         detail=" ".join(outcome.summary_lines()[:2]))
        else:
            transaction.rollback()
    outcome.problems = merge_by_row(outcome.problems)
    return outcome


