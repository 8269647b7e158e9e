"""``main.py bench`` section of 党员结对帮扶: the coverage findings and the pairing list's first
page on the reference town's 2,400 pairings and 20,000 visits, against plain ``sqlite3``
running the same SQL and a bare Treeview."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from ...bench.measure import BenchRow, BenchTown, median_ms, shown_page_row
from .coverage import coverage_findings
from .queries import PairingFilter, search_pairings

RAW_UNCOVERED = """
SELECT h.id, h.unit_id, h.address, g.name FROM household h JOIN grid g ON g.id = h.grid_id
WHERE h.id IN (SELECT r.household_id FROM resident r JOIN resident_category rc ON rc.resident_id = r.id)
  AND NOT EXISTS (SELECT 1 FROM pairing p WHERE p.household_id = h.id AND p.end_date IS NULL)
ORDER BY h.unit_id, g.sort_order, h.id"""
RAW_IDLE = """
SELECT r.id, r.unit_id, r.name, r.party_branch, h.address FROM resident r
JOIN household h ON h.id = r.household_id
WHERE r.is_party_member = 1
  AND NOT EXISTS (SELECT 1 FROM pairing p WHERE p.member_id = r.id AND p.end_date IS NULL)
ORDER BY r.unit_id, r.name"""
RAW_OVERDUE = """
SELECT * FROM (
  SELECT p.id, p.unit_id, p.household_id, m.name, t.name, p.start_date,
    (SELECT MAX(v.visit_date) FROM visit v WHERE v.pairing_id = p.id) AS last,
    CASE WHEN p.resident_id IS NOT NULL THEN EXISTS(
      SELECT 1 FROM resident_category rc JOIN category c ON c.id = rc.category_id
      WHERE rc.resident_id = p.resident_id AND c."group" = 'special')
    ELSE EXISTS(
      SELECT 1 FROM resident_category rc JOIN category c ON c.id = rc.category_id
      JOIN resident r ON r.id = rc.resident_id
      WHERE r.household_id = p.household_id AND c."group" = 'special') END AS special
  FROM pairing p JOIN resident m ON m.id = p.member_id LEFT JOIN resident t ON t.id = p.resident_id
  WHERE p.end_date IS NULL)
WHERE COALESCE(last, start_date) < CASE WHEN special THEN ?1 ELSE ?2 END
ORDER BY unit_id, COALESCE(last, start_date), id"""
RAW_PAIRING_PAGE = """
SELECT p.id, p.unit_id, p.member_id, m.name, p.household_id, p.resident_id, t.name, h.address,
       p.start_date, p.end_date, p.end_reason,
       (SELECT MAX(v.visit_date) FROM visit v WHERE v.pairing_id = p.id),
       (SELECT COUNT(*) FROM visit v WHERE v.pairing_id = p.id)
FROM pairing p JOIN resident m ON m.id = p.member_id JOIN household h ON h.id = p.household_id
LEFT JOIN resident t ON t.id = p.resident_id
WHERE p.end_date IS NULL ORDER BY p.end_date IS NOT NULL, p.unit_id, m.name, p.start_date, p.id
LIMIT 100"""
RAW_PAIRING_COUNT = """
SELECT COUNT(*) FROM pairing p JOIN resident m ON m.id = p.member_id
JOIN household h ON h.id = p.household_id WHERE p.end_date IS NULL"""
RAW_HEADS = "SELECT household_id, name FROM resident WHERE household_id IN ({}) ORDER BY household_id, relation != '户主', id"
RAW_LINKS = """SELECT r.household_id, r.id, c."group", c.name FROM resident_category rc
JOIN category c ON c.id = rc.category_id JOIN resident r ON r.id = rc.resident_id
WHERE r.household_id IN ({}) ORDER BY c."group", c.sort_order"""


def _raw_names(raw: sqlite3.Connection, household_ids: list[int], links: bool = True) -> None:
    marks = ",".join("?" * len(household_ids))
    raw.execute(RAW_HEADS.format(marks), household_ids).fetchall()
    if links:
        raw.execute(RAW_LINKS.format(marks), household_ids).fetchall()


RAW_LAPSED = """
SELECT p.id, p.unit_id, r.name FROM pairing p JOIN resident r ON p.member_id = r.id
WHERE p.end_date IS NULL AND NOT r.is_party_member"""


def bench_pairing(town: BenchTown) -> list[BenchRow]:
    raw = sqlite3.connect(town.db_path)
    today = date.today()
    cutoffs = ((today - timedelta(days=30)).isoformat(), (today - timedelta(days=90)).isoformat())

    def bare_coverage():
        uncovered = raw.execute(RAW_UNCOVERED).fetchall()
        _raw_names(raw, [r[0] for r in uncovered])
        raw.execute(RAW_IDLE).fetchall()
        overdue = raw.execute(RAW_OVERDUE, cutoffs).fetchall()
        _raw_names(raw, [r[2] for r in overdue], links=False)
        raw.execute(RAW_LAPSED).fetchall()
        return raw.execute("SELECT id, name FROM unit").fetchall()

    def bare_page():
        raw.execute(RAW_PAIRING_COUNT).fetchone()
        rows = raw.execute(RAW_PAIRING_PAGE).fetchall()
        _raw_names(raw, list({r[4] for r in rows}))
        return raw.execute("SELECT unit_id, value FROM setting WHERE key = ?",
                           ("pairing_visit_interval_days",)).fetchall()

    rows = [
        BenchRow("结对覆盖检查（四条规则，2400结对/2万走访）", median_ms(coverage_findings, town.repeat),
                 median_ms(bare_coverage, town.repeat), "≤100 ms"),
        BenchRow("结对名单第一页（查询100行）", median_ms(lambda: search_pairings(PairingFilter()), town.repeat),
                 median_ms(bare_page, town.repeat), "≤50 ms"),
    ]
    raw.close()
    if town.window:
        rows.append(_bench_pairing_shown(town))
    return rows


def _bench_pairing_shown(town: BenchTown) -> BenchRow:
    from .tab import PairingTab

    root = town.tk_root()
    window = town.main_window()
    tab = window.show_tab(PairingTab)
    root.update()

    result = shown_page_row(town, "结对名单显示第一页（查询+显示100行）", tab.pairings,
                            tab._pairing_values)
    window.destroy()
    return result

