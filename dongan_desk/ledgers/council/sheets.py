"""红白事报备登记表 as a report sheet in the township's style (FORMS.md §4): one row a filing,
tables and guests summed in 合计. Headers and rows come ready from ``print_data.py``."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ...exchange.report_sheet import ReportLayout, save_workbook_atomic, write_report_sheet
from ...exchange.report_specs import ReportSpec
from .models import CEREMONY_KINDS, CeremonyFiling
from .print_data import register_headers, register_rows

SHEET_TITLE = "红白事报备登记表"
_L = CeremonyFiling.label
# Wide text columns wrap rather than run off the landscape page.
WIDTHS = {"村（社区）": 14, _L("subject"): 22, _L("place"): 16, _L("breaches"): 30, _L("outcome"): 18}
TOTALS = (_L("tables"), _L("guests"))


def ceremony_title(unit_name: str, period: str) -> str:
    return f"{unit_name}{SHEET_TITLE}（{period}）"


def write_ceremony_sheet(ws: Worksheet, *, unit_name: str, period: str, fill_date: date,
                         headers: Sequence[str], rows: Sequence[Sequence[object]]) -> ReportLayout:
    """Fill an empty worksheet (e.g. one sheet of the 报送包) with the 登记表."""
    ws.title = SHEET_TITLE
    return write_report_sheet(
        ws, title=ceremony_title(unit_name, period), unit_name=unit_name, period=period,
        fill_date=fill_date, headers=list(headers), rows=[list(r) for r in rows],
        total_row=[h for h in TOTALS if h in headers],
        col_widths=[WIDTHS.get(h) for h in headers])


def write_ceremony_workbook(target: Path, *, unit_name: str, period: str, fill_date: date,
                            headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """The 登记表 as its own workbook at ``target`` (atomically)."""
    wb = Workbook()
    write_ceremony_sheet(wb.active, unit_name=unit_name, period=period, fill_date=fill_date,
                         headers=headers, rows=rows)
    return save_workbook_atomic(wb, Path(target), names_people=f"{unit_name}（{period}）")


def report_sheets(unit, today: date) -> list:
    """The 报送包's 红白事报备登记表: this year's filings so far."""
    start = date(today.year, 1, 1)
    period = f"{today.year}年1月1日至{today.month}月{today.day}日"
    return [(SHEET_TITLE, lambda ws: write_ceremony_sheet(
        ws, unit_name=unit.name, period=period, fill_date=today,
        headers=register_headers(False), rows=register_rows([unit.id], start, today)))]


def summary_sheets(units: list, today: date, common: dict) -> list[ReportSpec]:
    """The 全镇汇总表's 红白事报备: this year's filings a village, by kind."""
    kinds = [code for code, _ in CEREMONY_KINDS]
    labels = dict(CEREMONY_KINDS)
    counts = Counter(
        (unit_id, kind) for unit_id, kind in
        CeremonyFiling.select(CeremonyFiling.unit, CeremonyFiling.kind)
        .where(CeremonyFiling.start_on.between(date(today.year, 1, 1), date(today.year, 12, 31)))
        .tuples())
    rows = [[u.name, *[counts[(u.id, k)] for k in kinds], sum(counts[(u.id, k)] for k in kinds)]
            for u in units]
    headers = ["村（社区）", *[labels[k] for k in kinds], "合计"]
    return [ReportSpec("红白事报备", "东安镇红白事报备情况汇总表", headers, rows,
                       total_row=list(range(1, len(headers))), **common)]
