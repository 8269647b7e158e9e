import sqlite3

import pytest

from dongan_desk.store import migrations
from dongan_desk.store.database import DatabaseError, SchemaTooNewError, close_database, db, quick_check, read_user_version
from dongan_desk.store.opening import open_database
from dongan_desk.ledgers.registry import ALL_MODELS


def test_empty_database_gets_every_table_and_the_current_version(tmp_path):
    path = tmp_path / "dongan.db"
    open_database(path)
    try:
        tables = set(db.get_tables())
        assert {m._meta.table_name for m in ALL_MODELS} <= tables
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
        assert quick_check() == []
    finally:
        close_database()


def test_database_of_the_current_version_opens_again_with_its_records(tmp_path, ):
    from dongan_desk.units import UnitSpec, home_unit, setup_village
    path = tmp_path / "dongan.db"
    open_database(path)
    setup_village(UnitSpec("兴田村", "兴田", "500229115001"))
    close_database()
    open_database(path)
    try:
        assert home_unit().name == "兴田村"
        assert migrations.migrate(db) == 0
    finally:
        close_database()


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "dongan.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError) as caught:
        open_database(path)
    assert "更新版本" in str(caught.value)
    assert path.read_bytes() == before
    assert read_user_version(path) == migrations.SCHEMA_VERSION + 1


def test_a_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (x)")
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    close_database()
    assert "不是东安台账的数据库" in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "dongan.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert "损坏" in str(caught.value)
