"""Writing the roster: grids, households, residents and their categories, with the checks a
clerk's input must pass. Every write checks first and then saves in one transaction, so a refused
save leaves the database as it was."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from ...store import audit, session
from ...store.database import db
from ...store.models import (NAME_MAX, Category, Grid, GridMember, Household, Resident,
                             ResidentCategory, Unit)
from ...store.models.roster import GRID_ROLES, RECORD_STATUSES
from ...errors import ValidationError
from ...idnumbers import InvalidIdNumber, parse_id_number
from ...units import ensure_writable
from ...validation import SaveResult, checked_phone, clean_name, clean_text, collect
from .sensitive import keep_hidden

RELATION_CODES = {code for code, _ in Resident._meta.fields["relation"].choices}
GENDER_CODES = {code for code, _ in Resident._meta.fields["gender"].choices}
ACTIVE = "active"
STATUS_LABELS = dict(RECORD_STATUSES)
# A household leaves whole when it moves away or is dissolved; a death is a person's.
HOUSEHOLD_LEAVING = ("moved", "other")
EARLIEST_BIRTH = date(1900, 1, 1)



# ---- grids -------------------------------------------------------------------------------

def save_grid(data: dict[str, Any], grid: Grid | None = None) -> SaveResult:
    """Create or edit a courtyard grid (level 3) or edit a village/town grid's fields."""
    problems: dict[str, str] = {}
    name = collect(problems, "name", lambda: clean_name(
        data.get("name"), label=Grid.label("name"), required=True, limit=NAME_MAX))
    responsible = collect(problems, "first_responsible", lambda: clean_name(
        data.get("first_responsible"), label=Grid.label("first_responsible"), limit=NAME_MAX * 2))
    work_group = collect(problems, "work_group", lambda: clean_text(
        data.get("work_group"), label=Grid.label("work_group")))
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=Grid.label("note")))
    if grid is None:
        parent = data.get("parent")
        if parent is None or parent.level != 2:
            problems["parent"] = "院落式网格必须建在一个村级网格之下，请先在左侧选中村级网格。"
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        if grid is None:
            ensure_writable(parent.unit_id)
            grid = Grid(unit=parent.unit_id, level=3, parent=parent)
        else:
            ensure_writable(grid.unit_id)
        grid.name, grid.first_responsible = name, responsible
        grid.work_group, grid.note = work_group, note
        grid.save()
    return SaveResult(grid)


def set_grid_members(grid: Grid, workers: list[Resident], heads: list[Resident]) -> SaveResult:
    """Replace a courtyard grid's 网格员 and 院落长; warns when no 网格员 is a party member."""
    ensure_writable(grid.unit_id)
    if grid.level != 3:
        raise ValidationError("网格员和院落长只设在院落式网格。")
    for person in [*workers, *heads]:
        if person.unit_id != grid.unit_id:
            raise ValidationError(f"{person.name}不是本单位的人员，不能担任本网格的职务。")
        if person.status != ACTIVE:
            raise ValidationError(f"{person.name}已{STATUS_LABELS[person.status]}（不在册），"
                                  "不能担任网格员或院落长。")
    with db.atomic():
        before = _members_text(grid)
        GridMember.delete().where(GridMember.grid == grid).execute()
        rows = [{"grid": grid, "resident": p, "role": "worker"} for p in dict.fromkeys(workers)]
        rows += [{"grid": grid, "resident": p, "role": "head"} for p in dict.fromkeys(heads)]
        if rows:
            GridMember.insert_many(rows).execute()
        after = _members_text(grid)
        changed = [(label, before[role], after[role]) for role, label in GRID_ROLES
                   if before[role] != after[role]]
        if changed:  # one audit row for the grid, as the clerk changed it in one form
            audit.record_change("update", grid, changed)
    warnings = []
    if not any(p.is_party_member for p in workers):
        warnings.append(f"“{grid.name}”还没有党员网格员：按工作方案，每个院落式网格至少安排1名党员作为网格员。")
    return SaveResult(grid, warnings)


def delete_grid(grid: Grid) -> None:
    ensure_writable(grid.unit_id)
    if grid.level != 3:
        raise ValidationError("镇级和村级网格不能删除。")
    if grid.households.exists():
        left = grid.households.where(Household.status != ACTIVE).count()
        gone = f"（其中{left}户已注销，也要移走：户的记录留着，结对、纠纷还用得着）" if left else ""
        raise ValidationError(f"“{grid.name}”里还有{grid.households.count()}户{gone}，"
                              "请先把这些户移到别的院落网格。")
    grid.delete_instance()


# ---- households --------------------------------------------------------------------------

def save_household(data: dict[str, Any], household: Household | None = None) -> SaveResult:
    problems: dict[str, str] = {}
    grid: Grid | None = data.get("grid") or (household.grid if household else None)
    if grid is None or grid.level != 3:
        problems["grid"] = "户必须属于一个院落式网格，请选择院落网格。"
    address = collect(problems, "address", lambda: clean_text(
        data.get("address"), label=Household.label("address"), required=True))
    number = collect(problems, "household_no", lambda: clean_text(
        data.get("household_no"), label=Household.label("household_no"), limit=30))
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=Household.label("note")))
    if problems:
        raise ValidationError(problems)
    ensure_writable(grid.unit_id)
    if household is not None:
        ensure_writable(household.unit_id)
        if household.unit_id != grid.unit_id:
            raise ValidationError("户只能移到本单位的院落网格。")
    with db.atomic():
        household = household or Household(unit=grid.unit_id)
        household.grid, household.address = grid, address
        household.household_no, household.note = number, note
        household.save()
    return SaveResult(household)


def move_household(household: Household, grid: Grid) -> SaveResult:
    return save_household({"grid": grid, "address": household.address,
                           "household_no": household.household_no, "note": household.note},
                          household)


# Checks other areas register (e.g. 结对帮扶): each returns a Chinese reason or None.
DELETE_GUARDS: list[Callable[[Resident], str | None]] = []
# The same for a whole household (a pairing may name the household, not one of its people).
HOUSEHOLD_DELETE_GUARDS: list[Callable[[Household], str | None]] = []


def resident_delete_blockers(resident: Resident) -> list[str]:
    return [reason for guard in DELETE_GUARDS if (reason := guard(resident))]


def delete_resident(resident: Resident) -> None:
    ensure_writable(resident.unit_id)
    blockers = resident_delete_blockers(resident)
    if blockers:
        raise ValidationError("不能删除" + resident.name + "：" + "；".join(blockers))
    resident.delete_instance()


def delete_household(household: Household) -> None:
    ensure_writable(household.unit_id)
    members = list(household.members)
    blockers = [reason for guard in HOUSEHOLD_DELETE_GUARDS if (reason := guard(household))]
    blockers += [f"{p.name}：{r}" for p in members for r in resident_delete_blockers(p)]
    if blockers:
        raise ValidationError("这一户不能删除：" + "；".join(blockers))
    with db.atomic():
        for person in members:
            person.delete_instance()
        household.delete_instance()


# ---- residents ---------------------------------------------------------------------------

def _check_id_number(raw: Any, unit_id: int, resident: Resident | None, today: date):
    text = str(raw or "").strip()
    if not text:
        return None, None
    try:
        info = parse_id_number(text, today=today)
    except InvalidIdNumber as exc:
        raise ValidationError(str(exc)) from exc
    clash = Resident.get_or_none(Resident.unit == unit_id, Resident.id_number == info.number)
    if clash is not None and (resident is None or clash.id != resident.id):
        where = clash.household.address or "本单位"
        if clash.status != ACTIVE:
            raise ValidationError(
                f"身份证号 {info.number} 是{clash.name}（{where}，已{STATUS_LABELS[clash.status]}）的。"
                f"如果是{clash.name}迁回来了，请在名单的“已注销”里选中此人，点“恢复在册”。")
        raise ValidationError(f"身份证号 {info.number} 已经登记在{clash.name}（{where}）名下，"
                              "同一个人不能登记两次。请核对号码，或直接修改已有的记录。")
    return info.number, info


def active_members(household: Household, but: Resident | None = None):
    query = Resident.select().where(Resident.household == household, Resident.status == ACTIVE)
    if but is not None and but.id is not None:
        query = query.where(Resident.id != but.id)
    return list(query.order_by(Resident.id))


def suggested_relation(household: Household, gender: str = "",
                       resident: Resident | None = None) -> str:
    """What a new member's 与户主关系 starts as: 户主 for the first person in the household,
    配偶 while the 户主 has none, then 子 or 女 by gender; "" (the clerk is asked) while the
    gender is not known. Never a second 户主 or a second 配偶."""
    relations = {p.relation for p in active_members(household, resident)}
    if "户主" not in relations:
        return "户主"
    if "配偶" not in relations:
        return "配偶"
    return {"男": "子", "女": "女"}.get(gender, "")


def _check_relation(value: Any, household: Household, resident: Resident | None,
                    problems: dict[str, str], warnings: list[str]) -> str:
    relation = str(value or "").strip()
    others = active_members(household, resident)
    head = next((p for p in others if p.relation == "户主"), None)
    if not relation:
        if head is None:
            return "户主"  # the first person of a household
        problems["relation"] = f"请选择与户主关系（这一户的户主是{head.name}）。"
        return relation
    if relation not in RELATION_CODES:
        problems["relation"] = f"与户主关系“{relation}”不在可选范围内，请从下拉框选择。"
        return relation
    if resident is not None and resident.status != ACTIVE:
        return relation  # history: a person who left keeps what they were
    if relation == "户主" and head is not None:
        problems["relation"] = (f"这一户已有户主{head.name}，一户只能有一位户主。要更换户主，"
                                f"请先把{head.name}的与户主关系改成别的，再把此人改为户主。")
    elif relation == "配偶":
        spouse = next((p for p in others if p.relation == "配偶"), None)
        if spouse is not None:
            warnings.append(f"这一户已有户主的配偶{spouse.name}，请核对与户主关系。")
    return relation


def _given_birth(data: dict[str, Any], resident: Resident | None, today: date,
                 problems: dict[str, str]) -> date | None:
    """出生日期 typed for someone without an ID number (kept when the form does not send it)."""
    if "birth_date" not in data:
        return resident.birth_date if resident else None
    birth = data.get("birth_date")
    if birth is None:
        return None
    if not isinstance(birth, date):
        problems["birth_date"] = f"出生日期“{birth}”不是日期，请按 年-月-日 填写，如 1962-03-08。"
    elif birth > today:
        problems["birth_date"] = f"出生日期不能晚于今天（{today:%Y-%m-%d}）。"
    elif birth < EARLIEST_BIRTH:
        problems["birth_date"] = f"出生日期{birth:%Y-%m-%d}太早了，请核对。"
    else:
        return birth
    return None


def _given_gender(data: dict[str, Any], resident: Resident | None,
                  problems: dict[str, str]) -> str:
    if "gender" not in data:
        return resident.gender if resident else ""
    gender = str(data.get("gender") or "").strip()
    if gender and gender not in GENDER_CODES:
        problems["gender"] = f"性别“{gender}”不对，请选“男”或“女”。"
        return ""
    return gender


def save_resident(data: dict[str, Any], resident: Resident | None = None,
                  today: date | None = None) -> SaveResult:
    """Create or edit a resident. ``data`` holds model field values plus ``categories``
    (Category records or ids). Gender and birth date are derived from the ID number; without
    one they are what ``data`` gives (``gender``, ``birth_date``), or stay as they were.
    ``relation``: "" is refused once the household has its 户主 (the clerk must choose); None
    or left out takes ``suggested_relation`` (or 其他); a second 户主 is refused."""
    today = today or date.today()
    household: Household | None = data.get("household") or (resident.household if resident else None)
    problems: dict[str, str] = {}
    warnings: list[str] = []
    if household is None:
        raise ValidationError({"household": "请先选择此人所在的户。"})
    if resident is None and household.status != ACTIVE:
        raise ValidationError({"household": (
            f"这一户已{STATUS_LABELS[household.status]}（不在册），不能再登记新成员。"
            "如果这一户又回来了，请先选中户里的人，点“恢复在册”。")})
    name = collect(problems, "name", lambda: clean_name(
        data.get("name"), label=Resident.label("name"), required=True, limit=NAME_MAX))
    id_result = collect(problems, "id_number", lambda: _check_id_number(
        data.get("id_number"), household.unit_id, resident, today))
    number, info = id_result if id_result else (None, None)
    phone = checked_phone(data, problems, warnings)
    if info is not None:
        gender, birth = info.gender, info.birth_date
    else:
        gender = _given_gender(data, resident, problems)
        birth = _given_birth(data, resident, today, problems)
    if data.get("relation") is not None:  # the form sends "" when the clerk has not chosen
        relation = _check_relation(data.get("relation"), household, resident, problems, warnings)
    elif resident is not None:
        relation = resident.relation
    else:  # not given (None, or left out: an import without the column) is what the form suggests
        relation = suggested_relation(household, gender) or "其他"
    is_member = bool(data.get("is_party_member"))
    branch = collect(problems, "party_branch", lambda: clean_name(
        data.get("party_branch"), label=Resident.label("party_branch"), limit=NAME_MAX))
    join_date = data.get("party_join_date") if is_member else None
    if join_date and join_date > today:
        problems["party_join_date"] = "入党日期不能晚于今天。"
    elif join_date and birth and join_date < birth:
        problems["party_join_date"] = "入党日期早于出生日期，请核对。"
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=Resident.label("note")))
    categories = _resolve_categories(data.get("categories") or [], household.unit_id, problems)
    if problems:
        raise ValidationError(problems)
    if not number and not (gender and birth):
        missing = "、".join(label for label, value in (("性别", gender), ("出生日期", birth)) if not value)
        warnings.append(f"没有填写身份证号，也没有填{missing}：年龄统计和打印的花名册里会空着。")
    ensure_writable(household.unit_id)
    with db.atomic():
        resident = resident or Resident(unit=household.unit_id)
        resident.household = household
        resident.name, resident.id_number, resident.phone = name, number, phone
        resident.gender, resident.birth_date = gender, birth
        resident.relation, resident.note = relation, note
        resident.is_party_member = is_member
        resident.party_branch = branch if is_member else ""
        resident.party_join_date = join_date
        resident.save()
        _replace_categories(resident, keep_hidden(resident, categories))
    return SaveResult(resident, warnings)


def _resolve_categories(values: list, unit_id: int, problems: dict[str, str]) -> list[Category]:
    ids = [v.id if isinstance(v, Category) else int(v) for v in values]
    found = list(Category.select().where(Category.id.in_(ids), Category.unit == unit_id)) if ids else []
    if len(found) != len(set(ids)):
        problems["categories"] = "选择的群体类别不存在或不属于本单位，请重新选择。"
    return found


def _members_text(grid: Grid) -> dict[str, str]:
    names: dict[str, list[str]] = {role: [] for role, _ in GRID_ROLES}
    for role, name in (GridMember.select(GridMember.role, Resident.name).join(Resident)
                       .where(GridMember.grid == grid).order_by(GridMember.id).tuples()):
        names[role].append(name)
    return {role: "、".join(people) for role, people in names.items()}


def _categories_text(resident: Resident) -> str:
    return "、".join(name for (name,) in Category.select(Category.name).join(ResidentCategory)
                    .where(ResidentCategory.resident == resident)
                    .order_by(Category.group, Category.sort_order).tuples())


def _replace_categories(resident: Resident, categories: list[Category]) -> None:
    before = _categories_text(resident)
    ResidentCategory.delete().where(ResidentCategory.resident == resident).execute()
    if categories:
        ResidentCategory.insert_many(
            [{"resident": resident, "category": c} for c in categories]).execute()
    after = _categories_text(resident)
    if after != before:  # on the resident: who was put in (or taken out of) which category
        audit.record_change("update", resident, [("困难群体 / 特殊群体", before, after)])


# ---- category lists ----------------------------------------------------------------------

def save_category(unit: Unit, group: str, name: str, category: Category | None = None,
                  sensitive: bool | None = None) -> Category:
    """Add a category to a list (or rename one). The lists are 设置: only a role with SETTINGS
    changes them. A new category is sensitive when ``sensitive`` says so, else when it is a
    特殊群体 one; an edited one keeps its mark unless ``sensitive`` is given."""
    session.require(session.SETTINGS)
    ensure_writable(unit)
    name = clean_text(name, label=Category.label("name"), required=True, limit=20)
    clash = Category.get_or_none(Category.unit == unit, Category.group == group, Category.name == name)
    if clash and (category is None or clash.id != category.id):
        raise ValidationError(f"类别“{name}”已经有了。")
    category = category or Category(unit=unit, group=group, sensitive=group == "special",
                                    sort_order=Category.select().where(Category.unit == unit).count())
    category.name, category.active = name, True
    if sensitive is not None:
        category.sensitive = bool(sensitive)
    category.save()
    return category


def set_category_sensitive(category: Category, sensitive: bool) -> Category:
    """Mark a category 敏感 (or not): who may see it by name, in every list and paper. A 设置:
    SETTINGS; the change is in the audit trail, as every save is."""
    session.require(session.SETTINGS)
    ensure_writable(category.unit_id)
    if category.sensitive != bool(sensitive):
        category.sensitive = bool(sensitive)
        category.save()
    return category


def retire_category(category: Category) -> None:
    """Hide a category from forms; people keep it, so history is not rewritten."""
    session.require(session.SETTINGS)
    ensure_writable(category.unit_id)
    category.active = False
    category.save()
