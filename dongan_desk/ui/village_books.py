"""The frame of a ledger's tab whose books are a village's, kept in pages (红白理事会, 村规民约):
on a village PC its own books; on the township PC any village's, picked with the chooser and
read-only there (the books are written on the village's PC and come with its 报送包).

``VillageBooksTab`` builds the bar (village chooser, heading, the read-only note) and the
notebook; a ledger's tab names its words, adds its pages in ``build_areas`` and opens a
finding's record in ``open_record``. Each page (an "area") has ``refresh()`` and may have
``on_new()`` / ``on_find()`` (Ctrl+N, Ctrl+F); it asks the tab for what every page needs:
``unit``, ``writable``, ``require_writable()``, ``changed()``, ``open_dialog()``, ``guarded()``,
``exports_folder()``. Buttons in ``write_buttons`` are greyed where this PC may not write."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from .. import units
from ..store.models import Unit
from . import messages, permissions
from .context import AppContext
from .widgets import UnitChooser


class BooksTabActions:
    """What every page of a ledger's tab asks of the tab, whatever its chooser: the exports
    folder, ``changed()`` after a save, modal dialogs, guarded actions, Ctrl+N / Ctrl+F for the
    page in front. Needs ``context``, ``notebook`` and ``areas``."""

    def exports_folder(self) -> Path:
        folder = self.context.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def changed(self, message: str, warnings: list[str] | None = None) -> None:
        """Something was saved: say it in the status bar (a warning also in a box), and let
        every tab show it."""
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
    def current_area(self):
        return self.nametowidget(self.notebook.select()) if self.areas else None

    def on_new(self) -> None:
        area = self.current_area()
        if area is not None and hasattr(area, "on_new"):
            area.on_new()

    def on_find(self) -> None:
        area = self.current_area()
        if area is not None and hasattr(area, "on_find"):
            area.on_find()


class VillageBooksTab(BooksTabActions, ttk.Frame):
    book = ""               # what the heading says after the village's name: 红白理事会
    read_only_text = ""     # beside the heading on the township PC
    read_only_message = ""  # when a write is tried there

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=6)
        self.context = context
        self.home = units.home_unit()
        self.scopes: list[Unit] = [self.home] if self.home.kind == "village" else units.villages()
        self.areas: list = []
        self.write_buttons: list[ttk.Button] = []
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
        self.build_areas()
        context.on_data_changed(self, self.refresh)
        self.refresh()
        permissions.apply_role(self)

    def build_areas(self) -> None:
        """Add the tab's pages with ``add_area``."""
        raise NotImplementedError

    def add_area(self, area: ttk.Frame, text: str) -> ttk.Frame:
        self.notebook.add(area, text=text)
        self.areas.append(area)
        return area

    # -- what every page asks -------------------------------------------------------------
    @property
    def unit(self) -> Unit:
        return self.chooser.unit

    @property
    def own_unit(self) -> bool:
        """The books shown are this PC's own (the township only looks at a village's)."""
        return self.unit.id == self.home.id

    @property
    def writable(self) -> bool:
        """This PC's own books, and an account that may write them (not a 查看员)."""
        return self.own_unit and permissions.may_edit()

    def refresh(self) -> None:
        self.heading.configure(text=f"{self.unit.name}{self.book}")
        self.read_only_note.configure(text=permissions.read_only_note() or (
            "" if self.own_unit else self.read_only_text))
        for area in self.areas:
            area.refresh()
        state = "normal" if self.writable else "disabled"
        for button in self.write_buttons:
            button.configure(state=state)

    def require_own(self) -> bool:
        """Whether this PC writes the books shown; where it does not, the clerk is told why."""
        if not self.own_unit:
            messages.show_info(self, self.read_only_message)
        return self.own_unit

    def require_writable(self) -> bool:
        """Own books and an account that may write (a 查看员 is told why not)."""
        return self.require_own() and not permissions.refused(self)

    def open_form(self, dialog) -> object:
        """A record's form opened from its list: on the township, to read (保存 greyed out); a
        查看员's is read-only anyway (FormDialog)."""
        if not self.own_unit:
            dialog.save_button.configure(state="disabled")
        return self.open_dialog(dialog)

