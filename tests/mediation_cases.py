"""Crafted 矛盾纠纷 cases for the domain, document, sheet and UI tests (not a test module)."""
from __future__ import annotations

from datetime import date

from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.mediation.cases import save_dispute
from dongan_desk.ledgers.mediation.categories import categories, ensure_categories
from dongan_desk.ledgers.mediation.ladder import save_step
from dongan_desk.store.models import Grid, Resident

TODAY = date(2026, 5, 20)
# GB 11643's own example, and two more with correct check characters.
ID_A, ID_B, ID_C = "11010519491231002X", "500229198507150015", "500229199003070024"


def make_residents(unit, today: date = TODAY) -> list[Resident]:
    """Two neighbours in one courtyard of ``unit``: 李秀英 (ID_A) and 王建国 (ID_B)."""
    courtyard = roster.save_grid({"name": "张家院子", "first_responsible": "王干部",
                                  "parent": Grid.get(Grid.unit == unit, Grid.level == 2)}).record
    people = []
    for n, (name, number) in enumerate((("李秀英", ID_A), ("王建国", ID_B))):
        household = roster.save_household({"grid": courtyard,
                                           "address": f"东安镇兴田村3组{n + 17}号"}).record
        people.append(roster.save_resident({"household": household, "name": name,
                                            "id_number": number, "phone": "13812345678"},
                                           today=today).record)
    return people


def outsider(name: str = "赵外来", **fields) -> dict:
    party = {"name": name, "gender": "男", "ethnicity": "土家族", "age": 40, "occupation": "驾驶员",
             "phone": "023-59221234", "address": "城口县葛城街道", "id_number": ""}
    party.update(fields)
    return party


def category(unit, name: str = "邻里"):
    ensure_categories(unit)
    return next(c for c in categories(unit) if c.name == name)


def case_data(unit, **fields) -> dict:
    data = {"accepted_on": date(2026, 3, 2), "source": "apply",
            "facts": "双方因修建猪圈占用公共通道发生争执。", "amount": "1,200", "risk_level": "normal",
            "start_tier": 1, "registrar": "陈文书"}
    data.update(fields)
    if "category" not in fields:
        data["category"] = category(unit)
    return data


def accept(unit, parties: list[dict] | None = None, today: date = TODAY, **fields):
    """A new case of two outsiders unless ``parties`` is given."""
    parties = parties if parties is not None else [outsider("张甲"), outsider("李乙", gender="女")]
    return save_dispute(case_data(unit, **fields), parties, unit=unit, today=today).record


def step_data(held_on: date, result: str, **fields) -> dict:
    data = {"held_on": held_on, "place": "院坝", "mediators": "王院长、李大姐",
            "record": "听取双方陈述，讲情说理。", "result": result,
            "escalation_reason": "双方分歧较大" if result == "escalate" else "",
            "covenant_clause": "《兴田村村规民约》第八条"}
    data.update(fields)
    return data


def agreement_data(effective_on: date, **fields) -> dict:
    data = {"kind": "written", "items": "1、乙方于五日内拆除猪圈越界部分；\n2、甲方不再追究。",
            "perform_how": "乙方自行拆除", "perform_place": "现场", "perform_by": None,
            "amount": "500", "effective_on": effective_on, "mediator": "王调解", "recorder": "陈记录"}
    data.update(fields)
    return data


def settle_at_tier_two(unit, parties=None, today: date = TODAY):
    """Fail at tier 1 (escalate), settle at tier 2 with a written agreement."""
    dispute = accept(unit, parties, today=today)
    save_step(dispute, step_data(date(2026, 3, 3), "escalate"), today=today)
    save_step(dispute, step_data(date(2026, 3, 10), "settled", place="村民小组活动室"),
              agreement=agreement_data(date(2026, 3, 10)), today=today)
    return dispute


def three_party_case(unit, visit: dict | None = None, **outsider_fields):
    """李秀英 and 王建国 from the roster and 赵外来 from outside: failed at tier 1, settled at
    tier 2 with a written agreement, visited on 2026-03-25 (``visit`` adds to that visit)."""
    from dongan_desk.ledgers.mediation.cases import party_from_resident
    from dongan_desk.ledgers.mediation.ladder import save_follow_up
    li, wang = make_residents(unit)
    parties = [party_from_resident(li), party_from_resident(wang),
               outsider("赵外来", **{"id_number": "", "occupation": "驾驶员", **outsider_fields})]
    dispute = settle_at_tier_two(unit, parties)
    save_follow_up(dispute, {"visited_on": date(2026, 3, 25), "visitor": "王回访",
                             "reason": "了解协议履行情况", "situation": "乙方已拆除越界部分",
                             "satisfaction": "fair", "performance": "done", **(visit or {})},
                   today=TODAY)
    return dispute
