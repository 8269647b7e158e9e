"""What every section of ``main.py bench`` measures with: a row of the table, the town it runs
on, the median of a few runs, and a shown page against a bare Treeview."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import paths


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
    window_class: Callable | None = None  # the main window (run.py hands it: sections need not)

    @property
    def db_path(self) -> Path:
        return paths.database_path(self.data_dir)

    def tk_root(self):
        if self.root is None:
            from ..ui.job_windows import new_root
            self.root = new_root("bench")
        return self.root

    def main_window(self):
        """The program's window on the town, packed into the root."""
        window = self.window_class(self.tk_root(), self.data_dir)
        window.pack(fill="both", expand=True)
        return window


def median_ms(work: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


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
