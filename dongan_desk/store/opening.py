"""Opening the database: refuse a newer schema, back up before an upgrade, then migrate."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from . import audit, backup, migrations  # audit: its watcher sees every save from now on
from .database import PRAGMAS, DatabaseError, SchemaTooNewError, db, read_user_version


def open_database(path: Path) -> SqliteDatabase:
    """Open (or create) the database at ``path`` and bring its schema up to date.

    A database written by a newer program is refused before anything is written to it.
    """
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
    audit.forget_verified()
    return db


def _backup_before_upgrade(path: Path) -> None:
    """An upgrade rewrites tables: keep the old schema restorable, or do not upgrade at all."""
    try:
        backup.backup_now(backup.REASON_UPGRADE, path)
    except backup.BackupError as exc:
        raise DatabaseError(f"升级数据库前没能先备份，为安全起见没有升级，也没有打开它：{exc}") from exc
