"""Before the window opens, in this order: one program per data folder, a sound database
(a damaged one is never opened for writing; the newest good backup is offered), the day's
first backup, then the database is opened."""
from __future__ import annotations

import logging
import tkinter as tk
from dataclasses import dataclass
from pathlib import Path

from .. import paths, single_instance
from ..store import integrity
from ..store.backup import BackupError, daily_backup_if_due
from ..store.database import DatabaseError
from ..store.opening import open_database
from ..store.restore import newest_good_backup, restore
from . import messages

log = logging.getLogger(__name__)
POKE_POLL_MS = 400
EXIT_ALREADY_OPEN, EXIT_NOT_OPENED = 0, 2


@dataclass
class Started:
    lock: single_instance.InstanceLock
    note: str  # for the status bar: how the day's backup went


def prepare(root: tk.Misc, data_dir: Path) -> Started | int:
    """The checks before the window; a ``Started`` to go on, or the exit code to stop with."""
    try:
        lock = single_instance.acquire(data_dir)
    except single_instance.AlreadyRunning as exc:
        log.info("第二次启动：%s", exc)
        # The message first, then the poke: a window raised before it would hide the message.
        messages.show_info(root, f"{exc}\n点“确定”后切换到已经打开的窗口。", title="东安台账已经打开")
        single_instance.poke(data_dir)
        return EXIT_ALREADY_OPEN
    database = paths.database_path(data_dir)
    try:
        if not sound_or_restored(root, database):
            lock.release()
            return EXIT_NOT_OPENED
        note = daily_backup(database)
        open_database(database)
    except DatabaseError as exc:
        log.error("打不开数据库：%s", exc)
        messages.show_error(root, str(exc), title="打不开数据库")
        lock.release()
        return EXIT_NOT_OPENED
    lock.listen()
    return Started(lock, note)


def sound_or_restored(root: tk.Misc, database: Path) -> bool:
    """True when the database passes its quick check, or was just restored from a backup."""
    problems = integrity.check_file(database)
    if not problems:
        return True
    message = integrity.damaged_message(database, problems)
    log.error("数据库损坏：%s", problems)
    good = newest_good_backup(database)
    if good is None:
        messages.show_error(root, message + "\n备份文件夹中也没有完好的备份。请不要删除数据文件夹，"
                                            "联系技术人员处理。", title="数据库已损坏")
        return False
    question = (f"{message}\n\n最新的完好备份是：{good.describe()}。\n要用这份备份恢复吗？\n\n"
                "损坏的文件会留存在 backups 文件夹中，供技术人员查看；"
                "这份备份之后录入的内容需要重新录入。选“否”则程序退出。")
    if not messages.ask_yes_no(root, question, title="数据库已损坏"):
        return False
    try:
        result = restore(good.path, database)
    except BackupError as exc:
        log.error("恢复失败：%s", exc)
        messages.show_error(root, str(exc), title="恢复没有完成")
        return False
    kept = f"\n损坏的文件留存为：{result.previous}" if result.previous else ""
    messages.show_info(root, f"已用备份恢复：{good.describe()}。{kept}", title="已恢复")
    return True


def daily_backup(database: Path) -> str:
    try:
        made = daily_backup_if_due(database)
    except BackupError as exc:  # the day's backup failing must not keep the office out
        log.warning("每日备份没有完成：%s", exc)
        return f"今天的自动备份没有完成：{exc}"
    return f"已完成今天的自动备份：{made.name}" if made else ""


def watch_for_second_start(root: tk.Misc, lock: single_instance.InstanceLock) -> None:
    """Bring the window forward when a second start pokes us (polled: Tk is single-threaded)."""
    def check() -> None:
        if not lock.held or not root.winfo_exists():
            return
        if lock.poked.is_set():
            lock.poked.clear()
            bring_to_front(root)
        root.after(POKE_POLL_MS, check)

    root.after(POKE_POLL_MS, check)


def bring_to_front(root: tk.Misc) -> None:
    root.deiconify()
    root.lift()
    # Windows only lets the foreground program raise windows; a moment of "topmost" gets past it.
    root.attributes("-topmost", True)
    root.after(300, lambda: root.winfo_exists() and root.attributes("-topmost", False))
    root.focus_force()
