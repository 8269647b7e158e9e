"""Forms of 党员结对帮扶: a pairing, ending it, a visit, a member's 承诺/职责, visit intervals."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from . import rules as pairing_domain
from ...errors import ValidationError
from .queries import PersonChoice, group_people, member_choices, visit_intervals
from .models import END_REASONS, MOODS, VISIT_WAYS, Pairing, PartyMemberProfile, Visit
from ...store.models import Resident, Unit
from ...ui.widgets import FormDialog, date_entry, read_date


def choice_box(frame: ttk.Frame, choices, current: str | None = None, width: int = 34) -> ttk.Combobox:
    """A read-only drop-down of ``(code, 中文)`` choices showing the Chinese; see ``chosen_code``."""
    box = ttk.Combobox(frame, state="readonly", values=[label for _, label in choices], width=width)
    box.choices = list(choices)
    labels = dict(choices)
    if current in labels:
        box.set(labels[current])
    return box


def chosen_code(box: ttk.Combobox) -> str:
    index = box.current()
    return box.choices[index][0] if index >= 0 else ""


class PairingDialog(FormDialog):
    """New or edited pairing: a party member, one person of a 困难/特殊群体 household (or the
    whole household), the start, what help is promised and what to watch."""

    def __init__(self, master: tk.Misc, unit_id: int, pairing: Pairing | None = None,
                 member_id: int | None = None, household_id: int | None = None):
        self.unit_id, self.pairing = unit_id, pairing
        self.members = member_choices(unit_id, keep=pairing.member_id if pairing else None)
        self.member_id = pairing.member_id if pairing else member_id
        self.household_id = pairing.household_id if pairing else household_id
        self.people: list[PersonChoice] = []
        if pairing is not None:  # its people's categories are shown: viewing them is recorded
            pairing_domain.record_pairing_view(pairing)
        super().__init__(master, "编辑结对" if pairing else "新增结对帮扶")

    def body(self, frame: ttk.Frame) -> None:
        p = self.pairing
        member_box = ttk.Combobox(frame, state="readonly", width=46,
                                  values=[m.label() for m in self.members])
        for index, member in enumerate(self.members):
            if member.id == self.member_id:
                member_box.current(index)
        self.add_field(frame, "member", Pairing.label("member"), member_box,
                       hint="只列本单位的党员；括号里是已结对的数目")
        search = ttk.Entry(frame, width=46)
        self.add_field(frame, "search", "查找帮扶对象", search, hint="输入姓名或住址的一部分，下面的名单随即筛选")
        search.bind("<KeyRelease>", lambda e: self.find_people())
        listbox = tk.Listbox(frame, height=8, width=60, exportselection=False)
        self.add_field(frame, "target", Pairing.label("resident"), listbox,
                       hint="困难群体、特殊群体的人员；括号里是类别和这一户已有的结对")
        self.whole_var = tk.BooleanVar(value=bool(p and p.resident_id is None))
        self.add_field(frame, "whole", "帮扶范围",
                       ttk.Checkbutton(frame, text="帮扶整户（不只这一个人）", variable=self.whole_var))
        self.add_field(frame, "start_date", Pairing.label("start_date"),
                       date_entry(frame, p.start_date if p else date.today()))
        self.text(frame, "help_content", Pairing.label("help_content"), p.help_content if p else "")
        self.text(frame, "watch_points", Pairing.label("watch_points"), p.watch_points if p else "",
                  height=2)
        self.find_people(first=True)

    def find_people(self, first: bool = False) -> None:
        text = "" if first else self.value("search")
        household = self.household_id if first and self.household_id else None
        self.people = group_people(self.unit_id, text, household_id=household)
        p = self.pairing
        if first and p is not None and not any(c.id == p.resident_id for c in self.people):
            # The current person may have left the groups since: keep them choosable.
            person = p.resident or p.household.members.order_by(Resident.id).first()
            if person is not None:
                self.people.insert(0, PersonChoice(person.id, person.name, p.household_id,
                                                   p.household.address, "当前对象", 1))
        listbox: tk.Listbox = self.fields["target"]
        listbox.delete(0, "end")
        for person in self.people:
            listbox.insert("end", person.label())
        wanted = p.resident_id if first and p is not None else None
        for index, person in enumerate(self.people):
            if (wanted and person.id == wanted) or (first and household and index == 0):
                listbox.selection_set(index)
                listbox.see(index)
                break

    def apply(self):
        index = self.fields["member"].current()
        chosen = self.fields["target"].curselection()
        person = Resident.get_by_id(self.people[chosen[0]].id) if chosen else None
        data = {
            "member": Resident.get_by_id(self.members[index].id) if index >= 0 else None,
            "resident": None if self.whole_var.get() else person,
            "household": person.household if person else None,
            "start_date": read_date(self.fields["start_date"], Pairing.label("start_date")),
            "help_content": self.value("help_content"),
            "watch_points": self.value("watch_points"),
        }
        return pairing_domain.save_pairing(data, self.pairing)


class EndPairingDialog(FormDialog):
    def __init__(self, master: tk.Misc, pairing: Pairing, target: str):
        self.pairing, self.target_name = pairing, target
        super().__init__(master, "结束结对")

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text=f"{self.pairing.member.name} —— {self.target_name}，"
                              f"自{self.pairing.start_date:%Y-%m-%d}起。结束后记录和走访作为历史保留。",
                  wraplength=460).grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.add_field(frame, "end_date", Pairing.label("end_date"), date_entry(frame, date.today()))
        self.add_field(frame, "end_reason", Pairing.label("end_reason"), choice_box(frame, END_REASONS))
        self.text(frame, "end_note", Pairing.label("end_note"), height=2)

    def apply(self):
        return pairing_domain.end_pairing(self.pairing, {
            "end_date": read_date(self.fields["end_date"], Pairing.label("end_date")),
            "end_reason": chosen_code(self.fields["end_reason"]),
            "end_note": self.value("end_note")})


class VisitDialog(FormDialog):
    def __init__(self, master: tk.Misc, pairing: Pairing, target: str, visit: Visit | None = None):
        self.pairing, self.target_name, self.visit = pairing, target, visit
        super().__init__(master, "编辑走访记录" if visit else "新增走访记录")

    def body(self, frame: ttk.Frame) -> None:
        v = self.visit
        ttk.Label(frame, text=f"{self.pairing.member.name} 走访 {self.target_name}").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.add_field(frame, "visit_date", Visit.label("visit_date"),
                       date_entry(frame, v.visit_date if v else date.today()))
        self.add_field(frame, "way", Visit.label("way"),
                       choice_box(frame, VISIT_WAYS, v.way if v else "home"))
        self.text(frame, "living", Visit.label("living"), v.living if v else "", height=2)
        self.add_field(frame, "mood", Visit.label("mood"),
                       choice_box(frame, MOODS, v.mood if v else "stable"))
        self.text(frame, "risks", Visit.label("risks"), v.risks if v else "", height=2)
        self.text(frame, "help_given", Visit.label("help_given"), v.help_given if v else "",
                  height=2)
        self.follow_var = tk.BooleanVar(value=bool(v and v.needs_follow_up))
        self.dispute_var = tk.BooleanVar(value=bool(v and v.found_dispute))
        self.add_field(frame, "needs_follow_up", Visit.label("needs_follow_up"),
                       ttk.Checkbutton(frame, text="需要跟进", variable=self.follow_var))
        self.add_field(frame, "found_dispute", Visit.label("found_dispute"),
                       ttk.Checkbutton(frame, text="这次走访发现了矛盾纠纷（可转入矛盾纠纷调解）",
                                       variable=self.dispute_var))

    def apply(self):
        return pairing_domain.save_visit({
            "pairing": self.pairing,
            "visit_date": read_date(self.fields["visit_date"], Visit.label("visit_date")),
            "way": chosen_code(self.fields["way"]), "mood": chosen_code(self.fields["mood"]),
            "living": self.value("living"), "risks": self.value("risks"),
            "help_given": self.value("help_given"), "needs_follow_up": self.follow_var.get(),
            "found_dispute": self.dispute_var.get()}, self.visit)


class ProfileDialog(FormDialog):
    """A party member's 党内职务, 承诺 and 职责 (亮身份、亮承诺、亮职责)."""

    def __init__(self, master: tk.Misc, unit_id: int, member_id: int | None = None):
        self.members = member_choices(unit_id)
        self.member_id = member_id
        super().__init__(master, "党员承诺和职责")

    def body(self, frame: ttk.Frame) -> None:
        box = ttk.Combobox(frame, state="readonly", width=46, values=[m.label() for m in self.members])
        self.add_field(frame, "member", "党员", box)
        box.bind("<<ComboboxSelected>>", lambda e: self.load())
        self.entry(frame, "post", PartyMemberProfile.label("post"), hint="如：普通党员、支部委员、党小组长")
        self.text(frame, "commitment", PartyMemberProfile.label("commitment"))
        self.text(frame, "duties", PartyMemberProfile.label("duties"))
        for index, member in enumerate(self.members):
            if member.id == self.member_id:
                box.current(index)
                self.load()

    def load(self) -> None:
        index = self.fields["member"].current()
        profile = PartyMemberProfile.get_or_none(PartyMemberProfile.resident == self.members[index].id)
        for name in ("post", "commitment", "duties"):
            widget, value = self.fields[name], getattr(profile, name) if profile else ""
            if isinstance(widget, tk.Text):
                widget.delete("1.0", "end")
                widget.insert("1.0", value)
            else:
                widget.delete(0, "end")
                widget.insert(0, value)

    def apply(self):
        index = self.fields["member"].current()
        if index < 0:
            raise ValidationError("请先选择党员。")
        return pairing_domain.save_profile(Resident.get_by_id(self.members[index].id), {
            name: self.value(name) for name in ("post", "commitment", "duties")})


class IntervalDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit):
        self.unit, self.current = unit, visit_intervals(unit.id)
        super().__init__(master, "走访间隔")

    def body(self, frame: ttk.Frame) -> None:
        ttk.Label(frame, text="结对的最近一次走访超过这么多天，就列入“走访超期”。",
                  bootstyle="secondary").grid(row=self._row, column=0, columnspan=2, sticky="w")
        self._row += 1
        self.entry(frame, "special", "特殊群体（天）", str(self.current["special"]), width=8,
                   hint="工作方案：每月走访，默认30天")
        self.entry(frame, "hardship", "困难群体（天）", str(self.current["hardship"]), width=8,
                   hint="工作方案：每季度走访，默认90天")

    def apply(self):
        return pairing_domain.set_visit_intervals(self.unit, self.value("special"),
                                                  self.value("hardship"))
