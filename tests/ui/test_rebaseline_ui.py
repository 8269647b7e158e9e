"""A reinstalled village PC starts again at 第1次: the township's import dialog holds the file
as 待确认, takes it only with a reason, and the 镇级汇总 tab shows that reason."""
import datetime as dt

import pytest

from dongan_desk.units import UnitSpec, home_unit, setup_township, setup_village
from dongan_desk.exchange.import_jobs import check_file, import_checked, receipt_path
from dongan_desk.exchange.package import export_package
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.store.models import ImportRecord, Unit
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.import_dialog import ImportDialog, ReasonDialog
from dongan_desk.ui.tab_township import TownshipTab

from tests.access_helpers import township_has_codes, village_has_code
from ui_driver import run_with_dialogs, type_into, wait_until

T0 = dt.datetime(2026, 3, 2, 9, 0, 0)
CODE = "500229115001"
REASON = "兴田村电脑重装，已电话核实"


def village_packages(path, folder, name, times):
    folder.mkdir(exist_ok=True)
    open_database(path)
    try:
        setup_village(UnitSpec(name, "兴田", CODE))
        village_has_code()
        return [export_package(home_unit(), folder, now=when).path for when in times]
    finally:
        close_database()


@pytest.fixture
def township_window(root, tmp_path):
    """A township holding 兴田村's 第2次; the village's PC, reinstalled, sends a new 第1次."""
    folder = tmp_path / "U盘"
    folder.mkdir()
    _first, second = village_packages(tmp_path / "old.db", folder / "旧电脑", "兴田村",
                                      [T0, T0 + dt.timedelta(days=30)])
    (restarted,) = village_packages(tmp_path / "new.db", folder, "兴田村（重装）",
                                    [T0 + dt.timedelta(days=60)])
    open_database(tmp_path / "t.db")
    setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                   [UnitSpec("兴田村", "兴田", CODE), UnitSpec("德安村", "德安", "500229115002")])
    township_has_codes()
    assert import_checked(check_file(second), "东安镇").status == "accepted"
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    yield main, restarted
    close_database()


def checked_dialog(root, main, path) -> ImportDialog:
    dialog = ImportDialog(main, [path])
    wait_until(root, lambda: dialog.outcomes and not dialog.busy)
    root.update()
    return dialog


def give_reason(text):
    def fill(dialog):
        type_into(dialog.fields["reason"], text)
        dialog.save()
    return fill


def test_a_restarted_numbering_waits_for_a_reason_and_the_tab_shows_it(root, township_window,
                                                                        message_log, tmp_path):
    main, restarted = township_window
    tab = main.show_tab(TownshipTab)
    dialog = checked_dialog(root, main, restarted)
    (row,) = dialog.tree.get_children()
    assert dialog.tree.set(row, "state").startswith("待确认：序号没有接上")
    assert "第 2 次" in dialog.tree.set(row, "detail") and "重装" in dialog.tree.set(row, "detail")
    assert "待确认" in dialog.heading.cget("text")
    assert str(dialog.import_button.cget("state")) == "disabled"
    # selected by itself: its message and notes (the name changed) are shown, the button enabled
    assert dialog.tree.selection() == (row,)
    assert "村里的单位名称" in dialog.notes.cget("text") and "兴田村（重装）" in dialog.notes.cget("text")
    assert str(dialog.rebaseline_button.cget("state")) == "normal"

    refused = run_with_dialogs(root, dialog.accept_rebaseline, (ReasonDialog, give_reason("  \n ")))
    assert len(refused) == 1 and "请写明" in refused[0]
    assert ImportRecord.select().where(ImportRecord.status == "accepted").count() == 1
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").glob("*导入前*"))

    assert run_with_dialogs(root, dialog.accept_rebaseline, (ReasonDialog, give_reason(REASON))) == []
    wait_until(root, lambda: not dialog.busy, timeout=60)
    assert dialog.tree.set(row, "state") == "已导入"
    record = ImportRecord.select().order_by(ImportRecord.id.desc()).first()
    assert (record.seq, record.status, record.rebaseline_reason) == (1, "accepted", REASON)
    assert any((tmp_path / "backups").glob("*导入前*"))  # backed up before, like every import
    assert "重新起算" in receipt_path(restarted).read_text(encoding="utf-8-sig")
    assert str(dialog.rebaseline_button.cget("state")) == "disabled"
    dialog.close()
    root.update()

    village = Unit.get(Unit.code == CODE)
    assert tab.tree.set(str(village.id), "seq") == "第1次"  # the newest taken, not the highest
    note = tab.tree.set(str(village.id), "note")
    assert note == f"重新起算：{dt.date.today():%Y-%m-%d}，{REASON}"
    tab.tree.selection_set(str(village.id))
    root.update()
    assert REASON in tab.detail.cget("text") and "第1次" in tab.detail.cget("text")
    other = Unit.get(Unit.code == "500229115002")
    assert tab.tree.set(str(other.id), "note") == ""


def test_the_ordinary_import_button_leaves_a_restarted_file_waiting(root, township_window,
                                                                   message_log):
    main, restarted = township_window
    dialog = checked_dialog(root, main, restarted)
    dialog.run_import()
    wait_until(root, lambda: not dialog.busy, timeout=60)
    assert ImportRecord.select().where(ImportRecord.status == "accepted").count() == 1
    assert dialog.outcomes[0].status == "rebaseline"
    assert "待确认" in receipt_path(restarted).read_text(encoding="utf-8-sig")
    dialog.close()
