"""The roster's report sheets: 网格及党员网格员 in a village's 报送包 (one row a courtyard grid) and
网格汇总 in the township's 全镇汇总表 (one row a village)."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ...exchange.report_sheet import write_report_sheet
from ...exchange.report_specs import ReportSpec
from ...store.models import Grid, Unit
from .queries import grid_tree

GRID_SHEET = "网格及党员网格员"


def report_sheets(unit: Unit, today: dt.date) -> list[tuple[str, Callable[[Any], object]]]:
    period = f"{today.year}年1月1日至{today:%m月%d日}"
    return [(GRID_SHEET, lambda ws: _grid_sheet(ws, unit, period, today))]


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


def summary_sheets(units: list[Unit], today: dt.date, common: dict) -> list[ReportSpec]:
    nodes = grid_tree([u.id for u in units])
    rows = []
    for unit in units:
        mine = [n for n in nodes if n.unit_id == unit.id]
        courtyards = [n for n in mine if n.level == 3]
        village = next((n for n in mine if n.level == 2), None)
        rows.append([unit.name, village.first_responsible if village else "", len(courtyards),
                     sum(n.lacks_party_worker for n in courtyards),
                     sum(n.party_workers for n in courtyards),
                     sum(n.households for n in courtyards), sum(n.residents for n in courtyards),
                     sum(n.party_members for n in courtyards)])
    return [ReportSpec("网格汇总", "东安镇三级网格及党员网格员情况汇总表",
                       ["村（社区）", "村级网格第一责任人", "院落式网格数", "缺党员网格员的院落",
                        "党员网格员", "户数", "人数", "党员数"],
                       rows, total_row=[2, 3, 4, 5, 6, 7], **common)]
