"""``main.py bench`` section: the 网络舆情 lists on the reference town (~300 incidents, ~40 groups):
the first page of the log with its count, the counts by level and month, and the rules, against
plain ``sqlite3`` running the same SQL."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

RAW_PAGE = """
SELECT i.*, u.name, coalesce(g.name, r.name, '') FROM opinion_incident i JOIN unit u ON i.unit_id = u.id
LEFT JOIN chat_group g ON i.group_id = g.id LEFT JOIN grid r ON i.grid_id = r.id
ORDER BY i.found_at DESC, i.id DESC LIMIT 100"""
RAW_BY_MONTH = """
SELECT substr(found_at, 6, 2), level, channel, closed_on IS NOT NULL, count(*) FROM opinion_incident
WHERE found_at >= ? AND found_at < ? GROUP BY 1, 2, 3, 4"""
RAW_FINDINGS = """
SELECT id FROM opinion_incident WHERE unit_id = ? AND level = ? AND reported_at IS NULL AND found_at < ?"""
RAW_OPEN = "SELECT id FROM opinion_incident WHERE unit_id = ? AND closed_on IS NULL AND found_at < ?"
RAW_ADMINS = """
SELECT a.id, a.unit_id, a.name, r.is_party_member FROM group_admin a LEFT JOIN resident r
ON a.resident_id = r.id WHERE a.appointed_on <= ? AND (a.ended_on IS NULL OR a.ended_on >= ?)"""


def bench_online(town) -> list:
    from ...bench.measure import BenchRow, median_ms
    from .groups import admin_findings
    from .incidents import incident_findings
    from .queries import IncidentFilter, counts_by_month, search_incidents

    today, now = date.today(), datetime.now()
    raw = sqlite3.connect(town.db_path)
    units = [u for (u,) in raw.execute("SELECT id FROM unit WHERE kind = 'village'")]

    def ours_lists():
        search_incidents(IncidentFilter())
        counts_by_month(None, today.year)

    def bare_lists():
        raw.execute("SELECT count(*) FROM opinion_incident").fetchone()
        raw.execute(RAW_PAGE).fetchall()
        raw.execute(RAW_BY_MONTH, (datetime(today.year, 1, 1), datetime(today.year + 1, 1, 1))).fetchall()

    def ours_findings():
        admin_findings(None)
        incident_findings(None)

    def bare_findings():
        raw.execute(RAW_ADMINS, (today, today)).fetchall()
        raw.execute("SELECT g.id FROM chat_group g WHERE g.active").fetchall()
        for unit in units:
            for level, hours in (("grave", 2), ("major", 24)):
                raw.execute(RAW_FINDINGS, (unit, level, now - timedelta(hours=hours))).fetchall()
            raw.execute(RAW_OPEN, (unit, now - timedelta(days=7))).fetchall()

    rows = [BenchRow("网络舆情第一页+按月统计（全镇约300条）", median_ms(ours_lists, town.repeat),
                     median_ms(bare_lists, town.repeat), "≤20 ms"),
            BenchRow("网络管理员和舆情规则（全镇）", median_ms(ours_findings, town.repeat),
                     median_ms(bare_findings, town.repeat), "≤30 ms")]
    raw.close()
    return rows
