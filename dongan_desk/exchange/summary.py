"""The township's 汇总表: one workbook for its own report upward — each village a row, the town
a 合计 row, print-ready, with a chart where a picture says more (disputes by tier per village).

Built from the villages' imported snapshots on the township PC (DESIGN §2): the 报送情况 sheet
here, then each ledger's sheets from the registry."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from ..ledgers.registry import LEDGERS, load
from ..store.models import Unit
from ..units import home_unit, villages
from .report_sheet import save_workbook_atomic
from .report_specs import ReportSpec, add_report
from .status import village_statuses

def summary_file_name(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"东安台账_全镇汇总表_{today:%Y%m%d}.xlsx"


def summary_specs(today: dt.date | None = None) -> list[ReportSpec]:
    today = today or dt.date.today()
    town = home_unit().name
    common = dict(unit_name=town, period=f"{today.year}年1月1日至{today.month}月{today.day}日", fill_date=today)
    units = villages()
    return [status_spec(units, today, common),
            *(spec for ledger in LEDGERS for spec in load(ledger.summary_sheets)(units, today, common))]


def write_summary(target: Path, today: dt.date | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    added = [(add_report(wb, spec), spec) for spec in summary_specs(today)]
    # Then the charts, each on a sheet of its own after every table: openpyxl numbers a sheet's
    # print titles and filter (localSheetId) among the worksheets, Excel among all the sheets,
    # so a chart sheet between two tables hands the later table's title rows to another sheet.
    for ws, spec in added:
        if spec.after is not None:
            spec.after(ws)
    return save_workbook_atomic(wb, Path(target))


def status_spec(units: list[Unit], today: dt.date, common: dict) -> ReportSpec:
    rows = [[s.unit.name, s.unit.code, s.last.seq if s.last else None,
             s.last.exported_at if s.last else None, s.last.imported_at if s.last else None,
             s.rows, s.state] for s in village_statuses(today)]
    return ReportSpec("报送情况", "东安镇各村（社区）台账报送情况表",
                      ["村（社区）", "单位代码", "报送序号", "导出时间", "导入时间", "记录数", "状态"],
                      rows, total_row=["记录数"], **common)
