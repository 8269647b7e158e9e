"""Passwords: 修改我的密码 (everyone; forced at the first login after a 管理员 set the password),
a 管理员 resetting someone's, and 用恢复码重设 (the last 管理员's path back). Each refusal is the
store's message beside its field; nothing changes until every field is right."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from ..errors import ValidationError
from ..store import accounts, session
from ..store.models.accounts import Account
from .widgets import FormDialog

PASSWORD_RULE = (f"{accounts.PASSWORD_MIN}–{accounts.PASSWORD_MAX}位，字母、数字、汉字、符号都可以，"
                 "区分大小写；不能和账号相同，也不能只用一两个重复的字符。")
NOT_THE_SAME = "两次输入的密码不一样，请重新输入。"


class PasswordForm(FormDialog):
    """A form with password fields (shown as dots), each with a red line for its problem."""

    def secret(self, frame: ttk.Frame, name: str, label: str, hint: str = "") -> ttk.Entry:
        entry = self.plain(frame, name, label, hint=hint)
        entry.configure(show="•")
        return entry

    def plain(self, frame: ttk.Frame, name: str, label: str, value: str = "",
              hint: str = "") -> ttk.Entry:
        entry = self.entry(frame, name, label, value, width=30)
        if hint:  # wrapped: a rule is a sentence, the dialog stays narrow
            ttk.Label(frame, text=hint, bootstyle="secondary", wraplength=400,
                      justify="left").grid(row=self._row, column=1, sticky="w")
            self._row += 1
        self.problem_line(frame, name)
        return entry

    def new_password_fields(self, frame: ttk.Frame, label: str = "新密码") -> None:
        self.secret(frame, "password", label, PASSWORD_RULE)
        self.secret(frame, "repeat", "再输一次")

    def typed_password(self, name: str = "") -> str:
        """The new password once both fields agree and the store's rules take it."""
        password = self.value("password")
        problems: dict[str, str] = {}
        try:
            accounts.check_password(password, name)
        except ValidationError as exc:
            problems.update(exc.problems)
        if password != self.value("repeat"):
            problems["repeat"] = NOT_THE_SAME
        if problems:
            raise ValidationError(problems)
        return password

    def save(self) -> None:
        self.show_problems({})
        super().save()


class ChangePasswordDialog(PasswordForm):
    """设置 → 修改我的密码…; with ``forced``, the first login after a 管理员 set the password
    (取消 then means 退出登录: the caller goes back to the login)."""

    permission = None

    def __init__(self, master: tk.Misc, account: Account, forced: bool = False):
        self.account, self.forced = account, forced
        super().__init__(master, "请修改初始密码" if forced else "修改我的密码")
        if forced:
            self.cancel_button.configure(text="退出登录")

    def body(self, frame: ttk.Frame) -> None:
        if self.forced:
            ttk.Label(frame, text=f"账号“{self.account.name}”的密码是管理员设的。请改成只有您自己知道的密码，"
                                  "改好后才能使用。", wraplength=460, justify="left").grid(
                row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 8))
            self._row += 1
        self.secret(frame, "old", "刚才登录用的密码" if self.forced else "原密码")
        self.new_password_fields(frame)

    def apply(self) -> bool:
        accounts.change_own_password(self.account, self.value("old"),
                                     self.typed_password(self.account.name))
        return True


class ResetPasswordDialog(PasswordForm):
    """A 管理员 sets a forgotten password; the owner must change it at the next login."""

    permission = session.ACCOUNTS

    def __init__(self, master: tk.Misc, account: Account):
        self.account = account
        super().__init__(master, f"重设密码：{account.name}")

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text=f"为账号“{self.account.name}”设一个初始密码，当面告诉本人。"
                              "本人下次登录时要改成只有自己知道的密码。", wraplength=460,
                  justify="left").grid(row=self._row, column=0, columnspan=2, sticky="w",
                                       pady=(0, 8))
        self._row += 1
        self.new_password_fields(frame, "初始密码")

    def apply(self) -> bool:
        accounts.reset_password(self.account, self.typed_password(self.account.name))
        return True


class RecoverWithCodeDialog(PasswordForm):
    """恢复码, 管理员账号, 新密码 twice → ``accounts.recover_with_code``. ``result``:
    (account, the new 恢复码, the new password)."""

    permission = None

    def __init__(self, master: tk.Misc, name: str = ""):
        self.typed_name = name
        super().__init__(master, "用恢复码重设管理员密码")
        self.save_button.configure(text="重设密码")

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text="拿出锁在文件柜里的《恢复码单》，照抄上面的恢复码（大小写、空格、横线都可以）。"
                              "重设后原来的恢复码作废，程序会给出新的恢复码，请打印新的恢复码单换下旧的。",
                  wraplength=460, justify="left").grid(row=self._row, column=0, columnspan=2,
                                                       sticky="w", pady=(0, 8))
        self._row += 1
        self.plain(frame, "code", "恢复码", hint="20位，形如 ABCD-EFGH-JKMN-PQRS-TUVW")
        self.plain(frame, "name", "管理员" + Account.label("name"), self.typed_name)
        self.new_password_fields(frame)
        if self.typed_name:
            self.after_idle(lambda: self.fields["code"].focus_set())

    def apply(self) -> tuple[Account, str, str]:
        wait = accounts.login_wait()
        if wait:
            raise ValidationError(f"错误次数太多，请 {wait} 秒后再试。")
        name = self.value("name")
        if not name.strip():
            raise ValidationError({"name": "请填写要重设密码的管理员账号。"})
        password = self.typed_password(name.strip())
        account, fresh = accounts.recover_with_code(self.value("code"), name, password)
        return account, fresh, password


def account_problems(name: str, full_name: str, password: str, repeat: str) -> dict[str, str]:
    """A new account's fields checked all at once with the store's rules (the store stops at
    the first), so the clerk sees every problem beside its field in one go."""
    from ..validation import collect

    problems: dict[str, str] = {}
    clean = collect(problems, "name", lambda: accounts.clean_account_name(name))
    collect(problems, "full_name", lambda: check_full_name(full_name))
    collect(problems, "password", lambda: accounts.check_password(password, clean or ""))
    if "password" not in problems and password != repeat:
        problems["repeat"] = NOT_THE_SAME
    return problems


def check_full_name(text: str) -> str:
    """An account's 姓名 as the store checks it (raises with the message)."""
    from ..validation import clean_name
    return clean_name(text, label="姓名", limit=accounts.FULL_NAME_LIMIT)
