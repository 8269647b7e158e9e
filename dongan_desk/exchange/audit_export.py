"""The audit trail as a workbook for the 管理员 (and whoever checks the office): one sheet in the
township's report style, A4 landscape, the result of the chain's check on its last line.

Called by the 审计记录 window and by ``main.py audit export``; exporting is itself a row of the
trail ("export", the file in its 说明)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from ..errors import ValidationError
from ..store import audit, session
from ..store.models.accounts import AuditEntry
from ..store.models.base import now
from .report_sheet import save_workbook_atomic, write_report_sheet

SHEET = "审计记录"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
CENTRE = Alignment(horizontal="center", vertical="center")
# The columns after 序号, in AuditEntry's order, and where a long text wraps: the page is A4
# (what every office printer has), so the changes wrap at 40 and the hash in three lines.
COLUMNS = ("at", "account", "action", "record_type", "record_name", "record_uid", "changes",
           "detail", "hash")
WIDTHS = {"record_name": 20, "changes": 40, "detail": 24, "hash": 24}


def _label(field: str) -> str:
    return AuditEntry._meta.fields[field].verbose_name


def _cells(entry: AuditEntry) -> list[Any]:
    values = {"action": audit.action_label(entry.action), "changes": audit.changes_text(entry)}
    return [values.get(field, getattr(entry, field)) for field in COLUMNS]


def chain_line() -> str:
    """What ``verify_chain`` says of the whole trail, in one sentence (or one per problem)."""
    problems = audit.verify_chain()
    count = audit.chain_head()[0]
    if not problems:
        return (f"链式校验：本机全部 {count} 条审计记录首尾相接，没有发现改动或删除"
                f"（校验于 {now():%Y-%m-%d %H:%M:%S}）。")
    return "链式校验：发现问题，请立即告诉管理员，保留这台电脑和最近的备份。\n" + \
        "\n".join(problem.message for problem in problems)


def export_audit(target: Path, entries: list[AuditEntry]) -> Path:
    """Write ``entries`` (in 序号 order, whatever order they come in) to the .xlsx ``target``,
    atomically; then record the export. Requires the AUDIT permission. Raises
    ``fileio.FileWriteError`` (Chinese) when the file cannot be written."""
    session.require(session.AUDIT)
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError("审计记录导出为 Excel 工作簿：文件名请以 .xlsx 结尾。")
    from ..units import home_unit
    home, who, when = home_unit(), session.current(), now()
    rows = sorted(entries, key=lambda entry: entry.id)
    span = f"共 {len(rows)} 条（序号 {rows[0].id}–{rows[-1].id}）" if rows else "没有符合条件的记录"
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    layout = write_report_sheet(
        ws, title=f"东安台账 审计记录（{home.name}）", unit_name=home.name, period=span,
        fill_date=when.date(), headers=[_label(field) for field in COLUMNS],
        rows=[_cells(entry) for entry in rows], serial=[entry.id for entry in rows],
        col_widths=[WIDTHS.get(field) for field in COLUMNS],
        number_formats={_label("at"): TIME_FORMAT},
        heading=(f"导出人：{who.account}（{who.role_label}）　{span}",
                 f"导出时间：{when:%Y-%m-%d %H:%M:%S}"),
        footer=chain_line())
    ws.page_setup.paperSize = ws.PAPERSIZE_A4  # fitted to its width, landscape, as every report
    first, last = layout.data_rows
    for row in range(first, last + 1):  # the time apart from the account beside it
        ws.cell(row, 2).alignment = CENTRE
    path = save_workbook_atomic(wb, target)
    audit.record("export", record_type=SHEET, name=f"{len(rows)} 条审计记录",
                 detail=f"导出到 {path}")
    return path

