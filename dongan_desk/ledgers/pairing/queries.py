"""Reading 党员结对帮扶: the pairing list page by page, a pairing's visits, the pickers of the forms,
and the coverage rules of the plan (seed 五(一)1): every household of the 困难群体 / 特殊群体 has an
active pairing, every party member has at least one, and every pairing is visited in time.

A pairing is "active" while it has no end date. Its group decides its visit interval: special
care when its person (or, for a whole household, any member) is in a 特殊群体 category, else
hardship. Intervals are unit settings (``INTERVAL_KEY``), in days.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from peewee import JOIN, Case, fn

from ...store.models import Category, Household, Resident, ResidentCategory, Setting, Unit
from .models import Pairing, Visit
from ..roster.queries import PAGE_SIZE, Page, status_mark
from ..roster.sensitive import MASK, may_see, visible_category

INTERVAL_KEY = "pairing_visit_interval_days"
DEFAULT_INTERVALS = {"special": 30, "hardship": 90}  # the plan: 特殊群体 monthly, 困难群体 quarterly
INTERVAL_LIMITS = (1, 366)
STATUSES = (("active", "进行中"), ("ended", "已结束"), ("all", "全部"))


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# ---- intervals -----------------------------------------------------------------------------

def visit_intervals(unit_id: int) -> dict[str, int]:
    return intervals_by_unit([unit_id]).get(unit_id, dict(DEFAULT_INTERVALS))


def intervals_by_unit(unit_ids: list[int] | None) -> dict[int, dict[str, int]]:
    """Only the units that changed the defaults; one query for all of them."""
    query = Setting.select(Setting.unit, Setting.value).where(Setting.key == INTERVAL_KEY)
    if unit_ids is not None:
        query = query.where(Setting.unit.in_(unit_ids))
    return {unit_id: {**DEFAULT_INTERVALS, **json.loads(value)} for unit_id, value in query.tuples()}


# ---- who is in which group -------------------------------------------------------------------

def special_care_expr():
    """SQL: is this pairing special care (its person, or for a whole household any member)?"""
    person = (ResidentCategory.select(ResidentCategory.id).join(Category)
              .where(ResidentCategory.resident == Pairing.resident, Category.group == "special"))
    member = Resident.alias("sp_member")
    household = (ResidentCategory.select(ResidentCategory.id).join(Category)
                 .switch(ResidentCategory).join(member, on=(ResidentCategory.resident == member.id))
                 .where(member.household == Pairing.household, Category.group == "special"))
    return Case(None, [(Pairing.resident.is_null(False), fn.EXISTS(person))], fn.EXISTS(household))


@dataclass
class GroupLink:
    resident_id: int
    group: str
    name: str                # as the session may see it: a sensitive one masked (``MASK``)
    sensitive: bool = False


def links_of_households(household_ids: list[int]) -> dict[int, list[GroupLink]]:
    """The categories of the households' people; a sensitive category's name is ``MASK`` for a
    role that may not see it (roster/sensitive.py), its group and mark stay for the rules."""
    result: dict[int, list[GroupLink]] = {}
    if not household_ids:
        return result
    rows = (ResidentCategory.select(Resident.household, Resident.id, Category.group, Category.name,
                                    Category.sensitive)
            .join(Category).switch(ResidentCategory).join(Resident)
            .where(Resident.household.in_(household_ids))
            .order_by(Category.group, Category.sort_order).tuples())
    see = may_see()
    for household_id, resident_id, group, name, sensitive in rows:
        shown = MASK if sensitive and not see else name
        result.setdefault(household_id, []).append(
            GroupLink(resident_id, group, shown, bool(sensitive)))
    return result


def heads_of(household_ids: list[int]) -> dict[int, str]:
    """户主's name of each household (the first member when none is marked 户主); of the people
    在册 first: the 户主 who moved away no longer names the household."""
    heads: dict[int, str] = {}
    if not household_ids:
        return heads
    rows = (Resident.select(Resident.household, Resident.name)
            .where(Resident.household.in_(household_ids))
            .order_by(Resident.household, Resident.status != "active", Resident.relation != "户主",
                      Resident.id).tuples())
    for household_id, name in rows:
        heads.setdefault(household_id, name)
    return heads


def group_text(links: list[GroupLink], resident_id: int | None) -> tuple[str, bool]:
    """The categories of one person (or, for None, of the household) as the session may see
    them, and whether any is a 特殊群体 one."""
    chosen = [link for link in links if resident_id is None or link.resident_id == resident_id]
    names = list(dict.fromkeys(link.name for link in chosen))
    return "、".join(names), any(link.group == "special" for link in chosen)


def any_sensitive(links: list[GroupLink], resident_id: int | None) -> bool:
    """Whether the person (or, for None, anyone of the household) is in a sensitive category."""
    return any(link.sensitive for link in links
               if resident_id is None or link.resident_id == resident_id)


def target_label(resident_name: str | None, head_name: str | None) -> str:
    """How a pairing's target is named: the person, or the household by its 户主."""
    return resident_name if resident_name else f"{head_name or '（无人）'}户（整户）"


# ---- the pairing list ------------------------------------------------------------------------

@dataclass
class PairingFilter:
    text: str = ""
    unit_ids: list[int] | None = None
    status: str = "active"
    member_id: int | None = None
    household_id: int | None = None


@dataclass
class PairingRow:
    id: int
    unit_id: int
    member_id: int
    member_name: str
    household_id: int
    resident_id: int | None
    target: str
    address: str
    groups: str
    special: bool
    start_date: date
    end_date: date | None
    end_reason: str
    last_visit: date | None
    visits: int
    due: date | None         # by when the next visit is due (active pairings)
    unit_name: str = ""      # its village (the township's 全部村 list shows it)

    @property
    def status(self) -> str:
        return "进行中" if self.end_date is None else f"已结束（{self.end_date:%Y-%m-%d}）"

    def visit_state(self, today: date) -> str:
        if self.due is None:
            return ""
        late = (today - self.due).days
        return f"超期{late}天" if late > 0 else f"{self.due:%Y-%m-%d}前走访"


Member, Target = Resident.alias("member"), Resident.alias("target")


def _pairing_query(flt: PairingFilter):
    query = (Pairing.select().join(Member, on=(Pairing.member == Member.id))
             .switch(Pairing).join(Household, on=(Pairing.household == Household.id)))
    if flt.unit_ids is not None:
        query = query.where(Pairing.unit.in_(flt.unit_ids))
    if flt.status == "active":
        query = query.where(Pairing.end_date.is_null())
    elif flt.status == "ended":
        query = query.where(Pairing.end_date.is_null(False))
    if flt.member_id is not None:
        query = query.where(Pairing.member == flt.member_id)
    if flt.household_id is not None:
        query = query.where(Pairing.household == flt.household_id)
    text = flt.text.strip()
    if text:
        like = f"%{text}%"
        in_household = (Target.select(Target.id)
                        .where(Target.household == Pairing.household, Target.name ** like))
        query = query.where(Member.name ** like | Household.address ** like | fn.EXISTS(in_household))
    return query


def _ordering():
    return (Pairing.end_date.is_null(False), Pairing.unit, Member.name, Pairing.start_date,
            Pairing.id)


def search_pairings(flt: PairingFilter, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    base = _pairing_query(flt)
    total = base.count()
    last = Visit.select(fn.MAX(Visit.visit_date)).where(Visit.pairing == Pairing.id)
    count = Visit.select(fn.COUNT(Visit.id)).where(Visit.pairing == Pairing.id)
    page = (base.select(Pairing.id, Pairing.unit, Pairing.member, Member.name.alias("member_name"),
                        Pairing.household, Pairing.resident, Target.name.alias("target_name"),
                        Household.address, Pairing.start_date, Pairing.end_date,
                        Pairing.end_reason, last.alias("last_visit"), count.alias("visits"),
                        Member.status.alias("member_status"), Target.status.alias("target_status"),
                        Household.status.alias("household_status"))
            .join_from(Pairing, Target, JOIN.LEFT_OUTER, on=(Pairing.resident == Target.id))
            .order_by(*_ordering()).offset(offset).limit(limit).dicts())
    rows = list(page)
    households = list({r["household"] for r in rows})
    links, heads = links_of_households(households), heads_of(households)
    intervals = intervals_by_unit(list({r["unit"] for r in rows}))
    unit_names = dict(Unit.select(Unit.id, Unit.name).where(Unit.id.in_(list({r["unit"] for r in rows})))
                      .tuples()) if rows else {}
    result = []
    for r in rows:
        groups, special = group_text(links.get(r["household"], []), r["resident"])
        last_visit, start, end = as_date(r["last_visit"]), as_date(r["start_date"]), as_date(r["end_date"])
        days = intervals.get(r["unit"], DEFAULT_INTERVALS)["special" if special else "hardship"]
        result.append(PairingRow(
            # History keeps its people, marked when they left the register (（已迁出）).
            id=r["id"], unit_id=r["unit"], member_id=r["member"],
            member_name=r["member_name"] + status_mark(r["member_status"]),
            household_id=r["household"], resident_id=r["resident"],
            target=target_label(r["target_name"], heads.get(r["household"])) + status_mark(
                r["target_status"] if r["resident"] else r["household_status"]),
            address=r["address"], groups=groups, special=special, start_date=start,
            end_date=end, end_reason=Pairing.choice_label("end_reason", r["end_reason"]),
            last_visit=last_visit, visits=r["visits"],
            due=None if end else (last_visit or start) + timedelta(days=days),
            unit_name=unit_names.get(r["unit"], "")))
    return Page(result, total, offset, limit)


def pairing_position(flt: PairingFilter, pairing_id: int) -> int | None:
    """Where a pairing stands in the filtered list (to open its page), or None if filtered out."""
    ids = [row[0] for row in _pairing_query(flt).select(Pairing.id).order_by(*_ordering()).tuples()]
    return ids.index(pairing_id) if pairing_id in ids else None


@dataclass
class VisitRow:
    id: int
    visit_date: date
    way: str
    mood: str
    living: str
    risks: str
    help_given: str
    needs_follow_up: bool
    found_dispute: bool


def visits_of(pairing_id: int, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    base = Visit.select().where(Visit.pairing == pairing_id)
    rows = [VisitRow(v.id, v.visit_date, Visit.choice_label("way", v.way),
                     Visit.choice_label("mood", v.mood), v.living, v.risks, v.help_given,
                     v.needs_follow_up, v.found_dispute)
            for v in base.order_by(Visit.visit_date.desc(), Visit.id.desc()).offset(offset).limit(limit)]
    return Page(rows, base.count(), offset, limit)


# ---- pickers for the forms -------------------------------------------------------------------

@dataclass
class PersonChoice:
    id: int
    name: str
    household_id: int
    address: str
    groups: str
    active_pairings: int   # of their household (a target) or of them (a member)

    def label(self) -> str:
        paired = f"，已结对{self.active_pairings}个" if self.active_pairings else "，未结对"
        return f"{self.name}（{self.groups}{paired}）{self.address}"


def group_people(unit_id: int, text: str = "", limit: int = 200,
                 household_id: int | None = None) -> list[PersonChoice]:
    """People of the unit in a 困难群体 or 特殊群体 category (of one household), for the form;
    of the categories the session may see (as the roster's group filters)."""
    in_group = ResidentCategory.select(ResidentCategory.resident).join(Category).where(visible_category())
    active = (Pairing.select(fn.COUNT(Pairing.id))
              .where(Pairing.household == Resident.household, Pairing.end_date.is_null()))
    query = (Resident.select(Resident.id, Resident.name, Resident.household, Household.address,
                             active.alias("active"))
             .join(Household).where(Resident.unit == unit_id, Resident.id.in_(in_group),
                                    Resident.status == "active"))
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(Resident.name ** like | Household.address ** like)
    if household_id is not None:
        query = query.where(Resident.household == household_id)
    rows = list(query.order_by(Household.grid, Household.id, Resident.id).limit(limit).tuples())
    links = links_of_households(list({r[2] for r in rows}))
    return [PersonChoice(rid, name, hid, address, group_text(links.get(hid, []), rid)[0], active)
            for rid, name, hid, address, active in rows]


def member_choices(unit_id: int, keep: int | None = None) -> list[PersonChoice]:
    """The unit's party members 在册, with how many active pairings each has; ``keep`` (an
    edited pairing's member, who may have left since) stays choosable."""
    active = (Pairing.select(fn.COUNT(Pairing.id))
              .where(Pairing.member == Resident.id, Pairing.end_date.is_null()))
    rows = (Resident.select(Resident.id, Resident.name, Resident.household, Household.address,
                            Resident.party_branch, active.alias("active"))
            .join(Household).where(Resident.unit == unit_id,
                                   (Resident.status == "active") | (Resident.id == keep),
                                   Resident.is_party_member == True)  # noqa: E712
            .order_by(Resident.name, Resident.id).tuples())
    return [PersonChoice(rid, name, hid, address, branch or "党员", count)
            for rid, name, hid, address, branch, count in rows]


# ---- delete guards' counts -------------------------------------------------------------------

def active_pairings_of_resident(resident_id: int) -> tuple[int, int]:
    """(as the member, as the person helped) counts of active pairings."""
    active = Pairing.select().where(Pairing.end_date.is_null())
    return (active.where(Pairing.member == resident_id).count(),
            active.where(Pairing.resident == resident_id).count())


def active_household_pairings(household_id: int) -> int:
    """Active pairings that name the whole household (not one person of it)."""
    return (Pairing.select().where(Pairing.household == household_id, Pairing.resident.is_null(),
                                   Pairing.end_date.is_null()).count())

