"""``main.py bench`` section: the 村规民约 on the reference town (10 villages × 2 versions of ~60
条款, ~16,000 deliveries): the progress per courtyard grid and the first page of missing
households of every village, and the rules, against plain ``sqlite3`` running the same SQL."""
from __future__ import annotations

import sqlite3

RAW_PROGRESS = """
SELECT g.id, g.name, count(h.id), count(d.id) FROM grid g
LEFT JOIN household h ON h.grid_id = g.id AND h.status = 'active'
LEFT JOIN covenant_delivery d ON d.household_id = h.id AND d.covenant_id = ?
WHERE g.unit_id = ? AND g.level = 3 GROUP BY g.id ORDER BY g.sort_order, g.name, g.id"""
RAW_MISSING = """
SELECT h.id, h.household_no, h.address, g.name,
       (SELECT min(r.name) FROM resident r WHERE r.household_id = h.id AND r.relation = '户主'
        AND r.status = 'active')
FROM household h JOIN grid g ON h.grid_id = g.id
WHERE h.unit_id = ? AND h.status = 'active'
  AND h.id NOT IN (SELECT household_id FROM covenant_delivery WHERE covenant_id = ?)
ORDER BY g.sort_order, g.name, h.household_no, h.id LIMIT 100"""
RAW_FINDINGS = """
SELECT h.unit_id, count(h.id), count(d.id) FROM household h
LEFT JOIN covenant_delivery d ON d.household_id = h.id
  AND d.covenant_id IN (SELECT id FROM village_covenant WHERE is_current)
WHERE h.status = 'active' GROUP BY h.unit_id"""


def bench_covenant(town) -> list:
    from ...bench.measure import BenchRow, median_ms
    from .delivery import missing_households, progress_by_grid
    from .models import VillageCovenant
    from .rules import covenant_findings

    current = list(VillageCovenant.select().where(VillageCovenant.is_current == True))  # noqa: E712
    raw = sqlite3.connect(town.db_path)

    def ours_lists():
        for covenant in current:
            progress_by_grid(covenant.unit_id, covenant)
            missing_households(covenant, limit=100)

    def bare_lists():
        for covenant in current:
            raw.execute(RAW_PROGRESS, (covenant.id, covenant.unit_id)).fetchall()
            raw.execute(RAW_MISSING, (covenant.unit_id, covenant.id)).fetchall()

    rows = [BenchRow("村规民约发放进度+未发放户第一页（10村）", median_ms(ours_lists, town.repeat),
                     median_ms(bare_lists, town.repeat), "≤100 ms"),
            BenchRow("村规民约规则（全镇）", median_ms(lambda: covenant_findings(None), town.repeat),
                     median_ms(lambda: raw.execute(RAW_FINDINGS).fetchall(), town.repeat), "≤30 ms")]
    raw.close()
    return rows
