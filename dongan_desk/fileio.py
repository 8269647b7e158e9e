"""Atomic file writing, shared by the PDF and Excel writers.

Village offices lose power and clerks keep yesterday's report open in Excel; a save must either
produce the whole new file or leave the old one as it was. So every file is written to a
temporary file in the target's own folder (a rename is only atomic within one file system),
checked, flushed to disk and then renamed over the target in one step.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import time
from pathlib import Path
from typing import Callable

__all__ = ["FileWriteError", "atomic_write", "is_temp_file", "remove_stale_temps"]

# Our temporary files: ".<target stem>-<8 hex>.tmp<suffix>", hidden on Windows by attribute too.
_TEMP_NAME = re.compile(r"^\..+-[0-9a-f]{8}\.tmp(\.[^.]+)?$")
# A temp file this old is left over from a killed or power-cut save, never one being written.
STALE_TEMP_SECONDS = 10 * 60

# Windows: an antivirus or indexer may hold a fresh file for a moment; retry the rename briefly
# before telling the clerk the file is open elsewhere.
_REPLACE_RETRY_DELAYS = (0.05, 0.1, 0.25) if os.name == "nt" else ()
# Windows error codes for "the file is used by another process" and "locked region".
_WIN_SHARING_ERRORS = {32, 33}


class FileWriteError(Exception):
    """A file could not be saved; ``str(error)`` is a Chinese message for the clerk.

    ``kind`` is one of ``folder_missing``, ``no_permission``, ``read_only``, ``disk_full``,
    ``in_use``, ``verify_failed``, ``other``; ``target`` is the file that was being saved.
    """

    def __init__(self, message: str, *, kind: str, target: Path) -> None:
        super().__init__(message)
        self.kind = kind
        self.target = target


def atomic_write(
    target: Path,
    writer: Callable[[Path], None],
    verify: Callable[[Path], None] | None = None,
) -> Path:
    """Write ``target`` through ``writer(temp_path)`` so it appears whole or not at all.

    ``writer`` must write the complete file at the path it is given. ``verify`` (optional) reads
    the temporary file back and raises if it is not usable. On any failure the temporary file is
    removed and an existing ``target`` is left untouched. ``OSError`` and verification failures
    become :class:`FileWriteError`; other exceptions from ``writer`` (bugs, layout errors of the
    content itself) propagate unchanged. Returns the target path.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise FileWriteError(_explain_folder_missing(folder), kind="folder_missing", target=target)

    stage = "create"
    temp: Path | None = None
    try:
        temp = _create_temp(target)
        stage = "write"
        writer(temp)
        if verify is not None:
            stage = "verify"
            try:
                verify(temp)
            except OSError:
                raise
            except Exception as exc:  # any reader error means the file is not usable
                raise FileWriteError(
                    f"文件“{target.name}”写完后读回检查不通过，已放弃保存，原文件未改动。"
                    f"请重试；如果仍然失败，请换一个保存位置。（{exc}）",
                    kind="verify_failed",
                    target=target,
                ) from exc
        stage = "sync"
        _fsync_file(temp)
        stage = "replace"
        _replace(temp, target)
        temp = None  # it is the target now
        _fsync_folder(folder)
    except OSError as exc:
        kind, message = _explain(exc, target, stage)
        raise FileWriteError(message, kind=kind, target=target) from exc
    finally:
        if temp is not None:
            try:
                temp.unlink()
            except OSError:
                pass  # nothing more we can do; a stray hidden temp file harms nothing
    return target


def _create_temp(target: Path) -> Path:
    """An empty, new file beside ``target``.

    Not ``tempfile.mkstemp``: it creates mode 0600 files, and the report would then be
    unreadable to other users of a shared Linux PC. ``0o666`` here is filtered by the umask.
    The target's suffix is kept: some readers (openpyxl) judge a file by its extension.
    """
    for _ in range(100):
        temp = target.with_name(f".{target.stem}-{secrets.token_hex(4)}.tmp{target.suffix}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        _hide(temp)
        return temp
    raise FileExistsError(errno.EEXIST, "临时文件名已全部被占用", str(target.parent))


def _hide(path: Path) -> None:
    """A leading dot hides a file on Linux only; Windows needs the hidden attribute."""
    if os.name == "nt":
        import ctypes
        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # FILE_ATTRIBUTE_HIDDEN


def is_temp_file(path: Path) -> bool:
    """One of our own temporary files (a save in progress, or left by one that was killed)."""
    return bool(_TEMP_NAME.match(Path(path).name))


def remove_stale_temps(folder: Path, now: float | None = None) -> int:
    """Delete our temp files in ``folder`` left by saves killed long ago; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return 0
    for entry in entries:
        try:
            if is_temp_file(entry) and now - entry.stat().st_mtime > STALE_TEMP_SECONDS:
                entry.unlink()
                removed += 1
        except OSError:
            continue  # in use or already gone: harmless, the import skips it
    return removed


def _fsync_file(path: Path) -> None:
    # Opened for writing: on Windows fsync (FlushFileBuffers) needs write access.
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX only; Windows cannot open folders)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) refuse; the data itself is already synced
    finally:
        os.close(fd)


def _replace(temp: Path, target: Path) -> None:
    for delay in _REPLACE_RETRY_DELAYS:
        try:
            os.replace(temp, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(temp, target)


def _explain_folder_missing(folder: Path) -> str:
    return (
        f"保存失败：文件夹“{folder}”不存在（U 盘是否已拔出？）。"
        "请插好 U 盘或重新选择保存位置后再试。"
    )


def _explain(exc: OSError, target: Path, stage: str) -> tuple[str, str]:
    """Turn an OSError into (kind, Chinese message saying what to do)."""
    folder = target.parent
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "disk_full", (
            f"保存“{target.name}”失败：磁盘（或 U 盘）空间已满。"
            "请删除不需要的文件腾出空间，或换一个保存位置后再试。原文件未改动。"
        )
    if code == errno.EROFS:
        return "read_only", (
            f"保存失败：“{folder}”所在的磁盘是只读的（U 盘是否打开了写保护开关？）。"
            "请关闭写保护，或换一个保存位置后再试。"
        )
    if winerror in _WIN_SHARING_ERRORS or (
        stage == "replace" and isinstance(exc, PermissionError) and target.exists()
    ):
        # Windows refuses to replace a file that Excel, WPS or a PDF reader holds open.
        return "in_use", (
            f"无法覆盖“{target.name}”：这个文件可能正被其他程序（如 Excel、WPS、PDF 阅读器）"
            "打开，或被设为只读。请先关闭该文件（或取消只读）再保存，或换一个文件名。原文件未改动。"
        )
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return "folder_missing", _explain_folder_missing(folder)
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return "no_permission", (
            f"没有权限在文件夹“{folder}”中保存文件（文件夹只读或受系统保护）。"
            "请换一个保存位置，例如“文档”或桌面。"
        )
    detail = exc.strerror or str(exc)
    return "other", (
        f"保存“{target.name}”失败：{detail}。请换一个保存位置再试；原文件未改动。"
    )
