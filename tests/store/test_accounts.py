"""Accounts as the office lives with them: the first 管理员 and the 恢复码, passwords kept only as
scrypt hashes, wrong passwords slowing further tries, the last 管理员 never locked out, and bad
input refused with a clear message and nothing changed."""
from __future__ import annotations

import datetime as dt

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.store import accounts, audit, recovery, session
from dongan_desk.store.models import Account, AuditEntry, LocalValue

PASSWORD = "dongan-2026"


@pytest.fixture
def admin(village):
    account, code = accounts.create_first_admin("张文书", PASSWORD, "张文")
    return account, code


def last_row() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).get()


def test_the_first_admin_gets_a_recovery_code_and_no_password_is_stored(admin, database):
    account, code = admin
    assert account.role == "admin" and len(code) == 24 and code.count("-") == 4
    assert PASSWORD not in account.password_hash and account.password_hash.startswith("scrypt$")
    assert PASSWORD.encode() not in database.read_bytes()
    assert code.replace("-", "").encode() not in database.read_bytes()
    assert recovery.recovery_code_matches(code.lower().replace("-", " "))
    with pytest.raises(ValidationError, match="已经有账号"):
        accounts.create_first_admin("李四", PASSWORD)


def test_login_begins_a_session_and_is_recorded(admin):
    started = accounts.login("张文书", PASSWORD)
    assert session.current() == started and started.role_label == "管理员"
    assert (last_row().action, last_row().account) == ("login", "张文书")
    accounts.logout()
    assert session.current() is session.SYSTEM and last_row().action == "logout"


def test_wrong_and_unknown_get_the_same_answer_and_the_wait_grows(admin):
    start = dt.datetime(2026, 12, 2, 9, 0, 0)
    answers = []
    for name in ("张文书", "没有这人", "张文书"):
        with pytest.raises(accounts.LoginRefused) as refused:
            accounts.login(name, "wrong-password", when=start)
        answers.append(refused.value.message)
    assert answers[0] == answers[1] and answers[2].endswith("请 5 秒后再试。")
    assert [r.detail for r in AuditEntry.select().where(AuditEntry.action == "login_failed")] == \
        ["密码不对", "没有这个账号", "密码不对"]
    with pytest.raises(accounts.LoginRefused, match="太多") as waiting:
        accounts.login("张文书", PASSWORD, when=start + dt.timedelta(seconds=2))
    assert waiting.value.wait_seconds == 3          # even the right password waits
    assert accounts.login("张文书", PASSWORD, when=start + dt.timedelta(seconds=6))
    assert accounts.login_wait() == 0                # a good login clears the count


def test_the_wait_doubles_up_to_its_cap(admin):
    start = dt.datetime(2026, 12, 2, 9, 0, 0)
    waits = []
    for minute in range(12):
        when = start + dt.timedelta(minutes=10 * minute)
        with pytest.raises(accounts.LoginRefused):
            accounts.login("张文书", "wrong-password", when=when)
        waits.append(accounts.login_wait(when))
    assert waits[:6] == [0, 0, 5, 10, 20, 40] and waits[-1] == accounts.LONGEST_WAIT


def test_a_disabled_account_cannot_log_in(admin):
    clerk = accounts.add_account("李录入", "lilu-2026x", "clerk")
    accounts.change_account(clerk, active=False)
    with pytest.raises(accounts.LoginRefused, match="停用"):
        accounts.login("李录入", "lilu-2026x")


@pytest.mark.parametrize("name, problem", [
    ("", "不能为空"), ("张" * 40, "太长"), ("a'; DROP TABLE x;--", "只能用汉字"), ("admin'; DROP TABLE account;--", "太长"),
    ("有 空格", "只能用汉字"), ("a\x00b", "只能用汉字"), ("<script>", "只能用汉字")])
def test_odd_account_names_are_refused_and_nothing_changes(admin, name, problem):
    before = (Account.select().count(), AuditEntry.select().count())
    with pytest.raises(ValidationError, match=problem):
        accounts.add_account(name, "good-pass-1", "clerk")
    assert (Account.select().count(), AuditEntry.select().count()) == before


@pytest.mark.parametrize("password, problem", [
    ("short", "至少8位"), ("x" * 65, "最多64位"), ("aaaaaaaa", "太容易猜"), ("李录入", "至少8位"),
    ("abc\x07defgh", "控制字符")])
def test_weak_or_odd_passwords_are_refused(admin, password, problem):
    with pytest.raises(ValidationError, match=problem):
        accounts.add_account("李录入", password, "clerk")
    assert not Account.select().where(Account.name == "李录入").exists()


def test_sql_looking_and_long_text_logs_in_as_nobody(admin):
    for name in ("' OR '1'='1", "张文书' --", "张" * 5000):
        with pytest.raises(accounts.LoginRefused):
            accounts.login(name, "' OR '1'='1")
    assert Account.select().count() == 1 and len(last_row().account) <= 40


def test_only_an_admin_manages_accounts(admin):
    accounts.add_account("李录入", "lilu-2026x", "clerk")
    clerk = accounts.login("李录入", "lilu-2026x")
    assert clerk.role == "clerk"
    with pytest.raises(ValidationError, match="只有管理员"):
        accounts.add_account("王五", "wangwu-2026", "admin")
    with pytest.raises(ValidationError, match="只有管理员"):
        accounts.reset_password(Account.get(Account.name == "张文书"), "new-pass-2026")
    with pytest.raises(ValidationError, match="只有管理员"):
        accounts.set_idle_minutes(1)


def test_the_last_admin_is_never_demoted_or_disabled(admin):
    account, _ = admin
    with pytest.raises(ValidationError, match="最后一个管理员"):
        accounts.change_account(account, role="viewer")
    with pytest.raises(ValidationError, match="最后一个管理员"):
        accounts.change_account(account, active=False)
    second = accounts.add_account("李主任", "lizhu-2026x", "admin")
    accounts.change_account(account, role="viewer")
    assert Account.get_by_id(account.id).role == "viewer" and second.role == "admin"


def test_a_reset_password_must_be_changed_at_the_next_login(admin):
    clerk = accounts.add_account("李录入", "lilu-2026x", "clerk")
    accounts.reset_password(clerk, "temp-2026-pw")
    assert Account.get_by_id(clerk.id).must_change
    accounts.login("李录入", "temp-2026-pw")
    with pytest.raises(ValidationError, match="原密码不对"):
        accounts.change_own_password(Account.get_by_id(clerk.id), "wrong", "mine-2026-pw")
    accounts.change_own_password(Account.get_by_id(clerk.id), "temp-2026-pw", "mine-2026-pw")
    assert not Account.get_by_id(clerk.id).must_change
    assert "mine-2026-pw" not in "".join(r.changes + r.detail for r in AuditEntry.select())


def test_the_recovery_code_brings_the_last_admin_back_once(admin):
    account, code = admin
    with pytest.raises(ValidationError, match="恢复码不对"):
        accounts.recover_with_code("ABCD-EFGH-JKMN-PQRS-TUVW", "张文书", "back-2026-pw")
    assert AuditEntry.select().where(AuditEntry.action == "login_failed").count() == 1
    _, fresh = accounts.recover_with_code(code, "张文书", "back-2026-pw")
    assert accounts.login("张文书", "back-2026-pw").role == "admin"
    assert fresh != code and not recovery.recovery_code_matches(code)
    assert recovery.recovery_code_matches(fresh)
    accounts.add_account("李录入", "lilu-2026x", "clerk")
    with pytest.raises(ValidationError, match="只能重设管理员"):
        accounts.recover_with_code(fresh, "李录入", "back-2026-pw")


def test_idle_minutes_default_and_bounds(admin):
    assert accounts.idle_minutes() == 10
    for bad in ("0", "abc", "9999", ""):
        with pytest.raises(ValidationError, match="1–240"):
            accounts.set_idle_minutes(bad)
    assert accounts.set_idle_minutes(" 15 ") == 15 and accounts.idle_minutes() == 15
    assert audit.changes_of(last_row()) == [("分钟", "10", "15")]


def test_a_database_opened_on_another_pc_says_so_and_records_it(admin, monkeypatch):
    assert accounts.note_machine() is None           # the first time: this PC is noted
    assert accounts.note_machine() is None           # the same PC: nothing to say
    monkeypatch.setattr(accounts, "this_machine", lambda: "别的电脑（0123456789ab）")
    note = accounts.note_machine()
    assert "别的电脑" in note and "告诉管理员" in note
    assert last_row().action == "open_elsewhere"
    assert LocalValue.get(LocalValue.key == accounts.MACHINE_KEY).value.startswith("别的电脑")


def test_a_lost_recovery_slip_is_replaced_by_an_admin_only(admin):
    _, old = admin
    accounts.add_account("李录入", "lilu-2026x", "clerk")
    accounts.login("李录入", "lilu-2026x")
    with pytest.raises(ValidationError, match="只有管理员"):
        accounts.renew_recovery_code()
    assert recovery.recovery_code_matches(old)
    accounts.login("张文书", PASSWORD)
    fresh = accounts.renew_recovery_code()
    assert recovery.recovery_code_matches(fresh) and not recovery.recovery_code_matches(old)
    assert last_row().action == "account" and fresh.replace("-", "") not in last_row().detail
