"""A village's life between two 报送: random additions, edits, moves and deletions of every record
type, made through the program's own domain functions (what a clerk can do in the window), and
the reading of a unit that the township's copy is compared with.

``VillageLife(code)`` works on whichever database is open: the village PC's. An operation takes
a ``random.Random``; ``VillageLife.do`` runs it and says whether it changed anything: a change the
program refuses (``ValidationError``) is skipped, as a clerk would be told and give up, and so is
one with nothing to work on (``Nothing``).
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.council import ceremony, council, emcees
from dongan_desk.ledgers.council.models import (CEREMONY_KINDS, COUNCIL_ROLES, COUNCIL_TEXT_KINDS,
                                               MEETING_KINDS, CeremonyFiling, CouncilMeeting,
                                               CouncilMember, CouncilText, Emcee, EmceeTraining)
from dongan_desk.ledgers.mediation import cases as mediation
from dongan_desk.ledgers.mediation import categories as mediation_categories
from dongan_desk.ledgers.mediation import ladder
from dongan_desk.ledgers.mediation.models import (AGREEMENT_KINDS, PERFORMANCE, RISK_LEVELS,
                                                 SATISFACTION, SOURCES, Agreement, Dispute,
                                                 DisputeCategory, DisputeParty, FollowUp,
                                                 MediationStep)
from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.pairing.models import END_REASONS, MOODS, VISIT_WAYS, Pairing, PartyMemberProfile, Visit
from dongan_desk.ledgers.pairing.queries import active_household_pairings
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.sample.fake_people import PeopleFaker
from dongan_desk.store.models import RELATIONS, Category, Grid, Household, Resident, ResidentCategory, Unit
from dongan_desk.units import home_unit
from dongan_desk.store.scope import exported_fields, foreign_keys, model_title, synced_models, unit_query

# What clerks type that a spreadsheet likes to take for something else, and the empty string.
ODD_TEXTS = ("=SUM(A1:A3)", "=1+1", "+86 138 2345 6789", "-1", "-", "@张三", "#N/A", "#REF!", "",
             "0012", "1e5", "3.50", "2026-01-01", "是", "否", "TRUE", "第一行\n第二行", "𠮷䶮龑",
             "'单引号", "<b>&amp;</b>", "_x0041_", "a;b,c", "  两头空格  ", "微信😀")


# ---- the reading the township's copy is compared by ---------------------------------------------

def snapshot(unit_code: str, _uids: dict | None = None) -> dict[str, dict[str, tuple]]:
    """Every synced record of the unit but the Unit itself, by title and uid: all exported
    fields, foreign keys as the referenced record's uid and the unit as its code.
    (The one reading every 报送 test compares by.)"""
    unit = Unit.get(Unit.code == unit_code)
    uids = {} if _uids is None else _uids  # referenced model → {id: uid}, read once

    def uid_map(model):
        if model not in uids:
            uids[model] = ({u.id: u.code for u in Unit.select()} if model is Unit else
                           dict(model.select(model.id, model.uid).tuples()))
        return uids[model]

    result = {}
    for model in synced_models():
        if model is Unit:
            continue
        fields = exported_fields(model)
        maps = {fk.name: uid_map(fk.rel_model) for fk in foreign_keys(model)}
        rows = {}
        for record in unit_query(model, unit.id).select(*fields).tuples():
            values = tuple(maps[f.name].get(v) if f.name in maps and v is not None else v
                           for f, v in zip(fields, record))
            rows[values[0]] = values
        result[model_title(model)] = rows
    return result


def snapshots(unit_codes) -> dict[str, dict[str, dict[str, tuple]]]:
    """``snapshot`` of several units, reading each referenced table once."""
    uids: dict = {}
    return {code: snapshot(code, uids) for code in unit_codes}


def field_names(title: str) -> list[str]:
    model = next(m for m in synced_models() if model_title(m) == title)
    return [f.name for f in exported_fields(model)]


@dataclass
class Difference:
    """How one record type differs between two snapshots."""
    added: set = field(default_factory=set)
    removed: set = field(default_factory=set)
    changed: set = field(default_factory=set)
    fields: Counter = field(default_factory=Counter)  # field name → records where it changed


def differences(before: dict, after: dict) -> dict[str, Difference]:
    result = {}
    for title in after.keys() | before.keys():
        old, new = before.get(title, {}), after.get(title, {})
        change = Difference(set(new) - set(old), set(old) - set(new))
        names = field_names(title)
        for uid in set(old) & set(new):
            if old[uid] != new[uid]:
                change.changed.add(uid)
                change.fields.update(n for n, a, b in zip(names, old[uid], new[uid]) if a != b)
        result[title] = change
    return result


def describe_mismatch(title: str, expected: dict, got: dict, limit: int = 5) -> str:
    """Which records of one type differ, field by field, for an assertion message."""
    names = field_names(title)
    lines = []
    for uid in sorted(expected.keys() - got.keys())[:limit]:
        lines.append(f"  missing {uid}: {dict(zip(names, expected[uid]))}")
    for uid in sorted(got.keys() - expected.keys())[:limit]:
        lines.append(f"  extra {uid}: {dict(zip(names, got[uid]))}")
    for uid in sorted(u for u in expected.keys() & got.keys() if expected[u] != got[u])[:limit]:
        fields = {n: (a, b) for n, a, b in zip(names, expected[uid], got[uid]) if a != b}
        lines.append(f"  {uid} (expected, got): {fields}")
    return f"{title}:\n" + "\n".join(lines)


# ---- a village's clerk at work --------------------------------------------------------------------

# Left out of the starting set, so that a later 报送 brings its first record of the kind.
LATER = {"set_limits"}


@dataclass(frozen=True)
class Operation:
    name: str    # e.g. "move_household"
    title: str   # the record type it is about (its sheet name)
    kind: str    # add | edit | move | delete
    run: Callable[["VillageLife", random.Random], None]


OPERATIONS: list[Operation] = []


def operation(title: str, kind: str):
    def register(fn):
        OPERATIONS.append(Operation(fn.__name__, title, kind, fn))
        return fn
    return register


class Nothing(Exception):
    """There is no record of the kind to change: the operation does nothing."""


def _pick(rng: random.Random, query):
    rows = list(query)
    if not rows:
        raise Nothing
    return rng.choice(rows)


def _maybe(rng: random.Random, query):
    rows = list(query)
    return rng.choice(rows) if rows else None


def _text(rng: random.Random, base: str, *, required: bool = False, limit: int = 200,
          odd: float = 0.35) -> str:
    roll = rng.random()
    if roll < odd:
        text = rng.choice(ODD_TEXTS)
    elif roll < odd + 0.1:
        text = ""
    else:
        text = f"{base}{rng.randint(1, 999)}"
    if required and not text.strip():
        text = f"{base}{rng.randint(1, 999)}"
    return text[:limit]


def _money(rng: random.Random) -> Decimal:
    return rng.choice((Decimal("0"), Decimal("0.01"), Decimal("500"), Decimal("1200.50"),
                       Decimal(rng.randint(0, 10**7)) / 100, Decimal("99999999999.99")))


class VillageLife:
    """The clerk of one village PC; every method works on the open database."""

    def __init__(self, unit_code: str, seed: int = 0, today: date | None = None):
        self.code = unit_code
        self.today = today or date.today()
        self.faker = PeopleFaker(seed, today=self.today)
        self.counter = 0

    # -- small helpers --
    @property
    def unit(self) -> Unit:
        return home_unit()

    def day(self, rng: random.Random, after: date | None = None, before: date | None = None) -> date:
        """A day in [after, before] (default: the last three years up to today)."""
        before = before or self.today
        after = after or before - timedelta(days=3 * 365)
        if after > before:
            return before
        return after + timedelta(days=rng.randint(0, (before - after).days))

    def serial(self) -> int:
        self.counter += 1
        return self.counter

    def residents(self):
        return Resident.select().where(Resident.unit == self.unit).order_by(Resident.id)

    def party_members(self):
        return self.residents().where(Resident.is_party_member == True)  # noqa: E712

    def courtyards(self):
        return Grid.select().where(Grid.unit == self.unit, Grid.level == 3).order_by(Grid.id)

    def households(self):
        return Household.select().where(Household.unit == self.unit).order_by(Household.id)

    def disputes(self):
        return Dispute.select().where(Dispute.unit == self.unit).order_by(Dispute.id)

    def do(self, op: Operation, rng: random.Random) -> bool:
        try:
            op.run(self, rng)
        except (ValidationError, Nothing):
            return False
        return True

    def populate(self, rng: random.Random, households: int = 12) -> None:
        """A small starting set with records of every synced type."""
        pairing.set_visit_intervals(self.unit, 30, 90)
        mediation_categories.ensure_categories(self.unit)
        for _ in range(3):
            self.add_courtyard(rng)
        for _ in range(households):
            self.add_household(rng, size=rng.randint(2, 4))
        by_title: dict[str, list[Operation]] = {}
        for op in OPERATIONS:
            by_title.setdefault(op.title, []).append(op)
        for _ in range(2):
            for op in OPERATIONS:
                if op.kind in ("add", "move") and op.name not in LATER:
                    self.do(op, rng)
        for _ in range(60):  # whatever is still empty: its every operation until it is not
            missing = [title for title in by_title if not self._has(title)]
            if not missing:
                break
            for title in missing:
                for op in by_title[title]:
                    if op.kind != "delete":
                        self.do(op, rng)
        missing = [title for title in by_title if not self._has(title)]
        assert not missing, f"{self.code}: the starting set has no {missing}"

    def _has(self, title: str) -> bool:
        model = next(m for m in synced_models() if model_title(m) == title)
        return unit_query(model, self.unit.id).exists()

    # -- settings --
    @operation("单位设置", "edit")
    def set_intervals(self, rng):
        pairing.set_visit_intervals(self.unit, rng.randint(7, 60), rng.randint(30, 180))

    @operation("单位设置", "add")
    def set_limits(self, rng):
        data = {spec.name: str(rng.randint(0, min(spec.high, 40))) for spec in ceremony.LIMIT_FIELDS}
        kinds = [k for k, _ in CEREMONY_KINDS if k not in ("wedding", "funeral")]
        data["banned_kinds"] = rng.sample(kinds, rng.randint(0, 2))
        if rng.random() < 0.5:
            data["certificate_warn_days"] = str(rng.randint(0, 90))
        ceremony.save_limits(self.unit, data)

    # -- grids --
    @operation("网格", "add")
    def add_courtyard(self, rng):
        parent = Grid.get(Grid.unit == self.unit, Grid.level == 2)
        name = self.faker.courtyard_name() + str(self.serial())
        roster.save_grid({"parent": parent, "name": name,
                          "first_responsible": _text(rng, "院落长"),
                          "work_group": _text(rng, "驻村干部"), "note": _text(rng, "备注")})

    @operation("网格", "edit")
    def edit_grid(self, rng):
        grid = _pick(rng, Grid.select().where(Grid.unit == self.unit))
        roster.save_grid({"name": _text(rng, grid.name, required=True, limit=50),
                          "first_responsible": _text(rng, "第一责任人"),
                          "work_group": _text(rng, "工作小组"), "note": _text(rng, "网格备注")}, grid)

    @operation("网格", "delete")
    def delete_courtyard(self, rng):
        grids = list(self.courtyards())
        if len(grids) <= 2:
            raise Nothing
        grid = rng.choice(grids)
        others = [g for g in grids if g.id != grid.id]
        for household in grid.households:  # the clerk moves its households out first
            roster.move_household(household, rng.choice(others))
        roster.delete_grid(grid)

    @operation("网格职责", "move")
    def set_grid_members(self, rng):
        grid = _pick(rng, self.courtyards())
        members = list(self.party_members())
        everyone = list(self.residents())
        workers = rng.sample(members, min(len(members), rng.randint(0, 2)))
        if rng.random() < 0.3 and everyone:
            workers.append(rng.choice(everyone))
        living = list(self.residents().join(Household).where(Household.grid == grid))
        heads = rng.sample(living, min(len(living), rng.randint(0, 2)))
        roster.set_grid_members(grid, workers, heads)

    # -- households and residents --
    @operation("户", "add")
    def add_household(self, rng, size: int | None = None):
        grid = _pick(rng, self.courtyards())
        household = roster.save_household({
            "grid": grid, "address": self.faker.address(self.unit.name, rng.randint(1, 9)),
            "household_no": rng.choice(("", f"{self.serial():04d}", "=A1", "-7")),
            "note": _text(rng, "户备注")}).record
        for person in self.faker.household(size or rng.randint(1, 3)):
            self._save_person(rng, household, person)

    def _save_person(self, rng, household, person):
        adult = (self.today - person["birth_date"]).days > 18 * 366
        member = adult and rng.random() < 0.3
        data = {"household": household, "name": person["name"], "relation": person["relation"],
                "id_number": person["id_number"] if rng.random() < 0.9 else None,
                "phone": person["phone"] or "", "note": _text(rng, "人员备注"),
                "is_party_member": member,
                "party_branch": "东安镇党委第一支部" if member else "",
                "party_join_date": self.day(rng, person["birth_date"] + timedelta(days=18 * 366))
                if member else None,
                "categories": self._some_categories(rng)}
        return roster.save_resident(data, today=self.today).record

    def _some_categories(self, rng) -> list:
        active = list(Category.select().where(Category.unit == self.unit, Category.active == True))  # noqa: E712
        if not active or rng.random() < 0.6:
            return []
        return rng.sample(active, rng.randint(1, min(2, len(active))))

    @operation("户", "edit")
    def edit_household(self, rng):
        household = _pick(rng, self.households())
        roster.save_household({"grid": household.grid,
                               "address": _text(rng, household.address, required=True),
                               "household_no": _text(rng, "", limit=30),
                               "note": _text(rng, "改过的户备注")}, household)

    @operation("户", "move")
    def move_household(self, rng):
        household = _pick(rng, self.households())
        grid = _pick(rng, self.courtyards().where(Grid.id != household.grid_id))
        roster.move_household(household, grid)

    @operation("户", "delete")
    def delete_household(self, rng):
        households = list(self.households())
        if len(households) <= 6:
            raise Nothing
        free = [h for h in households if not active_household_pairings(h.id)
                and not any(roster.resident_delete_blockers(p) for p in h.members)]
        roster.delete_household(rng.choice(free if free and rng.random() < 0.8 else households))

    @staticmethod
    def resident_data(person: Resident) -> dict:
        """What the 人员 form holds for an existing person."""
        return {"household": person.household, "name": person.name, "id_number": person.id_number,
                "phone": person.phone, "relation": person.relation,
                "is_party_member": person.is_party_member, "party_branch": person.party_branch,
                "party_join_date": person.party_join_date, "note": person.note,
                "categories": [link.category_id for link in person.category_links]}

    @operation("人员", "add")
    def add_resident(self, rng):
        household = _pick(rng, self.households())
        person = self.faker.household(1)[0]
        person["relation"] = rng.choice([code for code, _ in RELATIONS if code != "户主"])
        self._save_person(rng, household, person)

    @operation("人员", "edit")
    def edit_resident(self, rng):
        person = _pick(rng, self.residents())
        data = self.resident_data(person)
        roll = rng.random()
        if roll < 0.25:
            data["name"] = _text(rng, person.name[:1] + "某", required=True, limit=20)
        elif roll < 0.4:
            data["phone"] = rng.choice(("", self.faker.mobile(), self.faker.landline(), "12345"))
        elif roll < 0.55:
            data["is_party_member"] = not person.is_party_member
            data["party_branch"] = _text(rng, "支部")
            start = (person.birth_date or date(1960, 1, 1)) + timedelta(days=18 * 366)
            data["party_join_date"] = self.day(rng, start) if rng.random() < 0.8 else None
        elif roll < 0.65:
            data["relation"] = rng.choice(RELATIONS)[0]
        elif roll < 0.75:  # the ID number typed in, or corrected, or cleared
            if person.id_number and rng.random() < 0.3:
                data["id_number"] = None
            else:
                birth = self.faker.birth_date(1, 90)
                data["id_number"] = self.faker.id_number(birth, rng.choice("男女"))
        data["note"] = _text(rng, "改过的备注") if rng.random() < 0.5 else data["note"]
        roster.save_resident(data, person, today=self.today)

    @operation("人员群体类别", "add")
    def tag_resident(self, rng):
        person = _pick(rng, self.residents())
        category = _pick(rng, Category.select().where(Category.unit == self.unit,
                                                      Category.active == True))  # noqa: E712
        data = self.resident_data(person)
        data["categories"] = sorted(set(data["categories"]) | {category.id})
        roster.save_resident(data, person, today=self.today)

    @operation("人员群体类别", "delete")
    def untag_resident(self, rng):
        person = _pick(rng, self.residents().join(ResidentCategory).distinct())
        data = self.resident_data(person)
        data["categories"] = data["categories"][1:]
        roster.save_resident(data, person, today=self.today)

    @operation("人员", "move")
    def move_resident(self, rng):
        person = _pick(rng, self.residents())
        household = _pick(rng, self.households().where(Household.id != person.household_id))
        data = self.resident_data(person)
        data["household"] = household
        roster.save_resident(data, person, today=self.today)

    @operation("党员承诺职责", "delete")
    def member_moves_away(self, rng):
        """A party member with a 承诺 leaves the roster, and the 承诺 with them."""
        roster.delete_resident(_pick(rng, [p for p in self.party_members().join(PartyMemberProfile)
                                           if not roster.resident_delete_blockers(p)]))

    @operation("人员", "delete")
    def delete_resident(self, rng):
        people = list(self.residents())
        if len(people) <= 20:
            raise Nothing
        free = [p for p in people if not roster.resident_delete_blockers(p)]
        person = rng.choice(free if free and rng.random() < 0.8 else people)
        roster.delete_resident(person)

    # -- the 困难群体 / 特殊群体 lists --
    @operation("群体类别", "add")
    def add_category(self, rng):
        group = rng.choice(("hardship", "special"))
        name = rng.choice(("=新类别", "+临时救助", "@重点关注", "其他")) + str(self.serial())
        roster.save_category(self.unit, group, name)

    @operation("群体类别", "edit")
    def edit_category(self, rng):
        category = _pick(rng, Category.select().where(Category.unit == self.unit))
        if rng.random() < 0.3:
            roster.retire_category(category)
        else:
            roster.save_category(self.unit, category.group, f"{category.name[:12]}改{self.serial()}",
                                 category)

    # -- 党员结对帮扶 --
    @operation("党员承诺职责", "add")
    def save_profile(self, rng):
        member = _pick(rng, self.party_members())
        pairing.save_profile(member, {"post": _text(rng, "党员", limit=30),
                                      "commitment": _text(rng, "承诺帮扶困难户"),
                                      "duties": _text(rng, "联系院落")})

    @operation("党员承诺职责", "edit")
    def edit_profile(self, rng):
        profile = _pick(rng, PartyMemberProfile.select().join(Resident).where(Resident.unit == self.unit))
        pairing.save_profile(profile.resident, {"post": _text(rng, "支部委员", limit=30),
                                                "commitment": _text(rng, "改过的承诺"),
                                                "duties": profile.duties if rng.random() < 0.5 else ""})

    @operation("结对帮扶", "add")
    def add_pairing(self, rng):
        member = _pick(rng, self.party_members())
        grouped = list(self.residents().join(ResidentCategory).distinct()
                       .where(Resident.household != member.household))
        person = rng.choice(grouped) if grouped and rng.random() < 0.7 else None
        household = person.household if person else _pick(
            rng, self.households().where(Household.id != member.household_id))
        pairing.save_pairing({"member": member, "resident": person, "household": household,
                              "start_date": self.day(rng), "help_content": _text(rng, "帮扶", required=True),
                              "watch_points": _text(rng, "监管重点")}, today=self.today)

    @operation("结对帮扶", "edit")
    def edit_pairing(self, rng):
        item = _pick(rng, Pairing.select().where(Pairing.unit == self.unit))
        if item.end_date is None and rng.random() < 0.4:
            last = item.visits.order_by(Visit.visit_date.desc()).first()
            pairing.end_pairing(item, {"end_date": self.day(rng, last.visit_date if last else item.start_date),
                                       "end_reason": rng.choice(END_REASONS)[0],
                                       "end_note": _text(rng, "结束说明", required=True)}, today=self.today)
            return
        first = item.visits.order_by(Visit.visit_date).first()
        start = item.start_date if rng.random() < 0.5 else self.day(
            rng, before=first.visit_date if first else item.end_date)
        pairing.save_pairing({"member": item.member, "resident": item.resident,
                              "household": item.household, "start_date": start,
                              "help_content": _text(rng, "改过的帮扶", required=True),
                              "watch_points": _text(rng, "")}, item, today=self.today)

    @operation("结对帮扶", "delete")
    def delete_pairing(self, rng):
        items = list(Pairing.select().where(Pairing.unit == self.unit))
        unvisited = [p for p in items if not p.visits.exists()]
        pairing.delete_pairing(_pick(rng, unvisited if unvisited and rng.random() < 0.8 else items))

    def _visit_data(self, rng, item: Pairing) -> dict:
        found = rng.random() < 0.2
        return {"pairing": item, "visit_date": self.day(rng, item.start_date, item.end_date),
                "way": rng.choice(VISIT_WAYS)[0], "mood": rng.choice(MOODS)[0],
                "living": _text(rng, "生活平稳"), "risks": _text(rng, "邻里矛盾", required=found),
                "help_given": _text(rng, "送米送油"), "needs_follow_up": rng.random() < 0.3,
                "found_dispute": found}

    @operation("走访记录", "add")
    def add_visit(self, rng):
        item = _pick(rng, Pairing.select().where(Pairing.unit == self.unit))
        pairing.save_visit(self._visit_data(rng, item), today=self.today)

    @operation("走访记录", "edit")
    def edit_visit(self, rng):
        visit = _pick(rng, Visit.select().join(Pairing).where(Pairing.unit == self.unit))
        pairing.save_visit(self._visit_data(rng, visit.pairing), visit, today=self.today)

    @operation("走访记录", "delete")
    def delete_visit(self, rng):
        visit = _pick(rng, Visit.select().join(Pairing).where(Pairing.unit == self.unit))
        pairing.delete_visit(visit)

    # -- 矛盾纠纷调解 --
    @operation("纠纷类型", "add")
    def add_dispute_category(self, rng):
        mediation_categories.add_category(self.unit, rng.choice(("=借贷", "-赡养", "水源", "@噪音"))
                                          + str(self.serial()))

    @operation("纠纷类型", "edit")
    def edit_dispute_category(self, rng):
        category = _pick(rng, DisputeCategory.select().where(DisputeCategory.unit == self.unit,
                                                             DisputeCategory.active == True))  # noqa: E712
        if rng.random() < 0.3:
            mediation_categories.retire_category(category)
        else:
            mediation_categories.rename_category(category, f"{category.name[:10]}改{self.serial()}")

    def _parties(self, rng, on: date) -> list[dict]:
        everyone = list(self.residents())
        people = rng.sample(everyone, min(2, len(everyone)))
        parties = [mediation.party_from_resident(p, on) for p in people[:rng.randint(1, 2)]]
        while len(parties) < 2 or rng.random() < 0.2:
            outsider = {"name": _text(rng, "外村人", required=True, limit=20),
                        "gender": rng.choice(("", "男", "女")), "age": rng.choice((None, 35, "60岁")),
                        "occupation": _text(rng, "务农"), "phone": rng.choice(("", self.faker.mobile())),
                        "address": _text(rng, "城口县某镇"), "ethnicity": rng.choice(("汉族", "土家族", ""))}
            if rng.random() < 0.4:
                birth = self.faker.birth_date(20, 70)
                outsider["id_number"] = self.faker.id_number(birth, rng.choice("男女"))
            parties.append(outsider)
        return parties

    def _dispute_data(self, rng, accepted: date) -> dict:
        risk = rng.choice(RISK_LEVELS)[0]
        tier = rng.randint(1, mediation.HIGHEST_START[risk])
        return {"accepted_on": accepted, "source": rng.choice(SOURCES)[0],
                "category": _pick(rng, mediation_categories.categories(self.unit)),
                "facts": _text(rng, "因宅基地界址发生争执", required=True), "amount": _money(rng),
                "risk_level": risk, "start_tier": tier,
                "start_reason": _text(rng, "情况紧急", required=tier > 1),
                "registrar": _text(rng, "调解员", limit=20)}

    @operation("矛盾纠纷", "add")
    def add_dispute(self, rng):
        accepted = self.day(rng, self.today - timedelta(days=400))
        mediation.save_dispute(self._dispute_data(rng, accepted), self._parties(rng, accepted),
                               unit=self.unit, today=self.today)

    @staticmethod
    def party_data(party: DisputeParty) -> dict:
        return {"resident": party.resident, "name": party.name, "gender": party.gender,
                "ethnicity": party.ethnicity, "age": party.age, "birth_date": party.birth_date,
                "occupation": party.occupation, "phone": party.phone, "address": party.address,
                "id_number": party.id_number}

    @operation("矛盾纠纷", "edit")
    def edit_dispute(self, rng):
        case = _pick(rng, self.disputes())
        if case.status in ("open", "transferred") and rng.random() < 0.15:
            mediation.withdraw_dispute(case, self.today, _text(rng, "当事人自行和解", required=True),
                                       today=self.today)
            return
        if case.status == "withdrawn" and rng.random() < 0.5:
            mediation.undo_withdraw(case)
            return
        first = case.steps.order_by(MediationStep.held_on).first()
        accepted = self.day(rng, date(case.year, 1, 1),
                            min(first.held_on if first else self.today, date(case.year, 12, 31)))
        data = self._dispute_data(rng, accepted)
        data["start_tier"], data["risk_level"] = case.start_tier, case.risk_level
        data["start_reason"] = case.start_reason or _text(rng, "越级", required=case.start_tier > 1)
        if rng.random() < 0.5:
            data["category"] = case.category
        parties = [self.party_data(p) for p in case.parties.order_by(DisputeParty.position)]
        if rng.random() < 0.5:  # the parties as the clerk corrects them
            parties = self._parties(rng, accepted)
        else:
            for party in parties:
                party["occupation"] = _text(rng, "个体户")
        mediation.save_dispute(data, parties, dispute=case, today=self.today)

    @operation("纠纷当事人", "move")
    def correct_parties(self, rng):
        """The parties of a case corrected: the form saves them all anew."""
        case = _pick(rng, self.disputes())
        data = {name: getattr(case, name) for name in (
            "accepted_on", "source", "category", "facts", "amount", "risk_level", "start_tier",
            "start_reason", "registrar")}
        parties = [self.party_data(p) for p in case.parties.order_by(DisputeParty.position)]
        if rng.random() < 0.5 or len(parties) <= 2:
            parties.append(self._parties(rng, case.accepted_on)[-1])
        else:
            parties.pop(rng.randrange(len(parties)))
        mediation.save_dispute(data, parties, dispute=case, today=self.today)

    def _agreement(self, rng, settled_on: date) -> dict:
        effective = self.day(rng, settled_on)
        kind = rng.choice(AGREEMENT_KINDS)[0]
        return {"kind": kind, "items": "1、" + _text(rng, "甲方赔偿乙方", required=True) + "\n2、双方不再追究",
                "perform_how": _text(rng, "现金"), "perform_place": _text(rng, "村委会"),
                "perform_by": effective + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.7 else None,
                "amount": _money(rng), "effective_on": effective,
                "confirmation_applied_on": self.day(rng, effective) if rng.random() < 0.3 else None,
                "mediator": _text(rng, "调解员", limit=20), "recorder": _text(rng, "记录员", limit=20),
                "performance": rng.choice(PERFORMANCE)[0], "performance_note": _text(rng, "按期履行")}

    def _step_data(self, rng, tier: int, held_on: date, result: str) -> dict:
        return {"held_on": held_on, "place": _text(rng, "院坝"),
                "mediators": _text(rng, "院落长、老党员", required=True),
                "covenant_clause": _text(rng, "村规民约第5条", required=tier == 2),
                "record": _text(rng, "双方各自陈述", required=True), "result": result,
                "escalation_reason": _text(rng, "分歧较大", required=result == "escalate")}

    @operation("调解记录", "add")
    def add_step(self, rng, result: str | None = None):
        case = _pick(rng, [d for d in self.disputes() if ladder.next_tier(d) is not None])
        tier = ladder.next_tier(case)
        last = case.steps.order_by(MediationStep.held_on.desc()).first()
        held_on = self.day(rng, last.held_on if last else case.accepted_on)
        results = ["settled", "again", "failed"] + (["escalate"] if tier < ladder.TOP_TIER else [])
        result = result or rng.choice(results)
        agreement = self._agreement(rng, held_on) if result == "settled" else None
        ladder.save_step(case, self._step_data(rng, tier, held_on, result), agreement=agreement,
                         today=self.today)

    @operation("调解记录", "edit")
    def edit_step(self, rng):
        step = _pick(rng, MediationStep.select().join(Dispute).where(Dispute.unit == self.unit))
        data = self._step_data(rng, step.tier, step.held_on, step.result)
        ladder.save_step(step.dispute, data, step=step, today=self.today)

    @operation("调解记录", "delete")
    def delete_last_step(self, rng):
        case = _pick(rng, self.disputes().join(MediationStep).distinct())
        ladder.delete_last_step(case)

    @operation("调解协议", "add")
    def settle(self, rng):
        if not any(ladder.next_tier(d) is not None for d in self.disputes()):
            self.add_dispute(rng)  # a new case, settled at its first session
        self.add_step(rng, result="settled")

    @operation("调解协议", "delete")
    def unsettle(self, rng):
        """撤销最后一次调解 of a settled case: its agreement and follow-ups go with it."""
        case = _pick(rng, self.disputes().where(Dispute.status == "settled"))
        ladder.delete_last_step(case)

    @operation("调解协议", "edit")
    def edit_agreement(self, rng):
        agreement = _pick(rng, Agreement.select().join(Dispute).where(Dispute.unit == self.unit))
        case = agreement.dispute
        settled_on = case.steps.order_by(MediationStep.held_on.desc()).first().held_on
        ladder.save_agreement(case, self._agreement(rng, settled_on), today=self.today)

    def _follow_up_data(self, rng, agreement: Agreement) -> dict:
        return {"visited_on": self.day(rng, agreement.effective_on), "visitor": _text(rng, "调委会", required=True),
                "reason": _text(rng, "了解协议履行情况", required=True),
                "situation": _text(rng, "已按协议履行", required=True),
                "satisfaction": rng.choice(SATISFACTION)[0], "new_risks": _text(rng, "无"),
                "measures": _text(rng, "继续关注"),
                "performance": rng.choice([None, *(code for code, _ in PERFORMANCE)])}

    @operation("调解回访", "add")
    def add_follow_up(self, rng):
        agreement = _pick(rng, Agreement.select().join(Dispute).where(Dispute.unit == self.unit))
        ladder.save_follow_up(agreement.dispute, self._follow_up_data(rng, agreement), today=self.today)

    @operation("调解回访", "edit")
    def edit_follow_up(self, rng):
        visit = _pick(rng, FollowUp.select().join(Dispute).where(Dispute.unit == self.unit))
        agreement = Agreement.get(Agreement.dispute == visit.dispute)
        ladder.save_follow_up(visit.dispute, self._follow_up_data(rng, agreement), visit, today=self.today)

    @operation("调解回访", "delete")
    def delete_follow_up(self, rng):
        visit = _pick(rng, FollowUp.select().join(Dispute).where(Dispute.unit == self.unit))
        ladder.delete_follow_up(visit)

    # -- 红白理事会 --
    @operation("红白理事会", "edit")
    def save_council(self, rng):
        founded = self.day(rng) if rng.random() < 0.9 else None
        formed = self.day(rng, founded) if rng.random() < 0.5 else None
        council.save_council(self.unit, {
            "name": _text(rng, council.default_council_name(self.unit), required=True, limit=50),
            "founded_on": founded, "party_group_formed_on": formed,
            "party_group_leader": _text(rng, "党小组长", limit=20) if formed else "",
            "note": _text(rng, "理事会备注")}, today=self.today)

    def _member_data(self, rng) -> dict:
        start = self.day(rng)
        person = _maybe(rng, self.residents()) if rng.random() < 0.6 else None
        return {"role": rng.choice(COUNCIL_ROLES)[0], "resident": person,
                "name": _text(rng, "镇干部", required=True, limit=20),
                "is_party_member": rng.random() < 0.5, "phone": rng.choice(("", self.faker.mobile())),
                "work_unit": _text(rng, "东安镇人民政府", limit=50), "term_start": start,
                "term_end": start + timedelta(days=rng.randint(30, 1500)) if rng.random() < 0.4 else None,
                "note": _text(rng, "成员备注")}

    def _council_text(self, rng) -> dict:
        return {"kind": rng.choice(COUNCIL_TEXT_KINDS)[0], "title": _text(rng, "红白理事会章程", required=True),
                "adopted_on": self.day(rng), "body": _text(rng, "第一条 ……\n第二条 ……")}

    def _meeting(self, rng) -> dict:
        due = rng.randint(1, 60)
        return {"kind": rng.choice(MEETING_KINDS)[0], "held_on": self.day(rng), "due_count": str(due),
                "present_count": rng.randint(0, due), "place": _text(rng, "村委会会议室"),
                "topics": _text(rng, "议定宴席标准"), "decisions": _text(rng, "通过", required=True),
                "recorder": _text(rng, "记录人", limit=20)}

    def _emcee(self, rng) -> dict:
        person = _maybe(rng, self.residents()) if rng.random() < 0.5 else None
        data = {"resident": person, "name": _text(rng, "支客士", required=True, limit=20),
                "gender": rng.choice(("", "男", "女")), "phone": rng.choice(("", self.faker.mobile())),
                "issued_by": _text(rng, "东安镇红白理事会", limit=50), "active": rng.random() < 0.8,
                "note": _text(rng, "支客士备注")}
        if rng.random() < 0.7:
            issued = self.day(rng)
            data.update(certificate_no=emcees.next_certificate_no(self.unit, issued.year),
                        certificate_issued_on=issued,
                        certificate_expires_on=emcees.expiry_after_years(issued, rng.randint(1, 3)))
        return data

    def _training(self, rng) -> dict:
        return {"trained_on": self.day(rng), "hours": rng.choice(("4", "2.5", 8, 0.5, "12.25")),
                "content": _text(rng, "移风易俗政策", required=True), "trainer": _text(rng, "讲师", limit=20)}

    @operation("支客士培训", "add")
    def add_training(self, rng):
        emcee = _pick(rng, Emcee.select().where(Emcee.unit == self.unit))
        emcees.save_training(emcee, self._training(rng), today=self.today)

    @operation("支客士培训", "edit")
    def edit_training(self, rng):
        training = _pick(rng, EmceeTraining.select().join(Emcee).where(Emcee.unit == self.unit))
        emcees.save_training(training.emcee, self._training(rng), training, today=self.today)

    @operation("支客士培训", "delete")
    def delete_training(self, rng):
        training = _pick(rng, EmceeTraining.select().join(Emcee).where(Emcee.unit == self.unit))
        emcees.delete_training(training)

    def _filing(self, rng) -> dict:
        start = self.day(rng, self.today - timedelta(days=200), self.today + timedelta(days=30))
        tables = rng.randint(0, 40)
        return {"kind": rng.choice(CEREMONY_KINDS)[0], "household": _pick(rng, self.households()),
                "host_name": _text(rng, "", limit=20, odd=0.2), "host_phone": rng.choice(("", self.faker.mobile())),
                "subject": _text(rng, "结婚"), "start_on": start,
                "end_on": start + timedelta(days=rng.randint(0, 3)), "place": _text(rng, "自家院坝"),
                "tables": str(tables), "guests": rng.randint(0, tables * 12),
                "emcee": _maybe(rng, Emcee.select().where(Emcee.unit == self.unit)) if rng.random() < 0.6 else None,
                "filed_on": self.day(rng, min(start, self.today) - timedelta(days=20), min(start, self.today)),
                "received_by": _text(rng, "受理人", limit=20),
                "breach_note": _text(rng, "已劝导", odd=0.1) if rng.random() < 0.8 else "",
                "note": _text(rng, "报备备注")}

    @operation("红白事报备", "add")
    def add_filing(self, rng):
        ceremony.save_filing(self.unit, self._filing(rng), today=self.today)

    @operation("红白事报备", "edit")
    def edit_filing(self, rng):
        filing = _pick(rng, CeremonyFiling.select().where(CeremonyFiling.unit == self.unit))
        if filing.start_on <= self.today and rng.random() < 0.4:
            outcome = rng.choice(("", "compliant", "problem"))
            ceremony.record_supervision(filing, {
                "outcome": outcome, "supervisor": _text(rng, "监督员", required=bool(outcome), limit=20),
                "supervision": _text(rng, "现场查看"), "problem": _text(rng, "燃放烟花爆竹",
                                                                    required=outcome == "problem")},
                today=self.today)
            return
        ceremony.save_filing(self.unit, self._filing(rng), filing, today=self.today)

    @operation("红白事报备", "delete")
    def delete_filing(self, rng):
        filing = _pick(rng, CeremonyFiling.select().where(CeremonyFiling.unit == self.unit))
        ceremony.delete_filing(filing)


def _register_book(title: str, name: str, model, make, save, delete) -> None:
    """Additions, edits and deletions of one of the council's books: plain lists of the unit's
    records. ``make(life, rng)`` is the form's content, ``save(unit, data, record, today)``."""
    def records(life):
        return model.select().where(model.unit == life.unit)

    def add(life, rng):
        save(life.unit, make(life, rng), None, life.today)

    def edit(life, rng):
        record = _pick(rng, records(life))
        save(life.unit, make(life, rng), record, life.today)

    def remove(life, rng):
        record = _pick(rng, records(life))
        delete(record)

    for kind, run in (("add", add), ("edit", edit), ("delete", remove)):
        OPERATIONS.append(Operation(f"{kind}_{name}", title, kind, run))


_register_book("红白理事会成员", "member", CouncilMember, VillageLife._member_data,
               lambda unit, data, record, today: council.save_member(unit, data, record, today=today),
               council.delete_member)
_register_book("红白理事会章程制度", "text", CouncilText, VillageLife._council_text,
               lambda unit, data, record, today: council.save_text(unit, data, record, today=today),
               council.delete_text)
_register_book("红白理事会会议", "meeting", CouncilMeeting, VillageLife._meeting,
               lambda unit, data, record, today: council.save_meeting(unit, data, record, today=today),
               council.delete_meeting)
_register_book("支客士", "emcee", Emcee, VillageLife._emcee,
               lambda unit, data, record, today: emcees.save_emcee(unit, data, record),
               emcees.delete_emcee)


# Which kinds of change each record type must have gone through, as seen between two 报送 of a
# village (an edit is a record whose fields changed under the same uid; a move is an edit of
# the field named). Some rows are only ever replaced (new uid), never edited in place.
EXPECTED_CHANGES = {
    "单位设置": {"added", "changed"},
    "网格": {"added", "changed", "removed"},
    "户": {"added", "changed", "removed", "move:grid"},
    "人员": {"added", "changed", "removed", "move:household"},
    "群体类别": {"added", "changed"},
    "人员群体类别": {"added", "removed"},
    "网格职责": {"added", "removed"},
    "党员承诺职责": {"added", "changed", "removed"},
    "结对帮扶": {"added", "changed", "removed"},
    "走访记录": {"added", "changed", "removed"},
    "纠纷类型": {"added", "changed"},
    "矛盾纠纷": {"added", "changed"},
    "纠纷当事人": {"added", "removed"},
    "调解记录": {"added", "changed", "removed"},
    "调解协议": {"added", "changed", "removed"},
    "调解回访": {"added", "changed", "removed"},
    "红白理事会": {"changed"},
    "红白理事会成员": {"added", "changed", "removed"},
    "红白理事会章程制度": {"added", "changed", "removed"},
    "红白理事会会议": {"added", "changed", "removed"},
    "支客士": {"added", "changed", "removed"},
    "支客士培训": {"added", "changed", "removed"},
    "红白事报备": {"added", "changed", "removed"},
}


# The operations that can make each kind of change seen between two 报送.
MAKES = {"added": ("add", "move"), "changed": ("edit", "move"), "removed": ("delete", "move")}


def operations_for(title: str, change: str) -> list[Operation]:
    kinds = MAKES.get(change, ("move",))
    return [op for op in OPERATIONS if op.title == title and op.kind in kinds]


def seen_changes(diff: dict[str, Difference]) -> set[tuple[str, str]]:
    """(title, kind) pairs that one village's change between two 报送 shows."""
    seen = set()
    for title, change in diff.items():
        for kind in ("added", "changed", "removed"):
            if getattr(change, kind):
                seen.add((title, kind))
        for name in change.fields:
            seen.add((title, f"move:{name}"))
    return seen


# How often a clerk makes each kind of change: deletions are rarer than additions and edits.
KIND_WEIGHTS = {"add": 3, "edit": 3, "move": 2, "delete": 1}


def weighted_operations() -> list[Operation]:
    return [op for op in OPERATIONS for _ in range(KIND_WEIGHTS[op.kind])]
