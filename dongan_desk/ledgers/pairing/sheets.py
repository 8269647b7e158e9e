"""党员结对帮扶公示表 as a report sheet in the township's style (FORMS.md §4): the same table as the
notice board's PDF, in its internal form (everyone named, with categories), plus the number of
households each member helps and their total. Rows come ready from ``publicity.py``."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook

from ...exchange.report_sheet import save_workbook_atomic, write_report_sheet
from ...exchange.report_specs import ReportSpec
from ...store.models import Resident, Unit
from .coverage import idle_members, overdue_pairings, uncovered_households
from .models import Pairing
from .publicity import notice_table

SHEET_TITLE = "党员结对帮扶公示表"
# name, identity, commitment, duties, targets, help, households
WIDTHS = (10, 18, 30, 30, 40, 34, 10)


def fill_pairing_sheet(ws, *, unit_name: str, headers: Sequence[str],
                       rows: Sequence[Sequence[object]], fill_date: date) -> None:
    """Lay the table out on an empty worksheet; the last column is summed in 合计."""
    ws.title = SHEET_TITLE
    write_report_sheet(ws, title=f"{unit_name}{SHEET_TITLE}", unit_name=unit_name,
                       period=f"截至{fill_date:%Y-%m-%d}", fill_date=fill_date,
                       headers=list(headers), rows=[list(r) for r in rows],
                       total_row=[len(headers) - 1], col_widths=WIDTHS)


def write_pairing_sheet(target: Path, *, unit_name: str, headers: Sequence[str],
                        rows: Sequence[Sequence[object]], fill_date: date) -> Path:
    """Write the workbook at ``target`` (atomically)."""
    wb = Workbook()
    fill_pairing_sheet(wb.active, unit_name=unit_name, headers=headers, rows=rows,
                       fill_date=fill_date)
    return save_workbook_atomic(wb, Path(target), names_people=unit_name)


def report_sheets(unit: Unit, today: date) -> list:
    """The 报送包's 党员结对帮扶公示表 (the internal form: everyone named)."""
    headers, rows = notice_table(unit.id, public=False)
    return [(SHEET_TITLE, lambda ws: fill_pairing_sheet(
        ws, unit_name=unit.name, headers=headers, rows=rows, fill_date=today))]


def summary_sheets(units: list[Unit], today: date, common: dict) -> list[ReportSpec]:
    """The 全镇汇总表's 结对帮扶: members, active pairings and the three coverage lists a village."""
    rows = []
    for unit in units:
        ids = [unit.id]
        members = Resident.select().where(Resident.unit == unit.id, Resident.status == "active",
                                          Resident.is_party_member == True).count()  # noqa: E712
        active = Pairing.select().where(Pairing.unit == unit.id, Pairing.end_date.is_null()).count()
        rows.append([unit.name, members, active, len(idle_members(ids)),
                     len(uncovered_households(ids)), len(overdue_pairings(ids, today=today))])
    return [ReportSpec("结对帮扶", "东安镇党员结对帮扶情况汇总表",
                       ["村（社区）", "党员数", "在帮结对", "未结对党员", "未结对的困难/特殊户", "超期未走访"],
                       rows, total_row=[1, 2, 3, 4, 5], **common)]
