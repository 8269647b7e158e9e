"""Backups of the one database: daily, before risky work, on demand, to a USB stick.

A backup is made with SQLite's online backup API (``sqlite3.Connection.backup``), never by
copying the file: a copy of a WAL database taken while it is open may miss committed records
that still sit in ``dongan.db-wal``, or catch a half-written page. Every backup is written
through ``fileio.atomic_write`` (a temp file, checked, then renamed), so a power cut or a pulled
USB stick never leaves half a backup under a backup's name.

Backups live in ``backups/`` of the data folder, named ``<单位>-备份-<YYYYMMDD-HHMMSS>-<原因>.db``
(the clerk sees what and when), and the newest ``backup_keep`` (a setting of the home unit,
default 30) are kept. Each is a self-contained single file (journal mode DELETE), readable on
a read-only stick. They are plain SQLite, like the database beside them: what protects them is
the PC's Windows login.

A backup to a USB stick (``backup_to``) is encrypted instead (``stick_backup``, ``envelope``):
``<单位>-备份-<YYYYMMDD-HHMMSS>-手动.dbak``, opened with the village's 接入码 or the 恢复码.

Everything reads the database by its path through its own SQLite connections, so it works
before peewee opens the database (start-up, before a migration) and from a worker thread.
Checking a backup and restoring one are in ``restore.py``.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import re
import sqlite3
from pathlib import Path

from ..fileio import FileWriteError, atomic_write
from . import audit, envelope, integrity, session
from . import stick_backup as stick
from .database import db
from .models import Setting, Unit

log = logging.getLogger(__name__)

REASON_DAILY = "每日"
REASON_MANUAL = "手动"
REASON_IMPORT = "导入前"   # the township import (issue 6) calls backup_now(REASON_IMPORT)
REASON_UPGRADE = "升级前"
REASON_RESTORE = "恢复前"

KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 30
BACKUP_FOLDER = "backups"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<unit>.+?)-备份-(?P<stamp>\d{8}-\d{6})-(?P<reason>[^-]+?)(?:-(?P<n>\d+))?\.(?:db|dbak)$")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')
# A temp file of atomic_write older than this is left over from a crash (a live one is seconds old).
_STALE_TEMP_SECONDS = 600
# Pages (4 KiB) per backup step when a window shows progress: about 4 MiB between redraws.
_STEP_PAGES = 1024
Progress = stick.Progress

# SQLite result codes (low byte of sqlite_errorcode) that describe the destination of a backup.
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 3, 8, 10, 13, 14
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


class BackupError(Exception):
    """A backup or restore that did not happen; ``str()`` is a Chinese message for the clerk."""


# --- where ------------------------------------------------------------------------------------

def live_database_path(database_path: Path | None = None) -> Path:
    if database_path is not None:
        return Path(database_path)
    if not db.database:
        raise BackupError("数据库还没有打开，无法备份。")
    return Path(db.database)


def backups_dir(database_path: Path | None = None) -> Path:
    folder = live_database_path(database_path).parent / BACKUP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def parse_backup_name(path: Path) -> tuple[dt.datetime, str, int] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        made = dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return made, match["reason"], int(match["n"] or 0)


def list_backups(database_path: Path | None = None) -> list[Path]:
    """The backups in ``backups/``, newest first (files named otherwise are not ours: ignored)."""
    found = [(parsed, p) for p in backups_dir(database_path).glob("*.db")
             if (parsed := parse_backup_name(p)) is not None]
    found.sort(key=lambda item: (item[0][0], item[0][2], item[1].name), reverse=True)
    return [p for _, p in found]


# --- reading the source ---------------------------------------------------------------------

def query_scalar(conn: sqlite3.Connection, query, default):
    """One value of a peewee query run on a plain connection (table names stay in the models)."""
    sql, params = query.sql()
    try:
        row = conn.execute(sql, params).fetchone()
    except sqlite3.OperationalError:  # no such table: a new or foreign database
        return default
    return default if row is None or row[0] is None else row[0]


def home_unit_name(conn: sqlite3.Connection) -> str:
    return query_scalar(conn, Unit.select(Unit.name).where(Unit.is_home == True), "")  # noqa: E712


def keep_count(database_path: Path | None = None) -> int:
    """How many backups ``backups/`` keeps: the home unit's ``backup_keep`` setting (JSON, as
    ``units.set_setting`` writes it; read here by path since store does not import domain)."""
    live = live_database_path(database_path)
    if not live.exists():
        return DEFAULT_KEEP
    query = (Setting.select(Setting.value).join(Unit)
             .where(Unit.is_home == True, Setting.key == KEEP_SETTING))  # noqa: E712
    try:
        conn = integrity.connect_read_only(live)
        try:
            text = query_scalar(conn, query, None)
        finally:
            conn.close()
        value = json.loads(text) if text else DEFAULT_KEEP
    except (sqlite3.Error, ValueError):
        return DEFAULT_KEEP
    return value if isinstance(value, int) and value >= 1 else DEFAULT_KEEP


# --- making backups -------------------------------------------------------------------------

def _as_os_error(exc: sqlite3.Error) -> OSError | None:
    """A destination failure of SQLite as the OSError that ``atomic_write`` explains in Chinese."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _SQLITE_FULL:
        return OSError(errno.ENOSPC, "磁盘空间已满")
    if code == _SQLITE_READONLY:
        return OSError(errno.EROFS, "磁盘只读")
    if code in (_SQLITE_CANTOPEN, _SQLITE_PERM):
        return PermissionError(errno.EACCES, "没有写入权限")
    if code == _SQLITE_IOERR:
        return OSError(errno.EIO, "读写磁盘出错（U 盘是否已拔出？）")
    return None


def copy_database(source: sqlite3.Connection, target: Path, progress: Progress | None = None) -> Path:
    """Write the database behind ``source`` to ``target`` with the backup API, atomically.

    ``progress(fraction)`` is called between steps (a window redraws its bar there); without
    it the copy is one step.
    """
    def report(_status: int, remaining: int, total: int) -> None:
        progress(1 - remaining / total if total else 1.0)

    def write(temp: Path) -> None:
        dest = _connect_destination(temp)
        try:
            if progress is None:
                source.backup(dest)
            else:
                source.backup(dest, pages=_STEP_PAGES, progress=report)
            # A backup is one self-contained file: no -wal/-shm beside it on a stick.
            dest.execute("PRAGMA journal_mode=DELETE").fetchone()
        except sqlite3.Error as exc:
            code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
            if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
                raise BackupError("当前数据库已损坏，无法备份。请用“从备份恢复”换回最近的完好备份。") from exc
            mapped = _as_os_error(exc)
            if mapped is None:
                raise BackupError(f"备份没有完成（{exc}），请重试。") from exc
            raise mapped from exc
        finally:
            dest.close()

    def verify(temp: Path) -> None:
        problems = integrity.check_file(temp, full=True, immutable=True)
        if problems:
            raise ValueError("；".join(problems[:3]))

    try:
        return atomic_write(target, write, verify)
    except FileWriteError as exc:
        raise BackupError(str(exc)) from exc


def _open_source(live: Path) -> sqlite3.Connection:
    if not live.exists():
        raise BackupError(f"数据文件夹中还没有数据库（{live}），没有可以备份的数据。")
    try:
        conn = integrity.connect_read_only(live)
        conn.execute("PRAGMA schema_version").fetchone()  # fails now if it is not a database
        return conn
    except sqlite3.Error as exc:
        raise BackupError(f"打不开数据库 {live}，无法备份（{exc}）。") from exc


def _backup_name(unit: str, reason: str, when: dt.datetime, folder: Path, suffix: str = ".db") -> Path:
    unit = _UNSAFE.sub("_", unit).strip("._") or "未设置单位"
    reason = _UNSAFE.sub("_", reason).replace("-", "_") or REASON_MANUAL
    base = f"{unit}-备份-{when:{STAMP_FORMAT}}-{reason}"
    target, n = folder / f"{base}{suffix}", 1
    while target.exists():  # two backups in one second (e.g. a restore right after a daily)
        n += 1
        target = folder / f"{base}-{n}{suffix}"
    return target


def _connect_destination(temp: Path) -> sqlite3.Connection:
    return sqlite3.connect(temp)  # a seam: tests make it report a full disk


def _backup(live: Path, folder: Path, reason: str, progress: Progress | None = None) -> Path:
    source = _open_source(live)
    try:
        target = _backup_name(home_unit_name(source), reason, dt.datetime.now(), folder)
        copy_database(source, target, progress)
    finally:
        source.close()
    log.info("已备份数据库（%s）：%s", reason, target)
    return target


def backup_now(reason: str = REASON_MANUAL, database_path: Path | None = None) -> Path:
    """Back the database up into ``backups/`` and keep the newest ``keep_count()``.

    Call it before anything that rewrites many records: ``backup_now(REASON_IMPORT)``.
    Raises :class:`BackupError` with a Chinese message.
    """
    live = live_database_path(database_path)
    target = _backup(live, backups_dir(live), reason)
    prune(live)
    return target


def backup_to(folder: Path, database_path: Path | None = None,
              progress: Progress | None = None) -> Path:
    """Back the database up, encrypted, into ``folder`` (e.g. a USB stick); returns the new
    ``.dbak`` file, which opens with the village's 接入码 or the unit's 恢复码 (``stick_backup``).

    A missing, read-only or full folder raises :class:`BackupError` saying so, and leaves no
    partial file behind; so does a PC with neither password yet.
    """
    session.require(session.BACKUP)  # the whole database, sensitive data and all, leaves the PC
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"找不到文件夹“{folder}”（U 盘是否已拔出？）。请插好 U 盘或重新选择文件夹后再试。")
    live = live_database_path(database_path)
    source = _open_source(live)
    try:
        wraps = stick.stick_wraps(query_scalar(source, stick.home_access_code_query(), None), live)
        if not wraps:
            raise BackupError(stick.NO_PASSWORD)
        unit_name = home_unit_name(source)
        unit_code = query_scalar(source, stick.home_unit_code_query(), "")
        made_at = dt.datetime.now().replace(microsecond=0)
        target = _backup_name(unit_name, REASON_MANUAL, made_at, folder, envelope.SUFFIX)
        stick.remove_stale_stick_stages(live)
        stage = stick.stage_path(live)
        try:
            try:
                copy_database(source, stage, stick.part(progress, 0.0, 0.5))
            except BackupError as exc:
                raise BackupError(f"{stick.STAGE_FAILED}{exc}") from exc
            stick.encrypt_into(stage, target, wraps, unit_name, unit_code, made_at,
                               stick.part(progress, 0.5, 1.0))
        except FileWriteError as exc:
            raise BackupError(str(exc)) from exc
        finally:
            stage.unlink(missing_ok=True)
    finally:
        source.close()
    log.info("已加密备份到U盘：%s", target)
    if db.database and Path(db.database).resolve() == live.resolve():
        audit.record("backup", record_type="数据库", name=target.name,
                     detail=f"加密备份到 {target.parent}")
    return target


def daily_backup_if_due(database_path: Path | None = None,
                        today: dt.date | None = None) -> Path | None:
    """The first start of each day backs the database up; later starts that day do not.

    Nothing happens for a database that does not exist yet or has no home unit (first start).
    """
    live = live_database_path(database_path)
    today = today or dt.date.today()
    if not live.exists():
        return None
    for path in list_backups(live):
        made, reason, _ = parse_backup_name(path)
        if reason == REASON_DAILY and made.date() == today:
            return None
    source = _open_source(live)
    try:
        set_up = bool(home_unit_name(source))
    finally:
        source.close()
    return backup_now(REASON_DAILY, live) if set_up else None


def prune(database_path: Path | None = None, keep: int | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups, and temp files left by a crash."""
    live = live_database_path(database_path)
    keep = keep if keep is not None else keep_count(live)
    removed = list_backups(live)[keep:]
    folder = backups_dir(live)
    stale_before = dt.datetime.now().timestamp() - _STALE_TEMP_SECONDS
    for temp in folder.glob(".*.tmp.db*"):
        try:
            if temp.stat().st_mtime < stale_before:
                removed.append(temp)
        except OSError:
            pass
    for path in removed:
        try:
            path.unlink()
        except OSError:
            log.warning("没能删除旧备份 %s", path, exc_info=True)
    return removed
