"""The 村规民约's rules, shown by ``main.py check`` and the status bar:

* a village with no 现行 村规民约 (the seed asks every village for one);
* a version adopted but not 报镇备案 (村民委员会组织法 第27条: it is filed with the township);
* households not yet reached a set number of days after adoption.

Why 30 days by default: the seed sets no deadline, and a month is what one round of the 院落长
through their courtyards takes, and one monthly 报送 — the township then sees the gap. A village
that prints late sets more (设置 → 村规民约发放期限), up to a year.
"""
from __future__ import annotations

from datetime import date, timedelta

from ...finding import Finding
from ...store.models import Unit
from ...units import get_setting, set_setting
from ...validation import whole_number
from .delivery import unit_progress
from .models import VillageCovenant

DELIVERY_DAYS_KEY = "covenant.delivery_days"
DEFAULT_DELIVERY_DAYS = 30
DELIVERY_DAYS_MAX = 365


def delivery_days(unit: Unit | int) -> int:
    unit = unit if isinstance(unit, Unit) else Unit.get_by_id(unit)
    return int(get_setting(unit, DELIVERY_DAYS_KEY, DEFAULT_DELIVERY_DAYS))


def set_delivery_days(unit: Unit, value: object) -> int:
    days = whole_number(value, "发放期限（天）", 1, DELIVERY_DAYS_MAX)
    set_setting(unit, DELIVERY_DAYS_KEY, days)
    return days


def covenant_findings(unit_ids: list[int] | None, today: date | None = None) -> list[Finding]:
    today = today or date.today()
    villages = Unit.select().where(Unit.kind == "village").order_by(Unit.sort_order, Unit.code)
    if unit_ids is not None:
        villages = villages.where(Unit.id.in_(unit_ids))
    villages = list(villages)
    current = {c.unit_id: c for c in VillageCovenant.select().where(
        VillageCovenant.is_current == True,  # noqa: E712
        VillageCovenant.unit.in_([v.id for v in villages]))}
    progress = unit_progress([v.id for v in villages])
    found = []
    for unit in villages:
        covenant = current.get(unit.id)
        if covenant is None:
            found.append(Finding("没有现行村规民约", unit.name,
                                 f"{unit.name}还没有经村民代表大会审定的现行村规民约，请在“村规民约”中起草并按程序审定",
                                 f"covenant_unit:{unit.id}"))
            continue
        target = f"covenant:{covenant.id}"
        if covenant.filed_on is None:
            found.append(Finding("村规民约未备案", unit.name,
                                 f"{unit.name}村规民约第{covenant.version}版已于{covenant.adopted_on:%Y-%m-%d}审定，"
                                 "还没有报镇备案（村民委员会组织法第二十七条）", target))
        days = delivery_days(unit)
        households, reached = progress.get(unit.id, (0, 0))
        if households > reached and covenant.adopted_on + timedelta(days=days) < today:
            found.append(Finding("村规民约未发放到户", unit.name,
                                 f"{unit.name}村规民约第{covenant.version}版审定已超过{days}天，"
                                 f"还有{households - reached}户（共{households}户在册）没有领到小册子或海报",
                                 target))
    return found
