"""Coverage of 党员结对帮扶 at a glance (seed 五(一)1, annex row 2), as three lists that feed the
tab's coverage panel and, as findings, ``main.py check`` and the status bar:

* households of the 困难群体 / 特殊群体 without an active pairing;
* party members without an active pairing (each member claims at least one household);
* active pairings whose last visit (or, before any, their start) is older than their interval.

Each list is one SQL query over the whole town plus one small query for the names it shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import JOIN, Case, fn

from ...store.models import Grid, Household, Resident, ResidentCategory, Unit
from .models import Pairing, Visit
from .queries import (DEFAULT_INTERVALS, Member, Target, as_date, group_text, heads_of,
                      intervals_by_unit, links_of_households, special_care_expr, target_label)
from ...finding import Finding
# The rules register the roster's delete guards and 注销 hooks (a pairing ends when its person
# leaves). The findings are loaded with the window and by ``check``, so importing the rules here
# puts the guards in place from the start, not only once the 党员结对帮扶 tab has been opened.
from . import rules as registers_roster_hooks  # noqa: F401


@dataclass
class UncoveredHousehold:
    household_id: int
    unit_id: int
    head: str
    address: str
    grid: str
    groups: str
    special: bool


@dataclass
class IdleMember:
    resident_id: int
    unit_id: int
    name: str
    branch: str
    address: str


@dataclass
class OverduePairing:
    pairing_id: int
    unit_id: int
    member: str
    target: str
    since: date          # the last visit, or the start when never visited
    visited: bool
    interval: int
    days: int            # days since ``since``

    def describe(self) -> str:
        if self.visited:
            return (f"{self.member}结对的{self.target}：上次走访在{self.since:%Y-%m-%d}，"
                    f"已{self.days}天（应每{self.interval}天至少走访一次）")
        return (f"{self.member}结对的{self.target}：{self.since:%Y-%m-%d}结对后还没有走访过，"
                f"已{self.days}天（应每{self.interval}天至少走访一次）")


def _active_pairing_of_household():
    return (Pairing.select(Pairing.id)
            .where(Pairing.household == Household.id, Pairing.end_date.is_null()))


def uncovered_households(unit_ids: list[int] | None = None) -> list[UncoveredHousehold]:
    # Only people and households 在册: who moved away or died needs no pairing any more.
    in_group = (Resident.select(Resident.household)
                .join(ResidentCategory, on=(ResidentCategory.resident == Resident.id))
                .where(Resident.status == "active"))
    query = (Household.select(Household.id, Household.unit, Household.address, Grid.name)
             .join(Grid)
             .where(Household.id.in_(in_group), Household.status == "active",
                    ~fn.EXISTS(_active_pairing_of_household())))
    if unit_ids is not None:
        query = query.where(Household.unit.in_(unit_ids))
    rows = list(query.order_by(Household.unit, Grid.sort_order, Household.id).tuples())
    ids = [r[0] for r in rows]
    links, heads = links_of_households(ids), heads_of(ids)
    result = []
    for household_id, unit_id, address, grid in rows:
        groups, special = group_text(links.get(household_id, []), None)
        result.append(UncoveredHousehold(household_id, unit_id, heads.get(household_id, ""),
                                         address, grid, groups, special))
    return result


def idle_members(unit_ids: list[int] | None = None) -> list[IdleMember]:
    active = Pairing.select(Pairing.id).where(Pairing.member == Resident.id,
                                              Pairing.end_date.is_null())
    query = (Resident.select(Resident.id, Resident.unit, Resident.name, Resident.party_branch,
                             Household.address)
             .join(Household)
             .where(Resident.is_party_member == True, Resident.status == "active",  # noqa: E712
                    ~fn.EXISTS(active)))
    if unit_ids is not None:
        query = query.where(Resident.unit.in_(unit_ids))
    return [IdleMember(*row) for row in query.order_by(Resident.unit, Resident.name).tuples()]


def overdue_pairings(unit_ids: list[int] | None = None,
                     today: date | None = None) -> list[OverduePairing]:
    today = today or date.today()
    intervals = intervals_by_unit(unit_ids)

    def cutoff(group: str):
        # The last day a visit may be on and still count: per unit when a unit changed it.
        default = today - timedelta(days=DEFAULT_INTERVALS[group])
        changed = [(unit_id, today - timedelta(days=values[group]))
                   for unit_id, values in intervals.items()]
        return Case(Pairing.unit, changed, default) if changed else default

    last = Visit.select(fn.MAX(Visit.visit_date)).where(Visit.pairing == Pairing.id)
    since = fn.COALESCE(last, Pairing.start_date)
    special = special_care_expr()
    query = (Pairing.select(Pairing.id, Pairing.unit, Pairing.household, Pairing.resident,
                            Member.name, Target.name, Pairing.start_date, last.alias("last"),
                            special.alias("special"))
             .join(Member, on=(Pairing.member == Member.id))
             .switch(Pairing).join(Target, JOIN.LEFT_OUTER, on=(Pairing.resident == Target.id))
             .where(Pairing.end_date.is_null(),
                    since < Case(None, [(special, cutoff("special"))], cutoff("hardship"))))
    if unit_ids is not None:
        query = query.where(Pairing.unit.in_(unit_ids))
    rows = list(query.order_by(Pairing.unit, since, Pairing.id).tuples())
    heads = heads_of(list({r[2] for r in rows}))
    result = []
    for pairing_id, unit_id, household_id, _person, member, target, start, last_day, sp in rows:
        day = as_date(last_day or start)
        interval = intervals.get(unit_id, DEFAULT_INTERVALS)["special" if sp else "hardship"]
        result.append(OverduePairing(pairing_id, unit_id, member,
                                     target_label(target, heads.get(household_id)), day,
                                     last_day is not None, interval, (today - day).days))
    return result


def lapsed_member_pairings(unit_ids: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Active pairings whose member is no longer marked a party member in the roster:
    (pairing id, unit id, member name). The pairing should be ended or handed to a member."""
    query = (Pairing.select(Pairing.id, Pairing.unit, Resident.name).join(
        Resident, on=(Pairing.member == Resident.id))
        .where(Pairing.end_date.is_null(), Resident.is_party_member == False))  # noqa: E712
    if unit_ids is not None:
        query = query.where(Pairing.unit.in_(unit_ids))
    return list(query.tuples())


# ---- as findings (the rule the registry names) ------------------------------------------------

def coverage_findings(unit_ids: list[int] | None = None, today: date | None = None) -> list:

    names = {u.id: u.name for u in Unit.select(Unit.id, Unit.name)}
    found = [Finding("困难/特殊群体户未结对", names[h.unit_id],
                     f"{names[h.unit_id]}{h.head}户（{h.address}，{h.groups}）还没有党员结对帮扶",
                     f"household:{h.household_id}")
             for h in uncovered_households(unit_ids)]
    found += [Finding("党员未结对", names[m.unit_id],
                      f"{names[m.unit_id]}党员{m.name}还没有认领困难群体或特殊群体户（每名党员至少认领1户）",
                      f"resident:{m.resident_id}")
              for m in idle_members(unit_ids)]
    found += [Finding("结对走访超期", names[p.unit_id], f"{names[p.unit_id]}{p.describe()}",
                      f"pairing:{p.pairing_id}")
              for p in overdue_pairings(unit_ids, today)]
    found += [Finding("结对人已不是党员", names[unit_id],
                      f"{names[unit_id]}{name}已不是党员，但还有在帮的结对：请结束结对或改由其他党员认领",
                      f"pairing:{pairing_id}")
              for pairing_id, unit_id, name in lapsed_member_pairings(unit_ids)]
    return found
