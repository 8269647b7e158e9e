"""Mediation workbooks in the township report style (FORMS.md §4): the 矛盾纠纷排查调处台账 and
the statistics by category and by tier of the ladder, one sheet each, in one file.

Headers come from the models' labels; figures from ``stats.py``; layout, safe
cells and the atomic save from ``report_sheet``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.drawing.spreadsheet_drawing import AbsoluteAnchor
from openpyxl.drawing.xdr import XDRPoint2D, XDRPositiveSize2D
from openpyxl.worksheet.page import PageMargins, PrintPageSetup

from .stats import Period, by_category, by_tier, ledger
from .models import Agreement, Dispute, MediationStep
from .models import TIER_MEDIATORS
from ...exchange.report_sheet import SUM, save_workbook_atomic, write_report_sheet
from ...exchange.report_specs import ReportSpec

TOWN_NAME = "东安镇"
LEDGER_SHEET, CATEGORY_SHEET, TIER_SHEET = "矛盾纠纷排查调处台账", "按纠纷类型统计", "按调解层级统计"
PERCENT = "0.0%"


@dataclass(frozen=True)
class ReportScope:
    """Whose cases, over which period, and how the title names them."""

    unit_ids: list[int] | None
    unit_name: str          # 兴田村, or 东安镇 on the township PC
    period: Period
    period_name: str        # 2026年第4季度
    fill_date: dt.date
    show_unit: bool = False  # a 单位 column on the township's register

    @property
    def title_prefix(self) -> str:
        return self.unit_name if self.unit_name.startswith(TOWN_NAME) else TOWN_NAME + self.unit_name


def _common(scope: ReportScope) -> dict:
    return {"unit_name": scope.unit_name, "period": scope.period.text, "fill_date": scope.fill_date}


def write_ledger_sheet(ws, scope: ReportScope) -> None:
    rows = ledger(scope.unit_ids, scope.period)
    headers = ["编号", Dispute.label("accepted_on"), Dispute.label("source"), Dispute.label("category"),
               "当事人", Dispute.label("facts"), Dispute.label("amount"), Dispute.label("risk_level"),
               "调解经过（四调）", MediationStep.label("mediators"), Dispute.label("status"),
               Dispute.label("closed_on"), Agreement.label("kind"), Agreement.label("amount"),
               Agreement.label("performance"), "司法确认申请截止日", "回访次数"]
    data = [[r.number, r.accepted_on, r.source, r.category, r.parties, r.facts, r.amount, r.risk,
             r.path, r.mediators, r.status, r.closed_on, r.agreement_kind, r.agreement_amount,
             r.performance, r.confirmation_deadline, r.follow_ups] for r in rows]
    widths = [24, 11, 12, 12, 18, 40, 12, 8, 36, 30, 12, 11, 10, 12, 10, 12, 8]
    if scope.show_unit:
        headers.insert(0, Dispute.label("unit"))
        data = [[r.unit_name, *row] for r, row in zip(rows, data)]
        widths.insert(0, 16)
    write_report_sheet(ws, title=f"{scope.title_prefix}矛盾纠纷排查调处台账（{scope.period_name}）",
                       headers=headers, rows=data, col_widths=widths,
                       total_row={Dispute.label("amount"): SUM, Agreement.label("amount"): SUM,
                                  "回访次数": SUM},
                       **_common(scope))


def write_category_sheet(ws, scope: ReportScope) -> None:
    stats = by_category(scope.unit_ids, scope.period)
    headers = [Dispute.label("category"), "受理件数", "调解成功件数", "成功率", "书面协议", "口头协议",
               Agreement.label("amount")]
    rows = [[s.category, s.accepted, s.settled, s.rate, s.written, s.oral, s.amount] for s in stats]
    accepted, settled = sum(s.accepted for s in stats), sum(s.settled for s in stats)
    write_report_sheet(ws, title=f"{scope.title_prefix}人民调解工作统计表（{scope.period_name}）",
                       headers=headers, rows=rows, col_widths=[16, 10, 13, 10, 10, 10, 18],
                       number_formats={"成功率": PERCENT},
                       total_row={"受理件数": SUM, "调解成功件数": SUM, "书面协议": SUM, "口头协议": SUM,
                                  Agreement.label("amount"): SUM,
                                  # the town's rate, not a sum of rates
                                  "成功率": settled / accepted if accepted else None},
                       **_common(scope))


def write_tier_sheet(ws, scope: ReportScope) -> None:
    stats = by_tier(scope.unit_ids, scope.period)
    settled = sum(s.settled for s in stats)
    headers = [MediationStep.label("tier"), "调解主体", "从此级开始（件）", "经此级调解（件）",
               "在此级调解成功（件）", "上升至上一级（件）", "此级调解不成终结（件）", "占调解成功总数"]
    rows = [[s.name, TIER_MEDIATORS[s.tier], s.started, s.mediated, s.settled, s.escalated,
             s.failed, s.settled / settled if settled else None] for s in stats]
    # 经此级调解 is not summed: a case mediated at two tiers would count twice.
    write_report_sheet(ws, title=f"{scope.title_prefix}“四调”分级调处统计表（{scope.period_name}）",
                       headers=headers, rows=rows, col_widths=[14, 40, 12, 12, 14, 14, 16, 12],
                       number_formats={"占调解成功总数": PERCENT},
                       total_row={"从此级开始（件）": SUM, "在此级调解成功（件）": SUM,
                                  "上升至上一级（件）": SUM, "此级调解不成终结（件）": SUM,
                                  "占调解成功总数": 1.0 if settled else None},
                       **_common(scope))


def write_mediation_workbook(target: Path, scope: ReportScope) -> Path:
    """The register and both statistics in one workbook, saved atomically."""
    wb = Workbook()
    sheets = ((LEDGER_SHEET, write_ledger_sheet), (CATEGORY_SHEET, write_category_sheet),
              (TIER_SHEET, write_tier_sheet))
    for n, (name, write) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        write(ws, scope)
    return save_workbook_atomic(wb, Path(target),
                                names_people=f"{scope.title_prefix}（{scope.period_name}）")


def report_sheets(unit, today: dt.date) -> list:
    """The 报送包's 台账 and its two statistics, for the year so far."""
    year = Period(dt.date(today.year, 1, 1), today)
    scope = ReportScope([unit.id], unit.name, year, f"{today.year}年", today)
    return [(LEDGER_SHEET, lambda ws: write_ledger_sheet(ws, scope)),
            (CATEGORY_SHEET, lambda ws: write_category_sheet(ws, scope)),
            (TIER_SHEET, lambda ws: write_tier_sheet(ws, scope))]


SUMMARY_TIER_NAMES = ("院户亲情调", "村规民约调", "支部说事调", "司法权威调")


def summary_sheets(units: list, today: dt.date, common: dict) -> list[ReportSpec]:
    """The 全镇汇总表's 纠纷分类统计 and 四调层级 (with its chart), for the whole year."""
    year = Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    stats = by_category([u.id for u in units], year)
    rows = [[s.category, s.accepted, s.settled, s.rate, s.written, s.oral, s.amount] for s in stats]
    accepted, settled = sum(s.accepted for s in stats), sum(s.settled for s in stats)
    categories = ReportSpec(
        "纠纷分类统计", "东安镇矛盾纠纷调解分类统计表",
        ["纠纷类别", "受理件数", "调解成功件数", "成功率", "书面协议", "口头协议", "协议涉及金额（元）"],
        rows, total_row={1: SUM, 2: SUM, 3: settled / accepted if accepted else None,
                         4: SUM, 5: SUM, 6: SUM},
        number_formats={3: "0.0%"}, **common)
    rows = []
    for unit in units:
        tiers = by_tier([unit.id], year)
        rows.append([unit.name, *[s.settled for s in tiers], sum(s.settled for s in tiers),
                     sum(s.started for s in tiers)])
    tiers = ReportSpec("四调层级", "东安镇“四调”各层级化解情况汇总表（按调解成功所在层级）",
                       ["村（社区）", *SUMMARY_TIER_NAMES, "调解成功合计", "受理件数"],
                       rows, total_row=[1, 2, 3, 4, 5, 6],
                       after=lambda ws: _tier_chart(ws, len(units)), **common)
    return [categories, tiers]


TIER_CHART_SHEET = "四调层级图"


def _tier_chart(ws, village_count: int) -> None:
    """Stacked bars: each village's settled cases by the tier that settled them, on a chart
    sheet of its own after the table (anchored under the table it spilled onto a page whose
    repeated header rows were drawn over it); a chart sheet prints as one landscape page."""
    if not village_count:
        return
    header_row, first, last = 3, 4, 3 + village_count
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = "各村（社区）矛盾纠纷化解层级（调解成功件数）"
    chart.y_axis.title = "件数"
    chart.y_axis.delete = chart.x_axis.delete = False  # openpyxl 3.1 hides the axes otherwise
    data = Reference(ws, min_col=3, max_col=6, min_row=header_row, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    sheet = ws.parent.create_chartsheet(TIER_CHART_SHEET)
    sheet.pageSetup = PrintPageSetup(paperSize=9, orientation="landscape")  # A4
    sheet.pageMargins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, footer=0.3)
    sheet.add_chart(chart)
    # Excel fills a chart sheet whatever the size; LibreOffice draws the size written (0 × 0 by
    # default): the printable area of an A4 landscape page, in EMU (36,000 a millimetre).
    chart.anchor = AbsoluteAnchor(pos=XDRPoint2D(0, 0), ext=XDRPositiveSize2D(270 * 36000, 175 * 36000))
