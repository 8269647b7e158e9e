"""The booklet or poster to every household (seed: 印制小册子或宣传海报发放到每户村民家中): one
delivery a household and version, who took it (a member of that household, 在册, from the
roster) and who handed it over; progress "已发放 N / 在册户 M" per courtyard grid, counting only
households 在册 (ledgers/roster/leaving.py); the households still missing.

All of it is SQL over the unit's rows: a village's 300 households or the town's 9,000 are one
grouped query, never a loop in Python."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import JOIN, fn

from ...errors import ValidationError
from ...store.database import db
from ...store.models import NAME_MAX, Grid, Household, Resident, Unit
from ...units import ensure_writable
from ...validation import SaveResult, clean_name, clean_text, collect, is_choice, raise_problems
from .models import CovenantDelivery, VillageCovenant
from .versions import current_version

ACTIVE = "active"  # RECORD_STATUSES' 在册


@dataclass(frozen=True)
class GridProgress:
    grid_id: int
    grid_name: str
    households: int   # 在册户
    delivered: int    # of which reached

    @property
    def missing(self) -> int:
        return self.households - self.delivered

    @property
    def text(self) -> str:
        return f"已发放 {self.delivered} / 在册户 {self.households}"


@dataclass(frozen=True)
class Page:
    rows: list
    total: int


def save_delivery(covenant: VillageCovenant, data: dict[str, Any],
                  delivery: CovenantDelivery | None = None, today: date | None = None) -> SaveResult:
    today = today or date.today()
    if not covenant.is_current:
        raise ValidationError(f"第{covenant.version}版不是现行村规民约，不能再发放；请发放现行版本。")
    problems: dict[str, str] = {}
    label = CovenantDelivery.label
    household = data.get("household")
    if isinstance(household, int):
        household = Household.get_or_none(Household.id == household)
    if household is None:
        problems["household"] = "请选择发放到哪一户。"
    elif household.unit_id != covenant.unit_id:
        problems["household"] = "这一户不是本村（社区）的，不能登记。"
    elif household.status != ACTIVE:
        problems["household"] = "这一户已经注销（不在册），不需要发放。"
    form = data.get("form") or "booklet"
    if not is_choice(CovenantDelivery, "form", form):
        problems["form"] = "请选择发放形式：小册子或海报。"
    day = data.get("delivered_on")
    if not isinstance(day, date):
        problems["delivered_on"] = "请填写发放日期。"
    elif day > today:
        problems["delivered_on"] = f"发放日期（{day:%Y-%m-%d}）还没到：只能登记已经发出的。"
    elif covenant.adopted_on and day < covenant.adopted_on:
        problems["delivered_on"] = f"发放日期早于这一版的审定日期（{covenant.adopted_on:%Y-%m-%d}），请核对。"
    receiver = data.get("receiver")
    if isinstance(receiver, int):
        receiver = Resident.get_or_none(Resident.id == receiver)
    if receiver is None:
        problems["receiver"] = "请从这一户的成员中选择领取人（签收的人必须是花名册上的本户成员）。"
    elif household is not None and receiver.household_id != household.id:
        problems["receiver"] = f"{receiver.name}不是这一户的成员：领取人须是本户在册的家庭成员。"
    elif receiver.status != ACTIVE:
        problems["receiver"] = f"{receiver.name}已经注销（不在册），请选本户其他成员。"
    deliverer = collect(problems, "deliverer", lambda: clean_name(
        data.get("deliverer"), label=label("deliverer"), required=True, limit=NAME_MAX))
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=label("note"), limit=500))
    if household is not None and "household" not in problems:
        clash = CovenantDelivery.select().where(CovenantDelivery.covenant == covenant,
                                                CovenantDelivery.household == household)
        if delivery is not None:
            clash = clash.where(CovenantDelivery.id != delivery.id)
        if clash.exists():
            problems["household"] = (f"这一户已于{clash.get().delivered_on:%Y-%m-%d}领过第{covenant.version}版，"
                                     "不用重复登记。")
    raise_problems(problems)
    ensure_writable(covenant.unit_id)
    with db.atomic():
        delivery = delivery or CovenantDelivery(unit=covenant.unit_id, covenant=covenant)
        delivery.household, delivery.form, delivery.delivered_on = household, form, day
        delivery.receiver, delivery.receiver_name = receiver, receiver.name
        delivery.deliverer, delivery.note = deliverer, note
        delivery.save()
    return SaveResult(delivery)


def delete_delivery(delivery: CovenantDelivery) -> None:
    ensure_writable(delivery.unit_id)
    delivery.delete_instance()


# ---- progress -------------------------------------------------------------------------------

def progress_by_grid(unit: Unit | int, covenant: VillageCovenant | None = None) -> list[GridProgress]:
    """Each courtyard grid of the unit: 在册户 and how many of them got the (现行) version."""
    covenant = covenant or current_version(unit)
    delivered = (fn.COUNT(CovenantDelivery.id) if covenant else fn.SUM(0))
    query = (Grid.select(Grid.id, Grid.name, fn.COUNT(Household.id).alias("households"),
                         delivered.alias("delivered"))
             .join(Household, JOIN.LEFT_OUTER,
                   on=((Household.grid == Grid.id) & (Household.status == ACTIVE))))
    if covenant:
        query = query.join(CovenantDelivery, JOIN.LEFT_OUTER, on=(
            (CovenantDelivery.household == Household.id) & (CovenantDelivery.covenant == covenant.id)))
    query = (query.where(Grid.unit == unit, Grid.level == 3)
             .group_by(Grid.id).order_by(Grid.sort_order, Grid.name, Grid.id))
    return [GridProgress(g, name, households, int(done or 0))
            for g, name, households, done in query.tuples()]


def unit_progress(unit_ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """unit id → (在册户, reached by the 现行 version), for every unit with households."""
    households = (Household.select(Household.unit, fn.COUNT(Household.id))
                  .where(Household.status == ACTIVE).group_by(Household.unit))
    reached = (CovenantDelivery.select(CovenantDelivery.unit, fn.COUNT(CovenantDelivery.id))
               .join(VillageCovenant).switch(CovenantDelivery).join(Household)
               .where(VillageCovenant.is_current == True, Household.status == ACTIVE)  # noqa: E712
               .group_by(CovenantDelivery.unit))
    if unit_ids is not None:
        households = households.where(Household.unit.in_(unit_ids))
        reached = reached.where(CovenantDelivery.unit.in_(unit_ids))
    done = dict(reached.tuples())
    return {unit_id: (count, done.get(unit_id, 0)) for unit_id, count in households.tuples()}


def _missing_query(covenant: VillageCovenant, grid_id: int | None, search: str = ""):
    head = (Resident.select(fn.MIN(Resident.name)).where(
        Resident.household == Household.id, Resident.relation == "户主", Resident.status == ACTIVE))
    reached = CovenantDelivery.select(CovenantDelivery.household).where(CovenantDelivery.covenant == covenant)
    query = (Household.select(Household.id, Household.household_no, Household.address, Grid.name,
                              head.alias("head"))
             .join(Grid).where(Household.unit == covenant.unit_id, Household.status == ACTIVE,
                               Household.id.not_in(reached)))
    word = search.strip()
    if word:
        named = Resident.select(Resident.household).where(Resident.name.contains(word))
        query = query.where(Household.address.contains(word) | Household.household_no.contains(word)
                            | Household.id.in_(named))
    return query.where(Household.grid == grid_id) if grid_id else query


@dataclass(frozen=True)
class MissingHousehold:
    id: int
    household_no: str
    address: str
    grid_name: str
    head: str


def missing_households(covenant: VillageCovenant, grid_id: int | None = None, offset: int = 0,
                       limit: int | None = None, search: str = "") -> Page:
    """The 在册 households the version has not reached yet (a page of them); ``search`` finds
    an address, a 户编号 or the name of anyone in the household."""
    query = _missing_query(covenant, grid_id, search)
    total = query.count()
    rows = query.order_by(Grid.sort_order, Grid.name, Household.household_no, Household.id)
    if limit is not None:
        rows = rows.offset(offset).limit(limit)
    return Page([MissingHousehold(*row[:4], row[4] or "") for row in rows.tuples()], total)


def deliveries(covenant: VillageCovenant, grid_id: int | None = None, search: str = "",
               offset: int = 0, limit: int = 100) -> Page:
    query = (CovenantDelivery.select(CovenantDelivery, Household, Grid).join(Household).join(Grid)
             .where(CovenantDelivery.covenant == covenant))
    if grid_id:
        query = query.where(Household.grid == grid_id)
    if search.strip():
        word = search.strip()
        query = query.where(CovenantDelivery.receiver_name.contains(word)
                            | Household.address.contains(word) | Household.household_no.contains(word))
    total = query.count()
    rows = list(query.order_by(CovenantDelivery.delivered_on.desc(), CovenantDelivery.id.desc())
                .offset(offset).limit(limit))
    return Page(rows, total)


def household_members(household: Household | int) -> list[Resident]:
    """Who may sign for the household: its members 在册, the head first."""
    return list(Resident.select().where(Resident.household == household, Resident.status == ACTIVE)
                .order_by(Resident.relation != "户主", Resident.id))


@dataclass(frozen=True)
class SignRow:
    household_no: str
    head: str
    address: str
    form_label: str
    receiver: str
    delivered_on: date | None


def sign_sheet_rows(covenant: VillageCovenant, grid_id: int) -> list[SignRow]:
    """Every household 在册 of the courtyard grid, with its delivery of the version if any."""
    head = (Resident.select(fn.MIN(Resident.name)).where(
        Resident.household == Household.id, Resident.relation == "户主", Resident.status == ACTIVE))
    query = (Household.select(Household.household_no, head.alias("head"), Household.address,
                              CovenantDelivery.form, CovenantDelivery.receiver_name,
                              CovenantDelivery.delivered_on)
             .join(CovenantDelivery, JOIN.LEFT_OUTER, on=(
                 (CovenantDelivery.household == Household.id) & (CovenantDelivery.covenant == covenant.id)))
             .where(Household.grid == grid_id, Household.status == ACTIVE)
             .order_by(Household.household_no, Household.id))
    forms = dict(CovenantDelivery._meta.fields["form"].choices)
    return [SignRow(no, head or "", address, forms.get(form, ""), receiver or "",
                    date.fromisoformat(day) if isinstance(day, str) else day)
            for no, head, address, form, receiver, day in query.tuples()]
