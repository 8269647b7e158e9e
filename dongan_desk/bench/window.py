"""``main.py bench``: the main window's start until idle, in a new process, against a bare
ttkbootstrap window.

Since accounts (issue 13) the window opens on the login. The bench makes a 管理员 of its own in
the reference town and the started program logs in with it as the login view would
(``DONGAN_BENCH_LOGIN``, heeded only with ``DONGAN_BENCH_IDLE``, whose window closes at idle):
the time runs from the start to the main window idle, the login's password check (scrypt),
its audit row and the main window included; only the typing is left out."""
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


BENCH_ACCOUNT, BENCH_PASSWORD = "基准测试", "bench-window-2026"


def make_bench_account() -> None:
    """The 管理员 the timed window logs in as (the reference town has no accounts)."""
    from ..store import accounts
    if not accounts.has_accounts():
        accounts.create_first_admin(BENCH_ACCOUNT, BENCH_PASSWORD, "基准测试")


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
    make_bench_account()
    env = dict(os.environ, DONGAN_BENCH_IDLE="1",
               DONGAN_BENCH_LOGIN=f"{BENCH_ACCOUNT}:{BENCH_PASSWORD}")
    main_py = str(paths.program_dir() / "main.py")
    ours = [_time_until_idle([sys.executable, main_py, "--data-dir", str(town.data_dir)], env)
            for _ in range(town.repeat)]
    bare = [_time_until_idle([sys.executable, "-c", BARE_WINDOW], env) for _ in range(town.repeat)]
    return [BenchRow("主窗口启动到空闲（新进程）", statistics.median(ours), statistics.median(bare),
                     "≤1000 ms 且 ≤1.5×")]
