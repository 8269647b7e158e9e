"""网络舆情 in the 报送包 and the 全镇汇总表 (FORMS.md §4): the 舆情登记表 and the 群及管理员名册 of a
village; the township's counts by village and level, and by month. The rows are the ones the
printed register uses (``register_rows``), so paper and Excel say the same."""
from __future__ import annotations

from datetime import date, datetime

from openpyxl.worksheet.worksheet import Worksheet

from ...exchange.report_sheet import write_report_sheet
from ...exchange.report_specs import ReportSpec
from .limits import ReportLimits, limits_for
from .models import LEVELS, ChatGroup, GroupAdmin, OpinionIncident
from .queries import IncidentRow, admin_rows, counts_by_month, counts_by_unit, group_rows, incidents_between

REGISTER_TITLE = "网络舆情登记表"
ROSTER_TITLE = "网络群及管理员名册"
_L = OpinionIncident.label
REGISTER_HEADERS = [_L("found_at"), _L("channel"), "发现地点", _L("finder_name"), _L("finder_role"),
                    _L("subject"), _L("level"), _L("handling"), _L("reported_to"), _L("reported_at"),
                    "上报情况", _L("guidance"), _L("result"), _L("closed_on")]
# Set so the 14 columns print on A4 landscape (fitted to one page wide) with text still readable.
REGISTER_WIDTHS = {_L("found_at"): 16, _L("channel"): 11, "发现地点": 14, _L("finder_name"): 8,
                   _L("finder_role"): 10, _L("subject"): 18, _L("level"): 6, _L("handling"): 18,
                   _L("reported_to"): 11, _L("reported_at"): 16, "上报情况": 12, _L("guidance"): 16,
                   _L("result"): 16, _L("closed_on"): 11}
GROUP_HEADERS = [ChatGroup.label("platform"), ChatGroup.label("name"), ChatGroup.label("members"),
                 ChatGroup.label("purpose"), "管理员", ChatGroup.label("active")]
ADMIN_HEADERS = [GroupAdmin.label("name"), "性别", "党员", GroupAdmin.label("phone"), "住址",
                 GroupAdmin.label("appointed_on"), "管理的群"]


def report_text(row: IncidentRow, limits: ReportLimits, now: datetime) -> str:
    state = row.report_state(limits, now)
    return f"迟报：{row.late_reason}" if state == "迟报" else state


def register_rows(unit_ids: list[int] | None, first: datetime, after: datetime,
                  now: datetime | None = None) -> list[list]:
    """One row an incident found in [first, after), as the 登记表 prints it (without 序号)."""
    now = now or datetime.now()
    limits = limits_for(unit_ids[0] if unit_ids and len(unit_ids) == 1 else None)
    details = {i.id: i for i in OpinionIncident.select(
        OpinionIncident.id, OpinionIncident.handling, OpinionIncident.guidance)
        .where(OpinionIncident.found_at >= first, OpinionIncident.found_at < after)}
    rows = []
    for r in incidents_between(unit_ids, first, after):
        detail = details.get(r.id)
        rows.append([f"{r.found_at:%Y-%m-%d %H:%M}", OpinionIncident.choice_label("channel", r.channel),
                     r.where, r.finder_name, r.role_label, r.subject, r.level_label,
                     detail.handling if detail else "", r.reported_to,
                     f"{r.reported_at:%Y-%m-%d %H:%M}" if r.reported_at else "",
                     report_text(r, limits, now), detail.guidance if detail else "", r.result,
                     r.closed_on])
    return rows


def group_table(unit_id: int, today: date) -> list[list]:
    return [[ChatGroup.choice_label("platform", g.platform), g.name, g.members, g.purpose,
             g.admins or "（无）", "是" if g.active else "否"] for g in group_rows([unit_id], today)]


def admin_table(unit_id: int, today: date) -> list[list]:
    return [[a.name, a.gender, "是" if a.party else "否", a.phone, a.address, a.appointed_on, a.groups]
            for a in admin_rows([unit_id], today) if a.current]


def write_register_sheet(ws: Worksheet, *, unit_name: str, period: str, fill_date: date,
                         rows: list[list]) -> None:
    ws.title = REGISTER_TITLE
    write_report_sheet(ws, title=f"{unit_name}{REGISTER_TITLE}（{period}）", unit_name=unit_name,
                       period=period, fill_date=fill_date, headers=REGISTER_HEADERS, rows=rows,
                       col_widths=[REGISTER_WIDTHS.get(h) for h in REGISTER_HEADERS])


def write_roster_sheet(ws: Worksheet, *, unit_id: int, unit_name: str, fill_date: date) -> None:
    """The groups, then (under a blank row) the admins: one sheet a clerk prints for the wall."""
    ws.title = ROSTER_TITLE
    groups = group_table(unit_id, fill_date)
    admins = admin_table(unit_id, fill_date)
    width = max(len(GROUP_HEADERS), len(ADMIN_HEADERS))
    rows = [[*row, *[""] * (width - len(row))] for row in groups]
    rows.append(["", *[""] * (width - 1)])
    rows.append(["网络管理员", *[""] * (width - 1)])
    rows.append([*ADMIN_HEADERS, *[""] * (width - len(ADMIN_HEADERS))])
    rows += [[*row, *[""] * (width - len(row))] for row in admins]
    headers = [*GROUP_HEADERS, *[""] * (width - len(GROUP_HEADERS))]
    headers = [h or f"（{n}）" for n, h in enumerate(headers, start=1)]
    write_report_sheet(ws, title=f"{unit_name}{ROSTER_TITLE}", unit_name=unit_name,
                       period=f"截至{fill_date:%Y-%m-%d}", fill_date=fill_date, headers=headers,
                       rows=rows, col_widths=[10, 22, 10, 18, 22, 12, 20][:width])


def report_sheets(unit, today: date) -> list:
    """The 报送包's sheets: this year's 舆情登记表 so far, and the groups with their admins."""
    period = f"{today.year}年1月1日至{today.month}月{today.day}日"
    first, after = datetime(today.year, 1, 1), datetime(today.year + 1, 1, 1)
    return [(REGISTER_TITLE, lambda ws: write_register_sheet(
                ws, unit_name=unit.name, period=period, fill_date=today,
                rows=register_rows([unit.id], first, after))),
            (ROSTER_TITLE, lambda ws: write_roster_sheet(ws, unit_id=unit.id, unit_name=unit.name,
                                                             fill_date=today))]


def summary_sheets(units: list, today: date, common: dict) -> list[ReportSpec]:
    """The 全镇汇总表: by village (groups, admins, incidents by level, open), and by month."""
    levels = [code for code, _ in LEVELS]
    labels = dict(LEVELS)
    counts = counts_by_unit(today.year)
    groups = {}
    for row in group_rows(None, today):
        groups[row.unit_name] = groups.get(row.unit_name, 0) + (1 if row.active else 0)
    admins: dict[str, list] = {}
    for row in admin_rows(None, today):
        if row.current:
            admins.setdefault(row.unit_name, []).append(row)
    by_unit = []
    for u in units:
        c = counts.get(u.id, {})
        team = admins.get(u.name, [])
        by_unit.append([u.name, groups.get(u.name, 0), len(team), sum(a.party for a in team),
                        *[c.get(k, 0) for k in levels], c.get("total", 0), c.get("open", 0)])
    headers = ["村（社区）", "在用群数", "网络管理员", "其中党员", *[f"{labels[k]}舆情" for k in levels],
               "舆情合计", "未办结"]
    months = counts_by_month([u.id for u in units], today.year)
    month_rows = [[f"{m.month}月", *[m.by_level[k] for k in levels], m.total, m.online, m.closed]
                  for m in months if m.month <= today.month]
    month_headers = ["月份", *[labels[k] for k in levels], "合计", "其中线上", "已办结"]
    return [ReportSpec("网络舆情", "东安镇管控好线上线下工作情况汇总表", headers, by_unit,
                       total_row=list(range(1, len(headers))), **common),
            ReportSpec("舆情按月统计", f"东安镇网络舆情按月统计表（{today.year}年）", month_headers,
                       month_rows, total_row=list(range(1, len(month_headers))), **common)]
