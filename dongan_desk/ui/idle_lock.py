"""The lock of the shared office PC: after ``accounts.idle_minutes()`` without a key or a mouse
event in the program (or at 文件 → 锁定, Ctrl+L), nothing of the data stays readable: the main
window's content gives way to the lock screen, the menus go, every open dialog and message is
withdrawn (and one that opens meanwhile is withdrawn too), the title says 已锁定. The lock
screen asks for the same account's password through ``accounts.login``, so wrong tries count
and wait as at the login; 退出程序 is there for whoever cannot unlock.

Decision: while a long job runs in the background (an export, an import, a backup: its progress
window shows no data), the timer does not lock. The job's end brings its messages and a
refreshed window, and the person who started it is waiting for that; the idle time keeps
counting, so the window locks at the first check after the job when nobody touched it.
文件 → 锁定 locks at once, job or not: the job's messages are then withdrawn like the rest."""
from __future__ import annotations

import time
import tkinter as tk
from typing import Any

import ttkbootstrap as ttk

from ..store import accounts, audit, session
from . import background
from .login_view import LoginTry, password_entry

POLL_MS = 5000        # how often the idle time is looked at
GUARD_MS = 250        # while locked: how soon a window that opens is withdrawn again
_ACTIVITY = ("<KeyPress>", "<ButtonPress>", "<Motion>", "<MouseWheel>")


def allowed_seconds() -> float:
    return accounts.idle_minutes() * 60.0


def note_activity(root: tk.Misc) -> None:
    root._dongan_last_activity = time.time()  # wall clock: a PC asleep for an hour was idle


def watch_activity(root: tk.Misc) -> None:
    """Every key and mouse event of the program's windows notes the time (bound once a root)."""
    if getattr(root, "_dongan_watching", False):
        return
    root._dongan_watching = True
    for sequence in _ACTIVITY:
        root.bind_all(sequence, lambda e: note_activity(root), add="+")


def idle_seconds(root: tk.Misc) -> float:
    last = getattr(root, "_dongan_last_activity", None)
    now = time.time()
    if last is None or now < last:  # the clock was set back: count from now
        note_activity(root)
        return 0.0
    return now - last


def shown_toplevels(root: tk.Misc) -> list[str]:
    """The program's windows on screen besides the main one (dialogs, messages, pickers),
    Tk's own file dialogs included."""
    return [str(path) for path in root.tk.splitlist(root.tk.call("wm", "stackorder", root))
            if str(path) != str(root)]


class IdleLock:
    """One per main window of a logged-in account."""

    def __init__(self, window: Any):
        self.window, self.root = window, window.root
        self.screen: LockScreen | None = None
        self.hidden: list[str] = []
        self.grab = ""
        self._saved: dict[str, Any] = {}
        watch_activity(self.root)
        note_activity(self.root)  # a new window starts its own count
        self._job = self.window.after(POLL_MS, self._check)
        self.window.bind("<Destroy>", self._window_gone, add="+")

    def _window_gone(self, event: tk.Event) -> None:
        """The window closed while locked (the program ends): the root's title and the lock
        screen go with it."""
        if event.widget is self.window and self.screen is not None:
            self.root.title(self._saved["title"])
            self.screen.destroy()
            self.screen = None

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def _check(self) -> None:
        if not self.window.winfo_exists():
            return
        if not self.locked and not background.busy() \
                and idle_seconds(self.root) >= allowed_seconds():
            self.lock(f"无操作 {accounts.idle_minutes()} 分钟，自动锁屏")
        self._job = self.window.after(POLL_MS, self._check)

    def lock(self, reason: str = "手动锁屏（文件 → 锁定）") -> None:
        if self.locked or session.current().account_id is None:
            return
        audit.record("lock", detail=reason)
        root = self.root
        self.grab = ""
        self._release_grabs()
        self.hidden = []
        self._hide_new()
        self._saved = {"title": root.title(), "role": session.current().role,
                       "pack": self.window.pack_info() if self.window.winfo_manager() else None}
        self._menus("disabled")  # kept in place: a menubar taken off and put back is cloned anew
        root.title(f"{self._saved['title']}（已锁定）")
        self.window.pack_forget()
        self.screen = LockScreen(root, self)
        self.screen.pack(fill="both", expand=True)
        # The keyboard was in a dialog now withdrawn: take it for the password, in this program.
        self.screen.after(50, lambda: self.screen is not None and self.screen.password.focus_force())
        self.screen.after(GUARD_MS, self._guard)

    def _menus(self, state: str) -> None:
        """文件, 设置, 帮助 closed (or open again): nothing to pick while locked."""
        menubar = self.window.menubar
        for index in range((menubar.index("end") or 0) + 1):
            if menubar.type(index) == "cascade":
                menubar.entryconfigure(index, state=state)

    def _hide_new(self) -> None:
        for path in shown_toplevels(self.root):
            self.root.tk.call("wm", "withdraw", path)
            if path not in self.hidden:
                self.hidden.append(path)

    def _guard(self) -> None:
        """While locked: a message or dialog that came up meanwhile (a job's end) goes too,
        and takes no grab from the lock screen."""
        if not self.locked or not self.screen.winfo_exists() or self.screen.leaving:
            return
        self._hide_new()
        self._release_grabs()
        self.screen.after(GUARD_MS, self._guard)

    def _release_grabs(self) -> None:
        """A modal dialog's grab would keep the lock screen from the keyboard and the mouse:
        released (the last one is set again at the unlock)."""
        for path in self.root.tk.splitlist(self.root.tk.call("grab", "current")):
            path = str(path)
            if self.screen is None or not path.startswith(str(self.screen)):
                self.root.tk.call("grab", "release", path)
                self.grab = path

    def unlock(self) -> None:
        """After the password was right: everything back as it was."""
        root, saved = self.root, self._saved
        self.screen.destroy()
        self.screen = None
        if saved.get("pack") is not None:
            self.window.pack(saved["pack"])
        self._menus("normal")
        root.title(saved["title"])
        for path in self.hidden:
            if int(root.tk.call("winfo", "exists", path)):
                root.tk.call("wm", "deiconify", path)
        self.hidden = []
        if self.grab and int(root.tk.call("winfo", "exists", self.grab)):
            try:
                root.tk.call("grab", "set", self.grab)
            except tk.TclError:  # not viewable yet: the dialog sets its own grab again
                pass
        self.grab = ""
        note_activity(root)
        if session.current().role != saved["role"]:  # changed in the database meanwhile
            self.window.signed_in_again()


class LockScreen(ttk.Frame):
    """已锁定: the account, its password, 解锁 (Enter), and 退出程序."""

    def __init__(self, master: tk.Misc, lock: IdleLock):
        super().__init__(master)
        self.lock, self.leaving = lock, False
        current = session.current()
        card = ttk.Frame(self, padding=30)
        card.place(relx=0.5, rely=0.2, anchor="n")
        ttk.Label(card, text="东安台账已锁定", font=("", 22, "bold")).grid(
            row=0, column=0, columnspan=2)
        ttk.Label(card, text=f"当前账号：{current.account}（{current.role_label}），"
                             f"{time.strftime('%H:%M')} 锁定", bootstyle="secondary",
                  font=("", 12)).grid(row=1, column=0, columnspan=2, pady=(4, 18))
        self.password = password_entry(card, 2, "密码")
        self.unlock_button = ttk.Button(card, text="解锁", bootstyle="primary", width=10,
                                        command=self.submit)
        self.unlock_button.grid(row=4, column=1, sticky="w", pady=(10, 0))
        self.message = ttk.Label(card, text="请输入本账号的密码解锁。", bootstyle="secondary",
                                 justify="left", wraplength=420)
        self.message.grid(row=5, column=0, columnspan=2, sticky="w", pady=(12, 0))
        ttk.Separator(card).grid(row=6, column=0, columnspan=2, sticky="ew", pady=16)
        ttk.Label(card, text="不是本人，或忘了密码：可以退出程序，再用自己的账号登录。\n"
                             "退出会关闭所有打开的窗口，没有保存的内容不会保存。",
                  bootstyle="secondary", justify="left", wraplength=420).grid(
            row=7, column=0, columnspan=2, sticky="w")
        self.quit_button = ttk.Button(card, text="退出程序", bootstyle="secondary-outline",
                                      command=self.quit_program)
        self.quit_button.grid(row=8, column=0, columnspan=2, sticky="w", pady=(8, 0))
        self.tries = LoginTry(self.unlock_button, self.message)
        self.password.bind("<Return>", lambda e: self.submit())
        self.password.bind("<KP_Enter>", lambda e: self.submit())
        self.tries.wait_if_needed()

    def submit(self) -> None:
        started = self.tries.attempt(session.current().account, self.password.get())
        self.password.delete(0, "end")
        if started is None:
            self.password.focus_set()
            return
        self.tries.cancel()
        self.lock.unlock()

    def quit_program(self) -> None:
        self.leaving = True  # the question about a running job must not be withdrawn
        if not self.lock.window.close(reason="锁屏时退出程序"):
            self.leaving = False
            self.after(GUARD_MS, self.lock._guard)
