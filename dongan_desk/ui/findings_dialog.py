"""The list behind the status bar's count of rule findings."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from ..domain.findings import Finding


class FindingsDialog(ttk.Toplevel):
    def __init__(self, master: tk.Misc, items: list[Finding]):
        super().__init__(title=f"规则提示（{len(items)} 条）", master=master, size=(760, 420))
        self.transient(master.winfo_toplevel())
        tree = ttk.Treeview(self, columns=("rule", "message"), show="headings")
        tree.heading("rule", text="规则", anchor="w")
        tree.heading("message", text="情况", anchor="w")
        tree.column("rule", width=180, stretch=False)
        tree.column("message", width=540)
        for number, item in enumerate(items):
            tree.insert("", "end", iid=str(number), values=(item.rule, item.message))
        if not items:
            tree.insert("", "end", values=("", "没有发现问题。"))
        tree.pack(fill="both", expand=True, padx=8, pady=8)
        ttk.Button(self, text="关闭", command=self.destroy).pack(pady=(0, 8))
        self.bind("<Escape>", lambda e: self.destroy())
        self.tree = tree
