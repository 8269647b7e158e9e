"""``python main.py bench``: speed on the reference town (DESIGN.md §8), side by side with the
bare libraries doing the same work in the same run. Medians in milliseconds; never a test.

Each area adds a section: a function ``(town: BenchTown) -> list[BenchRow]`` in ``SECTIONS``."""
from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import paths
from ..ledgers.mediation.bench import bench_agreement_pdf
from ..ledgers.council.bench import bench_council
from .exchange import bench_exchange


@dataclass
class BenchRow:
    name: str
    ours_ms: float | None
    bare_ms: float | None = None
    target: str = ""
    note: str = ""


@dataclass
class BenchTown:
    data_dir: Path
    repeat: int
    window: bool
    root: object | None = None  # the one Tk root of this process, made on first need

    @property
    def db_path(self) -> Path:
        return paths.database_path(self.data_dir)

    def tk_root(self):
        if self.root is None:
            from ..ui.job_windows import new_root
            self.root = new_root("bench")
        return self.root


def median_ms(work: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# ---- window start ---------------------------------------------------------------------------

BARE_WINDOW = ("import ttkbootstrap as ttk\n"
               "root = ttk.App(title='bare', size=(1280, 800))\n"
               "root.after_idle(lambda: (print('IDLE', flush=True), root.destroy()))\n"
               "root.mainloop()\n")


def _time_until_idle(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True)
    for line in process.stdout:
        if line.strip() == "IDLE":
            break
    elapsed = (time.perf_counter() - start) * 1000
    process.wait(timeout=30)
    return elapsed


def bench_window(town: BenchTown) -> list[BenchRow]:
    if not town.window:
        return [BenchRow("主窗口启动到空闲（新进程）", None, note="已跳过：没有显示器")]
    env = dict(os.environ, DONGAN_BENCH_IDLE="1")
    main_py = str(paths.program_dir() / "main.py")
    ours = [_time_until_idle([sys.executable, main_py, "--data-dir", str(town.data_dir)], env)
            for _ in range(town.repeat)]
    bare = [_time_until_idle([sys.executable, "-c", BARE_WINDOW], env) for _ in range(town.repeat)]
    return [BenchRow("主窗口启动到空闲（新进程）", statistics.median(ours), statistics.median(bare),
                     "≤1000 ms 且 ≤1.5×")]


# ---- roster search and page -----------------------------------------------------------------

RAW_SEARCH = """
SELECT r.id, r.household_id, r.name, r.relation, r.gender, r.birth_date, r.id_number, r.phone,
       r.is_party_member, h.address, g.name
FROM resident r JOIN household h ON r.household_id = h.id JOIN grid g ON h.grid_id = g.id
WHERE r.name LIKE ?1 OR r.id_number LIKE ?1 OR r.phone LIKE ?1 OR h.address LIKE ?1
ORDER BY r.household_id, r.relation != '户主', r.id LIMIT 100"""
RAW_COUNT = """
SELECT COUNT(*) FROM resident r JOIN household h ON r.household_id = h.id
WHERE r.name LIKE ?1 OR r.id_number LIKE ?1 OR r.phone LIKE ?1 OR h.address LIKE ?1"""


def bench_roster_search(town: BenchTown) -> list[BenchRow]:
    from ..ledgers.roster.queries import ResidentFilter, search_residents
    from ..store.models import Resident

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
    from ..ui.app import MainWindow
    from ..ledgers.roster.tab import RosterTab

    root = town.tk_root()
    window = MainWindow(root, town.data_dir)
    window.pack(fill="both", expand=True)
    root.update()
    tab = window.show_tab(RosterTab)
    town_node = next(n for n in tab.nodes.values() if n.level == 1)
    tab.tree.selection_set(str(town_node.id))
    root.update()

    result = shown_page_row(town, "名单显示第一页（查询+显示100行）", tab.people, tab._row_values)
    window.destroy()
    return [result]


def shown_page_row(town: BenchTown, name: str, table, to_values) -> BenchRow:
    """A paged list's first page, queried and shown, against a bare Treeview showing the same
    rows."""
    root = town.tk_root()

    def ours():
        table.reload()
        root.update_idletasks()

    values = [to_values(row) for row in table.rows_by_id.values()]
    return BenchRow(name, median_ms(ours, town.repeat), bare_treeview_ms(root, values, town.repeat),
                    "≤50 ms", "裸库：Treeview 插入同样100行")


def bare_treeview_ms(root, values: list, repeat: int) -> float:
    """The bare library's time to show the same rows in a plain Treeview."""
    from ..ui.job_windows import bare_treeview_ms as measure_bare
    return measure_bare(root, values, lambda work: median_ms(work, repeat))


# ---- 党员结对帮扶: coverage findings and the pairing list ---------------------------------------

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
    from datetime import date, timedelta

    from ..ledgers.pairing.coverage import coverage_findings
    from ..ledgers.pairing.queries import PairingFilter, search_pairings

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
    from ..ui.app import MainWindow
    from ..ledgers.pairing.tab import PairingTab

    root = town.tk_root()
    window = MainWindow(root, town.data_dir)
    window.pack(fill="both", expand=True)
    tab = window.show_tab(PairingTab)
    root.update()

    result = shown_page_row(town, "结对名单显示第一页（查询+显示100行）", tab.pairings,
                            tab._pairing_values)
    window.destroy()
    return result


SECTIONS: list[Callable[[BenchTown], list[BenchRow]]] = [
    bench_window, bench_roster_search, bench_roster_page, bench_pairing, bench_agreement_pdf,
    bench_council, bench_exchange,
]


def _print_rows(rows: list[BenchRow]) -> None:
    print(f"{'项目':<40}{'本程序ms':>10}{'裸库ms':>10}{'倍数':>8}  目标 / 说明")
    for row in rows:
        ours = "—" if row.ours_ms is None else f"{row.ours_ms:.1f}"
        bare = "—" if row.bare_ms is None else f"{row.bare_ms:.1f}"
        ratio = (f"{row.ours_ms / row.bare_ms:.2f}×"
                 if row.ours_ms is not None and row.bare_ms else "—")
        print(f"{row.name:<40}{ours:>10}{bare:>10}{ratio:>8}  {row.target} {row.note}".rstrip())


def run_bench(repeat: int = 5, window: bool = True) -> int:
    from ..sample.town import build_sample
    from ..store.database import close_database
    from ..store.opening import open_database

    window = window and bool(os.environ.get("DISPLAY") or sys.platform.startswith("win"))
    with tempfile.TemporaryDirectory(prefix="dongan-bench-") as folder:
        data_dir = paths.resolve_data_dir(folder)
        open_database(paths.database_path(data_dir))
        start = time.perf_counter()
        build_sample("town")
        print(f"参考镇已生成（{(time.perf_counter() - start):.1f} 秒），每项取 {repeat} 次的中位数。\n")
        town = BenchTown(data_dir, repeat, window)
        rows: list[BenchRow] = []
        for section in SECTIONS:
            rows.extend(section(town))
        _print_rows(rows)
        if town.root is not None:
            town.root.destroy()
        close_database()
    return 0
