"""Every file dialog opens in the user's 文档 folder, or in the folder last used for that kind of
file on this PC — never in the program's folder (issue 12). The dialogs are replaced by
recorders of what they were asked; everything after them runs as the clerk would see it."""
from pathlib import Path

import pytest

from dongan_desk import paths
from dongan_desk.exchange.package import export_package
from dongan_desk.store.backup import backups_dir
from dongan_desk.ui import backup_actions, exchange_actions, files
from tests.access_helpers import village_has_code
from ui_driver import main_window, wait_until


class Dialogs:
    """Stands in for tkinter's file dialogs: records each call, answers the next path."""

    def __init__(self, monkeypatch):
        self.calls: list[tuple[str, dict]] = []
        self.answer: str | tuple = ""
        for name in ("askdirectory", "askopenfilename", "askopenfilenames", "asksaveasfilename"):
            monkeypatch.setattr(files.filedialog, name, self._recorder(name))

    def _recorder(self, name):
        def ask(**options):
            self.calls.append((name, options))
            return self.answer
        return ask

    @property
    def last_folder(self) -> Path:
        return Path(self.calls[-1][1]["initialdir"])


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user folder of its own, with a 文档 (Documents) folder; no XDG settings."""
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    return folder


@pytest.fixture
def dialogs(monkeypatch):
    return Dialogs(monkeypatch)


@pytest.fixture
def window(root, village, tmp_path):
    return main_window(root, tmp_path)


def test_documents_is_the_documents_folder_else_home(home, monkeypatch, tmp_path):
    assert files.documents_dir() == home / "Documents"
    (home / "Documents").rmdir()
    assert files.documents_dir() == home
    chinese = home / "文档"
    chinese.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "user-dirs.dirs").write_text('XDG_DESKTOP_DIR="$HOME/桌面"\nXDG_DOCUMENTS_DIR="$HOME/文档"\n',
                                           encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    assert files.documents_dir() == chinese  # a Chinese desktop's 文档


def test_backup_to_opens_in_documents_then_where_it_went_last(window, root, home, dialogs, tmp_path,
                                                              message_log):
    village_has_code()  # a backup to a stick is encrypted with it
    stick = tmp_path / "U盘"
    stick.mkdir()
    dialogs.answer = str(stick)
    backup_actions.backup_to_folder(window)
    assert dialogs.calls[0][0] == "askdirectory" and dialogs.last_folder == home / "Documents"
    assert list(stick.glob("*.dbak"))
    backup_actions.backup_to_folder(window)
    assert dialogs.last_folder == stick  # remembered on this PC
    assert dialogs.last_folder != paths.program_dir()


def test_a_remembered_folder_that_is_gone_is_not_offered(window, home, dialogs, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    files.remember_folder("备份到", stick)
    stick.rmdir()  # the stick was pulled out
    dialogs.answer = ""
    assert backup_actions.choose_folder(window) is None
    assert dialogs.last_folder == home / "Documents"


def test_restore_opens_in_backups_then_where_the_last_backup_came_from(window, home, dialogs, tmp_path):
    dialogs.answer = ""
    backup_actions.restore_from_backup(window)
    assert dialogs.calls[0][0] == "askopenfilename" and dialogs.last_folder == backups_dir()
    stick = tmp_path / "U盘"
    stick.mkdir()
    files.remember_folder("从备份恢复", stick / "兴田村-备份.db")
    backup_actions.restore_from_backup(window)
    assert dialogs.last_folder == stick


def test_export_opens_in_documents_then_in_the_folder_of_the_last_package(window, root, home, dialogs,
                                                                          tmp_path, message_log):
    village_has_code()
    stick = tmp_path / "U盘"
    stick.mkdir()
    dialogs.answer = str(stick)
    made = []
    exchange_actions.export_to_folder(window, on_finished=made.append)
    assert dialogs.last_folder == home / "Documents"
    wait_until(root, lambda: made)
    exchange_actions.export_to_folder(window, on_finished=made.append)
    assert dialogs.last_folder == stick
    wait_until(root, lambda: len(made) == 2)


def test_a_package_exported_before_this_version_still_names_its_folder(window, root, home, dialogs,
                                                                       tmp_path, message_log):
    from dongan_desk.units import home_unit
    village_has_code()
    earlier = tmp_path / "上个月的U盘"
    earlier.mkdir()
    export_package(home_unit(), earlier)  # no folder remembered: the last export's is offered
    dialogs.answer = ""
    exchange_actions.export_to_folder(window)
    assert dialogs.last_folder == earlier


def test_import_files_and_save_as_open_in_documents_then_the_last_folder(window, home, dialogs, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    dialogs.answer = (str(stick / "a.xlsx"), str(stick / "b.xlsx"))
    assert exchange_actions.ask_import_files(window) == [stick / "a.xlsx", stick / "b.xlsx"]
    assert dialogs.last_folder == home / "Documents"
    dialogs.answer = ""
    exchange_actions.ask_import_folder(window)
    assert dialogs.last_folder == stick  # files and folders of packages are one kind
    saved = tmp_path / "汇总"
    saved.mkdir()
    dialogs.answer = str(saved / "表.xlsx")
    assert files.ask_save_path(window, "保存", "表.xlsx", files.XLSX_TYPES) == saved / "表.xlsx"
    assert dialogs.last_folder == home / "Documents" and dialogs.calls[-1][1]["initialfile"] == "表.xlsx"
    dialogs.answer = ""
    files.ask_save_path(window, "保存", "表2.xlsx", files.XLSX_TYPES)
    assert dialogs.last_folder == saved
    files.ask_save_path(window, "保存", "协议书.pdf", files.PDF_TYPES)
    assert dialogs.last_folder == home / "Documents"  # a PDF is another kind of file


def test_no_dialog_is_left_opening_in_the_program_folder():
    """Every ``filedialog`` call of the program goes through ``ui/files.py``."""
    callers = [p.relative_to(paths.program_dir()) for p in (paths.program_dir() / "dongan_desk").rglob("*.py")
               if "filedialog." in p.read_text(encoding="utf-8") and p.name != "files.py"]
    assert callers == []
