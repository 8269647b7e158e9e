"""在册状态 on the roster tab: the 注销… and 恢复在册 buttons (beside the 花名册's), their forms,
and showing the people of one 在册状态."""
from __future__ import annotations

import ttkbootstrap as ttk

from .forms import DeregisterDialog, RestoreDialog
from .queries import STATUS_FILTERS, STATUS_LABELS
from ...ui import messages, permissions


class RosterStatus:
    """The tab gives ``_selected_person``, ``_changed``, ``people``, ``status_box``,
    ``reload_people``, ``action_buttons`` and the 花名册's ``print_roster``/``export_roster``."""

    def _build_status_actions(self, side: ttk.Frame) -> None:
        """注销 / 恢复在册, and the 花名册 printed or exported."""
        row = ttk.Frame(side)
        row.pack(fill="x", pady=(0, 6))
        ttk.Label(row, text="迁出、死亡：").pack(side="left")
        self.deregister_button = ttk.Button(row, text="注销…", command=self.deregister,
                                            bootstyle="warning-outline")
        self.restore_button = ttk.Button(row, text="恢复在册", command=self.restore,
                                         bootstyle="secondary-outline")
        for button in (self.deregister_button, self.restore_button):
            button.pack(side="left", padx=(0, 4))
            self.action_buttons.append(permissions.write_action(button))
        ttk.Separator(row, orient="vertical").pack(side="left", fill="y", padx=6)
        ttk.Label(row, text="花名册：").pack(side="left")
        ttk.Button(row, text="打印…", command=self.print_roster,
                   bootstyle="info-outline").pack(side="left", padx=(0, 4))
        ttk.Button(row, text="导出 Excel…", command=self.export_roster,
                   bootstyle="info-outline").pack(side="left", padx=(0, 4))
        # Why the buttons are grey (a 查看员, or the township looking at a village), where there
        # is room for it at 1366×768.
        self.read_only_note = ttk.Label(row, text="", bootstyle="warning", wraplength=320,
                                        justify="left")
        self.read_only_note.pack(side="left", padx=6)

    def deregister(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        if person.status != "active":
            messages.show_info(self, f"{person.name}已经注销了（{STATUS_LABELS[person.status]}）。"
                                     "要让此人回到名单，请点“恢复在册”。")
            return
        self._after_dialog(DeregisterDialog(self, person), f"已注销{person.name}")

    def restore(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        if person.status == "active":
            messages.show_info(self, f"{person.name}在册，不用恢复。已注销的人在“在册状态”里选"
                                     "“已注销（全部）”就能看到。")
            return
        if self._after_dialog(RestoreDialog(self, person), f"{person.name}已恢复在册"):
            self.show_status("active")
            self.people.select(person.id)

    def _after_dialog(self, dialog, message: str) -> bool:
        """Wait for a form; once it saved, say so with what else it did (its warnings)."""
        self.wait_window(dialog)
        if dialog.result:
            self._changed(message, dialog.result.warnings)
        return bool(dialog.result)

    def show_status(self, code: str) -> None:
        """Show the people of this 在册状态 (a code of STATUS_FILTERS)."""
        codes = [c for c, _ in STATUS_FILTERS]
        if self.status_box.current() != codes.index(code):
            self.status_box.current(codes.index(code))
            self.reload_people()
