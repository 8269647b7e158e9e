"""网络舆情 (管控好线上线下): the 舆情 log, the groups and their admins, the counts by level and
month, and the reporting limits. On the township PC it shows every village's books (or one
village's), read-only, and the township's own limits, which it judges them by."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from ... import units
from ...errors import ValidationError
from ...store.models import Unit
from ...ui import messages, permissions
from ...ui.context import AppContext
from ...ui.village_books import BooksTabActions
from ...ui.widgets import UnitChooser
from . import limits
from .tab_groups import GroupsArea, StatsArea
from .tab_incidents import IncidentsArea

READ_ONLY_NOTE = "只读：各村（社区）的网络舆情台账只能在该村（社区）的电脑上登记和修改。"


class OnlineTab(BooksTabActions, ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=6)
        self.context = context
        self.home = units.home_unit()
        villages = [self.home] if self.home.kind == "village" else units.villages()
        self.areas: list = []
        self.write_buttons: list[ttk.Button] = []  # disabled where this PC or account may not write
        if not villages:
            ttk.Label(self, text="还没有村（社区）：请先在设置中登记本镇的村（社区）。").pack(pady=20)
            return
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        self.chooser = UnitChooser(bar, villages if len(villages) == 1 else [None, *villages], self.refresh)
        self.chooser.pack(side="left")
        self.heading = ttk.Label(bar, text="", font=("", 11, "bold"))
        self.heading.pack(side="left")
        self.read_only_note = ttk.Label(bar, text="", bootstyle="warning")
        self.read_only_note.pack(side="left", padx=10)
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(6, 0))
        self.incidents_area = IncidentsArea(self.notebook, self)
        self.groups_area = GroupsArea(self.notebook, self)
        self.stats_area = StatsArea(self.notebook, self)
        self.limits_area = LimitsArea(self.notebook, self)
        for area, text in ((self.incidents_area, "舆情登记"), (self.groups_area, "群和管理员"),
                           (self.stats_area, "按月统计"), (self.limits_area, "上报时限")):
            self.notebook.add(area, text=text)
            self.areas.append(area)
        context.on_data_changed(self, self.refresh)
        self.refresh()
        permissions.apply_role(self)

    # -- what every area asks -------------------------------------------------------------
    @property
    def unit(self) -> Unit | None:
        """The village shown, None for all of them (the township only)."""
        return self.chooser.unit

    @property
    def unit_ids(self) -> list[int] | None:
        return None if self.unit is None else [self.unit.id]

    @property
    def own_unit(self) -> bool:
        return self.unit is not None and self.unit.id == self.home.id

    @property
    def writable(self) -> bool:
        """This PC's own village, and an account that may write (not a 查看员)."""
        return self.own_unit and permissions.may_edit()

    def refresh(self) -> None:
        name = self.unit.name if self.unit else "全镇各村（社区）"
        self.heading.configure(text=f"{name}管控好线上线下")
        self.read_only_note.configure(text=permissions.read_only_note() or (
            "" if self.own_unit else READ_ONLY_NOTE))
        state = "normal" if self.writable else "disabled"
        for button in self.write_buttons:
            button.configure(state=state)
        for area in self.areas:
            area.refresh()

    def open_record(self, kind: str, record_id: int) -> bool:
        """A finding's group, admin or incident: its village, its page, its row."""
        from .models import ChatGroup, GroupAdmin, OpinionIncident
        model = {"chat_group": ChatGroup, "group_admin": GroupAdmin, "incident": OpinionIncident}.get(kind)
        record = model.get_or_none(model.id == record_id) if model else None
        if record is None:
            return False
        self.chooser.choose(record.unit_id)
        self.refresh()
        if kind == "incident":
            self.notebook.select(self.incidents_area)
            return self.incidents_area.show(record)
        self.notebook.select(self.groups_area)
        table = self.groups_area.groups if kind == "chat_group" else self.groups_area.admins
        return self.groups_area.select(table, record_id)

    def require_writable(self) -> bool:
        if not self.own_unit:
            messages.show_info(self, "镇本级只能查看各村（社区）的网络舆情台账；登记和修改请在村（社区）的电脑上进行。"
                               if self.home.kind == "town" else "请先选择本村（社区）。")
            return False
        return not permissions.refused(self)


class LimitsArea(ttk.Frame):
    """The reporting limits: the township's own on its PC, the village's copy on a village PC."""

    def __init__(self, master: tk.Misc, tab: OnlineTab):
        super().__init__(master, padding=12)
        self.tab = tab
        town = tab.home.kind == "town"
        ttk.Label(self, text="舆情上报时限（镇里规定，各村遵照执行）" if town else
                  "舆情上报时限（按镇里的通知填写；没有新通知的，保持默认）",
                  font=("", 11, "bold")).grid(row=0, column=0, columnspan=4, sticky="w", pady=(0, 8))
        self.entries: dict[str, ttk.Entry] = {}
        for row, spec in enumerate(limits.LIMIT_FIELDS, start=1):
            ttk.Label(self, text=spec.label + "：").grid(row=row, column=0, sticky="e", pady=3)
            entry = ttk.Entry(self, width=8)
            entry.grid(row=row, column=1, sticky="w")
            ttk.Label(self, text=spec.unit_word).grid(row=row, column=2, sticky="w", padx=(4, 12))
            ttk.Label(self, text=spec.hint, bootstyle="secondary").grid(row=row, column=3, sticky="w")
            self.entries[spec.name] = entry
        row = len(limits.LIMIT_FIELDS) + 1
        ttk.Label(self, text=("全镇各村的舆情都按这里的时限检查是否逾期、迟报。" if town else
                              "超过时限上报的较大、重大舆情要写明迟报原因才能保存；超过时限仍未上报的列入规则提示。"),
                  bootstyle="secondary", wraplength=700, justify="left").grid(
            row=row, column=0, columnspan=4, sticky="w", pady=(8, 0))
        self.error_label = ttk.Label(self, text="", bootstyle="danger", wraplength=640, justify="left")
        self.error_label.grid(row=row + 1, column=0, columnspan=4, sticky="w", pady=(8, 0))
        self.save_button = permissions.write_action(
            ttk.Button(self, text="保存上报时限", command=self.save, bootstyle="primary"))
        self.save_button.grid(row=row + 2, column=1, columnspan=2, sticky="w", pady=(6, 0))

    def refresh(self) -> None:
        own = self.tab.home
        current = limits.limits_for(own)
        state = permissions.write_state(units.home_unit().id == own.id)
        for name, entry in self.entries.items():
            entry.configure(state="normal")
            entry.delete(0, "end")
            entry.insert(0, str(getattr(current, name)))
            entry.configure(state=state)
        self.error_label.configure(text="")

    def save(self) -> None:
        try:
            limits.save_limits(self.tab.home, {n: e.get() for n, e in self.entries.items()})
        except ValidationError as exc:
            self.error_label.configure(text=exc.message)
            return
        self.tab.changed("已保存舆情上报时限：" + limits.limit_text(limits.limits_for(self.tab.home)))
