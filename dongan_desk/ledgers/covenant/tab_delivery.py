"""The 发放到户 page: progress "已发放 N / 在册户 M" per courtyard grid of the 现行 version, the
households still missing (or the deliveries recorded), paged from SQL; a delivery recorded for
the selected household, and the 签收表 of the selected grid to print and sign."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from pathlib import Path

import ttkbootstrap as ttk

from ...store.models import Household
from ...ui import files, messages
from ...ui.lists import ListView
from ...ui.widgets import PagedTable, filter_box
from .delivery import delete_delivery, deliveries, missing_households, progress_by_grid
from .forms import DeliveryDialog
from .models import CovenantDelivery
from .rules import delivery_days
from .versions import current_version

GRID_COLUMNS = (("grid", "院落式网格", 100), ("households", "在册户", 55), ("delivered", "已发放", 55),
                ("missing", "未发放", 55))
MISSING_COLUMNS = (("no", Household.label("household_no"), 80), ("head", "户主", 70),
                   ("address", Household.label("address"), 200), ("grid", "院落式网格", 90))
DELIVERED_COLUMNS = (("no", Household.label("household_no"), 80),
                     ("receiver", CovenantDelivery.label("receiver_name"), 70),
                     ("form", CovenantDelivery.label("form"), 60),
                     ("date", CovenantDelivery.label("delivered_on"), 90),
                     ("deliverer", CovenantDelivery.label("deliverer"), 70),
                     ("address", Household.label("address"), 200))
SHOWS = ("未发放的户", "已发放记录")
PAGE = 100


class DeliveryArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        left = ttk.Frame(self)
        left.pack(side="left", fill="y")
        self.total_label = ttk.Label(left, text="", font=("", 10, "bold"))
        self.total_label.pack(anchor="w")
        sign = ttk.Button(left, text="打印所选网格的签收表", command=self.print_sign_sheet,
                          bootstyle="info-outline")
        sign.pack(side="bottom", anchor="w", pady=(4, 0))
        ttk.Button(left, text="看全部网格", command=self.all_grids,
                   bootstyle="secondary-outline").pack(side="bottom", anchor="w", pady=(4, 0))
        view = ListView(left, GRID_COLUMNS, frozen=1, height=12)
        view.pack(fill="both", expand=True, pady=(2, 0))
        self.grids = view.tree
        self.grids.tag_configure("short", foreground="#c0392b")
        self.grids.bind("<<TreeviewSelect>>", lambda e: self.reload())
        right = ttk.Frame(self)
        right.pack(side="left", fill="both", expand=True, padx=(10, 0))
        bar = ttk.Frame(right)
        bar.pack(fill="x")
        ttk.Label(bar, text="显示：").pack(side="left")
        self.show_box = filter_box(bar, SHOWS, self.switch, width=12)
        self.show_box.pack(side="left")
        ttk.Label(bar, text="查找：").pack(side="left", padx=(10, 0))
        self.search_entry = ttk.Entry(bar, width=14)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.reload())
        for text, command, style in (("登记发放", self.add_delivery, "primary"),
                                     ("删除发放记录", self.remove_delivery, "danger-outline")):
            button = ttk.Button(bar, text=text, command=command, bootstyle=style)
            button.pack(side="left", padx=(8, 0))
            tab.write_buttons.append(button)
        self.note = ttk.Label(right, text="", bootstyle="secondary", wraplength=760, justify="left")
        self.note.pack(anchor="w", pady=(4, 2))
        self.lists = ttk.Frame(right)
        self.lists.pack(fill="both", expand=True)
        self.missing = PagedTable(self.lists, MISSING_COLUMNS, self._fetch_missing, self._missing_values,
                                  lambda r: r.id, page_size=PAGE, unit_word="户", height=12)
        self.delivered = PagedTable(self.lists, DELIVERED_COLUMNS, self._fetch_delivered,
                                    self._delivered_values, lambda r: r.id, page_size=PAGE,
                                    unit_word="户", height=12)
        self.missing.tree.bind("<Double-1>", lambda e: self.add_delivery())
        self.missing.pack(fill="both", expand=True)
        self.covenant = None

    # -- showing --------------------------------------------------------------------------
    def showing_missing(self) -> bool:
        return self.show_box.current() <= 0

    def switch(self) -> None:
        shown, hidden = (self.missing, self.delivered) if self.showing_missing() else (self.delivered, self.missing)
        hidden.pack_forget()
        shown.pack(fill="both", expand=True)
        self.reload()

    def all_grids(self) -> None:
        self.grids.selection_remove(*self.grids.selection())
        self.reload()

    def grid_id(self) -> int | None:
        chosen = self.grids.selection()
        return int(chosen[0]) if chosen else None

    def refresh(self) -> None:
        unit = self.tab.unit
        self.covenant = current_version(unit)
        chosen = self.grids.selection()
        self.grids.delete(*self.grids.get_children())
        progress = progress_by_grid(unit, self.covenant) if self.covenant else []
        for p in progress:
            self.grids.insert("", "end", iid=str(p.grid_id), values=(p.grid_name, p.households, p.delivered, p.missing),
                              tags=("short",) if p.missing else ())
        self.grids.fit()
        if chosen and self.grids.exists(chosen[0]):
            self.grids.selection_set(chosen[0])
        if self.covenant is None:
            self.total_label.configure(text="没有现行村规民约")
            self.note.configure(text="审定通过后才能发放：请先在“条文与制定程序”中完成审定。")
        else:
            households = sum(p.households for p in progress)
            delivered = sum(p.delivered for p in progress)
            self.total_label.configure(text=f"第{self.covenant.version}版：已发放 {delivered} / 在册户 {households}")
            days = f"只计在册户。审定后{delivery_days(unit)}天内应发放到每一户"
            self.note.configure(text=(
                f"{days}（设置 → 村规民约发放期限）；双击未发放的户登记发放，领取人须是本户成员。"
                "左边选中网格只看该网格。" if self.tab.writable else f"{days}。左边选中网格只看该网格。"))
        self.reload()

    def reload(self) -> None:
        (self.missing if self.showing_missing() else self.delivered).reload()

    def _fetch_missing(self, offset: int, limit: int):
        if self.covenant is None:
            return _Empty()
        return missing_households(self.covenant, self.grid_id(), offset, limit, self.search_entry.get())

    def _fetch_delivered(self, offset: int, limit: int):
        if self.covenant is None:
            return _Empty()
        return deliveries(self.covenant, self.grid_id(), self.search_entry.get(), offset, limit)

    @staticmethod
    def _missing_values(row) -> tuple:
        return (row.household_no, row.head, row.address, row.grid_name)

    @staticmethod
    def _delivered_values(row) -> tuple:
        return (row.household.household_no, row.receiver_name, row.choice_label("form", row.form),
                f"{row.delivered_on:%Y-%m-%d}", row.deliverer, row.household.address)

    # -- acting ---------------------------------------------------------------------------
    def on_new(self) -> None:
        self.add_delivery()

    def on_find(self) -> None:
        self.search_entry.focus_set()

    def add_delivery(self) -> None:
        if not self.tab.require_writable():
            return
        if self.covenant is None:
            messages.show_info(self, "还没有现行村规民约，不能登记发放。")
            return
        if not self.showing_missing():
            self.show_box.current(0)
            self.switch()
        row = self.missing.selected()
        if row is None:
            messages.show_info(self, "请先在“未发放的户”里选中一户。")
            return
        result = self.tab.open_dialog(DeliveryDialog(self, self.covenant, Household.get_by_id(row.id)))
        if result:
            self.tab.changed(f"已登记发放：{result.record.receiver_name}（{row.address}）")

    def remove_delivery(self) -> None:
        if not self.tab.require_writable():
            return
        row = None if self.showing_missing() else self.delivered.selected()
        if row is None:
            messages.show_info(self, "请先切换到“已发放记录”，选中要删除的一条。")
            return
        if messages.ask_yes_no(self, f"确定删除{row.household.address}（{row.receiver_name}）的发放记录吗？"):
            if self.tab.guarded(lambda: delete_delivery(CovenantDelivery.get_by_id(row.id))):
                self.tab.changed("已删除发放记录")

    def print_sign_sheet(self) -> Path | None:
        from .documents import write_sign_sheet
        grid_id = self.grid_id()
        if self.covenant is None or grid_id is None:
            messages.show_info(self, "请先在左边选中一个院落式网格（要有现行村规民约）。")
            return None
        name = self.grids.item(str(grid_id), "values")[0]
        covenant = self.covenant
        made = files.print_document(self, lambda target: write_sign_sheet(target, covenant, grid_id, name),
                                    self.tab.exports_folder(),
                                    f"村规民约发放签收表_{name}_{date.today():%Y%m%d}.pdf")
        if made:
            self.tab.context.status.say(f"已生成签收表：{made}")
        return made


class _Page:
    def __init__(self, rows: list, total: int):
        self.rows, self.total = rows, total


def _Empty() -> _Page:  # noqa: N802 - reads as the page it is
    return _Page([], 0)
