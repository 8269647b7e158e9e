"""Files the clerk handles: open a PDF in the system's viewer to print it, or save it where
they choose. Documents are made by ``documents/`` and ``exchange/``; this only shows them."""
from __future__ import annotations

import os
import subprocess
import sys
import tkinter as tk
from pathlib import Path
from tkinter import filedialog
from typing import Callable

from . import messages

PDF_TYPES = [("PDF 文件", "*.pdf")]
XLSX_TYPES = [("Excel 工作簿", "*.xlsx")]


def open_with_system(path: Path) -> None:
    """Hand the file to the PC's default program (the PDF viewer prints it)."""
    if sys.platform.startswith("win"):
        os.startfile(str(path), "open")  # type: ignore[attr-defined]
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(path)])
    else:
        subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)


def ask_save_path(parent: tk.Misc, title: str, default_name: str,
                  filetypes: list[tuple[str, str]], initial_dir: Path | None = None) -> Path | None:
    chosen = filedialog.asksaveasfilename(parent=parent, title=title, initialfile=default_name,
                                          initialdir=str(initial_dir) if initial_dir else None,
                                          filetypes=filetypes,
                                          defaultextension=filetypes[0][1].lstrip("*"))
    return Path(chosen) if chosen else None


def print_document(parent: tk.Misc, make: Callable[[Path], None], folder: Path, name: str) -> Path | None:
    """Make the document in ``folder`` (the data folder's exports/) and open it to print.
    ``make(target)`` raises with a Chinese message on failure; nothing half-written is left."""
    target = folder / name
    take_missing_glyphs()
    try:
        make(target)
    except Exception as exc:  # noqa: BLE001 - the clerk gets the message, the log the details
        import logging
        logging.getLogger(__name__).exception("生成文件失败：%s", target)
        messages.show_error(parent, f"没能生成“{name}”：{exc}")
        return None
    say_missing_glyphs(parent)
    try:
        open_with_system(target)
    except OSError:
        messages.show_info(parent, f"文件已生成，但本机没有能打开它的程序：\n{target}")
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
        import logging
        logging.getLogger(__name__).exception("保存文件失败：%s", target)
        messages.show_error(parent, f"没能保存“{target.name}”：{exc}")
        return None
    say_missing_glyphs(parent)
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
