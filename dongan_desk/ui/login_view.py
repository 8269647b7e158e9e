"""登录 at every start, in the window, before anything of the data is built; and the pieces the
lock screen shares with it: a 登录 button that waits out the store's growing delay after wrong
passwords, counting down."""
from __future__ import annotations

import re
import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from .. import units
from ..store import accounts
from ..store.models.accounts import Account
from ..store.session import Session
from .fields import caps_lock_warning

FORGOT = ("忘记了密码：请另一位管理员登录，在“设置”菜单的“账号管理”里为您重设密码"
          "（重设后第一次登录时，要改成只有您自己知道的密码）。\n\n"
          "本机只有一位管理员、他又忘了密码时：拿出锁在文件柜里的《恢复码单》，点下面的“用恢复码重设…”。")
_WAIT = re.compile(r"请 \d+ 秒后再试。")


def with_wait(text: str, wait: str) -> str:
    """The refusal with its "请 N 秒后再试。" replaced by ``wait`` (or ``wait`` added)."""
    return _WAIT.sub(wait, text) if _WAIT.search(text) else text + wait


class LoginTry:
    """One 登录 button and the line under it. A refusal says why; while the store makes the
    next try wait, the button is disabled and the seconds count down."""

    def __init__(self, button: ttk.Button, message: ttk.Label):
        self.button, self.message = button, message
        self.label = str(button.cget("text"))
        self._job: str | None = None
        self.waiting = 0

    def attempt(self, name: str, password: str) -> Session | None:
        if self.waiting:
            return None
        try:
            return accounts.login(name, password)
        except accounts.LoginRefused as exc:
            self.refused(exc.message, exc.wait_seconds)
            return None

    def refused(self, text: str, wait: int = 0) -> None:
        self.message.configure(text=text, bootstyle="danger")
        if wait:
            self.wait(wait, text)

    def wait_if_needed(self) -> None:
        """At the start: a wait left from wrong tries before (another start, the lock)."""
        wait = accounts.login_wait()
        if wait:
            self.wait(wait, f"密码错误次数太多，请 {wait} 秒后再试。")

    def wait(self, seconds: int, text: str) -> None:
        self.cancel()
        self.waiting = seconds
        self._tick(text)

    def _tick(self, text: str) -> None:
        if not self.button.winfo_exists():
            return
        if self.waiting <= 0:
            self._job = None
            self.button.configure(state="normal", text=self.label)
            self.message.configure(text=with_wait(text, "现在可以再试。"))
            return
        self.message.configure(text=with_wait(text, f"请 {self.waiting} 秒后再试。"),
                               bootstyle="danger")
        self.button.configure(state="disabled", text=f"{self.label}（{self.waiting} 秒）")
        self.waiting -= 1
        self._job = self.button.after(1000, lambda: self._tick(text))

    def cancel(self) -> None:
        if self._job is not None:
            try:
                self.button.after_cancel(self._job)
            except tk.TclError:
                pass
            self._job = None


def password_entry(frame: ttk.Frame, row: int, label: str) -> ttk.Entry:
    """A password field with its label, and a line under it that warns of Caps Lock."""
    ttk.Label(frame, text=label + "：").grid(row=row, column=0, sticky="e", pady=4)
    entry = ttk.Entry(frame, width=28, show="•")
    entry.grid(row=row, column=1, sticky="w", pady=4)
    caps = ttk.Label(frame, text="", bootstyle="warning")
    caps.grid(row=row + 1, column=1, sticky="w")
    caps_lock_warning(entry, caps)
    return entry


def last_account_name() -> str:
    """The account that logged in last on this PC: its name is offered (not a secret)."""
    account = (Account.select().where(Account.last_login.is_null(False), Account.active == True)  # noqa: E712
               .order_by(Account.last_login.desc()).first())
    return account.name if account else ""


class LoginView(ttk.Frame):
    """账号, 密码, 登录 (Enter). ``on_login()`` is called once the session has begun."""

    def __init__(self, master: tk.Misc, data_dir: Path | None, on_login: Callable[[], None],
                 note: str = "", name: str = ""):
        super().__init__(master)
        self.data_dir, self.on_login = data_dir, on_login
        card = ttk.Frame(self, padding=30)
        card.place(relx=0.5, rely=0.2, anchor="n")  # stays put when 忘记密码？ opens below
        ttk.Label(card, text="东安台账", font=("", 22, "bold")).grid(row=0, column=0, columnspan=3)
        ttk.Label(card, text=f"本机单位：{units.home_unit().name}", bootstyle="secondary",
                  font=("", 12)).grid(row=1, column=0, columnspan=3, pady=(2, 18))
        ttk.Label(card, text=Account.label("name") + "：").grid(row=2, column=0, sticky="e", pady=4)
        self.name = ttk.Entry(card, width=28)
        self.name.grid(row=2, column=1, sticky="w", pady=4)
        self.name.insert(0, name or last_account_name())
        self.password = password_entry(card, 3, "密码")
        buttons = ttk.Frame(card)
        buttons.grid(row=5, column=1, sticky="w", pady=(10, 0))
        self.login_button = ttk.Button(buttons, text="登录", command=self.submit,
                                       bootstyle="primary", width=10)
        self.login_button.pack(side="left")
        self.forgot_button = ttk.Button(buttons, text="忘记密码？", bootstyle="link",
                                        command=self.show_forgot)
        self.forgot_button.pack(side="left", padx=(12, 0))
        self.message = ttk.Label(card, text=note, bootstyle="secondary", justify="left",
                                 wraplength=420)
        self.message.grid(row=6, column=0, columnspan=3, sticky="w", pady=(12, 0))
        self.forgot = ttk.Frame(card)
        ttk.Label(self.forgot, text=FORGOT, justify="left", wraplength=440).pack(anchor="w")
        self.recover_button = ttk.Button(self.forgot, text="用恢复码重设…",
                                         bootstyle="secondary-outline", command=self.recover)
        self.recover_button.pack(anchor="w", pady=(8, 0))
        self.tries = LoginTry(self.login_button, self.message)
        for entry in (self.name, self.password):
            entry.bind("<Return>", lambda e: self.submit())
            entry.bind("<KP_Enter>", lambda e: self.submit())
        self.tries.wait_if_needed()
        (self.password if self.name.get() else self.name).focus_set()

    def submit(self) -> None:
        if self.tries.waiting:
            return
        if not self.name.get().strip():
            self.message.configure(text="请填写账号。", bootstyle="danger")
            self.name.focus_set()
            return
        started = self.tries.attempt(self.name.get(), self.password.get())
        self.password.delete(0, "end")
        if started is None:
            self.password.focus_set()
            return
        self.tries.cancel()
        self.on_login()

    def show_forgot(self) -> None:
        self.forgot.grid(row=7, column=0, columnspan=3, sticky="w", pady=(14, 0))

    def recover(self) -> Account | None:
        """The last 管理员's path back: the 恢复码 resets a 管理员's password; then the new 恢复码
        to print, and in with the new password."""
        from .password_dialogs import RecoverWithCodeDialog
        dialog = RecoverWithCodeDialog(self, self.name.get())
        self.wait_window(dialog)
        if dialog.result is None:
            return None
        account, fresh, password = dialog.result
        from .recovery_code import RecoveryCodeDialog
        shown = RecoveryCodeDialog(self, fresh, account, heading=(
            f"已为管理员“{account.name}”重设密码。原来的恢复码已作废，这是新的恢复码："))
        self.wait_window(shown)
        if self.winfo_exists() and self.tries.attempt(account.name, password) is not None:
            self.tries.cancel()
            self.on_login()
        return account
