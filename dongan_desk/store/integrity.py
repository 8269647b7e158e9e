"""Checking a database file without writing to it: the live database at start, and backups.

Everything here reads through its own read-only SQLite connection, never through peewee: a
damaged database must not be opened for writing (a peewee connection would run migrations and,
on close, checkpoint its WAL into the damaged file).
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

__all__ = ["SQLITE_HEADER", "check_file", "connect_read_only", "damaged_message", "looks_like_sqlite"]

SQLITE_HEADER = b"SQLite format 3\x00"


def connect_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection. ``immutable`` for files nothing else writes (backups, a USB
    stick): SQLite then takes no locks and creates no ``-wal``/``-shm`` files beside them."""
    # Percent-encoding keeps '?', '#' and '%' in folder names from being read as URI syntax;
    # ':' stays so that Windows drive letters (C:/...) keep working.
    uri = "file:" + quote(Path(path).resolve().as_posix(), safe="/:") + "?mode=ro"
    if immutable:
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def looks_like_sqlite(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def check_file(path: Path, *, full: bool = False, immutable: bool = False) -> list[str]:
    """SQLite's own check of the file at ``path``: an empty list when it is sound.

    ``full`` runs ``integrity_check`` (also compares indexes with their tables; for backups),
    otherwise the faster ``quick_check`` (for every start). A missing file has no problems;
    a file that is not a database at all is one problem.
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        if path.stat().st_size and not looks_like_sqlite(path):
            return ["文件开头不是 SQLite 数据库的标记，不是数据库文件或已被覆盖"]
        try:
            rows = _check(connect_read_only(path, immutable=immutable), full)
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) or immutable:
                raise
            # A power cut left a hot journal or a WAL that only a writer may recover: not
            # damage. Recover and check a copy, leaving the file itself as it is.
            rows = _check_recovered_copy(path, full)
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", I/O errors
        return [f"SQLite 无法读取这个文件（{exc}）"]
    except OSError as exc:
        return [f"无法读取这个文件（{exc.strerror or exc}）"]
    return [row[0] for row in rows if row[0] != "ok"]


def _check(conn: sqlite3.Connection, full: bool) -> list:
    try:
        return conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
    finally:
        conn.close()


def _check_recovered_copy(path: Path, full: bool) -> list:
    with tempfile.TemporaryDirectory(prefix="dongan-check-") as folder:
        copy = Path(folder) / path.name
        for suffix in ("", "-wal", "-journal"):
            if path.with_name(path.name + suffix).exists():
                shutil.copyfile(path.with_name(path.name + suffix), copy.with_name(copy.name + suffix))
        return _check(sqlite3.connect(copy), full)


def damaged_message(path: Path, problems: list[str]) -> str:
    """What the clerk reads when the live database fails its check at start."""
    shown = "；".join(problems[:3]) + ("……" if len(problems) > 3 else "")
    return (f"数据库文件 {path} 已损坏（{shown}）。\n"
            "为免损坏更多数据，程序没有打开它，也没有改动它。")
