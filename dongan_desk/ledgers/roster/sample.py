"""The roster's sample: courtyard grids, households of 1–5 people drawn from ``fake_people``,
their 困难群体/特殊群体 categories, the grids' 院落长 and 网格员, and the party members. It goes
first: every other ledger's sample draws its people from it."""
from __future__ import annotations

import random
from datetime import date

from ...sample.bulk import bulk_insert, next_id
from ...sample.fake_people import PeopleFaker
from ...sample.plan import SAMPLE_MARK, SampleSize
from ...store.models import Category, Grid, GridMember, Household, Resident, ResidentCategory, Unit
from ...units import seed_categories

# Every 20th courtyard (from the 8th) gets a 网格员 who is not a party member, so the rule has
# findings to show.
LACKING_WORKER_EVERY, LACKING_WORKER_FIRST = 20, 7
# Drawn with equal chance: 3.33 people a household, as in the reference town (30,000 in 9,000).
HOUSEHOLD_SIZES = (1, 2, 3, 3, 3, 4, 4, 5, 5)


def add_roster_sample(faker: PeopleFaker, rng: random.Random, units: list[Unit], today: date,
                      plan: SampleSize) -> None:
    """The registry's sample builder. On the township, the villages (not this PC's home unit)
    first get their categories and 村级网格 under the 镇级总网格, as a village PC's setup gives."""
    for unit in units:
        if not unit.is_home:
            seed_categories(unit)
            Grid.create(unit=unit, level=2, name=f"{unit.name}村级网格",
                        first_responsible="支部书记",
                        parent=Grid.get(Grid.unit == Unit.get(Unit.is_home == True),  # noqa: E712
                                        Grid.level == 1))
    for unit in units:
        _fill_village(unit, plan, faker, rng, today)


def _fill_village(unit: Unit, plan: SampleSize, faker: PeopleFaker, rng: random.Random,
                  today: date) -> None:
    village_grid = Grid.get(Grid.unit == unit, Grid.level == 2)
    grid_id, household_id, resident_id = next_id(Grid), next_id(Household), next_id(Resident)
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
    bulk_insert(Grid, grids)
    bulk_insert(Household, households)
    bulk_insert(Resident, residents)
    bulk_insert(ResidentCategory, links)
    bulk_insert(GridMember, members)


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
