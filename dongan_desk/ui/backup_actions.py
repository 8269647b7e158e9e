"""文件 → 备份到… (e.g. a USB stick; the copy there is encrypted) and 文件 → 从备份恢复… (an
encrypted backup asks for the 接入码 or 恢复码 first)."""
from __future__ import annotations

import logging
import tkinter as tk
from pathlib import Path

import ttkbootstrap as ttk

from .. import units
from ..store.backup import BackupError, backup_to, backups_dir
from ..store.envelope import Header
from ..store.restore import (PASSWORD_PROMPT, BackupPasswordNeeded, WrongBackupPassword,
                             inspect_backup, restore)
from . import files, messages

log = logging.getLogger(__name__)
BACKUP_TYPES = [("东安台账备份", "*.db *.dbak"), ("所有文件", "*.*")]


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


class PasswordDialog(ttk.Toplevel):
    """Asks for the password of an encrypted backup; ``result`` is what was typed, or None."""

    def __init__(self, master: tk.Misc, path: Path, header: Header | None, problem: str = ""):
        super().__init__(title="备份已加密", master=master, resizable=(False, False),
                         transient=master)
        self.result: str | None = None
        frame = ttk.Frame(self, padding=16)
        frame.pack(fill="both", expand=True)
        whose = f"{header.unit_name or '（未设置单位）'}，{header.made_at:%Y-%m-%d %H:%M} 备份" if header else ""
        ttk.Label(frame, text=f"{PASSWORD_PROMPT}。", font=("", 11, "bold")).pack(anchor="w")
        ttk.Label(frame, text=f"文件：{path.name}\n{whose}", justify="left",
                  wraplength=420).pack(anchor="w", pady=(6, 8))
        ttk.Label(frame, text="接入码是镇里给的16位（形如 K7QM-3XWA-9TPR-CE4H），恢复码在《恢复码单》上（20位）；"
                              "大小写、空格和短横线都可以不管。", justify="left", wraplength=420).pack(anchor="w")
        self.entry = ttk.Entry(frame, width=34, font=("", 12))
        self.entry.pack(anchor="w", pady=(8, 4), fill="x")
        self.problem = ttk.Label(frame, text=problem, bootstyle="danger", justify="left", wraplength=420)
        self.problem.pack(anchor="w")
        buttons = ttk.Frame(frame)
        buttons.pack(anchor="e", pady=(10, 0))
        ttk.Button(buttons, text="确定", command=self.ok, bootstyle="primary").pack(side="right")
        ttk.Button(buttons, text="取消", command=self.cancel, bootstyle="secondary").pack(side="right", padx=6)
        self.bind("<Return>", lambda _e: self.ok())
        self.bind("<Escape>", lambda _e: self.cancel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.place_window_center()
        self.entry.focus_set()
        self.grab_set()

    def ok(self) -> None:
        typed = self.entry.get().strip()
        if not typed:
            self.problem.configure(text="请输入接入码或恢复码。")
            return
        self.result = typed
        self.destroy()

    def cancel(self) -> None:
        self.result = None
        self.destroy()


def ask_backup_password(parent: tk.Misc, path: Path, header: Header | None,
                        problem: str = "") -> str | None:
    """The password typed for an encrypted backup, or None when the clerk cancelled."""
    dialog = PasswordDialog(parent, path, header, problem)
    parent.wait_window(dialog)
    return dialog.result


def checked_backup(window, path: Path) -> tuple | None:
    """``(info, password)`` of a backup that passed its checks (an encrypted one asked for its
    password until it opens), or None when it cannot be used or the clerk cancelled."""
    password, header, problem = None, None, ""
    while True:
        try:
            return inspect_backup(path, password), password
        except BackupPasswordNeeded as exc:
            header = exc.header
        except WrongBackupPassword as exc:
            problem = str(exc)
        except BackupError as exc:
            messages.show_error(window, str(exc), title="不能用这个文件恢复")
            return None
        password = ask_backup_password(window, path, header, problem)
        if password is None:
            return None


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
    messages.show_info(window, f"已备份到：\n{target}\n\n这份备份已加密，恢复时要输入本村的接入码或恢复码。"
                               "拔出 U 盘前，请先在 Windows 右下角“安全删除硬件并弹出媒体”。",
                       title="备份完成")


def restore_from_backup(window) -> None:
    """Pick a backup, check it, confirm, restore, and show the restored data in a new window."""
    path = choose_backup_file(window, backups_dir())
    if path is None:
        return
    checked = checked_backup(window, path)
    if checked is None:
        return
    info, password = checked
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
        result = restore(path, password=password)
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
