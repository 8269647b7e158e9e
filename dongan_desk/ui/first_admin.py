"""建立管理员账号: after the unit is set up (and on a database from the version before accounts,
which has a unit but nobody to log in as), before the main window. Then the 恢复码, big, with
the 恢复码单 to print; only then in, logged in as that 管理员."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from .. import units
from ..errors import ValidationError
from ..store import accounts
from ..store.models.accounts import Account
from .fields import HintedFields, caps_lock_warning
from .password_dialogs import PASSWORD_RULE, account_problems
from .recovery_code import RecoveryCodeBox

NAME_RULE = (f"登录时用的名字，最多{accounts.NAME_LIMIT}个字：汉字、字母、数字和 . _ - · 都可以，"
             "如 张文书 或 zhangwen")
FULL_NAME_RULE = "管理员本人的姓名，如 张文；显示在状态栏和审计记录里"
WHY = ("这台电脑由几个人共用：每人用自己的账号登录，谁录入、修改、导出了什么都记在审计记录里。"
       "先建立第一个管理员账号（一般是村文书或办公室负责人）；其他人的账号由管理员在“设置 → 账号管理”里添加。")
UPGRADED = ("这份数据来自没有账号的旧版本：数据都在，请先建立第一个管理员账号。")


class FirstAdminView(ttk.Frame):
    """账号, 姓名, 密码, 再输一次密码, each with its rule beside it (the problem in its place).
    ``on_done()`` once the clerk has the 恢复码 and is logged in."""

    def __init__(self, master: tk.Misc, on_done: Callable[[], None], upgraded: bool = False):
        super().__init__(master, padding=30)
        self.on_done = on_done
        self.account: Account | None = None
        self.code = ""
        ttk.Label(self, text="建立管理员账号", font=("", 20, "bold")).pack(anchor="w")
        ttk.Label(self, text=f"本机单位：{units.home_unit().name}", font=("", 12)).pack(
            anchor="w", pady=(4, 0))
        ttk.Label(self, text=(UPGRADED + "\n" if upgraded else "") + WHY, wraplength=900,
                  justify="left", bootstyle="secondary").pack(anchor="w", pady=(4, 16))
        self.form = ttk.Frame(self)
        self.form.pack(anchor="w", fill="x")
        self.form.columnconfigure(2, weight=1)
        self.fields = HintedFields(self.form, width=32)
        self.name = self.fields.entry(0, "name", Account.label("name"), NAME_RULE)
        self.full_name = self.fields.entry(1, "full_name", Account.label("full_name"), FULL_NAME_RULE)
        self.password = self.fields.entry(2, "password", "密码", PASSWORD_RULE, show="•")
        self.repeat = self.fields.entry(3, "repeat", "再输一次密码", "和上一行一样", show="•")
        caps = ttk.Label(self.form, text="", bootstyle="warning")
        caps.grid(row=4, column=1, sticky="w")
        for entry in (self.password, self.repeat):
            caps_lock_warning(entry, caps)
        for entry in self.fields.entries.values():
            entry.bind("<Return>", lambda e: self.submit())
        self.error = ttk.Label(self, text="", bootstyle="danger", justify="left", wraplength=800)
        self.error.pack(anchor="w", pady=6)
        self.ok_button = ttk.Button(self, text="建立管理员账号", command=self.submit,
                                    bootstyle="primary")
        self.ok_button.pack(anchor="w")
        self.name.focus_set()

    def problems(self) -> dict[str, str]:
        return account_problems(self.name.get(), self.full_name.get(), self.password.get(),
                                self.repeat.get())

    def submit(self) -> None:
        if self.account is not None:
            return
        problems = self.problems()
        if not problems:
            try:
                self.account, self.code = accounts.create_first_admin(
                    self.name.get(), self.password.get(), self.full_name.get())
            except ValidationError as exc:
                problems = exc.problems
        rest = self.fields.show_problems(problems)
        self.error.configure(text="\n".join(rest) or ("请按红字提示修改后再点“建立管理员账号”。"
                                                      if problems else ""))
        if problems:
            self.fields.focus_first_problem(problems)
            self.repeat.delete(0, "end")
            return
        self.show_code()

    def show_code(self) -> None:
        """The form gives way to the 恢复码; 继续 logs in as the new 管理员."""
        for widget in (self.form, self.error, self.ok_button):
            widget.pack_forget()
        self.code_box = RecoveryCodeBox(
            self, self.code, self.account, self._go_in,
            heading=f"管理员账号“{self.account.name}”已建立。这是本机的恢复码，只显示这一次：",
            wraplength=800)
        self.code_box.pack(anchor="w", fill="x", pady=(8, 0))

    def _go_in(self) -> None:
        accounts.login(self.account.name, self.password.get())
        self.destroy()
        self.on_done()
