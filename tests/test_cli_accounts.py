"""Headless commands act as a named account (issue 13): ``--account`` with the password from
``DONGAN_PASSWORD`` (or typed on a terminal), the role's permissions as in the window, and the
``account`` sub-commands refusing bad input with a clear message and nothing changed."""
from __future__ import annotations

import datetime as dt
import sys

import pytest

from dongan_desk.store import accounts
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.units import UnitSpec, setup_village

from cli_helpers import (ADMIN, CLERK, CLERK_PASSWORD, CODE, PASSWORD, VIEWER, VIEWER_PASSWORD,
                         main_py, ran, sql)


def test_init_makes_the_first_admin_and_prints_the_recovery_code_with_its_use(cli):
    made = cli("init", "village", "--name", "兴田村", "--short", "兴田", "--code", "500229115201",
               "--admin", ADMIN, account=None)
    assert made.code == 0, made.err
    assert CODE.search(made.out) and "封存" in made.out and "account recover" in made.out
    assert sql(cli.data, "SELECT name, role FROM account") == [(ADMIN, "admin")]
    assert ran(cli("check"))


def test_a_refused_admin_leaves_the_pc_not_set_up(cli):
    short = cli("init", "village", "--name", "兴田村", "--short", "兴田", "--code", "500229115201",
                "--admin", ADMIN, account=None, password="abc")
    assert short.code == 2 and "密码至少8位" in short.err
    assert sql(cli.data, "SELECT COUNT(*) FROM unit") == [(0,)]
    assert sql(cli.data, "SELECT COUNT(*) FROM account") == [(0,)]


def test_without_account_or_with_a_wrong_password_nothing_runs(office):
    missing = office("backup", account=None)
    assert missing.code == 2 and "--account" in missing.err and "DONGAN_PASSWORD" in missing.err
    wrong = office("backup", password="not-the-password")
    unknown = office("backup", account="没有这人")
    assert wrong.code == unknown.code == 2
    assert wrong.err == unknown.err == "错误：账号或密码不对。请重新输入（注意大小写和输入法）。\n"
    assert not list((office.data / "backups").glob("*-手动.db"))
    assert [r[0] for r in sql(office.data, "SELECT detail FROM audit_entry WHERE action = "
                                            "'login_failed' ORDER BY id")] == ["密码不对", "没有这个账号"]


def test_no_password_and_no_terminal_says_where_to_give_it(office):
    answer = office("check", password=None)
    assert answer.code == 2 and "DONGAN_PASSWORD" in answer.err and "终端" in answer.err


def test_on_a_terminal_the_password_is_asked_without_echo(office, monkeypatch):
    asked = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    assert ran(office("check", password=None))
    assert asked == [f"账号“{ADMIN}”的密码："]
    typed = iter(["Xinmima-2026", "Xinmima-2062"])  # the second time mistyped
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    mistyped = office("account", "reset-password", CLERK)
    assert mistyped.code == 2 and "两次输入的密码不一样" in mistyped.err


def test_three_wrong_passwords_make_even_the_right_one_wait(office, monkeypatch):
    for _ in range(2):
        assert "请重新输入" in office("check", password="wrong-one").err
    third = office("check", password="wrong-one")
    assert third.code == 2 and "请 5 秒后再试" in third.err
    waiting = office("check")
    assert waiting.code == 2 and "密码错误次数太多" in waiting.err and "秒后再试" in waiting.err
    later = accounts.now() + dt.timedelta(seconds=6)
    monkeypatch.setattr(accounts, "now", lambda: later)
    assert ran(office("check"))


def test_a_clerk_cannot_restore_and_nothing_changes(office):
    assert office("backup").code == 0
    [saved] = (office.data / "backups").glob("*-手动.db")
    units_before = sql(office.data, "SELECT name FROM unit")
    refused = office("restore", str(saved), account=CLERK, password=CLERK_PASSWORD)
    assert refused.code == 2 and "只有管理员可以从备份恢复" in refused.err
    assert not list((office.data / "backups").glob("*-恢复前.db"))
    assert sql(office.data, "SELECT name FROM unit") == units_before
    assert office("restore", str(saved)).code == 0  # the 管理员 may


def test_a_viewer_cannot_export_back_up_or_edit(office, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    as_viewer = dict(account=VIEWER, password=VIEWER_PASSWORD)
    export = office("export", "--out", str(stick), **as_viewer)
    assert export.code == 2 and "“查看员”不能导出或导入报送包" in export.err
    backup = office("backup", "--out", str(stick), **as_viewer)
    assert backup.code == 2 and "不能把数据库复制出去" in backup.err
    assert list(stick.iterdir()) == []
    settings = office("unit", "set", "--name", "新村", "--yes", **as_viewer)
    assert settings.code == 2 and "只有管理员可以修改设置" in settings.err
    assert sql(office.data, "SELECT name FROM unit") == [("兴田村",)]
    assert ran(office("check", **as_viewer))  # reading is every role's


def test_a_new_account_must_change_its_password_before_it_runs_anything(office):
    assert office("account", "add", "赵新", "--role", "录入员", new_password="Chushi-2026").code == 0
    first = office("check", account="赵新", password="Chushi-2026")
    assert first.code == 2 and "须由本人先修改" in first.err and "account password" in first.err


@pytest.mark.parametrize("name, problem", [
    ("张 三", "账号只能用汉字、字母、数字"),
    ("张😀", "账号只能用汉字、字母、数字"),
    ("x'; DROP TABLE account;--", "账号太长了：最多20个字，现在是25个字"),
    ("x';DROP TABLE a;--", "账号只能用汉字、字母、数字"),
    ("长" * 40, "账号太长了：最多20个字，现在是40个字"),
])
def test_odd_account_names_are_refused_and_nothing_changes(office, name, problem):
    before = sql(office.data, "SELECT name, role, password_hash FROM account ORDER BY id")
    refused = office("account", "add", name, "--role", "录入员", new_password="Chushi-2026")
    assert refused.code == 2 and problem in refused.err
    assert sql(office.data, "SELECT name, role, password_hash FROM account ORDER BY id") == before


@pytest.mark.parametrize("password, problem", [
    ("abc", "密码至少8位，现在是3位"),
    ("aaaaaaaaaa", "密码太容易猜"),
    ("x" * 65 + "yz", "密码最多64位"),
])
def test_weak_passwords_are_refused(office, password, problem):
    refused = office("account", "add", "赵新", "--role", "录入员", new_password=password)
    assert refused.code == 2 and problem in refused.err
    assert sql(office.data, "SELECT COUNT(*) FROM account WHERE name = '赵新'") == [(0,)]


def test_the_last_admin_is_never_demoted_or_disabled(office):
    for change in (("--role", "录入员"), ("--disable",)):
        refused = office("account", "set", ADMIN, *change)
        assert refused.code == 2 and "这是最后一个管理员账号" in refused.err
    assert sql(office.data, "SELECT role, active FROM account WHERE name = ?", ADMIN) == [("admin", 1)]
    unknown = office("account", "set", "没有这人", "--disable")
    assert unknown.code == 2 and "本机没有叫“没有这人”的账号" in unknown.err
    nothing = office("account", "set", CLERK)
    assert nothing.code == 2 and "请说明要改什么" in nothing.err


def test_list_set_reset_and_idle(office):
    listed = office("account", "list")
    assert listed.code == 0 and f"{CLERK}\t—\t录入员\t启用" in listed.out and "10 分钟" in listed.out
    assert office("account", "set", CLERK, "--disable", "--full-name", "李四").code == 0
    assert f"{CLERK}\t李四\t录入员\t停用" in office("account", "list").out
    disabled = office("check", account=CLERK, password=CLERK_PASSWORD)
    assert disabled.code == 2 and "已停用" in disabled.err
    assert office("account", "set", CLERK, "--enable").code == 0
    assert office("account", "reset-password", CLERK, new_password="Chongshe-2026").code == 0
    assert "须由本人先修改" in office("check", account=CLERK, password="Chongshe-2026").err
    assert office("account", "idle", "30").code == 0 and "30 分钟" in office("account", "idle").out
    bad = office("account", "idle", "0")
    assert bad.code == 2 and "1–240" in bad.err
    clerk_lists = office("account", "list", account=VIEWER, password=VIEWER_PASSWORD)
    assert clerk_lists.code == 2 and "只有管理员可以管理账号" in clerk_lists.err


def test_a_wrong_role_on_the_command_line_is_answered_in_chinese(office):
    with pytest.raises(SystemExit) as stopped:
        office("account", "add", "赵新", "--role", "超级管理员", new_password="Chushi-2026")
    assert stopped.value.code == 2


def test_the_recovery_code_resets_the_admin_and_is_replaced(office):
    wrong = office("account", "recover", ADMIN, account=None, code="AAAA-BBBB-CCCC-DDDD-EEEE",
                   new_password="Huifu-2026-z")
    assert wrong.code == 2 and "恢复码不对" in wrong.err
    done = office("account", "recover", ADMIN, account=None, code=office.recovery_code,
                  new_password="Huifu-2026-z")
    assert done.code == 0 and "原来的恢复码已作废" in done.out
    assert CODE.search(done.out).group(1) != office.recovery_code
    assert ran(office("check", password="Huifu-2026-z"))
    again = office("account", "recover", ADMIN, account=None, code=office.recovery_code,
                   new_password="Huifu-2026-w")
    assert again.code == 2 and "恢复码不对" in again.err


def test_a_database_without_accounts_is_refused_until_its_admin_is_made(cli):
    cli.data.mkdir()
    open_database(cli.data / "dongan.db")
    setup_village(UnitSpec("兴田村", "兴田", "500229115201"))  # as the version before made it
    close_database()
    refused = cli("check")
    assert refused.code == 2 and "本机还没有账号" in refused.err and "account init-admin" in refused.err
    made = cli("account", "init-admin", ADMIN, account=None)
    assert made.code == 0 and CODE.search(made.out)
    assert ran(cli("check"))
    twice = cli("account", "init-admin", "李四", account=None)
    assert twice.code == 2 and "已经有账号" in twice.err


def test_a_folder_not_set_up_says_how_to_set_it_up(cli):
    answer = cli("check")
    assert answer.code == 2 and "本机还没有设置单位" in answer.err and "--admin" in answer.err


def test_a_database_copied_to_another_pc_says_so_and_records_it(office, monkeypatch):
    assert ran(office("check"))  # the PC it belongs to
    monkeypatch.setattr(accounts, "this_machine", lambda: "别人的电脑（0123456789ab）")
    moved = office("check")
    assert ran(moved) and "注意：这份数据上次是在电脑" in moved.err and "别人的电脑" in moved.err
    assert sql(office.data, "SELECT account FROM audit_entry WHERE action = 'open_elsewhere'") == [(ADMIN,)]
    assert "注意" not in office("check").err  # once


def test_as_a_script_runs_it(tmp_path):
    """The same rules in a fresh process, as a scheduled backup would run."""
    made = main_py(tmp_path, "init", "village", "--name", "兴田村", "--short", "兴田",
                   "--code", "500229115201")
    assert made.returncode == 0, made.stderr
    assert main_py(tmp_path, "backup").returncode == 0
    missing = main_py(tmp_path, "backup", account=None)
    wrong = main_py(tmp_path, "backup", password="not-the-password")
    assert missing.returncode == wrong.returncode == 2
    assert "--account" in missing.stderr and "账号或密码不对" in wrong.stderr


def parsers(parser, prefix=()):
    """(command words, parser, its line in the parent's list of sub-commands)"""
    import argparse
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield prefix + (name,), child, listed[name]
                yield from parsers(child, prefix + (name,))


def test_each_command_needs_what_its_role_may_do_and_those_needing_none_say_why():
    from dongan_desk.cli import build_parser
    from dongan_desk.cli.login import ANY_ROLE, NO_ACCOUNT, OWN_PASSWORD
    from dongan_desk.store import session
    needs = {" ".join(words): child.get_default("needs") or ANY_ROLE
             for words, child, _ in parsers(build_parser())}
    assert {key: needs[key] for key in (
        "init", "demo", "bench", "check", "backup", "restore", "export", "import", "summary",
        "print", "import-roster", "unit show", "unit set", "unit access-code", "account list",
        "account recover", "account init-admin", "account password", "audit export")} == {
        "init": NO_ACCOUNT, "demo": NO_ACCOUNT, "bench": NO_ACCOUNT, "check": ANY_ROLE,
        "backup": session.BACKUP, "restore": session.RESTORE, "export": session.EXPORT,
        "import": session.EXPORT, "summary": session.PRINT, "print": session.PRINT,
        "import-roster": session.EDIT, "unit show": ANY_ROLE, "unit set": session.SETTINGS,
        "unit access-code": session.SETTINGS, "account list": session.ACCOUNTS,
        "account recover": NO_ACCOUNT, "account init-admin": NO_ACCOUNT,
        "account password": OWN_PASSWORD, "audit export": session.AUDIT}
    for words, child, listed in parsers(build_parser()):
        if child.get_default("needs") == NO_ACCOUNT:
            assert "不需要" in listed, words
    top = build_parser()
    [self_test] = [a for a in top._actions if "--self-test" in a.option_strings]
    assert "不需要账号：不碰本机的数据" in self_test.help
    assert "--help、--version 不读数据，不需要账号" in top.description


def test_a_lost_slip_gets_a_new_recovery_code_from_an_admin_only(office):
    refused = office("account", "renew-recovery", account=CLERK, password=CLERK_PASSWORD)
    assert refused.code == 2 and "只有管理员" in refused.err
    done = office("account", "renew-recovery")
    assert done.code == 0, done.err
    fresh = CODE.search(done.out).group(1)
    assert fresh != office.recovery_code and "旧恢复码或本村接入码" in done.out
    old = office("account", "recover", ADMIN, account=None, code=office.recovery_code,
                 new_password="Huifu-2026-z")
    assert old.code == 2 and "恢复码不对" in old.err
