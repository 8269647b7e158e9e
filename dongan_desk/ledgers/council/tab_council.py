"""The council page of the 红白理事会 tab: its facts and 党小组, members, texts and meetings."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from typing import Callable, Sequence

import ttkbootstrap as ttk

from . import council
from .queries import council_meetings, council_members, council_of, council_texts
from .models import CouncilMeeting, CouncilMember, CouncilText
from ...ui import messages, permissions
from ...ui.lists import ListView
from .council_forms import CouncilDialog, MeetingDialog, MemberDialog, TextDialog

MEMBER_COLUMNS = (("role", CouncilMember.label("role"), 70), ("name", CouncilMember.label("name"), 80),
                  ("party", CouncilMember.label("is_party_member"), 45),
                  ("work", CouncilMember.label("work_unit"), 150),
                  ("phone", CouncilMember.label("phone"), 110), ("term", "任期", 170))
TEXT_COLUMNS = (("kind", CouncilText.label("kind"), 70), ("title", CouncilText.label("title"), 220),
                ("adopted", CouncilText.label("adopted_on"), 90))
MEETING_COLUMNS = (("held", CouncilMeeting.label("held_on"), 90), ("kind", CouncilMeeting.label("kind"), 80),
                   ("attendance", "应到/实到", 70), ("decisions", CouncilMeeting.label("decisions"), 260))


def tree_with_buttons(master: tk.Misc, title: str, columns: Sequence[tuple[str, str, int]],
                      buttons: Sequence[tuple[str, Callable[[], None], str]], height: int = 8,
                      frozen: int = 1):
    """A titled list with its buttons under it; returns (frame, tree, buttons). The buttons are
    placed first: on a short screen the list gives way, never its buttons."""
    frame = ttk.Frame(master, padding=(0, 4))
    ttk.Label(frame, text=title, font=("", 10, "bold")).pack(anchor="w")
    bar = ttk.Frame(frame)
    bar.pack(side="bottom", fill="x")
    view = ListView(frame, columns, frozen=frozen, height=height, sortable=True)
    view.pack(fill="both", expand=True, pady=(2, 4))
    made = []
    for text, command, style in buttons:  # the callers say which are write actions
        button = ttk.Button(bar, text=text, command=command, bootstyle=style)
        button.pack(side="left", padx=(0, 4))
        made.append(button)
    return frame, view.tree, made


class CouncilArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True)
        left = ttk.Frame(panes)
        head = ttk.Frame(left)
        head.pack(fill="x")
        self.council_label = ttk.Label(head, text="", justify="left", wraplength=560)
        self.council_label.pack(side="left", anchor="w", fill="x", expand=True)
        self.edit_council_button = permissions.write_action(ttk.Button(
            head, text="编辑基本情况", command=self.edit_council, bootstyle="secondary-outline"))
        self.edit_council_button.pack(side="right", anchor="n")
        self.party_label = ttk.Label(left, text="", justify="left", wraplength=620)
        self.party_label.pack(anchor="w", fill="x", pady=(4, 4))
        self.show_past = tk.BooleanVar(value=False)
        members, self.members, self.member_buttons = tree_with_buttons(
            left, "理事会成员（总会长＋指导员＋会长）", MEMBER_COLUMNS,
            (("新增成员 (Ctrl+N)", self.add_member, "primary"),
             ("编辑", self.edit_member, "secondary-outline"),
             ("删除", self.delete_member, "danger-outline")), height=10, frozen=2)
        ttk.Checkbutton(self.member_buttons[0].master, text="显示已卸任的", variable=self.show_past,
                        command=self.refresh_members).pack(side="right")
        members.pack(fill="both", expand=True)
        self.members.bind("<Double-1>", lambda e: self.edit_member())
        self.members.tag_configure("past", foreground="#888888")
        panes.add(left, weight=3)
        right = ttk.Frame(panes, padding=(8, 0, 0, 0))
        texts, self.texts, self.text_buttons = tree_with_buttons(
            right, "章程和管理制度", TEXT_COLUMNS,
            (("新增", self.add_text, "primary-outline"), ("查看/编辑", self.edit_text, "secondary-outline"),
             ("删除", self.delete_text, "danger-outline")), height=3, frozen=2)
        texts.pack(fill="both", expand=True)
        self.texts.bind("<Double-1>", lambda e: self.edit_text())
        meetings, self.meetings, self.meeting_buttons = tree_with_buttons(
            right, "会员大会和理事会会议", MEETING_COLUMNS,
            (("登记会议", self.add_meeting, "primary-outline"), ("查看/编辑", self.edit_meeting, "secondary-outline"),
             ("删除", self.delete_meeting, "danger-outline")), height=5)
        meetings.pack(fill="both", expand=True)
        self.meetings.bind("<Double-1>", lambda e: self.edit_meeting())
        panes.add(right, weight=2)
        permissions.write_actions((*self.member_buttons, self.text_buttons[0], self.text_buttons[2],
                                   self.meeting_buttons[0], self.meeting_buttons[2]))

    # -- showing --------------------------------------------------------------------------
    def refresh(self) -> None:
        unit = self.tab.unit
        record = council_of(unit.id)
        if record is None:
            self.council_label.configure(text="还没有登记理事会的基本情况：请点右边“编辑基本情况”。")
        else:
            founded = f"，{record.founded_on:%Y-%m-%d}成立" if record.founded_on else ""
            self.council_label.configure(text=f"{record.name}{founded}。")
        status = council.party_group_status(unit)
        warn = status.due and not status.exists
        self.party_label.configure(text=("⚠ " if warn else "") + "党小组：" + status.describe(),
                                   bootstyle="danger" if warn else "default")
        self.refresh_members()
        self.texts.delete(*self.texts.get_children())
        for t in council_texts(unit.id):
            self.texts.insert("", "end", iid=str(t.id), values=(
                t.choice_label("kind", t.kind), t.title, f"{t.adopted_on:%Y-%m-%d}"))
        self.meetings.delete(*self.meetings.get_children())
        for m in council_meetings(unit.id):
            self.meetings.insert("", "end", iid=str(m.id), values=(
                f"{m.held_on:%Y-%m-%d}", m.choice_label("kind", m.kind),
                f"{m.due_count}/{m.present_count}", m.decisions.replace("\n", " ")))
        state = "normal" if self.tab.writable else "disabled"
        # 查看/编辑 stays: the township reads a text or a meeting in its form, without saving.
        for button in (self.edit_council_button, *self.member_buttons, self.text_buttons[0],
                       self.text_buttons[2], self.meeting_buttons[0], self.meeting_buttons[2]):
            button.configure(state=state)

    def refresh_members(self) -> None:
        self.members.delete(*self.members.get_children())
        today = date.today()
        for row in council_members(self.tab.unit.id, today, include_past=self.show_past.get()):
            term = f"{row.term_start:%Y-%m-%d} 至 " + (f"{row.term_end:%Y-%m-%d}" if row.term_end else "今")
            self.members.insert("", "end", iid=str(row.id), tags=() if row.current else ("past",), values=(
                CouncilMember.choice_label("role", row.role), row.name, "党员" if row.party else "",
                row.work_unit, row.phone, term))

    # -- acting ---------------------------------------------------------------------------
    def _selected(self, tree: ttk.Treeview, model, what: str):
        selection = tree.selection()
        if not selection:
            messages.show_info(self, f"请先在列表里选中一{what}。")
            return None
        return model.get_by_id(int(selection[0]))

    def on_new(self) -> None:
        self.add_member()  # refused (and told) by require_writable for a 查看员

    def edit_council(self) -> None:
        if self.tab.require_writable() and self.tab.open_dialog(CouncilDialog(self, self.tab.unit)):
            self.tab.changed("已保存理事会基本情况")

    def add_member(self) -> None:
        if self.tab.require_writable():
            result = self.tab.open_dialog(MemberDialog(self, self.tab.unit))
            if result:
                self.tab.changed(f"已登记理事会成员{result.record.name}", result.warnings)

    def edit_member(self) -> None:
        member = self._selected(self.members, CouncilMember, "位成员")
        if member and self.tab.require_own():
            result = self.tab.open_form(MemberDialog(self, self.tab.unit, member))
            if result:
                self.tab.changed(f"已保存{member.name}的信息", result.warnings)

    def delete_member(self) -> None:
        member = self._selected(self.members, CouncilMember, "位成员")
        if member and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除{member.name}吗？只有误录的才删除；换届卸任的，请在编辑中填写任期结束日期。"):
            if self.tab.guarded(lambda: council.delete_member(member)):
                self.tab.changed(f"已删除{member.name}")

    def add_text(self) -> None:
        if self.tab.require_writable() and self.tab.open_dialog(TextDialog(self, self.tab.unit)):
            self.tab.changed("已登记章程或制度")

    def edit_text(self) -> None:
        text = self._selected(self.texts, CouncilText, "份章程或制度")
        if text is not None:  # the township reads the text in the same form, without saving
            if self.tab.open_form(TextDialog(self, self.tab.unit, text)):
                self.tab.changed(f"已保存《{text.title}》")

    def delete_text(self) -> None:
        text = self._selected(self.texts, CouncilText, "份章程或制度")
        if text and self.tab.require_writable() and messages.ask_yes_no(self, f"确定删除《{text.title}》吗？"):
            if self.tab.guarded(lambda: council.delete_text(text)):
                self.tab.changed(f"已删除《{text.title}》")

    def add_meeting(self) -> None:
        if self.tab.require_writable():
            due = len(council_members(self.tab.unit.id, date.today()))
            result = self.tab.open_dialog(MeetingDialog(self, self.tab.unit, due_count=due))
            if result:
                self.tab.changed("已登记会议", result.warnings)

    def edit_meeting(self) -> None:
        meeting = self._selected(self.meetings, CouncilMeeting, "次会议")
        if meeting is not None:
            result = self.tab.open_form(MeetingDialog(self, self.tab.unit, meeting))
            if result:
                self.tab.changed("已保存会议记录", result.warnings)

    def delete_meeting(self) -> None:
        meeting = self._selected(self.meetings, CouncilMeeting, "次会议")
        if meeting and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除{meeting.held_on:%Y-%m-%d}的会议记录吗？"):
            if self.tab.guarded(lambda: council.delete_meeting(meeting)):
                self.tab.changed("已删除会议记录")
