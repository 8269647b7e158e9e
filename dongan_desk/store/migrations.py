"""Schema versions, as functions in code (a frozen build has no migration files to glob).

``PRAGMA user_version`` holds the schema version. A new, empty database gets every table of
``ALL_MODELS`` at once and the current version. An older database is brought up step by step by
``UPGRADES[n]`` (from version n-1 to n), each step in one transaction with its version bump, so a
power cut leaves the old or the new schema, never half of one.

Rule for the future: once a version has been handed to an office, any change to a model's table
bumps ``SCHEMA_VERSION`` and adds the upgrade step that makes the old table into the new one.
"""
from __future__ import annotations

from typing import Callable

from peewee import SqliteDatabase

from .database import DatabaseError
from ..ledgers.registry import ALL_MODELS

# version -> the step that upgrades a database from version-1 to it.
UPGRADES: dict[int, Callable[[SqliteDatabase], None]] = {}
SCHEMA_VERSION = 1


def current_version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def _set_version(db: SqliteDatabase, version: int) -> None:
    db.execute_sql(f"PRAGMA user_version = {int(version)}")


def migrate(db: SqliteDatabase) -> int:
    """Create or upgrade the schema; returns how many steps were applied."""
    start = current_version(db)
    if start == 0 and not db.get_tables():
        with db.atomic():
            db.create_tables(ALL_MODELS)
            _set_version(db, SCHEMA_VERSION)
        return 1
    if start == 0:
        raise DatabaseError("这个数据文件里有别的程序的表，不是东安台账的数据库，本程序不会改动它。"
                            "请换一个数据文件夹。")
    for version in range(start + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            UPGRADES[version](db)
            _set_version(db, version)
    return SCHEMA_VERSION - start
