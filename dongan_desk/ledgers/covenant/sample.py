"""Sample 村规民约 for ``demo`` and the reference town (DESIGN §8): per village a covenant of ~60
条款 in 2 versions, each with its whole path; the first delivered to nearly every household, the
second (现行, adopted ~4 months ago, filed) to most — the rest are the 未发放 a clerk follows up.
Every fourth village has not filed its second version yet, so that rule has something to show.

Each village draws from its own ``Random`` seeded by its code; rows go in with ``insert_many``."""
from __future__ import annotations

import random
from datetime import date, timedelta

from ...sample.bulk import bulk_insert, next_id
from ...sample.fake_people import PeopleFaker
from ...sample.plan import SampleSize
from ...store.models import Household, Resident, Unit
from .models import CovenantChapter, CovenantClause, CovenantDelivery, CovenantStep, VillageCovenant
from .sample_text import PREAMBLE, chapters

REACHED_V1, REACHED_V2 = 0.97, 0.88
SOURCES = ("各村民小组户代表、老党员、外出务工人员（微信群）", "院落长走访收集、村民意见箱、村民代表座谈会")


def add_covenant_sample(faker: PeopleFaker, rng: random.Random, villages: list[Unit],
                        today: date, plan: SampleSize | None = None) -> None:
    """The registry's sample builder."""
    for number, unit in enumerate(villages):
        _Village(unit, faker, random.Random(f"covenant-{unit.code}"), today, number).build()


class _Village:
    def __init__(self, unit: Unit, faker: PeopleFaker, rng: random.Random, today: date, number: int):
        self.unit, self.faker, self.rng, self.today, self.number = unit, faker, rng, today, number
        self.name = unit.name.replace("（示例）", "")
        self.ids = {model: next_id(model) for model in
                    (VillageCovenant, CovenantChapter, CovenantClause, CovenantStep, CovenantDelivery)}
        self.rows: dict[type, list[dict]] = {model: [] for model in self.ids}
        people = (Resident.select(Resident.id, Resident.name, Resident.household, Resident.relation)
                  .join(Household).where(Resident.unit == unit, Resident.status == "active",
                                         Household.status == "active")
                  .order_by(Resident.household, Resident.id).tuples())
        self.members: dict[int, list[tuple[int, str, str]]] = {}
        for resident_id, name, household_id, relation in people:
            self.members.setdefault(household_id, []).append((resident_id, name, relation))
        self.deliverers = [faker.full_name(rng.choice("男女")) for _ in range(4)]

    def add(self, model: type, **row) -> int:
        row["id"] = self.ids[model]
        self.ids[model] += 1
        self.rows[model].append(row)
        return row["id"]

    def build(self) -> None:
        adopted_v1 = self.today - timedelta(days=self.rng.randint(700, 1000))
        adopted_v2 = self.today - timedelta(days=self.rng.randint(100, 140))
        filed_v2 = self.number % 4 != 1
        v1 = self.version(1, adopted_v1, current=False, superseded_on=adopted_v2, filed=True)
        v2 = self.version(2, adopted_v2, current=True, superseded_on=None, filed=filed_v2)
        self.deliver(v1, adopted_v1, REACHED_V1)
        self.deliver(v2, adopted_v2, REACHED_V2)
        for model, rows in self.rows.items():
            bulk_insert(model, _uniform(model, rows))

    def version(self, number: int, adopted: date, current: bool, superseded_on: date | None,
                filed: bool) -> int:
        rng = self.rng
        start = adopted - timedelta(days=rng.randint(60, 90))
        days = sorted(start + timedelta(days=rng.randint(0, (adopted - start).days - 1)) for _ in range(4))
        filed_on = adopted + timedelta(days=rng.randint(3, 12)) if filed else None
        posted_on = (filed_on or adopted) + timedelta(days=rng.randint(1, 5))
        if posted_on > self.today:
            posted_on = None
        covenant = self.add(VillageCovenant, unit=self.unit.id, version=number,
                            title=f"{self.name}村规民约", preamble=PREAMBLE.format(village=self.name),
                            is_current=current, adopted_on=adopted, filed_on=filed_on,
                            posted_on=posted_on if filed else None, superseded_on=superseded_on,
                            note="" if number == 1 else "根据移风易俗新要求和网络文明建设修订")
        clause_no = 0
        for index, (title, texts) in enumerate(chapters(self.name, number), start=1):
            chapter = self.add(CovenantChapter, covenant=covenant, number=index, title=title)
            for text in texts:
                clause_no += 1
                self.add(CovenantClause, chapter=chapter, number=clause_no, text=text)
        due_party, due_reps = rng.randint(30, 60), rng.randint(35, 55)
        present_reps = rng.randint(due_reps * 2 // 3 + 1, due_reps)
        against, abstain = rng.randint(0, 2), rng.randint(0, 3)
        self.step(covenant, "consult", days[0], opinion_count=rng.randint(20, 80),
                  sources=SOURCES[number % 2], record="发放征求意见表，召开院落会收集意见")
        self.step(covenant, "branch", days[1], record="支委会逐条酝酿，吸收合理意见形成草案")
        self.step(covenant, "party", days[2], due_count=due_party,
                  present_count=rng.randint(due_party * 3 // 4, due_party), record="党员大会逐条讨论")
        self.step(covenant, "review", days[3], review_result="approved",
                  opinion="经镇民政办、司法所审核，内容不违反法律法规，同意提交村民代表大会表决")
        self.step(covenant, "vote", adopted, due_count=due_reps, present_count=present_reps,
                  agree_count=present_reps - against - abstain, against_count=against,
                  abstain_count=abstain, record="举手表决通过")
        if filed_on:
            self.step(covenant, "filing", filed_on, record="报东安镇人民政府备案")
            if posted_on:
                self.step(covenant, "posting", posted_on, place="村便民服务中心公示栏、各院落宣传栏")
        return covenant

    def step(self, covenant: int, kind: str, held_on: date, **facts) -> None:
        self.add(CovenantStep, covenant=covenant, kind=kind, held_on=held_on, **facts)

    def deliver(self, covenant: int, adopted: date, share: float) -> None:
        rng = self.rng
        for household_id, members in self.members.items():
            if rng.random() >= share:
                continue
            resident_id, name, _ = next((m for m in members if m[2] == "户主"), members[0])
            day = min(adopted + timedelta(days=rng.randint(5, 40)), self.today)
            self.add(CovenantDelivery, unit=self.unit.id, covenant=covenant, household=household_id,
                     form="poster" if rng.random() < 0.15 else "booklet", delivered_on=day,
                     receiver=resident_id, receiver_name=name, deliverer=rng.choice(self.deliverers))


def _uniform(model: type, rows: list[dict]) -> list[dict]:
    """``insert_many`` takes its columns from the first row: every row gets every column."""
    keys = {key for row in rows for key in row}
    defaults = {key: model._meta.fields[key].default for key in keys}
    return [{key: row.get(key, defaults[key]) for key in keys} for row in rows]
