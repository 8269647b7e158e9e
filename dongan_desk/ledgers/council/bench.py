"""``main.py bench`` section: the 红白理事会's lists on the reference town's 1,200 filings (next
7 days, counts by month and kind, the first page) and its findings, against plain ``sqlite3``
running the same SQL."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta

RAW_UPCOMING = """
SELECT f.*, u.name, e.name FROM ceremony_filing f JOIN unit u ON f.unit_id = u.id
LEFT JOIN emcee e ON f.emcee_id = e.id WHERE f.start_on <= ? AND f.end_on >= ?
ORDER BY f.start_on, f.id"""
RAW_BY_MONTH = """
SELECT substr(start_on, 6, 2), kind, count(*), sum(breaches != '') FROM ceremony_filing
WHERE start_on BETWEEN ? AND ? GROUP BY 1, 2"""
RAW_PAGE = """
SELECT f.*, u.name, e.name FROM ceremony_filing f JOIN unit u ON f.unit_id = u.id
LEFT JOIN emcee e ON f.emcee_id = e.id ORDER BY f.start_on DESC, f.id DESC LIMIT 100"""
RAW_FINDINGS = """
SELECT e.*, u.name FROM emcee e JOIN unit u ON e.unit_id = u.id
WHERE e.active AND (e.certificate_no = '' OR e.certificate_expires_on IS NULL
                    OR e.certificate_expires_on < ?)"""


def bench_council(town) -> list:
    from ...bench.measure import BenchRow, median_ms
    from . import emcees
    from .queries import FilingFilter, filings_by_month, search_filings, upcoming_filings

    today = date.today()
    raw = sqlite3.connect(town.db_path)

    def ours_lists():
        upcoming_filings(None, today)
        filings_by_month(None, today.year)
        search_filings(FilingFilter())

    def bare_lists():
        raw.execute(RAW_UPCOMING, (today + timedelta(days=6), today)).fetchall()
        raw.execute(RAW_BY_MONTH, (date(today.year, 1, 1), date(today.year, 12, 31))).fetchall()
        raw.execute("SELECT count(*) FROM ceremony_filing").fetchone()
        raw.execute(RAW_PAGE).fetchall()

    def ours_findings():
        emcees.certificate_findings(None)

    def bare_findings():
        raw.execute(RAW_FINDINGS, (today,)).fetchall()

    rows = [BenchRow("红白事近7天+按月统计+第一页（全镇1200件）", median_ms(ours_lists, town.repeat),
                     median_ms(bare_lists, town.repeat), "≤30 ms"),
            BenchRow("支客士证书规则（全镇）", median_ms(ours_findings, town.repeat),
                     median_ms(bare_findings, town.repeat), "≤10 ms")]
    raw.close()
    return rows
