"""The list behind the status bar's count of rule findings; a double-click opens the record a
finding names, in its tab."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from ..finding import Finding


class FindingsDialog(ttk.Toplevel):
    def __init__(self, master: tk.Misc, items: list[Finding], open_target: Callable[[str], bool]):
        super().__init__(title=f"规则提示（{len(items)} 条）", master=master, size=(1120, 460))
        self.transient(master.winfo_toplevel())
        self.items, self.open_target = items, open_target
        ttk.Label(self, text="双击一条，转到它说的那条记录。", bootstyle="secondary").pack(
            anchor="w", padx=8, pady=(8, 0))
        tree = ttk.Treeview(self, columns=("unit", "rule", "message"), show="headings")
        for key, text, width in (("unit", "单位", 120), ("rule", "规则", 170), ("message", "情况", 800)):
            tree.heading(key, text=text, anchor="w")
            tree.column(key, width=width, stretch=key == "message")
        for number, item in enumerate(items):
            tree.insert("", "end", iid=str(number), values=(item.unit, item.rule, item.message))
        if not items:
            tree.insert("", "end", values=("", "", "没有发现问题。"))
        tree.pack(fill="both", expand=True, padx=8, pady=8)
        tree.bind("<Double-1>", lambda e: self.open_selected())
        tree.bind("<Return>", lambda e: self.open_selected())
        ttk.Button(self, text="关闭", command=self.destroy).pack(pady=(0, 8))
        self.bind("<Escape>", lambda e: self.destroy())
        self.tree = tree

    def open_selected(self) -> None:
        selection = self.tree.selection()
        if not selection or not selection[0].isdigit():
            return
        if self.open_target(self.items[int(selection[0])].target):
            self.destroy()
