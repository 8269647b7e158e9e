"""``main.py bench`` section: 报送 on the reference town — export of its largest village and of
all ten, import of the ten packages into an empty township — against the bare libraries doing
the same work in the same run: openpyxl write-only writing the same cells; openpyxl read-only
reading them plus plain ``sqlite3`` inserting the same rows."""
from __future__ import annotations

import sqlite3
import tempfile
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


def _bare_import(paths: list[Path], database: Path) -> None:
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=full")
    for path in paths:
        wb = load_workbook(path, read_only=True)
        with conn:
            for ws in wb.worksheets:
                rows = ws.iter_rows(values_only=True)
                header = next(rows, None)
                if not header:
                    continue
                table = f'"{path.stem}_{ws.title}"'
                conn.execute(f"CREATE TABLE IF NOT EXISTS {table} "
                             f"({', '.join(f'c{i}' for i in range(len(header)))})")
                conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(header))})",
                                 (tuple(r[:len(header)]) + (None,) * (len(header) - len(r))
                                  for r in rows))
        wb.close()
    conn.close()


def bench_exchange(town) -> list:
    from .measure import BenchRow, median_ms
    from ..units import villages
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

        def ours_import():
            target = fresh() / "township.db"
            close_database()
            open_database(target)
            from ..sample.fake_people import TOWN
            from ..units import UnitSpec, setup_township
            setup_township(UnitSpec(*TOWN), [UnitSpec(u.name, u.short_name, u.code) for u in units])
            for path in packages:
                import_checked(check_file(path), "bench")
            close_database()
            open_database(db_path)

        ours_in = _median(ours_import, repeat)
        bare_in = _median(lambda: _bare_import(packages, fresh() / "bare.db"), repeat)
    return [
        BenchRow(f"导出报送包（最大的村 {largest.name}）", ours_one, bare_one, "≤1.2×",
                 "裸库：openpyxl 只写模式写同样的单元格"),
        BenchRow("导出报送包（全镇10个村）", ours_all, bare_all, "≤1.2×"),
        BenchRow("导入10个报送包到空的镇本级", ours_in, bare_in, "≤1.3×",
                 "裸库：openpyxl 只读读取 + sqlite3 插入同样的行"),
    ]
