"""First start: the unit, then 建立管理员账号 with its rules said at the fields, the 恢复码 shown
once with the 恢复码单 to print, and only then the main window, logged in as that 管理员."""
import pytest

from dongan_desk.store import accounts, recovery, session
from dongan_desk.store.models import Resident
from dongan_desk.store.models.accounts import Account, AuditEntry
from dongan_desk.ui import files, recovery_code
from dongan_desk.ui.app import MainWindow, show_main_or_setup
from dongan_desk.ui.first_admin import FirstAdminView
from dongan_desk.ui.setup_view import SetupView

from account_helpers import PASSWORD, pdf_text
from backup_helpers import add_resident
from ui_driver import find_widgets, type_into


@pytest.fixture
def slips(tmp_path, monkeypatch):
    """Where the 恢复码单 goes, and the viewer that would open it."""
    opened = []
    monkeypatch.setattr(recovery_code, "SLIP_FOLDER", tmp_path / "临时")
    monkeypatch.setattr(files, "open_with_system", opened.append)
    return opened


def fill(view, name="张文书", full_name="张文", password=PASSWORD, repeat=None):
    type_into(view.name, name)
    type_into(view.full_name, full_name)
    type_into(view.password, password)
    type_into(view.repeat, password if repeat is None else repeat)
    view.submit()


def label_texts(widget) -> str:
    import tkinter.ttk as tkttk
    return " ".join(str(w.cget("text")) for w in find_widgets(widget, tkttk.Label))


def beside(view, field):
    label, _hint = view.fields.hints[field]
    return label.cget("text")


def test_first_start_sets_up_the_unit_then_the_admin_then_prints_the_code(root, database,
                                                                         tmp_path, slips):
    setup = show_main_or_setup(root, tmp_path)
    assert isinstance(setup, SetupView)
    type_into(setup.name, "兴田村")
    type_into(setup.short, "兴田")
    type_into(setup.code, "500229115201")
    setup.submit()
    root.update()
    [view] = find_widgets(root, FirstAdminView)
    assert not find_widgets(root, MainWindow)
    assert "本机单位：兴田村" in label_texts(view)
    assert "旧版本" not in label_texts(view)  # a new PC, not an upgrade
    fill(view)
    [admin] = Account.select()
    assert admin.role == "admin" and admin.full_name == "张文" and not admin.must_change
    code = view.code_box.code_label.cget("text")
    assert recovery.recovery_code_matches(code)
    assert not find_widgets(root, MainWindow)  # the code first
    assert str(view.code_box.continue_button.cget("state")) == "disabled"
    view.code_box.print_button.invoke()
    printed = view.code_box.printed
    assert slips == [printed] and printed.parent == tmp_path / "临时"
    assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())
    text = pdf_text(printed)
    assert code in text and "恢复码单" in text and "兴田村" in text and "张文书" in text
    assert "文件柜" in text and "U盘" in text
    view.code_box.kept.set(True)
    view.code_box._kept_changed()
    view.code_box.continue_button.invoke()
    root.update()
    [main] = find_widgets(root, MainWindow)
    assert session.current().account == "张文书" and session.current().role == "admin"
    assert main.status.account_label.cget("text") == "当前账号：张文（管理员）"
    assert AuditEntry.select().where(AuditEntry.action == "login").count() == 1
    recovery_code.remove_printed_slips()  # as at the program's end: the code leaves this PC
    assert not printed.exists()


def test_bad_input_is_said_beside_each_field_and_makes_no_account(root, village, tmp_path,
                                                                  slips):
    view = show_main_or_setup(root, tmp_path)
    assert isinstance(view, FirstAdminView)
    fill(view, name="admin'; DROP TABLE account;--", password="abc")
    assert "账号太长了" in beside(view, "name")
    assert "至少8位" in beside(view, "password")
    fill(view, name="a';DROP--", password="abc")
    assert "只能用汉字、字母、数字" in beside(view, "name")
    assert "至少8位" in beside(view, "password")
    fill(view, name="张" * 40, password="Xingtian#2026", repeat="Xingtian#2025")
    assert "太长" in beside(view, "name") and "40" in beside(view, "name")
    assert "两次输入的密码不一样" in beside(view, "repeat")
    fill(view, name="zhangwenshu", password="ZhangWenShu")
    assert "太容易猜" in beside(view, "password")
    fill(view, name="张 文书")
    assert "不能有空格" in beside(view, "name")
    assert Account.select().count() == 0 and not hasattr(view, "code_box")
    fill(view)  # once right, the hints are back in grey
    assert beside(view, "name").startswith("登录时用的名字")
    assert Account.select().count() == 1


def test_a_database_from_before_accounts_asks_for_an_admin_first(root, village, tmp_path,
                                                                 slips):
    add_resident("张三")
    view = show_main_or_setup(root, tmp_path)
    assert isinstance(view, FirstAdminView)
    assert "旧版本" in label_texts(view) and "数据都在" in label_texts(view)
    fill(view)
    view.code_box.kept.set(True)
    view.code_box._kept_changed()
    view.code_box.continue_button.invoke()
    root.update()
    assert find_widgets(root, MainWindow) and Resident.select().count() == 1
    assert accounts.has_accounts()
