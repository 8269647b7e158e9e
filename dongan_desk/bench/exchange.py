"""``main.py bench`` section: 报送 on the reference town — export of its largest village and of
all ten, import of the ten packages into an empty township, and the next month's ten into a
township that holds the first ones (each snapshot replaced) — against the bare libraries doing
the same work in the same run: openpyxl write-only writing the same cells and msoffcrypto-tool
encrypting the workbook with a password; msoffcrypto-tool decrypting it, openpyxl read-only
reading it, plus plain ``sqlite3`` inserting (or deleting and inserting again) the same rows.
A row of its own gives what the encryption alone costs (the largest village's package)."""
from __future__ import annotations

import io
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import msoffcrypto
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook

BARE_PASSWORD = "ABCD-EFGH-JKMN-PQRS"


def _decrypted(path: Path, password: str) -> io.BytesIO:
    office = msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes()))
    office.load_key(password=password, verify_password=True)
    out = io.BytesIO()
    office.decrypt(out, verify_integrity=True)
    out.seek(0)
    return out


def _sheets_of(path: Path, password: str) -> dict[str, list[tuple]]:
    wb = load_workbook(_decrypted(path, password), read_only=True)
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
    clear = io.BytesIO()
    wb.save(clear)
    with open(target, "wb") as out:
        OOXMLFile(io.BytesIO(clear.getvalue())).encrypt(BARE_PASSWORD, out)


def _bare_import(paths: list[Path], database: Path, names: list[str] | None = None) -> None:
    """Each package's sheets into tables of its own; ``names`` (one per path) name the tables,
    so the next month's packages replace the rows of the same tables."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=full")
    for index, path in enumerate(paths):
        wb = load_workbook(_decrypted(path, BARE_PASSWORD), read_only=True)
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
    from ..exchange.protection import protect
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
        contents = [_sheets_of(p, access_code_of(u)) for p, u in zip(packages, units)]
        one = contents[units.index(largest)]
        bare_one = _median(lambda: _bare_write(one, fresh() / "bare.xlsx"), repeat)
        bare_all = _median(lambda: [_bare_write(c, fresh() / "bare.xlsx") for c in contents], repeat)
        bare_files: list[Path] = []

        def bare_write_all():
            folder = fresh()
            bare_files[:] = [folder / f"{i}.xlsx" for i in range(len(contents))]
            for content, target in zip(contents, bare_files):
                _bare_write(content, target)

        bare_write_all()
        clear_one = _decrypted(packages[units.index(largest)], access_code_of(largest)).getvalue()
        encrypt_one = _median(lambda: protect(clear_one, access_code_of(largest)), repeat)

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
        bare_in = _median(lambda: _bare_import(bare_files, fresh() / "bare.db"), repeat)

        second = [export_package(u, fresh()).path for u in units]  # next month: 第2次 each
        bare_first = list(bare_files)
        bare_write_all()  # the bare next month's files
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
        _bare_import(bare_first, bare_held, names)
        bare_again = _timed_after(lambda: shutil.copy(bare_held, bare_working),
                                  lambda: _bare_import(bare_files, bare_working, names), repeat)
    return [
        BenchRow(f"导出报送包（最大的村 {largest.name}）", ours_one, bare_one, "≤1.2×",
                 "含加密；裸库：openpyxl 只写模式写同样的单元格 + msoffcrypto 加密"),
        BenchRow("其中：报送包加密（最大的村）", encrypt_one, None, "",
                 "msoffcrypto ECMA-376 Agile，10万轮 SHA-512 的密钥派生占大半"),
        BenchRow("导出报送包（全镇10个村）", ours_all, bare_all, "≤1.2×"),
        BenchRow("导入10个报送包到空的镇本级", ours_in, bare_in, "≤1.3×",
                 "裸库：msoffcrypto 解密 + openpyxl 只读读取 + sqlite3 插入同样的行"),
        BenchRow("第2次导入10个报送包（替换已有的）", ours_again, bare_again, "≤1.3×",
                 "裸库：同上，先删除该村各表原有的行"),
    ]
