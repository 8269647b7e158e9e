"""The roster's report sheets: 网格及党员网格员 in a village's 报送包 (one row a courtyard grid),
网格汇总 in the township's 全镇汇总表 (one row a village), and the 花名册 exported from the roster
tab (one row a person, in the township's report style). Counts are of people 在册."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Sequence

from openpyxl import Workbook

from ...exchange.report_sheet import save_workbook_atomic, write_report_sheet
from ...exchange.report_specs import ReportSpec
from ...store.models import Grid, Household, Resident, Unit
from .queries import RosterLine, grid_tree

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


# ---- the 花名册 ------------------------------------------------------------------------------

ROSTER_TITLE = "网格花名册"


def roster_title(unit_name: str, scope: str) -> str:
    """兴田村网格花名册（张家院子） / 兴田村网格花名册（全村）."""
    return f"{unit_name}{ROSTER_TITLE}（{scope}）"


def roster_headers(with_grid: bool, with_status: bool) -> list[str]:
    return [*([Household.label("grid")] if with_grid else []), Household.label("household_no"),
            Household.label("address"), Resident.label("name"), Resident.label("relation"),
            Resident.label("gender"), Resident.label("birth_date"), "年龄",
            Resident.label("id_number"), Resident.label("phone"), Resident.label("is_party_member"),
            "困难/特殊群体", *([Resident.label("status"), Resident.label("status_on"),
                            Resident.label("status_note")] if with_status else [])]


def roster_row(line: RosterLine, with_grid: bool, with_status: bool, masked: bool) -> list:
    return [*([line.grid_name] if with_grid else []), line.household_no, line.address, line.name,
            line.relation, line.gender, line.birth_date, line.age,
            line.id_masked if masked else line.id_number, line.phone, line.party, line.groups,
            *([line.status, line.status_on, line.status_note] if with_status else [])]


def household_count(lines: Sequence[RosterLine]) -> int:
    return len({line.household_id for line in lines})


def write_roster_workbook(target: Path, *, unit_name: str, scope: str,
                          lines: Sequence[RosterLine], with_grid: bool, with_status: bool,
                          masked: bool, fill_date: dt.date) -> Path:
    """The 花名册 as one township-style sheet (title, 填报单位, 序号, 合计 of households and
    people, the signature line; A4 landscape, fit to width), saved atomically at ``target``.
    ``masked``: ID numbers as the lists show them (``500229********123X``)."""
    headers = roster_headers(with_grid, with_status)
    rows = [roster_row(line, with_grid, with_status, masked) for line in lines]
    name_at = headers.index(Resident.label("name"))
    totals = {name_at: f"共{len(rows)}人", name_at - 1: f"共{household_count(lines)}户"}
    widths = {Household.label("grid"): 14, Household.label("household_no"): 9,
              Household.label("address"): 26, Resident.label("name"): 10,
              Resident.label("relation"): 8, Resident.label("gender"): 6,
              Resident.label("birth_date"): 12, "年龄": 6, Resident.label("id_number"): 21,
              Resident.label("phone"): 14, Resident.label("is_party_member"): 6,
              "困难/特殊群体": 18, Resident.label("status"): 9, Resident.label("status_on"): 12,
              Resident.label("status_note"): 20}
    wb = Workbook()
    ws = wb.active
    ws.title = scope[:31] or ROSTER_TITLE
    write_report_sheet(ws, title=roster_title(unit_name, scope), unit_name=unit_name,
                       period=f"截至{fill_date:%Y-%m-%d}", fill_date=fill_date, headers=headers,
                       rows=rows, total_row=totals, col_widths=[widths.get(h) for h in headers])
    return save_workbook_atomic(wb, Path(target), names_people=f"{unit_name}（{scope}）")
