"""Who runs a headless command: the global ``--account`` and its password.

When the database has accounts, every command that reads or writes the office's data logs in
through ``accounts.login`` first (a wrong password counts towards the same growing wait as in
the window) and then needs its role's permission; each sub-command says what it needs with
``set_defaults(needs=…)``: a permission of ``store/session.py``, ``ANY_ROLE`` (any account),
``OWN_PASSWORD`` (any account, even one that must change its password first) or
``NO_ACCOUNT`` (its help text says why it needs none).

Passwords never come from the command line (it stays in the shell's history and in the list of
processes): from an environment variable, or typed on the terminal without an echo.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from contextlib import contextmanager
from typing import Iterator

from ..errors import ValidationError
from ..store import accounts, session
from ..store.models.accounts import Account

PASSWORD_ENV = "DONGAN_PASSWORD"          # the password of --account (and of a first 管理员)
NEW_PASSWORD_ENV = "DONGAN_NEW_PASSWORD"  # a password being set: a new account, a reset
RECOVERY_ENV = "DONGAN_RECOVERY_CODE"     # the 恢复码, for ``account recover``
BACKUP_CODE_ENV = "DONGAN_BACKUP_CODE"    # the 接入码 or 恢复码 of an encrypted stick backup

ANY_ROLE = "any_role"
OWN_PASSWORD = "own_password"
NO_ACCOUNT = "no_account"

ACCOUNT_HELP = (f"以这个账号运行子命令（本机建立了账号后必须给出，写在子命令前面）；密码从环境变量 "
                f"{PASSWORD_ENV} 读取，没有时在终端里输入（不显示）。密码不能写在命令行上")


def add_account_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account", dest="login_account", metavar="账号", help=ACCOUNT_HELP)
    parser.set_defaults(needs=ANY_ROLE)


def read_secret(env: str, prompt: str, what: str) -> str:
    """From the environment variable ``env``, else typed on the terminal (no echo)."""
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin is None or not sys.stdin.isatty():
        raise ValidationError(f"没有给出{what}：请设置环境变量 {env}，或在终端（命令提示符）里"
                              "运行本命令，按提示输入。")
    return getpass.getpass(prompt)


def read_new_password(env: str, name: str) -> str:
    """A password being set for ``name``: from ``env``, or typed twice on the terminal."""
    if os.environ.get(env):
        return os.environ[env]
    typed = read_secret(env, f"为账号“{name}”设置密码：", "新密码")
    if getpass.getpass("再输入一次：") != typed:
        raise ValidationError("两次输入的密码不一样，没有保存。请重新运行。")
    return typed


def _not_ready_message() -> str:
    from ..units import is_set_up
    if not is_set_up():
        return ("本机还没有设置单位：请先打开程序完成第一次设置，或运行 "
                "main.py init village|town … --admin 账号。")
    return (f"本机还没有账号（数据库是从上一版本升级来的，或由旧版的 init 建立）：请先打开程序建立"
            f"管理员账号，或运行 main.py account init-admin 账号（密码由环境变量 {PASSWORD_ENV} "
            "给出，或在终端里输入）。")


def describe(args: argparse.Namespace) -> str:
    """The command as the audit trail names it: "backup", "account add", "print agreement"."""
    words = [args.command] + [str(getattr(args, key)) for key in (
        "unit_action", "account_action", "audit_action", "document") if getattr(args, key, None)]
    return " ".join(words)


@contextmanager
def acting_account(args: argparse.Namespace, *, log_out: bool = True) -> Iterator[None]:
    """Inside: the command runs as ``--account`` (or, for a command that needs none, as the
    program). Raises ``ValidationError`` (``LoginRefused``, ``NotAllowed``) with the message
    for the person at the keyboard; nothing has been done then but the login's audit row.
    ``log_out=False``: the database is gone when the command ends (``restore``)."""
    needs = getattr(args, "needs", ANY_ROLE)
    if needs == NO_ACCOUNT:
        yield
        return
    if not accounts.has_accounts():
        raise ValidationError(_not_ready_message())
    name = args.login_account
    if not name:
        raise ValidationError(
            "本机已经建立了账号，不开窗口的命令也要以一个账号运行：请在子命令前加上 --account 账号"
            f"（如 main.py --account 张文书 {args.command}），密码由环境变量 {PASSWORD_ENV} 给出，"
            "或在终端里按提示输入。")
    wait = accounts.login_wait()
    if wait:
        raise accounts.LoginRefused(f"密码错误次数太多，请 {wait} 秒后再试。", wait)
    password = read_secret(PASSWORD_ENV, f"账号“{name}”的密码：", f"账号“{name}”的密码")
    started = accounts.login(name, password)
    try:
        account = Account.get_by_id(started.account_id)
        if account.must_change and needs != OWN_PASSWORD:
            raise ValidationError(
                f"账号“{started.account}”的密码是管理员设置的，须由本人先修改：请打开程序登录后修改，"
                f"或运行 main.py --account {started.account} account password（新密码由环境变量 "
                f"{NEW_PASSWORD_ENV} 给出，或在终端里输入）。")
        note = accounts.note_machine()
        if note:
            print(f"注意：{note}", file=sys.stderr)
        if needs not in (ANY_ROLE, OWN_PASSWORD):
            session.require(needs)
        if needs == OWN_PASSWORD:
            args.login_password = password
        yield
    finally:
        if log_out:
            accounts.logout(f"命令行：{describe(args)}")
        else:
            session.end()
