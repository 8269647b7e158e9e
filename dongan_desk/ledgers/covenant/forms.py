"""Forms of the 村规民约 tab: the text of a draft, a step of its path, a delivery to a
household, and the 发放期限 setting. Labels come from the models' ``verbose_name``."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from typing import Any

import ttkbootstrap as ttk

from ... import units
from ...errors import ValidationError
from ...store.models import Household
from ...ui import messages
from ...ui.widgets import CodeBox, FormDialog, date_entry, read_date
from .delivery import household_members, save_delivery
from .models import DELIVERY_FORMS, REVIEW_RESULTS, CovenantDelivery, CovenantStep, VillageCovenant
from .rules import DEFAULT_DELIVERY_DAYS, delivery_days, set_delivery_days
from .steps import STEP_NAMES, save_step
from .versions import covenant_text, save_text


class TextDialog(FormDialog):
    """Title, preamble and the whole text of a draft, as in Word: 第一章…, 第一条…"""

    def __init__(self, master: tk.Misc, covenant: VillageCovenant):
        self.covenant = covenant
        super().__init__(master, f"编辑条文：{covenant.title}（第{covenant.version}版草案）")

    def body(self, frame: ttk.Frame) -> None:
        c = self.covenant
        self.entry(frame, "title", VillageCovenant.label("title"), c.title)
        self.text(frame, "preamble", VillageCovenant.label("preamble"), c.preamble, height=3)
        text = tk.Text(frame, height=16, width=80, wrap="word", undo=True)
        text.insert("1.0", covenant_text(c))
        self.add_field(frame, "text", "条文", text,
                       hint="每章一行“第一章　总则”，每条以“第一条”开头；可从 Word 整篇粘贴。条的序号保存时自动连续编排。")

    def apply(self):
        return save_text(self.covenant, {"title": self.value("title"), "preamble": self.value("preamble"),
                                         "text": self.value("text")})


# Which fields each step shows (beyond 日期 and 情况记录).
STEP_FIELDS = {
    "consult": ("opinion_count", "sources"),
    "party": ("due_count", "present_count"),
    "review": ("review_result", "opinion"),
    "vote": ("due_count", "present_count", "agree_count", "against_count", "abstain_count"),
    "posting": ("place",),
}
STEP_HINTS = {
    "vote": "村民委员会组织法第二十六条：实到须超过应到的三分之二，同意须超过实到的半数，否则不能审定。",
    "review": "镇人民政府（民政办、司法所）审核草案是否合法、有无侵犯村民权利。",
    "posting": "在村（社区）显著位置张贴，如便民服务中心公示栏、各院落宣传栏。",
}


class StepDialog(FormDialog):
    def __init__(self, master: tk.Misc, covenant: VillageCovenant, kind: str,
                 step: CovenantStep | None = None):
        self.covenant, self.kind, self.step = covenant, kind, step
        verb = "修改" if step else "登记"
        super().__init__(master, f"{verb}“{STEP_NAMES[kind]}”：第{covenant.version}版")

    def body(self, frame: ttk.Frame) -> None:
        s, label = self.step, CovenantStep.label
        if self.kind in STEP_HINTS:
            ttk.Label(frame, text=STEP_HINTS[self.kind], bootstyle="info", wraplength=460,
                      justify="left").grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
            self._row += 1
        self.add_field(frame, "held_on", label("held_on"), date_entry(frame, s.held_on if s else date.today()))
        for name in STEP_FIELDS.get(self.kind, ()):
            value = getattr(s, name) if s else None
            if name == "review_result":
                self.add_field(frame, name, label(name), CodeBox(frame, REVIEW_RESULTS, value or "approved"))
            elif name in ("sources", "opinion", "place"):
                self.text(frame, name, label(name), value or "", height=2)
            else:
                self.entry(frame, name, label(name), "" if value is None else str(value), width=12)
        self.text(frame, "record", label("record"), s.record if s else "", height=3)

    def apply(self):
        data: dict[str, Any] = {"held_on": read_date(self.fields["held_on"], CovenantStep.label("held_on")),
                                "record": self.value("record")}
        for name in STEP_FIELDS.get(self.kind, ()):
            widget = self.fields[name]
            data[name] = widget.code if isinstance(widget, CodeBox) else self.value(name)
        return save_step(self.covenant, self.kind, data)


class DeliveryDialog(FormDialog):
    """A booklet or poster handed to one household: who took it is one of its members."""

    def __init__(self, master: tk.Misc, covenant: VillageCovenant, household: Household,
                 delivery: CovenantDelivery | None = None):
        self.covenant, self.household, self.delivery = covenant, household, delivery
        self.members = household_members(household)
        super().__init__(master, f"登记发放：{household.address or household.household_no}")

    def body(self, frame: ttk.Frame) -> None:
        d, label = self.delivery, CovenantDelivery.label
        ttk.Label(frame, text=f"户编号 {self.household.household_no}　{self.household.address}",
                  bootstyle="info").grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.add_field(frame, "form", label("form"), CodeBox(frame, DELIVERY_FORMS, d.form if d else "booklet"))
        self.add_field(frame, "delivered_on", label("delivered_on"),
                       date_entry(frame, d.delivered_on if d else date.today()))
        choices = [(m.id, f"{m.name}（{m.relation}）") for m in self.members]
        self.add_field(frame, "receiver", label("receiver"),
                       CodeBox(frame, choices, d.receiver_id if d else (choices[0][0] if choices else None)),
                       hint="签收人须是本户在册的家庭成员" if choices else "这一户没有在册的成员：请先在网格花名册中核对")
        self.entry(frame, "deliverer", label("deliverer"), d.deliverer if d else "")
        self.entry(frame, "note", label("note"), d.note if d else "")

    def apply(self):
        return save_delivery(self.covenant, {
            "household": self.household, "form": self.fields["form"].code,
            "delivered_on": read_date(self.fields["delivered_on"], CovenantDelivery.label("delivered_on")),
            "receiver": self.fields["receiver"].code, "deliverer": self.value("deliverer"),
            "note": self.value("note")}, self.delivery)


class DeliveryDaysDialog(FormDialog):
    """设置 → 村规民约发放期限: the days after adoption by which every household is reached."""

    def __init__(self, master: tk.Misc, context=None):
        self.context = context
        self.unit = units.home_unit()
        if self.unit.kind != "village":
            messages.show_info(master, "发放期限由各村（社区）在本村的电脑上设置。")
            return
        super().__init__(master, "村规民约发放期限")

    def body(self, frame: ttk.Frame) -> None:
        self.entry(frame, "days", "审定后几天内发放到户", str(delivery_days(self.unit)), width=8,
                   hint=f"超过期限还有户未领到，状态栏提示（默认{DEFAULT_DELIVERY_DAYS}天：院落长走完一轮、一次月报的时间）")

    def apply(self):
        try:
            return set_delivery_days(self.unit, self.value("days"))
        except ValidationError as exc:
            raise ValidationError({"days": exc.message}) from None
