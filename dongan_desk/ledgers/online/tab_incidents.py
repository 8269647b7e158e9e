"""The 舆情登记 page: the log page by page with its filters, logging and handling an incident,
opening a 矛盾纠纷 case from one, and the month's printed register."""
from __future__ import annotations

import tkinter as tk
from datetime import date, datetime
from pathlib import Path

import ttkbootstrap as ttk

from ...errors import ValidationError
from ...ui import files, messages
from ...ui.widgets import PagedTable, filter_box
from . import incidents, limits
from .documents import write_incident_register
from .forms import HandlingDialog, IncidentDialog
from .models import LEVELS, OpinionIncident
from .queries import PAGE_SIZE, IncidentFilter, incident_months, month_bounds, search_incidents
from .sheets import REGISTER_HEADERS, register_rows

_L = OpinionIncident.label
COLUMNS = (("found", _L("found_at"), 120), ("unit", "村（社区）", 110), ("level", _L("level"), 50),
           ("subject", _L("subject"), 240), ("where", "发现地点", 130), ("finder", _L("finder_name"), 70),
           ("role", _L("finder_role"), 90), ("report", "上报", 150), ("closed", _L("closed_on"), 90),
           ("dispute", "纠纷", 50))
STATES = (("", "全部"), ("open", "未办结"), ("unreported", "较大/重大未上报"), ("late", "迟报"),
          ("closed", "已办结"))


class IncidentsArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text="查找：").pack(side="left")
        self.search_entry = ttk.Entry(bar, width=14)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.reload())
        ttk.Label(bar, text="  月份：").pack(side="left")
        self.month_box = filter_box(bar, ["全部"], self.reload, width=9)
        self.month_box.pack(side="left")
        ttk.Label(bar, text="  等级：").pack(side="left")
        self.level_box = filter_box(bar, ["全部", *[label for _, label in LEVELS]], self.reload, width=5)
        self.level_box.pack(side="left")
        ttk.Label(bar, text="  状态：").pack(side="left")
        self.state_box = filter_box(bar, [label for _, label in STATES], self.reload, width=13)
        self.state_box.pack(side="left")
        actions = ttk.Frame(self)
        actions.pack(fill="x", pady=(6, 0))
        for text, command, style in (("登记舆情", self.add, "primary"), ("编辑", self.edit, "secondary-outline"),
                                     ("处置和上报…", self.handle, "primary-outline"),
                                     ("转为矛盾纠纷…", self.open_dispute, "warning-outline"),
                                     ("删除", self.delete, "danger-outline")):
            button = ttk.Button(actions, text=text, command=command, bootstyle=style)
            button.pack(side="left", padx=(0, 4))
            tab.write_buttons.append(button)
        ttk.Button(actions, text="打印本月登记簿", command=self.print_register,
                   bootstyle="info-outline").pack(side="right")
        self.legend = ttk.Label(self, text="", bootstyle="secondary")
        self.legend.pack(anchor="w", pady=(4, 2))
        self.table = PagedTable(self, COLUMNS, self._fetch, self._values, lambda r: r.id,
                                page_size=PAGE_SIZE, unit_word="条", height=12)
        self.table.pack(fill="both", expand=True)
        self.table.tree.tag_configure("bad", foreground="#c0392b")
        self.table.tree.tag_configure("soon", foreground="#d35400")
        self.table.tree.bind("<Double-1>", lambda e: self.handle())
        self.detail = ttk.Label(self, text="", wraplength=1250, justify="left")
        self.detail.pack(fill="x", pady=(4, 0))
        self.table.tree.bind("<<TreeviewSelect>>", lambda e: self.show_detail())

    # -- showing --------------------------------------------------------------------------
    def _filter(self) -> IncidentFilter:
        month = self.month_box.get()
        level = self.level_box.current()
        return IncidentFilter(self.tab.unit_ids, "" if month == "全部" else month,
                              LEVELS[level - 1][0] if level > 0 else "",
                              STATES[max(self.state_box.current(), 0)][0], self.search_entry.get())

    def _fetch(self, offset: int, limit: int):
        return search_incidents(self._filter(), offset, limit)

    def _values(self, row) -> tuple:
        state = row.report_state(self.limits, self.now)
        return (f"{row.found_at:%Y-%m-%d %H:%M}", row.unit_name, row.level_label, row.subject, row.where,
                row.finder_name, row.role_label, state,
                f"{row.closed_on:%Y-%m-%d}" if row.closed_on else "未办结",
                "已转" if row.dispute_id else ("是" if row.is_dispute else ""))

    def reload(self, keep_page: bool = False) -> None:
        self.now = datetime.now()
        self.limits = limits.limits_for(self.tab.unit)
        self.table.reload(keep_page=keep_page)
        for iid, row in self.table.rows_by_id.items():
            state = row.report_state(self.limits, self.now)
            tag = "bad" if state in ("逾期未上报", "迟报") else "soon" if state.startswith("待上报") else None
            self.table.tree.item(iid, tags=(tag,) if tag else ())
        self.show_detail()

    def refresh(self) -> None:
        months = incident_months(self.tab.unit_ids)
        current = self.month_box.get()
        self.month_box.configure(values=["全部", *months])
        if current not in months:
            self.month_box.current(0)
        self.legend.configure(text=limits.limit_text(limits.limits_for(self.tab.unit))
                              + "。红色：逾期未上报或迟报；橙色：待上报。双击一条填写处置和上报。")
        self.reload(keep_page=True)

    def show_detail(self) -> None:
        row = self.table.selected()
        if row is None:
            self.detail.configure(text="")
            return
        i = OpinionIncident.get_by_id(row.id)
        parts = [f"主要内容：{i.summary or '—'}", f"处置：{i.handling or '—'}",
                 f"管控及教育引导：{i.guidance or '—'}", f"结果：{i.result or '—'}"]
        if i.late_reason:
            parts.append(f"迟报原因：{i.late_reason}")
        if i.dispute_id:
            parts.append(f"已转矛盾纠纷{i.dispute.number}")
        self.detail.configure(text="　".join(parts))

    def show(self, record: OpinionIncident) -> bool:
        self.search_entry.delete(0, "end")
        self.month_box.current(0)
        self.state_box.current(0)
        self.level_box.current(0)
        self.reload()
        return self.table.select(record.id)

    # -- acting ---------------------------------------------------------------------------
    def _selected(self) -> OpinionIncident | None:
        row = self.table.selected()
        if row is None:
            messages.show_info(self, "请先在登记表里选中一条舆情。")
            return None
        return OpinionIncident.get_by_id(row.id)

    def on_new(self) -> None:
        self.add()

    def on_find(self) -> None:
        self.search_entry.focus_set()

    def add(self) -> None:
        if self.tab.require_writable():
            result = self.tab.open_dialog(IncidentDialog(self, self.tab.unit))
            if result:
                self.tab.changed(f"已登记舆情：{result.record.subject}", result.warnings)
                self.table.select(result.record.id)

    def edit(self) -> None:
        incident = self._selected()
        if incident and self.tab.require_writable():
            result = self.tab.open_dialog(IncidentDialog(self, self.tab.unit, incident))
            if result:
                self.tab.changed(f"已保存舆情：{incident.subject}", result.warnings)

    def handle(self) -> None:
        incident = self._selected()
        if incident and self.tab.require_writable():
            result = self.tab.open_dialog(HandlingDialog(self, incident))
            if result:
                done = "，已办结" if result.record.closed_on else ""
                self.tab.changed(f"已保存“{incident.subject}”的处置和上报{done}", result.warnings)

    def delete(self) -> None:
        incident = self._selected()
        if incident and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除“{incident.subject}”这条舆情登记吗？删除后不能恢复。"):
            if self.tab.guarded(lambda: incidents.delete_incident(incident)):
                self.tab.changed("已删除舆情登记")

    def open_dispute(self):
        """The 受理新纠纷 form of the 调解 tab, filled in from the incident; linked when saved."""
        incident = self._selected()
        if incident is None or not self.tab.require_writable():
            return None
        try:
            draft = incidents.dispute_draft(incident)
        except ValidationError as exc:
            messages.show_info(self, exc.message)
            return None
        from ..mediation.tab import new_case_from_draft
        case = new_case_from_draft(self, self.tab.context, draft)
        if case is None:
            return None
        incidents.link_dispute(incident, case)
        self.tab.changed(f"已从舆情登记矛盾纠纷：{case.number}，请到“矛盾纠纷调解”页继续调解")
        return case

    def print_register(self) -> Path | None:
        month = self.month_box.get()
        if month == "全部":
            month = f"{date.today():%Y-%m}"
        first, after = month_bounds(month)
        unit = self.tab.unit
        name = unit.name if unit else "东安镇各村（社区）"
        period = f"{first.year}年{first.month}月"
        rows = register_rows(self.tab.unit_ids, first, after)
        made = files.print_document(self, lambda target: write_incident_register(
            target, unit_name=name, period=period, headers=REGISTER_HEADERS, rows=rows,
            printed_on=date.today(), limit_text=limits.limit_text(limits.limits_for(unit))),
            self.tab.exports_folder(), f"{name}网络舆情登记簿_{month}.pdf")
        if made:
            self.tab.context.status.say(f"已生成网络舆情登记簿：{made}")
        return made
