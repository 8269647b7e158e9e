"""延长调解期限: the small form that records an extension of a case's one-month limit (the rule
is ``deadlines.extend_limit``: both parties' consent, a reason, a sensible new date)."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from .deadlines import cancel_extension, case_limit, extend_limit, one_month_after
from .models import Dispute
from ...errors import ValidationError
from ...ui import messages
from ...ui.widgets import FormDialog, date_entry, read_date


class ExtensionDialog(FormDialog):
    def __init__(self, master: tk.Misc, dispute: Dispute):
        self.dispute = dispute
        super().__init__(master, f"{dispute.number} 延长调解期限")

    def body(self, frame: ttk.Frame) -> None:
        current = case_limit(self.dispute)
        now = (f"现在的期限：{current:%Y-%m-%d}"
               + (f"（已延期过一次：{self.dispute.extension_reason}）" if self.dispute.extended_to
                  else "（受理后一个月）"))
        ttk.Label(frame, text=now).grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.add_field(frame, "extended_to", "延长至", date_entry(frame, one_month_after(current)),
                       hint="每次最多延长一个月")
        self.add_field(frame, "extended_on", "同意延期的日期", date_entry(frame, date.today()))
        self.text(frame, "reason", "延期原因", "", height=3)
        self.consent = tk.BooleanVar(value=False)
        self.add_field(frame, "consent", "当事人意见",
                       ttk.Checkbutton(frame, text="双方当事人同意延期", variable=self.consent))
        if self.dispute.extended_to is not None:
            ttk.Button(frame, text="撤销上次延期（登记错了）", bootstyle="danger-link",
                       command=self.undo).grid(row=self._row, column=1, sticky="w")
            self._row += 1

    def apply(self):
        return extend_limit(self.dispute, read_date(self.fields["extended_to"], "延长后的调解期限"),
                            self.value("reason"), self.consent.get(),
                            on=read_date(self.fields["extended_on"], "同意延期的日期"))

    def undo(self) -> None:
        if not messages.ask_yes_no(self, "撤销上次登记的延期吗？调解期限将回到受理后一个月。"):
            return
        try:
            self.result = cancel_extension(self.dispute)
        except ValidationError as exc:
            self.error_label.configure(text=exc.message)
            return
        self.grab_release()
        self.destroy()
