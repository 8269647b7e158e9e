"""The 纠纷类型 list of a unit: FORMS.md §1's defaults, editable and versioned.

Every change (add, rename, retire) makes a new list version, kept in the unit's settings. Rows are
never deleted or renamed in place: a case keeps the category it was filed under, and the list as
it stood at any version can be shown again (``categories(unit, version=n)``).
"""
from __future__ import annotations

from peewee import fn

from ...store.database import db
from .models import DisputeCategory
from ...store.models import Setting, Unit
from ...errors import ValidationError
from ..roster.rules import clean_text
from ...units import ensure_writable, get_setting, set_setting

DEFAULT_DISPUTE_CATEGORIES = ("婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿",
                              "山林土地", "征地拆迁", "环境污染", "劳动争议", "消费", "医疗",
                              "道路交通事故", "物业", "其他")
VERSION_KEY = "mediation.category_version"
NAME_LIMIT = 20


def category_version(unit: Unit | int) -> int:
    """The unit's current list version (0: never set up)."""
    return int(get_setting(_unit(unit), VERSION_KEY, 0))


def _unit(unit: Unit | int) -> Unit:
    return unit if isinstance(unit, Unit) else Unit.get_by_id(unit)


def ensure_categories(unit: Unit) -> None:
    """Give a unit the default list (version 1) the first time it is needed."""
    if DisputeCategory.select().where(DisputeCategory.unit == unit).exists():
        return
    ensure_writable(unit)
    install_default_categories(unit)


def install_default_categories(unit: Unit) -> None:
    """The default list as version 1, unchecked (the sample town fills villages' lists too)."""
    with db.atomic():
        DisputeCategory.insert_many([
            {"unit": unit, "name": name, "sort_order": n, "version_from": 1}
            for n, name in enumerate(DEFAULT_DISPUTE_CATEGORIES)]).execute()
        Setting.replace(unit=unit, key=VERSION_KEY, value="1").execute()


def categories(unit: Unit | int, version: int | None = None) -> list[DisputeCategory]:
    """The list as it stands (or stood at ``version``), in its order."""
    unit_id = unit if isinstance(unit, int) else unit.id
    query = DisputeCategory.select().where(DisputeCategory.unit == unit_id)
    if version is None:
        query = query.where(DisputeCategory.active == True)  # noqa: E712
    else:
        query = query.where(DisputeCategory.version_from <= version,
                            DisputeCategory.version_to.is_null()
                            | (DisputeCategory.version_to > version))
    return list(query.order_by(DisputeCategory.sort_order, DisputeCategory.id))


def _check_name(unit: Unit, name: str, keep: DisputeCategory | None = None) -> str:
    name = clean_text(name, label="纠纷类型名称", required=True, limit=NAME_LIMIT)
    clash = (DisputeCategory.select()
             .where(DisputeCategory.unit == unit, DisputeCategory.name == name,
                    DisputeCategory.active == True).first())  # noqa: E712
    if clash is not None and (keep is None or clash.id != keep.id):
        raise ValidationError(f"纠纷类型“{name}”已经在列表里了。")
    return name


def _bump(unit: Unit) -> int:
    version = category_version(unit) + 1
    set_setting(unit, VERSION_KEY, version)
    return version


def add_category(unit: Unit, name: str) -> DisputeCategory:
    ensure_writable(unit)
    ensure_categories(unit)
    name = _check_name(unit, name)
    with db.atomic():
        version = _bump(unit)
        order = (DisputeCategory.select(fn.MAX(DisputeCategory.sort_order))
                 .where(DisputeCategory.unit == unit).scalar() or 0) + 1
        return DisputeCategory.create(unit=unit, name=name, sort_order=order, version_from=version)


def rename_category(category: DisputeCategory, name: str) -> DisputeCategory:
    """A new entry in the old one's place; cases filed under the old name keep it."""
    unit = category.unit
    ensure_writable(unit)
    if not category.active:
        raise ValidationError(f"“{category.name}”已停用，不能改名。")
    name = _check_name(unit, name, keep=category)
    if name == category.name:
        return category
    with db.atomic():
        version = _bump(unit)
        category.active, category.version_to = False, version
        category.save()
        return DisputeCategory.create(unit=unit, name=name, sort_order=category.sort_order,
                                      version_from=version, replaces=category)


def retire_category(category: DisputeCategory) -> None:
    """Hide a category from new cases; the cases already filed under it keep it."""
    ensure_writable(category.unit_id)
    if not category.active:
        return
    remaining = (DisputeCategory.select()
                 .where(DisputeCategory.unit == category.unit_id,
                        DisputeCategory.active == True).count())  # noqa: E712
    if remaining <= 1:
        raise ValidationError("纠纷类型列表至少要保留一项。")
    with db.atomic():
        category.active, category.version_to = False, _bump(category.unit)
        category.save()

