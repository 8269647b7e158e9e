"""``main.py bench`` section: 报送 on the reference town — export of its largest village and of
all ten, import of the ten packages into an empty township, and the next month's ten into a
township that holds the first ones (each snapshot replaced) — against the bare libraries doing
the same work in the same run: openpyxl write-only writing the same cells; openpyxl read-only
reading them plus plain ``sqlite3`` inserting (or deleting and inserting again) the same rows."""
from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook


def _sheets_of(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def _bare_write(sheets: dict[str, list[tuple]], target: Path) -> None:
    wb = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(target)


def _bare_import(paths: list[Path], database: Path, names: list[str] | None = None) -> None:
    """Each package's sheets into tables of its own; ``names`` (one per path) name the tables,
    so the next month's packages replace the rows of the same tables."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=full")
    for index, path in enumerate(paths):
        wb = load_workbook(path, read_only=True)
        name = names[index] if names else path.stem
        with conn:
            for ws in wb.worksheets:
                rows = ws.iter_rows(values_only=True)
                header = next(rows, None)
                if not header:
                    continue
                table = f'"{name}_{ws.title}"'
                conn.execute(f"CREATE TABLE IF NOT EXISTS {table} "
                             f"({', '.join(f'c{i}' for i in range(len(header)))})")
                conn.execute(f"DELETE FROM {table}")
                conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(header))})",
                                 (tuple(r[:len(header)]) + (None,) * (len(header) - len(r))
                                  for r in rows))
        wb.close()
    conn.close()


def _timed_after(prepare, work, repeat: int) -> float:
    """Median ms of ``work()``, each run after an untimed ``prepare()``."""
    times = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_exchange(town) -> list:
    from .measure import BenchRow, median_ms
    from ..units import villages
    from ..exchange.access import access_code_of, store_access_code
    from ..exchange.import_jobs import check_file, import_checked
    from ..exchange.package import export_package
    from ..store.database import close_database
    from ..store.opening import open_database
    from ..store.models import Resident

    def _median(work, repeat):  # each run writes fresh files: no warm-up run needed
        return median_ms(work, repeat, warmup=0)

    units = villages()
    largest = max(units, key=lambda u: Resident.select().where(Resident.unit == u).count())
    repeat = max(1, min(town.repeat, 3))
    with tempfile.TemporaryDirectory(prefix="dongan-bench-x-") as scratch:
        scratch = Path(scratch)
        counter = iter(range(10_000))

        def fresh() -> Path:
            folder = scratch / f"out{next(counter)}"
            folder.mkdir()
            return folder

        packages: list[Path] = []
        ours_one = _median(lambda: export_package(largest, fresh()), repeat)

        def export_all():
            packages[:] = [export_package(u, fresh()).path for u in units]

        ours_all = _median(export_all, repeat)
        contents = [_sheets_of(p) for p in packages]
        one = contents[units.index(largest)]
        bare_one = _median(lambda: _bare_write(one, fresh() / "bare.xlsx"), repeat)
        bare_all = _median(lambda: [_bare_write(c, fresh() / "bare.xlsx") for c in contents], repeat)

        db_path = town.db_path
        codes = {u.code: access_code_of(u) for u in units}  # the new township lists them alike
        held = scratch / "township-first.db"

        def ours_import():
            target = fresh() / "township.db"
            close_database()
            open_database(target)
            from ..sample.fake_people import TOWN
            from ..units import UnitSpec, setup_township
            setup_township(UnitSpec(*TOWN), [UnitSpec(u.name, u.short_name, u.code) for u in units])
            for village in villages():
                store_access_code(village, codes[village.code])
            for path in packages:
                import_checked(check_file(path), "bench")
            close_database()
            shutil.copy(target, held)
            open_database(db_path)

        ours_in = _median(ours_import, repeat)
        bare_in = _median(lambda: _bare_import(packages, fresh() / "bare.db"), repeat)

        second = [export_package(u, fresh()).path for u in units]  # next month: 第2次 each
        working = scratch / "township-second.db"

        def hold_first():
            shutil.copy(held, working)

        def ours_second():
            close_database()
            open_database(working)
            for path in second:
                import_checked(check_file(path), "bench")
            close_database()

        ours_again = _timed_after(hold_first, ours_second, repeat)
        open_database(db_path)
        names = [u.code for u in units]
        bare_held, bare_working = scratch / "bare-first.db", scratch / "bare-second.db"
        _bare_import(packages, bare_held, names)
        bare_again = _timed_after(lambda: shutil.copy(bare_held, bare_working),
                                  lambda: _bare_import(second, bare_working, names), repeat)
    return [
        BenchRow(f"导出报送包（最大的村 {largest.name}）", ours_one, bare_one, "≤1.2×",
                 "裸库：openpyxl 只写模式写同样的单元格"),
        BenchRow("导出报送包（全镇10个村）", ours_all, bare_all, "≤1.2×"),
        BenchRow("导入10个报送包到空的镇本级", ours_in, bare_in, "≤1.3×",
                 "裸库：openpyxl 只读读取 + sqlite3 插入同样的行"),
        BenchRow("第2次导入10个报送包（替换已有的）", ours_again, bare_again, "≤1.3×",
                 "裸库：同上，先删除该村各表原有的行"),
    ]
