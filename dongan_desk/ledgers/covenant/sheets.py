"""村规民约 as report sheets in the township's style (FORMS.md §4): in a village's 报送包 the
versions with the dates of their path, and the delivery per courtyard grid; in the 全镇汇总表
one row a village (现行版本, 审定日期, 备案, 发放进度)."""
from __future__ import annotations

from datetime import date

from openpyxl.worksheet.worksheet import Worksheet

from ...exchange.report_sheet import write_report_sheet
from ...exchange.report_specs import ReportSpec
from .delivery import progress_by_grid, unit_progress
from .models import VillageCovenant
from .steps import ORDER, STEP_NAMES, steps_of
from .versions import clause_count, current_version, status_text, versions_of

VERSIONS_SHEET = "村规民约制定情况"
DELIVERY_SHEET = "村规民约发放情况"
RATE = "0.0%"


def version_headers() -> list[str]:
    return ["版本", VillageCovenant.label("title"), "条款数", *[f"{STEP_NAMES[k]}日期" for k in ORDER], "状态"]


def version_rows(unit) -> list[list]:
    rows = []
    for covenant in versions_of(unit):
        done = steps_of(covenant)
        rows.append([f"第{covenant.version}版", covenant.title, clause_count(covenant),
                     *[done[k].held_on if k in done else None for k in ORDER], status_text(covenant)])
    return rows


def delivery_rows(unit) -> list[list]:
    return [[p.grid_name, p.households, p.delivered, p.missing,
             p.delivered / p.households if p.households else None] for p in progress_by_grid(unit)]


DELIVERY_HEADERS = ["院落式网格", "在册户", "已发放", "未发放", "发放率"]


def _write_versions(ws: Worksheet, unit, today: date) -> None:
    ws.title = VERSIONS_SHEET
    write_report_sheet(ws, title=f"{unit.name}{VERSIONS_SHEET}", unit_name=unit.name,
                       period=f"截至{today.year}年{today.month}月{today.day}日", fill_date=today,
                       headers=version_headers(), rows=version_rows(unit),
                       col_widths=[8, 22, 8, *[12] * len(ORDER), 20])


def _write_delivery(ws: Worksheet, unit, today: date) -> None:
    ws.title = DELIVERY_SHEET
    covenant = current_version(unit)
    which = f"现行第{covenant.version}版" if covenant else "无现行版本"
    write_report_sheet(ws, title=f"{unit.name}{DELIVERY_SHEET}（{which}）", unit_name=unit.name,
                       period=f"截至{today.year}年{today.month}月{today.day}日", fill_date=today,
                       headers=DELIVERY_HEADERS, rows=delivery_rows(unit),
                       total_row=["在册户", "已发放", "未发放"],
                       number_formats={"发放率": RATE})


def report_sheets(unit, today: date) -> list:
    """The 报送包's two 村规民约 sheets."""
    return [(VERSIONS_SHEET, lambda ws: _write_versions(ws, unit, today)),
            (DELIVERY_SHEET, lambda ws: _write_delivery(ws, unit, today))]


SUMMARY_HEADERS = ["村（社区）", "现行版本", "条款数", "审定日期", "备案日期", "公布日期", "在册户",
                   "已发放", "发放进度"]


def summary_rows(units: list) -> list[list]:
    current = {c.unit_id: c for c in VillageCovenant.select().where(VillageCovenant.is_current == True)}  # noqa: E712
    progress = unit_progress([u.id for u in units])
    rows = []
    for unit in units:
        c = current.get(unit.id)
        households, reached = progress.get(unit.id, (0, 0))
        rows.append([unit.name, f"第{c.version}版" if c else "无", clause_count(c) if c else 0,
                     c.adopted_on if c else None, c.filed_on if c else None, c.posted_on if c else None,
                     households, reached, reached / households if households else None])
    return rows


def summary_sheets(units: list, today: date, common: dict) -> list[ReportSpec]:
    """The 全镇汇总表's 村规民约: each village's 现行 version, its dates and delivery."""
    return [ReportSpec("村规民约", "东安镇村规民约制定及发放情况汇总表", SUMMARY_HEADERS, summary_rows(units),
                       total_row=["在册户", "已发放"], number_formats={"发放进度": RATE},
                       col_widths=[16, 10, 8, 12, 12, 12, 10, 10, 10], **common)]
