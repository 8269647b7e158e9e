"""备份到U盘: the database copied to a stick, encrypted (``envelope``), so a lost stick shows
nobody the village. The automatic backups in ``backups/`` stay plain SQLite: they are on the PC
itself, beside the database they copy.

``backup.backup_to`` makes the copy in three steps: SQLite's backup API writes a plain copy into
the data folder (``stage_path``: on the PC, never on the stick) and checks it; ``encrypt_into``
encrypts it, streamed, into a temp file on the stick through ``fileio.atomic_write``, reads the
temp file back, opens every wrap with its key and decrypts every chunk against the plain copy's
SHA-256, then renames it. The plain copy is deleted at the end; one left by a killed run is
deleted by the next one (``remove_stale_stick_stages``).

The file is named like the other backups with the suffix ``.dbak``
(``兴田村-备份-20261201-093000-手动.dbak``)."""
from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Callable

from ..fileio import atomic_write
from . import envelope
from .database import db
from .models import AccessCode, Unit

Progress = Callable[[float], None]
STAGE_GLOB = ".stick-*.db"
_STALE_SECONDS = 600

NO_PASSWORD = ("备份到U盘的文件要加密，密码用本村的接入码或本机的恢复码，可本机两样都还没有，所以没有备份。"
               "村（社区）电脑：请先在“设置 → 本单位信息”中填写镇里给的接入码；镇本级电脑：请先设置管理员，"
               "打印并收好《恢复码单》。然后再备份到U盘。本机 backups 文件夹里每天的自动备份不受影响。")
STAGE_FAILED = "备份到U盘要先在本机的数据文件夹里做一份临时副本，这一步没有做成，U 盘上没有写任何东西："


def home_access_code_query():
    """The home unit's 接入码 (run by ``backup.query_scalar`` on a plain connection)."""
    return AccessCode.select(AccessCode.code).join(Unit).where(Unit.is_home == True)  # noqa: E712


def home_unit_code_query():
    return Unit.select(Unit.code).where(Unit.is_home == True)  # noqa: E712


def _recovery_wrap(live: Path) -> envelope.Wrap | None:
    """The 恢复码's wrap key kept at setup (store/recovery.py, read through the open database)."""
    try:
        from .recovery import recovery_wrap_key
    except ImportError:  # a build without the accounts part: the 接入码 alone
        return None
    if not db.database or db.is_closed() or Path(db.database).resolve() != live.resolve():
        return None
    found = recovery_wrap_key()
    if found is None:
        return None
    salt, kek = found
    return envelope.Wrap(envelope.KIND_RECOVERY, salt, kek)


def stick_wraps(access_code: str | None, live: Path) -> list[envelope.Wrap]:
    """The passwords a stick backup of this PC opens with: the home unit's 接入码, its 恢复码."""
    wraps = [envelope.access_wrap(access_code)] if access_code else []
    recovery = _recovery_wrap(live)
    if recovery is not None:
        wraps.append(recovery)
    return wraps


def part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """``progress`` for one step of a job, scaled to its share ``start``–``end``."""
    if progress is None:
        return None
    return lambda fraction: progress(start + (end - start) * fraction)


def stage_path(live: Path) -> Path:
    """Where the plain copy is made before it is encrypted: the data folder, on the PC."""
    return live.with_name(f".stick-{secrets.token_hex(4)}.db")


def remove_stale_stick_stages(live: Path) -> None:
    """Plain copies left in the data folder by a stick backup that was killed."""
    before = time.time() - _STALE_SECONDS
    for stage in live.parent.glob(STAGE_GLOB):
        try:
            if stage.stat().st_mtime < before:
                stage.unlink()
        except OSError:
            pass


def encrypt_into(stage: Path, target: Path, wraps: list[envelope.Wrap], unit_name: str,
                 unit_code: str, made_at: dt.datetime, progress: Progress | None = None) -> Path:
    """Encrypt the checked plain copy ``stage`` into ``target`` atomically and check what was
    written; raises ``FileWriteError`` (Chinese) leaving nothing at ``target``."""
    conn = sqlite3.connect(f"file:{stage}?mode=ro", uri=True)
    try:
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    size = stage.stat().st_size
    written: dict[str, bytes] = {}

    def write(temp: Path) -> None:
        with open(stage, "rb") as clear, open(temp, "wb") as out:
            written["digest"] = envelope.write_encrypted(
                clear, size, out, wraps, unit_name=unit_name, unit_code=unit_code,
                made_at=made_at, schema=schema, progress=part(progress, 0.0, 0.7))

    def verify(temp: Path) -> None:
        with open(temp, "rb") as fh:
            header = envelope.read_header(fh)
            keys = [envelope.open_wrap(header, wrap.kind, wrap.kek) for wrap in wraps]
            if any(key != keys[0] for key in keys):  # every password must open the same key
                raise ValueError("加密密钥不一致")
            digest = envelope.decrypt_stream(fh, header, keys[0], _Discard(),
                                             temp.stat().st_size, part(progress, 0.7, 1.0))
        if digest != written["digest"]:
            raise ValueError("读回解密的内容与数据库不一致")

    return atomic_write(target, write, verify)


class _Discard:
    """Where the check of a written backup puts what it decrypted: nowhere (only its hash counts)."""

    def write(self, data: bytes) -> int:
        return len(data)
