"""文件 → 从备份恢复… with an encrypted backup from a USB stick: it asks for the 接入码 or 恢复码,
asks again after a wrong one (saying so), and restores with the right one."""
import pytest

from dongan_desk.store.backup import backup_to
from dongan_desk.store.models import Resident
from dongan_desk.ui import backup_actions
from tests.access_helpers import TEST_ACCESS_CODE, village_has_code
from backup_helpers import add_resident
from ui_driver import main_window


@pytest.fixture
def window(root, village, tmp_path):
    return main_window(root, tmp_path)


@pytest.fixture
def stick_backup(window, tmp_path):
    village_has_code()
    add_resident("张三")
    stick = tmp_path / "U盘"
    stick.mkdir()
    target = backup_to(stick)
    add_resident("后来录入")
    return target


class Prompts:
    """Stands in for the password dialog: records what it showed, answers in turn."""

    def __init__(self, monkeypatch, answers):
        self.answers = list(answers)
        self.shown: list[tuple[str, str]] = []
        monkeypatch.setattr(backup_actions, "ask_backup_password", self.ask)

    def ask(self, parent, path, header, problem=""):
        self.shown.append((header.unit_name, problem))
        return self.answers.pop(0)


def test_a_wrong_code_is_said_in_the_dialog_and_the_right_one_restores(window, stick_backup, monkeypatch,
                                                                       message_log):
    prompts = Prompts(monkeypatch, ["WXYZ-2345-6789-KMNP", TEST_ACCESS_CODE.lower()])
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: stick_backup)
    monkeypatch.setattr(window, "reopen", lambda: window)
    backup_actions.restore_from_backup(window)
    assert [unit for unit, _ in prompts.shown] == ["兴田村", "兴田村"]
    assert prompts.shown[0][1] == "" and "打不开" in prompts.shown[1][1]
    assert message_log.errors == []
    assert "1 名居民" in message_log.questions[0]
    assert {r.name for r in Resident.select()} == {"张三"}
    assert "已从备份恢复" in message_log.infos[-1]


def test_cancelling_the_password_changes_nothing(window, stick_backup, monkeypatch, message_log):
    Prompts(monkeypatch, [None])
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: stick_backup)
    backup_actions.restore_from_backup(window)
    assert message_log.questions == [] and message_log.errors == []
    assert {r.name for r in Resident.select()} == {"张三", "后来录入"}


def test_a_damaged_backup_is_refused_without_asking_twice(window, stick_backup, monkeypatch, message_log):
    stick_backup.write_bytes(stick_backup.read_bytes()[:-100])
    prompts = Prompts(monkeypatch, [TEST_ACCESS_CODE])
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: stick_backup)
    backup_actions.restore_from_backup(window)
    assert len(prompts.shown) == 1
    assert "不完整或已损坏" in message_log.errors[0]
    assert {r.name for r in Resident.select()} == {"张三", "后来录入"}


def test_the_password_dialog_says_what_to_type_and_gives_what_was_typed(root, window, stick_backup):
    from dongan_desk.store import envelope
    with open(stick_backup, "rb") as fh:
        header = envelope.read_header(fh)
    dialog = backup_actions.PasswordDialog(window, stick_backup, header)
    root.update()
    texts = " ".join(str(w.cget("text")) for w in dialog.winfo_children()[0].winfo_children()
                     if w.winfo_class() == "TLabel")
    assert "这份备份已加密：请输入本村接入码或恢复码" in texts and "兴田村" in texts
    dialog.ok()  # nothing typed yet: it stays, saying so
    assert dialog.winfo_exists() and "请输入" in dialog.problem.cget("text")
    dialog.entry.insert(0, " abcd-efgh-jkmn-pqrs ")
    dialog.ok()
    assert dialog.result == "abcd-efgh-jkmn-pqrs"
