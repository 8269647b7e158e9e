"""Menus by role: what the account may not use is there but disabled; the status bar names the
account; a form opens read-only for a role that may not edit, and a refusal from the store is
shown as any other."""
import pytest
import ttkbootstrap as ttk

from dongan_desk.store import session
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.widgets import FormDialog

from account_helpers import add, make_admin, sign_in
from ui_driver import find_widgets, type_into

FILE_ITEMS = ("导出报送包…", "导入花名册…", "备份到…", "从备份恢复…", "锁定", "退出登录", "退出")
SETTINGS_ITEMS = ("本单位信息…", "困难群体 / 特殊群体类别…", "账号管理…", "修改我的密码…", "审计记录…")


def states(window, menu_name: str, labels) -> dict[str, str]:
    menu = window.nametowidget(window.menubar.entrycget(menu_name, "menu"))
    return {label: str(menu.entrycget(label, "state")) for label in labels}


def window_of(root, tmp_path, name, role, full_name):
    make_admin()
    if role != "admin":
        add(name, role, full_name)
    sign_in(root, tmp_path, name)
    [main] = find_widgets(root, MainWindow)
    return main


OFF, ON = "disabled", "normal"


@pytest.mark.parametrize("name, role, file_states, label", [
    ("王查看", "viewer", (OFF, OFF, OFF, OFF, ON, ON, ON), "当前账号：王查看（查看员）"),
    ("李会计", "clerk", (ON, ON, ON, OFF, ON, ON, ON), "当前账号：李会计（录入员）"),
])
def test_a_viewer_reads_only_and_a_clerk_enters_but_neither_changes_settings(
        root, village, tmp_path, name, role, file_states, label):
    main = window_of(root, tmp_path, name, role, name)
    assert states(main, "文件", FILE_ITEMS) == dict(zip(FILE_ITEMS, file_states))
    assert states(main, "设置", SETTINGS_ITEMS) == {
        "本单位信息…": OFF, "困难群体 / 特殊群体类别…": OFF, "账号管理…": OFF,
        "修改我的密码…": ON, "审计记录…": OFF}
    assert main.status.account_label.cget("text") == label


def test_an_admin_has_every_item(root, village, tmp_path):
    main = window_of(root, tmp_path, "张文书", "admin", "张文")
    assert set(states(main, "文件", FILE_ITEMS).values()) == {"normal"}
    assert set(states(main, "设置", SETTINGS_ITEMS).values()) == {"normal"}
    assert main.status.account_label.cget("text") == "当前账号：张文（管理员）"


def test_the_township_s_import_needs_export_too(root, township, tmp_path):
    main = window_of(root, tmp_path, "王查看", "viewer", "王查看")
    assert states(main, "文件", ("导入报送包…",)) == {"导入报送包…": "disabled"}


class NoteDialog(FormDialog):
    """A ledger form as the tabs write them: one field, saved in ``apply``."""

    saved: list = []

    def body(self, frame):
        self.entry(frame, "note", "备注")

    def apply(self):
        session.require(session.EDIT)
        self.saved.append(self.value("note"))
        return self.value("note")


@pytest.fixture
def note_dialog(root):
    NoteDialog.saved = []
    opened = []

    def open_as(role):
        with session.acting_as(session.Session("某人", role, 99)):
            dialog = NoteDialog(root, "备注")
        opened.append(dialog)
        return dialog
    yield open_as
    for dialog in opened:
        if dialog.winfo_exists():
            dialog.cancel()


def test_a_form_opens_read_only_for_a_viewer(root, note_dialog):
    dialog = note_dialog("viewer")
    assert dialog.read_only
    assert dialog.save_button.cget("text") == "只能查看"
    assert str(dialog.save_button.cget("state")) == "disabled"
    assert "只能查看" in dialog.error_label.cget("text")
    type_into(dialog.fields["note"], "看看")
    dialog.event_generate("<Control-s>")
    dialog.fields["note"].event_generate("<Control-s>")
    root.update()
    assert dialog.winfo_exists() and NoteDialog.saved == []


def test_a_form_saves_for_a_clerk_and_shows_a_refusal_from_the_store(root, note_dialog):
    dialog = note_dialog("clerk")
    assert not dialog.read_only and dialog.save_button.cget("text") == "保存 (Ctrl+S)"
    with session.acting_as(session.Session("某人", "viewer", 99)):  # the role changed meanwhile
        dialog.save()
    assert dialog.winfo_exists() and "只能查看，不能新增、修改或删除" in dialog.error_label.cget("text")
    with session.acting_as(session.Session("某人", "clerk", 99)):
        type_into(dialog.fields["note"], "写下")
        dialog.save()
    assert not dialog.winfo_exists() and NoteDialog.saved == ["写下"]


def test_the_unit_settings_form_needs_settings(root, village, note_dialog):
    from dongan_desk import units
    from dongan_desk.ui.unit_dialog import UnitDialog
    with session.acting_as(session.Session("李会计", "clerk", 98)):
        dialog = UnitDialog(root, units.home_unit())
    try:
        assert dialog.read_only and dialog.save_button.cget("text") == "只能查看"
        assert isinstance(dialog, ttk.Toplevel)
    finally:
        dialog.cancel()
