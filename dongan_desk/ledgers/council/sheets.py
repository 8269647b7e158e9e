"""红白事报备登记表 as a report sheet in the township's style (FORMS.md §4): one row a filing,
tables and guests summed in 合计. Headers and rows come ready from ``domain.council_print``."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .models import CeremonyFiling
from ...exchange.report_sheet import ReportLayout, save_workbook_atomic, write_report_sheet

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
    return save_workbook_atomic(wb, Path(target))
