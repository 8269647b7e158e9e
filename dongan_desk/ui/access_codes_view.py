"""The villages' 接入码 on the township PC: a window that shows them whole (after setup, a new
village or a reissue) and the printed 接入码通知单, one slip per village."""
from __future__ import annotations

import datetime as dt
import tkinter as tk
from pathlib import Path
from typing import Sequence

import ttkbootstrap as ttk

from .. import units
from ..exchange.access import access_code_of
from ..store.models import AccessCode, Unit
from .files import PDF_TYPES, print_document, save_document_as
from .widgets import fit_columns

SLIPS_NAME = "接入码通知单"


def slips_file_name(villages: Sequence[Unit]) -> str:
    who = villages[0].name if len(villages) == 1 else "全部村（社区）"
    return f"{SLIPS_NAME}_{who}_{dt.date.today():%Y%m%d}.pdf"


def make_slips(villages: Sequence[Unit]):
    """``make(target)`` for the files helpers: the slips of these villages (those with a code)."""
    from ..documents.access_slips import AccessSlip, write_access_slips  # reportlab: when printing

    slips = [AccessSlip(v.name, v.code, access_code_of(v)) for v in villages if access_code_of(v)]
    town = units.home_unit().name
    return lambda target: write_access_slips(target, town_name=town, slips=slips,
                                             issued_on=dt.date.today())


def print_slips(parent: tk.Misc, villages: Sequence[Unit], data_dir: Path | None) -> Path | None:
    """Open the slips in the PDF viewer to print (made in the data folder's exports/); without a
    data folder, ask where to save them."""
    if data_dir is None:
        return save_slips(parent, villages)
    folder = data_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return print_document(parent, make_slips(villages), folder, slips_file_name(villages))


def save_slips(parent: tk.Misc, villages: Sequence[Unit]) -> Path | None:
    return save_document_as(parent, make_slips(villages), "保存接入码通知单", slips_file_name(villages),
                            PDF_TYPES)


class AccessCodesDialog(ttk.Toplevel):
    """The 接入码 of some villages, shown whole once, to print or save for the village clerks."""

    def __init__(self, master: tk.Misc, villages: Sequence[Unit], heading: str,
                 data_dir: Path | None = None):
        super().__init__(title="村（社区）接入码", master=master, resizable=(True, True))
        self.transient(master.winfo_toplevel())
        self.villages, self.data_dir = list(villages), data_dir
        self.saved: Path | None = None
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=heading, font=("", 11, "bold"), wraplength=640,
                  justify="left").pack(anchor="w")
        ttk.Label(body, text="把每个村（社区）的接入码交给村里：村里在本村电脑“设置 → 本单位信息”的“接入码”一栏填写后，"
                             "导出的报送包才能加封，本机才会接收。请打印接入码通知单（每村一张，剪开分发），"
                             "不要用微信、短信转发。以后可在“镇级汇总”页的村名单中查看、重新打印或重新下发。",
                  bootstyle="secondary", wraplength=640, justify="left").pack(anchor="w", pady=(4, 8))
        columns = (("name", Unit.label("name"), 170), ("short", Unit.label("short_name"), 70),
                   ("code", Unit.label("code"), 120), ("access", AccessCode.label("code"), 190))
        self.tree = ttk.Treeview(body, columns=[c[0] for c in columns], show="headings",
                                 height=min(max(len(self.villages), 3), 12))
        for key, text, width in columns:
            self.tree.heading(key, text=text, anchor="w")
            self.tree.column(key, width=width, anchor="w")
        for village in self.villages:
            self.tree.insert("", "end", iid=str(village.id), values=(
                village.name, village.short_name, village.code, access_code_of(village) or "（未下发）"))
        fit_columns(self.tree)
        self.tree.pack(fill="both", expand=True)
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(10, 0))
        ttk.Button(buttons, text="关闭", bootstyle="secondary", command=self.destroy).pack(side="right")
        ttk.Button(buttons, text="另存为 PDF…", bootstyle="primary-outline",
                   command=self.save).pack(side="right", padx=6)
        ttk.Button(buttons, text="打印接入码通知单", bootstyle="primary",
                   command=self.print).pack(side="right")
        self.bind("<Escape>", lambda e: self.destroy())

    def print(self) -> Path | None:
        self.saved = print_slips(self, self.villages, self.data_dir) or self.saved
        return self.saved

    def save(self) -> Path | None:
        self.saved = save_slips(self, self.villages) or self.saved
        return self.saved
