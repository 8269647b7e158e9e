"""The village's QQ/微信 groups and their 网络管理员 (seed 五(一)3: "精挑细选1-2名……（党员优先考虑）
充当村级QQ群、微信群管理员"), and the rules on them.

A village has one or two admins at a time. A third is refused when it is saved (the clerk first
ends a term); 0 admins, or more than 2 (say, two terms typed to overlap by mistake and a third
arriving in an old package), a team without a party member and a group nobody looks after are
findings. Every write checks first and saves in one transaction: a refused save changes nothing.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from peewee import JOIN, fn

from ...errors import ValidationError
from ...finding import Finding
from ...store.database import db
from ...store.models import NAME_MAX, Resident, Unit
from ...units import ensure_writable
from ...validation import (SaveResult, checked_phone, clean_name, clean_text, collect, is_choice,
                           not_future, raise_problems, required_date)
from ..roster import leaving
from ..roster import rules as roster
from .models import ChatGroup, GroupAdmin, GroupAssignment, OpinionIncident

MOST_ADMINS = 2
MOST_MEMBERS = 5000  # a QQ group holds 2,000 (3,000 paid), a WeChat group 500
LONG_TEXT = 2000


def is_current(admin: GroupAdmin, today: date) -> bool:
    return admin.appointed_on <= today and (admin.ended_on is None or admin.ended_on >= today)


def current_admins(unit_id: int, today: date | None = None) -> list[GroupAdmin]:
    today = today or date.today()
    return list(GroupAdmin.select().where(
        GroupAdmin.unit == unit_id, GroupAdmin.appointed_on <= today,
        GroupAdmin.ended_on.is_null() | (GroupAdmin.ended_on >= today))
        .order_by(GroupAdmin.appointed_on, GroupAdmin.id))


# ---- groups ---------------------------------------------------------------------------------

def _member_count(value: Any) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        return 0
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(f"群成员数要填整数（如 268），现在是“{text}”。") from None
    if number < 0:
        raise ValidationError(f"群成员数不能是负数（现在是{number}），请照群资料里的人数填写。")
    if number > MOST_MEMBERS:
        raise ValidationError(f"群成员数{number}超过{MOST_MEMBERS}，一个QQ群、微信群装不下这么多人，请核对。")
    return number


def save_group(unit: Unit, data: dict[str, Any], group: ChatGroup | None = None,
               today: date | None = None) -> SaveResult:
    """A group with who looks after it (``admins``: GroupAdmin records or ids, may be empty)."""
    today = today or date.today()
    unit_id = group.unit_id if group else unit.id
    problems: dict[str, str] = {}
    label = ChatGroup.label
    platform = data.get("platform")
    if not is_choice(ChatGroup, "platform", platform):
        problems["platform"] = "请从下拉框选择平台（QQ群、微信群或其他）。"
    name = collect(problems, "name", lambda: clean_name(
        data.get("name"), label=label("name"), required=True, limit=NAME_MAX))
    members = collect(problems, "members", lambda: _member_count(data.get("members")))
    purpose = collect(problems, "purpose", lambda: clean_text(
        data.get("purpose"), label=label("purpose"), limit=100))
    created = collect(problems, "created_on", lambda: not_future(
        data.get("created_on"), label("created_on"), today))
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=label("note"),
                                                        limit=LONG_TEXT))
    if name and "name" not in problems:
        same = ChatGroup.select().where(ChatGroup.unit == unit_id, ChatGroup.name == name,
                                        ChatGroup.platform == platform)
        if group is not None:
            same = same.where(ChatGroup.id != group.id)
        if same.exists():
            problems["name"] = f"本村已经登记过{ChatGroup.choice_label('platform', platform)}“{name}”，请核对，不要重复登记。"
    admin_ids = [a.id if isinstance(a, GroupAdmin) else int(a) for a in data.get("admins") or ()]
    known = {a.id for a in GroupAdmin.select(GroupAdmin.id).where(GroupAdmin.unit == unit_id,
                                                                  GroupAdmin.id.in_(admin_ids))}
    if set(admin_ids) - known:
        problems["admins"] = "所选的管理员不是本村（社区）登记的网络管理员，请重新勾选。"
    raise_problems(problems)
    ensure_writable(unit_id)
    active = bool(data.get("active", True))
    with db.atomic():
        group = group or ChatGroup(unit=unit_id)
        group.platform, group.name, group.members, group.purpose = platform, name, members, purpose
        group.created_on, group.active, group.note = created, active, note
        group.save()
        old = {a.admin_id: a for a in GroupAssignment.select().where(GroupAssignment.group == group)}
        for admin_id, assignment in old.items():
            if admin_id not in admin_ids:
                assignment.delete_instance()
        for admin_id in dict.fromkeys(admin_ids):
            if admin_id not in old:
                GroupAssignment.create(group=group, admin=admin_id)
    warnings = []
    if active and not admin_ids:
        warnings.append(f"“{name}”还没有安排管理员：每个村级群都要有网络管理员看管，请在名单里勾选。")
    return SaveResult(group, warnings)


def delete_group(group: ChatGroup) -> None:
    ensure_writable(group.unit_id)
    with db.atomic():
        group.delete_instance(recursive=False)


# ---- admins ---------------------------------------------------------------------------------

def save_admin(unit: Unit, data: dict[str, Any], admin: GroupAdmin | None = None,
               today: date | None = None) -> SaveResult:
    """A 网络管理员: a resident of this village on the register, for a term. A third current
    admin is refused: the seed's 1–2, and the clerk ends a term first."""
    today = today or date.today()
    unit_id = admin.unit_id if admin else unit.id
    problems: dict[str, str] = {}
    warnings: list[str] = []
    label = GroupAdmin.label
    resident = data.get("resident")
    if isinstance(resident, int):
        resident = Resident.get_or_none(Resident.id == resident)
    if resident is None:
        problems["resident"] = ("网络管理员要从本村花名册里选（按姓名查找）；还没有登记的，"
                                "请先在“网格花名册”里登记这个人。")
    elif resident.unit_id != unit_id:
        problems["resident"] = f"{resident.name}不是本村（社区）花名册上的人员，网络管理员只能从本村人员中选。"
    elif resident.status != "active" and (admin is None or admin.resident_id != resident.id):
        problems["resident"] = f"{resident.name}已从花名册注销（{resident.choice_label('status', resident.status)}），不能选为网络管理员。"
    phone_data = {"phone": data.get("phone") or (resident.phone if resident else "")}
    phone = checked_phone(phone_data, problems, warnings)
    start = collect(problems, "appointed_on", lambda: not_future(required_date(
        data.get("appointed_on"), label("appointed_on")), label("appointed_on"), today))
    end = data.get("ended_on")
    if start and end and end < start:
        problems["ended_on"] = "卸任日期早于选定日期，请核对。"
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=label("note"),
                                                        limit=LONG_TEXT))
    if not problems:
        same = GroupAdmin.select().where(GroupAdmin.unit == unit_id, GroupAdmin.resident == resident,
                                         GroupAdmin.ended_on.is_null())
        if admin is not None:
            same = same.where(GroupAdmin.id != admin.id)
        if end is None and same.exists():
            problems["resident"] = f"{resident.name}已经是本村的网络管理员了，不必重复登记。"
    if not problems and start <= today and (end is None or end >= today):
        others = [a for a in current_admins(unit_id, today) if admin is None or a.id != admin.id]
        if len(others) >= MOST_ADMINS:
            names = "、".join(a.name for a in others)
            problems["resident"] = (f"本村现有网络管理员{names}，已经{len(others)}名：按工作方案每村只选1至2名。"
                                    "如要换人，请先选中其中一位点“卸任”，填上卸任日期，再登记新的管理员。")
    raise_problems(problems)
    ensure_writable(unit_id)
    with db.atomic():
        admin = admin or GroupAdmin(unit=unit_id)
        admin.resident, admin.name, admin.phone = resident, resident.name, phone
        admin.appointed_on, admin.ended_on, admin.note = start, end, note
        admin.save()
    team = current_admins(unit_id, today)
    if team and not any(a.resident_id and a.resident.is_party_member for a in team):
        warnings.append("现任网络管理员中没有党员：工作方案要求党员优先考虑，请酌情调整。")
    return SaveResult(admin, warnings)


def end_admin(admin: GroupAdmin, ended_on: date, today: date | None = None) -> GroupAdmin:
    """End a term (the record stays: who looked after the groups when)."""
    today = today or date.today()
    if ended_on is None:
        raise ValidationError({"ended_on": "请填写卸任日期。"})
    if ended_on < admin.appointed_on:
        raise ValidationError({"ended_on": f"卸任日期早于选定日期（{admin.appointed_on:%Y-%m-%d}），请核对。"})
    if ended_on > today:
        raise ValidationError({"ended_on": f"卸任日期不能晚于今天（{today:%Y-%m-%d}）。"})
    ensure_writable(admin.unit_id)
    with db.atomic():
        admin.ended_on = ended_on
        admin.save()
    return admin


def delete_admin(admin: GroupAdmin) -> None:
    """Only an admin typed by mistake is deleted; one who has found 舆情 is ended instead."""
    if admin.resident_id and OpinionIncident.select().where(
            OpinionIncident.finder == admin.resident_id, OpinionIncident.finder_role == "admin").exists():
        raise ValidationError(f"{admin.name}作为网络管理员登记过舆情，不能删除；不再担任的，请点“卸任”。")
    ensure_writable(admin.unit_id)
    with db.atomic():
        admin.delete_instance(recursive=True)


# ---- rules ----------------------------------------------------------------------------------

def admin_findings(unit_ids: list[int] | None, today: date | None = None) -> list[Finding]:
    """0 or more than 2 current admins; a team without a party member; an active group that no
    current admin looks after. A village with nobody on its roster yet has no one to choose
    from: it is not asked for admins (a new installation starts clean)."""
    today = today or date.today()
    people = Resident.select(Resident.id).where(Resident.unit == Unit.id, Resident.status == "active")
    villages = Unit.select().where(Unit.kind == "village", fn.EXISTS(people))
    if unit_ids is not None:
        villages = villages.where(Unit.id.in_(unit_ids))
    villages = list(villages.order_by(Unit.sort_order, Unit.code))
    ids = [u.id for u in villages]
    current = (GroupAdmin.unit_id.in_(ids) & (GroupAdmin.appointed_on <= today)
               & (GroupAdmin.ended_on.is_null() | (GroupAdmin.ended_on >= today)))
    teams: dict[int, list[tuple[int, str, bool]]] = {}
    for admin_id, unit_id, name, party in (
            GroupAdmin.select(GroupAdmin.id, GroupAdmin.unit, GroupAdmin.name,
                              Resident.is_party_member)
            .join(Resident, JOIN.LEFT_OUTER)
            .where(current).tuples()):
        teams.setdefault(unit_id, []).append((admin_id, name, bool(party)))
    looked_after = {g for (g,) in GroupAssignment.select(GroupAssignment.group)
                    .join(GroupAdmin).where(current).tuples()}
    found: list[Finding] = []
    for unit in villages:
        team = teams.get(unit.id, [])
        if not team:
            found.append(Finding("网络管理员人数不符", unit.name,
                                 f"{unit.name}还没有网络管理员：应选1至2名（党员优先）管理村级QQ群、微信群",
                                 f"unit:{unit.id}"))
        elif len(team) > MOST_ADMINS:
            found.append(Finding("网络管理员人数不符", unit.name,
                                 f"{unit.name}现有网络管理员{len(team)}名（{'、'.join(n for _, n, _ in team)}），"
                                 f"应为1至{MOST_ADMINS}名：请给多出的人填上卸任日期",
                                 f"group_admin:{team[-1][0]}"))
        if team and not any(party for _, _, party in team):
            found.append(Finding("网络管理员中没有党员", unit.name,
                                 f"{unit.name}的网络管理员{'、'.join(n for _, n, _ in team)}都不是党员：工作方案要求党员优先",
                                 f"group_admin:{team[0][0]}"))
    for group_id, unit_name, name in (
            ChatGroup.select(ChatGroup.id, Unit.name, ChatGroup.name).join(Unit)
            .where(ChatGroup.unit.in_(ids), ChatGroup.active == True,  # noqa: E712
                   ChatGroup.id.not_in(list(looked_after) or [0]))
            .order_by(Unit.sort_order, ChatGroup.name).tuples()):
        found.append(Finding("群没有管理员", unit_name, f"{unit_name}的“{name}”没有现任网络管理员看管",
                             f"chat_group:{group_id}"))
    return found


# ---- the roster's people leaving ------------------------------------------------------------

def _resident_guard(resident: Resident) -> str | None:
    today = date.today()
    if GroupAdmin.select().where(GroupAdmin.resident == resident,
                                 GroupAdmin.ended_on.is_null() | (GroupAdmin.ended_on >= today)).exists():
        return "是现任网络管理员，请先在“网络舆情”页给他（她）填上卸任日期"
    return None


if _resident_guard not in roster.DELETE_GUARDS:
    roster.DELETE_GUARDS.append(_resident_guard)


def _on_leaving(leaving_people: leaving.Leaving, apply: bool) -> list[str]:
    """An admin who leaves the register (迁出, 死亡) stops being an admin on that day."""
    ids = [p.id for p in leaving_people.people]
    day, lines = leaving_people.day, []
    if not ids:
        return lines
    terms: Iterable[GroupAdmin] = GroupAdmin.select().where(
        GroupAdmin.resident.in_(ids), GroupAdmin.ended_on.is_null() | (GroupAdmin.ended_on > day))
    for admin in terms:
        if admin.appointed_on > day:
            raise ValidationError({"status_on": (
                f"{admin.name}的网络管理员任期从{admin.appointed_on:%Y-%m-%d}开始，晚于注销日期"
                f"（{day:%Y-%m-%d}）：请核对注销日期，或先在“网络舆情”页改正。")})
        lines.append(f"{admin.name}的网络管理员任期到{day:%Y-%m-%d}结束")
        if apply:
            admin.ended_on = day
            admin.save()
    return lines


if _on_leaving not in leaving.LEAVE_HOOKS:
    leaving.LEAVE_HOOKS.append(_on_leaving)
