"""党员结对帮扶公示表 as a report sheet in the township's style (FORMS.md §4): the same table as the
notice board's PDF, in its internal form (everyone named, with categories), plus the number of
households each member helps and their total. Rows come ready from ``domain.pairing_publicity``."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook

from ...exchange.report_sheet import save_workbook_atomic, write_report_sheet

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
    return save_workbook_atomic(wb, Path(target))
