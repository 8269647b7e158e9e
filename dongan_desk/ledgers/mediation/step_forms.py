"""Forms of the ladder: a mediation step (with the agreement when it settles), the agreement on
its own, a follow-up visit, and withdrawing a case."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from typing import Any

import ttkbootstrap as ttk

from .cases import withdraw_dispute
from .ladder import (TOP_TIER, confirmation_deadline, next_tier, save_agreement, save_follow_up,
                     save_step)
from .models import Agreement, Dispute, FollowUp, MediationStep
from .models import AGREEMENT_KINDS, PERFORMANCE, SATISFACTION, STEP_RESULTS, TIER_MEDIATORS, TIERS
from ..covenant.citation_forms import pick_clauses
from ...ui.widgets import CodeBox, FormDialog, date_entry, read_date

TIER_NAMES = dict(TIERS)


class _Grid:
    """Fields laid out in one frame of a dialog, registered in the dialog's ``fields``."""

    def __init__(self, dialog: FormDialog, frame: tk.Misc):
        self.dialog, self.frame, self.row = dialog, frame, 0
        frame.columnconfigure(1, weight=1)

    def add(self, name: str, label: str, widget: tk.Widget, hint: str = "") -> tk.Widget:
        ttk.Label(self.frame, text=label + "：").grid(row=self.row, column=0, sticky="ne", pady=3)
        widget.grid(row=self.row, column=1, sticky="ew", pady=3)
        self.dialog.fields[name] = widget
        self.row += 1
        if hint:
            ttk.Label(self.frame, text=hint, bootstyle="secondary").grid(row=self.row, column=1, sticky="w")
            self.row += 1
        return widget

    def entry(self, name: str, label: str, value: str = "", hint: str = "") -> ttk.Entry:
        widget = ttk.Entry(self.frame, width=30)
        widget.insert(0, value or "")
        return self.add(name, label, widget, hint)

    def text(self, name: str, label: str, value: str = "", height: int = 2, hint: str = "") -> tk.Text:
        widget = tk.Text(self.frame, height=height, width=30, wrap="word", undo=True)
        widget.insert("1.0", value or "")
        return self.add(name, label, widget, hint)


def agreement_fields(grid: _Grid, a: Agreement | None, default_day: date) -> None:
    """The fields every agreement has (FORMS.md §1)."""
    grid.add("a_kind", Agreement.label("kind"), CodeBox(grid.frame, AGREEMENT_KINDS, a.kind if a else "written", 28))
    grid.text("a_items", Agreement.label("items"), a.items if a else "", height=5,
              hint="每行写一条，打印时自动编号 1、2、3…")
    grid.entry("a_perform_how", Agreement.label("perform_how"), a.perform_how if a else "",
               hint="如：当面现金支付、自行拆除")
    grid.entry("a_perform_place", Agreement.label("perform_place"), a.perform_place if a else "")
    grid.add("a_perform_by", Agreement.label("perform_by"), date_entry(grid.frame, a.perform_by if a else None))
    grid.entry("a_amount", Agreement.label("amount"), f"{a.amount:.2f}" if a else "")
    grid.add("a_effective_on", Agreement.label("effective_on"),
             date_entry(grid.frame, a.effective_on if a else default_day),
             hint="各方签名（按指印）、调解委员会盖章之日；司法确认须在其后30日内申请")
    grid.entry("a_mediator", Agreement.label("mediator"), a.mediator if a else "")
    grid.entry("a_recorder", Agreement.label("recorder"), a.recorder if a else "")


def read_agreement(dialog: FormDialog) -> dict[str, Any]:
    f = dialog.fields
    return {"kind": f["a_kind"].code, "items": dialog.value("a_items"),
            "perform_how": dialog.value("a_perform_how"), "perform_place": dialog.value("a_perform_place"),
            "perform_by": read_date(f["a_perform_by"], Agreement.label("perform_by")),
            "amount": dialog.value("a_amount"),
            "effective_on": read_date(f["a_effective_on"], Agreement.label("effective_on")),
            "mediator": dialog.value("a_mediator"), "recorder": dialog.value("a_recorder")}


def _set_text_state(widget: tk.Text, enabled: bool) -> None:
    # a disabled tk.Text looks the same as an enabled one unless it is greyed by hand
    widget.configure(state="normal" if enabled else "disabled",
                     background="white" if enabled else "#e9ecef")


def _set_state(widget: tk.Misc, enabled: bool) -> None:
    """Enable or grey out a frame's fields (date entries have their own switch)."""
    for child in widget.winfo_children():
        if isinstance(child, ttk.DateEntry):
            child.enable() if enabled else child.disable()
        elif isinstance(child, tk.Text):
            _set_text_state(child, enabled)
        elif isinstance(child, CodeBox):
            child.configure(state="readonly" if enabled else "disabled")
        elif isinstance(child, ttk.Entry):
            child.configure(state="normal" if enabled else "disabled")


class StepDialog(FormDialog):
    """Record a mediation step at the tier the ladder gives (or correct one)."""

    def __init__(self, master: tk.Misc, dispute: Dispute, step: MediationStep | None = None):
        self.dispute, self.step = dispute, step
        self.tier = step.tier if step else next_tier(dispute)
        self.number = (dispute.steps.count() + 1) if step is None else None
        # the agreement is written with the step that settles the case, once
        self.with_agreement = not Agreement.select().where(Agreement.dispute == dispute).exists()
        title = f"修改调解记录（{TIER_NAMES[self.tier]}）" if step else f"记录调解：{TIER_NAMES[self.tier]}"
        super().__init__(master, f"{dispute.number} {title}")

    def body(self, frame: ttk.Frame) -> None:
        s = self.step
        left = ttk.Labelframe(frame, text=f"{TIER_NAMES[self.tier]}（第{self.tier}级）", padding=8)
        left.grid(row=0, column=0, sticky="nsew", padx=(0, 6))
        grid = _Grid(self, left)
        ttk.Label(left, text=f"调解主体：{TIER_MEDIATORS[self.tier]}", bootstyle="info", wraplength=380).grid(
            row=grid.row, column=0, columnspan=2, sticky="w", pady=(0, 4))
        grid.row += 1
        grid.add("held_on", MediationStep.label("held_on"), date_entry(left, s.held_on if s else date.today()))
        grid.entry("place", MediationStep.label("place"), s.place if s else "")
        grid.text("mediators", MediationStep.label("mediators"), s.mediators if s else "",
                  hint="写明姓名和身份，如：王某（院落长）、李某（当事人亲属）")
        if self.tier == 2:
            grid.text("covenant_clause", MediationStep.label("covenant_clause"),
                      s.covenant_clause if s else "", height=3, hint="如：《兴田村村规民约》第八条")
            self.cite_button = ttk.Button(left, text="从现行村规民约选择条款…", command=self.cite,
                                          bootstyle="info-outline")
            self.cite_button.grid(row=grid.row, column=1, sticky="w", pady=(0, 4))
            grid.row += 1
        grid.text("record", MediationStep.label("record"), s.record if s else "", height=4)
        results = [r for r in STEP_RESULTS if not (r[0] == "escalate" and self.tier >= TOP_TIER)]
        result = grid.add("result", MediationStep.label("result"),
                          CodeBox(left, results, s.result if s else None, 28))
        result.bind("<<ComboboxSelected>>", lambda e: self.toggle())
        grid.text("escalation_reason", MediationStep.label("escalation_reason"),
                  s.escalation_reason if s else "",
                  hint="未达成、上升一级时写明原因" if self.tier < TOP_TIER else "")
        self.agreement_frame = None
        if self.with_agreement:
            self.agreement_frame = ttk.Labelframe(frame, text="达成的协议（调解成功时填写）", padding=8)
            self.agreement_frame.grid(row=0, column=1, sticky="nsew")
            agreement_fields(_Grid(self, self.agreement_frame), None, date.today())
        frame.columnconfigure(1, weight=1)
        self._row = 1
        self.toggle()

    def cite(self) -> None:
        """The 条款 picked from the village's 现行 村规民约, in place of what the box held."""
        citation = pick_clauses(self, self.dispute.unit_id)
        if citation:
            box = self.fields["covenant_clause"]
            box.delete("1.0", "end")
            box.insert("1.0", citation)

    def toggle(self) -> None:
        result = self.fields["result"].code
        _set_text_state(self.fields["escalation_reason"], result == "escalate")
        if self.agreement_frame is not None:
            _set_state(self.agreement_frame, result == "settled")

    def apply(self):
        result = self.fields["result"].code
        data = {"held_on": read_date(self.fields["held_on"], MediationStep.label("held_on")),
                "place": self.value("place"), "mediators": self.value("mediators"),
                "covenant_clause": self.value("covenant_clause") if self.tier == 2 else "",
                "record": self.value("record"), "result": result,
                "escalation_reason": self.value("escalation_reason") if result == "escalate" else ""}
        agreement = read_agreement(self) if self.with_agreement and result == "settled" else None
        return save_step(self.dispute, data, self.step, agreement=agreement)


class AgreementDialog(FormDialog):
    """The agreement of a settled case: corrections, performance, 司法确认."""

    def __init__(self, master: tk.Misc, dispute: Dispute):
        self.dispute = dispute
        self.agreement = Agreement.get(Agreement.dispute == dispute)
        super().__init__(master, f"{dispute.number} 调解协议")

    def body(self, frame: ttk.Frame) -> None:
        a = self.agreement
        box = ttk.Frame(frame)
        box.grid(row=0, column=0, columnspan=2, sticky="nsew")
        grid = _Grid(self, box)
        agreement_fields(grid, a, a.effective_on)
        grid.add("a_confirmation_applied_on", Agreement.label("confirmation_applied_on"),
                 date_entry(box, a.confirmation_applied_on),
                 hint=f"书面协议可由双方在 {confirmation_deadline(a.effective_on):%Y-%m-%d} 前共同向人民法院申请")
        grid.add("a_performance", Agreement.label("performance"), CodeBox(box, PERFORMANCE, a.performance, 28))
        grid.text("a_performance_note", Agreement.label("performance_note"), a.performance_note)
        self._row = 1

    def apply(self):
        data = read_agreement(self)
        data.update(confirmation_applied_on=read_date(self.fields["a_confirmation_applied_on"],
                                                      Agreement.label("confirmation_applied_on")),
                    performance=self.fields["a_performance"].code,
                    performance_note=self.value("a_performance_note"))
        return save_agreement(self.dispute, data)


class FollowUpDialog(FormDialog):
    def __init__(self, master: tk.Misc, dispute: Dispute, follow_up: FollowUp | None = None):
        self.dispute, self.follow_up = dispute, follow_up
        self.agreement = Agreement.get(Agreement.dispute == dispute)
        super().__init__(master, f"{dispute.number} {'修改回访' if follow_up else '登记回访'}")

    def body(self, frame: ttk.Frame) -> None:
        f = self.follow_up
        self.add_field(frame, "visited_on", FollowUp.label("visited_on"),
                       date_entry(frame, f.visited_on if f else date.today()))
        self.entry(frame, "visitor", FollowUp.label("visitor"), f.visitor if f else "")
        self.entry(frame, "reason", FollowUp.label("reason"), f.reason if f else "了解协议履行情况")
        self.text(frame, "situation", FollowUp.label("situation"), f.situation if f else "", height=3)
        self.add_field(frame, "performance", Agreement.label("performance"),
                       CodeBox(frame, PERFORMANCE, self.agreement.performance))
        self.add_field(frame, "satisfaction", FollowUp.label("satisfaction"),
                       CodeBox(frame, SATISFACTION, f.satisfaction if f else "satisfied"))
        self.text(frame, "new_risks", FollowUp.label("new_risks"), f.new_risks if f else "")
        self.text(frame, "measures", FollowUp.label("measures"), f.measures if f else "")

    def apply(self):
        data = {"visited_on": read_date(self.fields["visited_on"], FollowUp.label("visited_on")),
                **{k: self.value(k) for k in ("visitor", "reason", "situation", "new_risks", "measures")},
                "satisfaction": self.fields["satisfaction"].code,
                "performance": self.fields["performance"].code}
        return save_follow_up(self.dispute, data, self.follow_up)


class WithdrawDialog(FormDialog):
    def __init__(self, master: tk.Misc, dispute: Dispute):
        self.dispute = dispute
        super().__init__(master, f"{dispute.number} 撤回")

    def body(self, frame: ttk.Frame) -> None:
        self.add_field(frame, "on", "撤回日期", date_entry(frame, date.today()))
        self.text(frame, "reason", "撤回原因", "当事人申请撤回", height=2)

    def apply(self):
        return withdraw_dispute(self.dispute, read_date(self.fields["on"], "撤回日期"), self.value("reason"))
