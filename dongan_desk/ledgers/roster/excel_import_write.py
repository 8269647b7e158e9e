"""导入花名册, step 3: write the planned households through the roster's own rules, one
household per savepoint, and say what happened (:class:`ImportOutcome`).

Who is already there is looked up in an index built once per import (ID numbers, names per
household, household numbers per grid) and kept up to date as households go in: asking the
database for each row costs more than the saving itself.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from . import rules as roster_rules
from ...errors import ValidationError
from ...store.database import db
from ...store.models import Category, Grid, Household, Resident, Unit

from .excel_import_errors import RowProblem
from .excel_import_plan import HouseholdPlan, PersonRow, grid_key

# Domain field → the sheet field whose column a refusal points at.
_FIELD_OF_PROBLEM = {"name": "name", "id_number": "id_number", "phone": "phone", "relation": "relation",
                     "party_branch": "party_branch", "party_join_date": "party_join_date", "note": "note",
                     "address": "address", "household_no": "household_no", "grid": "courtyard"}
_ADVICE = {"id_number": "核对身份证号；同一人已在库里的，这一行删掉即可",
           "name": "改正姓名（不超过50个字，不要有换行或看不见的字符）",
           "address": "改短住址", "household_no": "户编号不超过30个字"}


@dataclass
class ImportOutcome:
    committed: bool
    rows_read: int = 0
    households_added: int = 0
    residents_added: int = 0
    party_members_added: int = 0
    category_links_added: int = 0
    grids_added: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)  # “一组 第5行 张三：身份证号相同，已有”
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def refused_rows(self) -> int:
        return len({(p.sheet, p.row) for p in self.problems})

    @property
    def all_taken(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        verb = "已导入" if self.committed else "将导入"
        grids = f"（{'、'.join(self.grids_added)}）" if self.grids_added else ""
        lines = [f"共读到 {self.rows_read} 行人员。{verb}：{self.households_added} 户，{self.residents_added} 人，"
                 f"新建院落网格 {len(self.grids_added)} 个{grids}，党员 {self.party_members_added} 人，"
                 f"群体类别 {self.category_links_added} 项。",
                 f"已经有了、跳过：{len(self.already_there)} 人。没有导入的行：{self.refused_rows} 行。"]
        return lines + [f"说明：{n}" for n in self.notes]



class RosterIndex:
    """Who and what the village already has, for matching rows without a query per row."""

    def __init__(self, unit: Unit) -> None:
        self.by_id: dict[str, tuple[str, int]] = {}  # ID number → (name, household id)
        self.names: set[tuple[int, str]] = set()  # (household id, name)
        self.by_number: dict[tuple[int, str], int] = {}  # (grid id, 户编号) → household id
        self.by_head: dict[tuple[str, str], int] = {}  # (住址, 户主姓名) → household id
        people = (Resident.select(Resident.id_number, Resident.name, Resident.household, Resident.relation,
                                  Household.address).join(Household)
                  .where(Resident.unit == unit).tuples())
        for number, name, household_id, relation, address in people:
            self._add_person(number, name, household_id, relation, address)
        for household_id, grid_id, number in (Household.select(Household.id, Household.grid, Household.household_no)
                                              .where(Household.unit == unit).tuples()):
            if number:
                self.by_number[(grid_id, number)] = household_id

    def _add_person(self, number: str | None, name: str, household_id: int, relation: str, address: str) -> None:
        if number:
            self.by_id[number] = (name, household_id)
        self.names.add((household_id, name))
        if relation == "户主" and address:
            self.by_head.setdefault((address, name), household_id)

    def add(self, household: Household, person: PersonRow) -> None:
        self._add_person(person.id_number, person.name, household.id, person.relation or "", household.address)
        if household.household_no:
            self.by_number.setdefault((household.grid_id, household.household_no), household.id)


class RosterWriter:
    """Writes one household at a time inside a savepoint, through the roster's own rules."""

    def __init__(self, unit: Unit, outcome: ImportOutcome, today: dt.date) -> None:
        self.unit, self.outcome, self.today = unit, outcome, today
        self.village_grid = Grid.get_or_none(Grid.unit == unit, Grid.level == 2)
        if self.village_grid is None:
            raise ValidationError("本村还没有村级网格，无法建院落网格。请先在网格花名册里检查网格设置。")
        self.grids = {grid_key(g.name): g for g in Grid.select().where(Grid.unit == unit, Grid.level == 3)}
        self.categories = {c.name: c.id for c in Category.select().where(Category.unit == unit)}
        self.known = RosterIndex(unit)
        self.imported: dict[str, PersonRow] = {}  # ID number → the row that brought it in this run
        self._new_grids: list[str] = []  # grids created for the household being written
        self._household_is_new = False
        self.without_id = 0
        self.address_filled = 0

    # ---- households ----------------------------------------------------------------------

    def household(self, plan: HouseholdPlan) -> None:
        bad = [p for p in plan.members if p.problems]
        if bad:
            self._refuse_household(plan, bad)
            return
        self._new_grids = []
        with db.atomic() as savepoint:
            household, added, problems = self._write_household(plan)
            if problems or not added or household is None:  # nobody new: no empty household or grid
                savepoint.rollback()
                for key in self._new_grids:
                    self.grids.pop(key, None)
                if problems:
                    self._refuse_household(plan, problems)
                return
        self._count(plan, household, added)

    def _write_household(self, plan: HouseholdPlan) -> tuple[Household | None, list[PersonRow], list[PersonRow]]:
        found = self._existing_household(plan, self.grids.get(grid_key(plan.grid_name)))
        is_new = self._household_is_new = found is None
        if found is None:
            grid = self._grid(plan.grid_name)  # made only for a new household
            address = plan.address or f"{self.unit.name}{plan.grid_name}"
            found = self._save(plan.members[0], lambda: roster_rules.save_household(
                {"grid": grid, "address": address, "household_no": plan.household_no}).record)
            if found is None:
                return None, [], plan.members
        household: Household = found
        names_here: set[str] = set()
        added, refused = [], []
        for person in plan.members:  # all of them, so the 错误清单 names every wrong row at once
            try:
                if self._already_there(person, None if is_new else household, names_here):
                    continue
            except _Refused:
                refused.append(person)
                continue
            if self._save(person, partial(self._save_person, person, household)) is None:
                refused.append(person)
                continue
            names_here.add(person.name)
            added.append(person)
        if added and grid_key(household.grid.name) != grid_key(plan.grid_name):
            added[0].notes.append(f"这一户库里已有，在“{household.grid.name}”，表中写的是“{plan.grid_name}”："
                                  "新加的人进原来那一户，户不移动")
        return household, added, refused

    def _grid(self, name: str) -> Grid:
        key = grid_key(name)
        if key not in self.grids:
            self.grids[key] = roster_rules.save_grid({"name": name, "parent": self.village_grid}).record
            self._new_grids.append(key)
        return self.grids[key]

    def _existing_household(self, plan: HouseholdPlan, grid: Grid | None) -> Household | None:
        found = self.known.by_number.get((grid.id, plan.household_no)) if plan.household_no and grid else None
        for person in plan.members:
            if found is None and person.id_number in self.known.by_id:
                found = self.known.by_id[person.id_number][1]
        head = plan.head
        if found is None and head and plan.address:
            found = self.known.by_head.get((plan.address, head.name))
        return Household.get_by_id(found) if found is not None else None

    # ---- people --------------------------------------------------------------------------

    def _already_there(self, person: PersonRow, household: Household | None, names_here: set[str]) -> bool:
        if person.id_number:
            first = self.imported.get(person.id_number)
            if first is not None and first.name != person.name:
                person.refuse(self._column(person, "id_number"), f"身份证号与{first.where}相同，但姓名不同",
                              "核对这两行的身份证号，改正抄错的那一个")
                raise _Refused
            known = self.known.by_id.get(person.id_number)
            if known is not None:
                if known[0] != person.name:
                    person.refuse(self._column(person, "id_number"),
                                  f"身份证号 {person.id_number} 已经登记在{known[0]}名下",
                                  "核对身份证号或姓名；确是同一人的，这一行删掉即可")
                    raise _Refused
                where = f"已在本次导入的{first.where}" if first else "库里已有（身份证号相同）"
                self.outcome.already_there.append(f"{person.where}：{where}，跳过")
                return True
        if household is not None and ((household.id, person.name) in self.known.names or person.name in names_here):
            self.outcome.already_there.append(f"{person.where}：这一户里已有同名的人，跳过")
            return True
        return False

    def _save_person(self, person: PersonRow, household: Household) -> Resident:
        result = roster_rules.save_resident({
            "household": household, "name": person.name, "id_number": person.id_number,
            "phone": person.phone, "relation": person.relation,
            "is_party_member": bool(person.is_party_member), "party_branch": person.party_branch,
            "party_join_date": person.party_join_date, "note": person.note,
            "categories": [self.categories[c] for c in person.categories if c in self.categories],
        }, today=self.today)
        resident = result.record
        self._keep_sheet_facts(resident, person)
        # Said only once the household is in (see _count): a rolled-back row warns of nothing.
        person.notes += [w for w in result.warnings if not w.startswith("没有填写身份证号")]
        return resident

    def _keep_sheet_facts(self, resident: Resident, person: PersonRow) -> None:
        """性别/出生日期 from the sheet: stored without an ID number, compared with one."""
        if not resident.id_number:
            if person.gender or person.birth_date:
                Resident.update(gender=person.gender or "", birth_date=person.birth_date).where(
                    Resident.id == resident.id).execute()
            return
        if person.gender and person.gender != resident.gender:
            person.notes.append(f"表中性别“{person.gender}”与身份证号不符，按身份证号记为“{resident.gender}”，请核对")
        if person.birth_date and person.birth_date != resident.birth_date:
            person.notes.append(f"表中出生日期{person.birth_date.isoformat()}与身份证号不符，"
                                f"按身份证号记为{resident.birth_date.isoformat()}，请核对")

    def mark_party(self, person: PersonRow) -> None:
        """A row of a 党员 list: the person is in the roster (the database or this import)."""
        if person.problems:
            self.outcome.problems += person.problems
            return
        resident = self._find_person(person)
        if resident is None:
            return
        if resident.is_party_member:
            self.outcome.already_there.append(f"{person.where}：已是党员，跳过")
            return
        with db.atomic() as savepoint:
            gender, birth = resident.gender, resident.birth_date
            saved = self._save(person, lambda: roster_rules.save_resident({
                "household": resident.household, "name": resident.name, "id_number": resident.id_number,
                "phone": resident.phone, "relation": resident.relation, "is_party_member": True,
                "party_branch": person.party_branch or resident.party_branch,
                "party_join_date": person.party_join_date or resident.party_join_date,
                "note": resident.note,
                "categories": [link.category_id for link in resident.category_links],
            }, resident, today=self.today).record)
            if saved is None:
                savepoint.rollback()
                self.outcome.problems += person.problems
                return
            if not saved.id_number:
                Resident.update(gender=gender, birth_date=birth).where(Resident.id == saved.id).execute()
        self.outcome.party_members_added += 1

    def _find_person(self, person: PersonRow) -> Resident | None:
        if person.id_number:
            found = Resident.get_or_none(Resident.unit == self.unit, Resident.id_number == person.id_number)
            if found is not None:
                return found
        same_name = list(Resident.select().where(Resident.unit == self.unit, Resident.name == person.name).limit(2))
        if len(same_name) == 1 and (not person.id_number or not same_name[0].id_number):
            return same_name[0]
        if len(same_name) > 1:
            problem, advice = f"花名册里有不止一个叫{person.name}的人", "填上此人的身份证号，好分清是哪一个"
        else:
            problem, advice = (f"花名册里找不到{person.name}", "先把此人录进花名册（或一起导入花名册那张表），"
                               "再导入党员名单；身份证号抄错的请改正")
        person.refuse(self._column(person, "id_number" if person.id_number else "name"), problem, advice)
        self.outcome.problems += person.problems
        return None

    # ---- bookkeeping ---------------------------------------------------------------------

    def _save(self, person: PersonRow, save: Callable[[], object]):
        """Run one rule; a ValidationError becomes the row's refusal (None)."""
        try:
            return save()
        except ValidationError as exc:
            for name, message in exc.problems.items():
                key = _FIELD_OF_PROBLEM.get(name, "")
                person.refuse(self._column(person, key), message.rstrip("。"),
                              _ADVICE.get(name, "按提示改正这一格"))
            return None
        except _Refused:
            return None

    @staticmethod
    def _column(person: PersonRow, key: str) -> int | None:
        columns = person.sheet.mapping.columns_of(key) if key else []
        return columns[0] if columns else None

    def _count(self, plan: HouseholdPlan, household: Household, added: list[PersonRow]) -> None:
        if self._household_is_new:
            self.outcome.households_added += 1
            self.address_filled += not plan.address
        self.outcome.grids_added += [self.grids[k].name for k in self._new_grids]
        self.outcome.residents_added += len(added)
        self.outcome.party_members_added += sum(bool(p.is_party_member) for p in added)
        self.outcome.category_links_added += sum(len(p.categories) for p in added)
        for person in added:
            self.outcome.warnings += [f"{person.where}：{n}" for n in person.notes]
            self.known.add(household, person)
            if person.id_number:
                self.imported[person.id_number] = person
            else:
                self.without_id += 1

    def _refuse_household(self, plan: HouseholdPlan, bad: list[PersonRow]) -> None:
        first = bad[0]
        for person in plan.members:
            if not person.problems:
                person.refuse(None, f"同一户的第{first.source.number}行（{first.name}）有错，这一户暂时都没有导入",
                              "这一行本身不用改；改好那一行后，整户一起再导入")
            self.outcome.problems += person.problems

    def finish(self) -> None:
        if self.without_id:
            self.outcome.notes.append(f"{self.without_id}人没有身份证号：性别和出生日期按表中填写的记（表中也没有的空着）。")
        if self.address_filled:
            self.outcome.notes.append(f"{self.address_filled}户没有住址，住址按“村名+院落网格”记，以后可在户的信息里改。")


class _Refused(Exception):
    """A row refused while matching (the refusal is already on the row)."""
