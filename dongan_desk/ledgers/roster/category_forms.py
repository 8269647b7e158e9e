"""Editing the unit's 困难群体 / 特殊群体 lists (they are data, not fixed in the forms)."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from . import rules as roster
from ... import units
from ...errors import ValidationError
from .queries import categories_of
from ...store.models import CATEGORY_GROUPS
from ...ui import messages


class CategoriesDialog(ttk.Toplevel):
    def __init__(self, master: tk.Misc, context):
        super().__init__(title="困难群体 / 特殊群体类别", master=master)
        self.transient(master.winfo_toplevel())
        self.context = context
        self.unit = units.home_unit()
        self.boxes: dict[str, tk.Listbox] = {}
        self.items: dict[str, list] = {}
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        for column, (group, label) in enumerate(CATEGORY_GROUPS):
            frame = ttk.Labelframe(body, text=label, padding=6)
            frame.grid(row=0, column=column, sticky="nsew", padx=4)
            box = tk.Listbox(frame, height=12, width=22, exportselection=False)
            box.pack(fill="both", expand=True)
            entry = ttk.Entry(frame, width=20)
            entry.pack(fill="x", pady=4)
            row = ttk.Frame(frame)
            row.pack(fill="x")
            ttk.Button(row, text="新增", bootstyle="primary-outline",
                       command=lambda g=group, e=entry: self.add(g, e)).pack(side="left")
            ttk.Button(row, text="停用所选", bootstyle="danger-outline",
                       command=lambda g=group: self.retire(g)).pack(side="left", padx=4)
            self.boxes[group] = box
        ttk.Label(body, text="停用的类别不再出现在表单中，已登记的人员仍保留该类别。",
                  bootstyle="secondary").grid(row=1, column=0, columnspan=2, sticky="w", pady=6)
        ttk.Button(body, text="关闭", command=self.destroy).grid(row=2, column=1, sticky="e")
        self.bind("<Escape>", lambda e: self.destroy())
        self.reload()

    def reload(self) -> None:
        for group, box in self.boxes.items():
            self.items[group] = categories_of(self.unit.id, group)
            box.delete(0, "end")
            for category in self.items[group]:
                box.insert("end", category.name)

    def add(self, group: str, entry: ttk.Entry) -> None:
        try:
            roster.save_category(self.unit, group, entry.get())
        except ValidationError as exc:
            messages.show_error(self, exc.message)
            return
        entry.delete(0, "end")
        self.reload()
        self.context.data_changed()

    def retire(self, group: str) -> None:
        selection = self.boxes[group].curselection()
        if not selection:
            return
        category = self.items[group][selection[0]]
        if messages.ask_yes_no(self, f"停用类别“{category.name}”吗？"):
            roster.retire_category(category)
            self.reload()
            self.context.data_changed()
