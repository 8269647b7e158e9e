"""报送 through the window: a village exports to a folder, the township previews and imports."""
import pytest

from dongan_desk import units
from dongan_desk.sample.fake_people import VILLAGES
from dongan_desk.sample.town import build_sample
from dongan_desk.units import UnitSpec, setup_township
from dongan_desk.exchange.import_jobs import receipt_path
from dongan_desk.exchange.package import export_package
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.store.models import ImportRecord, Resident
from dongan_desk.ui import exchange_actions, files
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.tab_township import TownshipTab

from dongan_desk.ui.widgets import BusyWindow
from tests.access_helpers import township_has_codes, village_has_code
from ui_driver import find_widgets, wait_until


@pytest.fixture
def village_window(root, tmp_path, monkeypatch):
    """A sample village's window, with the folder dialog answering a fresh 'U盘' folder."""
    open_database(tmp_path / "v.db")
    build_sample("village", seed=3)
    village_has_code()
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(files.filedialog, "askdirectory", lambda **kw: str(stick))
    yield main, stick
    close_database()


def test_village_exports_to_the_chosen_folder_and_sees_changes_since(root, tmp_path, monkeypatch,
                                                                      message_log):
    open_database(tmp_path / "v.db")
    try:
        build_sample("village", seed=3)
        village_has_code()
        main = MainWindow(root, tmp_path)
        main.pack(fill="both", expand=True)
        wait_until(root, lambda: not main.findings_pending)
        assert "还没有报送过" in main.status.export_label.cget("text")
        stick = tmp_path / "U盘"
        stick.mkdir()
        monkeypatch.setattr(files.filedialog, "askdirectory", lambda **kw: str(stick))
        made = []
        exchange_actions.export_to_folder(main, on_finished=made.append)
        assert find_widgets(root, BusyWindow)  # a moving bar while it writes
        wait_until(root, lambda: made)
        path = made[0]
        assert path.parent == stick and path.exists()
        assert not find_widgets(root, BusyWindow)
        assert any("报送包已保存" in m for m in message_log.infos)
        assert "之后没有改动" in main.status.export_label.cget("text")
        import time
        time.sleep(1.05)  # timestamps are to the second
        person = Resident.get_by_id(1)
        person.note = "改了"
        person.save()
        main.context.data_changed()
        root.update()
        wait_until(root, lambda: not main.findings_pending)
        assert "1 条新增或修改" in main.status.export_label.cget("text")
    finally:
        close_database()


def test_township_previews_then_imports_and_shows_the_status(root, tmp_path, monkeypatch,
                                                             message_log):
    stick = tmp_path / "U盘"
    stick.mkdir()
    open_database(tmp_path / "v.db")
    try:
        build_sample("village", seed=3)
        village_has_code()
        package = export_package(units.home_unit(), stick).path
    finally:
        close_database()
    (stick / "别的文件.xlsx").write_text("不是工作簿", encoding="utf-8")
    open_database(tmp_path / "t.db")
    try:
        setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                       [UnitSpec(n + "（示例）", s, c) for n, s, c in VILLAGES])
        township_has_codes()
        main = MainWindow(root, tmp_path)
        main.pack(fill="both", expand=True)
        root.update()
        tab = main.show_tab(TownshipTab)
        first = tab.tree.get_children()[0]
        assert tab.tree.set(first, "state") == "从未报送"
        monkeypatch.setattr(files.filedialog, "askdirectory", lambda **kw: str(stick))

        def drive():
            dialogs = [d for d in find_widgets(root, exchange_actions.ImportDialog)]
            if not dialogs or str(dialogs[0].import_button.cget("state")) != "normal":
                root.after(50, drive)
                return
            dialog = dialogs[0]
            states = [dialog.tree.item(i, "values")[3] for i in dialog.tree.get_children()]
            assert sorted(states) == ["仅预览，未导入", "已拒收"]
            assert Resident.select().count() == 0  # nothing changes before 导入
            dialog.run_import()
            assert dialog.busy and str(dialog.close_button.cget("state")) == "disabled"
            wait_until(root, lambda: not dialog.busy, timeout=60)
            assert "导入完毕：1 个文件已导入" in dialog.heading.cget("text")
            dialog.close()

        root.after(50, drive)
        tab.import_paths(exchange_actions.ask_import_folder(tab))
        assert Resident.select().count() > 800
        assert ImportRecord.select().where(ImportRecord.status == "accepted").count() == 1
        assert "已导入" in receipt_path(package).read_text(encoding="utf-8-sig")
        assert "已拒收" in receipt_path(stick / "别的文件.xlsx").read_text(encoding="utf-8-sig")
        root.update()
        first = tab.tree.get_children()[0]
        assert tab.tree.set(first, "seq") == "第1次" and tab.tree.set(first, "state") == "正常"
    finally:
        close_database()


def test_a_failed_export_says_why_and_the_window_goes_on(root, village_window, monkeypatch,
                                                         message_log):
    from dongan_desk.exchange import package
    from dongan_desk.fileio import FileWriteError

    main, stick = village_window

    def full(unit, folder, now=None, reports=True):
        raise FileWriteError("U盘已满：请换一个U盘，或删掉U盘上不要的文件后再试。", kind="disk_full",
                             target=folder)

    monkeypatch.setattr(package, "export_package", full)
    worker = exchange_actions.export_to_folder(main)
    wait_until(root, lambda: not worker.is_alive() and message_log.errors)
    assert "U盘已满" in message_log.errors[0]
    assert not find_widgets(root, BusyWindow)
    assert list(stick.iterdir()) == []


def test_closing_while_an_export_runs_asks_first(root, village_window, monkeypatch, message_log):
    import threading

    from dongan_desk.exchange import package
    from dongan_desk.ui import background

    main, stick = village_window
    release = threading.Event()
    real = package.export_package
    monkeypatch.setattr(package, "export_package",
                        lambda unit, folder: (release.wait(10), real(unit, folder))[1])
    made = []
    exchange_actions.export_to_folder(main, on_finished=made.append)
    assert background.busy()
    message_log.answer = False
    assert main.close() is False and main.winfo_exists()
    assert "还没有完成" in message_log.questions[-1]
    release.set()
    wait_until(root, lambda: made)
    assert not background.busy()


def test_an_imported_village_hangs_under_the_town_grid_in_the_roster(root, tmp_path, message_log):
    from dongan_desk.exchange.import_jobs import check_file, import_checked
    from dongan_desk.ledgers.roster.tab import RosterTab

    stick = tmp_path / "U盘"
    stick.mkdir()
    open_database(tmp_path / "v.db")
    try:
        build_sample("village", seed=3)
        village_has_code()
        package = export_package(units.home_unit(), stick).path
    finally:
        close_database()
    open_database(tmp_path / "t.db")
    try:
        setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                       [UnitSpec(n + "（示例）", s, c) for n, s, c in VILLAGES])
        township_has_codes()
        assert import_checked(check_file(package), "东安镇").status == "accepted"
        main = MainWindow(root, tmp_path)
        main.pack(fill="both", expand=True)
        tab = main.show_tab(RosterTab)
        root.update()
        (town,) = tab.tree.get_children()
        assert tab.tree.item(town, "text") == "东安镇镇级总网格"
        (village,) = tab.tree.get_children(town)
        assert "东安社区" in tab.tree.item(village, "text")
        people = Resident.select().count()
        assert int(tab.tree.item(town, "values")[1]) == people  # the town counts the village's
        tab.tree.selection_set(village)
        root.update()
        assert all(str(b.cget("state")) == "disabled" for b in tab.action_buttons)  # read-only
        assert "只读" in tab.read_only_note.cget("text")
    finally:
        close_database()
