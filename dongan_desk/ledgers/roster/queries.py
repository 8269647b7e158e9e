"""Reading the roster: the grid tree with its counts, and the resident list page by page.

Lists never load a whole table: every filter and the search are in the SQL, and only one page of
rows is turned into Python objects. Counts, rules and the default list are of people and
households 在册 (``status == "active"``); who left (迁出, 死亡, 其他注销) is shown on request and
marked (``status_mark``) wherever history names them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from peewee import fn

from ...store.models import (Category, Grid, GridMember, Household, Resident, ResidentCategory,
                             Unit)
from ...store.models.roster import RECORD_STATUSES
from ...idnumbers import mask_id_number
from ...finding import Finding
from .sensitive import shown_groups_of, visible_category

PAGE_SIZE = 100
ACTIVE = "active"
# The list's 在册状态 filter: code → label; "left" is everyone 注销, whatever the reason.
STATUS_FILTERS = (("active", "在册"), ("moved", "迁出"), ("dead", "死亡"), ("other", "其他注销"),
                  ("left", "已注销（全部）"), ("all", "全部（含已注销）"))
STATUS_LABELS = dict(RECORD_STATUSES)


def status_mark(status: str | None) -> str:
    """How a person or household not 在册 is marked wherever history still shows them."""
    return {"moved": "（已迁出）", "dead": "（已去世）", "other": "（已注销）"}.get(status or "", "")


def active_resident():
    """SQL: the resident is 在册."""
    return Resident.status == ACTIVE


@dataclass
class GridNode:
    id: int
    unit_id: int
    level: int
    parent_id: int | None
    name: str
    first_responsible: str
    households: int = 0
    residents: int = 0
    party_members: int = 0
    workers: list[str] = field(default_factory=list)
    party_workers: int = 0
    heads: list[str] = field(default_factory=list)

    @property
    def lacks_party_worker(self) -> bool:
        return self.level == 3 and self.party_workers == 0


def grid_tree(unit_ids: list[int] | None = None) -> list[GridNode]:
    """Every grid (of the given units) with household, resident and party-member counts;
    village and town counts are the sums of their courtyards."""
    query = (Grid.select(Grid.id, Grid.unit, Grid.level, Grid.parent, Grid.name,
                         Grid.first_responsible)
             .order_by(Grid.level, Grid.sort_order, Grid.name).tuples())
    if unit_ids is not None:
        query = query.where(Grid.unit.in_(unit_ids))
    nodes = {row[0]: GridNode(*row) for row in query}
    # Two grouped scans instead of one join of households with residents: half the time.
    households = (Household.select(Household.grid, fn.COUNT(Household.id))
                  .where(Household.status == ACTIVE).group_by(Household.grid))
    for grid_id, count in households.tuples():
        if grid_id in nodes:
            nodes[grid_id].households = count
    people = (Resident.select(Household.grid, fn.COUNT(Resident.id),
                              fn.SUM(Resident.is_party_member))
              .join(Household).where(active_resident()).group_by(Household.grid))
    for grid_id, residents, members in people.tuples():
        if grid_id in nodes:
            nodes[grid_id].residents, nodes[grid_id].party_members = residents, members or 0
    roles = (GridMember.select(GridMember.grid, GridMember.role, Resident.name, Resident.is_party_member)
             .join(Resident).where(active_resident()).tuples())
    for grid_id, role, name, is_member in sorted(roles, key=lambda r: r[2]):
        if grid_id in nodes:
            node = nodes[grid_id]
            if role == "head":
                node.heads.append(name)
            else:
                node.workers.append(name + ("（党员）" if is_member else ""))
                node.party_workers += int(bool(is_member))
    # A village PC's 村级网格 has no parent (the town's grid is not its record); on the township
    # its imported copy still counts into the 镇级总网格.
    town = next((n for n in nodes.values() if n.level == 1), None)
    for node in sorted(nodes.values(), key=lambda n: -n.level):
        parent = nodes.get(node.parent_id) or (town if node.level == 2 else None)
        if parent is not None:
            parent.households += node.households
            parent.residents += node.residents
            parent.party_members += node.party_members
    return list(nodes.values())


def courtyards_without_party_worker(unit_ids: list[int] | None = None) -> list[Grid]:
    has_party_worker = (GridMember.select(GridMember.id).join(Resident)
                        .where(GridMember.grid == Grid.id, GridMember.role == "worker",
                               Resident.is_party_member == True, active_resident()))  # noqa: E712
    query = Grid.select().where(Grid.level == 3, ~fn.EXISTS(has_party_worker))
    if unit_ids is not None:
        query = query.where(Grid.unit.in_(unit_ids))
    return list(query.order_by(Grid.unit, Grid.name))


@dataclass
class ResidentFilter:
    text: str = ""
    grid_id: int | None = None
    unit_ids: list[int] | None = None
    party_only: bool = False
    hardship: bool = False
    special: bool = False
    status: str = ACTIVE   # a code of STATUS_FILTERS


@dataclass
class ResidentRow:
    id: int
    household_id: int
    name: str
    relation: str
    gender: str
    age: int | None
    id_masked: str
    phone: str
    address: str
    grid_name: str
    party: str
    groups: str
    status: str = ACTIVE
    status_on: date | None = None
    status_note: str = ""

    @property
    def shown_name(self) -> str:
        """The name as the list shows it: marked when the person is no longer 在册."""
        return self.name + status_mark(self.status)


@dataclass
class Page:
    rows: list
    total: int
    offset: int
    limit: int


def _age(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _in_group(group: str):
    """SQL: the resident is in a category of ``group`` that the session may see (a 查看员's
    特殊群体 filter does not single out the people who are only in sensitive ones)."""
    return fn.EXISTS(ResidentCategory.select(ResidentCategory.id).join(Category)
                     .where(ResidentCategory.resident == Resident.id, Category.group == group,
                            visible_category()))


def _in_category_named(like: str):
    """SQL: the resident is in a category whose name matches, of those the session may see.
    One scan of the few links into a list SQLite builds once, not a subquery a resident."""
    return Resident.id.in_(ResidentCategory.select(ResidentCategory.resident).join(Category)
                           .where(Category.name ** like, visible_category()))


def _resident_query(flt: ResidentFilter):
    query = Resident.select().join(Household)
    conditions = []
    if flt.unit_ids is not None:
        conditions.append(Resident.unit.in_(flt.unit_ids))
    if flt.grid_id is not None:
        grid = Grid.get_by_id(flt.grid_id)
        if grid.level == 3:
            conditions.append(Household.grid == grid.id)
        elif grid.level == 2:
            conditions.append(Household.grid.in_(Grid.select(Grid.id).where(Grid.parent == grid.id)))
    text = flt.text.strip()
    if text:
        like = f"%{text.upper() if text[-1:] in 'xX' else text}%"
        conditions.append(Resident.name ** like | Resident.id_number ** like
                          | Resident.phone ** like | Household.address ** like
                          | _in_category_named(f"%{text}%"))
    if flt.party_only:
        conditions.append(Resident.is_party_member == True)  # noqa: E712
    if flt.hardship:
        conditions.append(_in_group("hardship"))
    if flt.special:
        conditions.append(_in_group("special"))
    if flt.status == "left":
        conditions.append(Resident.status != ACTIVE)
    elif flt.status != "all":
        conditions.append(Resident.status == flt.status)
    for condition in conditions:
        query = query.where(condition)
    return query


# Registration order of households, 户主 first: an index walk, no sort of the whole town.
RESIDENT_ORDER = (Resident.household, Resident.relation != "户主", Resident.id)


def search_residents(flt: ResidentFilter, offset: int = 0, limit: int = PAGE_SIZE,
                     today: date | None = None) -> Page:
    today = today or date.today()
    base = _resident_query(flt)
    if flt.text.strip():
        # A text search scans every resident anyway: scan once for the matching ids, in order,
        # and take both the count and the page from them (matches are few).
        ids = [row[0] for row in base.select(Resident.id).order_by(*RESIDENT_ORDER).tuples()]
        total, page_ids = len(ids), ids[offset:offset + limit]
        query = _resident_query(ResidentFilter(status="all")).where(Resident.id.in_(page_ids))
    else:
        total = base.count()
        query = base.offset(offset).limit(limit)
    page = (query.select(Resident.id, Resident.household, Resident.name, Resident.relation,
                         Resident.gender, Resident.birth_date, Resident.id_number, Resident.phone,
                         Resident.is_party_member, Household.address, Grid.name.alias("grid_name"),
                         Resident.status, Resident.status_on, Resident.status_note)
            .join_from(Household, Grid).order_by(*RESIDENT_ORDER).dicts())
    rows = list(page)
    groups = shown_groups_of([r["id"] for r in rows])
    return Page([ResidentRow(
        id=r["id"], household_id=r["household"], name=r["name"], relation=r["relation"],
        gender=r["gender"], age=_age(r["birth_date"], today),
        id_masked=mask_id_number(r["id_number"]) if r["id_number"] else "",
        phone=r["phone"], address=r["address"], grid_name=r["grid_name"],
        party="党员" if r["is_party_member"] else "", groups=groups.get(r["id"], ""),
        status=r["status"], status_on=r["status_on"], status_note=r["status_note"],
    ) for r in rows], total, offset, limit)


def categories_of(unit_id: int, group: str | None = None, active_only: bool = True) -> list[Category]:
    query = Category.select().where(Category.unit == unit_id)
    if group:
        query = query.where(Category.group == group)
    if active_only:
        query = query.where(Category.active == True)  # noqa: E712
    return list(query.order_by(Category.group, Category.sort_order, Category.id))


def party_members_of(unit_id: int) -> list[Resident]:
    return list(Resident.select().where(Resident.unit == unit_id, active_resident(),
                                        Resident.is_party_member == True)  # noqa: E712
                .order_by(Resident.name))


def party_worker_findings(unit_ids: list[int] | None) -> list[Finding]:
    """The rule of the registry: every courtyard grid has a party member among its 网格员."""
    names = {u.id: u.name for u in Unit.select()}
    return [Finding("院落网格缺党员网格员", names[g.unit_id],
                    f"{names[g.unit_id]}“{g.name}”没有党员网格员（每个院落式网格至少1名）",
                    f"grid:{g.id}")
            for g in courtyards_without_party_worker(unit_ids)]


# ---- the 花名册 as printed and exported -------------------------------------------------------

@dataclass
class RosterLine:
    """One person's line of the printed or exported 花名册."""

    grid_id: int
    grid_name: str
    household_id: int
    household_no: str
    address: str
    name: str
    relation: str
    gender: str
    birth_date: date | None
    age: int | None
    id_number: str           # whole: the sheet or the PDF masks it (``mask_id_number``)
    phone: str
    party: str
    groups: str
    status: str              # 在册 / 迁出 / 死亡 / 其他注销
    status_on: date | None
    status_note: str

    @property
    def id_masked(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""


def roster_lines(unit_id: int, grid_id: int | None = None, include_left: bool = False,
                 today: date | None = None) -> list[RosterLine]:
    """The 花名册 of a unit (or of one courtyard grid), household by household, 户主 first;
    only people 在册 unless ``include_left``. Courtyards in the order of the grid tree."""
    today = today or date.today()
    query = (Resident.select(Grid.id, Grid.name, Household.id, Household.household_no,
                             Household.address, Resident.id, Resident.name, Resident.relation,
                             Resident.gender, Resident.birth_date, Resident.id_number,
                             Resident.phone, Resident.is_party_member, Resident.status,
                             Resident.status_on, Resident.status_note)
             .join(Household).join(Grid).where(Resident.unit == unit_id))
    if grid_id is not None:
        grid = Grid.get_by_id(grid_id)
        if grid.level == 3:
            query = query.where(Household.grid == grid.id)
        elif grid.level == 2:
            query = query.where(Grid.parent == grid.id)
    if not include_left:
        query = query.where(active_resident())
    rows = list(query.order_by(Grid.sort_order, Grid.name, Grid.id, Household.id,
                               Resident.relation != "户主", Resident.id).tuples())
    groups = shown_groups_of([r[5] for r in rows])  # as the session may see them
    return [RosterLine(
        grid_id=g_id, grid_name=g_name, household_id=h_id, household_no=h_no, address=address,
        name=name, relation=relation, gender=gender, birth_date=birth, age=_age(birth, today),
        id_number=number or "", phone=phone, party="党员" if party else "",
        groups=groups.get(r_id, ""), status=STATUS_LABELS.get(status, status),
        status_on=status_on, status_note=status_note)
        for (g_id, g_name, h_id, h_no, address, r_id, name, relation, gender, birth, number, phone,
             party, status, status_on, status_note) in rows]


# ---- pickers other ledgers' forms use (people and grids are the roster's) -------------------

@dataclass
class Choice:
    id: int
    label: str


def resident_choices(unit_id: int, text: str, limit: int = 40) -> list[Choice]:
    """Residents 在册 whose name or address contains ``text``, party members first."""
    query = (Resident.select(Resident.id, Resident.name, Resident.is_party_member, Household.address)
             .join(Household).where(Resident.unit == unit_id, Resident.status == "active"))
    text = text.strip()
    if text:
        query = query.where(Resident.name.contains(text) | Household.address.contains(text))
    return [Choice(r.id, f"{r.name}{'（党员）' if r.is_party_member else ''}　{r.household.address}")
            for r in query.order_by(Resident.is_party_member.desc(), Resident.name, Resident.id).limit(limit)]


def courtyard_choices(unit_id: int) -> list[Grid]:
    """The unit's courtyard grids in their order."""
    return list(Grid.select().where(Grid.unit == unit_id, Grid.level == 3)
                .order_by(Grid.sort_order, Grid.name))
