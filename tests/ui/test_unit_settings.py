"""设置 → 本单位信息 on a village PC, and exporting without a 接入码, in the real window."""
import tkinter as tk

import pytest

from dongan_desk.units import home_unit
from dongan_desk.exchange.access import MissingAccessCode, access_code_of
from dongan_desk.exchange.package import export_package
from dongan_desk.store.models import ExportRecord, Unit
from dongan_desk.ui import exchange_actions, files
from dongan_desk.ui.app import MainWindow
from dongan_desk.ui.unit_dialog import ACCESS_CODE_FIELD, UnitDialog
from dongan_desk.ui.widgets import BusyWindow

from tests.access_helpers import TEST_ACCESS_CODE, village_has_code
from ui_driver import find_widgets, type_into, wait_until


@pytest.fixture
def window(root, village, tmp_path, monkeypatch):
    """The village's window; the folder dialog answers a fresh 'U盘' and records that it asked."""
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    stick = tmp_path / "U盘"
    stick.mkdir()
    main.folder_asked = []
    monkeypatch.setattr(files.filedialog, "askdirectory",
                        lambda **kw: main.folder_asked.append(kw) or str(stick))
    return main, stick


def settings_menu(main) -> tk.Menu:
    return main.nametowidget(main.menubar.entrycget("设置", "menu"))


def open_settings(root, main) -> UnitDialog:
    """设置 → 本单位信息…, as the clerk clicks it."""
    settings_menu(main).invoke("本单位信息…")
    root.update()
    (dialog,) = [d for d in find_widgets(root, UnitDialog) if d.winfo_exists()]
    return dialog


def problem_beside(dialog, field) -> str:
    label = dialog.problem_labels[field]
    return label.cget("text") if label.winfo_manager() == "grid" else ""


def test_a_village_corrects_its_code_after_reading_what_it_does_to_reporting(root, window,
                                                                            message_log):
    main, stick = window
    village_has_code()
    dialog = open_settings(root, main)
    assert dialog.value("code") == "500229115001" and dialog.value("name") == "兴田村"
    type_into(dialog.fields["name"], "兴田社区")
    type_into(dialog.fields["code"], "５００２２９１１５００９")  # full-width, as an IME types it
    dialog.save()
    question = message_log.questions[-1]
    assert "由 500229115001 改为 500229115009" in question and "曾用代码 500229115001" in question
    assert "名称由“兴田村”改为“兴田社区”" in question
    assert not dialog.winfo_exists()
    home = home_unit()
    assert (home.code, home.name) == ("500229115009", "兴田社区")
    assert "兴田社区" in main.status.unit_label.cget("text")  # the status bar follows
    package = export_package(home, stick)
    assert package.info.unit_code == "500229115009"
    assert package.info.former_codes == ["500229115001"]


def test_saying_no_to_the_consequences_keeps_the_dialog_and_the_code(root, window, message_log):
    main, _stick = window
    dialog = open_settings(root, main)
    type_into(dialog.fields["code"], "500229115009")
    message_log.answer = False
    dialog.save()
    assert dialog.winfo_exists() and message_log.questions
    assert home_unit().code == "500229115001"
    dialog.cancel()


def test_a_code_like_abc_is_refused_beside_the_field_and_nothing_is_saved(root, window, message_log):
    main, _stick = window
    dialog = open_settings(root, main)
    type_into(dialog.fields["name"], "兴田社区")
    type_into(dialog.fields["code"], "abc")
    dialog.save()
    assert dialog.winfo_exists()
    assert "12位数字" in problem_beside(dialog, "code") and "500229115201" in problem_beside(dialog, "code")
    assert problem_beside(dialog, "name") == ""
    assert not message_log.questions  # nothing to confirm: nothing is going to be saved
    assert (home_unit().code, home_unit().name) == ("500229115001", "兴田村")
    type_into(dialog.fields["code"], "500229115001")
    dialog.save()  # corrected: the name change goes through, and the red line is gone
    assert not dialog.winfo_exists() and home_unit().name == "兴田社区"


def test_the_access_code_typed_in_lower_case_with_spaces_is_saved_normalised(root, window,
                                                                             message_log):
    main, _stick = window
    dialog = open_settings(root, main)
    assert "未填写" in dialog.access_state.cget("text")
    type_into(dialog.fields[ACCESS_CODE_FIELD], " abcd efgh  jkmn-pqrs ")
    dialog.save()
    assert not dialog.winfo_exists() and not message_log.questions
    assert access_code_of(home_unit()) == TEST_ACCESS_CODE
    again = open_settings(root, main)
    assert "已填写（ABCD-****-****-PQRS）" in again.access_state.cget("text")
    assert again.value(ACCESS_CODE_FIELD) == ""  # the code itself is not shown again
    again.cancel()


def test_a_malformed_access_code_is_said_under_its_field_and_nothing_is_saved(root, window,
                                                                             message_log):
    main, _stick = window
    dialog = open_settings(root, main)
    type_into(dialog.fields["name"], "兴田社区")
    type_into(dialog.fields[ACCESS_CODE_FIELD], "K7QM-0OIL")
    dialog.save()
    assert dialog.winfo_exists()
    assert "16位" in problem_beside(dialog, ACCESS_CODE_FIELD)
    assert access_code_of(home_unit()) is None and home_unit().name == "兴田村"
    dialog.cancel()


def test_the_township_settings_have_no_access_code(root, township, tmp_path, message_log):
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    root.update()
    dialog = open_settings(root, main)
    assert ACCESS_CODE_FIELD not in dialog.fields and dialog.value("code") == "500229115000"
    type_into(dialog.fields["code"], "500229115201")
    dialog.save()
    assert "000 结尾" in problem_beside(dialog, "code")
    dialog.cancel()


def test_export_without_an_access_code_says_what_to_do_and_writes_nothing(root, window,
                                                                         message_log):
    main, stick = window
    message_log.answer = False
    assert exchange_actions.export_to_folder(main) is None
    assert "还没有填写接入码" in message_log.questions[-1]
    assert "设置 → 本单位信息" in message_log.questions[-1]
    assert main.folder_asked == [] and list(stick.iterdir()) == []
    assert not ExportRecord.select().exists()
    message_log.answer = True  # "open 本单位信息 now?" – yes
    exchange_actions.export_to_folder(main)
    root.update()
    (dialog,) = [d for d in find_widgets(root, UnitDialog) if d.winfo_exists()]
    assert ACCESS_CODE_FIELD in dialog.fields
    dialog.cancel()
    assert list(stick.iterdir()) == []


def test_a_package_error_during_export_shows_its_own_message(root, window, monkeypatch,
                                                            message_log):
    from dongan_desk.exchange import package

    main, stick = window
    village_has_code()
    said = "本机还没有填写接入码，报送包无法加封。"

    def refused(unit, folder):
        raise MissingAccessCode(said)

    monkeypatch.setattr(package, "export_package", refused)
    worker = exchange_actions.export_to_folder(main)
    wait_until(root, lambda: not worker.is_alive() and message_log.errors)
    assert message_log.errors == [said]
    assert not find_widgets(root, BusyWindow) and list(stick.iterdir()) == []
    assert Unit.select().count() == 1
