"""The units of an installation: first-start setup, the home unit, and unit settings."""
from __future__ import annotations

import json
import unicodedata
from datetime import date
from dataclasses import dataclass
from typing import Any, Iterable

from .exchange.access import issue_access_code
from .store.database import db
from .store.models import Category, Grid, LocalValue, Setting, Unit
from .errors import ReadOnlyError, ValidationError
from .store import session

DEFAULT_CATEGORIES = {
    "hardship": ("低保", "特困供养", "残疾", "留守老人", "留守儿童", "独居老人", "防返贫监测",
                 "重病患者", "其他困难"),
    "special": ("社区矫正", "刑满释放", "严重精神障碍", "吸毒人员", "重点青少年", "重点信访",
                "其他特殊"),
}


@dataclass(frozen=True)
class UnitSpec:
    name: str
    short_name: str
    code: str


UNIT_CODE_LENGTH = 12
TOWN_CODE_TAIL = "000"


def normalize_unit_code(text: str, kind: str) -> str:
    """A 统计用区划代码 as typed → 12 ASCII digits (full-width digits and spaces forgiven);
    raises ValueError with what it should look like. ``kind``: "town" or "village"."""
    code = "".join(unicodedata.normalize("NFKC", text or "").split())
    example = "500229115000" if kind == "town" else "500229115201"
    if not code:
        raise ValueError(f"单位代码不能为空：请填写12位统计用区划代码，如 {example}。")
    if not (code.isascii() and code.isdigit()) or len(code) != UNIT_CODE_LENGTH:
        raise ValueError(f"单位代码“{text.strip()}”不对：应为12位数字的统计用区划代码"
                         f"（县6位 + 乡镇3位 + 村3位），如 {example}。")
    if kind == "town" and not code.endswith(TOWN_CODE_TAIL):
        raise ValueError(f"镇本级的单位代码应以 000 结尾（如 {example}），“{code}”是一个村（社区）的代码。")
    if kind == "village" and code.endswith(TOWN_CODE_TAIL):
        raise ValueError(f"“{code}”以 000 结尾，是乡镇本级的代码；村（社区）的代码最后3位不是 000，"
                         f"如 {example}。")
    return code


def town_mismatch(village_code: str, town_code: str) -> str | None:
    """A warning when a village's code is not under the township's (their first 9 digits)."""
    if village_code[:9] == town_code[:9]:
        return None
    return (f"村（社区）代码 {village_code} 的前9位与本镇代码 {town_code} 的前9位不同，"
            "不像本镇的村（社区）：请核对。")


def _clean_spec(spec: UnitSpec, what: str, kind: str) -> UnitSpec:
    name, short = spec.name.strip(), spec.short_name.strip()
    problems = {}
    if not name:
        problems["name"] = f"{what}名称不能为空。"
    elif len(name) > 30:
        problems["name"] = f"{what}名称最多30个字，现在是{len(name)}个字。"
    if not short:
        problems["short_name"] = f"{what}简称不能为空（用于调解协议书编号等，如“兴田”）。"
    elif len(short) > 10:
        problems["short_name"] = f"{what}简称最多10个字。"
    code = ""
    try:
        code = normalize_unit_code(spec.code, kind)
    except ValueError as exc:
        problems["code"] = f"{what}：{exc}" if what != "镇" else str(exc)
    if problems:
        raise ValidationError(problems)
    return UnitSpec(name, short, code)


def is_set_up() -> bool:
    return Unit.select().where(Unit.is_home == True).exists()  # noqa: E712


def home_unit() -> Unit:
    return Unit.get(Unit.is_home == True)  # noqa: E712


def is_township() -> bool:
    return home_unit().kind == "town"


def villages() -> list[Unit]:
    return list(Unit.select().where(Unit.kind == "village").order_by(Unit.sort_order, Unit.code))


def ensure_writable(unit: Unit | int) -> None:
    """Before any write of a ledger: the account may edit, and the record is this PC's own."""
    session.require(session.EDIT)
    unit_id = unit if isinstance(unit, int) else unit.id
    home = home_unit()
    if unit_id != home.id:
        other = Unit.get_by_id(unit_id)
        raise ReadOnlyError(f"“{other.name}”的记录只能在该单位的电脑上修改，本机（{home.name}）只能查看。")


def _create_unit(spec: UnitSpec, kind: str, is_home: bool, order: int) -> Unit:
    if Unit.select().where(Unit.code == spec.code).exists():
        raise ValidationError({"code": f"单位代码 {spec.code} 重复了，每个单位的代码必须不同。"})
    return Unit.create(name=spec.name, short_name=spec.short_name, code=spec.code, kind=kind,
                       is_home=is_home, sort_order=order)


def seed_categories(unit: Unit) -> None:
    rows = [
        {"unit": unit, "group": group, "name": name, "sort_order": i,
         "sensitive": group == "special"}
        for group, names in DEFAULT_CATEGORIES.items()
        for i, name in enumerate(names)
    ]
    Category.insert_many(rows).execute()


def setup_township(town: UnitSpec, village_specs: Iterable[UnitSpec]) -> Unit:
    """First start on the township PC: the town, its 镇级总网格, and its list of villages."""
    town = _clean_spec(town, "镇", "town")
    specs = []
    for v in village_specs:
        try:
            specs.append(_clean_spec(v, f"村（社区）“{v.name.strip()}”", "village"))
        except ValidationError as exc:  # said beside the list of villages, not the town's fields
            raise ValidationError({"villages": exc.message}) from None
    if is_set_up():
        raise ValidationError("本机已经设置过单位，不能重复设置。")
    codes = [town.code] + [s.code for s in specs]
    if len(set(codes)) != len(codes):
        raise ValidationError({"code": "单位代码有重复，镇和每个村（社区）的代码必须各不相同。"})
    with db.atomic():
        unit = _create_unit(town, "town", True, 0)
        seed_categories(unit)
        Grid.create(unit=unit, level=1, name=f"{town.name}镇级总网格",
                    first_responsible="镇党委书记、镇长")
        for order, spec in enumerate(specs, start=1):
            issue_access_code(_create_unit(spec, "village", False, order))
    return unit


def setup_village(village: UnitSpec) -> Unit:
    """First start on a village PC: the village and its 村级网格."""
    village = _clean_spec(village, "村（社区）", "village")
    if is_set_up():
        raise ValidationError("本机已经设置过单位，不能重复设置。")
    with db.atomic():
        unit = _create_unit(village, "village", True, 0)
        seed_categories(unit)
        Grid.create(unit=unit, level=2, name=f"{village.name}村级网格",
                    first_responsible="支部书记")
    return unit


def get_setting(unit: Unit, key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.unit == unit, Setting.key == key)
    return default if row is None else json.loads(row.value)


def set_setting(unit: Unit, key: str, value: Any) -> None:
    ensure_writable(unit)
    text = json.dumps(value, ensure_ascii=False)
    row = Setting.get_or_none(Setting.unit == unit, Setting.key == key)
    if row is None:
        Setting.create(unit=unit, key=key, value=text)
    elif row.value != text:
        row.value = text
        row.save()


# ---- changing a unit after setup (设置 → 本单位信息, and the township's village list) ------------

FORMER_CODES_KEY = "former_unit_codes"


@dataclass
class UnitChange:
    """A change of a unit's name, short name or code, with what it does to 报送, said to the
    clerk before it is saved."""
    unit: Unit
    after: UnitSpec
    consequences: list[str]
    warnings: list[str]

    @property
    def any(self) -> bool:
        return bool(self.consequences)


def plan_unit_change(unit: Unit, spec: UnitSpec) -> UnitChange:
    """Check a changed name/short name/code; raises ValidationError, changes nothing."""
    what = "镇" if unit.kind == "town" else "村（社区）"
    after = _clean_spec(spec, what, unit.kind)
    if after.code != unit.code and Unit.select().where(Unit.code == after.code).exists():
        raise ValidationError({"code": f"单位代码 {after.code} 已经是另一个单位的代码，每个单位的代码必须不同。"})
    home = home_unit()
    said, warnings = [], []
    if after.code != unit.code:
        said.append(_code_consequence(unit, home, after.code))
        town = home if home.kind == "town" else None
        if unit.kind == "village" and town is not None:
            warnings += filter(None, [town_mismatch(after.code, town.code)])
        if unit.kind == "town":
            warnings += filter(None, (town_mismatch(v.code, after.code) for v in villages()))
    if after.name != unit.name:
        said.append(f"名称由“{unit.name}”改为“{after.name}”：以后的报送包、汇总表和打印的文书都用新名称。")
    if after.short_name != unit.short_name:
        said.append(f"简称由“{unit.short_name}”改为“{after.short_name}”：以后新编的调解协议书编号用新简称"
                    f"（如（{date.today().year}）{after.short_name}人调字第1号），已编的编号不变。")
    return UnitChange(unit, after, said, warnings)


def _code_consequence(unit: Unit, home: Unit, new_code: str) -> str:
    if unit.is_home and unit.kind == "village":
        return (f"单位代码由 {unit.code} 改为 {new_code}：以后的报送包用新代码，并写明曾用代码 {unit.code}；"
                "镇里导入时核对接入码后，会把镇里村名单中的代码一并改过来。已导出的旧报送包不再导入。")
    if unit.is_home:
        return (f"本镇代码由 {unit.code} 改为 {new_code}：村（社区）的代码应与本镇代码前9位相同，"
                "已导入的数据不受影响。")
    return (f"“{unit.name}”的代码由 {unit.code} 改为 {new_code}：以后只接收用新代码导出的报送包，"
            "请村里在本机“设置 → 本单位信息”中改成同样的代码（村里改过代码后报送的，本机会自动改名单）。")


def apply_unit_change(change: UnitChange) -> Unit:
    """Save a planned change. A village's own former code is kept for its packages' 说明 page."""
    unit, after = change.unit, change.after
    if not unit.is_home and home_unit().kind != "town":
        ensure_writable(unit)
    with db.atomic():
        if after.code != unit.code and unit.is_home and unit.kind == "village":
            former = former_codes()
            if unit.code not in former:
                set_local_value(FORMER_CODES_KEY, former + [unit.code])
        unit.name, unit.short_name, unit.code = after.name, after.short_name, after.code
        unit.save()
    return unit


def add_village(spec: UnitSpec) -> tuple[Unit, list[str]]:
    """Township: list one more village (it gets its 接入码). Returns it and any warnings."""
    if not is_township():
        raise ValidationError("只有镇本级的电脑才能管理村（社区）名单。")
    spec = _clean_spec(spec, "村（社区）", "village")
    order = (Unit.select(Unit.sort_order).order_by(Unit.sort_order.desc()).scalar() or 0) + 1
    with db.atomic():
        unit = _create_unit(spec, "village", False, order)
        issue_access_code(unit)
    return unit, list(filter(None, [town_mismatch(spec.code, home_unit().code)]))


def former_codes() -> list[str]:
    return json.loads(get_local_value(FORMER_CODES_KEY) or "[]")


def get_local_value(key: str) -> str | None:
    row = LocalValue.get_or_none(LocalValue.key == key)
    return row.value if row else None


def set_local_value(key: str, value: Any) -> None:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    row = LocalValue.get_or_none(LocalValue.key == key)
    if row is None:
        LocalValue.create(key=key, value=text)
    else:
        row.value = text
        row.save()
