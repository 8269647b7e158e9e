"""One program per data folder.

The first program holds an OS lock on ``dongan.lock`` in the data folder (``msvcrt.locking`` on
Windows, ``flock`` elsewhere). The OS releases it when the process ends, however it ends, so a
crash or power cut never leaves a stale lock. The first program also listens on a localhost
port, written in the lock file with a random token; a second start sends the token there, and
the first brings its window forward.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import sys
import threading
from pathlib import Path

__all__ = ["LOCK_FILENAME", "AlreadyRunning", "InstanceLock", "acquire", "poke"]

LOCK_FILENAME = "dongan.lock"
# Windows: the locked byte lies beyond the text we write, since a region locked with
# msvcrt.locking cannot be read by the second program, which needs the port.
_LOCK_OFFSET = 4096
_CONNECT_TIMEOUT = 1.0

if sys.platform.startswith("win"):
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class AlreadyRunning(Exception):
    """Another program has this data folder open; ``str()`` says so in Chinese."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        super().__init__(f"东安台账已经打开了（数据文件夹：{data_dir}）。"
                         "同一个数据文件夹只能打开一个东安台账。")


class InstanceLock:
    """The lock held by the running program; :meth:`release` (or process exit) frees it."""

    def __init__(self, path: Path, fd: int):
        self.path, self._fd = path, fd
        self.token = secrets.token_hex(16)
        self.poked = threading.Event()  # set when a second start asked to bring us forward
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._write_info(port=None)

    def _write_info(self, port: int | None) -> None:
        text = json.dumps({"pid": os.getpid(), "port": port, "token": self.token}).encode()
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, text)

    def listen(self) -> int:
        """Accept pokes from a second start on a localhost port; returns the port."""
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        server.settimeout(0.5)  # so release() ends the thread promptly
        self._server = server
        self._thread = threading.Thread(target=self._serve, args=(server,), daemon=True,
                                        name="single-instance")
        self._thread.start()
        port = server.getsockname()[1]
        self._write_info(port)
        return port

    def _serve(self, server: socket.socket) -> None:
        while self._server is server:
            try:
                conn, _ = server.accept()
            except socket.timeout:
                continue
            except OSError:
                return  # closed by release()
            with conn:
                conn.settimeout(_CONNECT_TIMEOUT)
                try:
                    if conn.recv(64).strip().decode("ascii", "replace") == self.token:
                        self.poked.set()
                except OSError:
                    pass

    @property
    def held(self) -> bool:
        return self._fd >= 0

    def release(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            try:  # wakes the thread waiting in accept() and stops listening at once
                server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            server.close()
            if self._thread is not None:
                self._thread.join(2)
        if self._fd >= 0:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = -1


def acquire(data_dir: Path) -> InstanceLock:
    """Take the data folder for this program, or raise :class:`AlreadyRunning`; then
    :func:`poke` asks the running program to come forward."""
    path = Path(data_dir) / LOCK_FILENAME
    # Not truncated on open: the running program's port must stay readable for a second start.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    if _try_lock(fd):
        return InstanceLock(path, fd)
    os.close(fd)
    raise AlreadyRunning(Path(data_dir))


def poke(data_dir: Path) -> bool:
    """Ask the program holding ``data_dir`` to bring its window forward; True if it was told."""
    try:
        info = json.loads((Path(data_dir) / LOCK_FILENAME).read_bytes() or b"{}")
        port, token = int(info["port"]), str(info["token"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # still starting, or an old file: nothing to tell
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=_CONNECT_TIMEOUT) as conn:
            conn.sendall(token.encode("ascii") + b"\n")
        return True
    except OSError:
        return False
