"""Where things live: the program's own files, and the data folder.

A source run keeps its data in ``db/`` beside ``main.py``; a PyInstaller build keeps it in
``db/`` beside the executable (portable: copy the folder to a new PC). When that folder is not
writable the user's data folder is used. ``--data-dir`` or ``DONGAN_DATA`` override both.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "东安台账"
DATA_ENV = "DONGAN_DATA"
DB_FILENAME = "dongan.db"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """The folder the user sees: beside main.py, or beside the built executable."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def bundle_dir() -> Path:
    """Where read-only bundled files are: ``_internal/`` of a build, the repo of a source run."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", program_dir()))
    return program_dir()


def assets_dir() -> Path:
    return bundle_dir() / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-probe"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
        return True
    except OSError:
        return False


def user_data_dir() -> Path:
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "dongan_desk"


def default_data_dir() -> Path:
    embedded = program_dir() / "db"
    return embedded if _writable(embedded) else user_data_dir()


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder for this run, created with its sub-folders."""
    chosen = explicit or os.environ.get(DATA_ENV)
    folder = Path(chosen).expanduser().resolve() if chosen else default_data_dir()
    for sub in ("", "backups", "logs", "exports"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME
