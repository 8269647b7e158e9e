"""The ``account`` sub-commands: this PC's accounts from the command line, every change through
``store/accounts.py`` (which checks the input and writes the audit row)."""
from __future__ import annotations

import argparse
from pathlib import Path

from .login import (ANY_ROLE, NEW_PASSWORD_ENV, NO_ACCOUNT, OWN_PASSWORD, PASSWORD_ENV,
                        RECOVERY_ENV, read_new_password, read_secret)
from ..errors import ValidationError
from ..store import accounts, session
from ..store.models.accounts import Account
from ..store.session import ROLE_LABELS, ROLES

ROLE_CODES = {label: code for code, label in ROLES}
_ROLE_HELP = "管理员（全部功能）、录入员（录入、报送、备份、打印）或查看员（只能查看和打印）"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    account = sub.add_parser("account", help="本机的账号：列出、添加、修改、重设密码、用恢复码找回、锁屏时间")
    actions = account.add_subparsers(dest="account_action", metavar="操作", required=True)
    actions.add_parser("list", help="列出本机的账号（管理员）").set_defaults(needs=session.ACCOUNTS)

    add = actions.add_parser("add", help=f"添加账号（管理员）。初始密码由环境变量 {NEW_PASSWORD_ENV} "
                                         "给出或在终端里输入，本人第一次登录时须修改")
    add.add_argument("name", metavar="账号", help="登录用的名字，如 李会计（最多20个字，可用汉字、字母和数字）")
    add.add_argument("--role", required=True, choices=tuple(ROLE_CODES), metavar="角色", help=_ROLE_HELP)
    add.add_argument("--full-name", default="", metavar="姓名", help="使用这个账号的人的姓名")
    add.set_defaults(needs=session.ACCOUNTS)

    change = actions.add_parser("set", help="修改账号的角色或姓名，停用或重新启用（管理员）")
    change.add_argument("name", metavar="账号")
    change.add_argument("--role", choices=tuple(ROLE_CODES), metavar="角色", help=_ROLE_HELP)
    change.add_argument("--full-name", metavar="姓名", help="使用这个账号的人的姓名")
    state = change.add_mutually_exclusive_group()
    state.add_argument("--disable", dest="active", action="store_const", const=False,
                       help="停用：这个账号不能再登录（记录照样保留）")
    state.add_argument("--enable", dest="active", action="store_const", const=True, help="重新启用")
    change.set_defaults(needs=session.ACCOUNTS)

    reset = actions.add_parser("reset-password", help=f"为忘了密码的人重设密码（管理员）。新密码由环境变量 "
                                                      f"{NEW_PASSWORD_ENV} 给出或在终端里输入，本人下次登录时须修改")
    reset.add_argument("name", metavar="账号")
    reset.set_defaults(needs=session.ACCOUNTS)

    recover = actions.add_parser("recover", help="用恢复码重设管理员的密码，并换发新的恢复码。不需要登录："
                                                 "这是管理员忘了密码时的办法。恢复码由环境变量 "
                                                 f"{RECOVERY_ENV} 给出或在终端里输入，新密码由 "
                                                 f"{NEW_PASSWORD_ENV} 给出或在终端里输入")
    recover.add_argument("name", metavar="账号", help="要重设密码的管理员账号")
    recover.set_defaults(needs=NO_ACCOUNT)

    idle = actions.add_parser("idle", help="窗口无人操作多少分钟后自动锁屏（修改须管理员；不给分钟数时显示现在的设置）")
    idle.add_argument("minutes", nargs="?", metavar="分钟", help="1–240 之间的整数")
    idle.set_defaults(needs=ANY_ROLE)

    first = actions.add_parser("init-admin", help="为还没有账号的数据库（从上一版本升级来的）建立第一个管理员，"
                                                  "并给出恢复码。不需要登录：本机还没有账号。密码由环境变量 "
                                                  f"{PASSWORD_ENV} 给出或在终端里输入")
    first.add_argument("name", metavar="账号", help="管理员的账号")
    first.add_argument("--full-name", default="", metavar="姓名", help="管理员的姓名")
    first.set_defaults(needs=NO_ACCOUNT)

    renew = actions.add_parser("renew-recovery", help="《恢复码单》丢了或被人看到时，换发新的恢复码（管理员），"
                                                      "旧的随即作废")
    renew.set_defaults(needs=session.ACCOUNTS)

    own = actions.add_parser("password", help=f"修改本人的密码：原密码即 --account 的密码，新密码由环境变量 "
                                              f"{NEW_PASSWORD_ENV} 给出或在终端里输入")
    own.set_defaults(needs=OWN_PASSWORD)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    return {"list": _list, "add": _add, "set": _set, "reset-password": _reset, "recover": _recover,
            "idle": _idle, "init-admin": _init_admin, "password": _password,
            "renew-recovery": _renew}[args.account_action](args)


def _renew(args: argparse.Namespace) -> int:
    print_recovery_code(accounts.renew_recovery_code(), replaced=True)
    print("以前U盘上的备份仍用旧恢复码或本村接入码打开。")
    return 0


def find_account(name: str) -> Account:
    clean = accounts.clean_account_name(name)
    found = Account.get_or_none(Account.name == clean)
    if found is None:
        raise ValidationError(f"本机没有叫“{clean}”的账号（account list 列出本机的账号）。")
    return found


def first_admin(name: str) -> tuple[str, str]:
    """The name and password of the first 管理员 (init, demo, init-admin), checked before
    anything is written."""
    name = accounts.clean_account_name(name)
    password = read_new_password(PASSWORD_ENV, name)
    accounts.check_password(password, name)
    return name, password


def print_first_admin(account: Account, code: str) -> None:
    print(f"已建立管理员账号“{account.name}”。以后不开窗口的命令都要加 --account {account.name}。")
    print_recovery_code(code)


def print_recovery_code(code: str, replaced: bool = False) -> None:
    if replaced:
        print("原来的恢复码已作废。")
    print(f"恢复码：{code}")
    print("请马上把恢复码抄在纸上（或打印出来），注明单位和日期，封存在办公室的柜子里，不要存在这台电脑上。"
          "它有两个用处：管理员忘了密码又没有别的管理员时，用它重设密码（main.py account recover 账号）；"
          "打开加密的U盘备份。本机不保存恢复码，它只显示这一次。")


def _list(args: argparse.Namespace) -> int:
    print("账号\t姓名\t角色\t状态\t上次登录")
    for account in Account.select().order_by(Account.id):
        state = "启用" if account.active else "停用"
        if account.must_change:
            state += "（须改密码）"
        last = f"{account.last_login:%Y-%m-%d %H:%M}" if account.last_login else "从未登录"
        print(f"{account.name}\t{account.full_name or '—'}\t{ROLE_LABELS[account.role]}\t{state}\t{last}")
    print(f"无人操作 {accounts.idle_minutes()} 分钟后自动锁屏。")
    return 0


def _add(args: argparse.Namespace) -> int:
    name = accounts.clean_account_name(args.name)
    password = read_new_password(NEW_PASSWORD_ENV, name)
    account = accounts.add_account(name, password, ROLE_CODES[args.role], args.full_name)
    print(f"已添加账号“{account.name}”（{args.role}）。请把初始密码当面告诉本人：第一次登录时须改成"
          "只有本人知道的密码。")
    return 0


def _set(args: argparse.Namespace) -> int:
    if args.role is None and args.active is None and args.full_name is None:
        raise ValidationError("请说明要改什么：--role 角色、--full-name 姓名、--disable 停用或 --enable 启用。")
    account = find_account(args.name)
    before = (account.role, account.active, account.full_name)
    accounts.change_account(account, role=ROLE_CODES.get(args.role), active=args.active,
                            full_name=args.full_name)
    if (account.role, account.active, account.full_name) == before:
        print("没有改动。")
        return 0
    print(f"已修改账号“{account.name}”：{ROLE_LABELS[account.role]}，"
          f"{'启用' if account.active else '已停用'}，姓名 {account.full_name or '（未填）'}。")
    return 0


def _reset(args: argparse.Namespace) -> int:
    account = find_account(args.name)
    accounts.reset_password(account, read_new_password(NEW_PASSWORD_ENV, account.name))
    print(f"已重设账号“{account.name}”的密码。请当面告诉本人；本人下次登录时须改成只有本人知道的密码。")
    return 0


def _recover(args: argparse.Namespace) -> int:
    wait = accounts.login_wait()
    if wait:
        raise accounts.LoginRefused(f"错误次数太多，请 {wait} 秒后再试。", wait)
    name = accounts.clean_account_name(args.name)
    code = read_secret(RECOVERY_ENV, "恢复码：", "恢复码")
    password = read_new_password(NEW_PASSWORD_ENV, name)
    account, fresh = accounts.recover_with_code(code, name, password)
    print(f"已用恢复码重设管理员“{account.name}”的密码，账号已启用。")
    print_recovery_code(fresh, replaced=True)
    return 0


def _idle(args: argparse.Namespace) -> int:
    if args.minutes is None:
        print(f"窗口无人操作 {accounts.idle_minutes()} 分钟后自动锁屏。")
        return 0
    minutes = accounts.set_idle_minutes(args.minutes)
    print(f"已设置：窗口无人操作 {minutes} 分钟后自动锁屏。")
    return 0


def _init_admin(args: argparse.Namespace) -> int:
    from ..units import is_set_up
    if not is_set_up():
        raise ValidationError("本机还没有设置单位：请运行 main.py init village|town … --admin 账号，"
                              "它同时建立第一个管理员。")
    if accounts.has_accounts():
        raise ValidationError("本机已经有账号了：请用管理员账号添加（main.py --account 管理员 account add …）。")
    name, password = first_admin(args.name)
    print_first_admin(*accounts.create_first_admin(name, password, args.full_name))
    return 0


def _password(args: argparse.Namespace) -> int:
    account = Account.get_by_id(session.current().account_id)
    accounts.change_own_password(account, args.login_password,
                                 read_new_password(NEW_PASSWORD_ENV, account.name))
    print(f"已修改账号“{account.name}”的密码。")
    return 0


COMMANDS = {"account": run}
