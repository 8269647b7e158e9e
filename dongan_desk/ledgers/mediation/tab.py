"""矛盾纠纷调解 (seed 五(二), the 四调): the cases as a paged, searchable list with the selected
case beside it, the deadlines at a glance, and the statistics with their Excel export."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from ... import units
from .cases import DisputeDraft
from .queries import ACTIVE, DisputeFilter, search_disputes
from ..roster.queries import PAGE_SIZE
from .models import Dispute
from .models import STATUSES
from ...ui import permissions
from ...ui.context import AppContext
from .tab_case import CaseView
from .case_forms import CaseDialog
from .tab_pages import DeadlinesPage, DisputeCategoriesDialog, StatsPage
from ...ui.widgets import CodeBox, PagedTable, UnitChooser

STATUS_FILTERS = [(None, "全部"), (ACTIVE, "未办结（调解中、已移交）"), *STATUSES]


def new_case_from_draft(parent: tk.Misc, context: AppContext, draft: DisputeDraft) -> Dispute | None:
    """Open the 受理新纠纷 form filled from a draft (e.g. a 走访 that found a dispute, issue 3);
    returns the saved case, or None if the clerk cancelled."""
    dialog = CaseDialog(parent, units.home_unit(), draft=draft)
    parent.wait_window(dialog)
    if dialog.result is None:
        return None
    context.status.say(f"已受理{dialog.result.record.number}")
    context.data_changed()
    return dialog.result.record


class MediationTab(ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=6)
        self.context = context
        self.township = units.is_township()
        self.pages = ttk.Notebook(self)
        self.pages.pack(fill="both", expand=True)
        self.cases_page = ttk.Frame(self.pages)
        self.deadlines = DeadlinesPage(self.pages, self.open_case)
        self.stats = StatsPage(self.pages, context)
        for page, text in ((self.cases_page, "案件"), (self.deadlines, "期限提醒"), (self.stats, "统计")):
            self.pages.add(page, text=text)
        panes = ttk.Panedwindow(self.cases_page, orient="horizontal")
        panes.pack(fill="both", expand=True, pady=(6, 0))
        panes.add(self._build_list(panes), weight=1)
        self.case_view = CaseView(panes, context, self._changed)
        panes.add(self.case_view, weight=1)
        context.on_data_changed(self, self.refresh)
        self.refresh()
        permissions.apply_role(self)

    def _build_list(self, master: tk.Misc) -> ttk.Frame:
        side = ttk.Frame(master)
        bar = ttk.Frame(side)
        bar.pack(fill="x")
        # On the township: all villages' cases, or one village's (read-only either way).
        self.chooser = UnitChooser(side, [None, *units.villages()] if self.township else
                                   [units.home_unit()], lambda: self.reload_list())
        self.chooser.pack(anchor="w", before=bar, pady=(0, 4))
        ttk.Label(bar, text="查找 (Ctrl+F)：").pack(side="left")
        self.search_entry = ttk.Entry(bar, width=18)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.reload_list())
        ttk.Button(bar, text="查找", command=self.reload_list, bootstyle="primary").pack(side="left", padx=4)
        self.status_box = CodeBox(bar, STATUS_FILTERS, None, width=20)
        self.status_box.current(0)
        self.status_box.pack(side="left", padx=4)
        self.status_box.bind("<<ComboboxSelected>>", lambda e: self.reload_list())
        ttk.Label(side, text="当事人姓名、电话、编号（如 第12号）、纠纷类型或情况", bootstyle="secondary").pack(anchor="w")
        actions = ttk.Frame(side)
        actions.pack(fill="x", pady=6)
        self.new_button = permissions.write_action(ttk.Button(
            actions, text="受理新纠纷 (Ctrl+N)", command=self.new_case, bootstyle="primary"))
        self.new_button.pack(side="left")
        permissions.write_action(ttk.Button(actions, text="纠纷类型…", command=self.edit_categories,
                                            bootstyle="secondary-outline")).pack(side="left", padx=4)
        if permissions.read_only_note():
            ttk.Label(side, text=permissions.read_only_note(), bootstyle="warning",
                      wraplength=520).pack(anchor="w", before=actions)
        # 纠纷类型 is left to the case view: the full number and the progress need the room
        columns = [("number", "编号", 210), ("accepted", Dispute.label("accepted_on"), 90),
                   ("parties", "当事人", 110), ("progress", "进度（调解层级）", 170)]
        if self.township:
            columns.insert(1, ("unit", Dispute.label("unit"), 90))
        self.list = PagedTable(side, columns, self._fetch, self._values, lambda r: r.id,
                               page_size=PAGE_SIZE, unit_word="件")
        self.list.pack(fill="both", expand=True)
        self.list.tree.bind("<<TreeviewSelect>>", lambda e: self.show_selected())
        return side

    def _fetch(self, offset: int, limit: int):
        unit = self.chooser.unit
        flt = DisputeFilter(text=self.search_entry.get(), status=self.status_box.code,
                            unit_ids=None if unit is None else [unit.id])
        return search_disputes(flt, offset, limit)

    def _values(self, row) -> tuple:
        values = (row.number, f"{row.accepted_on:%Y-%m-%d}", row.parties, f"{row.status}（{row.tier}）")
        return (values[0], row.unit_name, *values[1:]) if self.township else values

    # -- refreshing -----------------------------------------------------------------------
    def reload_list(self, keep_page: bool = False) -> None:
        self.list.reload(keep_page=keep_page)
        self.show_selected()

    def show_selected(self) -> None:
        row = self.list.selected()
        self.case_view.show(row.id if row else None)

    def refresh(self) -> None:
        selected = self.list.selected()
        self.list.reload(keep_page=True)
        if selected is not None:
            self.list.select(selected.id)
        self.show_selected()
        self.deadlines.refresh()
        self.stats.refresh()

    def _changed(self, message: str) -> None:
        self.context.status.say(message)
        self.context.data_changed()

    # -- actions --------------------------------------------------------------------------
    def open_record(self, kind: str, record_id: int) -> bool:
        if kind != "dispute":
            return False
        self.open_case(record_id)
        return True

    def open_case(self, dispute_id: int) -> None:
        """Show a case (from the deadlines list): clear the filters if it is not on this page."""
        self.pages.select(self.cases_page)
        if self.township:
            self.chooser.choose(None)  # all villages: the case is on the list whatever its unit
        if not self.list.select(dispute_id):
            self.search_entry.delete(0, "end")
            self.status_box.current(0)
            self.list.reload()
            self.list.select(dispute_id)
        self.case_view.show(dispute_id)

    def new_case(self, draft: DisputeDraft | None = None) -> None:
        dialog = CaseDialog(self, units.home_unit(), draft=draft)
        self.wait_window(dialog)
        if dialog.result is not None:
            dispute = dialog.result.record
            self.search_entry.delete(0, "end")
            self.status_box.current(0)
            self._changed("；".join([f"已受理{dispute.number}", *dialog.result.warnings]))
            self.list.reload()
            self.list.select(dispute.id)
            self.case_view.show(dispute.id)

    def edit_categories(self) -> None:
        DisputeCategoriesDialog(self, self.context)

    def on_find(self) -> None:
        self.pages.select(self.cases_page)
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def on_new(self) -> None:
        if not permissions.refused(self):
            self.new_case()
