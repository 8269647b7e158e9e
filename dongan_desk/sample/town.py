"""Sample data for newcomers and for the benchmark: a village PC, or the whole reference town
(DESIGN.md §8) on the township PC, built from each ledger's own sample (named in the registry).
Names are marked 示例 so nobody mistakes them for real people.

Everything goes in in one transaction, rows with ``insert_many`` (``bulk.py``): the town's
30,000 residents take a second or two, not minutes."""
from __future__ import annotations

import random
from datetime import date

from ..errors import ValidationError
from ..ledgers.registry import IN_PACKAGE_ORDER, load
from ..store.database import db
from ..store.models import Resident, Unit
from ..units import UnitSpec, is_set_up, setup_township, setup_village
from .fake_people import TOWN, VILLAGES, PeopleFaker
from .plan import SAMPLE_MARK, SIZES


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
        for ledger in IN_PACKAGE_ORDER:  # the roster first: the others draw their people from it
            load(ledger.sample)(faker, rng, village_units, today, plan)
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
