"""``python main.py bench``: speed on the reference town (DESIGN.md §8), side by side with the
bare libraries doing the same work in the same run. Medians in milliseconds; never a test.

The sections: the window's start, each ledger's from the registry, then the 报送包's export and
import. A section is a function ``(town: BenchTown) -> list[BenchRow]``."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from typing import Callable

from .. import paths
from ..ledgers.registry import LEDGERS, load
from .exchange import bench_exchange
from .measure import BenchRow, BenchTown
from .window import bench_window


def sections() -> list[Callable[[BenchTown], list[BenchRow]]]:
    return [bench_window, *(load(ledger.bench) for ledger in LEDGERS), bench_exchange]


def _main_window(root, data_dir):
    from ..ui.app import MainWindow
    return MainWindow(root, data_dir)


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
        town = BenchTown(data_dir, repeat, window, window_class=_main_window)
        rows: list[BenchRow] = []
        for section in sections():
            rows.extend(section(town))
        _print_rows(rows)
        if town.root is not None:
            town.root.destroy()
        close_database()
    return 0
