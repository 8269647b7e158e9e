"""The report sheets inside a village's 报送包: what the township reads and prints without
opening the data sheets (FORMS.md §4), for the year so far — each ledger's, from the registry
(网格及党员网格员, 结对帮扶情况, 红白事报备登记, 矛盾纠纷排查调处台账 and its statistics by
category and by tier)."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..ledgers.registry import LEDGERS, load
from ..store.models import Unit

Fill = Callable[[Any], object]


def village_reports(unit: Unit, today: dt.date) -> list[tuple[str, Fill]]:
    return [sheet for ledger in LEDGERS for sheet in load(ledger.report_sheets)(unit, today)]
