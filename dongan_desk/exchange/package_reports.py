"""The report sheets inside a village's 报送包: what the township reads and prints without
opening the data sheets (FORMS.md §4) — 网格及党员网格员, 结对帮扶情况, 红白事报备登记,
矛盾纠纷排查调处台账 and its statistics by category and by tier, for the year so far."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..ledgers.council.print_data import register_headers, register_rows
from ..ledgers.mediation.stats import Period
from ..ledgers.pairing.publicity import HEADERS as PAIRING_HEADERS
from ..ledgers.pairing.publicity import notice_members, notice_rows
from ..ledgers.roster.queries import grid_tree
from ..store.models import Grid, Unit
from ..ledgers.council.sheets import write_ceremony_sheet
from ..ledgers.mediation.sheets import (CATEGORY_SHEET, LEDGER_SHEET, TIER_SHEET, ReportScope,
                                        write_category_sheet, write_ledger_sheet, write_tier_sheet)
from ..ledgers.pairing.sheets import SHEET_TITLE as PAIRING_SHEET
from ..ledgers.pairing.sheets import fill_pairing_sheet
from .report_sheet import write_report_sheet

Fill = Callable[[Any], object]
GRID_SHEET = "网格及党员网格员"


def village_reports(unit: Unit, today: dt.date) -> list[tuple[str, Fill]]:
    year = Period(dt.date(today.year, 1, 1), today)
    period = f"{today.year}年1月1日至{today:%m月%d日}"
    scope = ReportScope([unit.id], unit.name, year, f"{today.year}年", today)
    pairing_keys = tuple(PAIRING_HEADERS)
    pairing_rows = [r.values(pairing_keys) for r in notice_rows(notice_members(unit.id), public=False)]
    return [
        (GRID_SHEET, lambda ws: _grid_sheet(ws, unit, period, today)),
        (PAIRING_SHEET, lambda ws: fill_pairing_sheet(
            ws, unit_name=unit.name, headers=[PAIRING_HEADERS[k] for k in pairing_keys],
            rows=pairing_rows, fill_date=today)),
        ("红白事报备登记表", lambda ws: write_ceremony_sheet(
            ws, unit_name=unit.name, period=period, fill_date=today,
            headers=register_headers(False), rows=register_rows([unit.id], year.start, year.end))),
        (LEDGER_SHEET, lambda ws: write_ledger_sheet(ws, scope)),
        (CATEGORY_SHEET, lambda ws: write_category_sheet(ws, scope)),
        (TIER_SHEET, lambda ws: write_tier_sheet(ws, scope)),
    ]


def _grid_sheet(ws, unit: Unit, period: str, today: dt.date) -> None:
    """One row per courtyard grid: who answers for it, its 院落长 and 网格员, and its people."""
    nodes = sorted((n for n in grid_tree([unit.id]) if n.level == 3), key=lambda n: n.name)
    work_groups = dict(Grid.select(Grid.id, Grid.work_group).where(Grid.unit == unit).tuples())
    rows = [[n.name, n.first_responsible, work_groups.get(n.id, ""), "、".join(n.heads),
             "、".join(n.workers), n.party_workers, "否" if n.lacks_party_worker else "是",
             n.households, n.residents, n.party_members] for n in nodes]
    write_report_sheet(
        ws, title=f"{unit.name}院落式网格及党员网格员情况表", unit_name=unit.name, period=period,
        fill_date=today,
        headers=[Grid.label("name"), Grid.label("first_responsible"), Grid.label("work_group"),
                 "院落长（点长）", "网格员", "党员网格员数", "有党员网格员", "户数", "人数", "党员数"],
        rows=rows, total_row=[5, 7, 8, 9], col_widths=[14, 12, 28, 12, 24, 8, 8, 8, 8, 8])
