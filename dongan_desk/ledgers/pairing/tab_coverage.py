"""Coverage at a glance for 党员结对帮扶: three lists (unpaired households, unpaired members,
overdue visits), each item opening the record it names through the tab's callbacks."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from ...ui import permissions
from ...ui.lists import ListView
from .coverage import idle_members, overdue_pairings, uncovered_households

LISTS = (
    # key, tab text, column headings, button text
    ("households", "未结对户", (("who", "户主", 70), ("what", "类别 / 住址", 220)), "为此户结对"),
    ("members", "未结对党员", (("who", "党员", 70), ("what", "住址", 220)), "为此党员结对"),
    ("overdue", "走访超期", (("who", "结对", 120), ("what", "情况", 220)), "查看此结对"),
)


class CoveragePanel(ttk.Frame):
    """``open_item(kind, record_id)`` is called on double-click or the button of each list."""

    def __init__(self, master: tk.Misc, open_item: Callable[[str, int], None],
                 can_pair: bool = True):
        super().__init__(master, padding=(6, 0, 0, 0))
        self.open_item = open_item
        ttk.Label(self, text="覆盖情况（按工作方案）", font=("", 10, "bold")).pack(anchor="w")
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(4, 0))
        self.trees: dict[str, ttk.Treeview] = {}
        self.pages: dict[str, ttk.Frame] = {}
        for key, _title, columns, button in LISTS:
            page = ttk.Frame(self.notebook, padding=4)
            # who the item is stays in view when the list scrolls sideways (ui/lists.py)
            view = ListView(page, columns, frozen=1, height=8, stretch="what", request_width=220,
                            sortable=True)
            tree = view.tree
            tree.bind("<Double-1>", lambda e, k=key: self.open_selected(k))
            tree.bind("<Return>", lambda e, k=key: self.open_selected(k))
            action = ttk.Button(page, text=button, bootstyle="primary-outline",
                                command=lambda k=key: self.open_selected(k))
            if key != "overdue":  # a new pairing: not on the township, nor for a 查看员
                permissions.write_action(action).configure(state=permissions.write_state(can_pair))
            action.pack(side="bottom", anchor="w", pady=(4, 0))
            view.pack(fill="both", expand=True)
            self.notebook.add(page, text="")
            self.trees[key], self.pages[key] = tree, page

    def refresh(self, unit_ids: list[int] | None) -> dict[str, int]:
        """Reload the three lists for these units; returns how many items each has."""
        items = {
            "households": [(h.household_id, h.head, f"{h.groups}　{h.address}")
                           for h in uncovered_households(unit_ids)],
            "members": [(m.resident_id, m.name, m.address) for m in idle_members(unit_ids)],
            "overdue": [(p.pairing_id, f"{p.member}→{p.target}",
                         f"{'上次走访' if p.visited else '结对于'}{p.since:%Y-%m-%d}，"
                         f"已{p.days}天（应≤{p.interval}天）")
                        for p in overdue_pairings(unit_ids)],
        }
        for key, title, _columns, _button in LISTS:
            tree = self.trees[key]
            tree.delete(*tree.get_children())
            for record_id, who, what in items[key]:
                tree.insert("", "end", iid=str(record_id), values=(who, what))
            self.notebook.tab(self.pages[key], text=f"{title}（{len(items[key])}）")
        return {key: len(rows) for key, rows in items.items()}

    def names(self, key: str) -> list[str]:
        tree = self.trees[key]
        return [tree.item(iid, "values")[0] for iid in tree.get_children()]

    def open_selected(self, key: str) -> None:
        selection = self.trees[key].selection()
        if selection:
            self.open_item(key, int(selection[0]))
