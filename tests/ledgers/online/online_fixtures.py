"""A small village for the 网络舆情 tests: a courtyard with its 院落长 and 网格员, a party member,
two ordinary residents, a group; and a helper for an incident's input."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from dongan_desk.ledgers.online import groups
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.store.models import Grid, GridMember, Resident, Unit

NOW = datetime.now().replace(second=0, microsecond=0)
TODAY = NOW.date()


@dataclass
class Village:
    unit: Unit
    courtyard: Grid
    head: Resident       # 院落长
    worker: Resident     # 网格员 (a party member)
    party: Resident      # a party member, no grid role
    plain: Resident      # an ordinary resident
    other: Resident      # another ordinary resident
    group: object = None


def person(home, name, party=False, phone=""):
    return roster.save_resident({"household": home, "name": name, "is_party_member": party,
                                 "party_join_date": date(1995, 7, 1) if party else None,
                                 "phone": phone}).record


@pytest.fixture
def small(village):
    courtyard = roster.save_grid({"name": "王家院子", "parent": Grid.get(Grid.level == 2)}).record
    home = roster.save_household({"grid": courtyard, "address": "兴田村2组8号"}).record
    other_home = roster.save_household({"grid": courtyard, "address": "兴田村2组9号"}).record
    v = Village(village, courtyard, person(home, "王德福"), person(home, "王秀英", party=True),
                person(other_home, "李国强", party=True, phone="13812345678"),
                person(other_home, "李小梅"), person(other_home, "李大山"))
    GridMember.create(grid=courtyard, resident=v.head, role="head")
    GridMember.create(grid=courtyard, resident=v.worker, role="worker")
    v.group = groups.save_group(village, {"platform": "wechat", "name": "兴田村民群", "members": "268",
                                          "purpose": "村务通知"}, today=TODAY).record
    return v


def incident_data(v: Village, **changes):
    data = {"found_at": NOW - timedelta(hours=1), "channel": "online", "group": v.group,
            "finder": v.worker, "subject": "群内转发不实的征地补偿消息",
            "summary": "有人转发说2组征地每亩补偿10万元，引起议论。", "level": "general"}
    data.update(changes)
    return data
