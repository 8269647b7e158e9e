"""文件 → 备份到… / 从备份恢复…, and an unexpected error in a callback, in the real window.
The file dialogs are replaced; everything after them runs as the clerk would see it."""
import logging
import tkinter as tk

import pytest

from dongan_desk.store.backup import backup_now
from dongan_desk.store.models import Resident
from dongan_desk.ui import backup_actions
from dongan_desk.ui.app import MainWindow, report_callback_exception
from dongan_desk.ledgers.roster.tab import RosterTab

from backup_helpers import add_resident
from tests.access_helpers import village_has_code
from ui_driver import find_widgets, wait_until


@pytest.fixture
def window(root, village, tmp_path):
    add_resident("张三")
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    return main


def file_menu(window) -> tk.Menu:
    return window.nametowidget(window.menubar.entrycget("文件", "menu"))


def shown_names(window) -> set[str]:
    tab = find_widgets(window, RosterTab)[0]
    wait_until(window, lambda: tab.people.tree.get_children())
    return {tab.people.tree.item(iid, "values")[0] for iid in tab.people.tree.get_children()}


def test_the_file_menu_offers_backup_and_restore(window):
    menu = file_menu(window)
    labels = [menu.entrycget(i, "label") for i in range(menu.index("end") + 1)
              if menu.type(i) == "command"]
    assert {"备份到…", "从备份恢复…"} <= set(labels) and labels[-1] == "退出"


def test_backup_to_a_chosen_folder(window, root, tmp_path, message_log, monkeypatch):
    village_has_code()  # a backup to a stick is encrypted with it (tests/store/test_stick_backup.py)
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(backup_actions, "choose_folder", lambda parent: stick)
    file_menu(window).invoke("备份到…")
    root.update()
    [made] = list(stick.iterdir())
    assert made.name.startswith("兴田村-备份-") and made.suffix == ".dbak"  # encrypted
    assert message_log.infos and str(made) in message_log.infos[0]
    assert "已备份到" in window.status.message_label.cget("text")
    assert not find_widgets(root, backup_actions.ProgressWindow)


def test_backup_to_a_pulled_stick_says_so_and_the_window_stays_usable(window, root, tmp_path,
                                                                        message_log, monkeypatch):
    monkeypatch.setattr(backup_actions, "choose_folder", lambda parent: tmp_path / "拔出的U盘")
    file_menu(window).invoke("备份到…")
    root.update()
    assert len(message_log.errors) == 1 and "找不到文件夹" in message_log.errors[0]
    assert not find_widgets(root, backup_actions.ProgressWindow)
    assert root.grab_current() is None  # the progress window's grab is gone
    assert window.status.message_label.cget("text") == "备份没有完成"


def test_cancelled_dialogs_do_nothing(window, root, message_log, monkeypatch):
    monkeypatch.setattr(backup_actions, "choose_folder", lambda parent: None)
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: None)
    file_menu(window).invoke("备份到…")
    file_menu(window).invoke("从备份恢复…")
    root.update()
    assert message_log.infos == message_log.errors == message_log.questions == []


def test_restore_asks_then_shows_the_restored_data(window, root, message_log, monkeypatch):
    saved = backup_now("手动")
    add_resident("后来录入")
    chosen = []
    monkeypatch.setattr(backup_actions, "choose_backup_file",
                        lambda parent, folder: chosen.append(folder) or saved)
    window.context.data_changed()  # as a form would after its save
    wait_until(root, lambda: "后来录入" in shown_names(window))
    file_menu(window).invoke("从备份恢复…")
    root.update()
    assert chosen[0].name == "backups"  # the dialog opens in the data folder's backups
    [question] = message_log.questions
    assert "兴田村" in question and "1 名居民" in question and "先备份" in question
    assert "已从备份恢复" in message_log.infos[0] and "恢复前" in message_log.infos[0]
    [fresh] = find_widgets(root, MainWindow)
    assert fresh is not window and not window.winfo_exists()
    assert shown_names(fresh) == {"张三"}
    assert "已从备份恢复" in fresh.status.message_label.cget("text")
    assert [r.name for r in Resident.select()] == ["张三"]


def test_restore_answered_no_changes_nothing(window, root, message_log, monkeypatch):
    saved = backup_now("手动")
    add_resident("后来录入")
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: saved)
    message_log.answer = False
    file_menu(window).invoke("从备份恢复…")
    root.update()
    assert len(message_log.questions) == 1 and message_log.infos == []
    assert window.winfo_exists()
    assert Resident.select().count() == 2


def test_restore_from_a_file_that_is_not_a_backup_is_refused(window, root, tmp_path,
                                                             message_log, monkeypatch):
    excel = tmp_path / "花名册.xlsx"
    excel.write_bytes(b"PK\x03\x04" * 500)
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: excel)
    file_menu(window).invoke("从备份恢复…")
    root.update()
    assert message_log.questions == []
    assert "不是东安台账的备份文件" in message_log.errors[0]
    assert window.winfo_exists() and Resident.select().count() == 1


def test_an_unexpected_error_in_a_callback_is_told_plainly_and_the_window_stays_usable(
        window, root, message_log, caplog):
    clicks = []

    def broken():
        raise ZeroDivisionError("division by zero")

    bad = tk.Button(window, text="坏按钮", command=broken)
    good = tk.Button(window, text="好按钮", command=lambda: clicks.append(1))
    recorder = root.report_callback_exception
    root.report_callback_exception = report_callback_exception(root)
    try:
        with caplog.at_level(logging.ERROR):
            bad.invoke()
        root.update()
        good.invoke()
        root.update()
    finally:
        root.report_callback_exception = recorder
    assert len(message_log.errors) == 1
    assert "意外错误" in message_log.errors[0] and "logs" in message_log.errors[0]
    assert "ZeroDivisionError" not in message_log.errors[0]  # no traceback for the clerk
    assert "ZeroDivisionError" in caplog.text and "broken" in caplog.text  # the details: in the log
    assert clicks == [1]
    tab = find_widgets(window, RosterTab)[0]
    tab.on_find()  # the tab still answers
    root.update()
