"""Sample 网络舆情 records for ``demo`` and the reference town (DESIGN §8): per village 3–5 groups,
two admins (one village's team without a party member, one group nobody looks after), and ~30
incidents over the last year — most 一般, some 较大, a few 重大; one 较大 overdue, a late report
with its reason, some still open, a few disputes.

Each village draws from its own ``Random`` seeded by its code; rows go in with ``insert_many``."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from ...sample.bulk import bulk_insert, next_id
from ...sample.fake_people import PeopleFaker
from ...sample.plan import SampleSize
from ...store.models import Grid, GridMember, Resident, Unit
from .limits import ReportLimits
from .models import ChatGroup, GroupAdmin, GroupAssignment, OpinionIncident

INCIDENTS_PER_VILLAGE = 30
GROUPS = (("wechat", "{v}村民群", "村务通知、政策宣传"), ("qq", "{v}在外务工人员群", "外出务工人员联系"),
          ("wechat", "{v}党员群", "党员学习和活动通知"), ("wechat", "{v}产业发展群", "农产品销售信息"),
          ("qq", "{v}老年协会群", "老年协会活动"))
SUBJECTS = (("群内转发不实的征地补偿消息", "有人转发“每亩补偿10万元”的不实消息，引起议论。"),
            ("村民在群内抱怨低保评定不公", "个别村民在群里质疑低保评定结果，言辞激烈。"),
            ("群内发布虚假招工信息", "外来人员在群内发布高薪招工信息，疑似诈骗。"),
            ("有人在群里转发谣言称水源污染", "转发“某水厂水源被污染”的谣言，部分村民恐慌。"),
            ("院落内两户因宅基地边界争吵", "两户因宅基地界址发生口角，围观群众较多。"),
            ("院坝内议论修路占地补偿", "群众聚集议论修路占地补偿标准，情绪不满。"),
            ("村民在群内发布涉政不当言论", "个别村民在群内转发不当言论，需及时处置。"),
            ("邻里因排水沟堵塞发生纠纷", "两户因排水沟堵塞互相指责，矛盾有激化苗头。"))
HANDLING = ("管理员及时删除不实信息，发布官方澄清说明", "网格员上门了解情况，做好解释", "向群内成员说明政策，提醒不信谣不传谣")
GUIDANCE = ("私下提醒当事人核实后再发布，遵守群规", "对当事人进行教育引导，讲清法律责任", "组织院落群众学习相关政策")
RESULTS = ("已澄清，群内议论平息", "当事人认识到错误，删除言论", "情绪平稳，未再发生", "已转矛盾纠纷调解")


def add_online_sample(faker: PeopleFaker, rng: random.Random, villages: list[Unit],
                      today: date, plan: SampleSize | None = None) -> None:
    """The registry's sample builder."""
    for number, unit in enumerate(villages):
        _village(unit, faker, random.Random(f"online-{unit.code}"), today, number)


def _village(unit: Unit, faker: PeopleFaker, rng: random.Random, today: date, number: int) -> None:
    name = unit.name.replace("（示例）", "")
    now = datetime.combine(today, datetime.min.time()).replace(hour=16)
    people = list(Resident.select(Resident.id, Resident.name, Resident.is_party_member, Resident.phone)
                  .where(Resident.unit == unit, Resident.birth_date < today.replace(year=today.year - 25),
                         Resident.birth_date > today.replace(year=today.year - 65))
                  .order_by(Resident.id).tuples())
    if len(people) < 4:
        return
    party = [p for p in people if p[2]] or people
    plain = [p for p in people if not p[2]] or people
    # Every fourth village chose two non-members: the 党员优先 warning has something to show.
    team = rng.sample(plain, 2) if number % 4 == 2 else [rng.choice(party), rng.choice(plain)]
    first_admin = next_id(GroupAdmin)
    appointed = today - timedelta(days=rng.randint(300, 900))
    bulk_insert(GroupAdmin, [{"id": first_admin + n, "unit": unit.id, "resident": p[0], "name": p[1],
                              "phone": p[3] or faker.mobile(), "appointed_on": appointed}
                             for n, p in enumerate(team)])
    first_group = next_id(ChatGroup)
    count = 3 + number % 3
    bulk_insert(ChatGroup, [{"id": first_group + n, "unit": unit.id, "platform": platform,
                             "name": title.format(v=name), "members": rng.randint(60, 480),
                             "purpose": purpose, "created_on": appointed - timedelta(days=rng.randint(30, 900))}
                            for n, (platform, title, purpose) in enumerate(GROUPS[:count])])
    links = []
    for n in range(count):
        if number % 5 == 3 and n == count - 1:
            continue  # one group nobody looks after
        links.append({"group": first_group + n, "admin": first_admin + n % 2})
        if n == 0:
            links.append({"group": first_group, "admin": first_admin + 1})
    bulk_insert(GroupAssignment, links)
    _incidents(unit, rng, now, first_group, count, team, people)


def _incidents(unit: Unit, rng: random.Random, now: datetime, first_group: int, count: int,
               team: list, people: list) -> None:
    limits = ReportLimits()
    courtyards = [g for (g,) in Grid.select(Grid.id).where(Grid.unit == unit, Grid.level == 3).tuples()]
    grid_people = {}
    for grid, resident, role, name in (GridMember.select(GridMember.grid, GridMember.resident,
                                                         GridMember.role, Resident.name)
                                       .join(Resident).where(Resident.unit == unit).tuples()):
        grid_people.setdefault(grid, []).append((resident, role, name))
    offline_finders = [(g, p) for g, ps in grid_people.items() for p in ps]
    rows = []
    for n in range(INCIDENTS_PER_VILLAGE):
        found = now - timedelta(days=rng.randint(0, 360) if n > 2 else n, hours=rng.randint(1, 9),
                                minutes=rng.randint(0, 59))
        level = rng.choices(("general", "major", "grave"), (75, 20, 5))[0]
        subject, summary = SUBJECTS[rng.randrange(len(SUBJECTS))]
        online = rng.random() < 0.65 or not offline_finders
        row = {"unit": unit.id, "found_at": found, "subject": subject, "summary": summary,
               "level": level, "is_dispute": "纠纷" in subject or "争吵" in subject}
        if online:
            admin = rng.choice(team)
            row.update(channel="online", group=first_group + rng.randrange(count), finder=admin[0],
                       finder_name=admin[1], finder_role="admin")
        else:
            grid, (resident, role, name) = rng.choice(offline_finders)
            row.update(channel="offline", grid=grid, finder=resident, finder_name=name,
                       finder_role=role, place="院坝")
        recent = now - found < timedelta(days=3)
        handled = found + timedelta(minutes=rng.randint(10, 90))
        row.update(handling=rng.choice(HANDLING), handled_by=row["finder_name"], handled_at=handled)
        hours = limits.hours_for(level)
        if hours:
            if n == 1 and level == "major":
                pass  # the overdue one: found yesterday, not reported
            else:
                late = rng.random() < 0.1
                delay = timedelta(hours=hours + rng.randint(2, 20)) if late else timedelta(
                    minutes=rng.randint(15, hours * 45))
                row.update(reported_to="镇平安建设办", reported_at=min(found + delay, now),
                           late_reason="管理员外出，未及时看到群消息" if late and found + delay <= now else "")
        if not recent and (hours is None or row.get("reported_at")):
            row.update(guidance=rng.choice(GUIDANCE), result=rng.choice(RESULTS[:3]),
                       closed_on=(found + timedelta(days=rng.randint(0, 5))).date())
        if n == 1:
            row.update(level="major", guidance="", result="", closed_on=None, reported_to="",
                       reported_at=None, late_reason="")
        rows.append(row)
    keys = {k for r in rows for k in r}
    defaults = {"group": None, "grid": None, "place": "", "reported_to": "", "reported_at": None,
                "late_reason": "", "guidance": "", "result": "", "closed_on": None}
    bulk_insert(OpinionIncident, [{**{k: defaults[k] for k in keys if k in defaults}, **r} for r in rows])
