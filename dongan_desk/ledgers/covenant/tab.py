"""村规民约: the versions with their text and path, and the delivery to every household. On the
township PC it shows any village's covenant, read-only."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from ... import units
from ...store.models import Unit
from ...ui import messages
from ...ui.context import AppContext
from ...ui.widgets import UnitChooser
from .tab_delivery import DeliveryArea
from .tab_versions import VersionsArea

READ_ONLY_NOTE = "只读：村（社区）的村规民约只能在该村（社区）的电脑上修改。"


class CovenantTab(ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=6)
        self.context = context
        self.home = units.home_unit()
        self.scopes: list[Unit] = [self.home] if self.home.kind == "village" else units.villages()
        self.areas: list = []
        self.write_buttons: list[ttk.Button] = []  # greyed where this PC or account may not write
        if not self.scopes:
            ttk.Label(self, text="还没有村（社区）：请先在设置中登记本镇的村（社区）。").pack(pady=20)
            return
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        self.chooser = UnitChooser(bar, self.scopes, self.refresh)
        self.chooser.pack(side="left")
        self.heading = ttk.Label(bar, text="", font=("", 11, "bold"))
        self.heading.pack(side="left")
        self.read_only_note = ttk.Label(bar, text="", bootstyle="warning")
        self.read_only_note.pack(side="left", padx=10)
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(6, 0))
        self.versions_area = VersionsArea(self.notebook, self)
        self.delivery_area = DeliveryArea(self.notebook, self)
        for area, text in ((self.versions_area, "条文与制定程序"), (self.delivery_area, "发放到户")):
            self.notebook.add(area, text=text)
            self.areas.append(area)
        context.on_data_changed(self, self.refresh)
        self.refresh()

    @property
    def unit(self) -> Unit:
        return self.chooser.unit

    @property
    def writable(self) -> bool:
        return self.unit.id == self.home.id

    def open_record(self, kind: str, record_id: int) -> bool:
        """A finding's covenant (未备案, 未发放) or village (没有现行村规民约)."""
        from .models import VillageCovenant
        if kind == "covenant_unit":
            self.chooser.choose(record_id)
            self.refresh()
            self.notebook.select(self.versions_area)
            return True
        covenant = VillageCovenant.get_or_none(VillageCovenant.id == record_id)
        if covenant is None:
            return False
        self.chooser.choose(covenant.unit_id)
        self.refresh()
        if covenant.filed_on is None:
            self.notebook.select(self.versions_area)
            return self.versions_area.select(covenant.id)
        self.notebook.select(self.delivery_area)
        return True

    def refresh(self) -> None:
        self.heading.configure(text=f"{self.unit.name}村规民约")
        self.read_only_note.configure(text="" if self.writable else READ_ONLY_NOTE)
        for area in self.areas:
            area.refresh()
        state = "normal" if self.writable else "disabled"
        for button in self.write_buttons:
            button.configure(state=state)

    def exports_folder(self) -> Path:
        folder = self.context.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def require_writable(self) -> bool:
        if not self.writable:
            messages.show_info(self, "镇本级只能查看各村（社区）的村规民约，起草、审定和发放请在村（社区）的电脑上登记。")
        return self.writable

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

    def on_new(self) -> None:
        area = self.nametowidget(self.notebook.select()) if self.areas else None
        if area is not None:
            area.on_new()

    def on_find(self) -> None:
        if self.areas:
            self.notebook.select(self.delivery_area)
            self.delivery_area.on_find()
