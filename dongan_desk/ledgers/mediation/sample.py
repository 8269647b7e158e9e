"""Sample disputes for ``demo`` and the reference town: 90 a village (900 with about 1,500 steps
on the town), at every tier and status, with agreements, follow-ups and a few deadlines near.

Rows go in with ``insert_many`` and ids chosen here, like the roster's sample: the whole town's
cases take a fraction of a second. Parties are the village's own sample residents.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from .models import Agreement, Dispute, DisputeCategory, DisputeParty, FollowUp, MediationStep
from ...store.models import Household, Resident, Unit
from ...sample.bulk import bulk_insert, next_id
from ...sample.fake_people import PeopleFaker
from ...sample.plan import SampleSize
from .categories import install_default_categories
from .ladder import CONFIRMATION_DAYS

CASES_PER_VILLAGE = 90
SPAN_DAYS = 540  # about a year and a half: numbers in two years, as a register has
# Final tier of the settled cases: settle low and early (seed 五(二)).
SETTLED_AT = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4)
FACTS = {
    "邻里": "{a}与{b}系同组邻居。{b}家新修猪圈占用两家之间的公共通道约{n}米，{a}认为影响通行并多次交涉未果，双方发生口角。",
    "婚姻家庭": "{a}与{b}系夫妻，因家庭琐事及子女抚养问题长期争吵，{a}提出分居，双方对家庭财产分割意见不一。",
    "房屋宅基地": "{a}与{b}宅基地相邻。{b}翻修房屋时新砌围墙越过原界址约{n}米，{a}要求拆除，双方争执不下。",
    "山林土地": "{a}与{b}因承包山林地界不清发生纠纷，双方对{n}亩林地的归属各执一词。",
    "损害赔偿": "{b}饲养的牛跑入{a}承包地，损毁玉米约{n}分地，{a}要求赔偿损失，{b}认为要价过高。",
    "合同": "{a}受雇为{b}修建房屋，完工后{b}以质量问题为由拖欠工钱，双方发生纠纷。",
    "生产经营": "{a}与{b}合伙养殖中蜂，因分红比例及{n}箱蜂群归属发生争议。",
    "道路交通事故": "{b}驾驶摩托车与{a}发生碰撞，{a}受轻伤，双方对医疗费及误工费赔偿数额有分歧。",
    "劳动争议": "{a}在{b}承包的工地务工{n}个月，{b}以工程款未结为由拖欠工资，{a}多次催要未果。",
}
DEFAULT_FACTS = "{a}与{b}因{category}方面的问题发生纠纷，双方多次协商未果，请求村调委会调解。"
ESCALATE_REASONS = ("双方分歧较大，亲邻调解未能达成一致", "一方当事人不认可调解意见，要求组织调解队调解",
                    "涉及村规民约以外的法律问题，需村民说事会和驻村律师释法析理",
                    "争议金额较大、情绪对立，民间协商难以化解，提请人民法庭调解")
ITEMS = ("{b}于{d}前停止侵害、恢复原状；", "{b}一次性补偿{a}人民币{m}元；",
         "双方今后互谅互让，不再因此事发生争执；", "本协议履行完毕后，双方就此纠纷再无其他争议。")


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def add_mediation_sample(faker: PeopleFaker, rng: random.Random, units: list[Unit],
                         today: date, plan: SampleSize | None = None) -> None:
    """The registry's sample builder. Each village draws from its own generator, so the
    cases stay the same whatever the other areas' samples draw before them."""
    for unit in units:
        install_default_categories(unit)
        _Village(unit, faker, random.Random(f"mediation-{unit.code}"), today).fill()


class _Village:
    def __init__(self, unit: Unit, faker: PeopleFaker, rng: random.Random, today: date):
        self.unit, self.faker, self.rng, self.today = unit, faker, rng, today
        self.village = unit.name.replace("（示例）", "")
        self.categories = {c.name: c.id for c in DisputeCategory.select().where(DisputeCategory.unit == unit)}
        # plain rows, not models: the town has 20,000 adults to choose parties from
        self.people = list(Resident.select(Resident.id, Resident.name, Resident.gender,
                                           Resident.birth_date, Resident.id_number, Resident.phone,
                                           Household.address).join(Household)
                           .where(Resident.unit == unit,
                                  Resident.birth_date < today - timedelta(days=18 * 365))
                           .order_by(Resident.id).namedtuples())
        self.ids = {m: next_id(m) for m in (Dispute, DisputeParty, MediationStep, Agreement, FollowUp)}
        self.rows: dict = {m: [] for m in self.ids}
        self.serials: dict[int, int] = {}
        self.party_count = 0

    def _new(self, model, row: dict) -> int:
        row["id"] = self.ids[model]
        self.ids[model] += 1
        self.rows[model].append(row)
        return row["id"]

    def fill(self) -> None:
        plan = self._plan()
        for accepted, status, final_tier in sorted(plan, key=lambda p: p[0]):
            self._case(accepted, status, final_tier)
        for model in (Dispute, DisputeParty, MediationStep, Agreement, FollowUp):
            bulk_insert(model, self.rows[model])

    def _plan(self) -> list[tuple[date, str, int]]:
        """(accepted, status, final tier) for each case; a few set to make deadlines near."""
        rng, today = self.rng, self.today
        plan = []
        for n in range(CASES_PER_VILLAGE):
            roll = rng.random()
            if n < 2:  # open well past a month: the overdue rule has something to show
                plan.append((today - timedelta(days=rng.randint(35, 70)), "open", rng.choice((1, 2))))
            elif n < 4:  # a written agreement whose 司法确认 window closes within the week:
                # settled two days after acceptance, in effect that day, deadline in 1–6 days
                plan.append((today - timedelta(days=CONFIRMATION_DAYS - rng.randint(1, 6) + 2),
                             "near_confirmation", 1))
            elif n == 4:  # one of each closing, whatever the draws
                plan.append((today - timedelta(days=rng.randint(10, 60)), "withdrawn", 1))
            elif n == 5:
                plan.append((today - timedelta(days=rng.randint(5, 28)), "transferred", 4))
            elif n == 6:
                plan.append((today - timedelta(days=rng.randint(40, SPAN_DAYS)), "failed", 2))
            elif roll < 0.10:
                plan.append((today - timedelta(days=rng.randint(0, 25)), "open", rng.choice((1, 1, 2, 3))))
            elif roll < 0.14:
                plan.append((today - timedelta(days=rng.randint(5, 28)), "transferred", 4))
            elif roll < 0.20:
                plan.append((today - timedelta(days=rng.randint(40, SPAN_DAYS)), "failed",
                             rng.choice((2, 3, 4))))
            elif roll < 0.24:
                plan.append((today - timedelta(days=rng.randint(10, SPAN_DAYS)), "withdrawn", 1))
            else:
                plan.append((today - timedelta(days=rng.randint(36, SPAN_DAYS)), "settled",
                             rng.choice(SETTLED_AT)))
        return plan

    def _case(self, accepted: date, status: str, final_tier: int) -> None:
        rng = self.rng
        category = rng.choice(list(self.categories))
        parties = self._parties(accepted, 3 if rng.random() < 0.1 else 2)
        a, b = parties[0]["name"], parties[1]["name"]
        facts = FACTS.get(category, DEFAULT_FACTS).format(a=a, b=b, n=rng.randint(1, 9), category=category)
        amount = Decimal(rng.choice((0, 0, 500, 1200, 3000, 8000, 20000, 60000)))
        grave = final_tier == 4 and rng.random() < 0.5
        start = final_tier if grave and status != "near_confirmation" else 1
        self.serials[accepted.year] = serial = self.serials.get(accepted.year, 0) + 1
        dispute_id = self._new(Dispute, {
            "unit": self.unit.id, "year": accepted.year, "serial": serial, "accepted_on": accepted,
            "source": rng.choice(("apply", "apply", "initiative", "initiative", "police", "court",
                                  "government")),
            "category": self.categories[category], "facts": facts, "amount": amount,
            "risk_level": "grave" if final_tier == 4 else ("major" if final_tier == 3 else "normal"),
            "status": "open", "start_tier": start,
            "start_reason": "争议重大、双方对立情绪强烈，直接提请人民法庭调解" if start > 1 else "",
            "registrar": self.faker.full_name(rng.choice("男女")), "closed_on": None})
        self.party_count = len(parties)
        for n, party in enumerate(parties):
            self._new(DisputeParty, {**party, "dispute": dispute_id, "position": n})
        self._ladder(dispute_id, accepted, status, start, final_tier, a, b, amount)

    def _parties(self, on: date, count: int) -> list[dict]:
        rng = self.rng
        chosen = rng.sample(self.people, count)
        parties = []
        for n, person in enumerate(chosen):
            if n == 1 and rng.random() < 0.15:  # someone from outside the village
                gender = rng.choice("男女")
                parties.append({"resident": None, "name": self.faker.full_name(gender), "gender": gender,
                                "ethnicity": rng.choice(("汉族", "汉族", "汉族", "土家族")),
                                "age": rng.randint(25, 70), "birth_date": None, "id_number": None,
                                "occupation": rng.choice(("个体户", "务工", "驾驶员")),
                                "phone": self.faker.mobile(), "address": "城口县葛城街道"})
                continue
            parties.append({"resident": person.id, "name": person.name, "gender": person.gender,
                            "ethnicity": "汉族", "birth_date": person.birth_date,
                            "age": on.year - person.birth_date.year, "id_number": person.id_number,
                            "occupation": rng.choice(("农民", "农民", "务工", "个体户")),
                            "phone": person.phone or "", "address": person.address})
        return parties

    def _ladder(self, dispute_id: int, accepted: date, status: str, start: int, final_tier: int,
                a: str, b: str, amount: Decimal) -> None:
        rng, today = self.rng, self.today
        day = accepted + timedelta(days=2) if status == "near_confirmation" else accepted
        steps: list[tuple[int, date, str | None]] = []
        if status == "transferred":
            final_tier = 3  # mediated up to the 说事会, now waiting for the tribunal
        for tier in range(start, final_tier + 1):
            sessions = 2 if rng.random() < 0.08 else 1
            for session in range(sessions):
                if status != "near_confirmation":
                    day = min(day + timedelta(days=rng.randint(0 if not steps else 1, 6)), today)
                last = tier == final_tier and session == sessions - 1
                steps.append((tier, day, "again" if not last else None))
                if not last and session == sessions - 1:
                    steps[-1] = (tier, day, "escalate")
        # the last step's result follows the case's status
        final = {"settled": "settled", "near_confirmation": "settled", "failed": "failed"}.get(status)
        if status in ("open", "transferred", "withdrawn"):
            if status == "transferred" and steps:
                steps[-1] = (3, steps[-1][1], "escalate")
            elif status == "open" and rng.random() < 0.5:
                steps = steps[:-1]  # accepted (or escalated), the next session not yet held
            elif steps:
                steps[-1] = (steps[-1][0], steps[-1][1], "again")
        else:
            steps[-1] = (steps[-1][0], steps[-1][1], final)
        for tier, held_on, result in steps:
            self._step(dispute_id, tier, held_on, result, a, b)
        self._close(dispute_id, status, steps, a, b, amount)

    def _step(self, dispute_id: int, tier: int, held_on: date, result: str, a: str, b: str) -> None:
        rng, name = self.rng, self.faker.full_name
        mediators, place = {
            1: (f"{name('男')}（院落长）、{name('女')}（{a}的亲属）、{name('男')}（邻居）", "院坝"),
            2: (f"{name('男')}、{name('男')}（民事调解队老党员）", "村民小组活动室"),
            3: (f"{name('男')}（支部书记）、{name('女')}（驻村律师）、{name('男')}（驻村民警）", "村干群说事处"),
            4: (f"东安人民法庭 {name('男')}（审判员）", "东安人民法庭"),
        }[tier]
        self._new(MediationStep, {
            "dispute": dispute_id, "tier": tier, "held_on": held_on, "place": place,
            "mediators": mediators,
            "covenant_clause": f"《{self.village}村规民约》第{rng.randint(3, 18)}条" if tier == 2 else "",
            "record": f"调解人员分别听取{a}、{b}陈述，查看现场，讲清情理法理。" + {
                "settled": "双方各让一步，自愿达成协议。", "again": "双方意见接近，约定再次调解。",
                "escalate": "双方分歧仍大，未能达成一致。", "failed": "双方坚持己见，调解终结，告知可依法起诉。",
            }[result],
            "result": result,
            "escalation_reason": ESCALATE_REASONS[min(tier, 4) - 1] if result == "escalate" else ""})

    def _close(self, dispute_id: int, status: str, steps: list, a: str, b: str, amount: Decimal) -> None:
        rng, today = self.rng, self.today
        dispute = self.rows[Dispute][-1]
        if status == "withdrawn":
            dispute.update(status="withdrawn", close_note="当事人自行和解，申请撤回",
                           closed_on=min((steps[-1][1] if steps else dispute["accepted_on"])
                                         + timedelta(days=rng.randint(1, 5)), today))
            return
        if status in ("open", "transferred"):
            dispute["status"] = status
            return
        settled_on = steps[-1][1]
        dispute.update(status="failed" if status == "failed" else "settled", closed_on=settled_on)
        if status == "failed":
            return
        written = status == "near_confirmation" or rng.random() < 0.7
        effective = settled_on
        perform_by = (min(effective + timedelta(days=rng.randint(3, 60)), today + timedelta(days=30))
                      if rng.random() < 0.8 else None)
        paid = (amount * Decimal(rng.choice(("0.3", "0.5", "0.8")))).quantize(Decimal("0.01"))
        text = "\n".join(item.format(a=a, b=b, m=paid, d=_cn(perform_by or effective))
                         for item in (ITEMS[1:] if amount else (ITEMS[0], *ITEMS[2:])))
        due = (perform_by or effective) + timedelta(days=7)
        visited = due <= today and rng.random() < 0.97
        self._new(Agreement, {
            "dispute": dispute_id, "kind": "written" if written else "oral", "items": text,
            "perform_how": "当面现金支付" if amount else "自行履行", "perform_place": "村调委会",
            "perform_by": perform_by, "amount": paid, "copies": self.party_count + 1,
            "effective_on": effective,
            "confirmation_applied_on": effective + timedelta(days=10)
            if written and rng.random() < 0.05 and effective + timedelta(days=10) <= today else None,
            "mediator": self.faker.full_name("男"), "recorder": self.faker.full_name("女"),
            "performance": "done" if visited else "pending", "performance_note": ""})
        if visited:
            self._new(FollowUp, {
                "dispute": dispute_id, "visited_on": min(due + timedelta(days=rng.randint(0, 10)), today),
                "visitor": self.faker.full_name("男"), "reason": "了解协议履行情况",
                "situation": "协议已按期履行，双方关系缓和。", "satisfaction": rng.choice(
                    ("satisfied", "satisfied", "fair")), "new_risks": "", "measures": "继续关注"})
