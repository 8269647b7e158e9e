"""Entries in a grid with what each wants said beside it, for the views that fill the window
(first start, 建立管理员账号): a refused field's problem takes the place of its hint, in red."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk


class HintedFields:
    """Label, entry and hint per row of ``frame``'s grid; ``hints`` maps a field's name to its
    hint label and the hint's own text (put back once the problem is fixed)."""

    def __init__(self, frame: ttk.Frame, width: int = 40, wraplength: int = 560):
        self.frame, self.width, self.wraplength = frame, width, wraplength
        self.hints: dict[str, tuple[ttk.Label, str]] = {}
        self.entries: dict[str, ttk.Entry] = {}

    def entry(self, row: int, name: str, label: str, hint: str, show: str = "") -> ttk.Entry:
        ttk.Label(self.frame, text=label + "：").grid(row=row, column=0, sticky="e", pady=3)
        entry = ttk.Entry(self.frame, width=self.width, show=show)
        entry.grid(row=row, column=1, sticky="w", pady=3)
        self.hint(row, name, hint)
        self.entries[name] = entry
        return entry

    def hint(self, row: int, name: str, text: str, sticky: str = "w") -> ttk.Label:
        label = ttk.Label(self.frame, text=text, bootstyle="secondary", justify="left",
                          wraplength=self.wraplength)
        label.grid(row=row, column=2, sticky=sticky, padx=8)
        self.hints[name] = (label, text)
        return label

    def show_problems(self, problems: dict[str, str]) -> list[str]:
        """Each problem in red beside its field, in place of the hint; returns the problems
        that have no field here (for a line of their own)."""
        for name, (label, hint) in self.hints.items():
            label.configure(text=problems.get(name, hint),
                            bootstyle="danger" if name in problems else "secondary")
        return [text for name, text in problems.items() if name not in self.hints]

    def value(self, name: str) -> str:
        return self.entries[name].get()

    def focus_first_problem(self, problems: dict[str, str]) -> None:
        for name, entry in self.entries.items():
            if name in problems:
                entry.focus_set()
                entry.select_range(0, "end")
                return


def caps_lock_warning(entry: tk.Widget, label: ttk.Label) -> None:
    """Say under a password field when Caps Lock is on (a common reason for a wrong password)."""
    def check(event: tk.Event) -> None:
        on = bool(int(event.state) & 0x2)
        label.configure(text="注意：大写锁定（Caps Lock）已打开。" if on else "")

    entry.bind("<KeyPress>", check, add="+")
    entry.bind("<KeyRelease>", check, add="+")
