"""Forms for a 红白事报备 and its on-site supervision. The filing form checks the village's
limits as the clerk types and says which one breaks, before saving."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from . import ceremony
from .emcees import certificate_valid_on
from ..roster.queries import Choice
from .queries import emcee_choices, head_of, household_choices
from ...errors import ValidationError
from .models import CeremonyFiling
from ...store.models import Household, Unit
from .council_forms import SearchPicker, choice_box, chosen_code
from ...ui.widgets import FormDialog, date_entry, read_date

NO_EMCEE = "（不请支客士）"
BREACH_MARK = "⚠ "


class FilingDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit, filing: CeremonyFiling | None = None):
        self.unit, self.record = unit, filing
        self.kinds = CeremonyFiling._meta.fields["kind"].choices
        self.emcees = emcee_choices(unit.id)
        if filing is not None and filing.emcee_id and filing.emcee not in self.emcees:
            self.emcees.append(filing.emcee)  # a retired 支客士 stays on his old filings
        super().__init__(master, "编辑红白事报备" if filing else "新增红白事报备")

    def body(self, frame: ttk.Frame) -> None:
        f = self.record
        label = CeremonyFiling.label
        self.add_field(frame, "kind", label("kind"), choice_box(frame, self.kinds, f.kind if f else "wedding"))
        chosen = None
        if f is not None and f.household_id:
            chosen = Choice(f.household_id, f"{f.host_name}　{f.household.address}")
        self.picker = SearchPicker(frame, lambda text: household_choices(self.unit.id, text),
                                   chosen, self.fill_host, empty_text="（未选：输入户主姓名或住址查找）")
        self.picker.listbox.configure(height=3)
        self.add_field(frame, "household", label("household"), self.picker)
        # Pairs of short fields share a row: the form fits a 768-pixel-high screen.
        host = self._inline(frame, label("host_name"))
        self._inline_entry(host, "host_name", f.host_name if f else "", 14)
        self._inline_entry(host, "host_phone", f.host_phone if f else "", 16, label("host_phone"))
        self.entry(frame, "subject", label("subject"), f.subject if f else "")
        dates = ttk.Frame(frame)
        self.start_entry = date_entry(dates, f.start_on if f else None)
        self.end_entry = date_entry(dates, f.end_on if f else None)
        self.start_entry.pack(side="left")
        ttk.Label(dates, text=" 至 ").pack(side="left")
        self.end_entry.pack(side="left")
        ttk.Label(dates, text="（只办一天的可不填结束日期）", bootstyle="secondary").pack(side="left")
        self.add_field(frame, "start_on", f"{label('start_on')}～{label('end_on')}", dates)
        self.entry(frame, "place", label("place"), f.place if f else "")
        numbers = ttk.Frame(frame)
        self.tables_entry = ttk.Entry(numbers, width=8)
        self.guests_entry = ttk.Entry(numbers, width=8)
        self.tables_entry.insert(0, str(f.tables) if f else "")
        self.guests_entry.insert(0, str(f.guests) if f else "")
        for widget, text in ((self.tables_entry, "桌　"), (self.guests_entry, "人")):
            widget.pack(side="left")
            ttk.Label(numbers, text=text).pack(side="left")
        self.add_field(frame, "tables", f"{label('tables')}／{label('guests')}", numbers)
        names = [NO_EMCEE] + [e.name + ("" if e.active else "（不在册）") for e in self.emcees]
        emcee_box = ttk.Combobox(frame, state="readonly", values=names, width=34)
        emcee_box.current(self.emcees.index(f.emcee) + 1 if f and f.emcee_id else 0)
        self.add_field(frame, "emcee", label("emcee"), emcee_box)
        filed = self._inline(frame, label("filed_on"))
        self.fields["filed_on"] = date_entry(filed, f.filed_on if f else date.today())
        self.fields["filed_on"].pack(side="left")
        self._inline_entry(filed, "received_by", f.received_by if f else "", 12, label("received_by"))
        self.check_label = ttk.Label(frame, text="", wraplength=620, justify="left")
        self.check_label.grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(6, 2))
        self._row += 1
        self.text(frame, "breach_note", label("breach_note"), f.breach_note if f else "", height=2)
        self.text(frame, "note", label("note"), f.note if f else "", height=1)
        for widget in (self.tables_entry, self.guests_entry, self.start_entry.entry,
                       self.end_entry.entry, self.fields["filed_on"].entry):
            widget.bind("<KeyRelease>", lambda e: self.show_check(), add="+")
            widget.bind("<FocusOut>", lambda e: self.show_check(), add="+")
        for box in (self.fields["kind"], emcee_box):
            box.bind("<<ComboboxSelected>>", lambda e: self.show_check(), add="+")
        self.show_check()

    def _inline(self, frame: ttk.Frame, label_text: str) -> ttk.Frame:
        """A form row whose widget is a frame: for two short fields side by side."""
        ttk.Label(frame, text=label_text + "：").grid(row=self._row, column=0, sticky="ne", pady=3)
        row = ttk.Frame(frame)
        row.grid(row=self._row, column=1, sticky="ew", pady=3)
        self._row += 1
        return row

    def _inline_entry(self, row: ttk.Frame, name: str, value: str, width: int,
                      caption: str = "") -> ttk.Entry:
        if caption:
            ttk.Label(row, text=f"　{caption}：").pack(side="left")
        entry = ttk.Entry(row, width=width)
        entry.insert(0, value)
        entry.pack(side="left", fill="x", expand=True)
        self.fields[name] = entry
        return entry

    def fill_host(self) -> None:
        if self.picker.chosen is not None:
            head = head_of(Household.get_by_id(self.picker.chosen.id))
            entry = self.fields["host_name"]
            if head is not None:
                entry.delete(0, "end")
                entry.insert(0, head.name)
        self.show_check()

    def data(self) -> dict:
        index = self.fields["emcee"].current()
        household = Household.get_by_id(self.picker.chosen.id) if self.picker.chosen else None
        return {"kind": chosen_code(self.fields["kind"], self.kinds), "household": household,
                "host_name": self.value("host_name"), "host_phone": self.value("host_phone"),
                "subject": self.value("subject"), "place": self.value("place"),
                "start_on": read_date(self.start_entry, CeremonyFiling.label("start_on")),
                "end_on": read_date(self.end_entry, CeremonyFiling.label("end_on")),
                "tables": self.tables_entry.get(), "guests": self.guests_entry.get(),
                "emcee": self.emcees[index - 1] if index > 0 else None,
                "filed_on": read_date(self.fields["filed_on"], CeremonyFiling.label("filed_on")),
                "received_by": self.value("received_by"),
                "breach_note": self.value("breach_note"), "note": self.value("note")}

    def show_check(self) -> None:
        """Say, while typing, which of the village's limits this filing breaks."""
        try:
            checked = ceremony.check_filing(self.unit, self.data())
        except ValidationError:
            self.check_label.configure(text="填好类别、主家、日期、桌数和人数后，这里显示是否超出本村限额。",
                                       bootstyle="secondary")
            return
        lines = ["⚠超出本村限额：" + "；".join(checked.breaches)
                 + "。如确需登记，请在“超限说明”中写明原因。"] if checked.breaches else ["✓ 符合本村红白事办理标准。"]
        lines += ["⚠" + w for w in checked.warnings]
        self.check_label.configure(text="\n".join(lines),
                                   bootstyle="danger" if checked.breaches or checked.warnings else "success")

    def apply(self):
        return ceremony.save_filing(self.unit, self.data(), self.record)


class SupervisionDialog(FormDialog):
    def __init__(self, master: tk.Misc, filing: CeremonyFiling):
        self.record = filing
        self.outcomes = CeremonyFiling._meta.fields["outcome"].choices
        super().__init__(master, f"现场监督：{filing.host_name}家{filing.choice_label('kind', filing.kind)}"
                                 f"（{filing.start_on:%Y-%m-%d}）")

    def body(self, frame: ttk.Frame) -> None:
        f = self.record
        label = CeremonyFiling.label
        emcee = f.emcee
        if emcee is not None and not certificate_valid_on(emcee, f.start_on):
            ttk.Label(frame, text=f"{BREACH_MARK}支客士{emcee.name}在办理当天没有有效的上岗证。",
                      bootstyle="danger").grid(row=self._row, column=0, columnspan=2, sticky="w")
            self._row += 1
        if f.breaches:
            ttk.Label(frame, text=f"{BREACH_MARK}报备时已超出限额：{f.breaches}", bootstyle="danger",
                      wraplength=460, justify="left").grid(row=self._row, column=0, columnspan=2,
                                                           sticky="w")
            self._row += 1
        self.entry(frame, "supervisor", label("supervisor"), f.supervisor)
        self.text(frame, "supervision", label("supervision"), f.supervision)
        self.add_field(frame, "outcome", label("outcome"), choice_box(frame, self.outcomes, f.outcome))
        self.text(frame, "problem", label("problem"), f.problem, height=2)

    def apply(self):
        return ceremony.record_supervision(self.record, {
            "outcome": chosen_code(self.fields["outcome"], self.outcomes) or "",
            "supervisor": self.value("supervisor"), "supervision": self.value("supervision"),
            "problem": self.value("problem")})
