"""A small crafted village for the 党员结对帮扶 tests: two party members, a 低保 household, a
社区矫正 household, a plain household, built through the roster's own save functions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.roster.queries import categories_of
from dongan_desk.store.models import Grid, Household, Resident, Unit

TODAY = date(2026, 11, 28)


@dataclass
class Village:
    unit: Unit
    courtyard: Grid
    member_a: Resident       # 党员 王建国, in the plain household
    member_b: Resident       # 党员 李红梅, in the plain household
    poor: Resident           # 低保 张大爷, head of the poor household
    poor_wife: Resident
    watched: Resident        # 社区矫正 刘某, head of the watched household
    plain: Resident          # 群众 赵小明
    poor_home: Household
    watched_home: Household
    plain_home: Household


def _category(unit: Unit, group: str, name: str) -> int:
    return next(c.id for c in categories_of(unit.id, group) if c.name == name)


def build_village(unit: Unit) -> Village:
    courtyard = roster.save_grid({"name": "张家院子", "first_responsible": "王干部",
                                  "parent": Grid.get(Grid.unit == unit, Grid.level == 2)}).record

    def home(address: str) -> Household:
        return roster.save_household({"grid": courtyard, "address": address}).record

    def person(household: Household, name: str, **fields) -> Resident:
        data = {"household": household, "name": name, "relation": "户主"}
        data.update(fields)
        return roster.save_resident(data, today=TODAY).record

    plain_home, poor_home, watched_home = home("兴田村1组1号"), home("兴田村2组8号"), home("兴田村3组5号")
    party = {"is_party_member": True, "party_branch": "兴田村党支部", "party_join_date": date(2001, 7, 1)}
    member_a = person(plain_home, "王建国", **party)
    member_b = person(plain_home, "李红梅", relation="配偶", **party)
    plain = person(plain_home, "赵小明", relation="子")
    poor = person(poor_home, "张大爷", categories=[_category(unit, "hardship", "低保")])
    poor_wife = person(poor_home, "张大娘", relation="配偶")
    watched = person(watched_home, "刘某", categories=[_category(unit, "special", "社区矫正")])
    return Village(unit, courtyard, member_a, member_b, poor, poor_wife, watched, plain,
                   poor_home, watched_home, plain_home)


def pairing_data(member: Resident, target: Resident | None = None, household: Household | None = None,
                 start: date = date(2026, 3, 1), **fields) -> dict:
    data = {"member": member, "resident": target, "household": household, "start_date": start,
            "help_content": "协助办理低保年审，农忙时帮助春耕", "watch_points": "家庭收入变化"}
    data.update(fields)
    return data


def visit_data(pairing, day: date, **fields) -> dict:
    data = {"pairing": pairing, "visit_date": day, "way": "home", "mood": "stable",
            "living": "身体尚好，粮油充足", "risks": "", "help_given": "送去米油"}
    data.update(fields)
    return data
