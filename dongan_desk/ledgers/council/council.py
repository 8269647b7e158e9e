"""红白理事会: the council's members, texts and meetings, the 党小组 rule and its finding
(seed 五(一)6), and the small checks the council's other books share.

Every write checks first and then saves in one transaction, so a refused save leaves the database
as it was. The 支客士 are in ``emcees.py``, the filings and the village's limits in
``ceremony.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...errors import ValidationError
from ...store.database import db
from ...store.models import NAME_MAX, Resident, Unit
from .models import Council, CouncilMeeting, CouncilMember, CouncilText, Emcee
from ..roster import rules as roster
from ..roster import leaving
from .queries import current_party_members
from ...validation import (SaveResult, checked_phone, clean_name, clean_text, collect, is_choice,
                          not_future, person_or_name, raise_problems, required_date, whole_number)
from ...units import ensure_writable
from ...finding import Finding

# The party's minimum for a 党小组 (and the seed: "党员如达到一定数量，应成立党小组").
PARTY_GROUP_MIN = 3
# Roles a council has exactly one of at a time.
SINGLE_ROLES = ("chief", "instructor", "president")
LONG_TEXT = 20000


@dataclass(frozen=True)
class PartyGroupStatus:
    members: int        # current members (distinct people)
    party_members: int  # of whom party members
    exists: bool
    formed_on: date | None
    leader: str

    @property
    def due(self) -> bool:
        return self.party_members >= PARTY_GROUP_MIN

    def describe(self) -> str:
        head = f"现有成员{self.members}人，其中党员{self.party_members}人"
        if self.exists:
            since = f"（{self.formed_on:%Y-%m-%d}成立" + (f"，党小组长{self.leader}）" if self.leader else "）")
            return f"{head}；已成立党小组{since}。"
        if self.due:
            return f"{head}；党员已达{PARTY_GROUP_MIN}人，应成立党小组（由指导员兼任党小组长），目前还没有成立。"
        return f"{head}；党员不足{PARTY_GROUP_MIN}人，暂不需要成立党小组。"


def party_group_status(unit: Unit | int, today: date | None = None) -> PartyGroupStatus:
    unit_id = unit if isinstance(unit, int) else unit.id
    today = today or date.today()
    people = current_party_members([unit_id], today).get(unit_id, {})
    council = Council.get_or_none(Council.unit == unit_id)
    formed = council.party_group_formed_on if council else None
    return PartyGroupStatus(len(people), sum(people.values()), formed is not None, formed,
                            council.party_group_leader if council else "")


# ---- small checks -------------------------------------------------------------------------


# ---- the council and its members ----------------------------------------------------------

def default_council_name(unit: Unit) -> str:
    return f"{unit.name}红白理事会"


def save_council(unit: Unit, data: dict[str, Any], today: date | None = None) -> SaveResult:
    today = today or date.today()
    problems: dict[str, str] = {}
    name = collect(problems, "name", lambda: clean_name(
        data.get("name"), label=Council.label("name"), required=True, limit=NAME_MAX))
    founded = collect(problems, "founded_on", lambda: not_future(
        data.get("founded_on"), Council.label("founded_on"), today))
    formed = collect(problems, "party_group_formed_on", lambda: not_future(
        data.get("party_group_formed_on"), Council.label("party_group_formed_on"), today))
    leader = collect(problems, "party_group_leader", lambda: clean_name(
        data.get("party_group_leader"), label=Council.label("party_group_leader"), limit=NAME_MAX))
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=Council.label("note")))
    if founded and formed and formed < founded:
        problems["party_group_formed_on"] = "党小组成立日期早于理事会成立日期，请核对。"
    if leader and not formed:
        problems["party_group_formed_on"] = "填写了党小组长，请同时填写党小组成立日期。"
    raise_problems(problems)
    ensure_writable(unit)
    with db.atomic():
        council = Council.get_or_none(Council.unit == unit) or Council(unit=unit)
        council.name, council.founded_on, council.note = name, founded, note
        council.party_group_formed_on, council.party_group_leader = formed, leader
        council.save()
    return SaveResult(council)


def save_member(unit: Unit, data: dict[str, Any], member: CouncilMember | None = None,
                today: date | None = None) -> SaveResult:
    """A council member with role and term; warns where the seed's form is not met."""
    today = today or date.today()
    unit_id = member.unit_id if member else unit.id
    problems: dict[str, str] = {}
    warnings: list[str] = []
    role = data.get("role")
    if not is_choice(CouncilMember, "role", role):
        problems["role"] = "请从下拉框选择职务。"
    resident, name = person_or_name(unit_id, data, CouncilMember, problems)
    phone = checked_phone(data, problems, warnings)
    work_unit = collect(problems, "work_unit", lambda: clean_text(
        data.get("work_unit"), label=CouncilMember.label("work_unit"), limit=NAME_MAX))
    start = collect(problems, "term_start", lambda: required_date(
        data.get("term_start"), CouncilMember.label("term_start")))
    end = data.get("term_end")
    if start and end and end < start:
        problems["term_end"] = "任期结束日期早于任期开始日期，请核对。"
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=CouncilMember.label("note")))
    raise_problems(problems)
    is_party = resident.is_party_member if resident else bool(data.get("is_party_member"))
    role_label = CouncilMember.choice_label("role", role)
    current = start <= today and (end is None or end >= today)
    if current and role in SINGLE_ROLES:
        others = (CouncilMember.select().where(
            CouncilMember.unit == unit_id, CouncilMember.role == role,
            CouncilMember.term_start <= today,
            CouncilMember.term_end.is_null() | (CouncilMember.term_end >= today)))
        if member is not None:
            others = others.where(CouncilMember.id != member.id)
        if others.exists():
            names = "、".join(o.name for o in others)
            warnings.append(f"现任{role_label}已有{names}：一个理事会只设一名{role_label}，请把前任的任期结束日期填上。")
    if role == "president" and not is_party:
        warnings.append(f"{name}不是党员：按工作方案，会长原则上在党员中选举产生。")
    if role == "instructor" and not is_party:
        warnings.append(f"{name}不是党员：指导员由村（社区）支部书记担任。")
    ensure_writable(unit_id)
    with db.atomic():
        member = member or CouncilMember(unit=unit_id)
        member.role, member.resident, member.name = role, resident, name
        member.is_party_member = is_party
        member.phone, member.work_unit, member.note = phone, work_unit, note
        member.term_start, member.term_end = start, end
        member.save()
    return SaveResult(member, warnings)


def delete_member(member: CouncilMember) -> None:
    ensure_writable(member.unit_id)
    member.delete_instance()


def save_text(unit: Unit, data: dict[str, Any], text: CouncilText | None = None,
              today: date | None = None) -> SaveResult:
    today = today or date.today()
    problems: dict[str, str] = {}
    kind = data.get("kind")
    if not is_choice(CouncilText, "kind", kind):
        problems["kind"] = "请从下拉框选择类别（章程、管理制度或其他）。"
    title = collect(problems, "title", lambda: clean_text(
        data.get("title"), label=CouncilText.label("title"), required=True, limit=100))
    adopted = collect(problems, "adopted_on", lambda: not_future(required_date(
        data.get("adopted_on"), CouncilText.label("adopted_on")), CouncilText.label("adopted_on"), today))
    body = collect(problems, "body", lambda: clean_text(
        data.get("body"), label=CouncilText.label("body"), limit=LONG_TEXT))
    raise_problems(problems)
    unit_id = text.unit_id if text else unit.id
    ensure_writable(unit_id)
    with db.atomic():
        text = text or CouncilText(unit=unit_id)
        text.kind, text.title, text.adopted_on, text.body = kind, title, adopted, body
        text.save()
    return SaveResult(text)


def delete_text(text: CouncilText) -> None:
    ensure_writable(text.unit_id)
    text.delete_instance()


def save_meeting(unit: Unit, data: dict[str, Any], meeting: CouncilMeeting | None = None,
                 today: date | None = None) -> SaveResult:
    """A meeting that was held: attendance and what it decided."""
    today = today or date.today()
    problems: dict[str, str] = {}
    label = CouncilMeeting.label
    kind = data.get("kind") or "general"
    if not is_choice(CouncilMeeting, "kind", kind):
        problems["kind"] = "请从下拉框选择会议类别。"
    held = collect(problems, "held_on", lambda: not_future(required_date(
        data.get("held_on"), label("held_on")), label("held_on"), today))
    due = collect(problems, "due_count", lambda: whole_number(data.get("due_count"), label("due_count"), 1, 5000))
    present = collect(problems, "present_count", lambda: whole_number(
        data.get("present_count"), label("present_count"), 0, 5000))
    if due is not None and present is not None and present > due:
        problems["present_count"] = f"实到人数（{present}）不能多于应到人数（{due}）。"
    texts = {key: collect(problems, key, lambda key=key, limit=limit: clean_text(
        data.get(key), label=label(key), limit=limit))
        for key, limit in (("place", 100), ("topics", LONG_TEXT), ("decisions", LONG_TEXT),
                           ("recorder", NAME_MAX))}
    if not problems and not texts["decisions"]:
        problems["decisions"] = "请填写会议的决定事项（没有决定的，写“无”）。"
    raise_problems(problems)
    unit_id = meeting.unit_id if meeting else unit.id
    ensure_writable(unit_id)
    with db.atomic():
        meeting = meeting or CouncilMeeting(unit=unit_id)
        meeting.kind, meeting.held_on, meeting.due_count, meeting.present_count = kind, held, due, present
        for key, value in texts.items():
            setattr(meeting, key, value)
        meeting.save()
    warnings = []
    if kind == "general" and present * 2 <= due:
        warnings.append(f"实到{present}人，未过应到人数（{due}人）的一半，会员大会的决定可能不算数，请按章程核对。")
    return SaveResult(meeting, warnings)


def delete_meeting(meeting: CouncilMeeting) -> None:
    ensure_writable(meeting.unit_id)
    meeting.delete_instance()


# ---- guards and findings ------------------------------------------------------------------

def _resident_guard(resident: Resident) -> str | None:
    """A current council member or an active 支客士 is not deleted from the roster by accident."""
    today = date.today()
    roles = [CouncilMember.choice_label("role", m.role) for m in CouncilMember.select().where(
        CouncilMember.resident == resident,
        CouncilMember.term_end.is_null() | (CouncilMember.term_end >= today))]
    if Emcee.select().where(Emcee.resident == resident, Emcee.active == True).exists():  # noqa: E712
        roles.append("在册支客士")
    if roles:
        return f"是红白理事会的{'、'.join(roles)}，请先在“红白理事会”中结束任期或取消在册"
    return None


if _resident_guard not in roster.DELETE_GUARDS:
    roster.DELETE_GUARDS.append(_resident_guard)


def _on_leaving(leaving: leaving.Leaving, apply: bool) -> list[str]:
    """A person who leaves the register (迁出, 死亡) leaves the council and the 支客士 register:
    their term ends on the 注销 date and a 支客士 is no longer 在册. The rows stay (history:
    who was 会长, who worked which wedding), as ending a term by hand keeps them."""
    ids = [p.id for p in leaving.people]
    if not ids:
        return []
    day, lines = leaving.day, []
    terms = CouncilMember.select().where(
        CouncilMember.resident.in_(ids),
        CouncilMember.term_end.is_null() | (CouncilMember.term_end > day))
    for member in terms.order_by(CouncilMember.term_start, CouncilMember.id):
        role = CouncilMember.choice_label("role", member.role)
        if member.term_start > day:
            raise ValidationError({"status_on": (
                f"{member.name}的红白理事会{role}任期从{member.term_start:%Y-%m-%d}开始，晚于注销日期"
                f"（{day:%Y-%m-%d}）：请核对注销日期，或先在“红白理事会”里改正这段任期。")})
        lines.append(f"{member.name}的红白理事会{role}任期到{day:%Y-%m-%d}结束")
        if apply:
            member.term_end = day
            member.save()
    for emcee in Emcee.select().where(Emcee.resident.in_(ids), Emcee.active == True):  # noqa: E712
        lines.append(f"{emcee.name}不再是在册支客士（红白事报备里的记录保留）")
        if apply:
            emcee.active = False
            emcee.save()
    return lines


if _on_leaving not in leaving.LEAVE_HOOKS:
    leaving.LEAVE_HOOKS.append(_on_leaving)


def party_group_findings(unit_ids: list[int] | None) -> list:
    """Councils with three or more party members but no 党小组."""
    today = date.today()
    people = current_party_members(unit_ids, today)
    formed = {c.unit_id for c in Council.select(Council.unit).where(
        Council.party_group_formed_on.is_null(False))}
    names = {u.id: u.name for u in Unit.select(Unit.id, Unit.name)}
    found = []
    for unit_id, members in sorted(people.items()):
        count = sum(members.values())
        if count >= PARTY_GROUP_MIN and unit_id not in formed:
            found.append(Finding("红白理事会应成立党小组", names[unit_id],
                                 f"{names[unit_id]}红白理事会现有党员{count}人，应成立党小组"
                                 "（由指导员兼任党小组长）", f"council:{unit_id}"))
    return found
