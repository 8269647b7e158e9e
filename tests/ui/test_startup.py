"""Start-up before the window: one program per folder, a damaged database never opened for
writing (the newest good backup offered), the day's backup, a newer database refused."""
import sqlite3

import pytest

from dongan_desk.units import UnitSpec, setup_village
from dongan_desk.store import migrations
from dongan_desk.store.backup import backup_now, list_backups
from dongan_desk.store.database import close_database, db
from dongan_desk.store.opening import open_database
from dongan_desk.store.models import Resident
from dongan_desk.ui import startup

from backup_helpers import add_resident, damage


@pytest.fixture
def data_dir(tmp_path):
    """A village's data folder with 300 residents and one good backup, database closed."""
    open_database(tmp_path / "dongan.db")
    setup_village(UnitSpec("兴田村", "兴田", "500229115001"))
    for i in range(300):
        add_resident(f"居民{i}")
    backup_now("每日")
    close_database()
    yield tmp_path
    close_database()


@pytest.fixture
def started(root, data_dir, message_log):
    held = []

    def start():
        result = startup.prepare(root, data_dir)
        if isinstance(result, startup.Started):
            held.append(result.lock)
        return result
    yield start
    for lock in held:
        lock.release()


def test_a_sound_database_opens_and_a_second_start_is_told_it_is_open(root, started, data_dir,
                                                                      message_log):
    first = started()
    assert isinstance(first, startup.Started) and first.lock.held
    assert db.database == str(data_dir / "dongan.db") and Resident.select().count() == 300
    assert startup.prepare(root, data_dir) == startup.EXIT_ALREADY_OPEN
    assert "已经打开" in message_log.infos[0] and str(data_dir) in message_log.infos[0]
    assert first.lock.poked.wait(5)  # after the message, the first window is asked forward


def test_the_first_start_of_the_day_backs_up(started, data_dir):
    for old in list_backups(data_dir / "dongan.db"):
        old.unlink()
    result = started()
    [made] = list_backups(data_dir / "dongan.db")
    assert "每日" in made.name and made.name in result.note


def test_a_damaged_database_is_restored_from_the_newest_good_backup(started, data_dir,
                                                                    message_log):
    database = data_dir / "dongan.db"
    damage(database)
    result = started()
    assert isinstance(result, startup.Started)
    [question] = message_log.questions
    assert "已损坏" in question and "兴田村" in question and "300 名居民" in question
    assert "已用备份恢复" in message_log.infos[0]
    assert Resident.select().count() == 300
    assert list((data_dir / "backups").glob("损坏-*.db"))  # kept for a technician


def test_a_damaged_database_is_not_opened_when_the_clerk_says_no(started, data_dir, message_log):
    database = data_dir / "dongan.db"
    damage(database)
    before = database.read_bytes()
    message_log.answer = False
    assert started() == startup.EXIT_NOT_OPENED
    assert database.read_bytes() == before  # not written to
    assert db.database != str(database) or db.is_closed()
    assert not (data_dir / "dongan.db-wal").exists() or (data_dir / "dongan.db-wal").stat().st_size == 0


def test_a_damaged_database_without_a_good_backup_says_whom_to_call(started, data_dir,
                                                                    message_log):
    for old in list_backups(data_dir / "dongan.db"):
        damage(old)
    damage(data_dir / "dongan.db")
    assert started() == startup.EXIT_NOT_OPENED
    assert message_log.questions == []
    assert "也没有完好的备份" in message_log.errors[0] and "技术人员" in message_log.errors[0]


def test_a_database_from_a_newer_version_is_refused(started, data_dir, message_log):
    with sqlite3.connect(data_dir / "dongan.db") as conn:
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    assert started() == startup.EXIT_NOT_OPENED
    assert "更新版本" in message_log.errors[0]


def test_the_very_first_start_opens_a_new_database_without_a_backup(root, tmp_path, message_log):
    result = startup.prepare(root, tmp_path)
    try:
        assert isinstance(result, startup.Started) and result.note == ""
        assert db.database == str(tmp_path / "dongan.db")
        assert list_backups(tmp_path / "dongan.db") == []
        assert message_log.errors == message_log.questions == []
    finally:
        result.lock.release()
        close_database()
