"""Forms for a grid and for a courtyard grid's 网格员 and 院落长."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from . import rules as roster
from ...store.models import Grid, Household, Resident
from ...ui.widgets import FormDialog


class GridDialog(FormDialog):
    def __init__(self, master: tk.Misc, parent: Grid | None = None, grid: Grid | None = None):
        self.parent_grid, self.grid_record = parent, grid
        title = f"编辑{grid.choice_label('level', grid.level)}" if grid else "新增院落式网格"
        super().__init__(master, title)

    def body(self, frame: ttk.Frame) -> None:
        grid = self.grid_record
        if self.parent_grid is not None:
            ttk.Label(frame, text=f"上级网格：{self.parent_grid.name}").grid(
                row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
            self._row += 1
        level = grid.level if grid else 3
        self.entry(frame, "name", Grid.label("name"), grid.name if grid else "",
                   hint="如：张家院子、大湾院落")
        responsible_hint = {1: "镇党委书记、镇长", 2: "支部书记",
                            3: "负责本院落的1名镇或村干部"}[level]
        self.entry(frame, "first_responsible", Grid.label("first_responsible"),
                   grid.first_responsible if grid else "", hint=responsible_hint)
        if level == 3:
            self.text(frame, "work_group", Grid.label("work_group"), grid.work_group if grid else "")
        self.text(frame, "note", Grid.label("note"), grid.note if grid else "", height=2)

    def apply(self):
        data = {"name": self.value("name"), "first_responsible": self.value("first_responsible"),
                "work_group": self.value("work_group") if "work_group" in self.fields else
                (self.grid_record.work_group if self.grid_record else ""),
                "note": self.value("note"), "parent": self.parent_grid}
        return roster.save_grid(data, self.grid_record).record


class GridMembersDialog(FormDialog):
    """Pick the 网格员 and 院落长 from the courtyard's residents and the unit's party members."""

    def __init__(self, master: tk.Misc, grid: Grid):
        self.grid_record = grid
        # Only people 在册: who moved away or died holds no role (注销 ends theirs).
        in_courtyard = (Resident.select().join(Household)
                        .where(Household.grid == grid, Resident.status == "active"))
        members = Resident.select().where(Resident.unit == grid.unit_id, Resident.status == "active",
                                          Resident.is_party_member == True)  # noqa: E712
        current = {(m.resident_id, m.role) for m in grid.members}
        people = {p.id: p for p in [*in_courtyard, *members]}
        self.candidates = sorted(people.values(), key=lambda p: (not p.is_party_member, p.name))
        self.current = current
        super().__init__(master, f"“{grid.name}”的网格员和院落长")

    def _listbox(self, frame: ttk.Frame, name: str, label: str, role: str) -> tk.Listbox:
        box = tk.Listbox(frame, selectmode="multiple", height=10, width=44, exportselection=False)
        for index, person in enumerate(self.candidates):
            box.insert("end", f"{person.name}{'（党员）' if person.is_party_member else ''}"
                              f"  {person.household.address}")
            if (person.id, role) in self.current:
                box.selection_set(index)
        return self.add_field(frame, name, label, box)

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text="按工作方案，每个院落式网格至少安排1名党员作为网格员。可多选。",
                  bootstyle="secondary").grid(row=self._row, column=0, columnspan=2, sticky="w")
        self._row += 1
        self._listbox(frame, "workers", "网格员", "worker")
        self._listbox(frame, "heads", "院落长（点长）", "head")

    def apply(self):
        def chosen(name: str) -> list[Resident]:
            return [self.candidates[i] for i in self.fields[name].curselection()]
        return roster.set_grid_members(self.grid_record, chosen("workers"), chosen("heads"))
