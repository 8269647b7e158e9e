"""The township's 汇总表: one workbook for its own report upward — each village a row, the town
a 合计 row, print-ready, with a chart where a picture says more (disputes by tier per village).

Built from the villages' imported snapshots on the township PC (DESIGN §2)."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from .status import village_statuses
from ..ledgers.mediation.stats import Period, by_category, by_tier
from ..ledgers.pairing.coverage import idle_members, overdue_pairings, uncovered_households
from ..ledgers.roster.queries import grid_tree
from ..units import home_unit, villages
from ..ledgers.council.models import CEREMONY_KINDS, CeremonyFiling
from ..ledgers.pairing.models import Pairing
from ..store.models import Resident, Unit
from .report_sheet import SUM, save_workbook_atomic
from .report_specs import ReportSpec, add_report

TIER_NAMES = ("院户亲情调", "村规民约调", "支部说事调", "司法权威调")


def summary_file_name(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"东安台账_全镇汇总表_{today:%Y%m%d}.xlsx"


def summary_specs(today: dt.date | None = None) -> list[ReportSpec]:
    today = today or dt.date.today()
    town = home_unit().name
    year = Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    common = dict(unit_name=town, period=f"{today.year}年1月1日至{today:%m月%d日}", fill_date=today)
    units = villages()
    return [status_spec(units, today, common), grid_spec(units, common),
            pairing_spec(units, today, common), ceremony_spec(units, year, common),
            category_spec(units, year, common), tier_spec(units, year, common)]


def write_summary(target: Path, today: dt.date | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for spec in summary_specs(today):
        ws = add_report(wb, spec)
        if spec.sheet == "四调层级":
            _tier_chart(ws, len(spec.rows))
    return save_workbook_atomic(wb, Path(target))


def status_spec(units: list[Unit], today: dt.date, common: dict) -> ReportSpec:
    rows = [[s.unit.name, s.unit.code, s.last.seq if s.last else None,
             s.last.exported_at if s.last else None, s.last.imported_at if s.last else None,
             s.rows, s.state] for s in village_statuses(today)]
    return ReportSpec("报送情况", "东安镇各村（社区）台账报送情况表",
                      ["村（社区）", "单位代码", "报送序号", "导出时间", "导入时间", "记录数", "状态"],
                      rows, total_row=["记录数"], **common)


def grid_spec(units: list[Unit], common: dict) -> ReportSpec:
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
    return ReportSpec("网格汇总", "东安镇三级网格及党员网格员情况汇总表",
                      ["村（社区）", "村级网格第一责任人", "院落式网格数", "缺党员网格员的院落",
                       "党员网格员", "户数", "人数", "党员数"],
                      rows, total_row=[2, 3, 4, 5, 6, 7], **common)


def pairing_spec(units: list[Unit], today: dt.date, common: dict) -> ReportSpec:
    rows = []
    for unit in units:
        ids = [unit.id]
        members = Resident.select().where(Resident.unit == unit.id,
                                          Resident.is_party_member == True).count()  # noqa: E712
        active = Pairing.select().where(Pairing.unit == unit.id, Pairing.end_date.is_null()).count()
        rows.append([unit.name, members, active, len(idle_members(ids)),
                     len(uncovered_households(ids)), len(overdue_pairings(ids, today=today))])
    return ReportSpec("结对帮扶", "东安镇党员结对帮扶情况汇总表",
                      ["村（社区）", "党员数", "在帮结对", "未结对党员", "未结对的困难/特殊户", "超期未走访"],
                      rows, total_row=[1, 2, 3, 4, 5], **common)


def ceremony_spec(units: list[Unit], year: Period, common: dict) -> ReportSpec:
    kinds = [code for code, _ in CEREMONY_KINDS]
    labels = dict(CEREMONY_KINDS)
    counts = Counter(
        (unit_id, kind) for unit_id, kind in
        CeremonyFiling.select(CeremonyFiling.unit, CeremonyFiling.kind)
        .where(CeremonyFiling.start_on.between(year.start, year.end)).tuples())
    rows = [[u.name, *[counts[(u.id, k)] for k in kinds], sum(counts[(u.id, k)] for k in kinds)]
            for u in units]
    headers = ["村（社区）", *[labels[k] for k in kinds], "合计"]
    return ReportSpec("红白事报备", "东安镇红白事报备情况汇总表", headers, rows,
                      total_row=list(range(1, len(headers))), **common)


def category_spec(units: list[Unit], year: Period, common: dict) -> ReportSpec:
    stats = by_category([u.id for u in units], year)
    rows = [[s.category, s.accepted, s.settled, s.rate, s.written, s.oral, s.amount] for s in stats]
    accepted, settled = sum(s.accepted for s in stats), sum(s.settled for s in stats)
    return ReportSpec("纠纷分类统计", "东安镇矛盾纠纷调解分类统计表",
                      ["纠纷类别", "受理件数", "调解成功件数", "成功率", "书面协议", "口头协议", "协议涉及金额（元）"],
                      rows, total_row={1: SUM, 2: SUM, 3: settled / accepted if accepted else None,
                                       4: SUM, 5: SUM, 6: SUM},
                      number_formats={3: "0.0%"}, **common)


def tier_spec(units: list[Unit], year: Period, common: dict) -> ReportSpec:
    rows = []
    for unit in units:
        stats = by_tier([unit.id], year)
        rows.append([unit.name, *[s.settled for s in stats], sum(s.settled for s in stats),
                     sum(s.started for s in stats)])
    return ReportSpec("四调层级", "东安镇“四调”各层级化解情况汇总表（按调解成功所在层级）",
                      ["村（社区）", *TIER_NAMES, "调解成功合计", "受理件数"],
                      rows, total_row=[1, 2, 3, 4, 5, 6], **common)


def _tier_chart(ws, village_count: int) -> None:
    """Stacked bars: each village's settled cases by the tier that settled them."""
    if not village_count:
        return
    header_row, first, last = 3, 4, 3 + village_count
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = "各村（社区）矛盾纠纷化解层级"
    chart.y_axis.title = "件数"
    data = Reference(ws, min_col=3, max_col=6, min_row=header_row, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.height, chart.width = 9, 22
    ws.add_chart(chart, f"B{last + 4}")
