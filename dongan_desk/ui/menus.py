"""The window's menus, by role: what the account at the keyboard may not do is shown disabled
(not hidden), so a 录入员 sees that 账号管理 exists and whom to ask."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

from .. import units
from ..ledgers.registry import LEDGERS, load
from ..store import session
from ..store.session import ACCOUNTS, AUDIT, BACKUP, EDIT, EXPORT, RESTORE, SETTINGS
from . import backup_actions, exchange_actions

SIGNED_IN = "signed_in"  # not a permission: an account is logged in (not the program itself)


def allowed(need: str | None) -> bool:
    if need is None:
        return True
    if need == SIGNED_IN:
        return session.current().account_id is not None
    return session.can(need)


_needs: dict[str, list[tuple[tk.Menu, int, str | None]]] = {}  # menubar → its items' needs


def _add(menu: tk.Menu, label: str, command: Callable[[], object], need: str | None = None,
         accelerator: str = "") -> None:
    menu.add_command(label=label, command=command, accelerator=accelerator,
                     state="normal" if allowed(need) else "disabled")
    _needs.setdefault(str(menu.master), []).append((menu, menu.index("end"), need))


def refresh_menu(menubar: tk.Menu) -> None:
    """The items' states for the session as it is now (its role changed). In place: a
    menubar replaced while attached is cloned anew by Tk, which misfired in tests."""
    for menu, index, need in _needs.get(str(menubar), []):
        if menu.winfo_exists():
            menu.entryconfigure(index, state="normal" if allowed(need) else "disabled")


def build_menu(window) -> tk.Menu:
    """文件, 设置, 帮助 for ``window`` (a MainWindow), with the items its session may use."""
    menubar = tk.Menu(window.root)
    menubar.bind("<Destroy>", lambda e: e.widget is menubar and _needs.pop(str(menubar), None))
    file_menu = tk.Menu(menubar, tearoff=False)
    if units.is_township():
        _add(file_menu, "导入报送包…", lambda: exchange_actions.import_into(window), EXPORT)
    else:
        _add(file_menu, "导出报送包…", lambda: exchange_actions.export_to_folder(window), EXPORT)
    for ledger in LEDGERS:  # a ledger's own file jobs (导入花名册…), imported when chosen
        for label, action in ledger.file_actions:
            _add(file_menu, label, lambda a=action: load(a)(window, window.context), EDIT)
    file_menu.add_separator()
    _add(file_menu, "备份到…", lambda: backup_actions.backup_to_folder(window), BACKUP)
    _add(file_menu, "从备份恢复…", lambda: backup_actions.restore_from_backup(window), RESTORE)
    file_menu.add_separator()
    _add(file_menu, "锁定", window.lock, SIGNED_IN, accelerator="Ctrl+L")
    _add(file_menu, "退出登录", window.log_out, SIGNED_IN)
    file_menu.add_separator()
    _add(file_menu, "退出", window.close)
    settings_menu = tk.Menu(menubar, tearoff=False)
    _add(settings_menu, "本单位信息…", window.edit_home_unit, SETTINGS)
    for ledger in LEDGERS:  # each ledger's settings dialogs, imported when opened
        for label, dialog in ledger.settings:
            _add(settings_menu, label, lambda d=dialog: window.open_setting(d), SETTINGS)
    settings_menu.add_separator()
    _add(settings_menu, "账号管理…", window.manage_accounts, ACCOUNTS)
    _add(settings_menu, "修改我的密码…", window.change_my_password, SIGNED_IN)
    _add(settings_menu, "审计记录…", window.show_audit, AUDIT)
    help_menu = tk.Menu(menubar, tearoff=False)
    _add(help_menu, "使用说明（可打印的 PDF）", window.print_manual)
    _add(help_menu, "本页说明", window.show_help, accelerator="F1")
    help_menu.add_separator()
    _add(help_menu, "关于东安台账", window.show_about)
    menubar.add_cascade(label="文件", menu=file_menu)
    menubar.add_cascade(label="设置", menu=settings_menu)
    menubar.add_cascade(label="帮助", menu=help_menu)
    return menubar
