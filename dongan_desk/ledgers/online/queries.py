"""Reading the 网络舆情 books: the groups with who looks after them, the admins, the 舆情 log page
by page, and the counts by level and month. ``unit_ids=None`` means every village (the
township PC reads them all, read-only)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN, fn

from ...store.models import Grid, GridMember, Household, Resident, Unit
from ..roster.queries import PAGE_SIZE, Choice, Page
from .limits import ReportLimits
from .models import LEVELS, ChatGroup, GroupAdmin, GroupAssignment, OpinionIncident

LEVEL_CODES = [code for code, _ in LEVELS]


@dataclass
class GroupRow:
    id: int
    unit_name: str
    platform: str
    name: str
    members: int
    purpose: str
    admins: str
    active: bool


def group_rows(unit_ids: list[int] | None, today: date | None = None) -> list[GroupRow]:
    """A village has a handful of groups: all of them, in use first."""
    today = today or date.today()
    current = (GroupAdmin.appointed_on <= today) & (GroupAdmin.ended_on.is_null()
                                                    | (GroupAdmin.ended_on >= today))
    names = (GroupAssignment.select(fn.GROUP_CONCAT(GroupAdmin.name, "、"))
             .join(GroupAdmin).where(GroupAssignment.group == ChatGroup.id, current))
    query = ChatGroup.select(ChatGroup, Unit.name.alias("unit_name"), names.alias("admins")).join(Unit)
    if unit_ids is not None:
        query = query.where(ChatGroup.unit.in_(unit_ids))
    return [GroupRow(g.id, g.unit_name, g.platform, g.name, g.members, g.purpose, g.admins or "",
                     g.active)
            for g in query.order_by(Unit.sort_order, ChatGroup.active.desc(), ChatGroup.platform,
                                    ChatGroup.name).objects()]


@dataclass
class AdminRow:
    id: int
    unit_name: str
    name: str
    gender: str
    party: bool
    phone: str
    address: str
    appointed_on: date
    ended_on: date | None
    groups: str
    current: bool


def admin_rows(unit_ids: list[int] | None, today: date | None = None,
               include_past: bool = False) -> list[AdminRow]:
    today = today or date.today()
    groups = (GroupAssignment.select(fn.GROUP_CONCAT(ChatGroup.name, "、"))
              .join(ChatGroup).where(GroupAssignment.admin == GroupAdmin.id))
    query = (GroupAdmin.select(GroupAdmin, Unit.name.alias("unit_name"), Resident.gender,
                               Resident.is_party_member, Household.address, groups.alias("groups"))
             .join(Unit).switch(GroupAdmin).join(Resident, JOIN.LEFT_OUTER)
             .join(Household, JOIN.LEFT_OUTER))
    if unit_ids is not None:
        query = query.where(GroupAdmin.unit.in_(unit_ids))
    if not include_past:
        query = query.where(GroupAdmin.ended_on.is_null() | (GroupAdmin.ended_on >= today))
    rows = []
    for a in query.order_by(Unit.sort_order, GroupAdmin.ended_on.is_null(False),
                            GroupAdmin.appointed_on, GroupAdmin.id).objects():
        current = a.appointed_on <= today and (a.ended_on is None or a.ended_on >= today)
        rows.append(AdminRow(a.id, a.unit_name, a.name, a.gender or "", bool(a.is_party_member),
                             a.phone, a.address or "", a.appointed_on, a.ended_on, a.groups or "",
                             current))
    return rows


# ---- the log --------------------------------------------------------------------------------

@dataclass
class IncidentFilter:
    unit_ids: list[int] | None = None
    month: str = ""        # "2026-11": found in that month
    level: str = ""
    state: str = ""        # "open", "unreported" (较大/重大 not yet reported), "late", "closed"
    text: str = ""


@dataclass
class IncidentRow:
    id: int
    unit_name: str
    found_at: datetime
    channel: str
    where: str
    finder_name: str
    finder_role: str
    subject: str
    level: str
    handled_at: datetime | None
    reported_to: str
    reported_at: datetime | None
    late_reason: str
    closed_on: date | None
    result: str
    is_dispute: bool
    dispute_id: int | None

    @property
    def level_label(self) -> str:
        return OpinionIncident.choice_label("level", self.level)

    @property
    def role_label(self) -> str:
        return OpinionIncident.choice_label("finder_role", self.finder_role)

    def report_state(self, limits: ReportLimits, now: datetime) -> str:
        """上报 as the list shows it: 已上报 / 迟报 / 待上报 / 逾期未上报 / — (一般, not reported)."""
        deadline = limits.deadline(self.level, self.found_at)
        if self.reported_at is not None:
            return "迟报" if deadline is not None and self.reported_at > deadline else "已上报"
        if deadline is None:
            return "—"
        return "逾期未上报" if deadline < now else f"待上报（{deadline:%m-%d %H:%M}前）"


_I = OpinionIncident
_WHERE = fn.COALESCE(ChatGroup.name, Grid.name, "")
_COLUMNS = (_I.id, Unit.name, _I.found_at, _I.channel, _WHERE, _I.finder_name, _I.finder_role,
            _I.subject, _I.level, _I.handled_at, _I.reported_to, _I.reported_at, _I.late_reason,
            _I.closed_on, _I.result, _I.is_dispute, _I.dispute)


def _base(unit_ids: list[int] | None):
    query = (_I.select(*_COLUMNS).join(Unit).switch(_I).join(ChatGroup, JOIN.LEFT_OUTER)
             .switch(_I).join(Grid, JOIN.LEFT_OUTER))
    if unit_ids is not None:
        query = query.where(_I.unit.in_(unit_ids))
    return query


def month_bounds(month: str) -> tuple[datetime, datetime]:
    first = datetime.fromisoformat(month + "-01")
    after = datetime(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, after


def _filtered(flt: IncidentFilter):
    query = _base(flt.unit_ids)
    if flt.month:
        first, after = month_bounds(flt.month)
        query = query.where(_I.found_at >= first, _I.found_at < after)
    if flt.level:
        query = query.where(_I.level == flt.level)
    if flt.state == "open":
        query = query.where(_I.closed_on.is_null())
    elif flt.state == "closed":
        query = query.where(_I.closed_on.is_null(False))
    elif flt.state == "unreported":
        query = query.where(_I.level.in_(("major", "grave")), _I.reported_at.is_null())
    elif flt.state == "late":
        query = query.where(_I.late_reason != "")
    text = flt.text.strip()
    if text:
        query = query.where(_I.subject.contains(text) | _I.summary.contains(text)
                            | _I.finder_name.contains(text) | _I.involved_names.contains(text)
                            | _WHERE.contains(text))
    return query


def _rows(query) -> list[IncidentRow]:
    rows = []
    for values in query.tuples():
        values = list(values)
        for n in (2, 9, 11):  # expressions mixed with columns may come back as text
            if isinstance(values[n], str):
                values[n] = datetime.fromisoformat(values[n])
        if isinstance(values[13], str):
            values[13] = date.fromisoformat(values[13])
        values[15] = bool(values[15])
        rows.append(IncidentRow(*values))
    return rows


def search_incidents(flt: IncidentFilter, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    query = _filtered(flt)
    total = query.count()
    rows = _rows(query.order_by(_I.found_at.desc(), _I.id.desc()).offset(offset).limit(limit))
    return Page(rows, total, offset, limit)


def incidents_between(unit_ids: list[int] | None, first: datetime, after: datetime) -> list[IncidentRow]:
    """Every incident found in [first, after), oldest first (the printed and Excel registers)."""
    query = _base(unit_ids).where(_I.found_at >= first, _I.found_at < after)
    return _rows(query.order_by(Unit.sort_order, _I.found_at, _I.id))


def incident_months(unit_ids: list[int] | None) -> list[str]:
    month = fn.SUBSTR(_I.found_at, 1, 7)
    query = _I.select(month.distinct())
    if unit_ids is not None:
        query = query.where(_I.unit.in_(unit_ids))
    return [m for (m,) in query.order_by(month.desc()).tuples()]


def incident_years(unit_ids: list[int] | None) -> list[int]:
    return sorted({int(m[:4]) for m in incident_months(unit_ids)}, reverse=True)


@dataclass
class MonthCounts:
    month: int
    by_level: dict[str, int]
    total: int
    online: int
    closed: int


def counts_by_month(unit_ids: list[int] | None, year: int) -> list[MonthCounts]:
    """Twelve rows: incidents per level found in each month of ``year``, how many online, how
    many settled."""
    month = fn.SUBSTR(_I.found_at, 6, 2)
    query = (_I.select(month, _I.level, _I.channel, _I.closed_on.is_null(False), fn.COUNT(_I.id))
             .where(_I.found_at >= datetime(year, 1, 1), _I.found_at < datetime(year + 1, 1, 1))
             .group_by(month, _I.level, _I.channel, _I.closed_on.is_null(False)))
    if unit_ids is not None:
        query = query.where(_I.unit.in_(unit_ids))
    rows = [MonthCounts(m, dict.fromkeys(LEVEL_CODES, 0), 0, 0, 0) for m in range(1, 13)]
    for number, level, channel, closed, count in query.tuples():
        row = rows[int(number) - 1]
        row.by_level[level] = row.by_level.get(level, 0) + count
        row.total += count
        row.online += count if channel == "online" else 0
        row.closed += count if closed else 0
    return rows


def counts_by_unit(year: int, until: datetime | None = None) -> dict[int, dict[str, int]]:
    """unit id → {level: count, "total", "open"} of incidents found in ``year``."""
    end = min(until, datetime(year + 1, 1, 1)) if until else datetime(year + 1, 1, 1)
    query = (_I.select(_I.unit, _I.level, _I.closed_on.is_null(), fn.COUNT(_I.id))
             .where(_I.found_at >= datetime(year, 1, 1), _I.found_at < end)
             .group_by(_I.unit, _I.level, _I.closed_on.is_null()))
    result: dict[int, dict[str, int]] = {}
    for unit_id, level, is_open, count in query.tuples():
        counts = result.setdefault(unit_id, {**dict.fromkeys(LEVEL_CODES, 0), "total": 0, "open": 0})
        counts[level] += count
        counts["total"] += count
        counts["open"] += count if is_open else 0
    return result


# ---- pickers --------------------------------------------------------------------------------

def finder_choices(unit_id: int, today: date | None = None) -> list[Choice]:
    """Who finds 舆情 in this village: the current admins, the 院落长 and 网格员, the party
    members (each once, labelled with why)."""
    today = today or date.today()
    chosen: dict[int, list[str]] = {}
    for admin in GroupAdmin.select(GroupAdmin.resident).where(
            GroupAdmin.unit == unit_id, GroupAdmin.resident.is_null(False),
            GroupAdmin.appointed_on <= today,
            GroupAdmin.ended_on.is_null() | (GroupAdmin.ended_on >= today)):
        chosen.setdefault(admin.resident_id, []).append("网络管理员")
    roles = dict(GridMember._meta.fields["role"].choices)
    for resident_id, role, grid in (GridMember.select(GridMember.resident, GridMember.role, Grid.name)
                                    .join(Grid).where(Grid.unit == unit_id).tuples()):
        chosen.setdefault(resident_id, []).append(f"{grid}{roles[role].replace('（点长）', '')}")
    party = Resident.select(Resident.id).where(Resident.unit == unit_id, Resident.status == "active",
                                               Resident.is_party_member == True)  # noqa: E712
    for (resident_id,) in party.tuples():
        chosen.setdefault(resident_id, []).append("党员")
    names = {r.id: r.name for r in Resident.select(Resident.id, Resident.name)
             .where(Resident.id.in_(list(chosen)), Resident.status == "active")}

    def rank(why: list[str]) -> int:
        return 0 if "网络管理员" in why else 2 if why == ["党员"] else 1

    return [Choice(rid, f"{names[rid]}（{'、'.join(dict.fromkeys(why))}）")
            for rid, why in sorted(chosen.items(), key=lambda item: (rank(item[1]), names.get(item[0], "")))
            if rid in names]


def group_choices(unit_id: int) -> list[ChatGroup]:
    return list(ChatGroup.select().where(ChatGroup.unit == unit_id)
                .order_by(ChatGroup.active.desc(), ChatGroup.platform, ChatGroup.name))
