"""Forms of the 矛盾纠纷调解 tab: a case with its parties, a party, picking a resident.

The ladder's forms (a step, the agreement, a follow-up, withdrawing) are in
``step_forms``. Every check is the domain's; a form only collects what was typed.
"""
from __future__ import annotations

import tkinter as tk
from datetime import date
from typing import Any

import ttkbootstrap as ttk

from . import cases as mediation
from ...errors import ValidationError
from .categories import categories, ensure_categories
from ..roster.queries import PAGE_SIZE, ResidentFilter, search_residents
from .models import Dispute, DisputeParty
from ...store.models import Resident, Unit
from .models import RISK_LEVELS, SOURCES, TIERS
from ...ui.widgets import CodeBox, FormDialog, PagedTable, date_entry, read_date


def read_date_field(dialog: FormDialog, name: str, label: str) -> date | None:
    return read_date(dialog.fields[name], label)


def party_values(party: DisputeParty) -> dict[str, Any]:
    """A saved party as form values (the birth date only travels for a roster resident)."""
    return {"resident": party.resident, "name": party.name, "gender": party.gender,
            "ethnicity": party.ethnicity, "age": party.age, "occupation": party.occupation,
            "phone": party.phone, "address": party.address, "id_number": party.id_number or "",
            "birth_date": party.birth_date if party.resident_id and not party.id_number else None}


class CaseDialog(FormDialog):
    """Accept a new case (or edit one): its facts and two or more parties."""

    def __init__(self, master: tk.Misc, unit: Unit, dispute: Dispute | None = None,
                 draft: mediation.DisputeDraft | None = None):
        self.unit, self.dispute = unit, dispute
        if dispute is None:
            ensure_categories(unit)  # the default list, the first time this unit files a case
        if dispute is not None:
            self.parties = [party_values(p) for p in dispute.parties.order_by(DisputeParty.position)]
            self.initial = {"accepted_on": dispute.accepted_on, "source": dispute.source,
                            "category": dispute.category_id, "facts": dispute.facts,
                            "amount": f"{dispute.amount:.2f}", "risk_level": dispute.risk_level,
                            "start_tier": dispute.start_tier, "start_reason": dispute.start_reason,
                            "registrar": dispute.registrar}
        else:
            self.parties = list(draft.parties) if draft else []
            self.initial = {"accepted_on": date.today(), "source": "apply", "risk_level": "normal",
                            "start_tier": 1, **(draft.data if draft else {})}
        options = categories(unit)
        if dispute is not None and dispute.category_id not in [c.id for c in options]:
            options.append(dispute.category)  # a retired category stays on its old cases
        self.category_choices = [(c.id, c.name) for c in options]
        super().__init__(master, f"编辑纠纷 {dispute.number}" if dispute else "受理新纠纷")

    def body(self, frame: ttk.Frame) -> None:
        v = self.initial
        self.add_field(frame, "accepted_on", Dispute.label("accepted_on"),
                       date_entry(frame, v.get("accepted_on")))
        self.add_field(frame, "source", Dispute.label("source"), CodeBox(frame, SOURCES, v.get("source")))
        self.add_field(frame, "category", Dispute.label("category"),
                       CodeBox(frame, self.category_choices, v.get("category")))
        self.add_field(frame, "risk_level", Dispute.label("risk_level"),
                       CodeBox(frame, RISK_LEVELS, v.get("risk_level")))
        self.add_field(frame, "start_tier", Dispute.label("start_tier"),
                       CodeBox(frame, TIERS, v.get("start_tier")),
                       hint="一般从“院户亲情调”开始；较大、重大纠纷可越级，并写明原因")
        self.entry(frame, "start_reason", Dispute.label("start_reason"), v.get("start_reason", ""))
        self.entry(frame, "amount", Dispute.label("amount"), v.get("amount", ""), hint="没有可不填")
        self.entry(frame, "registrar", Dispute.label("registrar"), v.get("registrar", ""))
        self.text(frame, "facts", Dispute.label("facts"), v.get("facts", ""), height=4)
        box = ttk.Frame(frame)
        self.party_tree = ttk.Treeview(box, columns=("side", "name", "gender", "age", "address", "from"),
                                       show="headings", height=4, selectmode="browse")
        for key, text, width in (("side", "", 40), ("name", DisputeParty.label("name"), 80),
                                 ("gender", DisputeParty.label("gender"), 40), ("age", "年龄", 40),
                                 ("address", DisputeParty.label("address"), 180), ("from", "来源", 70)):
            self.party_tree.heading(key, text=text, anchor="w")
            self.party_tree.column(key, width=width, anchor="w")
        self.party_tree.pack(fill="x")
        self.party_tree.bind("<Double-1>", lambda e: self.edit_party())
        row = ttk.Frame(box)
        row.pack(fill="x", pady=(4, 0))
        for text, command, style in (("从花名册选择…", self.pick_resident, "primary-outline"),
                                     ("添加外来人员…", self.add_outsider, "secondary-outline"),
                                     ("修改…", self.edit_party, "secondary-outline"),
                                     ("移除", self.remove_party, "danger-outline")):
            ttk.Button(row, text=text, command=command, bootstyle=style).pack(side="left", padx=(0, 4))
        self.add_field(frame, "parties", "当事人（至少2人）", box)
        self.show_parties()

    # -- parties --------------------------------------------------------------------------
    def show_parties(self) -> None:
        self.party_tree.delete(*self.party_tree.get_children())
        for n, party in enumerate(self.parties):
            self.party_tree.insert("", "end", iid=str(n), values=(
                mediation.party_side(n), party["name"], party.get("gender", ""),
                party.get("age") if party.get("age") is not None else "", party.get("address", ""),
                "花名册" if party.get("resident") else "外来人员"))

    def _selected_index(self) -> int | None:
        selection = self.party_tree.selection()
        return int(selection[0]) if selection else None

    def _on(self) -> date:
        try:
            return read_date_field(self, "accepted_on", Dispute.label("accepted_on")) or date.today()
        except ValidationError:
            return date.today()

    def pick_resident(self) -> None:
        dialog = ResidentPickerDialog(self, self.unit.id)
        self.wait_window(dialog)
        if dialog.result is not None:
            self.parties.append(mediation.party_from_resident(dialog.result, self._on()))
            self.show_parties()

    def add_outsider(self) -> None:
        dialog = PartyDialog(self, self.unit.id, len(self.parties), on=self._on())
        self.wait_window(dialog)
        if dialog.result is not None:
            self.parties.append(dialog.result)
            self.show_parties()

    def edit_party(self) -> None:
        index = self._selected_index()
        if index is None:
            return
        dialog = PartyDialog(self, self.unit.id, index, self.parties[index], on=self._on())
        self.wait_window(dialog)
        if dialog.result is not None:
            self.parties[index] = dialog.result
            self.show_parties()

    def remove_party(self) -> None:
        index = self._selected_index()
        if index is not None:
            del self.parties[index]
            self.show_parties()

    # -- saving ---------------------------------------------------------------------------
    def apply(self):
        data = {"accepted_on": read_date_field(self, "accepted_on", Dispute.label("accepted_on")),
                "source": self.fields["source"].code, "category": self.fields["category"].code,
                "risk_level": self.fields["risk_level"].code, "start_tier": self.fields["start_tier"].code,
                "start_reason": self.value("start_reason"), "amount": self.value("amount"),
                "registrar": self.value("registrar"), "facts": self.value("facts")}
        return mediation.save_dispute(data, self.parties, self.dispute, unit=self.unit)


class PartyDialog(FormDialog):
    """A party from outside the roster (or a correction of a roster party's details)."""

    def __init__(self, master: tk.Misc, unit_id: int, position: int,
                 party: dict[str, Any] | None = None, on: date | None = None):
        self.unit_id, self.position, self.party, self.on = unit_id, position, party or {}, on
        title = f"{mediation.party_side(position)}：{self.party['name']}" if party else "添加外来人员"
        super().__init__(master, title)

    def body(self, frame: ttk.Frame) -> None:
        v = self.party
        if v.get("resident"):
            ttk.Label(frame, text="本人在花名册中：姓名、身份证号等以花名册为准，可补充职业、民族。",
                      bootstyle="secondary").grid(row=self._row, column=0, columnspan=2, sticky="w")
            self._row += 1
        self.entry(frame, "name", DisputeParty.label("name"), v.get("name", ""))
        self.add_field(frame, "gender", DisputeParty.label("gender"),
                       CodeBox(frame, [("男", "男"), ("女", "女")], v.get("gender") or None))
        self.entry(frame, "ethnicity", DisputeParty.label("ethnicity"), v.get("ethnicity") or "汉族")
        age = v.get("age")
        self.entry(frame, "age", "年龄", "" if age is None else str(age), hint="周岁；填了身份证号自动得出")
        self.entry(frame, "occupation", DisputeParty.label("occupation"), v.get("occupation", ""))
        self.entry(frame, "phone", DisputeParty.label("phone"), v.get("phone", ""))
        self.entry(frame, "address", DisputeParty.label("address"), v.get("address", ""))
        self.entry(frame, "id_number", DisputeParty.label("id_number"), v.get("id_number") or "",
                   hint="可不填；填写的会校验")
        if v.get("resident"):
            for name in ("name", "id_number"):
                self.fields[name].configure(state="readonly")

    def apply(self):
        party = {**self.party, **{key: self.value(key) for key in (
            "name", "ethnicity", "age", "occupation", "phone", "address", "id_number")},
                 "gender": self.fields["gender"].code or ""}
        mediation.check_party(party, self.position, self.unit_id, self.on)
        return party


class ResidentPickerDialog(FormDialog):
    """Find a resident of the unit by name, ID number, phone or address."""

    permission = None  # picking writes nothing: the case form it fills is what needs EDIT

    def __init__(self, master: tk.Misc, unit_id: int):
        self.unit_id = unit_id
        super().__init__(master, "从花名册选择当事人")

    def body(self, frame: ttk.Frame) -> None:
        row = ttk.Frame(frame)
        self.search_entry = ttk.Entry(row, width=24)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.people.reload())
        ttk.Button(row, text="查找", command=lambda: self.people.reload(),
                   bootstyle="primary").pack(side="left", padx=4)
        self.add_field(frame, "search", "姓名、身份证号、电话或住址", row)
        columns = (("name", Resident.label("name"), 80), ("gender", Resident.label("gender"), 40),
                   ("age", "年龄", 40), ("id", Resident.label("id_number"), 150),
                   ("address", "住址", 200))
        self.people = PagedTable(frame, columns, self._fetch,
                                 lambda r: (r.name, r.gender, "" if r.age is None else r.age,
                                            r.id_masked, r.address),
                                 lambda r: r.id, page_size=PAGE_SIZE, unit_word="人")
        self.people.tree.configure(height=10)
        self.people.tree.bind("<Double-1>", lambda e: self.save())
        self.add_field(frame, "people", "人员", self.people)
        self.people.reload()

    def _fetch(self, offset: int, limit: int):
        return search_residents(ResidentFilter(text=self.search_entry.get(), unit_ids=[self.unit_id]),
                                offset, limit)

    def apply(self):
        row = self.people.selected()
        if row is None:
            raise ValidationError("请先在名单里选中一个人。")
        return Resident.get_by_id(row.id)

