"""在册状态: people and households leave the register (注销) and come back (恢复在册), their
records staying. Other ledgers add what a person's leaving ends for them to ``LEAVE_HOOKS``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from ...errors import ValidationError
from ...store.database import db
from ...store.models import Grid, GridMember, Household, Resident
from ...store.models.roster import RECORD_STATUSES
from ...units import ensure_writable
from ...validation import SaveResult, clean_text, collect, not_future
from .rules import ACTIVE, HOUSEHOLD_LEAVING, STATUS_LABELS, active_members


# ---- 在册状态: people leave the register, their records stay ------------------------------------
#
# A person who moves away or dies is 注销 (status, date, note), not deleted: their pairings,
# visits, cases and filings keep naming them. Lists, rules and statistics count only people
# (and households) 在册. A household is 在册 while anyone in it is: when its last member leaves,
# it leaves too (迁出 when everyone moved away, else 其他注销); when someone comes back, it is
# 在册 again. Deleting stays for a record typed by mistake.

@dataclass(frozen=True)
class Leaving:
    """People leaving the register on one day, and the households that leave with them: the
    one 注销 whole (``household``), or one whose last people 在册 these are."""

    people: tuple[Resident, ...]
    household: Household | None
    status: str
    day: date
    note: str
    households: tuple[tuple[Household, str, str], ...] = ()  # (household, its status, note)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def household_ids(self) -> list[int]:
        return [h.id for h, _, _ in self.households]


# What the other ledgers do when people leave (党员结对帮扶 ends their pairings, 红白理事会 their
# terms): a hook returns one line for the clerk per thing it does, and does it when ``apply`` is
# true, inside the 注销's transaction; it raises ValidationError when the 注销 cannot be as typed
# (a 走访 after the date). Registered by those ledgers, like the delete guards.
LEAVE_HOOKS: list[Callable[[Leaving, bool], list[str]]] = []


def _leaving(data: dict[str, Any], people: list[Resident], household: Household | None,
             today: date) -> Leaving:
    problems: dict[str, str] = {}
    status = str(data.get("status") or "")
    allowed = HOUSEHOLD_LEAVING if household is not None else tuple(
        code for code, _ in RECORD_STATUSES if code != ACTIVE)
    if status not in allowed:
        problems["status"] = ("整户注销请选“迁出”或“其他注销”；去世的人请逐人注销。"
                              if household is not None and status == "dead" else
                              "请选择注销的原因：迁出、死亡或其他注销。")
    day = data.get("status_on")
    if day is None:
        problems["status_on"] = "请填写注销日期（迁出或去世的日期）。"
    elif not isinstance(day, date):
        problems["status_on"] = f"注销日期“{day}”不是日期，请按 年-月-日 填写。"
    else:
        try:
            not_future(day, "注销日期", today)
        except ValidationError as exc:
            problems["status_on"] = exc.message
        born = [p for p in people if p.birth_date and p.birth_date > day]
        if born and "status_on" not in problems:
            first = born[0]
            problems["status_on"] = (f"注销日期（{day:%Y-%m-%d}）早于{first.name}的出生日期"
                                     f"（{first.birth_date:%Y-%m-%d}），请核对。")
    note = collect(problems, "status_note", lambda: clean_text(
        data.get("status_note"), label=Resident.label("status_note"), limit=200,
        required=status == "other"))
    if household is not None and household.status != ACTIVE:
        when = f"于{household.status_on:%Y-%m-%d}" if household.status_on else ""
        problems[""] = f"这一户已{when}{STATUS_LABELS[household.status]}，不用再注销。"
    for person in people:
        if person.status != ACTIVE:
            when = f"于{person.status_on:%Y-%m-%d}" if person.status_on else ""
            problems[""] = f"{person.name}已{when}{STATUS_LABELS[person.status]}，不用再注销。"
    if not people and household is None:
        problems[""] = "请先选中要注销的人。"
    if problems:
        raise ValidationError(problems)
    note = note or ""
    if household is not None:
        households = ((household, status, note),)
    else:
        households = tuple(h for h in (_household_after(people, person.household, status)
                                       for person in {p.household_id: p for p in people}.values())
                           if h is not None)
    return Leaving(tuple(people), household, status, day, note, households)


def _household_after(people: list[Resident], household: Household,
                     status: str) -> tuple[Household, str, str] | None:
    """The household with the status and note it takes when nobody in it stays 在册."""
    leaving_ids = {p.id for p in people}
    if any(p.id not in leaving_ids for p in active_members(household)):
        return None
    everyone = Resident.select(Resident.id, Resident.status).where(Resident.household == household)
    statuses = {status if p.id in leaving_ids else p.status for p in everyone}
    if statuses == {"moved"}:
        return household, "moved", "全户迁出"
    return household, "other", "户内人员已全部注销"


def _leave(leaving: Leaving, apply: bool) -> list[str]:
    """What leaving does, one line each (and, when ``apply``, does it)."""
    lines: list[str] = []
    for hook in LEAVE_HOOKS:
        lines += hook(leaving, apply)
    ids = [p.id for p in leaving.people]
    roles = list(GridMember.select(GridMember, Grid).join(Grid)
                 .where(GridMember.resident.in_(ids)).order_by(Grid.name)) if ids else []
    names = {p.id: p.name for p in leaving.people}
    for role in roles:
        lines.append(f"{names[role.resident_id]}不再担任“{role.grid.name}”的"
                     f"{GridMember.choice_label('role', role.role)}")
    leaving_households = set(leaving.household_ids)
    for person in leaving.people:
        if person.relation == "户主" and person.household_id not in leaving_households:
            staying = len(active_members(person.household)) - sum(
                1 for p in leaving.people if p.household_id == person.household_id)
            lines.append(f"{person.name}是户主，这一户还有{staying}人在册：注销后请编辑其中一人，"
                         "把与户主关系改为户主")
    if leaving.household is None:
        for _, status, _ in leaving.households:
            lines.append(f"这一户的人都已注销，户也随之注销（{STATUS_LABELS[status]}）")
    if not apply:
        return lines
    for person in leaving.people:
        person.status, person.status_on, person.status_note = (
            leaving.status, leaving.day, leaving.note)
        person.save()
    for role in roles:  # one by one: the audit trail says which grid lost whom
        role.delete_instance()
    for household, status, note in leaving.households:
        household.status, household.status_on, household.status_note = status, leaving.day, note
        household.save()
    return lines


def deregister_resident(resident: Resident, data: dict[str, Any], today: date | None = None,
                        apply: bool = True) -> SaveResult:
    """注销 one person: ``data`` holds ``status`` (moved/dead/other), ``status_on`` and
    ``status_note``. The result's warnings say what else happened (pairings ended, roles left,
    the household gone too). With ``apply=False`` nothing is written: the lines are the preview."""
    ensure_writable(resident.unit_id)
    leaving = _leaving(data, [resident], None, today or date.today())
    return _run_leaving(leaving, resident, apply)


def deregister_household(household: Household, data: dict[str, Any], today: date | None = None,
                         apply: bool = True) -> SaveResult:
    """注销 a whole household (迁出 or 其他注销) with everyone in it who is still 在册."""
    ensure_writable(household.unit_id)
    leaving = _leaving(data, active_members(household), household, today or date.today())
    return _run_leaving(leaving, household, apply)


def _run_leaving(leaving: Leaving, record, apply: bool) -> SaveResult:
    if not apply:
        return SaveResult(record, _leave(leaving, apply=False))
    with db.atomic():
        lines = _leave(leaving, apply=True)
    return SaveResult(record, lines)


def _restore(person: Resident, lines: list[str]) -> None:
    if person.relation == "户主":
        head = next((p for p in active_members(person.household, person) if p.relation == "户主"), None)
        if head is not None:
            person.relation = "其他"
            lines.append(f"{person.name}原来是户主；这一户现在的户主是{head.name}，"
                         f"已把{person.name}的与户主关系改为“其他”，请核对")
    person.status, person.status_on, person.status_note = ACTIVE, None, ""
    person.save()


REJOIN_NOTE = "注销时结束的结对帮扶、红白理事会任期和网格职务不会自动恢复，需要时请重新登记"


def restore_resident(resident: Resident) -> SaveResult:
    """恢复在册 (a 注销 by mistake, or someone who came back); their household with them."""
    ensure_writable(resident.unit_id)
    if resident.status == ACTIVE:
        raise ValidationError(f"{resident.name}本来就在册。")
    lines: list[str] = []
    with db.atomic():
        household = resident.household
        if household.status != ACTIVE:
            household.status, household.status_on, household.status_note = ACTIVE, None, ""
            household.save()
            lines.append("这一户也恢复在册")
        _restore(resident, lines)
    return SaveResult(resident, [*lines, REJOIN_NOTE])


def household_leavers(household: Household) -> list[Resident]:
    """The people who left on the day the household did (with it, or the last of them): those
    a household's 恢复在册 brings back; who left before stays 注销."""
    if household.status == ACTIVE:
        return []
    query = Resident.select().where(Resident.household == household, Resident.status != ACTIVE)
    if household.status_on is not None:
        query = query.where(Resident.status_on == household.status_on)
    return list(query.order_by(Resident.relation != "户主", Resident.id))


def restore_household(household: Household) -> SaveResult:
    """恢复在册 a household with the people who left with it (not those who left before)."""
    ensure_writable(household.unit_id)
    if household.status == ACTIVE:
        raise ValidationError("这一户本来就在册。")
    people = household_leavers(household)
    lines: list[str] = []
    with db.atomic():
        household.status, household.status_on, household.status_note = ACTIVE, None, ""
        household.save()
        for person in people:
            _restore(person, lines)
    return SaveResult(household, [*lines, REJOIN_NOTE])
