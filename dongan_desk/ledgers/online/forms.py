"""Forms of the 网络舆情 tab: a group, an admin (picked from the roster), ending a term, an
incident as found, and its 处置/上报/管控/结果. Labels come from the models."""
from __future__ import annotations

import tkinter as tk
from datetime import date, datetime
from typing import Callable, Sequence

import ttkbootstrap as ttk

from ...errors import ValidationError
from ...store.models import Unit
from ...ui.widgets import CodeBox, FormDialog, date_entry, read_date
from . import groups, incidents
from .models import ChatGroup, GroupAdmin, OpinionIncident
from ..roster.queries import Choice, courtyard_choices, resident_choices
from .queries import finder_choices, group_choices

MOMENT_FORMAT = "%Y-%m-%d %H:%M"
_L = OpinionIncident.label


def read_moment(text: str, label: str) -> datetime | None:
    """A date and time typed as 2026-03-05 14:30 (a date alone means 00:00)."""
    text = text.strip().replace("：", ":")
    if not text:
        return None
    for pattern in (MOMENT_FORMAT, "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValidationError(f"{label}“{text}”看不懂，请按 年-月-日 时:分 填写，如 2026-03-05 14:30。")


def moment_text(value: datetime | None) -> str:
    return f"{value:{MOMENT_FORMAT}}" if value else ""


class PersonFinder(ttk.Frame):
    """Type part of a name, press Enter (or 查找): the drop-down lists who matches."""

    def __init__(self, master: tk.Misc, fetch: Callable[[str], list[Choice]], chosen: Choice | None):
        super().__init__(master)
        self.fetch = fetch
        self.options: list[Choice] = [chosen] if chosen else []
        self.box = ttk.Combobox(self, width=34, values=[c.label for c in self.options])
        self.box.pack(side="left", fill="x", expand=True)
        if chosen:
            self.box.current(0)
        self.box.bind("<Return>", lambda e: (self.search(), "break")[1])
        ttk.Button(self, text="查找", command=self.search, bootstyle="secondary-outline").pack(side="left", padx=(4, 0))

    def search(self) -> None:
        text = self.box.get()
        self.options = self.fetch(text.split("（")[0].split("　")[0])
        self.box.configure(values=[c.label for c in self.options] or ["（没有找到，请换个字再查）"])
        if self.options:
            self.box.current(0)
            self.box.event_generate("<Down>") if self.winfo_viewable() else None

    @property
    def chosen_id(self) -> int | None:
        label = self.box.get()
        return next((c.id for c in self.options if c.label == label), None)


class GroupDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit, group: ChatGroup | None = None):
        self.unit, self.group = unit, group
        super().__init__(master, f"编辑群：{group.name}" if group else "登记村级网络群")

    def body(self, frame: ttk.Frame) -> None:
        g = self.group
        self.add_field(frame, "platform", ChatGroup.label("platform"),
                       CodeBox(frame, ChatGroup._meta.fields["platform"].choices, g.platform if g else "wechat"))
        self.entry(frame, "name", ChatGroup.label("name"), g.name if g else "")
        self.entry(frame, "members", ChatGroup.label("members"), str(g.members) if g else "",
                   hint="照群资料里的人数填写")
        self.entry(frame, "purpose", ChatGroup.label("purpose"), g.purpose if g else "",
                   hint="如：村务通知、政策宣传")
        self.add_field(frame, "created_on", ChatGroup.label("created_on"),
                       date_entry(frame, g.created_on if g else None))
        box = ttk.Frame(frame)
        assigned = {a.admin_id for a in g.assignments} if g else set()
        self.admin_vars = {}
        team = groups.current_admins(self.unit.id)
        for admin in team:
            var = tk.BooleanVar(value=admin.id in assigned or (g is None and len(team) == 1))
            ttk.Checkbutton(box, text=admin.name, variable=var).pack(side="left", padx=(0, 10))
            self.admin_vars[admin.id] = var
        if not team:
            ttk.Label(box, text="（还没有网络管理员，先在右边登记）", bootstyle="secondary").pack(side="left")
        self.add_field(frame, "admins", "管理员", box)
        self.active_var = tk.BooleanVar(value=g.active if g else True)
        self.add_field(frame, "active", ChatGroup.label("active"),
                       ttk.Checkbutton(frame, text="仍在使用（已解散的取消勾选）", variable=self.active_var))
        self.text(frame, "note", ChatGroup.label("note"), g.note if g else "", height=2)

    def apply(self):
        return groups.save_group(self.unit, {
            "platform": self.fields["platform"].code, "name": self.value("name"),
            "members": self.value("members"), "purpose": self.value("purpose"),
            "created_on": read_date(self.fields["created_on"], ChatGroup.label("created_on")),
            "admins": [i for i, var in self.admin_vars.items() if var.get()],
            "active": self.active_var.get(), "note": self.value("note")}, self.group)


class AdminDialog(FormDialog):
    def __init__(self, master: tk.Misc, unit: Unit, admin: GroupAdmin | None = None):
        self.unit, self.admin = unit, admin
        super().__init__(master, f"编辑网络管理员：{admin.name}" if admin else "登记网络管理员")

    def body(self, frame: ttk.Frame) -> None:
        a = self.admin
        chosen = Choice(a.resident_id, a.name) if a and a.resident_id else None
        self.finder = PersonFinder(frame, lambda text: resident_choices(self.unit.id, text), chosen)
        self.add_field(frame, "resident", GroupAdmin.label("resident"), self.finder,
                       hint="输入姓名按回车查找，党员排在前面（党员优先）")
        self.entry(frame, "phone", GroupAdmin.label("phone"), a.phone if a else "",
                   hint="空着时用花名册上的电话")
        self.add_field(frame, "appointed_on", GroupAdmin.label("appointed_on"),
                       date_entry(frame, a.appointed_on if a else date.today()))
        self.text(frame, "note", GroupAdmin.label("note"), a.note if a else "", height=2)

    def apply(self):
        return groups.save_admin(self.unit, {
            "resident": self.finder.chosen_id, "phone": self.value("phone"),
            "appointed_on": read_date(self.fields["appointed_on"], GroupAdmin.label("appointed_on")),
            "ended_on": self.admin.ended_on if self.admin else None,
            "note": self.value("note")}, self.admin)


class EndAdminDialog(FormDialog):
    def __init__(self, master: tk.Misc, admin: GroupAdmin):
        self.admin = admin
        super().__init__(master, f"{admin.name}卸任网络管理员")

    def body(self, frame: ttk.Frame) -> None:
        self.add_field(frame, "ended_on", GroupAdmin.label("ended_on"), date_entry(frame, date.today()),
                       hint="卸任后记录保留；空出的名额可以登记新的管理员")

    def apply(self):
        return groups.end_admin(self.admin, read_date(self.fields["ended_on"], GroupAdmin.label("ended_on")))


class IncidentDialog(FormDialog):
    """发现: when, where, who, what, how serious (and, for a 重大 one, the report with it)."""

    def __init__(self, master: tk.Misc, unit: Unit, incident: OpinionIncident | None = None):
        self.unit, self.incident = unit, incident
        super().__init__(master, "编辑舆情" if incident else "登记舆情")

    def body(self, frame: ttk.Frame) -> None:
        i, unit_id = self.incident, self.unit.id
        self.entry(frame, "found_at", _L("found_at"), moment_text(i.found_at if i else datetime.now()),
                   hint="年-月-日 时:分，如 2026-03-05 14:30")
        self.add_field(frame, "channel", _L("channel"),
                       CodeBox(frame, OpinionIncident._meta.fields["channel"].choices, i.channel if i else "online"))
        self.add_field(frame, "group", _L("group"), CodeBox(
            frame, [(g.id, f"{g.name}（{g.choice_label('platform', g.platform)}）") for g in group_choices(unit_id)],
            i.group_id if i else None, blank="（线下的不选）"))
        self.add_field(frame, "grid", _L("grid"), CodeBox(
            frame, [(g.id, g.name) for g in courtyard_choices(unit_id)], i.grid_id if i else None,
            blank="（线上的不选）"))
        self.entry(frame, "place", _L("place"), i.place if i else "", hint="线下的具体地点，如 王家院坝")
        finders = finder_choices(unit_id)
        if i and i.finder_id and i.finder_id not in [c.id for c in finders]:
            finders.insert(0, Choice(i.finder_id, i.finder_name))
        self.add_field(frame, "finder", _L("finder"), CodeBox(frame, [(c.id, c.label) for c in finders],
                                                                  i.finder_id if i else None))
        self.entry(frame, "subject", _L("subject"), i.subject if i else "", hint="一句话，如：群内转发不实的征地补偿消息")
        self.text(frame, "summary", _L("summary"), i.summary if i else "", height=2)
        self.add_field(frame, "level", _L("level"), CodeBox(
            frame, OpinionIncident._meta.fields["level"].choices, i.level if i else "general"),
            hint="重大舆情须先电话上报镇里，再登记（一并填写下面的上报）")
        self.dispute_var = tk.BooleanVar(value=bool(i and i.is_dispute))
        self.add_field(frame, "is_dispute", _L("is_dispute"), ttk.Checkbutton(
            frame, text="是矛盾纠纷（保存后可以“转为矛盾纠纷”）", variable=self.dispute_var))
        self.involved = PersonFinder(frame, lambda text: resident_choices(unit_id, text),
                                     Choice(i.involved_id, i.involved.name) if i and i.involved_id else None)
        self.add_field(frame, "involved", _L("involved"), self.involved)
        self.entry(frame, "involved_names", _L("involved_names"), i.involved_names if i else "",
                   hint="外村或不知姓名的，写在这里")
        self.entry(frame, "reported_to", _L("reported_to"), i.reported_to if i else "")
        self.entry(frame, "reported_at", _L("reported_at"), moment_text(i.reported_at if i else None))

    def data(self) -> dict:
        return {"found_at": read_moment(self.value("found_at"), _L("found_at")),
                "channel": self.fields["channel"].code, "group": self.fields["group"].code,
                "grid": self.fields["grid"].code, "place": self.value("place"),
                "finder": self.fields["finder"].code, "subject": self.value("subject"),
                "summary": self.value("summary"), "level": self.fields["level"].code,
                "is_dispute": self.dispute_var.get(), "involved": self.involved.chosen_id,
                "involved_names": self.value("involved_names"),
                "reported_to": self.value("reported_to"),
                "reported_at": read_moment(self.value("reported_at"), _L("reported_at"))}

    def apply(self):
        return incidents.save_incident(self.unit, self.data(), self.incident)


class HandlingDialog(FormDialog):
    """处置 → 上报 → 管控/教育引导 → 结果 and 办结, on an incident already logged."""

    def __init__(self, master: tk.Misc, incident: OpinionIncident):
        self.incident = incident
        super().__init__(master, f"处置和上报：{incident.subject}")

    def body(self, frame: ttk.Frame) -> None:
        i = self.incident
        ttk.Label(frame, text=f"{i.found_at:%Y-%m-%d %H:%M}　{i.finder_name}发现　"
                              f"{i.choice_label('level', i.level)}舆情", bootstyle="info").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 6))
        self._row += 1
        self.text(frame, "handling", _L("handling"), i.handling, height=2)
        self.entry(frame, "handled_by", _L("handled_by"), i.handled_by or i.finder_name)
        self.entry(frame, "handled_at", _L("handled_at"), moment_text(i.handled_at))
        self.entry(frame, "reported_to", _L("reported_to"), i.reported_to, hint="如：镇平安建设办张主任")
        self.entry(frame, "reported_at", _L("reported_at"), moment_text(i.reported_at))
        self.text(frame, "late_reason", _L("late_reason"), i.late_reason, height=2)
        self.text(frame, "guidance", _L("guidance"), i.guidance, height=2)
        self.text(frame, "result", _L("result"), i.result, height=2)
        self.add_field(frame, "closed_on", _L("closed_on"), date_entry(frame, i.closed_on),
                       hint="处置完毕、情绪平稳的，填上办结日期；没有办结的空着")

    def apply(self):
        return incidents.save_incident(self.incident.unit_id, {
            "handling": self.value("handling"), "handled_by": self.value("handled_by"),
            "handled_at": read_moment(self.value("handled_at"), _L("handled_at")),
            "reported_to": self.value("reported_to"),
            "reported_at": read_moment(self.value("reported_at"), _L("reported_at")),
            "late_reason": self.value("late_reason"), "guidance": self.value("guidance"),
            "result": self.value("result"),
            "closed_on": read_date(self.fields["closed_on"], _L("closed_on"))}, self.incident)
