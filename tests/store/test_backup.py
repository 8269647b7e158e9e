"""Backups (online backup API, naming, keeping the last N, daily, to a stick) and restore
(checks first, refusals, the current database kept, the damaged database set aside)."""
import datetime as dt
import errno
import os
import sqlite3

import pytest

from dongan_desk import fileio
from dongan_desk import units
from dongan_desk.units import UnitSpec, setup_village
from dongan_desk.store import backup, integrity, migrations
from dongan_desk.store.backup import (BackupError, backup_now, backup_to, daily_backup_if_due,
                                      list_backups, prune)
from dongan_desk.store.database import close_database, db
from dongan_desk.store.opening import open_database
from dongan_desk.store.models import Resident
from dongan_desk.store.restore import inspect_backup, newest_good_backup, restore

from backup_helpers import add_resident, damage
from tests.access_helpers import TEST_ACCESS_CODE, village_has_code


def names_in(path) -> set[str]:
    conn = integrity.connect_read_only(path, immutable=True)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM resident")}
    finally:
        conn.close()


@pytest.fixture
def village_with_people(village):
    village_has_code()  # a backup to a stick is encrypted with it
    add_resident("张三")
    add_resident("李四")
    return village


def test_backup_is_named_by_unit_time_and_reason_and_holds_records_still_in_the_wal(
        village_with_people, database):
    add_resident("王五")
    # The last save is still in dongan.db-wal: a plain copy of dongan.db would miss it.
    assert (database.parent / "dongan.db-wal").stat().st_size > 0
    target = backup_now("导入前")
    assert target.parent == database.parent / "backups"
    assert target.name.startswith("兴田村-备份-") and target.name.endswith("-导入前.db")
    assert names_in(target) == {"张三", "李四", "王五"}
    info = inspect_backup(target)
    assert (info.unit_name, info.residents, info.version) == ("兴田村", 3, migrations.SCHEMA_VERSION)
    # One self-contained file: nothing beside it, readable without the live database.
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_only_the_newest_backups_are_kept_as_the_setting_says(village_with_people, database):
    assert backup.keep_count() == 30
    units.set_setting(units.home_unit(), backup.KEEP_SETTING, 3)
    foreign = backup.backups_dir() / "my-notes.db"
    foreign.write_bytes(b"not ours")
    made = [backup_now(f"测试{i}") for i in range(5)]
    kept = list_backups()
    assert kept == list(reversed(made))[:3]
    assert foreign.exists()  # a file not named like our backups is never deleted


def test_crash_leftovers_are_cleaned_but_not_a_backup_being_written(village_with_people, database):
    folder = database.parent / "backups"
    folder.mkdir(exist_ok=True)
    stale = folder / ".兴田村-备份-20260101-080000-每日-1a2b3c4d.tmp.db"
    fresh = folder / ".兴田村-备份-20260101-080000-每日-5e6f7a8b.tmp.db"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = dt.datetime.now().timestamp() - 3600
    os.utime(stale, (old, old))
    prune()
    assert not stale.exists() and fresh.exists()


def test_the_first_start_of_the_day_backs_up_and_later_starts_do_not(village_with_people, database):
    folder = database.parent / "backups"
    folder.mkdir(exist_ok=True)
    yesterday = dt.datetime.now() - dt.timedelta(days=1)
    (folder / f"兴田村-备份-{yesterday:%Y%m%d-%H%M%S}-每日.db").write_bytes(b"")
    made = daily_backup_if_due()
    assert made is not None and "-每日" in made.name
    assert daily_backup_if_due() is None
    assert daily_backup_if_due(today=dt.date.today() + dt.timedelta(days=1)) is not None


def test_no_daily_backup_before_the_unit_is_set_up(database):
    assert daily_backup_if_due() is None
    assert daily_backup_if_due(database.parent / "missing" / "dongan.db") is None


def test_backup_to_a_stick(village_with_people, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    target = backup_to(stick)
    assert target.parent == stick and "手动" in target.name and target.suffix == ".dbak"
    assert inspect_backup(target, TEST_ACCESS_CODE).residents == 2  # tests/store/test_stick_backup.py


def test_backup_to_a_missing_folder_says_so(village_with_people, tmp_path):
    with pytest.raises(BackupError) as caught:
        backup_to(tmp_path / "拔出的U盘")
    assert "找不到文件夹" in str(caught.value) and "U 盘" in str(caught.value)


def test_backup_to_a_full_stick_says_so_and_leaves_nothing(village_with_people, tmp_path, monkeypatch):
    stick = tmp_path / "满的U盘"
    stick.mkdir()

    from dongan_desk.store import envelope

    def full_stick(source, size, out, *args, **kwargs):
        out.write(b"DONGAN-BACKUP")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(envelope, "write_encrypted", full_stick)
    with pytest.raises(BackupError) as caught:
        backup_to(stick)
    assert "空间已满" in str(caught.value)
    assert list(stick.iterdir()) == []


def test_a_full_disk_on_the_pc_says_so_and_writes_nothing_to_the_stick(village_with_people, tmp_path,
                                                                       monkeypatch):
    stick = tmp_path / "U盘"
    stick.mkdir()

    def tiny_disk(temp):
        conn = sqlite3.connect(temp)
        conn.execute("PRAGMA max_page_count = 2")  # SQLite's real "database or disk is full"
        return conn

    monkeypatch.setattr(backup, "_connect_destination", tiny_disk)
    with pytest.raises(BackupError) as caught:
        backup_to(stick)
    assert "空间已满" in str(caught.value) and "本机的数据文件夹" in str(caught.value)
    assert list(stick.iterdir()) == []


def test_backup_to_a_write_protected_stick_says_so(village_with_people, tmp_path, monkeypatch):
    stick = tmp_path / "写保护U盘"
    stick.mkdir()

    def read_only_disk(target):
        raise OSError(errno.EROFS, "Read-only file system", str(target))

    monkeypatch.setattr(fileio, "_create_temp", read_only_disk)
    with pytest.raises(BackupError) as caught:
        backup_to(stick)
    assert "只读" in str(caught.value) and "写保护" in str(caught.value)
    assert list(stick.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_backup_to_a_folder_without_permission_says_so(village_with_people, tmp_path):
    locked = tmp_path / "只读文件夹"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(BackupError) as caught:
            backup_to(locked)
        assert "没有权限" in str(caught.value)
    finally:
        locked.chmod(0o755)


def test_restore_brings_back_the_backup_and_keeps_the_current_data(village_with_people, database):
    saved = backup_now("手动")
    add_resident("后来录入")
    result = restore(saved)
    assert result.info.residents == 2
    # The database is open again, on the restored data.
    assert {r.name for r in Resident.select()} == {"张三", "李四"}
    assert not db.is_closed() and Resident.select().count() == 2
    assert "恢复前" in result.previous.name
    assert "后来录入" in names_in(result.previous)
    assert integrity.check_file(database) == []


def test_restore_refuses_a_backup_from_a_newer_version(village_with_people, database, tmp_path):
    saved = backup_now("手动")
    newer = tmp_path / "newer.db"
    newer.write_bytes(saved.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    add_resident("现在的人")
    with pytest.raises(BackupError) as caught:
        restore(newer)
    assert "更新版本" in str(caught.value) and "安装最新版本" in str(caught.value)
    assert "现在的人" in {r.name for r in Resident.select()}
    assert [p for p in list_backups() if "恢复前" in p.name] == []  # refused before anything


def test_restore_refuses_a_damaged_backup(village_with_people, database):
    for i in range(300):  # enough pages that damage hits table and index pages
        add_resident(f"居民{i}")
    saved = backup_now("手动")
    damage(saved)
    with pytest.raises(BackupError) as caught:
        restore(saved)
    assert "已损坏" in str(caught.value) and "较早的备份" in str(caught.value)
    assert Resident.select().count() == 302


@pytest.mark.parametrize("content, expected", [
    (b"PK\x03\x04 an excel file", "不是数据库文件"),
    (None, "里面没有东安台账的数据"),
])
def test_restore_refuses_files_that_are_not_our_backups(village, tmp_path, content, expected):
    other = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE invoices (x)")
    else:
        other.write_bytes(content * 100)
    with pytest.raises(BackupError) as caught:
        restore(other)
    assert expected in str(caught.value)
    with pytest.raises(BackupError) as missing:
        inspect_backup(tmp_path / "gone.db")
    assert "找不到备份文件" in str(missing.value)


def test_a_failed_swap_leaves_the_current_database(village_with_people, database, monkeypatch):
    from dongan_desk.store import restore as restore_module
    saved = backup_now("手动")
    add_resident("现在的人")

    def interrupted(stage, live):
        raise BackupError("恢复没有完成（模拟），当前数据保持原样。")

    monkeypatch.setattr(restore_module, "_move_into_place", interrupted)
    with pytest.raises(BackupError):
        restore(saved)
    assert "现在的人" in {r.name for r in Resident.select()}  # reopened, unchanged
    assert not list(database.parent.glob(".restore-*"))


def test_restore_over_a_damaged_database_sets_it_aside(tmp_path):
    path = tmp_path / "dongan.db"
    open_database(path)
    setup_village(UnitSpec("兴田村", "兴田", "500229115001"))
    for i in range(300):
        add_resident(f"居民{i}")
    saved = backup_now("每日")
    close_database()
    damage(path)
    assert integrity.check_file(path)
    good = newest_good_backup(path)
    assert good.path == saved
    result = restore(good.path, path)
    assert result.previous.name.startswith("损坏-")
    assert integrity.check_file(path) == []
    assert len(names_in(path)) == 300
    assert newest_good_backup(path).path == saved  # the set-aside file is never offered


def test_newest_good_backup_skips_a_damaged_newest(village_with_people):
    for i in range(300):
        add_resident(f"居民{i}")
    older = backup_now("每日")
    newer = backup_now("手动")
    damage(newer)
    assert newest_good_backup().path == older


def test_an_upgrade_backs_up_first(village_with_people, database, monkeypatch):
    close_database()
    steps = []
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.UPGRADES, migrations.SCHEMA_VERSION, lambda d: steps.append(d))
    open_database(database)
    assert steps
    [before] = [p for p in list_backups() if "升级前" in p.name]
    with sqlite3.connect(before) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 1
    assert names_in(before) == {"张三", "李四"}


def test_an_upgrade_without_a_backup_is_refused(village_with_people, database, monkeypatch):
    from dongan_desk.store.database import DatabaseError
    close_database()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.UPGRADES, migrations.SCHEMA_VERSION, lambda d: None)

    def no_space(*args):
        raise BackupError("磁盘空间已满")

    monkeypatch.setattr(backup, "backup_now", no_space)
    with pytest.raises(DatabaseError) as caught:
        open_database(database)
    assert "没能先备份" in str(caught.value)
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 1
