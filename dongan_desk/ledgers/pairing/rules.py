"""Writing 党员结对帮扶: a member's 承诺/职责, pairings, their end, visits, and the visit intervals.

Every write checks everything first and then saves in one transaction, so a refused save leaves
the database as it was. Records of another unit are read-only on this PC (``ensure_writable``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...store.database import db
from .models import END_REASONS, MOODS, VISIT_WAYS, Pairing, PartyMemberProfile, Visit
from ...store.models import Household, Resident, ResidentCategory, Unit
from ..roster import rules as roster
from ..roster import leaving
from ..roster.queries import status_mark
from ..roster.sensitive import record_view
from ...errors import ValidationError
from .queries import (INTERVAL_KEY, INTERVAL_LIMITS, active_household_pairings,
                      active_pairings_of_resident)
from ...validation import SaveResult, clean_text, collect
from ...units import ensure_writable, set_setting

LONG_TEXT = 1000  # 帮扶内容, 走访情况: a paragraph or two, still printable in one table cell
END_REASON_CODES = {code for code, _ in END_REASONS}
WAY_CODES = {code for code, _ in VISIT_WAYS}
MOOD_CODES = {code for code, _ in MOODS}


def _text(problems: dict[str, str], data: dict[str, Any], model, name: str,
          limit: int = LONG_TEXT, required: bool = False) -> str:
    return collect(problems, name, lambda: clean_text(
        data.get(name), label=model.label(name), required=required, limit=limit)) or ""


def _check_day(problems: dict[str, str], name: str, label: str, value: Any, today: date) -> None:
    if value is None:
        problems[name] = f"请填写{label}。"
    elif not isinstance(value, date):
        problems[name] = f"{label}“{value}”不是日期，请按 年-月-日 填写。"
    elif value > today:
        problems[name] = f"{label}（{value:%Y-%m-%d}）不能晚于今天（{today:%Y-%m-%d}）。"


# ---- the member's 承诺 and 职责 --------------------------------------------------------------

def save_profile(member: Resident, data: dict[str, Any]) -> SaveResult:
    """Keep a party member's 党内职务, 承诺 and 职责 (亮身份、亮承诺、亮职责)."""
    if not member.is_party_member:
        raise ValidationError(f"{member.name}不是党员，不能登记党员承诺和职责。")
    problems: dict[str, str] = {}
    post = _text(problems, data, PartyMemberProfile, "post", limit=30)
    commitment = _text(problems, data, PartyMemberProfile, "commitment", limit=300)
    duties = _text(problems, data, PartyMemberProfile, "duties", limit=300)
    if problems:
        raise ValidationError(problems)
    ensure_writable(member.unit_id)
    with db.atomic():
        profile = (PartyMemberProfile.get_or_none(PartyMemberProfile.resident == member)
                   or PartyMemberProfile(resident=member))
        profile.post, profile.commitment, profile.duties = post, commitment, duties
        profile.save()
    return SaveResult(profile)


# ---- pairings ------------------------------------------------------------------------------

def _overlapping(member: Resident, household: Household, start: date, end: date | None,
                 pairing: Pairing | None) -> Pairing | None:
    """Another pairing of the same member and household whose time overlaps [start, end]."""
    query = Pairing.select().where(Pairing.member == member, Pairing.household == household,
                                   (Pairing.end_date.is_null()) | (Pairing.end_date >= start))
    if end is not None:
        query = query.where(Pairing.start_date <= end)
    if pairing is not None and pairing.id is not None:
        query = query.where(Pairing.id != pairing.id)
    return query.order_by(Pairing.start_date).first()


def _in_a_group(household: Household, person: Resident | None) -> bool:
    links = ResidentCategory.select().join(Resident)
    links = links.where(Resident.id == person.id) if person else links.where(
        Resident.household == household)
    return links.exists()


def save_pairing(data: dict[str, Any], pairing: Pairing | None = None,
                 today: date | None = None) -> SaveResult:
    """Create or edit a pairing. ``data``: ``member`` (a party member), ``resident`` (one person
    to help) or ``household`` (the whole household), ``start_date``, ``help_content``,
    ``watch_points``. The household of a person is theirs."""
    today = today or date.today()
    problems: dict[str, str] = {}
    member: Resident | None = data.get("member")
    person: Resident | None = data.get("resident")
    household: Household | None = person.household if person else data.get("household")
    if member is None:
        problems["member"] = "请选择结对党员。"
    elif member.status != "active" and (pairing is None or pairing.member_id != member.id):
        problems["member"] = f"{member.name}{status_mark(member.status)}已不在册，不能结对帮扶。"
    elif not member.is_party_member:
        problems["member"] = (f"{member.name}不是党员，不能结对帮扶。如果他已入党，"
                              "请先在网格花名册里把他登记为党员。")
    if household is None:
        problems["target"] = "请选择帮扶的户或人员（困难群体或特殊群体）。"
    elif pairing is None and person is not None and person.status != "active":
        problems["target"] = f"{person.name}{status_mark(person.status)}已不在册，不能新建结对。"
    elif pairing is None and household.status != "active":
        problems["target"] = f"这一户{status_mark(household.status)}已不在册，不能新建结对。"
    elif member is not None and household.unit_id != member.unit_id:
        unit = Unit.get_by_id(member.unit_id)
        problems["target"] = (f"{household.address or '这一户'}不是{unit.name}的户，"
                              f"{member.name}只能结对本单位的户。")
    elif member is not None and member.household_id == household.id:
        problems["target"] = f"{member.name}不能结对帮扶自己家，请另选一户。"
    start = data.get("start_date")
    _check_day(problems, "start_date", Pairing.label("start_date"), start, today)
    help_content = _text(problems, data, Pairing, "help_content", required=True)
    watch_points = _text(problems, data, Pairing, "watch_points")
    if not problems and pairing is not None:
        first = pairing.visits.order_by(Visit.visit_date).first()
        if first is not None and first.visit_date < start:
            problems["start_date"] = (f"这个结对已有{first.visit_date:%Y-%m-%d}的走访记录，"
                                      "结对日期不能晚于第一次走访。")
        if pairing.end_date is not None and pairing.end_date < start:
            problems["start_date"] = (f"这个结对已于{pairing.end_date:%Y-%m-%d}结束，"
                                      "结对日期不能晚于结束日期。")
    if not problems:
        clash = _overlapping(member, household, start, pairing.end_date if pairing else None,
                             pairing)
        if clash is not None:
            problems["target"] = (f"{member.name}已经结对帮扶这一户（{household.address}，"
                                  f"自{clash.start_date:%Y-%m-%d}起），同一户不能同时重复结对。")
    if problems:
        raise ValidationError(problems)
    ensure_writable(member.unit_id)
    if pairing is not None:
        ensure_writable(pairing.unit_id)
    warnings = []
    if not _in_a_group(household, person):
        who = person.name if person else "这一户"
        warnings.append(f"{who}在花名册中没有登记困难群体或特殊群体类别，请核对。")
    with db.atomic():
        pairing = pairing or Pairing(unit=member.unit_id)
        pairing.member, pairing.household, pairing.resident = member, household, person
        pairing.start_date, pairing.help_content = start, help_content
        pairing.watch_points = watch_points
        pairing.save()
    return SaveResult(pairing, warnings)


def end_pairing(pairing: Pairing, data: dict[str, Any], today: date | None = None) -> SaveResult:
    """End a pairing: its row and visits stay as history. ``data``: ``end_date``,
    ``end_reason`` (a code of ``END_REASONS``), ``end_note``."""
    today = today or date.today()
    ensure_writable(pairing.unit_id)
    problems: dict[str, str] = {}
    if pairing.end_date is not None:
        raise ValidationError(f"这个结对已于{pairing.end_date:%Y-%m-%d}结束了。")
    end = data.get("end_date")
    _check_day(problems, "end_date", Pairing.label("end_date"), end, today)
    if "end_date" not in problems and end < pairing.start_date:
        problems["end_date"] = (f"结束日期（{end:%Y-%m-%d}）不能早于结对日期"
                                f"（{pairing.start_date:%Y-%m-%d}）。")
    last = pairing.visits.order_by(Visit.visit_date.desc()).first()
    if "end_date" not in problems and last is not None and end < last.visit_date:
        problems["end_date"] = (f"这个结对在{last.visit_date:%Y-%m-%d}还有走访记录，"
                                "结束日期不能早于最后一次走访。")
    reason = data.get("end_reason") or ""
    if reason not in END_REASON_CODES:
        problems["end_reason"] = "请选择结束原因。"
    note = _text(problems, data, Pairing, "end_note", required=reason == "other")
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        pairing.end_date, pairing.end_reason, pairing.end_note = end, reason, note
        pairing.save()
    return SaveResult(pairing)


def delete_pairing(pairing: Pairing) -> None:
    """Only a pairing entered by mistake (no visits yet) is deleted; others are ended."""
    ensure_writable(pairing.unit_id)
    count = pairing.visits.count()
    if count:
        raise ValidationError(f"这个结对已有{count}次走访记录，不能删除。帮扶结束时请用“结束结对”，"
                              "记录会作为历史保留。")
    pairing.delete_instance()


# ---- visits --------------------------------------------------------------------------------

def save_visit(data: dict[str, Any], visit: Visit | None = None,
               today: date | None = None) -> SaveResult:
    """Create or edit a 走访记录 of ``data['pairing']`` (or the visit's own pairing)."""
    today = today or date.today()
    pairing: Pairing | None = data.get("pairing") or (visit.pairing if visit else None)
    if pairing is None:
        raise ValidationError("请先选中一个结对，再登记走访。")
    problems: dict[str, str] = {}
    day = data.get("visit_date")
    _check_day(problems, "visit_date", Visit.label("visit_date"), day, today)
    if "visit_date" not in problems and day < pairing.start_date:
        problems["visit_date"] = (f"走访日期（{day:%Y-%m-%d}）早于结对日期"
                                  f"（{pairing.start_date:%Y-%m-%d}），请核对。")
    elif "visit_date" not in problems and pairing.end_date and day > pairing.end_date:
        problems["visit_date"] = (f"这个结对已于{pairing.end_date:%Y-%m-%d}结束，"
                                  "走访日期不能晚于结束日期。")
    way = data.get("way") or ""
    if way not in WAY_CODES:
        problems["way"] = "请选择走访方式（入户、电话、微信或其他）。"
    mood = data.get("mood") or "stable"
    if mood not in MOOD_CODES:
        problems["mood"] = "请从下拉框选择情绪。"
    living = _text(problems, data, Visit, "living")
    risks = _text(problems, data, Visit, "risks")
    help_given = _text(problems, data, Visit, "help_given")
    found_dispute = bool(data.get("found_dispute"))
    if found_dispute and not risks and "risks" not in problems:
        problems["risks"] = "标记了“发现矛盾纠纷”，请在矛盾隐患里写明是什么纠纷、涉及谁。"
    if not (living or risks or help_given) and not problems:
        problems["living"] = "请至少写明生活情况、矛盾隐患或本次帮扶中的一项。"
    if problems:
        raise ValidationError(problems)
    ensure_writable(pairing.unit_id)
    with db.atomic():
        visit = visit or Visit(pairing=pairing)
        visit.visit_date, visit.way, visit.mood = day, way, mood
        visit.living, visit.risks, visit.help_given = living, risks, help_given
        visit.needs_follow_up = bool(data.get("needs_follow_up"))
        visit.found_dispute = found_dispute
        visit.save()
    return SaveResult(visit)


def delete_visit(visit: Visit) -> None:
    ensure_writable(visit.pairing.unit_id)
    visit.delete_instance()


@dataclass(frozen=True)
class DisputeStart:
    """What a 矛盾纠纷 case opened from a visit starts with (the mediation tab fills the rest)."""

    unit_id: int
    visit_id: int
    accepted_on: date
    source: str            # a code of mediation's SOURCES: found by a visit = 主动调解
    facts: str             # the visit's 矛盾隐患
    resident_id: int | None
    household_id: int
    member_name: str       # the party member who found it, for the case's 登记人 or notes


def dispute_start(visit: Visit) -> DisputeStart:
    """The hook for “open a dispute from this visit”: refuses a visit not marked as finding one."""
    if not visit.found_dispute:
        raise ValidationError("这次走访没有标记“发现矛盾纠纷”，不能从它登记纠纷。")
    pairing = visit.pairing
    return DisputeStart(pairing.unit_id, visit.id, visit.visit_date, "initiative",
                        visit.risks, pairing.resident_id, pairing.household_id,
                        pairing.member.name)


def dispute_parties(start: DisputeStart) -> list[Resident]:
    """The party a case opened from a visit begins with: the paired person, or for a whole
    household its 户主 (the clerk adds the other side in the case form)."""
    if start.resident_id is not None:
        return [Resident.get_by_id(start.resident_id)]
    members = list(Resident.select().where(Resident.household == start.household_id)
                   .order_by(Resident.relation != "户主", Resident.id).limit(1))
    return members


# ---- settings ------------------------------------------------------------------------------

def set_visit_intervals(unit: Unit, special_days: Any, hardship_days: Any) -> dict[str, int]:
    """How often a pairing must be visited, in days, per group (defaults: 30 and 90)."""
    problems: dict[str, str] = {}
    values: dict[str, int] = {}
    low, high = INTERVAL_LIMITS
    for key, raw, label in (("special", special_days, "特殊群体"), ("hardship", hardship_days, "困难群体")):
        try:
            days = int(str(raw).strip())
        except ValueError:
            problems[key] = f"{label}走访间隔“{raw}”不是整数天数，请填写如 30。"
            continue
        if not low <= days <= high:
            problems[key] = f"{label}走访间隔应在{low}到{high}天之间，现在是{days}天。"
        values[key] = days
    if problems:
        raise ValidationError(problems)
    set_setting(unit, INTERVAL_KEY, values)
    return values


# ---- a resident or household in an active pairing is not deleted ----------------------------

def _resident_guard(resident: Resident) -> str | None:
    as_member, as_target = active_pairings_of_resident(resident.id)
    roles = [f"{n}个进行中结对的{role}" for n, role in
             ((as_member, "结对党员"), (as_target, "帮扶对象")) if n]
    if not roles:
        return None
    return "还是" + "、".join(roles) + "，请先在“党员结对帮扶”页结束这些结对，再删除"


def _household_guard(household: Household) -> str | None:
    count = active_household_pairings(household.id)
    if not count:
        return None
    return f"这一户整户还在{count}个进行中的党员结对帮扶里，请先在“党员结对帮扶”页结束这些结对，再删除"


roster.DELETE_GUARDS.append(_resident_guard)
roster.HOUSEHOLD_DELETE_GUARDS.append(_household_guard)


# ---- people who leave the register (注销) end their pairings ------------------------------
#
# A death or a move ends the help as it is: the pairing ends on the 注销 date with the reason
# it has (帮扶对象迁出 / 帮扶对象去世 / 党员迁出), and stays with its visits as history. We do not
# refuse the 注销 as the delete guard refuses a delete: nothing is lost, and the clerk would only
# be sent to this tab to type the same date and reason. The household left without its party
# member shows up again as 未结对 (the coverage rule), which is where the new pairing is made.

_TARGET_REASONS = {"moved": "moved", "dead": "deceased", "other": "other"}


def _pairings_of_leavers(leaving: leaving.Leaving) -> list[Pairing]:
    ids = [p.id for p in leaving.people]
    whom = Pairing.member.in_(ids) | Pairing.resident.in_(ids)
    if leaving.household_ids:  # a household that leaves takes its whole-household pairings
        whom |= Pairing.household.in_(leaving.household_ids) & Pairing.resident.is_null()
    return list(Pairing.select().where(Pairing.end_date.is_null(), whom)
                .order_by(Pairing.start_date, Pairing.id))


def _on_leaving(leaving: leaving.Leaving, apply: bool) -> list[str]:
    day, leavers = leaving.day, {p.id for p in leaving.people}
    lines = []
    for pairing in _pairings_of_leavers(leaving):
        member = pairing.member
        target = pairing.resident.name if pairing.resident_id else f"{pairing.household.address}（整户）"
        who = f"{member.name}与{target}的结对帮扶"
        if pairing.start_date > day:
            raise ValidationError({"status_on": (
                f"{who}从{pairing.start_date:%Y-%m-%d}开始，晚于注销日期（{day:%Y-%m-%d}）："
                "请核对注销日期。")})
        last = pairing.visits.order_by(Visit.visit_date.desc()).first()
        if last is not None and last.visit_date > day:
            raise ValidationError({"status_on": (
                f"{who}在{last.visit_date:%Y-%m-%d}还有走访记录，晚于注销日期（{day:%Y-%m-%d}）："
                "请核对注销日期。")})
        if pairing.member_id in leavers:
            reason = "member_left" if leaving.status == "moved" else "other"
            note = f"结对党员{member.name}{day:%Y-%m-%d}{leaving.status_label}"
        else:
            reason = _TARGET_REASONS[leaving.status]
            note = f"帮扶对象{day:%Y-%m-%d}{leaving.status_label}"
        note += f"：{leaving.note}" if leaving.note else ""
        lines.append(f"{who}于{day:%Y-%m-%d}结束（{Pairing.choice_label('end_reason', reason)}），"
                     "走访记录保留")
        if apply:
            pairing.end_date, pairing.end_reason, pairing.end_note = day, reason, note
            pairing.save()
    return lines


if _on_leaving not in leaving.LEAVE_HOOKS:
    leaving.LEAVE_HOOKS.append(_on_leaving)


def record_pairing_view(pairing: Pairing) -> int:
    """Opening a pairing's form shows its people with their categories: one audit row "查看敏感
    信息" for each of them in a sensitive category (roster/sensitive.py: only for an account
    that sees the names). The number of rows written."""
    people = [pairing.resident] if pairing.resident_id else list(
        pairing.household.members.order_by(Resident.id))
    return sum(record_view(person, "结对帮扶") for person in people)
