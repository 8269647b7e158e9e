"""Forms of the 红白理事会 tab: the council, a member, a 章程/制度 text, a meeting, a 支客士 and
a training; and the search-and-pick list they use to link a person to the roster."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from typing import Callable, Sequence

import ttkbootstrap as ttk

from . import council, emcees
from ..roster.queries import Choice, resident_choices
from .queries import council_of
from ...errors import ValidationError
from .models import Council, CouncilMeeting, CouncilMember, CouncilText, Emcee, EmceeTraining
from ...store.models import Unit
from ...ui.widgets import FormDialog, date_entry, read_date

CERTIFICATE_YEARS = 3  # the customary validity the 按3年计 button fills in


def choice_box(master: tk.Misc, choices: Sequence[tuple[str, str]], current: str | None,
               width: int = 34) -> ttk.Combobox:
    """A read-only drop-down of a model's choices, showing the Chinese labels."""
    box = ttk.Combobox(master, state="readonly", width=width, values=[label for _, label in choices])
    codes = [code for code, _ in choices]
    if current in codes:
        box.current(codes.index(current))
    return box


def chosen_code(box: ttk.Combobox, choices: Sequence[tuple[str, str]]) -> str | None:
    index = box.current()
    return choices[index][0] if index >= 0 else None


class SearchPicker(ttk.Frame):
    """Type part of a name or address, press Enter, pick one from the list."""

    def __init__(self, master: tk.Misc, fetch: Callable[[str], list[Choice]],
                 chosen: Choice | None = None, on_change: Callable[[], None] | None = None,
                 empty_text: str = "（未选）"):
        super().__init__(master)
        self.fetch, self.on_change, self.empty_text = fetch, on_change, empty_text
        self.choices: list[Choice] = []
        self.chosen = chosen
        top = ttk.Frame(self)
        top.pack(fill="x")
        self.search_entry = ttk.Entry(top, width=20)
        self.search_entry.pack(side="left", fill="x", expand=True)
        self.search_entry.bind("<Return>", lambda e: (self.search(), "break")[1])
        ttk.Button(top, text="查找", command=self.search, bootstyle="secondary-outline").pack(
            side="left", padx=(4, 0))
        ttk.Button(top, text="清除", command=self.clear, bootstyle="secondary-link").pack(side="left")
        self.listbox = tk.Listbox(self, height=4, exportselection=False)
        self.listbox.pack(fill="x", pady=(2, 0))
        self.listbox.bind("<<ListboxSelect>>", lambda e: self.pick(self.listbox.curselection()))
        self.chosen_label = ttk.Label(self, text="", bootstyle="info")
        self.chosen_label.pack(anchor="w")
        self._show()

    def search(self) -> None:
        self.choices = self.fetch(self.search_entry.get())
        self.listbox.delete(0, "end")
        for choice in self.choices:
            self.listbox.insert("end", choice.label)
        if not self.choices:
            self.listbox.insert("end", "（没有找到，请换个字再查）")

    def pick(self, selection: Sequence[int]) -> None:
        if selection and selection[0] < len(self.choices):
            self.chosen = self.choices[selection[0]]
            self._show()
            if self.on_change:
                self.on_change()

    def clear(self) -> None:
        self.chosen = None
        self._show()
        if self.on_change:
            self.on_change()

    def _show(self) -> None:
        self.chosen_label.configure(text=f"已选：{self.chosen.label}" if self.chosen else self.empty_text)


def _resident_choice(record) -> Choice | None:
    if record is None or record.resident_id is None:
        return None
    person = record.resident
    return Choice(person.id, f"{person.name}　{person.household.address}")


class CouncilDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit):
        self.unit = unit
        self.record = council_of(unit.id)
        super().__init__(master, "红白理事会基本情况")

    def body(self, frame: ttk.Frame) -> None:
        c = self.record
        self.entry(frame, "name", Council.label("name"),
                   c.name if c else council.default_council_name(self.unit))
        self.add_field(frame, "founded_on", Council.label("founded_on"),
                       date_entry(frame, c.founded_on if c else None))
        self.add_field(frame, "party_group_formed_on", Council.label("party_group_formed_on"),
                       date_entry(frame, c.party_group_formed_on if c else None),
                       hint="还没有成立党小组的，此项空着")
        self.entry(frame, "party_group_leader", Council.label("party_group_leader"),
                   c.party_group_leader if c else "", hint="由指导员（支部书记）兼任")
        self.text(frame, "note", Council.label("note"), c.note if c else "", height=2)

    def apply(self):
        label = Council.label
        return council.save_council(self.unit, {
            "name": self.value("name"), "note": self.value("note"),
            "founded_on": read_date(self.fields["founded_on"], label("founded_on")),
            "party_group_formed_on": read_date(self.fields["party_group_formed_on"],
                                               label("party_group_formed_on")),
            "party_group_leader": self.value("party_group_leader")})


class MemberDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit, member: CouncilMember | None = None):
        self.unit, self.member = unit, member
        self.roles = CouncilMember._meta.fields["role"].choices
        super().__init__(master, f"编辑理事会成员：{member.name}" if member else "新增理事会成员")

    def body(self, frame: ttk.Frame) -> None:
        m = self.member
        self.add_field(frame, "role", CouncilMember.label("role"),
                       choice_box(frame, self.roles, m.role if m else "member"),
                       hint="总会长由镇分管领导担任，指导员由支部书记担任，会长原则上是党员")
        self.picker = SearchPicker(frame, lambda text: resident_choices(self.unit.id, text),
                                   _resident_choice(m), self.toggle_name,
                                   empty_text="（未选：不是本村人员的，在下面填姓名）")
        self.add_field(frame, "resident", CouncilMember.label("resident"), self.picker)
        self.entry(frame, "name", "姓名（非本村人员）", m.name if m and not m.resident_id else "")
        self.party_var = tk.BooleanVar(value=bool(m and m.is_party_member))
        self.add_field(frame, "is_party_member", CouncilMember.label("is_party_member"),
                       ttk.Checkbutton(frame, text="是党员（本村人员以花名册为准）", variable=self.party_var))
        self.entry(frame, "work_unit", CouncilMember.label("work_unit"), m.work_unit if m else "",
                   hint="如：东安镇人民政府分管领导、村党支部书记")
        self.entry(frame, "phone", CouncilMember.label("phone"), m.phone if m else "")
        self.add_field(frame, "term_start", CouncilMember.label("term_start"),
                       date_entry(frame, m.term_start if m else date.today()))
        self.add_field(frame, "term_end", CouncilMember.label("term_end"),
                       date_entry(frame, m.term_end if m else None), hint="仍在任的空着")
        self.text(frame, "note", CouncilMember.label("note"), m.note if m else "", height=2)
        self.toggle_name()

    def toggle_name(self) -> None:
        linked = self.picker.chosen is not None
        self.fields["name"].configure(state="disabled" if linked else "normal")
        self.fields["is_party_member"].configure(state="disabled" if linked else "normal")

    def apply(self):
        label = CouncilMember.label
        return council.save_member(self.unit, {
            "role": chosen_code(self.fields["role"], self.roles),
            "resident": self.picker.chosen.id if self.picker.chosen else None,
            "name": self.value("name"), "is_party_member": self.party_var.get(),
            "work_unit": self.value("work_unit"), "phone": self.value("phone"),
            "term_start": read_date(self.fields["term_start"], label("term_start")),
            "term_end": read_date(self.fields["term_end"], label("term_end")),
            "note": self.value("note")}, self.member)


class TextDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit, text: CouncilText | None = None):
        self.unit, self.record = unit, text
        self.kinds = CouncilText._meta.fields["kind"].choices
        super().__init__(master, f"编辑：{text.title}" if text else "新增章程或制度")

    def body(self, frame: ttk.Frame) -> None:
        t = self.record
        self.add_field(frame, "kind", CouncilText.label("kind"),
                       choice_box(frame, self.kinds, t.kind if t else "charter"))
        self.entry(frame, "title", CouncilText.label("title"), t.title if t else "")
        self.add_field(frame, "adopted_on", CouncilText.label("adopted_on"),
                       date_entry(frame, t.adopted_on if t else None), hint="会员大会讨论通过的日期")
        self.text(frame, "body", CouncilText.label("body"), t.body if t else "", height=12)

    def apply(self):
        return council.save_text(self.unit, {
            "kind": chosen_code(self.fields["kind"], self.kinds), "title": self.value("title"),
            "adopted_on": read_date(self.fields["adopted_on"], CouncilText.label("adopted_on")),
            "body": self.value("body")}, self.record)


class MeetingDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit, meeting: CouncilMeeting | None = None,
                 due_count: int | None = None):
        self.unit, self.record, self.due_count = unit, meeting, due_count
        self.kinds = CouncilMeeting._meta.fields["kind"].choices
        super().__init__(master, "编辑会议记录" if meeting else "登记会议")

    def body(self, frame: ttk.Frame) -> None:
        m = self.record
        self.add_field(frame, "kind", CouncilMeeting.label("kind"),
                       choice_box(frame, self.kinds, m.kind if m else "general"))
        self.add_field(frame, "held_on", CouncilMeeting.label("held_on"),
                       date_entry(frame, m.held_on if m else date.today()))
        self.entry(frame, "place", CouncilMeeting.label("place"), m.place if m else "")
        self.entry(frame, "due_count", CouncilMeeting.label("due_count"),
                   str(m.due_count) if m else str(self.due_count or ""), width=10)
        self.entry(frame, "present_count", CouncilMeeting.label("present_count"),
                   str(m.present_count) if m else "", width=10)
        self.text(frame, "topics", CouncilMeeting.label("topics"), m.topics if m else "")
        self.text(frame, "decisions", CouncilMeeting.label("decisions"), m.decisions if m else "")
        self.entry(frame, "recorder", CouncilMeeting.label("recorder"), m.recorder if m else "")

    def apply(self):
        data = {key: self.value(key) for key in ("place", "due_count", "present_count", "topics",
                                                 "decisions", "recorder")}
        data["kind"] = chosen_code(self.fields["kind"], self.kinds)
        data["held_on"] = read_date(self.fields["held_on"], CouncilMeeting.label("held_on"))
        return council.save_meeting(self.unit, data, self.record)


class EmceeDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit, emcee: Emcee | None = None):
        self.unit, self.record = unit, emcee
        super().__init__(master, f"编辑支客士：{emcee.name}" if emcee else "新增支客士")

    def body(self, frame: ttk.Frame) -> None:
        e = self.record
        self.picker = SearchPicker(frame, lambda text: resident_choices(self.unit.id, text),
                                   _resident_choice(e), self.toggle_name,
                                   empty_text="（未选：外村人员在下面填姓名）")
        self.add_field(frame, "resident", Emcee.label("resident"), self.picker)
        self.entry(frame, "name", "姓名（非本村人员）", e.name if e and not e.resident_id else "")
        self.add_field(frame, "gender", Emcee.label("gender"),
                       choice_box(frame, Emcee._meta.fields["gender"].choices, e.gender if e else ""))
        self.entry(frame, "phone", Emcee.label("phone"), e.phone if e else "")
        number = ttk.Frame(frame)
        self.number_entry = ttk.Entry(number, width=24)
        self.number_entry.insert(0, e.certificate_no if e else "")
        self.number_entry.pack(side="left", fill="x", expand=True)
        ttk.Button(number, text="生成编号", command=self.suggest_number,
                   bootstyle="secondary-link").pack(side="left")
        self.add_field(frame, "certificate_no", Emcee.label("certificate_no"), number,
                       hint="培训合格发证后填写；还没发证的空着")
        self.add_field(frame, "certificate_issued_on", Emcee.label("certificate_issued_on"),
                       date_entry(frame, e.certificate_issued_on if e else None))
        expires = ttk.Frame(frame)
        self.expires_entry = date_entry(expires, e.certificate_expires_on if e else None)
        self.expires_entry.pack(side="left")
        ttk.Button(expires, text=f"按{CERTIFICATE_YEARS}年计", command=self.fill_expiry,
                   bootstyle="secondary-link").pack(side="left")
        self.add_field(frame, "certificate_expires_on", Emcee.label("certificate_expires_on"), expires)
        self.entry(frame, "issued_by", Emcee.label("issued_by"),
                   e.issued_by if e else "东安镇红白理事会")
        self.active_var = tk.BooleanVar(value=e.active if e else True)
        self.add_field(frame, "active", Emcee.label("active"),
                       ttk.Checkbutton(frame, text="仍从事支客工作", variable=self.active_var))
        self.text(frame, "note", Emcee.label("note"), e.note if e else "", height=2)
        self.toggle_name()

    def toggle_name(self) -> None:
        linked = self.picker.chosen is not None
        self.fields["name"].configure(state="disabled" if linked else "normal")
        self.fields["gender"].configure(state="disabled" if linked else "readonly")

    def suggest_number(self) -> None:
        issued = self._date("certificate_issued_on") or date.today()
        self.number_entry.delete(0, "end")
        self.number_entry.insert(0, emcees.next_certificate_no(self.unit, issued.year))

    def fill_expiry(self) -> None:
        try:
            issued = self._date("certificate_issued_on")
        except ValidationError as exc:
            self.error_label.configure(text=exc.message)
            return
        if issued is None:
            self.error_label.configure(text="请先填写发证日期。")
            return
        self.expires_entry.entry.delete(0, "end")
        self.expires_entry.entry.insert(0, f"{emcees.expiry_after_years(issued, CERTIFICATE_YEARS):%Y-%m-%d}")

    def _date(self, name: str) -> date | None:
        widget = self.expires_entry if name == "certificate_expires_on" else self.fields[name]
        return read_date(widget, Emcee.label(name))

    def apply(self):
        return emcees.save_emcee(self.unit, {
            "resident": self.picker.chosen.id if self.picker.chosen else None,
            "name": self.value("name"),
            "gender": chosen_code(self.fields["gender"], Emcee._meta.fields["gender"].choices) or "",
            "phone": self.value("phone"), "certificate_no": self.number_entry.get(),
            "certificate_issued_on": self._date("certificate_issued_on"),
            "certificate_expires_on": self._date("certificate_expires_on"),
            "issued_by": self.value("issued_by"), "active": self.active_var.get(),
            "note": self.value("note")}, self.record)


class TrainingDialog(FormDialog):
    def __init__(self, master: tk.Misc, emcee: Emcee, training: EmceeTraining | None = None):
        self.emcee, self.record = emcee, training
        super().__init__(master, f"{emcee.name}的培训记录")

    def body(self, frame: ttk.Frame) -> None:
        t = self.record
        self.add_field(frame, "trained_on", EmceeTraining.label("trained_on"),
                       date_entry(frame, t.trained_on if t else date.today()))
        self.entry(frame, "hours", EmceeTraining.label("hours"), f"{t.hours:g}" if t else "",
                   width=10, hint="小时，可填小数，如 2.5")
        self.text(frame, "content", EmceeTraining.label("content"), t.content if t else "")
        self.entry(frame, "trainer", EmceeTraining.label("trainer"), t.trainer if t else "")

    def apply(self):
        return emcees.save_training(self.emcee, {
            "trained_on": read_date(self.fields["trained_on"], EmceeTraining.label("trained_on")),
            "hours": self.value("hours"), "content": self.value("content"),
            "trainer": self.value("trainer")}, self.record)
