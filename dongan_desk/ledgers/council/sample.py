"""Sample 红白理事会 records for ``demo`` and the reference town: a council per village with its
members, 章程 and meetings, 支客士 (some certificates expiring, one expired, one untrained) and
about 120 filings a village (1,200 on the town), some breaking a limit.

Each village draws from its own ``Random`` seeded by its code, so its sample does not change when
another area adds its own; rows go in with ``insert_many`` and ids assigned here."""
from __future__ import annotations

import random
from datetime import date, timedelta

from .models import (CeremonyFiling, Council, CouncilMeeting, CouncilMember, CouncilText, Emcee,
                     EmceeTraining)
from ...store.models import Household, Resident, Unit
from .ceremony import Limits, check_limits, limit_lines
from ...sample.bulk import bulk_insert, next_id
from ...sample.fake_people import PeopleFaker
from ...sample.plan import SampleSize

FILINGS_PER_VILLAGE = 120
EMCEES_PER_VILLAGE = 8
# Share of filings made to break one limit, so the marks have something to show.
BREAK_SHARE = 0.1
KIND_WEIGHTS = (("wedding", 30), ("funeral", 30), ("full_month", 10), ("school", 8),
                ("birthday", 12), ("housewarming", 7), ("other", 3))
SUBJECTS = {"wedding": "{host}之子结婚", "funeral": "{host}家老人去世", "full_month": "{host}之孙满月",
            "school": "{host}之女升学", "birthday": "{host}七十寿辰", "housewarming": "{host}新居落成",
            "other": "{host}家宴"}
PLACES = ("自家院坝", "自家院坝", "村便民服务中心", "院落活动室", "集镇农家乐")
PROBLEMS = ("燃放烟花爆竹", "实际桌数超过报备桌数", "出殡时间推迟", "索要高额彩礼")
TRAINING_TOPICS = ("移风易俗政策与村规民约", "婚丧礼仪流程与文明用语", "红白事安全与食品卫生",
                   "支客士职责与持证上岗要求")



def add_council_sample(faker: PeopleFaker, rng: random.Random, villages: list[Unit],
                       today: date, plan: SampleSize | None = None) -> None:
    """The registry's sample builder."""
    for number, unit in enumerate(villages):
        _Village(unit, faker, random.Random(f"council-{unit.code}"), today, number).build()


class _Village:
    def __init__(self, unit: Unit, faker: PeopleFaker, rng: random.Random, today: date,
                 number: int):
        self.unit, self.faker, self.rng, self.today = unit, faker, rng, today
        self.name = unit.name.replace("（示例）", "")
        self.number = number
        adults_before = today.replace(year=today.year - 20)
        people = (Resident.select(Resident.id, Resident.name, Resident.gender,
                                  Resident.is_party_member, Resident.relation, Resident.household,
                                  Household.address)
                  .join(Household).where(Resident.unit == unit, Resident.birth_date < adults_before)
                  .order_by(Resident.id).tuples())
        self.people = list(people)
        self.party = [p for p in self.people if p[3]]
        self.heads = [p for p in self.people if p[4] == "户主"]
        self.founded = today - timedelta(days=rng.randint(700, 1400))

    def pick(self, pool: list, count: int, taken: set) -> list:
        chosen = [p for p in self.rng.sample(pool, min(len(pool), count * 3)) if p[0] not in taken]
        chosen = chosen[:count]
        taken.update(p[0] for p in chosen)
        return chosen

    def build(self) -> None:
        self.council()
        emcees = self.emcees()
        self.filings(emcees)

    # -- the council ------------------------------------------------------------------------
    def council(self) -> None:
        rng, unit, founded = self.rng, self.unit, self.founded
        # Every fourth village has not yet formed its 党小组: a finding to show.
        formed = None if self.number % 4 == 1 else founded + timedelta(days=rng.randint(20, 200))
        members, taken = [], set()
        instructor = self.pick(self.party, 1, taken)
        Council.insert(unit=unit, name=f"{self.name}红白理事会", founded_on=founded,
                       party_group_formed_on=formed,
                       party_group_leader=instructor[0][1] if formed and instructor else "").execute()

        def add(role: str, person=None, name: str = "", party: bool = False, work: str = "",
                end: date | None = None) -> None:
            members.append({"unit": unit.id, "role": role, "resident": person[0] if person else None,
                            "name": person[1] if person else name,
                            "is_party_member": bool(person[3]) if person else party,
                            "work_unit": work, "term_start": founded, "term_end": end,
                            "phone": self.faker.mobile()})
        add("chief", name=self.faker.full_name("男"), party=True, work="东安镇人民政府（分管领导）")
        for person in instructor:
            add("instructor", person, work="村（社区）党支部书记")
        for person in self.pick(self.party, 1, taken):
            add("president", person)
        for person in self.pick(self.party, 1, taken) + self.pick(self.people, 1, taken):
            add("vice_president", person)
        for person in self.pick(self.people, 4, taken):
            add("director", person)
        for person in self.pick(self.people, 15, taken):
            add("member", person)
        for person in self.pick(self.people, 1, taken):  # one who has left the council
            add("director", person, end=founded + timedelta(days=365))
        bulk_insert(CouncilMember, members)
        limits = "；".join(limit_lines(Limits()))
        bulk_insert(CouncilText, [
            {"unit": unit.id, "kind": "charter", "title": f"{self.name}红白理事会章程",
             "adopted_on": founded, "body": f"第一条 本会是{self.name}村民自我管理、自我教育、自我服务的"
             "群众性组织，在村党组织领导下开展工作。\n第二条 本会倡导婚事新办、丧事简办、其他事不办。"},
            {"unit": unit.id, "kind": "rules", "title": "红白事办理标准及报备制度",
             "adopted_on": founded + timedelta(days=30),
             "body": f"经会员大会讨论通过，本村红白事办理标准如下：{limits}。"},
        ])
        meetings = []
        held = founded + timedelta(days=10)
        while held < self.today:
            due = len(members) - 1
            meetings.append({"unit": unit.id, "kind": "general", "held_on": held, "place": "村便民服务中心",
                             "due_count": due, "present_count": due - rng.randint(0, 4),
                             "topics": "审议年度工作报告；修订红白事办理标准",
                             "decisions": "通过年度工作报告；维持现行红白事办理标准",
                             "recorder": members[1]["name"] if len(members) > 1 else ""})
            held += timedelta(days=rng.randint(330, 380))
        bulk_insert(CouncilMeeting, meetings)

    # -- 支客士 --------------------------------------------------------------------------------
    def emcees(self) -> list[dict]:
        rng, today = self.rng, self.today
        first_id = next_id(Emcee)
        men = [p for p in self.people if p[2] == "男"] or self.people
        emcees, trainings = [], []
        for n, person in enumerate(self.pick(men, EMCEES_PER_VILLAGE, set())):
            issued = expires = None
            number = ""
            if n == 0:      # expired
                expires = today - timedelta(days=rng.randint(10, 200))
            elif n in (1, 2):  # expiring within 30 days
                expires = today + timedelta(days=rng.randint(3, 25))
            elif n < EMCEES_PER_VILLAGE - 1:
                expires = today + timedelta(days=rng.randint(120, 1000))
            if expires is not None:  # three years' validity, through the day before
                issued = expires.replace(year=expires.year - 3) + timedelta(days=1)
                number = f"{self.unit.short_name}支客证{issued.year}{n + 1:03d}"
                trained = issued - timedelta(days=rng.randint(5, 30))
                for k in range(rng.randint(1, 2)):
                    trainings.append({"emcee": first_id + n, "trained_on": trained + timedelta(days=365 * k),
                                      "hours": rng.choice((4.0, 6.0, 8.0)), "trainer": "镇文化服务中心",
                                      "content": TRAINING_TOPICS[(n + k) % len(TRAINING_TOPICS)]})
            emcees.append({"id": first_id + n, "unit": self.unit.id, "resident": person[0],
                           "name": person[1], "gender": person[2], "phone": self.faker.mobile(),
                           "certificate_no": number, "certificate_issued_on": issued,
                           "certificate_expires_on": expires,
                           "issued_by": "东安镇红白理事会" if number else "", "active": True})
        bulk_insert(Emcee, emcees)
        bulk_insert(EmceeTraining, [t for t in trainings if t["trained_on"] <= today])
        return emcees

    # -- filings ------------------------------------------------------------------------------
    def filings(self, emcees: list[dict]) -> None:
        rng, today, limits = self.rng, self.today, Limits()
        kinds, weights = zip(*KIND_WEIGHTS)
        receivers = [self.faker.full_name(g) for g in "男女"]
        rows = []
        for n in range(FILINGS_PER_VILLAGE):
            # A handful in the coming week, most in the past year and a half.
            offset = rng.randint(-2, 7) if n < 4 else rng.randint(-540, 45)
            start = today + timedelta(days=offset)
            kind = rng.choices(kinds, weights)[0]
            days = {"wedding": rng.choice((1, 2, 2)), "funeral": rng.choice((2, 3, 3))}.get(kind, 1)
            tables = rng.randint(6, 18) if kind in ("wedding", "funeral") else rng.randint(3, 10)
            guests = tables * rng.randint(7, 10)
            ahead = {"wedding": rng.randint(8, 30), "funeral": -rng.randint(0, 1)}.get(kind, rng.randint(4, 12))
            if rng.random() < BREAK_SHARE:
                broken = rng.choice(("tables", "days", "late"))
                if broken == "tables":
                    tables = rng.randint(limits.max_tables + 1, limits.max_tables + 12)
                    guests = min(tables * 9, tables * 9)
                elif broken == "days":
                    days += 2
                else:
                    ahead = 2 if kind != "funeral" else -3
            end = start + timedelta(days=days - 1)
            filed = min(start - timedelta(days=ahead), today - timedelta(days=rng.randint(0, 6)))
            host = rng.choice(self.heads or self.people)
            emcee = rng.choice(emcees) if emcees and kind in ("wedding", "funeral") else None
            breaches = check_limits(kind, start, end, tables, guests, filed, limits)
            outcome, problem, supervisor, notes = "", "", "", ""
            if end < today - timedelta(days=3):
                supervisor = receivers[n % 2]
                if rng.random() < 0.08:
                    outcome, problem = "problem", rng.choice(PROBLEMS)
                    notes = f"现场发现{problem}，已当场劝导。"
                else:
                    outcome, notes = "compliant", "到场查看，按报备标准办理。"
            rows.append({
                "unit": self.unit.id, "kind": kind, "household": host[5], "host_name": host[1],
                "host_phone": self.faker.mobile(), "subject": SUBJECTS[kind].format(host=host[1]),
                "start_on": start, "end_on": end, "place": rng.choice(PLACES + (host[6],)),
                "tables": tables, "guests": guests, "emcee": emcee["id"] if emcee else None,
                "filed_on": filed, "received_by": receivers[n % 2],
                "breaches": "；".join(breaches),
                "breach_note": "已上门劝导，主家表示按实登记" if breaches else "",
                "supervisor": supervisor, "supervision": notes, "outcome": outcome,
                "problem": problem})
        bulk_insert(CeremonyFiling, rows)
