"""Checking a backup, and restoring the database from one.

A restore never leaves the office without its data: the backup is checked first (integrity,
version, that it is ours), the current database is backed up (or set aside when damaged), and
the swap itself is one SQLite transaction (or one atomic rename), so a failure or a power cut
leaves the current database or the restored one, never a mix.

An encrypted backup from a USB stick (``.dbak``, ``envelope``) needs the village's 接入码 or the
恢复码: it is decrypted into a staged file in the data folder (``.restore-*.db``, beside the
database, never on the stick), checked like a plain backup, and restored from there. A wrong
password, or a file cut short or altered, is told before anything changes.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from peewee import fn

from ..fileio import remove_stale_temps
from . import audit, envelope, integrity, session
from .backup import (REASON_RESTORE, STAMP_FORMAT, BackupError, backup_now, backups_dir,
                     copy_database, home_unit_name, list_backups, live_database_path,
                     parse_backup_name, prune, query_scalar)
from .database import close_database, db
from .opening import open_database
from .stick_backup import remove_stale_stick_stages
from .models import Resident, Unit

__all__ = ["BackupInfo", "BackupPasswordNeeded", "RestoreResult", "WrongBackupPassword",
           "inspect_backup", "newest_good_backup", "restore"]

log = logging.getLogger(__name__)

PASSWORD_PROMPT = "这份备份已加密：请输入本村接入码或恢复码"


class BackupPasswordNeeded(BackupError):
    """The backup is encrypted and no password was given; ``header`` says whose and when."""

    def __init__(self, header: envelope.Header) -> None:
        super().__init__(f"{PASSWORD_PROMPT}。")
        self.header = header


class WrongBackupPassword(BackupError):
    """The password given opens none of the backup's wraps; nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    """A backup file that passed :func:`inspect_backup`."""

    path: Path
    version: int
    unit_name: str
    made_at: dt.datetime
    residents: int
    encrypted: bool = False

    def describe(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} {self.unit_name or '（未设置单位）'}，{self.residents} 名居民"


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    # The backup of the database as it was before the restore (or, when that one was damaged,
    # the damaged file set aside for a technician); None when there was no database yet.
    previous: Path | None


def inspect_backup(file: Path, password: str | None = None,
                   database_path: Path | None = None) -> BackupInfo:
    """Check a backup before it is used: a damaged file, a file that is not ours, or one from
    a newer version of the program raises :class:`BackupError` saying so in Chinese.

    An encrypted backup raises :class:`BackupPasswordNeeded` without ``password``, and
    :class:`WrongBackupPassword` with a wrong one; with the right one it is decrypted into the
    data folder of ``database_path`` (default: the open database), checked, and deleted."""
    with _opened(Path(file), password, database_path) as (plain, header):
        return _inspect_plain(plain, Path(file), header)


@contextlib.contextmanager
def _opened(path: Path, password: str | None,
            database_path: Path | None) -> Iterator[tuple[Path, envelope.Header | None]]:
    """The backup as a plain SQLite file: itself, or its decryption staged in the data folder
    (deleted on leaving)."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件“{path}”（U 盘是否已拔出？）。")
    try:
        encrypted = envelope.is_encrypted_backup(path)
    except OSError as exc:
        raise BackupError(f"读不了文件“{path}”（{exc.strerror or exc}）。") from exc
    if not encrypted:
        yield path, None
        return
    live = live_database_path(database_path)
    stage = live.with_name(f".restore-{secrets.token_hex(4)}.db")
    try:
        header = _decrypt(path, password, stage)
        yield stage, header
    finally:
        stage.unlink(missing_ok=True)


def _damaged(name: str, why: object) -> BackupError:
    return BackupError(f"备份文件“{name}”不完整或已损坏（{why}），可能是复制时U盘拔出太早，"
                       "不能用它恢复，当前数据没有改动。请换一份备份。")


def _decrypt(path: Path, password: str | None, stage: Path) -> envelope.Header:
    name = path.name
    try:
        with open(path, "rb") as fh:
            header = envelope.read_header(fh)
            if password is None:
                raise BackupPasswordNeeded(header)
            key, _kind = envelope.unwrap(header, password)
            with open(stage, "wb") as out:
                envelope.decrypt_stream(fh, header, key, out)
    except envelope.WrongPassword:
        raise WrongBackupPassword(
            f"输入的接入码或恢复码打不开“{name}”，当前数据没有改动。请对照镇里给的接入码"
            "（16位，形如 K7QM-3XWA-9TPR-CE4H）或《恢复码单》（20位）重新输入；"
            "接入码丢了可以打电话问镇里（镇里也保存着重新下发前的旧接入码）。") from None
    except envelope.Damaged as exc:
        raise _damaged(name, exc) from exc
    except OSError as exc:
        raise BackupError(f"读不了文件“{path}”或写不了数据文件夹（{exc.strerror or exc}），"
                          "当前数据没有改动。") from exc
    return header


def _inspect_plain(path: Path, shown: Path, header: envelope.Header | None) -> BackupInfo:
    """Check a plain SQLite backup at ``path`` (``shown`` is the file the clerk chose)."""
    from .migrations import SCHEMA_VERSION  # late: migrations imports database, which imports us

    name = shown.name
    try:
        if not integrity.looks_like_sqlite(path):
            raise BackupError(f"“{name}”不是东安台账的备份文件（不是数据库文件），不能用它恢复。")
    except OSError as exc:
        raise BackupError(f"读不了文件“{path}”（{exc.strerror or exc}）。") from exc
    problems = integrity.check_file(path, full=True, immutable=True)
    if problems:
        raise BackupError(f"备份文件“{name}”已损坏（{problems[0]}），不能用它恢复。"
                          "请换一份较早的备份。")
    conn = integrity.connect_read_only(path, immutable=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise BackupError(f"备份文件“{name}”是由更新版本的东安台账做的（数据版本 {version}，本程序"
                              f"只认识到版本 {SCHEMA_VERSION}）。请先安装最新版本的东安台账，再用它恢复。")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version == 0 or Unit._meta.table_name not in tables:
            raise BackupError(f"“{name}”不是东安台账的备份文件（里面没有东安台账的数据），不能用它恢复。")
        unit = home_unit_name(conn)
        residents = query_scalar(conn, Resident.select(fn.COUNT(Resident.id)), 0)
    finally:
        conn.close()
    if header is not None:
        return BackupInfo(shown, version, unit, header.made_at, residents, encrypted=True)
    parsed = parse_backup_name(shown)
    made = parsed[0] if parsed else dt.datetime.fromtimestamp(shown.stat().st_mtime)
    return BackupInfo(shown, version, unit, made, residents)


def newest_good_backup(database_path: Path | None = None) -> BackupInfo | None:
    """The newest backup in ``backups/`` that passes :func:`inspect_backup`, or None."""
    for path in list_backups(database_path):
        try:
            return inspect_backup(path)
        except BackupError as exc:
            log.warning("备份不可用：%s", exc)
    return None


def restore(file: Path, database_path: Path | None = None,
            password: str | None = None) -> RestoreResult:
    """Replace the database with the backup ``file``; the current database stays on failure.

    In order: the backup is checked (:func:`inspect_backup`; an encrypted one decrypted with
    ``password`` into the data folder first) and copied beside the database (checked again, so
    a pulled stick cannot matter later); the current database is backed up (or, when it is
    damaged, set aside in ``backups/``); then the backup replaces it. If the database was open
    it is closed first and opened again after (which also upgrades an older backup). Raises
    :class:`BackupError` (:class:`BackupPasswordNeeded`, :class:`WrongBackupPassword`).
    """
    session.require(session.RESTORE)  # it replaces every record, and the accounts with them
    live = live_database_path(database_path)
    was_open = bool(db.database) and Path(db.database).resolve() == live.resolve()
    remove_stale_stages(live)
    with _opened(Path(file), password, live) as (plain, header):
        info = _inspect_plain(plain, Path(file), header)
        previous = _restore_checked(plain, live, was_open)
    prune(live)
    if was_open:  # into the restored database's own trail: who put it back, from what
        audit.record("restore", record_type="数据库", name=Path(file).name,
                     detail=f"从备份 {file} 恢复；恢复前的数据另存为 {previous or '（无）'}")
    log.info("已从备份恢复：%s（恢复前：%s）", info.path, previous)
    return RestoreResult(info, previous)


def _restore_checked(plain: Path, live: Path, was_open: bool) -> Path | None:
    """The checked plain backup ``plain`` replaces the database; returns what kept the data
    that was there (its backup, or the damaged file set aside)."""
    source = integrity.connect_read_only(plain, immutable=True)
    stage = live.with_name(f".restore-{secrets.token_hex(4)}.db")
    try:
        try:
            copy_database(source, stage)
        finally:
            source.close()
        damaged = live.exists() and bool(integrity.check_file(live))
        if damaged:
            previous: Path | None = _set_aside_damaged(live)
        else:
            previous = backup_now(REASON_RESTORE, live) if live.exists() else None
        if was_open:
            close_database()
        try:
            if not damaged and live.exists():
                _empty_wal(live)
            _move_into_place(stage, live)
        finally:
            if was_open:
                open_database(live)  # the restored database, or the current one after a failure
    finally:
        stage.unlink(missing_ok=True)
    return previous


def _empty_wal(live: Path) -> None:
    """Checkpoint the live database's WAL into it and empty the WAL, so the file alone holds
    everything: renaming the restored file over it (and dropping the -wal) then loses nothing,
    and a power cut at any moment leaves the old database or the restored one, whole.
    (Copying into the live file instead, page by page, left it malformed when a kill landed
    during the copy's checkpoint.)"""
    try:
        conn = sqlite3.connect(live, timeout=10)
        try:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"恢复没有完成（{exc}），当前数据保持原样。请关闭其他程序后重试。") from exc
    if busy:
        raise BackupError("数据库正被其他程序使用，恢复没有完成，当前数据保持原样。请关闭其他程序后重试。")


def remove_stale_stages(live: Path) -> None:
    """Staged copies (and their temp files) left by a restore that was killed: never the live
    data, and 2 MB to 100 MB each."""
    for stage in live.parent.glob(".restore-*.db"):
        try:
            stage.unlink()
        except OSError:
            pass
    remove_stale_temps(live.parent)
    remove_stale_stick_stages(live)


def _set_aside_damaged(live: Path) -> Path:
    """Keep the damaged file (and its WAL) in ``backups/`` for a technician. A plain file copy
    on purpose: the backup API cannot read a damaged database, and this is evidence, not a
    backup (its name does not match backups', so it is never offered or pruned)."""
    target = backups_dir(live) / f"损坏-{dt.datetime.now():{STAMP_FORMAT}}-{secrets.token_hex(2)}.db"
    try:
        shutil.copy2(live, target)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
    except OSError as exc:
        raise BackupError(f"没能把损坏的数据库留存到 {target.parent}（{exc.strerror or exc}），"
                          "为免丢失，没有恢复。请腾出磁盘空间后重试。") from exc
    return target


def _move_into_place(stage: Path, live: Path) -> None:
    """Replace the database by renaming the staged file over it (atomic). Its ``-wal`` and
    ``-shm`` go first (empty, or of a damaged file): an old WAL must never be applied to the
    restored file. The staged file is switched to WAL first, so that the live file never has to
    change journal mode (a power cut during that change leaves a hot journal)."""
    conn = sqlite3.connect(stage)
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
    finally:
        conn.close()
    _fsync(stage)
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            live.with_name(live.name + suffix).unlink(missing_ok=True)
        os.replace(stage, live)
    except OSError as exc:
        raise BackupError(f"没能替换损坏的数据库（{exc.strerror or exc}）。请关闭其他程序后重试。") from exc
    if os.name != "nt":  # make the rename itself durable
        fd = os.open(live.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
