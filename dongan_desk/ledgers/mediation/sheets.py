"""Mediation workbooks in the township report style (FORMS.md §4): the 矛盾纠纷排查调处台账 and
the statistics by category and by tier of the ladder, one sheet each, in one file.

Headers come from the models' labels; figures from ``domain.mediation_stats``; layout, safe
cells and the atomic save from ``report_sheet``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from .stats import Period, by_category, by_tier, ledger
from .models import Agreement, Dispute, MediationStep
from .models import TIER_MEDIATORS
from ...exchange.report_sheet import SUM, save_workbook_atomic, write_report_sheet

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
    return save_workbook_atomic(wb, Path(target))
