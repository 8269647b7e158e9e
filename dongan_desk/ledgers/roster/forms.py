"""Forms for a household, moving it, and a resident."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from . import rules as roster
from ...errors import ValidationError
from ...idnumbers import InvalidIdNumber, parse_id_number
from .queries import categories_of
from ...store.models import RELATIONS, Grid, Household, Resident
from ...ui.widgets import FormDialog, date_entry, read_date


def courtyard_choices(unit_id: int) -> list[Grid]:
    return list(Grid.select().where(Grid.unit == unit_id, Grid.level == 3)
                .order_by(Grid.sort_order, Grid.name))


class HouseholdDialog(FormDialog):
    def __init__(self, master: tk.Misc, grid: Grid | None = None,
                 household: Household | None = None):
        self.grid_record = grid or household.grid
        self.household = household
        super().__init__(master, "编辑户" if household else f"新增户（{self.grid_record.name}）")

    def body(self, frame: ttk.Frame) -> None:
        h = self.household
        ttk.Label(frame, text=f"{Household.label('grid')}：{self.grid_record.name}").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.entry(frame, "address", Household.label("address"), h.address if h else "",
                   hint="如：东安镇兴田村3组17号")
        self.entry(frame, "household_no", Household.label("household_no"),
                   h.household_no if h else "", hint="可不填")
        self.text(frame, "note", Household.label("note"), h.note if h else "", height=2)

    def apply(self):
        data = {"grid": self.grid_record, "address": self.value("address"),
                "household_no": self.value("household_no"), "note": self.value("note")}
        return roster.save_household(data, self.household).record


class MoveHouseholdDialog(FormDialog):
    def __init__(self, master: tk.Misc, household: Household):
        self.household = household
        self.grids = [g for g in courtyard_choices(household.unit_id) if g.id != household.grid_id]
        super().__init__(master, "把这一户移到别的院落网格")

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text=f"现在：{self.household.grid.name}　{self.household.address}").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        box = ttk.Combobox(frame, state="readonly", values=[g.name for g in self.grids], width=34)
        self.add_field(frame, "grid", "移到", box)

    def apply(self):
        index = self.fields["grid"].current()
        if index < 0:
            raise ValidationError("请选择要移到哪个院落网格。")
        return roster.move_household(self.household, self.grids[index]).record


class ResidentDialog(FormDialog):
    def __init__(self, master: tk.Misc, household: Household | None = None,
                 resident: Resident | None = None):
        self.household = household or resident.household
        self.resident = resident
        self.category_vars: dict[int, tk.BooleanVar] = {}
        super().__init__(master, f"编辑人员：{resident.name}" if resident else "新增人员")

    def body(self, frame: ttk.Frame) -> None:
        r = self.resident
        ttk.Label(frame, text=f"所在户：{self.household.address}（{self.household.grid.name}）").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.entry(frame, "name", Resident.label("name"), r.name if r else "")
        id_entry = self.entry(frame, "id_number", Resident.label("id_number"),
                              (r.id_number or "") if r else "")
        self.derived = ttk.Label(frame, text="", bootstyle="secondary")
        self.derived.grid(row=self._row, column=1, sticky="w")
        self._row += 1
        id_entry.bind("<KeyRelease>", lambda e: self.show_derived())
        self.entry(frame, "phone", Resident.label("phone"), r.phone if r else "",
                   hint="手机或座机（如 023-59221234）")
        relation = ttk.Combobox(frame, state="readonly", values=[c for c, _ in RELATIONS], width=34)
        relation.set(r.relation if r else ("户主" if not self.household.members.exists() else "配偶"))
        self.add_field(frame, "relation", Resident.label("relation"), relation)
        self.party_var = tk.BooleanVar(value=bool(r and r.is_party_member))
        check = ttk.Checkbutton(frame, text="是党员", variable=self.party_var,
                                command=self.toggle_party)
        self.add_field(frame, "is_party_member", Resident.label("is_party_member"), check)
        self.entry(frame, "party_branch", Resident.label("party_branch"), r.party_branch if r else "")
        self.add_field(frame, "party_join_date", Resident.label("party_join_date"),
                       date_entry(frame, r.party_join_date if r else None))
        chosen = {link.category_id for link in r.category_links} if r else set()
        for group, label in (("hardship", "困难群体"), ("special", "特殊群体")):
            box = ttk.Frame(frame)
            for index, category in enumerate(categories_of(self.household.unit_id, group)):
                var = tk.BooleanVar(value=category.id in chosen)
                self.category_vars[category.id] = var
                ttk.Checkbutton(box, text=category.name, variable=var).grid(
                    row=index // 4, column=index % 4, sticky="w", padx=(0, 8))
            self.add_field(frame, group, label, box)
        self.text(frame, "note", Resident.label("note"), r.note if r else "", height=2)
        self.toggle_party()
        self.show_derived()

    def toggle_party(self) -> None:
        state = "normal" if self.party_var.get() else "disabled"
        self.fields["party_branch"].configure(state=state)
        widget = self.fields["party_join_date"]
        widget.enable() if state == "normal" else widget.disable()

    def show_derived(self) -> None:
        text = self.value("id_number").strip()
        if not text:
            self.derived.configure(text="填写身份证号后自动得出性别、出生日期和年龄", bootstyle="secondary")
            return
        try:
            info = parse_id_number(text)
        except InvalidIdNumber as exc:
            self.derived.configure(text=str(exc), bootstyle="warning")
            return
        self.derived.configure(text=f"{info.gender}　出生 {info.birth_date:%Y-%m-%d}　"
                                    f"{info.age_on(date.today())} 岁", bootstyle="success")

    def apply(self):
        is_member = self.party_var.get()
        data = {
            "household": self.household, "name": self.value("name"),
            "id_number": self.value("id_number"), "phone": self.value("phone"),
            "relation": self.value("relation"), "is_party_member": is_member,
            "party_branch": self.value("party_branch"),
            "party_join_date": read_date(self.fields["party_join_date"], Resident.label("party_join_date"))
            if is_member else None,
            "categories": [cid for cid, var in self.category_vars.items() if var.get()],
            "note": self.value("note"),
        }
        return roster.save_resident(data, self.resident)
