"""``main.py bench``: the main window's start until idle, in a new process, against a bare
ttkbootstrap window."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from .. import paths
from .measure import BenchRow, BenchTown

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
