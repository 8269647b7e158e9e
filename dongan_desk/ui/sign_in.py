"""What the window shows before the data: first start (the unit), 建立管理员账号, 登录; then,
after a good login, the forced change of a password a 管理员 set, the note that the database
was last used on another PC, and only then the main window.

The process acts as ``session.SYSTEM`` until someone logs in; nothing here builds the main
window without a session of a real account (``open_main`` is the window's factory, handed in
by ``ui/app.py`` so this module need not import it)."""
from __future__ import annotations

import logging
import tkinter as tk
from pathlib import Path
from typing import Callable

from .. import units
from ..store import accounts, session
from ..store.models.accounts import Account
from . import messages

log = logging.getLogger(__name__)

OpenMain = Callable[[], tk.Widget]
ELSEWHERE_TITLE = "这份数据换了电脑"


def show_entry(root: tk.Misc, data_dir: Path, open_main: OpenMain, note: str = "",
               login_as: tuple[str, str] | None = None, upgraded: bool = True,
               login_note: str = "") -> tk.Widget:
    """The view the window shows now: setup → 建立管理员账号 → 登录 → the main window.

    ``note`` goes to the main window's status bar (the day's backup), ``login_note`` under the
    login form (why it asks again). ``login_as`` (name, password) logs in without the form:
    ``main.py bench`` times the start up to the main window with an account it made (only
    with ``DONGAN_BENCH_IDLE``)."""
    def again(fresh: bool = False) -> tk.Widget:
        return show_entry(root, data_dir, open_main, note, upgraded=not fresh)

    if not units.is_set_up():
        from .setup_view import SetupView
        view = SetupView(root, on_done=lambda: again(fresh=True), data_dir=data_dir)
    elif not accounts.has_accounts():
        from .first_admin import FirstAdminView
        view = FirstAdminView(root, on_done=lambda: enter(root, data_dir, open_main, note),
                              upgraded=upgraded)
    elif session.current().account_id is None:
        if login_as is not None:
            accounts.login(*login_as)
            return enter(root, data_dir, open_main, note)
        from .login_view import LoginView
        view = LoginView(root, data_dir, note=login_note,
                         on_login=lambda: enter(root, data_dir, open_main, note, view))
    else:
        return open_main()
    root.configure(menu="")  # no menu before the main window: nothing to open without a login
    view.pack(fill="both", expand=True)
    return view


def enter(root: tk.Misc, data_dir: Path, open_main: OpenMain, note: str = "",
          login_view: tk.Widget | None = None) -> tk.Widget:
    """After a good login: a password a 管理员 set is changed first (or the login is left), the
    move to another PC is said, then the main window."""
    account = Account.get_by_id(session.current().account_id)
    if account.must_change and not forced_change(root, account):
        accounts.logout("没有修改管理员设的初始密码")
        if login_view is not None and login_view.winfo_exists():
            login_view.message.configure(text="要先改好密码才能使用。请重新登录。",
                                         bootstyle="warning")
            return login_view
        return show_entry(root, data_dir, open_main, note)
    elsewhere = accounts.note_machine()
    if login_view is not None and login_view.winfo_exists():
        login_view.destroy()
    window = open_main()
    if note and hasattr(window, "status"):
        window.status.say(note)
    if elsewhere:
        messages.show_info(window, elsewhere, title=ELSEWHERE_TITLE)
    return window


def forced_change(root: tk.Misc, account: Account) -> bool:
    from .password_dialogs import ChangePasswordDialog
    dialog = ChangePasswordDialog(root, account, forced=True)
    root.wait_window(dialog)
    return bool(dialog.result)
