"""Databases made by every earlier schema (kept in tests/fixtures/schema*/) open in this version
with every record, end with the schema a new database gets, and a township goes on."""
import shutil
import sqlite3

import pytest

from dongan_desk.exchange.access import access_code_of
from dongan_desk.store import migrations
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.store.models import ImportRecord, Unit
from dongan_desk.store.scope import model_title, synced_models, unit_query

from tests.fixtures import FIXTURES


DATABASES = sorted(FIXTURES.glob("schema*/*.db"))
# The record types of ledgers added after schema 1: a schema-1 database has no table of them.


def copy_of(name, tmp_path, schema="schema1"):
    target = tmp_path / name
    shutil.copy(FIXTURES / schema / name, target)
    return target


def counts(path):
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def schema_of(path):
    """Tables with their columns (name, type, NOT NULL) and foreign keys, and the indexes: what an
    upgraded database must have like a new one (ALTER TABLE puts a column last; that is fine)."""
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        shape = {t: (sorted((c[1], c[2], c[3]) for c in con.execute(f'PRAGMA table_info("{t}")')),
                     sorted(tuple(f[2:5]) for f in con.execute(f'PRAGMA foreign_key_list("{t}")')))
                 for t in tables}
        indexes = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'"))
        return shape, indexes


def test_a_schema1_village_opens_with_every_record_and_the_schema_of_a_new_database(tmp_path):
    path = copy_of("village.db", tmp_path)
    before = counts(path)
    open_database(path)
    try:
        assert migrations.current_version(open_database(path)) == migrations.SCHEMA_VERSION
        home = Unit.get(Unit.is_home == True)  # noqa: E712
        for model in synced_models():
            # A record type newer than the database arrives as an empty table.
            assert unit_query(model, home.id).count() == before.get(model._meta.table_name, 0), model_title(model)
        assert access_code_of(home) is None  # the clerk types the township's in
    finally:
        close_database()
    assert list((tmp_path / "backups").glob("*.db"))  # backed up before the upgrade
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_database()
    assert schema_of(path) == schema_of(fresh)


def test_a_schema1_township_keeps_its_imports_and_each_village_gets_an_access_code(tmp_path):
    path = copy_of("township.db", tmp_path)
    before = counts(path)
    open_database(path)
    try:
        assert ImportRecord.select().count() == before["import_record"] == 1
        assert ImportRecord.get().rebaseline_reason == "" and not ImportRecord.get().sealed
        codes = [access_code_of(v) for v in Unit.select().where(Unit.kind == "village")]
        assert len(codes) == 10 and all(codes) and len(set(codes)) == 10
        assert counts(path)["resident"] == before["resident"] > 0
    finally:
        close_database()


def test_each_schema_left_its_databases_for_the_next_versions():
    assert {p.parent.name for p in DATABASES} >= {f"schema{v}" for v in range(1, migrations.SCHEMA_VERSION + 1)}


@pytest.mark.parametrize("fixture", DATABASES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_every_earlier_database_opens_with_every_record_and_the_schema_of_a_new_one(tmp_path, fixture):
    path = copy_of(fixture.name, tmp_path, fixture.parent.name)
    before = counts(path)
    open_database(path)
    try:
        home = Unit.get(Unit.is_home == True)  # noqa: E712
        units = [home] if home.kind == "village" else list(Unit.select())
        for model in synced_models():
            table = model._meta.table_name
            kept = sum(unit_query(model, unit.id).count() for unit in units)
            assert kept == before.get(table, 0), model_title(model)
    finally:
        close_database()
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_database()
    assert schema_of(path) == schema_of(fresh)


def test_a_schema3_database_gets_an_empty_append_only_trail_and_its_special_groups_sensitive(tmp_path):
    path = copy_of("village.db", tmp_path, "schema3")
    before = counts(path)
    database = open_database(path)
    try:
        from dongan_desk.store import accounts
        from dongan_desk.store.models import Category
        assert not accounts.has_accounts()  # the window asks for the first 管理员 at start
        sensitive = {c.name for c in Category.select().where(Category.sensitive == True)}  # noqa: E712
        special = {c.name for c in Category.select().where(Category.group == "special")}
        assert sensitive == special and "吸毒人员" in sensitive
        assert counts(path)["resident"] == before["resident"] > 0
        triggers = {r[0] for r in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers == {"audit_entry_no_update", "audit_entry_no_delete"}
    finally:
        close_database()
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_database()
    with sqlite3.connect(fresh) as con:
        assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")} \
            == {"audit_entry_no_update", "audit_entry_no_delete"}
