"""The 期限提醒 and 统计 pages of the 矛盾纠纷调解 tab, and the 纠纷类型 list editor."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from ... import units
from ...errors import ValidationError
from .categories import (add_category, categories, category_version, ensure_categories,
                         rename_category, retire_category)
from .deadlines import deadlines
from .stats import Period, by_category, by_tier, quarter_of
from .sheets import ReportScope, write_mediation_workbook
from .models import Dispute
from ...store.models import Unit
from .models import TIER_MEDIATORS
from ...ui import files, messages
from ...ui.widgets import CodeBox
from ...ui.lists import ListView

WHOLE_YEAR = 0


class DeadlinesPage(ttk.Frame):
    """Every deadline at a glance; a double click opens the case."""

    COLUMNS = (("kind", "提醒", 150), ("number", "编号", 220), ("parties", "当事人", 150),
               ("due", "期限", 90), ("left", "情况", 90), ("message", "说明", 520))

    def __init__(self, master: tk.Misc, open_case: Callable[[int], None]):
        super().__init__(master, padding=6)
        self.open_case = open_case
        self.summary = ttk.Label(self, text="")
        self.summary.pack(anchor="w", pady=(0, 4))
        # 提醒 and 编号 stay in view when the long 说明 is scrolled to (ui/lists.py)
        view = ListView(self, self.COLUMNS, frozen=2, height=10, sortable=True)
        view.pack(fill="both", expand=True)
        self.tree = view.tree
        self.tree.tag_configure("late", foreground="#c0392b")
        self.tree.bind("<Double-1>", lambda e: self.open_selected())
        self.ids: dict[str, int] = {}

    def refresh(self) -> None:
        found = deadlines()
        self.tree.delete(*self.tree.get_children())
        self.ids = {}
        for n, d in enumerate(found):
            iid = str(n)
            self.ids[iid] = d.dispute_id
            self.tree.insert("", "end", iid=iid, tags=("late",) if d.days_left < 0 else (), values=(
                d.kind_label, d.number, d.parties, f"{d.due_on:%Y-%m-%d}", d.when, d.detail))
        self.summary.configure(text=f"共 {len(found)} 条需要办理的期限（双击打开案件）" if found
                               else "没有临近或超过的期限。")

    def open_selected(self) -> None:
        selection = self.tree.selection()
        if selection:
            self.open_case(self.ids[selection[0]])


class StatsPage(ttk.Frame):
    """Figures by category and by tier for a year or a quarter; the same as an Excel workbook."""

    CATEGORY_COLUMNS = (("category", "纠纷类型", 110), ("accepted", "受理件数", 70),
                        ("settled", "调解成功件数", 90), ("rate", "成功率", 70),
                        ("written", "书面协议", 70), ("oral", "口头协议", 70),
                        ("amount", "协议涉及金额（元）", 120))
    TIER_COLUMNS = (("tier", "调解层级", 100), ("who", "调解主体", 300), ("started", "从此级开始", 80),
                    ("mediated", "经此级调解", 80), ("settled", "在此级调解成功", 100),
                    ("escalated", "上升至上一级", 90), ("failed", "调解不成终结", 90))

    def __init__(self, master: tk.Misc, context):
        super().__init__(master, padding=6)
        self.context = context
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        today = date.today()
        first = Dispute.select(Dispute.year).order_by(Dispute.year).scalar() or today.year
        years = [(y, f"{y}年") for y in range(today.year, min(first, today.year) - 1, -1)]
        self.year = CodeBox(bar, years, today.year, width=8)
        quarter = (today.month - 1) // 3 + 1
        self.part = CodeBox(bar, [(WHOLE_YEAR, "全年"), *[(q, f"第{q}季度") for q in range(1, 5)]],
                            quarter, width=8)
        self.scopes = self._scopes()
        self.scope_box = CodeBox(bar, [(n, s[1]) for n, s in enumerate(self.scopes)], 0, width=22)
        for label, widget in (("年度", self.year), ("时段", self.part), ("范围", self.scope_box)):
            ttk.Label(bar, text=label + "：").pack(side="left")
            widget.pack(side="left", padx=(0, 8))
            widget.bind("<<ComboboxSelected>>", lambda e: self.refresh())
        self.export_button = ttk.Button(bar, text="导出 Excel…", command=self.export, bootstyle="primary")
        self.export_button.pack(side="right")
        self.title = ttk.Label(self, text="", font=("", 11, "bold"))
        self.title.pack(anchor="w", pady=(8, 2))
        # The tiers (four rows) are placed first, at the bottom: on a short screen the longer
        # list of categories gives way and scrolls, the tiers stay whole.
        self.tiers = self._tree(self.TIER_COLUMNS, 4, side="bottom")
        ttk.Label(self, text="按“四调”层级（调解在哪一级化解）", font=("", 10, "bold")).pack(
            side="bottom", anchor="w", pady=(8, 2))
        self.categories = self._tree(self.CATEGORY_COLUMNS, 16, expand=True)

    def _tree(self, columns, height: int, side: str = "top", expand: bool = False) -> ttk.Treeview:
        anchors = {key: "e" for n, (key, _text, _width) in enumerate(columns)  # figures on the right
                   if n >= 2 or (n == 1 and key != "who")}
        view = ListView(self, columns, frozen=1, height=height, stretch="*", request_width=None,
                        anchors=anchors)
        view.tree.tag_configure("total", font=("", 9, "bold"))
        view.pack(side=side, fill="both" if expand else "x", expand=expand)
        return view.tree

    def _scopes(self) -> list[tuple[list[int] | None, str]]:
        home = units.home_unit()
        if home.kind != "town":
            return [([home.id], home.name)]
        villages = units.villages()
        return ([(None, f"{home.name}（全镇汇总）"), ([home.id], f"{home.name}（镇本级）")]
                + [([v.id], v.name) for v in villages])

    def period(self) -> tuple[Period, str]:
        year, part = self.year.code, self.part.code
        if part == WHOLE_YEAR:
            return Period(date(year, 1, 1), date(year, 12, 31)), f"{year}年"
        return quarter_of(date(year, part * 3, 1))

    def scope(self) -> ReportScope:
        period, name = self.period()
        unit_ids, label = self.scopes[self.scope_box.code]
        home = units.home_unit()
        unit_name = home.name if unit_ids is None else Unit.get_by_id(unit_ids[0]).name
        return ReportScope(unit_ids, unit_name, period, name, date.today(),
                           show_unit=unit_ids is None)

    def refresh(self) -> None:
        scope = self.scope()
        self.title.configure(text=f"{scope.unit_name} 人民调解工作统计（{scope.period_name}，"
                                  f"{scope.period.text}受理的纠纷）")
        stats = by_category(scope.unit_ids, scope.period)
        self.categories.delete(*self.categories.get_children())
        for s in stats:
            self.categories.insert("", "end", values=(
                s.category, s.accepted, s.settled, "—" if s.rate is None else f"{s.rate:.1%}",
                s.written, s.oral, f"{s.amount:.2f}"))
        accepted, settled = sum(s.accepted for s in stats), sum(s.settled for s in stats)
        self.categories.insert("", "end", tags=("total",), values=(
            "合计", accepted, settled, f"{settled / accepted:.1%}" if accepted else "—",
            sum(s.written for s in stats), sum(s.oral for s in stats),
            f"{sum(s.amount for s in stats):.2f}"))
        self.tiers.delete(*self.tiers.get_children())
        for t in by_tier(scope.unit_ids, scope.period):
            self.tiers.insert("", "end", values=(t.name, TIER_MEDIATORS[t.tier], t.started, t.mediated,
                                                 t.settled, t.escalated, t.failed))

    def export(self) -> Path | None:
        scope = self.scope()
        name = f"{scope.unit_name}矛盾纠纷调解台账及统计_{scope.period_name}.xlsx"
        target = files.save_document_as(self, lambda t: write_mediation_workbook(Path(t), scope),
                                        "导出调解台账和统计表", name, files.XLSX_TYPES)
        if target is not None:
            self.context.status.say(f"已导出：{target}")
        return target


class DisputeCategoriesDialog(ttk.Toplevel):
    """The unit's 纠纷类型 list: add, rename, retire; old cases keep their category."""

    def __init__(self, master: tk.Misc, context):
        super().__init__(title="纠纷类型", master=master)
        self.transient(master.winfo_toplevel())
        self.context, self.unit = context, units.home_unit()
        ensure_categories(self.unit)
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        self.version = ttk.Label(body, text="")
        self.version.pack(anchor="w")
        self.box = tk.Listbox(body, height=16, width=26, exportselection=False)
        self.box.pack(fill="both", expand=True, pady=4)
        self.entry = ttk.Entry(body, width=24)
        self.entry.pack(fill="x")
        row = ttk.Frame(body)
        row.pack(fill="x", pady=4)
        for text, command, style in (("新增", self.add, "primary-outline"),
                                     ("把所选改名为上面的名称", self.rename, "secondary-outline"),
                                     ("停用所选", self.retire, "danger-outline")):
            ttk.Button(row, text=text, command=command, bootstyle=style).pack(side="left", padx=(0, 4))
        ttk.Label(body, text="每次修改都记为新的一版；已登记的纠纷保留登记时的类型。",
                  bootstyle="secondary").pack(anchor="w")
        ttk.Button(body, text="关闭", command=self.destroy).pack(anchor="e", pady=(6, 0))
        self.bind("<Escape>", lambda e: self.destroy())
        self.reload()

    def reload(self) -> None:
        self.items = categories(self.unit)
        self.box.delete(0, "end")
        for category in self.items:
            self.box.insert("end", category.name)
        self.version.configure(text=f"{self.unit.name}的纠纷类型（第{category_version(self.unit)}版）")

    def _selected(self):
        selection = self.box.curselection()
        return self.items[selection[0]] if selection else None

    def _do(self, action) -> None:
        try:
            action()
        except ValidationError as exc:
            messages.show_error(self, exc.message)
            return
        self.entry.delete(0, "end")
        self.reload()
        self.context.data_changed()

    def add(self) -> None:
        self._do(lambda: add_category(self.unit, self.entry.get()))

    def rename(self) -> None:
        category = self._selected()
        if category is not None:
            self._do(lambda: rename_category(category, self.entry.get()))

    def retire(self) -> None:
        category = self._selected()
        if category is not None and messages.ask_yes_no(self, f"停用纠纷类型“{category.name}”吗？"):
            self._do(lambda: retire_category(category))
