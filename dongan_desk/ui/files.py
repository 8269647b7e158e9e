"""Files the clerk handles: where the file dialogs open, opening a PDF in the system's viewer to
print it, or saving it where they choose. Documents are made by ``documents/`` and
``exchange/``; this only shows them.

Every file dialog of the program goes through here (issue 12): it opens in the folder last used
for that kind of file on this PC (remembered in the database's ``LocalValue``, which never
travels in a 报送包), else in the user's 文档 folder — never in the program's folder, where a
source run keeps ``.git`` and ``.venv``."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import tkinter as tk
from pathlib import Path
from tkinter import filedialog
from typing import Callable

from peewee import PeeweeException

from .. import units
from . import messages

log = logging.getLogger(__name__)

PDF_TYPES = [("PDF 文件", "*.pdf")]
XLSX_TYPES = [("Excel 工作簿", "*.xlsx")]
FOLDER_KEY = "上次使用的文件夹:"  # + the kind of file: one LocalValue per kind
# How long a viewer launcher (xdg-open) is watched for saying it found no program.
WATCH_MS, WATCH_STEP_MS = 8000, 400


# ---- where the dialogs open ------------------------------------------------------------

def documents_dir() -> Path:
    """The user's 文档 folder: Windows' Documents known folder (wherever the user moved it),
    the XDG documents folder on Linux (``~/文档`` on a Chinese desktop), else ``~/Documents``,
    else the home folder."""
    home = Path.home()
    candidates = [_windows_documents()] if sys.platform.startswith("win") else [_xdg_documents()]
    for candidate in (*candidates, home / "Documents"):
        if candidate is not None and candidate.is_dir():
            return candidate
    return home


def _windows_documents() -> Path | None:
    """``SHGetKnownFolderPath(FOLDERID_Documents)``: right even when the folder was moved to D:."""
    try:
        import ctypes
        import uuid
        from ctypes import wintypes

        class GUID(ctypes.Structure):
            _fields_ = [("Data1", wintypes.DWORD), ("Data2", wintypes.WORD), ("Data3", wintypes.WORD),
                        ("Data4", ctypes.c_ubyte * 8)]

        folder_id = GUID.from_buffer_copy(uuid.UUID("{FDD39AD0-238F-46AF-ADB4-6C85480369C7}").bytes_le)
        found = ctypes.c_wchar_p()
        shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
        shell32.SHGetKnownFolderPath.argtypes = [ctypes.POINTER(GUID), wintypes.DWORD, wintypes.HANDLE,
                                                 ctypes.POINTER(ctypes.c_wchar_p)]
        if shell32.SHGetKnownFolderPath(ctypes.byref(folder_id), 0, None, ctypes.byref(found)) != 0:
            return None
        try:
            return Path(found.value) if found.value else None
        finally:
            ctypes.windll.ole32.CoTaskMemFree(found)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - any failure: the fallbacks
        log.warning("找不到 Windows 的“文档”文件夹", exc_info=True)
        return None


def _xdg_documents() -> Path | None:
    """``XDG_DOCUMENTS_DIR`` of ``user-dirs.dirs`` (what ``xdg-user-dir DOCUMENTS`` prints)."""
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "user-dirs.dirs"
    try:
        lines = config.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        key, _, value = line.strip().partition("=")
        if key == "XDG_DOCUMENTS_DIR" and value:
            folder = Path(value.strip('"').replace("$HOME", str(Path.home())))
            return folder if folder != Path.home() else None  # “documents = home” means none set
    return None


def last_folder(kind: str) -> Path | None:
    """The folder last used on this PC for ``kind`` of file, if it is still there (a USB stick
    that was pulled out is not)."""
    try:
        text = units.get_local_value(FOLDER_KEY + kind)
    except PeeweeException:  # no database yet (the first-start view)
        return None
    folder = Path(text) if text else None
    try:
        return folder if folder is not None and folder.is_dir() else None
    except OSError:
        return None


def start_folder(kind: str, fallback: Path | None = None) -> Path:
    """Where a dialog for ``kind`` opens: the folder last used, else ``fallback``, else 文档."""
    for folder in (last_folder(kind), fallback):
        if folder is not None and folder.is_dir():
            return folder
    return documents_dir()


def remember_folder(kind: str, chosen: Path) -> None:
    folder = chosen if chosen.is_dir() else chosen.parent
    try:
        units.set_local_value(FOLDER_KEY + kind, str(folder))
    except PeeweeException:
        log.warning("没能记住上次使用的文件夹：%s", folder, exc_info=True)


def _ask(dialog: Callable[..., str], kind: str, fallback: Path | None, **options) -> Path | None:
    """One dialog for one path, opened where ``kind`` of file was last used; remembers the
    folder of what was chosen."""
    chosen = dialog(initialdir=str(start_folder(kind, fallback)), **options)
    if not chosen:
        return None
    remember_folder(kind, Path(chosen))
    return Path(chosen)


def ask_open_file(parent: tk.Misc, kind: str, title: str, filetypes: list[tuple[str, str]],
                  fallback: Path | None = None) -> Path | None:
    return _ask(filedialog.askopenfilename, kind, fallback, parent=parent, title=title, filetypes=filetypes)


def ask_open_files(parent: tk.Misc, kind: str, title: str, filetypes: list[tuple[str, str]]) -> list[Path]:
    chosen = filedialog.askopenfilenames(parent=parent, title=title, filetypes=filetypes,
                                         initialdir=str(start_folder(kind)))
    paths = [Path(name) for name in chosen or ()]
    if paths:
        remember_folder(kind, paths[0])
    return paths


def ask_folder(parent: tk.Misc, kind: str, title: str, fallback: Path | None = None) -> Path | None:
    return _ask(filedialog.askdirectory, kind, fallback, parent=parent, title=title, mustexist=True)


def ask_save_path(parent: tk.Misc, title: str, default_name: str,
                  filetypes: list[tuple[str, str]], initial_dir: Path | None = None,
                  kind: str | None = None) -> Path | None:
    """Where to save; the dialog opens where this kind of file (by default: by its extension)
    was saved last, else in 文档."""
    extension = filetypes[0][1].lstrip("*")
    return _ask(filedialog.asksaveasfilename, kind or "保存" + extension, initial_dir, parent=parent,
                title=title, initialfile=default_name, filetypes=filetypes, defaultextension=extension)


# ---- showing what was made ---------------------------------------------------------------

def open_with_system(path: Path):
    """Hand the file to the PC's default program (the PDF viewer prints it). Raises OSError when
    there is none to hand it to; returns the launcher process where there is one to watch."""
    if sys.platform.startswith("win"):
        os.startfile(str(path), "open")  # type: ignore[attr-defined]
        return None
    command = ["open", str(path)] if sys.platform == "darwin" else ["xdg-open", str(path)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def say_in_status_bar(widget: tk.Misc, text: str) -> bool:
    """The window's status bar, found from any widget inside it (a tab, a dialog)."""
    while widget is not None:
        status = getattr(widget, "status", None) or getattr(getattr(widget, "context", None), "status", None)
        if status is not None and hasattr(status, "say"):
            try:
                status.say(text)
            except tk.TclError:
                return False
            return True
        widget = getattr(widget, "master", None)
    return False


def _program_for(target: Path) -> str:
    return {".pdf": "PDF 阅读器", ".xlsx": "Excel 或 WPS"}.get(target.suffix.lower(), "对应的软件")


NO_VIEWER_ADVICE = "请装一个，或把这个文件拷到别的电脑上打开、打印。"


def no_viewer(parent: tk.Misc, target: Path, advice: str = NO_VIEWER_ADVICE) -> None:
    say_in_status_bar(parent, f"文件在这里：{target}（本机没有能打开它的{_program_for(target)}）")
    messages.show_info(parent, f"文件保存在：\n{target}\n\n但本机没有能打开它的程序（{_program_for(target)}）。"
                               + advice, title="没能打开文件")


def show_document(parent: tk.Misc, target: Path, saying: str | None = None,
                  advice: str = NO_VIEWER_ADVICE) -> bool:
    """Open ``target`` in the system's program for it and say where it is (status bar); when
    the PC has none, say so with the path (and ``advice``: what to do instead). Never raises."""
    try:
        launcher = open_with_system(target)
    except OSError:
        log.warning("没有能打开 %s 的程序", target, exc_info=True)
        no_viewer(parent, target, advice)
        return False
    say_in_status_bar(parent, saying or f"已打开：{target}")
    if isinstance(launcher, subprocess.Popen):
        _watch_launcher(parent, launcher, target, advice=advice)
    return True


def _watch_launcher(parent: tk.Misc, launcher: subprocess.Popen, target: Path, waited: int = 0,
                    advice: str = NO_VIEWER_ADVICE) -> None:
    """``xdg-open`` starts even where no viewer is set up, then exits with an error a moment
    later: watch it for a few seconds, and say so then."""
    code = launcher.poll()
    if code is None:
        if waited < WATCH_MS:
            parent.after(WATCH_STEP_MS, lambda: _watch_launcher(parent, launcher, target,
                                                                waited + WATCH_STEP_MS, advice))
        return
    if code != 0:
        try:
            if parent.winfo_exists():
                no_viewer(parent, target, advice)
        except tk.TclError:
            pass


def print_document(parent: tk.Misc, make: Callable[[Path], None], folder: Path, name: str,
                   advice: str = NO_VIEWER_ADVICE) -> Path | None:
    """Make the document in ``folder`` (the data folder's exports/), open it to print and say
    where it was saved. ``make(target)`` raises with a Chinese message on failure; nothing
    half-written is left. ``advice``: what to do when the PC has no program to open it."""
    target = folder / name
    take_missing_glyphs()
    try:
        make(target)
    except Exception as exc:  # noqa: BLE001 - the clerk gets the message, the log the details
        log.exception("生成文件失败：%s", target)
        messages.show_error(parent, f"没能生成“{name}”：{exc}")
        return None
    say_missing_glyphs(parent)
    show_document(parent, target, f"已生成并用 PDF 阅读器打开（在阅读器里打印），文件保存在：{target}",
                  advice)
    return target


def save_document_as(parent: tk.Misc, make: Callable[[Path], None], title: str,
                     default_name: str, filetypes: list[tuple[str, str]]) -> Path | None:
    target = ask_save_path(parent, title, default_name, filetypes)
    if target is None:
        return None
    take_missing_glyphs()
    try:
        make(target)
    except Exception as exc:  # noqa: BLE001
        log.exception("保存文件失败：%s", target)
        messages.show_error(parent, f"没能保存“{target.name}”：{exc}")
        return None
    say_missing_glyphs(parent)
    say_in_status_bar(parent, f"已保存：{target}")
    return target


def take_missing_glyphs() -> str:
    from ..documents.pdfbase import take_missing_glyphs as take  # reportlab: only when printing
    return take()


def say_missing_glyphs(parent: tk.Misc) -> None:
    """A rare character no font on this PC can draw prints as a box: say which, so the clerk
    writes it in by hand rather than hand over a wrong name."""
    missing = take_missing_glyphs()
    if missing:
        messages.show_info(parent, f"这些字本机的字体里没有，打印出来会是方框：{'、'.join(missing)}\n"
                                   "请打印后用笔补写。装有“宋体-ExtB”（simsunb.ttf）的电脑能正常打印。",
                           title="有字打印不出来")
