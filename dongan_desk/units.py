"""The units of an installation: first-start setup, the home unit, and unit settings."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

from .store.database import db
from .store.models import Category, Grid, Setting, Unit
from .errors import ReadOnlyError, ValidationError

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


def _clean_spec(spec: UnitSpec, what: str) -> UnitSpec:
    name, short, code = spec.name.strip(), spec.short_name.strip(), spec.code.strip()
    problems = {}
    if not name:
        problems["name"] = f"{what}名称不能为空。"
    elif len(name) > 30:
        problems["name"] = f"{what}名称最多30个字，现在是{len(name)}个字。"
    if not short:
        problems["short_name"] = f"{what}简称不能为空（用于调解协议书编号等，如“兴田”）。"
    elif len(short) > 10:
        problems["short_name"] = f"{what}简称最多10个字。"
    if not code:
        problems["code"] = f"{what}代码不能为空（如统计用区划代码 500229115001）。"
    elif not code.isalnum() or len(code) > 20:
        problems["code"] = f"{what}代码只能是数字或字母，最多20位。"
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
        {"unit": unit, "group": group, "name": name, "sort_order": i}
        for group, names in DEFAULT_CATEGORIES.items()
        for i, name in enumerate(names)
    ]
    Category.insert_many(rows).execute()


def setup_township(town: UnitSpec, village_specs: Iterable[UnitSpec]) -> Unit:
    """First start on the township PC: the town, its 镇级总网格, and its list of villages."""
    town = _clean_spec(town, "镇")
    specs = [_clean_spec(v, "村（社区）") for v in village_specs]
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
            _create_unit(spec, "village", False, order)
    return unit


def setup_village(village: UnitSpec) -> Unit:
    """First start on a village PC: the village and its 村级网格."""
    village = _clean_spec(village, "村（社区）")
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
