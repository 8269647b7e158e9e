"""The 舆情 log: saving an incident (发现 → 处置 → 上报 → 管控/教育引导 → 结果), its rules, and
opening a 矛盾纠纷 case from one.

What is refused, and why (a clerk's point of view):
* a found-time in the future, a group or courtyard of another village, a finder who is not one
  of the people the seed gives the job (网络管理员, 院落长, 网格员, 党员) — these are typing
  mistakes, never facts;
* a 重大 incident without its report: the seed's order is 发现、处置、上报, and a 重大 one is
  reported by telephone at once, so the log entry is written after the call and carries it;
* a report past its limit *without a reason*: the clerk records what happened — a report two
  days late is a fact, and the log must keep it — but it is saved only with the 迟报原因 that the
  township will ask for. It then stays marked 迟报 in the list, the register and the sheets.
A 较大 incident may be saved before it is reported; past its limit it is a finding (逾期未上报).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ...errors import ValidationError
from ...finding import Finding
from ...store.database import db
from ...store.models import NAME_MAX, Grid, GridMember, Resident, Unit
from ...units import ensure_writable
from ...validation import SaveResult, clean_name, clean_text, collect, is_choice
from ..mediation.cases import DisputeDraft, new_dispute_draft
from ..mediation.models import Dispute
from .groups import current_admins
from .limits import ReportLimits, limits_for
from .models import ChatGroup, OpinionIncident

LONG_TEXT = 2000
CLOCK_SLACK = timedelta(minutes=10)  # an office clock a few minutes fast is not a future time
EARLIEST = datetime(2000, 1, 1)
TEXTS = (("place", 100), ("subject", 100), ("summary", LONG_TEXT), ("involved_names", 100),
         ("handling", LONG_TEXT), ("handled_by", NAME_MAX), ("reported_to", 100),
         ("late_reason", LONG_TEXT), ("guidance", LONG_TEXT), ("result", LONG_TEXT),
         ("note", LONG_TEXT))
FIELDS = ("found_at", "channel", "group", "grid", "finder", "level", "is_dispute", "involved",
          "handled_at", "reported_at", "closed_on", *(key for key, _ in TEXTS))


def finder_role(unit_id: int, resident: Resident, today: date) -> str | None:
    """Why this person finds 舆情: a current admin first, then 院落长, 网格员, 党员; None if
    none of these."""
    if any(a.resident_id == resident.id for a in current_admins(unit_id, today)):
        return "admin"
    roles = {role for (role,) in GridMember.select(GridMember.role)
             .where(GridMember.resident == resident).tuples()}
    for role in ("head", "worker"):
        if role in roles:
            return role
    return "party" if resident.is_party_member else None


def values_of(incident: OpinionIncident) -> dict[str, Any]:
    return {key: getattr(incident, key) for key in FIELDS}


def _record(model, value: Any, unit_id: int):
    if value is None or value == "":
        return None
    record = value if isinstance(value, model) else model.get_or_none(model.id == int(value))
    return record if record is not None and record.unit_id == unit_id else False


def _moment(value: Any, label: str, found: datetime | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ValidationError(f"{label}要填日期和时间，如 2026-03-05 14:30。")
    if value > now + CLOCK_SLACK:
        raise ValidationError(f"{label}（{value:%Y-%m-%d %H:%M}）晚于现在，请核对日期和时间。")
    if found is not None and value < found:
        raise ValidationError(f"{label}（{value:%Y-%m-%d %H:%M}）早于发现时间（{found:%Y-%m-%d %H:%M}），请核对。")
    return value


@dataclass
class Checked:
    values: dict[str, Any]
    warnings: list[str]


def check_incident(unit_id: int, data: dict[str, Any], incident: OpinionIncident | None,
                   now: datetime, limits: ReportLimits) -> Checked:
    """Every rule of an incident; raises ValidationError with each field's problem."""
    problems: dict[str, str] = {}
    warnings: list[str] = []
    label = OpinionIncident.label
    found = data.get("found_at")
    if not isinstance(found, datetime):
        problems["found_at"] = "请填写发现时间（日期和时间，如 2026-03-05 14:30）。"
        found = None
    elif found > now + CLOCK_SLACK:
        problems["found_at"] = f"发现时间（{found:%Y-%m-%d %H:%M}）晚于现在，舆情只能登记已经发现的，请核对日期和时间。"
    elif found < EARLIEST:
        problems["found_at"] = f"发现时间（{found:%Y-%m-%d}）太早了，请核对年份。"
    texts = {key: collect(problems, key, lambda key=key, limit=limit: clean_text(
        data.get(key), label=label(key), limit=limit)) for key, limit in TEXTS}
    texts["handled_by"] = collect(problems, "handled_by", lambda: clean_name(
        data.get("handled_by"), label=label("handled_by"), limit=NAME_MAX))
    if not texts.get("subject") and "subject" not in problems:
        problems["subject"] = "请用一句话写明舆情事项（如“群内转发不实的征地补偿消息”）。"
    channel = data.get("channel")
    group = grid = None
    if not is_choice(OpinionIncident, "channel", channel):
        problems["channel"] = "请选择发现途径：线上（哪个群）或线下（哪个院落）。"
    elif channel == "online":
        group = _record(ChatGroup, data.get("group"), unit_id)
        if not group:
            problems["group"] = "线上发现的舆情请选择是在本村哪个群里发现的（群先在“群和管理员”页登记）。"
    else:
        grid = _record(Grid, data.get("grid"), unit_id)
        if not grid or grid.level != 3:
            problems["grid"] = "线下发现的舆情请选择发生在本村哪个院落网格。"
    level = data.get("level")
    if not is_choice(OpinionIncident, "level", level):
        problems["level"] = "请选择舆情等级（一般、较大或重大）。"
    finder = _record(Resident, data.get("finder"), unit_id)
    role = None
    if not finder:
        problems["finder"] = "请从本村花名册里选择发现人（网络管理员、院落长、网格员或党员）。"
    elif incident is not None and incident.finder_id == finder.id:
        role = incident.finder_role  # what they were when they found it
    else:
        role = finder_role(unit_id, finder, (found or now).date())
        if role is None:
            problems["finder"] = (f"{finder.name}不是本村的网络管理员、院落长、网格员或党员：舆情由他们发现、"
                                  "处置和上报。群众反映的，请把接报的院落长或网格员登记为发现人，在主要内容里写明是谁反映的。")
    involved = _record(Resident, data.get("involved"), unit_id)
    if involved is False:
        problems["involved"] = "涉及人员只能从本村花名册里选；外村的人请写在“涉及人员”一栏。"
    times = {}
    for key in ("handled_at", "reported_at"):
        times[key] = collect(problems, key, lambda key=key: _moment(data.get(key), label(key), found, now))
    reported_at, reported_to = times["reported_at"], texts.get("reported_to")
    if reported_at and not reported_to and "reported_to" not in problems:
        problems["reported_to"] = "填了上报时间，请同时写明上报给镇里的哪个部门或哪位同志。"
    if reported_to and not reported_at and "reported_at" not in problems:
        problems["reported_at"] = "写了上报对象，请同时填写上报时间。"
    if texts.get("handling") and not times["handled_at"] and "handled_at" not in problems:
        problems["handled_at"] = "写了处置情况，请同时填写处置时间。"
    closed = data.get("closed_on")
    if closed is not None:
        if found is not None and closed < found.date():
            problems["closed_on"] = "办结日期早于发现时间，请核对。"
        elif closed > now.date():
            problems["closed_on"] = f"办结日期不能晚于今天（{now:%Y-%m-%d}）。"
        elif not texts.get("result"):
            problems["result"] = "办结前请写明处置结果（如“已删帖澄清，群内情绪平稳”）。"
    if level and found and "level" not in problems:
        hours, deadline = limits.hours_for(level), limits.deadline(level, found)
        name = OpinionIncident.choice_label("level", level)
        if level == "grave" and not reported_at and "reported_at" not in problems:
            problems["reported_at"] = (f"重大舆情须在发现后{hours}小时内上报镇里，登记时请一并填写上报对象和上报时间。"
                                       "还没有上报的，请先电话报告镇平安建设办，再来登记。")
        elif hours and reported_at and reported_at > deadline and not texts.get("late_reason"):
            late = reported_at - found
            problems["late_reason"] = (f"{name}舆情应在发现后{hours}小时内（{deadline:%m-%d %H:%M}前）上报，"
                                       f"实际{_duration(late)}后才上报：请在“迟报原因”里写明为什么迟报，才能保存。")
        elif hours and not reported_at:
            if closed is not None:
                problems["closed_on"] = f"{name}舆情要先上报镇里，才能办结：请先填写上报对象和上报时间。"
            elif deadline < now:
                warnings.append(f"这条{name}舆情已超过上报时限（{deadline:%m-%d %H:%M}），请立即上报，并写明迟报原因。")
            else:
                warnings.append(f"这条{name}舆情须在{deadline:%m-%d %H:%M}前上报镇里。")
    if problems:
        raise ValidationError(problems)
    values = dict(found_at=found, channel=channel, group=group or None, grid=grid or None,
                  finder=finder, finder_name=finder.name, finder_role=role, level=level,
                  is_dispute=bool(data.get("is_dispute")), involved=involved or None,
                  closed_on=closed, **times, **texts)
    if not (limits.hours_for(level) and reported_at and reported_at > limits.deadline(level, found)):
        values["late_reason"] = ""  # on time (or 一般): no reason to keep
    return Checked(values, warnings)


def _duration(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:.0f}小时" if hours < 48 else f"{span.days}天"


def save_incident(unit: Unit | int, data: dict[str, Any], incident: OpinionIncident | None = None,
                  now: datetime | None = None) -> SaveResult:
    """A new incident, or an edit: keys missing from ``data`` keep the incident's values (the
    处置/上报 form sends only its own)."""
    now = now or datetime.now()
    unit_id = incident.unit_id if incident else (unit if isinstance(unit, int) else unit.id)
    merged = {**(values_of(incident) if incident else {}), **data}
    checked = check_incident(unit_id, merged, incident, now, limits_for(unit_id))
    ensure_writable(unit_id)
    with db.atomic():
        incident = incident or OpinionIncident(unit=unit_id)
        for key, value in checked.values.items():
            setattr(incident, key, value)
        incident.save()
    return SaveResult(incident, checked.warnings)


def delete_incident(incident: OpinionIncident) -> None:
    if incident.dispute_id is not None:
        raise ValidationError(f"这条舆情已转为矛盾纠纷{incident.dispute.number}，不能删除。")
    ensure_writable(incident.unit_id)
    incident.delete_instance()


def is_late(incident: OpinionIncident, limits: ReportLimits) -> bool:
    deadline = limits.deadline(incident.level, incident.found_at)
    return deadline is not None and incident.reported_at is not None and incident.reported_at > deadline


# ---- a dispute from an incident (DESIGN §3: the plan links 舆情 and 矛盾纠纷) -------------------

def dispute_draft(incident: OpinionIncident) -> DisputeDraft:
    """The 受理新纠纷 form's start, filled in from the incident (its person, date, place and
    summary); refused when the incident is not marked as a dispute or has its case already."""
    if not incident.is_dispute:
        raise ValidationError("这条舆情没有标记“涉及矛盾纠纷”：先编辑舆情勾选此项，再转为矛盾纠纷。")
    if incident.dispute_id is not None:
        raise ValidationError(f"这条舆情已经转为矛盾纠纷{incident.dispute.number}，请到“矛盾纠纷调解”页查看。")
    where = incident.group.name if incident.group_id else (incident.grid.name if incident.grid_id else "")
    where = "，".join(p for p in (where, incident.place) if p)
    found = incident.found_at
    facts = "。".join(p for p in (incident.subject, incident.summary) if p)
    facts += (f"（{incident.finder_name}于{found:%Y-%m-%d %H:%M}在{where or '本村'}发现的舆情，"
              "由网络舆情登记转来）")
    people = [incident.involved] if incident.involved_id else []
    return new_dispute_draft(people, found.date(), facts, source="initiative")


def link_dispute(incident: OpinionIncident, dispute: Dispute) -> OpinionIncident:
    if dispute.unit_id != incident.unit_id:
        raise ValidationError("只能关联本村（社区）受理的矛盾纠纷。")
    ensure_writable(incident.unit_id)
    with db.atomic():
        incident.dispute = dispute
        incident.save()
    return incident


# ---- rules ----------------------------------------------------------------------------------

def incident_findings(unit_ids: list[int] | None, now: datetime | None = None) -> list[Finding]:
    """较大/重大 incidents past their reporting limit and not reported; incidents still open
    after the 办结期限."""
    now = now or datetime.now()
    units = Unit.select().where(Unit.kind == "village")
    if unit_ids is not None:
        units = units.where(Unit.id.in_(unit_ids))
    found: list[Finding] = []
    for unit in units.order_by(Unit.sort_order, Unit.code):
        limits = limits_for(unit.id)
        mine = OpinionIncident.select(OpinionIncident.id, OpinionIncident.found_at,
                                      OpinionIncident.subject, OpinionIncident.level)
        for level in ("grave", "major"):
            deadline = now - timedelta(hours=limits.hours_for(level))
            for row in mine.where(OpinionIncident.unit == unit, OpinionIncident.level == level,
                                  OpinionIncident.reported_at.is_null(),
                                  OpinionIncident.found_at < deadline).order_by(OpinionIncident.found_at):
                name = OpinionIncident.choice_label("level", level)
                found.append(Finding("舆情逾期未上报", unit.name,
                                     f"{unit.name}{row.found_at:%m-%d %H:%M}发现的{name}舆情“{row.subject}”"
                                     f"超过{limits.hours_for(level)}小时仍未上报镇里", f"incident:{row.id}"))
        cutoff = now - timedelta(days=limits.close_days)
        for row in mine.where(OpinionIncident.unit == unit, OpinionIncident.closed_on.is_null(),
                              OpinionIncident.found_at < cutoff).order_by(OpinionIncident.found_at):
            found.append(Finding("舆情未办结", unit.name,
                                 f"{unit.name}{row.found_at:%Y-%m-%d}发现的舆情“{row.subject}”"
                                 f"超过{limits.close_days}天还没有办结", f"incident:{row.id}"))
    return found
