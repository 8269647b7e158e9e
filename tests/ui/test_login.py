"""登录 at every start: nothing of the data before a good login; wrong and unknown names get
the same answer; after three wrong tries 登录 waits, counting down; a password a 管理员 set is
changed first; the 恢复码 path back for the last 管理员; 退出登录; a restore asks again."""
import pytest

from dongan_desk.store import accounts, recovery, session
from dongan_desk.store.models import LocalValue
from dongan_desk.store.models.accounts import Account, AuditEntry
from dongan_desk.ui import files, recovery_code
from dongan_desk.ui.app import MainWindow, show_main_or_setup
from dongan_desk.ui.login_view import LoginView
from dongan_desk.ui.password_dialogs import ChangePasswordDialog, RecoverWithCodeDialog
from dongan_desk.ui.recovery_code import RecoveryCodeDialog

from account_helpers import PASSWORD, add, make_admin, new_password, pdf_text, sign_in
from ui_driver import find_widgets, run_with_dialogs, type_into, wait_until


@pytest.fixture
def admin(village):
    return make_admin()


def message(view) -> str:
    return str(view.message.cget("text"))


def test_the_window_shows_the_login_and_nothing_of_the_data_before_it(root, admin, tmp_path):
    view = show_main_or_setup(root, tmp_path)
    assert isinstance(view, LoginView) and not find_widgets(root, MainWindow)
    assert str(root.cget("menu")) == ""  # no menu either
    assert session.current().account_id is None


def test_a_good_login_opens_the_window_as_that_account(root, admin, tmp_path):
    add("李会计", "clerk", "李会计")
    view = sign_in(root, tmp_path, "李会计")
    assert not view.winfo_exists()
    [main] = find_widgets(root, MainWindow)
    assert session.current().account == "李会计" and session.current().role == "clerk"
    assert main.status.account_label.cget("text") == "当前账号：李会计（录入员）"
    # the name of the last account that logged in is offered at the next start
    main.log_out()
    root.update()
    [again] = find_widgets(root, LoginView)
    assert again.name.get() == "李会计" and again.password.get() == ""


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(root, admin, tmp_path):
    wrong = sign_in(root, tmp_path, "张文书", "not-the-password")
    assert "账号或密码不对" in message(wrong) and not find_widgets(root, MainWindow)
    assert wrong.password.get() == ""  # typed again, not left in the field
    wrong.destroy()
    unknown = sign_in(root, tmp_path, "没有这个人", PASSWORD)
    assert message(unknown) == "账号或密码不对。请重新输入（注意大小写和输入法）。"
    assert session.current().account_id is None
    assert [e.detail for e in AuditEntry.select().where(AuditEntry.action == "login_failed")] \
        == ["密码不对", "没有这个账号"]


def test_after_three_wrong_tries_login_waits_and_counts_down(root, admin, tmp_path, monkeypatch):
    monkeypatch.setattr(accounts, "FIRST_WAIT", 2)
    view = sign_in(root, tmp_path, "张文书", "wrong-1")
    for attempt in ("wrong-2", "wrong-3"):
        type_into(view.password, attempt)
        view.submit()
    assert "请 2 秒后再试" in message(view) or "请 1 秒后再试" in message(view)
    assert str(view.login_button.cget("state")) == "disabled"
    assert "秒" in str(view.login_button.cget("text"))
    type_into(view.password, PASSWORD)  # even the right one waits
    view.submit()
    assert not find_widgets(root, MainWindow)
    wait_until(root, lambda: str(view.login_button.cget("state")) == "normal", timeout=5)
    assert "现在可以再试" in message(view) and view.login_button.cget("text") == "登录"
    type_into(view.password, PASSWORD)
    view.submit()
    root.update()
    assert find_widgets(root, MainWindow)


def test_a_wait_left_from_before_applies_at_the_next_start(root, admin, tmp_path):
    for attempt in range(3):
        with pytest.raises(accounts.LoginRefused):
            accounts.login("张文书", f"wrong-{attempt}")
    view = show_main_or_setup(root, tmp_path)
    assert str(view.login_button.cget("state")) == "disabled"
    assert "密码错误次数太多" in message(view)


def test_a_password_set_by_an_admin_is_changed_at_the_first_login(root, admin, tmp_path):
    add("王查看", "viewer", must_change=True)
    view = show_main_or_setup(root, tmp_path)
    type_into(view.name, "王查看")
    type_into(view.password, PASSWORD)
    problems = {}

    def change(dialog):
        assert dialog.cancel_button.cget("text") == "退出登录"
        type_into(dialog.fields["old"], PASSWORD)
        problems["short"] = new_password(dialog, "abc")
        new_password(dialog, "Wang-chakan-1")

    assert run_with_dialogs(root, view.submit, (ChangePasswordDialog, change)) == []
    assert "至少8位" in problems["short"]
    assert find_widgets(root, MainWindow) and session.current().account == "王查看"
    account = Account.get(Account.name == "王查看")
    assert not account.must_change and accounts.password_matches("Wang-chakan-1",
                                                                 account.password_hash)


def test_leaving_the_forced_change_goes_back_to_the_login(root, admin, tmp_path):
    add("王查看", "viewer", must_change=True)
    view = show_main_or_setup(root, tmp_path)
    type_into(view.name, "王查看")
    type_into(view.password, PASSWORD)
    run_with_dialogs(root, view.submit, (ChangePasswordDialog, lambda d: d.cancel()))
    assert not find_widgets(root, MainWindow) and view.winfo_exists()
    assert "要先改好密码" in message(view)
    assert session.current().account_id is None


def test_a_database_last_used_on_another_pc_says_so_after_the_login(root, admin, tmp_path,
                                                                   message_log):
    LocalValue.create(key=accounts.MACHINE_KEY, value="镇政府-办公室（0a1b2c3d4e5f）")
    sign_in(root, tmp_path, "张文书")
    assert find_widgets(root, MainWindow)
    [note] = message_log.infos
    assert "镇政府-办公室" in note and "审计记录" in note


def test_the_last_admin_gets_back_in_with_the_recovery_code(root, admin, tmp_path, monkeypatch):
    _account, code = admin
    opened = []
    monkeypatch.setattr(recovery_code, "SLIP_FOLDER", tmp_path / "临时")
    monkeypatch.setattr(files, "open_with_system", opened.append)
    view = sign_in(root, tmp_path, "张文书", "forgotten")
    view.forgot_button.invoke()
    assert view.forgot.winfo_manager() == "grid" and "另一位管理员" in str(
        view.forgot.winfo_children()[0].cget("text"))
    seen = {}

    def fill(dialog):
        assert dialog.fields["name"].get() == "张文书"
        type_into(dialog.fields["code"], "ABCD-EFGH-JKMN-PQRS-TUVW")
        type_into(dialog.fields["password"], "Zhang-new-2026")
        type_into(dialog.fields["repeat"], "Zhang-new-2026")
        dialog.save()
        seen["wrong code"] = dialog.problem_labels["code"].cget("text")
        type_into(dialog.fields["code"], code.lower().replace("-", " "))
        dialog.save()

    def new_code(dialog):
        seen["code"] = dialog.box.code_label.cget("text")
        dialog.box.print_button.invoke()
        dialog.box.kept.set(True)
        dialog.box._kept_changed()
        dialog.box.continue_button.invoke()

    assert run_with_dialogs(root, view.recover_button.invoke,
                            (RecoverWithCodeDialog, fill), (RecoveryCodeDialog, new_code)) == []
    assert "恢复码不对" in seen["wrong code"]
    fresh = seen["code"]
    assert fresh != code and recovery.recovery_code_matches(fresh)
    assert not recovery.recovery_code_matches(code)
    assert fresh in pdf_text(opened[0])
    assert find_widgets(root, MainWindow) and session.current().account == "张文书"


def test_log_out_goes_back_to_the_login_and_closes_the_account_s_windows(root, admin, tmp_path):
    sign_in(root, tmp_path, "张文书")
    [main] = find_widgets(root, MainWindow)
    dialog = main.edit_home_unit()
    menu = main.nametowidget(main.menubar.entrycget("文件", "menu"))
    menu.invoke("退出登录")
    root.update()
    assert not main.winfo_exists() and not dialog.winfo_exists()
    assert find_widgets(root, LoginView) and session.current().account_id is None
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "logout"


def test_after_a_restore_whoever_was_in_logs_in_again(root, admin, tmp_path, message_log,
                                                      monkeypatch):
    from dongan_desk.ui import backup_actions
    from dongan_desk.store.backup import backup_now
    saved = backup_now("手动")
    sign_in(root, tmp_path, "张文书")
    [main] = find_widgets(root, MainWindow)
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: saved)
    main.nametowidget(main.menubar.entrycget("文件", "menu")).invoke("从备份恢复…")
    root.update()
    [view] = find_widgets(root, LoginView)
    assert "请重新登录" in message(view) and session.current().account_id is None
    assert "已从备份恢复" in message_log.infos[-1]
