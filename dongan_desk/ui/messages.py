"""Every modal message the program shows goes through here: one place that knows ttkbootstrap
returns the *translated* text of the pressed button (LIBRARY-NOTES), and one place tests replace."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

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
