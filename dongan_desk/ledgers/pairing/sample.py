"""Sample 党员结对帮扶 for ``demo`` (both sizes) and the reference town (DESIGN.md §8): about 2,400
pairings and 20,000 visits on the town, in proportion on one village.

Most households of the 困难群体 / 特殊群体 are paired, a few are left without (so the coverage list
has something to show), a few members have no active pairing, and a few pairings are overdue for
a visit. Some pairings have ended, with an earlier member handing over to the current one.
Rows go in with ``insert_many`` and ids assigned here, like the roster's sample.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from ...store.models import Category, Household, Resident, ResidentCategory, Unit
from .models import Pairing, PartyMemberProfile, Visit
from ...sample.bulk import bulk_insert, next_id
from ...sample.fake_people import PeopleFaker
from ...sample.plan import SampleSize
from .queries import DEFAULT_INTERVALS

PAIRINGS_PER_HOUSEHOLD = 2400 / 9000      # the reference town's ratio
UNCOVERED_SHARE, IDLE_SHARE, OVERDUE_SHARE = 0.02, 0.04, 0.04
HELP = {
    "hardship": ("协助办理低保年审和医保报销，农忙时帮助春耕秋收",
                 "定期看望，帮助解决生产生活中的实际困难，联系务工信息",
                 "帮助申报临时救助，关心留守儿童学习，联系学校老师",
                 "代办社保认证和各类补贴申领，帮助发展庭院经济",
                 "关心独居老人身体和用火用电安全，逢年过节上门慰问"),
    "special": ("督促按时到司法所报到，每月谈心了解思想动态",
                "督促按时服药，协助监护人落实监护责任",
                "定期谈心，关注情绪变化，帮助联系就业岗位，促进融入社会",
                "了解诉求，做好政策解释和情绪疏导，引导依法理性表达"),
}
WATCH = {
    "hardship": ("家庭收入变化，有无返贫风险", "独居安全：用火用电、身体状况",
                 "子女是否履行赡养义务，有无家庭矛盾", "住房安全和就医情况"),
    "special": ("情绪是否稳定，有无外出未报告", "是否按时服药，监护人是否在家",
                "与邻居关系，有无扬言报复等苗头", "有无重复上访、越级上访苗头"),
}
LIVING = ("身体状况一般，生活能自理，粮油充足", "家中收入主要靠低保和子女补贴，基本稳定",
          "房屋安全，用电用火无隐患", "近期住院一次，已出院，需要家人照料",
          "子女在外务工，老人独自在家，生活基本正常", "在本地务工，收入稳定，家庭和睦",
          "孩子上学正常，学习用品齐全", "庄稼长势良好，养了两头猪")
RISKS = ("与邻居因排水沟问题有口角", "与兄弟因老人赡养问题有分歧", "对低保评定结果有意见",
         "因宅基地界址与邻居发生争执", "家庭成员因土地承包经营权有矛盾",
         "与邻居因牲畜损坏庄稼发生争吵")
HELP_GIVEN = ("送去米、油各一袋", "帮助填写医保报销材料", "联系村医上门测量血压", "讲解防诈骗知识",
              "代办社保认证", "帮助联系务工岗位", "与其谈心，疏导情绪", "帮助修缮漏雨的屋顶",
              "讲解村规民约有关条款，劝其理性对待")
POSTS = ("普通党员",) * 8 + ("党小组长", "支部委员")
COMMITMENT = "带头遵守村规民约，{help}，及时反映群众诉求，做到小事不出院。"
DUTIES = "每月至少走访结对户1次，帮助解决实际困难；参与本院落矛盾纠纷排查和网络舆情发现。"
END_REASONS = ("recovered", "reassigned", "moved", "member_left")
WAYS = ("home",) * 12 + ("phone",) * 5 + ("wechat",) * 2 + ("other",)
MOODS = ("stable",) * 16 + ("low", "low", "anxious", "agitated")


def add_pairing_sample(faker: PeopleFaker, rng: random.Random, units: list[Unit],
                       today: date, plan: SampleSize | None = None) -> None:
    next_ids = {"pairing": next_id(Pairing)}
    for unit in units:
        _fill_unit(unit, rng, today, next_ids)



def _fill_unit(unit: Unit, rng: random.Random, today: date, next_ids: dict[str, int]) -> None:
    members = [tuple(r) for r in Resident.select(Resident.id, Resident.household)
               .where(Resident.unit == unit, Resident.is_party_member == True)  # noqa: E712
               .order_by(Resident.id).tuples()]
    links = (ResidentCategory.select(Resident.id, Resident.household, Category.group)
             .join(Resident).switch(ResidentCategory).join(Category)
             .where(Resident.unit == unit).order_by(Resident.id).tuples())
    households: dict[int, list[tuple[int, str]]] = {}
    for resident_id, household_id, group in links:
        households.setdefault(household_id, []).append((resident_id, group))
    if not members or not households:
        return
    wanted = round(Household.select().where(Household.unit == unit).count() * PAIRINGS_PER_HOUSEHOLD)
    order = sorted(households)
    rng.shuffle(order)
    covered = order[max(2, round(len(order) * UNCOVERED_SHARE)):]
    idle_count = max(1, round(len(members) * IDLE_SHARE))
    busy = members[idle_count:] if len(members) > idle_count else members
    history_share = min(1.0, max(0.0, (wanted - len(covered)) / len(covered)))
    pairings, visits, counts = [], [], {}
    for number, household_id in enumerate(covered):
        member = _member_for(busy, household_id, number, rng)
        targets = households[household_id]
        person, group = rng.choice(targets)
        special = any(g == "special" for _, g in targets)
        start = today - timedelta(days=rng.randint(60, 780))
        if len(members) > 1 and rng.random() < history_share:
            _history(pairings, visits, unit, members, member, household_id, person, group,
                     special, start, rng, next_ids)
        pairing = _pairing(unit, member, household_id, person if rng.random() < 0.8 else None,
                           group, start, None, rng, next_ids)
        pairings.append(pairing)
        counts[member[0]] = counts.get(member[0], 0) + 1
        overdue = rng.random() < OVERDUE_SHARE
        visits += _visits(pairing["id"], start, today, special, overdue, rng)
    bulk_insert(Pairing, pairings)
    bulk_insert(Visit, visits)
    bulk_insert(PartyMemberProfile, [
        {"resident": member_id, "post": rng.choice(POSTS),
         "commitment": COMMITMENT.format(help=f"结对帮扶{counts[member_id]}户困难群众"
                                         if counts.get(member_id) else "主动认领困难群众"),
         "duties": DUTIES}
        for member_id, _ in members if rng.random() < 0.9])


def _member_for(busy: list[tuple[int, int]], household_id: int, number: int,
                rng: random.Random) -> tuple[int, int]:
    """Round robin over the members, never a member of the household itself."""
    member = busy[number % len(busy)]
    while member[1] == household_id:
        member = rng.choice(busy)
    return member


def _pairing(unit: Unit, member: tuple[int, int], household_id: int, person: int | None,
             group: str, start: date, end: date | None, rng: random.Random,
             next_ids: dict[str, int]) -> dict:
    pairing_id = next_ids["pairing"]
    next_ids["pairing"] += 1
    return {"id": pairing_id, "unit": unit.id, "member": member[0], "household": household_id,
            "resident": person, "start_date": start, "end_date": end,
            "end_reason": rng.choice(END_REASONS) if end else "",
            "help_content": rng.choice(HELP[group]), "watch_points": rng.choice(WATCH[group])}


def _history(pairings: list, visits: list, unit: Unit, members: list, member: tuple[int, int],
             household_id: int, person: int, group: str, special: bool, start: date,
             rng: random.Random, next_ids: dict[str, int]) -> None:
    """An earlier member who handed the household over on the day the current pairing began."""
    earlier = rng.choice([m for m in members if m != member and m[1] != household_id] or [member])
    first = start - timedelta(days=rng.randint(180, 540))
    ended = _pairing(unit, earlier, household_id, person, group, first, start, rng, next_ids)
    pairings.append(ended)
    visits += _visits(ended["id"], first, start, special, False, rng)


def _visits(pairing_id: int, start: date, end: date, special: bool, overdue: bool,
            rng: random.Random) -> list[dict]:
    interval = DEFAULT_INTERVALS["special" if special else "hardship"]
    if overdue:  # visits stopped a while ago
        end = end - timedelta(days=interval + rng.randint(5, 60))
    rows, day = [], start + timedelta(days=rng.randint(1, 12))
    while day <= end:
        rows.append(_visit(pairing_id, day, rng))
        day += timedelta(days=rng.randint(interval * 2 // 3, interval - 2))
    if not overdue and rows and rows[-1]["visit_date"] < end - timedelta(days=interval - 5):
        rows.append(_visit(pairing_id, end - timedelta(days=rng.randint(0, 10)), rng))
    return rows


def _visit(pairing_id: int, day: date, rng: random.Random) -> dict:
    risky = rng.random() < 0.12
    mood = rng.choice(MOODS)
    return {"pairing": pairing_id, "visit_date": day, "way": rng.choice(WAYS),
            "living": rng.choice(LIVING), "mood": mood,
            "risks": rng.choice(RISKS) if risky else "",
            "help_given": rng.choice(HELP_GIVEN) if rng.random() < 0.7 else "",
            "needs_follow_up": risky or mood != "stable",
            "found_dispute": risky and rng.random() < 0.3}
