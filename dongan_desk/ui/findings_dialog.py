"""The list behind the status bar's count of rule findings; a double-click opens the record a
finding names, in its tab."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from ..finding import Finding
from .lists import ListView


class FindingsDialog(ttk.Toplevel):
    def __init__(self, master: tk.Misc, items: list[Finding], open_target: Callable[[str], bool]):
        super().__init__(title=f"规则提示（{len(items)} 条）", master=master, size=(1120, 460))
        self.transient(master.winfo_toplevel())
        self.items, self.open_target = items, open_target
        ttk.Label(self, text="双击一条，转到它说的那条记录。", bootstyle="secondary").pack(
            anchor="w", padx=8, pady=(8, 0))
        view = ListView(self, (("unit", "单位", 120), ("rule", "规则", 170), ("message", "情况", 800)),
                        frozen=1, height=14, stretch="message")
        tree = view.tree
        for number, item in enumerate(items):
            tree.insert("", "end", iid=str(number), values=(item.unit, item.rule, item.message))
        if not items:
            tree.insert("", "end", values=("", "", "没有发现问题。"))
        ttk.Button(self, text="关闭", command=self.destroy).pack(side="bottom", pady=(0, 8))
        view.pack(fill="both", expand=True, padx=8, pady=8)
        tree.bind("<Double-1>", lambda e: self.open_selected())
        tree.bind("<Return>", lambda e: self.open_selected())
        self.bind("<Escape>", lambda e: self.destroy())
        self.tree = tree

    def open_selected(self) -> None:
        selection = self.tree.selection()
        if not selection or not selection[0].isdigit():
            return
        if self.open_target(self.items[int(selection[0])].target):
            self.destroy()
