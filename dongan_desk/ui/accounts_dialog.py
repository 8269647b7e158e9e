"""设置 → 账号管理… (管理员 only): the accounts of this PC, 新建账号 (the owner changes the
initial password at the first login), 修改角色或停用, 重设密码, and the idle-lock minutes.
Whatever the store refuses is its Chinese message beside the field, and nothing changes."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from ..errors import ValidationError
from ..store import accounts, session
from ..store.models.accounts import Account
from ..store.session import ROLE_LABELS, ROLES
from . import messages
from .lists import ListView
from .password_dialogs import PasswordForm, ResetPasswordDialog, account_problems, check_full_name
from .recovery_code import RecoveryCodeDialog
from .widgets import FormDialog

ROLE_TEXT = ("管理员：全部功能，包括账号管理、设置、审计记录和从备份恢复。\n"
             "录入员：录入和修改台账、导出报送包、备份、打印。\n"
             "查看员：只能查看和打印，敏感个人信息隐去。")
NAME_RULE = f"登录用，最多{accounts.NAME_LIMIT}个字：汉字、字母、数字和 . _ - ·"
OWN = ("这是您正在用的账号：改成别的角色后，菜单立即按新角色显示；停用则马上退出登录。"
       "最后一个管理员不能改角色或停用。")


def _role_box(master: tk.Misc, role: str) -> ttk.Combobox:
    box = ttk.Combobox(master, state="readonly", width=12, values=[label for _, label in ROLES])
    box.set(ROLE_LABELS[role])
    return box


def _role_code(label: str) -> str:
    return {text: code for code, text in ROLES}.get(label, "")


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "从未登录"


class AccountsWindow(ttk.Toplevel):
    """The list and its buttons; one open at a time."""

    def __init__(self, window: tk.Misc):
        session.require(session.ACCOUNTS)
        super().__init__(title="账号管理", master=window, resizable=(True, True))
        self.transient(window.winfo_toplevel())
        self.window = window
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=ROLE_TEXT, bootstyle="secondary", wraplength=760,
                  justify="left").pack(anchor="w", pady=(0, 8))
        columns = [(key, Account.label(key), 90) for key in
                   ("name", "full_name", "role", "active", "must_change", "last_login")]
        self.list = ListView(body, columns, height=8, request_width=None)
        self.tree = self.list.tree
        self.list.pack(fill="both", expand=True)
        self.tree.bind("<Double-1>", lambda e: self.edit())
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        for text, command in (("新建账号…", self.new), ("修改角色或停用…", self.edit),
                              ("重设密码…", self.reset), ("换发恢复码…", self.renew_recovery)):
            ttk.Button(buttons, text=text, command=command,
                       bootstyle="primary" if text.startswith("新建") else "secondary-outline").pack(
                side="left", padx=(0, 6))
        idle = ttk.Frame(body)
        idle.pack(fill="x", pady=(14, 0))
        ttk.Label(idle, text="无操作").pack(side="left")
        self.idle_entry = ttk.Entry(idle, width=5, justify="right")
        self.idle_entry.insert(0, str(accounts.idle_minutes()))
        self.idle_entry.pack(side="left", padx=4)
        low, high = accounts.IDLE_RANGE
        ttk.Label(idle, text=f"分钟后自动锁屏（{low}–{high}）").pack(side="left")
        ttk.Button(idle, text="保存", command=self.save_idle, bootstyle="secondary-outline").pack(
            side="left", padx=8)
        self.idle_message = ttk.Label(idle, text="", bootstyle="secondary")
        self.idle_message.pack(side="left")
        self.idle_entry.bind("<Return>", lambda e: self.save_idle())
        ttk.Button(body, text="关闭", command=self.destroy, bootstyle="secondary").pack(
            anchor="e", pady=(12, 0))
        self.bind("<Escape>", lambda e: self.destroy())
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self.tree.delete(*self.tree.get_children())
        for account in Account.select().order_by(Account.id):
            self.tree.insert("", "end", iid=str(account.id), values=(
                account.name, account.full_name, ROLE_LABELS.get(account.role, account.role),
                "是" if account.active else "否（已停用）", "是" if account.must_change else "",
                _when(account.last_login)))
        if select is not None and self.tree.exists(str(select)):
            self.tree.selection_set(str(select))
            self.tree.see(str(select))
        self.tree.fit()

    def selected(self) -> Account | None:
        chosen = self.tree.selection()
        if not chosen:
            messages.show_info(self, "请先在名单里选中一个账号。", title="账号管理")
            return None
        return Account.get_by_id(int(chosen[0]))

    def _after(self, dialog: FormDialog, done: str) -> None:
        self.wait_window(dialog)
        if dialog.result is not None and self.winfo_exists():
            self.reload(select=getattr(dialog.result, "id", None) or dialog.account.id)
            self.say(done)

    def say(self, text: str) -> None:
        from .files import say_in_status_bar
        say_in_status_bar(self.window, text)

    def new(self) -> None:
        dialog = NewAccountDialog(self)
        self._after(dialog, "已新建账号：对方第一次登录时要修改初始密码。")

    def edit(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = EditAccountDialog(self, account)
        self._after(dialog, f"已修改账号“{account.name}”。")
        if dialog.result is not None and dialog.own:
            self.own_account_changed(dialog.result)

    def own_account_changed(self, account: Account) -> None:
        """The 管理员 changed their own role or stopped their own account: it applies now."""
        current = session.current()
        if account.active and account.role == current.role:
            self.window.status.show_account()
            return
        self.destroy()
        if not account.active:
            self.window.log_out()
            return
        session.begin(session.Session(account.name, account.role, account.id))
        self.window.signed_in_again()

    def reset(self) -> None:
        account = self.selected()
        if account is not None:
            self._after(ResetPasswordDialog(self, account),
                        f"已重设“{account.name}”的密码：本人下次登录时要改成自己的密码。")

    def renew_recovery(self) -> None:
        """The 恢复码单 was lost or seen: a new code, shown once to print; the old one stops."""
        if not messages.ask_yes_no(self, "换发新的恢复码后，旧的《恢复码单》随即作废；以前 U 盘上的备份仍用旧恢复码"
                                   "或本村接入码打开。要换发吗？", title="换发恢复码"):
            return
        code = accounts.renew_recovery_code()
        me = Account.get_or_none(Account.id == session.current().account_id) or self.selected()
        RecoveryCodeDialog(self, code, me, "这是本机新的恢复码，旧的已作废。请打印《恢复码单》换下旧的。")
        self.say("已换发新的恢复码。")

    def save_idle(self) -> None:
        try:
            minutes = accounts.set_idle_minutes(self.idle_entry.get())
        except ValidationError as exc:
            self.idle_message.configure(text=exc.message, bootstyle="danger")
            return
        self.idle_message.configure(text=f"已保存：无操作 {minutes} 分钟后锁屏。", bootstyle="success")


class NewAccountDialog(PasswordForm):
    permission = session.ACCOUNTS

    def __init__(self, master: tk.Misc):
        self.account: Account | None = None
        super().__init__(master, "新建账号")

    def body(self, frame: ttk.Frame) -> None:
        self.plain(frame, "name", Account.label("name"), hint=NAME_RULE)
        self.plain(frame, "full_name", Account.label("full_name"), hint="本人的姓名，如 李会计")
        self.add_field(frame, "role", Account.label("role"), _role_box(frame, "clerk"))
        self.problem_line(frame, "role")
        self.new_password_fields(frame, "初始密码")
        ttk.Label(frame, text="把初始密码当面告诉本人；本人第一次登录时要改成只有自己知道的密码。",
                  bootstyle="secondary", wraplength=440, justify="left").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(6, 0))
        self._row += 1

    def apply(self) -> Account:
        problems = account_problems(self.value("name"), self.value("full_name"),
                                    self.value("password"), self.value("repeat"))
        if problems:
            raise ValidationError(problems)
        self.account = accounts.add_account(self.value("name"), self.value("password"),
                                            _role_code(self.value("role")), self.value("full_name"))
        return self.account


class EditAccountDialog(FormDialog):
    """姓名, 角色, 启用 of one account; one's own role and 启用 stay as they are."""

    permission = session.ACCOUNTS

    def __init__(self, master: tk.Misc, account: Account):
        self.account = account
        self.own = account.id == session.current().account_id
        self.active = tk.BooleanVar(value=account.active)
        super().__init__(master, f"修改账号：{account.name}")

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text=f"{Account.label('name')}：{self.account.name}").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.entry(frame, "full_name", Account.label("full_name"), self.account.full_name)
        self.problem_line(frame, "full_name")
        self.add_field(frame, "role", Account.label("role"), _role_box(frame, self.account.role))
        self.add_field(frame, "active", Account.label("active"), ttk.Checkbutton(
            frame, text="可以登录（停用后不能登录，记录都保留）", variable=self.active))
        self.problem_line(frame, "role")
        if self.own:
            ttk.Label(frame, text=OWN, bootstyle="secondary", wraplength=440,
                      justify="left").grid(row=self._row, column=1, sticky="w")
            self._row += 1

    def apply(self) -> Account:
        full_name = self.value("full_name")
        try:
            check_full_name(full_name)
        except ValidationError as exc:
            raise ValidationError({"full_name": exc.message}) from None
        try:
            return accounts.change_account(self.account, role=_role_code(self.value("role")),
                                           active=self.active.get(), full_name=full_name)
        except ValidationError as exc:  # the last 管理员: said beside the role
            moved = {("role" if key == "" else key): text for key, text in exc.problems.items()}
            raise ValidationError(moved) from None
