"""The one SQLite database of an installation: the deferred handle, its pragmas, the version
read from a file, integrity. Opening it (version check, backup before an upgrade, migrations)
is in ``opening.py``, which sits above the models and the backups."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

# Deferred: the path is known only once the data folder is resolved (or a test picks a temp one).
db = SqliteDatabase(None)

# Village offices lose power: a committed record must survive it (synchronous=full), and WAL lets
# the window read while a long import writes.
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
    "busy_timeout": 5000,
    "cache_size": -16000,
}


class DatabaseError(Exception):
    """A database that cannot be opened safely; the message is for the clerk, in Chinese."""


class SchemaTooNewError(DatabaseError):
    pass


def read_user_version(path: Path) -> int:
    """The schema version of a database file, read without peewee and without writing."""
    uri = f"file:{Path(path).as_posix()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def close_database() -> None:
    if db.database and not db.is_closed():
        db.close()


def quick_check() -> list[str]:
    """SQLite's own integrity check plus foreign keys; empty when the file is sound."""
    problems = [row[0] for row in db.execute_sql("PRAGMA quick_check").fetchall() if row[0] != "ok"]
    problems += [
        f"外键断裂：表 {row[0]} 第 {row[1]} 行指向不存在的 {row[2]}"
        for row in db.execute_sql("PRAGMA foreign_key_check").fetchall()
    ]
    return problems
