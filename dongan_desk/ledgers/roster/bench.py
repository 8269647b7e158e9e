"""``main.py bench`` section of the 网格花名册: searching 30,000 residents and showing the first
page, against plain ``sqlite3`` running the same SQL (the text matches a 群体类别 too) and a bare
Treeview."""
from __future__ import annotations

import sqlite3

from ...bench.measure import BenchRow, BenchTown, median_ms, shown_page_row
from ...store.models import Resident
from .queries import ResidentFilter, search_residents


def bench_roster(town: BenchTown) -> list[BenchRow]:
    """The registry's bench section."""
    return bench_roster_search(town) + bench_roster_page(town)


RAW_SEARCH = """
SELECT r.id, r.household_id, r.name, r.relation, r.gender, r.birth_date, r.id_number, r.phone,
       r.is_party_member, h.address, g.name
FROM resident r JOIN household h ON r.household_id = h.id JOIN grid g ON h.grid_id = g.id
WHERE r.name LIKE ?1 OR r.id_number LIKE ?1 OR r.phone LIKE ?1 OR h.address LIKE ?1
   OR r.id IN (SELECT rc.resident_id FROM resident_category rc JOIN category c
               ON rc.category_id = c.id WHERE c.name LIKE ?1)
ORDER BY r.household_id, r.relation != '户主', r.id LIMIT 100"""
RAW_COUNT = """
SELECT COUNT(*) FROM resident r JOIN household h ON r.household_id = h.id
WHERE r.name LIKE ?1 OR r.id_number LIKE ?1 OR r.phone LIKE ?1 OR h.address LIKE ?1
   OR r.id IN (SELECT rc.resident_id FROM resident_category rc JOIN category c
               ON rc.category_id = c.id WHERE c.name LIKE ?1)"""


def bench_roster_search(town: BenchTown) -> list[BenchRow]:
    sample = Resident.select().where(Resident.id_number.is_null(False)).order_by(Resident.id) \
        .offset(12345).first()
    fragments = (("姓名片段", sample.name[:2]), ("身份证号片段", sample.id_number[6:14]))
    raw = sqlite3.connect(town.db_path)
    rows = []
    for label, fragment in fragments:
        def ours(fragment=fragment):
            return search_residents(ResidentFilter(text=fragment))

        def bare(fragment=fragment):
            like = f"%{fragment}%"
            raw.execute(RAW_COUNT, (like,)).fetchone()
            return raw.execute(RAW_SEARCH, (like,)).fetchall()

        rows.append(BenchRow(f"花名册查找（{label}“{fragment}”，3万人）", median_ms(ours, town.repeat),
                             median_ms(bare, town.repeat), "≤20 ms"))
    raw.close()
    return rows


def bench_roster_page(town: BenchTown) -> list[BenchRow]:
    if not town.window:
        return [BenchRow("名单显示第一页", None, note="已跳过：没有显示器")]
    from .tab import RosterTab

    root = town.tk_root()
    window = town.main_window()
    root.update()
    tab = window.show_tab(RosterTab)
    town_node = next(n for n in tab.nodes.values() if n.level == 1)
    tab.tree.selection_set(str(town_node.id))
    root.update()

    result = shown_page_row(town, "名单显示第一页（查询+显示100行）", tab.people, tab._row_values)
    window.destroy()
    return [result]
