"""Every modal message the program shows goes through here: one place that knows ttkbootstrap
returns the *translated* text of the pressed button (LIBRARY-NOTES), and one place tests replace."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from ..errors import ValidationError

YES, NO, OK = "是", "否", "确定"


def ask_yes_no(parent: tk.Misc, message: str, title: str = "请确认") -> bool:
    pressed = ttk.Messagebox.show_question(message, title, parent=parent,
                                           buttons=[f"{NO}:secondary", f"{YES}:primary"],
                                           localize=False)
    return pressed == YES


def show_error(parent: tk.Misc, message: str, title: str = "出错了") -> None:
    ttk.Messagebox.show_error(message, title, parent=parent, buttons=[f"{OK}:primary"],
                              localize=False)


def show_info(parent: tk.Misc, message: str, title: str = "提示") -> None:
    ttk.Messagebox.show_info(message, title, parent=parent, buttons=[f"{OK}:primary"],
                             localize=False)


def guarded(parent: tk.Misc, action: Callable[[], object]) -> bool:
    """Run a domain action; a refusal is shown to the clerk. True when it went through."""
    try:
        action()
    except ValidationError as exc:
        show_error(parent, exc.message, title="不能这样做")
        return False
    return True
