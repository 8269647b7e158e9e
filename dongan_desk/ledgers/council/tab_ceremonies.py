"""The 红白事报备 page of the 红白理事会 tab: the next 7 days' events on top, the filings page by
page with month, kind and 超限 filters, the counts by month and kind, the 提醒单 and the 登记表."""
from __future__ import annotations

import tkinter as tk
from datetime import date, timedelta
from pathlib import Path

import ttkbootstrap as ttk

from .documents import write_reminder
from . import ceremony, print_data as council_print
from .queries import (PAGE_SIZE, UPCOMING_DAYS, FilingFilter, filing_months, filing_years,
                      filings_by_month, month_bounds, search_filings, upcoming_filings)
from .sheets import SHEET_TITLE, write_ceremony_workbook
from .models import CeremonyFiling
from ...ui import files, messages, permissions
from .ceremony_forms import BREACH_MARK, FilingDialog, SupervisionDialog
from ...ui.lists import ListView
from ...ui.widgets import PagedTable, filter_box

L = CeremonyFiling.label
KINDS = CeremonyFiling._meta.fields["kind"].choices
FILING_COLUMNS = (
    ("dates", "办理日期", 160), ("kind", L("kind"), 45), ("host", L("host_name"), 70),
    ("subject", L("subject"), 130), ("place", L("place"), 110), ("tables", "桌数", 40),
    ("guests", "人数", 45), ("emcee", L("emcee"), 60), ("filed", L("filed_on"), 95),
    ("breaches", L("breaches"), 230), ("outcome", L("outcome"), 100),
)
ALL = "全部"


def filing_values(row) -> tuple:
    mark = BREACH_MARK + row.breaches if row.breaches else ""
    outcome = row.outcome_label + (f"：{row.problem}" if row.problem else "")
    return (row.dates, row.kind_label, row.host_name,
            row.subject, row.place, row.tables, row.guests, row.emcee_name,
            f"{row.filed_on:%Y-%m-%d}", mark, outcome)


class FilingsArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        self.upcoming_title = ttk.Label(self, text="", font=("", 10, "bold"))
        self.upcoming_title.pack(anchor="w")
        # 办理日期, 类别 and 主家姓名 name a filing: they stay in view when the list scrolls sideways
        upcoming = ListView(self, FILING_COLUMNS, frozen=3, height=4)
        upcoming.pack(fill="x", pady=(2, 6))
        self.upcoming = upcoming.tree
        self._columns(self.upcoming)
        self.upcoming.bind("<Double-1>", lambda e: self.edit_filing(self.upcoming))
        inner = ttk.Notebook(self)
        inner.pack(fill="both", expand=True)
        inner.add(self._build_register(inner), text="报备登记")
        inner.add(self._build_by_month(inner), text="按月、按类别统计")

    @staticmethod
    def _columns(tree: ttk.Treeview) -> None:
        for key, heading, width in FILING_COLUMNS:
            tree.heading(key, text=heading, anchor="w")
            tree.column(key, width=width, anchor="w", stretch=key in ("subject", "breaches"))
        tree.tag_configure("breach", foreground="#c0392b")

    def _build_register(self, master: tk.Misc) -> ttk.Frame:
        page = ttk.Frame(master, padding=4)
        bar = ttk.Frame(page)
        bar.pack(fill="x")
        ttk.Label(bar, text="月份：").pack(side="left")
        self.month_box = filter_box(bar, [ALL], lambda: self.reload(), width=9)
        self.month_box.pack(side="left")
        ttk.Label(bar, text="类别：").pack(side="left", padx=(8, 0))
        self.kind_box = filter_box(bar, [ALL, *[k[1] for k in KINDS]], lambda: self.reload(), width=6)
        self.kind_box.pack(side="left")
        ttk.Label(bar, text="查找 (Ctrl+F)：").pack(side="left", padx=(8, 0))
        self.search_entry = ttk.Entry(bar, width=14)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.reload())
        self.breaches_only = tk.BooleanVar(value=False)
        ttk.Checkbutton(bar, text="只看超限", variable=self.breaches_only,
                        command=self.reload).pack(side="left", padx=8)
        actions = ttk.Frame(page)
        actions.pack(fill="x", pady=4)
        self.buttons = []
        for text, command, style in (("新增报备 (Ctrl+N)", self.add_filing, "primary"),
                                     ("编辑", self.edit_filing, "secondary-outline"),
                                     ("现场监督", self.supervise, "secondary-outline"),
                                     ("删除", self.delete_filing, "danger-outline")):
            button = permissions.write_action(ttk.Button(actions, text=text, command=command,
                                                         bootstyle=style))
            button.pack(side="left", padx=(0, 4))
            self.buttons.append(button)
        ttk.Button(actions, text=f"导出{SHEET_TITLE}（Excel）", command=self.export_sheet,
                   bootstyle="info-outline").pack(side="right", padx=(4, 0))
        ttk.Button(actions, text="打印提醒单", command=self.print_reminder,
                   bootstyle="info-outline").pack(side="right", padx=(4, 0))
        self.table = PagedTable(page, FILING_COLUMNS, self._fetch, filing_values, lambda r: r.id,
                                page_size=PAGE_SIZE, unit_word="件", frozen=3, height=6)
        self._columns(self.table.tree)
        self.table.pack(fill="both", expand=True)
        self.table.tree.bind("<Double-1>", lambda e: self.edit_filing())
        return page

    def _build_by_month(self, master: tk.Misc) -> ttk.Frame:
        page = ttk.Frame(master, padding=4)
        bar = ttk.Frame(page)
        bar.pack(fill="x")
        ttk.Label(bar, text="年份：").pack(side="left")
        self.year_box = filter_box(bar, [str(date.today().year)], lambda: self.refresh_by_month(), width=6)
        self.year_box.pack(side="left")
        ttk.Label(bar, text="按开始日期统计；“超限”是超出本村限额的件数。",
                  bootstyle="secondary").pack(side="left", padx=8)
        columns = [(key, text, 60) for key, text in (("month", "月份"), *KINDS, ("total", "合计"),
                                                      ("breaches", "超限"))]
        by_month = ListView(page, columns, frozen=1, height=8, request_width=None, stretch="*",
                            anchors={key: "center" for key, _, _ in columns})
        by_month.pack(fill="both", expand=True, pady=(4, 0))
        self.by_month = by_month.tree
        return page

    # -- showing --------------------------------------------------------------------------
    def filter(self) -> FilingFilter:
        month = self.month_box.get()
        kind_index = self.kind_box.current()
        return FilingFilter([self.tab.unit.id], "" if month == ALL else month,
                            KINDS[kind_index - 1][0] if kind_index > 0 else "",
                            self.search_entry.get(), self.breaches_only.get())

    def _fetch(self, offset: int, limit: int):
        return search_filings(self.filter(), offset, limit)

    def reload(self, keep_page: bool = False) -> None:
        self.table.reload(keep_page=keep_page)
        for iid, row in self.table.rows_by_id.items():
            if row.breaches:
                self.table.tree.item(iid, tags=("breach",))

    def refresh(self) -> None:
        unit_ids, today = [self.tab.unit.id], date.today()
        self.upcoming.delete(*self.upcoming.get_children())
        self.upcoming_rows = {}
        rows = upcoming_filings(unit_ids, today)
        for row in rows:
            self.upcoming_rows[str(row.id)] = row
            self.upcoming.insert("", "end", iid=str(row.id), values=filing_values(row),
                                 tags=("breach",) if row.breaches else ())
        last = today + timedelta(days=UPCOMING_DAYS - 1)
        self.upcoming_title.configure(
            text=f"近{UPCOMING_DAYS}天的红白事（{today:%Y-%m-%d} 至 {last:%m-%d}，含正在办理的）：{len(rows)}件")
        months = [ALL, *filing_months(unit_ids)]
        current = self.month_box.get()
        self.month_box.configure(values=months)
        if current not in months:
            self.month_box.current(0)
        years = [str(y) for y in filing_years(unit_ids)] or [str(today.year)]
        year = self.year_box.get()
        self.year_box.configure(values=years)
        self.year_box.set(year if year in years else years[0])
        self.reload(keep_page=True)
        self.refresh_by_month()
        state = "normal" if self.tab.writable else "disabled"
        for button in self.buttons:
            button.configure(state=state)

    def refresh_by_month(self) -> None:
        self.by_month.delete(*self.by_month.get_children())
        rows = filings_by_month([self.tab.unit.id], int(self.year_box.get()))
        for row in rows:
            self.by_month.insert("", "end", values=(f"{row.month}月", *[row.by_kind.get(k, 0) for k, _ in KINDS],
                                                    row.total, row.breaches))
        self.by_month.insert("", "end", values=("合计", *[sum(r.by_kind.get(k, 0) for r in rows) for k, _ in KINDS],
                                                sum(r.total for r in rows), sum(r.breaches for r in rows)))

    # -- acting ---------------------------------------------------------------------------
    def _selected(self, tree: ttk.Treeview | None = None) -> CeremonyFiling | None:
        tree = tree or self.table.tree
        selection = tree.selection() or self.upcoming.selection()
        if not selection:
            messages.show_info(self, "请先在列表里选中一件红白事报备。")
            return None
        return CeremonyFiling.get_by_id(int(selection[0]))

    def on_new(self) -> None:
        self.add_filing()

    def on_find(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def add_filing(self) -> None:
        if self.tab.require_writable():
            result = self.tab.open_dialog(FilingDialog(self, self.tab.unit))
            if result:
                record = result.record
                marked = f"（{BREACH_MARK}超出限额：{record.breaches}）" if record.breaches else ""
                self.tab.changed(f"已登记{record.host_name}家的{record.choice_label('kind', record.kind)}{marked}",
                                 result.warnings)
                self.table.select(record.id)

    def edit_filing(self, tree: ttk.Treeview | None = None) -> None:
        filing = self._selected(tree)
        if filing and self.tab.require_own():
            result = self.tab.open_form(FilingDialog(self, self.tab.unit, filing))
            if result:
                self.tab.changed(f"已保存{filing.host_name}家的报备", result.warnings)

    def supervise(self) -> None:
        filing = self._selected()
        if filing and self.tab.require_writable() and self.tab.open_dialog(SupervisionDialog(self, filing)):
            self.tab.changed(f"已记录{filing.host_name}家的现场监督情况")

    def delete_filing(self) -> None:
        filing = self._selected()
        if filing and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除{filing.host_name}家{filing.start_on:%Y-%m-%d}的报备吗？删除后不能恢复。"):
            if self.tab.guarded(lambda: ceremony.delete_filing(filing)):
                self.tab.changed("已删除一件报备")

    def print_reminder(self) -> Path | None:
        filing = self._selected()
        if filing is None:
            return None
        data = council_print.reminder_data(filing)
        made = files.print_document(self, lambda target: write_reminder(target, data),
                                    self.tab.exports_folder(),
                                    f"红白事办理提醒单_{filing.host_name}_{filing.start_on:%Y%m%d}.pdf")
        if made:
            self.tab.context.status.say(f"已生成提醒单：{made}")
        return made

    def export_sheet(self) -> Path | None:
        """The 登记表 of the month chosen above, or else of the year shown in 按月统计."""
        unit, today = self.tab.unit, date.today()
        month = self.filter().month
        if month:
            first, last = month_bounds(month)
            period = f"{first.year}年{first.month}月"
        else:
            year = int(self.year_box.get())
            first, last, period = date(year, 1, 1), date(year, 12, 31), f"{year}年"
        rows = council_print.register_rows([unit.id], first, last)
        made = files.save_document_as(
            self, lambda target: write_ceremony_workbook(
                target, unit_name=unit.name, period=period, fill_date=today,
                headers=council_print.register_headers(False), rows=rows),
            f"导出{SHEET_TITLE}", f"{unit.name}{SHEET_TITLE}_{period}.xlsx", files.XLSX_TYPES)
        if made:
            self.tab.context.status.say(f"已导出{SHEET_TITLE}（{period}，{len(rows)}件）：{made}")
        return made
