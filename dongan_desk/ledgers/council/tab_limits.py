"""The 本村限额 page of the 红白理事会 tab: the numbers the village's 村规民约 sets for red and
white events, and how early a 支客士's certificate counts as 即将到期."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from . import ceremony, emcees
from ...errors import ValidationError
from .models import CeremonyFiling
from ...ui import permissions

# Weddings and funerals are limited, never banned (ceremony.save_limits refuses it).
BANNABLE = [(code, label) for code, label in CeremonyFiling._meta.fields["kind"].choices
            if code not in ("wedding", "funeral")]


class LimitsArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=12)
        self.tab = tab
        ttk.Label(self, text="本村红白事办理标准（按村规民约和红白理事会章程填写）",
                  font=("", 11, "bold")).grid(row=0, column=0, columnspan=4, sticky="w", pady=(0, 8))
        self.entries: dict[str, ttk.Entry] = {}
        row = 1
        for spec in ceremony.LIMIT_FIELDS:
            ttk.Label(self, text=spec.label + "：").grid(row=row, column=0, sticky="e", pady=3)
            entry = ttk.Entry(self, width=8)
            entry.grid(row=row, column=1, sticky="w")
            ttk.Label(self, text=spec.unit_word).grid(row=row, column=2, sticky="w", padx=(4, 12))
            ttk.Label(self, text=spec.hint, bootstyle="secondary").grid(row=row, column=3, sticky="w")
            self.entries[spec.name] = entry
            row += 1
        ttk.Label(self, text="不操办的宴席：").grid(row=row, column=0, sticky="ne", pady=3)
        box = ttk.Frame(self)
        box.grid(row=row, column=1, columnspan=3, sticky="w")
        self.banned = {code: tk.BooleanVar(value=False) for code, _ in BANNABLE}
        self.checks = [ttk.Checkbutton(box, text=label, variable=self.banned[code]) for code, label in BANNABLE]
        for check in self.checks:
            check.pack(side="left", padx=(0, 8))
        row += 1
        ttk.Label(self, text="上岗证到期前提醒：").grid(row=row, column=0, sticky="e", pady=(12, 3))
        self.warn_entry = ttk.Entry(self, width=8)
        self.warn_entry.grid(row=row, column=1, sticky="w", pady=(12, 3))
        ttk.Label(self, text="天").grid(row=row, column=2, sticky="w", padx=(4, 12), pady=(12, 3))
        ttk.Label(self, text="到期前这么多天起，支客士名单上显示“即将到期”",
                  bootstyle="secondary").grid(row=row, column=3, sticky="w", pady=(12, 3))
        row += 1
        self.error_label = ttk.Label(self, text="", bootstyle="danger", wraplength=640, justify="left")
        self.error_label.grid(row=row, column=0, columnspan=4, sticky="w", pady=(8, 0))
        row += 1
        self.save_button = permissions.write_action(
            ttk.Button(self, text="保存本村限额", command=self.save, bootstyle="primary"))
        self.save_button.grid(row=row, column=1, columnspan=2, sticky="w", pady=(6, 0))
        # What the 提醒单 prints stands beside the form, not under it: on a 1366×768 screen the
        # page has no room below for its dozen lines.
        printed = ttk.Labelframe(self, text="提醒单上印出的标准", padding=8)
        printed.grid(row=1, column=4, rowspan=row, sticky="nw", padx=(24, 0))
        self.preview = ttk.Label(printed, text="", justify="left", wraplength=420)
        self.preview.pack(anchor="w")
        self.columnconfigure(4, weight=1)

    def refresh(self) -> None:
        limits = ceremony.get_limits(self.tab.unit)
        state = "normal" if self.tab.writable else "disabled"
        for name, entry in self.entries.items():
            entry.configure(state="normal")
            entry.delete(0, "end")
            entry.insert(0, str(getattr(limits, name)))
            entry.configure(state=state)
        for code, var in self.banned.items():
            var.set(code in limits.banned_kinds)
        for check in self.checks:
            check.configure(state=state)
        self.warn_entry.configure(state="normal")
        self.warn_entry.delete(0, "end")
        self.warn_entry.insert(0, str(emcees.warn_days(self.tab.unit)))
        self.warn_entry.configure(state=state)
        self.save_button.configure(state=state)
        self.error_label.configure(text="")
        self.preview.configure(text="\n".join(f"{n}．{line}。" for n, line in
                                              enumerate(ceremony.limit_lines(limits), start=1)))

    def save(self) -> None:
        if not self.tab.require_writable():
            return
        data = {name: entry.get() for name, entry in self.entries.items()}
        data["banned_kinds"] = [code for code, var in self.banned.items() if var.get()]
        data["certificate_warn_days"] = self.warn_entry.get()
        try:
            ceremony.save_limits(self.tab.unit, data)
        except ValidationError as exc:
            self.error_label.configure(text=exc.message)
            return
        self.tab.changed("已保存本村红白事限额：以后的报备按新限额检查，已登记的报备保留登记时的标记。")
