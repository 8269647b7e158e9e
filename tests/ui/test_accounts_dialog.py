"""设置 → 账号管理… and 修改我的密码…: what the store refuses is said beside the field and
nothing changes; a new account changes its password at the first login; the last 管理员 stays."""
import pytest

from dongan_desk.store import accounts, session
from dongan_desk.store.models.accounts import Account
from dongan_desk.ui.accounts_dialog import AccountsWindow, EditAccountDialog, NewAccountDialog
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.login_view import LoginView
from dongan_desk.ui.password_dialogs import ChangePasswordDialog, ResetPasswordDialog

from account_helpers import PASSWORD, add, make_admin, new_password, sign_in
from ui_driver import find_widgets, run_with_dialogs, type_into


@pytest.fixture
def window(root, village, tmp_path):
    make_admin()
    sign_in(root, tmp_path, "张文书")
    [main] = find_widgets(root, MainWindow)
    return main


@pytest.fixture
def manager(window):
    settings = window.nametowidget(window.menubar.entrycget("设置", "menu"))
    settings.invoke("账号管理…")
    [shown] = find_widgets(window.root, AccountsWindow)
    return shown


def listed(manager) -> list[tuple]:
    return [tuple(manager.tree.item(iid, "values")[:5]) for iid in manager.tree.get_children()]


def new_account(manager, name, password, full_name="", role="录入员", repeat=None):
    """Fill 新建账号 once; returns what each field's red line says (empty when it saved)."""
    said = {}

    def fill(dialog):
        type_into(dialog.fields["name"], name)
        type_into(dialog.fields["full_name"], full_name)
        dialog.fields["role"].set(role)
        type_into(dialog.fields["password"], password)
        type_into(dialog.fields["repeat"], password if repeat is None else repeat)
        dialog.save()
        if dialog.winfo_exists():
            said.update({key: label.cget("text") for key, label in dialog.problem_labels.items()
                         if label.cget("text")})

    run_with_dialogs(manager, manager.new, (NewAccountDialog, fill))
    return said


def test_the_list_shows_the_accounts_with_their_labels(manager):
    headings = [manager.tree.heading(key, "text") for key in manager.tree["columns"]]
    assert headings[:5] == ["账号", "姓名", "角色", "启用", "下次登录须改密码"]
    [(name, full_name, role, active, _must)] = listed(manager)
    assert (name, full_name, role, active) == ("张文书", "张文", "管理员", "是")


@pytest.mark.parametrize("name, password, field, says", [
    ("a';DROP--", PASSWORD, "name", "只能用汉字、字母、数字"),
    ("admin'; DROP TABLE account;--", PASSWORD, "name", "账号太长了"),
    ("李" * 40, PASSWORD, "name", "最多20个字，现在是40个字"),
    ("李 会计", PASSWORD, "name", "不能有空格"),
    ("李会计", "abc", "password", "密码至少8位，现在是3位"),
    ("李会计", "aaaaaaaaa", "password", "太容易猜"),
    ("张文书", PASSWORD, "name", "已经有叫“张文书”的账号了"),
])
def test_bad_input_for_a_new_account_is_refused_beside_the_field(manager, name, password, field,
                                                                 says):
    said = new_account(manager, name, password)
    assert says in said[field]
    assert Account.select().count() == 1 and len(listed(manager)) == 1
    assert session.current().account == "张文书"


def test_the_two_passwords_must_agree(manager):
    said = new_account(manager, "李会计", PASSWORD, repeat=PASSWORD + "x")
    assert "两次输入的密码不一样" in said["repeat"] and Account.select().count() == 1


def test_a_new_account_must_change_its_password_at_the_first_login(manager, root, tmp_path):
    assert new_account(manager, "李会计", PASSWORD, full_name="李会计", role="查看员") == {}
    account = Account.get(Account.name == "李会计")
    assert account.role == "viewer" and account.must_change
    assert ("李会计", "李会计", "查看员", "是", "是") in listed(manager)
    assert "初始密码" in manager.window.status.message_label.cget("text")


def test_the_last_admin_is_not_demoted_and_it_is_said_beside_the_role(manager):
    said = {}

    def demote(dialog):
        dialog.fields["role"].set("录入员")
        dialog.save()
        said["role"] = dialog.problem_labels["role"].cget("text")

    manager.tree.selection_set(manager.tree.get_children()[0])
    run_with_dialogs(manager, manager.edit, (EditAccountDialog, demote))
    assert "最后一个管理员" in said["role"]
    assert Account.get(Account.name == "张文书").role == "admin"
    assert session.current().role == "admin"


def test_role_change_and_stopping_an_account(manager):
    clerk = add("李会计", "clerk")
    manager.reload(select=clerk.id)

    def change(dialog):
        dialog.fields["role"].set("查看员")
        dialog.active.set(False)
        dialog.save()

    run_with_dialogs(manager, manager.edit, (EditAccountDialog, change))
    clerk = Account.get_by_id(clerk.id)
    assert clerk.role == "viewer" and not clerk.active
    assert ("李会计", "", "查看员", "否（已停用）") in [row[:4] for row in listed(manager)]
    with pytest.raises(accounts.LoginRefused, match="已停用"):
        accounts.login("李会计", PASSWORD)


def test_an_admin_who_makes_himself_a_clerk_is_one_at_once(manager, window, root):
    add("王主任", "admin")
    manager.reload(select=Account.get(Account.name == "张文书").id)

    def change(dialog):
        dialog.fields["role"].set("录入员")
        dialog.save()

    run_with_dialogs(manager, manager.edit, (EditAccountDialog, change))
    assert session.current().role == "clerk" and not manager.winfo_exists()
    settings = window.nametowidget(window.menubar.entrycget("设置", "menu"))
    assert settings.entrycget("账号管理…", "state") == "disabled"
    assert "录入员" in window.status.account_label.cget("text")


def test_resetting_a_password_refuses_a_short_one_then_takes_it(manager):
    clerk = add("李会计", "clerk")
    manager.reload(select=clerk.id)
    said = {}

    def reset(dialog):
        said["short"] = new_password(dialog, "abc")
        new_password(dialog, "Li-kuaiji-88")

    run_with_dialogs(manager, manager.reset, (ResetPasswordDialog, reset))
    assert "至少8位" in said["short"]
    clerk = Account.get_by_id(clerk.id)
    assert clerk.must_change and accounts.password_matches("Li-kuaiji-88", clerk.password_hash)


def test_an_admin_may_reset_his_own_password(manager, window, root):
    manager.reload(select=Account.get(Account.name == "张文书").id)

    def reset(dialog):
        new_password(dialog, "Zhang-new-2026")

    run_with_dialogs(manager, manager.reset, (ResetPasswordDialog, reset))
    assert Account.get(Account.name == "张文书").must_change
    assert session.current().account == "张文书"  # the session goes on; the next login changes it


def test_the_idle_minutes_are_checked_and_kept(manager):
    for typed, says in (("abc", "整数"), ("0", "1–240"), ("9999", "1–240")):
        type_into(manager.idle_entry, typed)
        manager.save_idle()
        assert says in manager.idle_message.cget("text") and accounts.idle_minutes() == 10
    type_into(manager.idle_entry, "15")
    manager.save_idle()
    assert accounts.idle_minutes() == 15 and "15 分钟" in manager.idle_message.cget("text")


def test_everyone_changes_their_own_password(root, village, tmp_path):
    make_admin()
    add("王查看", "viewer")
    sign_in(root, tmp_path, "王查看")
    [main] = find_widgets(root, MainWindow)
    said = {}

    def change(dialog):
        assert str(dialog.save_button.cget("state")) != "disabled"  # not a ledger form
        type_into(dialog.fields["old"], "not-it")
        type_into(dialog.fields["password"], "Wang-new-2026")
        type_into(dialog.fields["repeat"], "Wang-new-2026")
        dialog.save()
        said["old"] = dialog.problem_labels["old"].cget("text")
        type_into(dialog.fields["old"], PASSWORD)
        dialog.save()

    settings = main.nametowidget(main.menubar.entrycget("设置", "menu"))
    run_with_dialogs(root, lambda: settings.invoke("修改我的密码…"), (ChangePasswordDialog, change))
    assert "原密码不对" in said["old"]
    assert accounts.password_matches("Wang-new-2026", Account.get(Account.name == "王查看").password_hash)
    assert "密码已修改" in main.status.message_label.cget("text")
    assert not find_widgets(root, LoginView)


def test_a_lost_recovery_slip_is_replaced_and_the_new_code_shown_once(manager, message_log):
    import re

    import ttkbootstrap as ttk

    from dongan_desk.store import recovery
    from dongan_desk.ui.recovery_code import RecoveryCodeDialog

    message_log.answer = False
    manager.renew_recovery()
    assert "旧的《恢复码单》随即作废" in message_log.questions[-1]
    assert not find_widgets(manager, RecoveryCodeDialog)
    message_log.answer = True
    manager.renew_recovery()
    [dialog] = find_widgets(manager, RecoveryCodeDialog)
    shown = [w.cget("text") for w in find_widgets(dialog, ttk.Label)]
    [code] = [t for t in shown if re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){4}", str(t))]
    assert recovery.recovery_code_matches(code)
    dialog.destroy()
