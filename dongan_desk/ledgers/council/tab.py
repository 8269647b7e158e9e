"""红白理事会: the council with its members, texts and meetings; the 支客士 register; the
红白事报备 with the next 7 days and the counts by month; the village's limits. On the township PC
it shows any village's books, read-only."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from ... import units
from ...store.models import Unit
from ...ui import messages, permissions
from ...ui.context import AppContext
from .tab_ceremonies import FilingsArea
from .tab_council import CouncilArea
from .tab_emcees import EmceeArea
from .tab_limits import LimitsArea
from ...ui.widgets import UnitChooser

READ_ONLY_NOTE = "只读：村（社区）的红白理事会台账只能在该村（社区）的电脑上修改。"


class CouncilTab(ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=6)
        self.context = context
        self.home = units.home_unit()
        self.scopes: list[Unit] = [self.home] if self.home.kind == "village" else units.villages()
        self.areas: list = []
        if not self.scopes:
            ttk.Label(self, text="还没有村（社区）：请先在设置中登记本镇的村（社区）。").pack(pady=20)
            return
        self._build_toolbar()
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(6, 0))
        self.council_area = CouncilArea(self.notebook, self)
        self.emcee_area = EmceeArea(self.notebook, self)
        self.filings_area = FilingsArea(self.notebook, self)
        self.limits_area = LimitsArea(self.notebook, self)
        for area, text in ((self.council_area, "理事会、章程和会议"), (self.emcee_area, "支客士"),
                           (self.filings_area, "红白事报备"), (self.limits_area, "本村限额")):
            self.notebook.add(area, text=text)
            self.areas.append(area)
        self.notebook.select(self.filings_area)
        context.on_data_changed(self, self.refresh)
        self.refresh()
        permissions.apply_role(self)

    def _build_toolbar(self) -> None:
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        self.chooser = UnitChooser(bar, self.scopes, self.refresh)
        self.chooser.pack(side="left")
        self.heading = ttk.Label(bar, text="", font=("", 11, "bold"))
        self.heading.pack(side="left")
        self.read_only_note = ttk.Label(bar, text="", bootstyle="warning")
        self.read_only_note.pack(side="left", padx=10)

    # -- what every area asks -------------------------------------------------------------
    @property
    def unit(self) -> Unit:
        return self.chooser.unit

    @property
    def own_unit(self) -> bool:
        """The records shown are this PC's own (the township only looks at a village's)."""
        return self.unit.id == self.home.id

    @property
    def writable(self) -> bool:
        """This PC's own records, and an account that may write them (not a 查看员)."""
        return self.own_unit and permissions.may_edit()

    def open_record(self, kind: str, record_id: int) -> bool:
        """A finding's council (党小组 due) or 支客士 (certificate): its village, its page."""
        from .models import Council, Emcee
        model = {"council": Council, "emcee": Emcee}.get(kind)
        record = model.get_or_none(model.id == record_id) if model else None
        if record is None:
            return False
        self.chooser.choose(record.unit_id)
        self.refresh()
        if kind == "council":
            self.notebook.select(self.council_area)
            return True
        self.notebook.select(self.emcee_area)
        return self.emcee_area.table.select(record_id)

    def refresh(self) -> None:
        self.heading.configure(text=f"{self.unit.name}红白理事会")
        self.read_only_note.configure(text=permissions.read_only_note() or (
            "" if self.own_unit else READ_ONLY_NOTE))
        for area in self.areas:
            area.refresh()

    def exports_folder(self) -> Path:
        folder = self.context.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def require_own(self) -> bool:
        if not self.own_unit:
            messages.show_info(self, "镇本级只能查看各村（社区）的红白理事会台账，登记和修改请在村（社区）的电脑上进行。")
        return self.own_unit

    def require_writable(self) -> bool:
        return self.require_own() and not permissions.refused(self)

    def open_form(self, dialog) -> object:
        """A record's form opened from its list: on the township, to read (保存 greyed out); a
        查看员's is read-only anyway (FormDialog)."""
        if not self.own_unit:
            dialog.save_button.configure(state="disabled")
        return self.open_dialog(dialog)

    def changed(self, message: str, warnings: list[str] | None = None) -> None:
        self.context.status.say("；".join([message, *(warnings or [])]))
        if warnings:
            messages.show_info(self, "已保存。请注意：\n" + "\n".join(warnings))
        self.context.data_changed()

    def open_dialog(self, dialog) -> object:
        self.wait_window(dialog)
        return dialog.result

    def guarded(self, action: Callable[[], object]) -> bool:
        return messages.guarded(self, action)

    # -- keyboard -------------------------------------------------------------------------
    def _current_area(self):
        return self.nametowidget(self.notebook.select()) if self.areas else None

    def on_new(self) -> None:
        area = self._current_area()
        if area is not None and hasattr(area, "on_new"):
            area.on_new()

    def on_find(self) -> None:
        area = self._current_area()
        if area is not None and hasattr(area, "on_find"):
            area.on_find()
