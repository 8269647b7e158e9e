"""Sample data for newcomers and for the benchmark: a village PC, or the whole reference town
(DESIGN.md §8) on the township PC. Names are marked 示例 so nobody mistakes them for real people.

Rows go in with ``insert_many`` and ids assigned here, in one transaction: the town's 30,000
residents take a second or two, not minutes."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Callable

from ..store.database import db
from ..store.models import Category, Grid, GridMember, Household, Resident, ResidentCategory, Unit
from ..errors import ValidationError
from .fake_people import TOWN, VILLAGES, PeopleFaker
from ..ledgers.council.sample import add_council_sample
from ..ledgers.mediation.sample import add_mediation_sample
from ..ledgers.pairing.sample import add_pairing_sample
from ..units import UnitSpec, is_set_up, seed_categories, setup_township, setup_village

SAMPLE_MARK = "（示例）"
# Every 20th courtyard (from the 8th) gets a 网格员 who is not a party member, so the rule has
# findings to show.
LACKING_WORKER_EVERY, LACKING_WORKER_FIRST = 20, 7
# Drawn with equal chance: 3.33 people a household, as in the reference town (30,000 in 9,000).
HOUSEHOLD_SIZES = (1, 2, 3, 3, 3, 4, 4, 5, 5)


@dataclass(frozen=True)
class SampleSize:
    villages: int
    households_per_village: int
    courtyards_per_village: int
    party_members_per_village: int


SIZES = {
    "village": SampleSize(1, 300, 15, 40),
    "town": SampleSize(10, 900, 45, 60),
}

# Each area adds its sample records here: fn(faker, rng, units, today) after the roster exists.
EXTENSIONS: list[Callable[[PeopleFaker, random.Random, list[Unit], date], None]] = [add_pairing_sample,
                                                                                   add_mediation_sample,
                                                                                   add_council_sample]


def _spec(name: str, short: str, code: str) -> UnitSpec:
    return UnitSpec(name + SAMPLE_MARK, short, code)


def build_sample(size: str, seed: int = 2026, today: date | None = None) -> Unit:
    """Set up this (empty) database as a sample village or the sample township."""
    if size not in SIZES:
        raise ValidationError(f"示例规模只能是 village 或 town，不认识“{size}”。")
    if is_set_up():
        raise ValidationError("本机已经设置过单位，示例数据只能装进一个新的数据文件夹。")
    plan = SIZES[size]
    today = today or date.today()
    faker, rng = PeopleFaker(seed), random.Random(seed)
    with db.atomic():
        if size == "village":
            home = setup_village(_spec(*VILLAGES[0]))
            village_units = [home]
        else:
            home = setup_township(_spec(*TOWN), [_spec(*v) for v in VILLAGES[:plan.villages]])
            village_units = list(Unit.select().where(Unit.kind == "village").order_by(Unit.sort_order))
            for unit in village_units:
                seed_categories(unit)
                Grid.create(unit=unit, level=2, name=f"{unit.name}村级网格",
                            first_responsible="支部书记",
                            parent=Grid.get(Grid.unit == home, Grid.level == 1))
        for unit in village_units:
            _fill_village(unit, plan, faker, rng, today)
        for extend in EXTENSIONS:
            extend(faker, rng, village_units, today)
        if size == "town":
            _record_imports(village_units, rng, today)
    return home


def _record_imports(village_units: list[Unit], rng: random.Random, today: date) -> None:
    """The township's log of the packages it 'imported': most villages sent one this month,
    the last two are overdue, so the 镇级汇总 tab has something to show."""
    import json
    from datetime import datetime, timedelta

    from ..store.models import ImportRecord
    for number, unit in enumerate(village_units):
        late = number >= len(village_units) - 2
        exported = datetime(today.year, today.month, 1, 9, 0) + timedelta(
            days=-rng.randint(10, 40) if late else rng.randint(0, max(0, today.day - 2)),
            minutes=rng.randint(0, 480))
        ImportRecord.create(unit=unit, seq=rng.randint(3, 12), exported_at=exported,
                            imported_at=min(exported + timedelta(hours=rng.randint(1, 30)),
                                            datetime.now().replace(microsecond=0)),
                            file_name=f"东安台账_{unit.name}_{exported:%Y%m%d-%H%M%S}.xlsx",
                            checksum="示例", status="accepted",
                            rows=json.dumps({"人员": Resident.select().where(Resident.unit == unit).count()}),
                            message="示例数据")


def _next_id(model) -> int:
    return (model.select(model.id).order_by(model.id.desc()).scalar() or 0) + 1


def _bulk(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), 500):
        model.insert_many(rows[start:start + 500]).execute()


def _fill_village(unit: Unit, plan: SampleSize, faker: PeopleFaker, rng: random.Random,
                  today: date) -> None:
    village_grid = Grid.get(Grid.unit == unit, Grid.level == 2)
    grid_id, household_id, resident_id = _next_id(Grid), _next_id(Household), _next_id(Resident)
    village_name = unit.name.replace(SAMPLE_MARK, "")
    grids, households, residents, links, members = [], [], [], [], []
    hardship = {c.name: c.id for c in Category.select().where(Category.unit == unit,
                                                              Category.group == "hardship")}
    special = {c.name: c.id for c in Category.select().where(Category.unit == unit,
                                                             Category.group == "special")}
    courtyard_names: set[str] = set()
    for n in range(plan.courtyards_per_village):
        name = faker.courtyard_name()
        while name in courtyard_names:
            name = faker.courtyard_name() + str(n + 1)
        courtyard_names.add(name)
        cadre = faker.full_name(rng.choice("男女"))
        grids.append({"id": grid_id + n, "unit": unit.id, "level": 3, "parent": village_grid.id,
                      "name": name, "first_responsible": cadre, "sort_order": n,
                      "work_group": f"{cadre}（村干部）、{faker.full_name('男')}（镇干部）"})
    people_by_grid: dict[int, list[dict]] = {g["id"]: [] for g in grids}
    for h in range(plan.households_per_village):
        grid = grids[h % len(grids)]
        group_no = grid["sort_order"] % 8 + 1
        households.append({"id": household_id, "unit": unit.id, "grid": grid["id"],
                           "household_no": f"{unit.code[-3:]}{h + 1:04d}",
                           "address": faker.address(village_name, group_no)})
        for person in faker.household(rng.choice(HOUSEHOLD_SIZES)):
            row = {"id": resident_id, "unit": unit.id, "household": household_id,
                   "name": person["name"], "id_number": person["id_number"],
                   "gender": person["gender"], "birth_date": person["birth_date"],
                   "phone": person.get("phone") or "", "relation": person["relation"],
                   "is_party_member": False, "party_branch": "",
                   "party_join_date": None}
            residents.append(row)
            people_by_grid[grid["id"]].append(row)
            roll = rng.random()
            if roll < 0.06:
                links.append({"resident": resident_id, "category": rng.choice(list(hardship.values()))})
            elif roll < 0.075:
                links.append({"resident": resident_id, "category": rng.choice(list(special.values()))})
            resident_id += 1
        household_id += 1
    _choose_party_members(unit, plan, grids, people_by_grid, members, rng, today)
    _bulk(Grid, grids)
    _bulk(Household, households)
    _bulk(Resident, residents)
    _bulk(ResidentCategory, links)
    _bulk(GridMember, members)


def _choose_party_members(unit: Unit, plan: SampleSize, grids: list[dict],
                          people_by_grid: dict[int, list[dict]], members: list[dict],
                          rng: random.Random, today: date) -> None:
    branch = unit.name.replace(SAMPLE_MARK, "") + "党支部"

    def adults(grid_id: int) -> list[dict]:
        return [p for p in people_by_grid[grid_id]
                if p["birth_date"] and (today - p["birth_date"]).days > 18 * 365]

    def enrol(person: dict) -> None:
        person["is_party_member"], person["party_branch"] = True, branch
        born = person["birth_date"]
        person["party_join_date"] = date(min(born.year + rng.randint(20, 40), today.year - 1),
                                         rng.randint(1, 12), 1)

    enrolled = 0
    for number, grid in enumerate(grids):
        candidates = adults(grid["id"])
        if not candidates:
            continue
        head = rng.choice(candidates)
        members.append({"grid": grid["id"], "resident": head["id"], "role": "head"})
        worker = rng.choice(candidates)
        if number % LACKING_WORKER_EVERY != LACKING_WORKER_FIRST:
            enrol(worker)
            enrolled += 1
        members.append({"grid": grid["id"], "resident": worker["id"], "role": "worker"})
    pool = [p for g in grids for p in adults(g["id"]) if not p["is_party_member"]]
    for person in rng.sample(pool, max(0, min(len(pool), plan.party_members_per_village - enrolled))):
        enrol(person)
