"""Accounts for the UI tests: a 管理员 made as the program would, others added, and the window
reached through the login as the clerk reaches it."""
from __future__ import annotations

from dongan_desk.store import accounts
from dongan_desk.store.models.accounts import Account

PASSWORD = "Xingtian#2026"


def make_admin(name: str = "张文书", full_name: str = "张文") -> tuple[Account, str]:
    return accounts.create_first_admin(name, PASSWORD, full_name)


def add(name: str, role: str, full_name: str = "", must_change: bool = False) -> Account:
    """Another account, added by the program itself (an admin session); by default as if its
    owner had already changed the initial password."""
    account = accounts.add_account(name, PASSWORD, role, full_name)
    if not must_change:
        account.must_change = False
        account.save()
    return account


def pdf_text(path) -> str:
    from pypdf import PdfReader
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def sign_in(root, data_dir, name: str, password: str = PASSWORD):
    """The login view of the real start, filled and submitted; returns what the window shows."""
    from dongan_desk.ui.app import show_main_or_setup
    from dongan_desk.ui.login_view import LoginView
    from ui_driver import type_into

    view = show_main_or_setup(root, data_dir)
    assert isinstance(view, LoginView)
    type_into(view.name, name)
    type_into(view.password, password)
    view.submit()
    root.update()
    return view


def new_password(dialog, password: str) -> str:
    """Type a new password twice and save; returns what the dialog said beside 新密码."""
    from ui_driver import type_into

    type_into(dialog.fields["password"], password)
    type_into(dialog.fields["repeat"], password)
    dialog.save()
    return dialog.problem_labels["password"].cget("text") if dialog.winfo_exists() else ""
