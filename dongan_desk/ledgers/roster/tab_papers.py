"""The 花名册 from the roster tab: what it covers (the print dialog), printed as a PDF or
exported as an Excel sheet, for the unit and courtyard selected in the grid tree."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from ... import units
from .queries import roster_lines
from ...store import session
from ...store.models import Grid, Resident, Unit
from ...ui import files, messages
from ...ui.widgets import FormDialog


class RosterPrintDialog(FormDialog):
    """What the 花名册 covers: the selected courtyard or the whole village, 在册 only or with the
    people who left; an export may carry whole ID numbers (print never does: DESIGN §6)."""

    permission = session.PRINT  # a 查看员 prints too, with the sensitive categories masked

    def __init__(self, master: tk.Misc, kind: str, village_name: str, courtyard: Grid | None):
        self.kind, self.village_name, self.courtyard = kind, village_name, courtyard
        self.scope_var = tk.StringVar(value="courtyard" if courtyard else "village")
        self.left_var = tk.BooleanVar(value=False)
        self.whole_ids_var = tk.BooleanVar(value=False)
        super().__init__(master, "打印花名册" if kind == "pdf" else "导出花名册（Excel）")
        self.save_button.configure(text="打印 (Ctrl+S)" if kind == "pdf" else "导出… (Ctrl+S)")

    def body(self, frame: ttk.Frame) -> None:
        scope = ttk.Frame(frame)
        if self.courtyard is not None:
            ttk.Radiobutton(scope, text=f"院落网格“{self.courtyard.name}”", value="courtyard",
                            variable=self.scope_var).pack(anchor="w")
        ttk.Radiobutton(scope, text=f"{self.village_name}全村（按院落网格分开）", value="village",
                        variable=self.scope_var).pack(anchor="w")
        self.add_field(frame, "scope", "范围", scope)
        self.add_field(frame, "include_left", "人员", ttk.Checkbutton(
            frame, text="也列出已注销（迁出、死亡、其他注销）的人", variable=self.left_var),
            hint="不勾选时只列在册人员")
        if self.kind == "xlsx":
            self.add_field(frame, "whole_ids", Resident.label("id_number"), ttk.Checkbutton(
                frame, text="完整显示（只供本办公室留存，不要外传）", variable=self.whole_ids_var),
                hint="不勾选时和名单一样隐去中间几位，如 500229********123X")
        else:
            ttk.Label(frame, text="打印件上的身份证号隐去中间几位（和名单一样），A4横向。",
                      bootstyle="secondary").grid(row=self._row, column=0, columnspan=2, sticky="w")
            self._row += 1

    def apply(self):
        return {"courtyard": self.courtyard if self.scope_var.get() == "courtyard" else None,
                "include_left": self.left_var.get(), "masked": not self.whole_ids_var.get()}


class RosterPapers:
    """The roster tab's 花名册 buttons (the tab gives ``selected_grid`` and ``context``)."""

    def _roster_scope(self) -> tuple[Unit, Grid | None] | None:
        """The unit whose 花名册 is made, and the selected courtyard (None: a village grid)."""
        grid = self.selected_grid()
        if grid is not None and grid.level >= 2:
            return Unit.get_by_id(grid.unit_id), grid if grid.level == 3 else None
        if not units.is_township():
            return units.home_unit(), None
        messages.show_info(self, "花名册按村（社区）打印：请先在左边选中一个村级网格或院落网格。")
        return None

    def _roster_options(self, kind: str):
        scope = self._roster_scope()
        if scope is None:
            return None
        unit, courtyard = scope
        dialog = RosterPrintDialog(self, kind, unit.name, courtyard)
        self.wait_window(dialog)
        if not dialog.result:
            return None
        options = dialog.result
        chosen = options["courtyard"]
        lines = roster_lines(unit.id, chosen.id if chosen else None, options["include_left"])
        name = roster_file_name(unit.name, chosen.name if chosen else "全村")
        return unit, chosen, lines, options, name

    def print_roster(self):
        """The 花名册 as a PDF (ID numbers masked), opened in the viewer to print."""
        from .documents import write_roster_pdf  # reportlab: only when printing
        picked = self._roster_options("pdf")
        if picked is None:
            return None
        unit, chosen, lines, options, name = picked
        folder = self.context.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        return files.print_document(self, lambda target: write_roster_pdf(
            target, unit_name=unit.name, scope=chosen.name if chosen else "全村", lines=lines,
            with_status=options["include_left"], roster_date=date.today()), folder, f"{name}.pdf")

    def export_roster(self):
        """The 花名册 as an Excel sheet in the township's report style, saved where chosen."""
        from .sheets import write_roster_workbook  # openpyxl: only when exporting
        picked = self._roster_options("xlsx")
        if picked is None:
            return None
        unit, chosen, lines, options, name = picked
        return files.save_document_as(self, lambda target: write_roster_workbook(
            target, unit_name=unit.name, scope=chosen.name if chosen else "全村", lines=lines,
            with_grid=chosen is None, with_status=options["include_left"],
            masked=options["masked"], fill_date=date.today()),
            "导出花名册", f"{name}.xlsx", files.XLSX_TYPES)



def roster_file_name(unit_name: str, scope: str) -> str:
    """兴田村网格花名册（张家院子）_20261128, without characters a file name cannot hold."""
    text = f"{unit_name}网格花名册（{scope}）_{date.today():%Y%m%d}"
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text)
