"""The one SQLite database of an installation: opening, pragmas, version check, backup."""
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


def open_database(path: Path) -> SqliteDatabase:
    """Open (or create) the database at ``path`` and bring its schema up to date.

    A database written by a newer program is refused before anything is written to it.
    """
    from . import migrations  # late: migrations imports the models, which import ``db``

    path = Path(path)
    if path.exists():
        try:
            version = read_user_version(path)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(
                f"数据库文件 {path} 已损坏或不是本程序的数据库（{exc}）。"
                "请从备份恢复，或联系技术人员。"
            ) from exc
        if version > migrations.SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"数据库 {path} 是由更新版本的东安台账写入的（数据版本 {version}，"
                f"本程序只认识到版本 {migrations.SCHEMA_VERSION}）。为免损坏数据，本程序不会打开它。"
                "请安装最新版本的东安台账后再打开。"
            )
        if 0 < version < migrations.SCHEMA_VERSION:
            _backup_before_upgrade(path)
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS)
    db.connect()
    migrations.migrate(db)
    return db


def _backup_before_upgrade(path: Path) -> None:
    """An upgrade rewrites tables: keep the old schema restorable, or do not upgrade at all."""
    from .backup import REASON_UPGRADE, BackupError, backup_now
    try:
        backup_now(REASON_UPGRADE, path)
    except BackupError as exc:
        raise DatabaseError(f"升级数据库前没能先备份，为安全起见没有升级，也没有打开它：{exc}") from exc


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
