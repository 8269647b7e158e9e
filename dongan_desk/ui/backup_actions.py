"""文件 → 备份到… (e.g. a USB stick) and 文件 → 从备份恢复…."""
from __future__ import annotations

import logging
import tkinter as tk
from pathlib import Path

import ttkbootstrap as ttk

from .. import units
from ..store.backup import BackupError, backup_to, backups_dir
from ..store.restore import inspect_backup, restore
from . import files, messages

log = logging.getLogger(__name__)
BACKUP_TYPES = [("东安台账备份", "*.db"), ("所有文件", "*.*")]


def choose_folder(parent: tk.Misc) -> Path | None:
    return files.ask_folder(parent, "备份到", "备份到哪个文件夹？（例如 U 盘）")


def choose_backup_file(parent: tk.Misc, initial_dir: Path) -> Path | None:
    """Opens where a backup was last picked from (a USB stick), else in ``backups/``, where
    the automatic backups are: the one folder a restore usually needs."""
    return files.ask_open_file(parent, "从备份恢复", "选择用来恢复的备份文件", BACKUP_TYPES,
                               fallback=initial_dir)


class ProgressWindow(ttk.Toplevel):
    """A small modal window whose bar follows the backup's steps.

    The backup runs on the Tk thread, in steps, redrawing the bar between them: a worker
    thread could run the garbage collection of Tk objects, which blocks (LIBRARY-NOTES).
    """

    def __init__(self, master: tk.Misc, text: str):
        super().__init__(title="请稍候", master=master, resizable=(False, False), transient=master)
        ttk.Label(self, text=text, padding=(16, 12, 16, 6)).pack()
        self.bar = ttk.Progressbar(self, mode="determinate", maximum=100, length=320)
        self.bar.pack(padx=16, pady=(0, 14))
        self.protocol("WM_DELETE_WINDOW", lambda: None)  # a backup is not stopped halfway
        self.place_window_center()
        self.grab_set()  # no other clicks while it runs
        self.update()

    def show(self, fraction: float) -> None:
        self.bar.configure(value=round(fraction * 100))
        self.update_idletasks()  # redraw only: no clicks are handled in the middle of a step


def backup_to_folder(window) -> None:
    """Ask for a folder, back up there with a progress bar, and say how it went."""
    folder = choose_folder(window)
    if folder is None:
        return
    progress = ProgressWindow(window, f"正在备份到 {folder} ……")
    try:
        target = backup_to(folder, progress=progress.show)
    except BackupError as exc:
        target, failure = None, str(exc)
    finally:
        progress.destroy()  # also after a bug, or its grab would lock the window
    if target is None:
        window.status.say("备份没有完成")
        messages.show_error(window, failure, title="备份没有完成")
        return
    window.status.say(f"已备份到 {target}")
    messages.show_info(window, f"已备份到：\n{target}\n\n拔出 U 盘前，请先在 Windows 右下角"
                               "“安全删除硬件并弹出媒体”。", title="备份完成")


def restore_from_backup(window) -> None:
    """Pick a backup, check it, confirm, restore, and show the restored data in a new window."""
    path = choose_backup_file(window, backups_dir())
    if path is None:
        return
    try:
        info = inspect_backup(path)
    except BackupError as exc:
        messages.show_error(window, str(exc), title="不能用这个文件恢复")
        return
    home = units.home_unit()
    other = (f"\n\n注意：这份备份属于“{info.unit_name}”，不是本机单位“{home.name}”。"
             if info.unit_name != home.name else "")
    question = (f"要用这份备份替换现在的全部数据吗？\n\n备份：{info.describe()}\n文件：{path}{other}\n\n"
                "现在的数据会先备份到 backups 文件夹，需要时可以再恢复回来。")
    if not messages.ask_yes_no(window, question, title="从备份恢复"):
        return
    root = window.root
    root.configure(cursor="watch")
    root.update_idletasks()
    try:
        result = restore(path)
    except BackupError as exc:
        messages.show_error(window, str(exc), title="恢复没有完成")
        return
    finally:
        root.configure(cursor="")
    fresh = window.reopen()
    kept = f"\n恢复前的数据已备份为：{result.previous.name}" if result.previous else ""
    if hasattr(fresh, "status"):
        fresh.status.say(f"已从备份恢复：{info.describe()}")
    messages.show_info(fresh, f"已从备份恢复：{info.describe()}。{kept}", title="恢复完成")
