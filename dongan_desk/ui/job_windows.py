"""The windows the headless jobs need: the benchmark's root and bare Treeview, and the
self-test's window check. Here so that nothing outside ``ui/`` imports tkinter."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk


def new_root(title: str) -> ttk.App:
    return ttk.App(title=title, size=(1280, 800))


def bare_treeview_ms(root: tk.Misc, values: list, measure: Callable[[Callable[[], object]], float]) -> float:
    """The bare library's time to show the same rows in a plain Treeview."""
    bare_tree = ttk.Treeview(root, columns=[str(i) for i in range(len(values[0]))], show="headings")

    def bare():
        bare_tree.delete(*bare_tree.get_children())
        for number, row in enumerate(values):
            bare_tree.insert("", "end", iid=str(number), values=row)
        root.update_idletasks()

    try:
        return measure(bare)
    finally:
        bare_tree.destroy()


def check_window(icon: Path) -> str:
    """Open a themed window with a button, a progress bar and the icon, then close it."""
    try:
        root = ttk.App(title="东安台账自检")
    except tk.TclError as exc:  # a server or CI without a screen: nothing to show on
        return f"跳过：没有可用的显示器（{exc}）"
    try:
        root.withdraw()
        ttk.Button(root, text="确定", bootstyle="primary").pack()
        ttk.Progressbar(root, mode="indeterminate").pack()
        root.iconphoto(True, tk.PhotoImage(master=root, file=str(icon)))
        root.update()
    finally:
        root.destroy()
    return "窗口、主题和图标可以正常显示"
