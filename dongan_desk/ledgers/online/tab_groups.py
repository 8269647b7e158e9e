"""The 群和管理员 page (the village's groups and its 1–2 admins, with their printed 名册) and the
按月统计 page (incidents by level and month; on the township, by village too)."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from pathlib import Path

import ttkbootstrap as ttk

from ...ui import files, messages
from ...ui.lists import ListView
from ...ui.widgets import filter_box
from . import groups
from .documents import write_admin_roster
from .forms import AdminDialog, EndAdminDialog, GroupDialog
from .models import LEVELS, ChatGroup, GroupAdmin
from .queries import admin_rows, counts_by_month, counts_by_unit, group_rows, incident_years
from .sheets import ADMIN_HEADERS, GROUP_HEADERS, admin_table, group_table

GROUP_COLUMNS = (("name", ChatGroup.label("name"), 160), ("unit", "村（社区）", 110),
                 ("platform", ChatGroup.label("platform"), 60), ("members", ChatGroup.label("members"), 70),
                 ("purpose", ChatGroup.label("purpose"), 140), ("admins", "管理员", 110),
                 ("active", ChatGroup.label("active"), 40))
ADMIN_COLUMNS = (("name", GroupAdmin.label("name"), 70), ("unit", "村（社区）", 110), ("party", "党员", 40),
                 ("phone", GroupAdmin.label("phone"), 110), ("since", GroupAdmin.label("appointed_on"), 90),
                 ("until", GroupAdmin.label("ended_on"), 90), ("groups", "管理的群", 160))


def titled_list(master: tk.Misc, title: str, columns, buttons, tab) -> tuple[ttk.Frame, ttk.Treeview]:
    frame = ttk.Frame(master, padding=(0, 4))
    ttk.Label(frame, text=title, font=("", 10, "bold")).pack(anchor="w")
    bar = ttk.Frame(frame)
    bar.pack(side="bottom", fill="x")
    view = ListView(frame, columns, frozen=1, height=8)
    view.pack(fill="both", expand=True, pady=(2, 4))
    for text, command, style in buttons:
        button = ttk.Button(bar, text=text, command=command, bootstyle=style)
        button.pack(side="left", padx=(0, 4))
        tab.write_buttons.append(button)
    return frame, view.tree


class GroupsArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        top = ttk.Frame(self)
        top.pack(fill="x")
        self.summary = ttk.Label(top, text="", bootstyle="info")
        self.summary.pack(side="left")
        ttk.Button(top, text="打印管理员及群名册", command=self.print_roster,
                   bootstyle="info-outline").pack(side="right")
        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True, pady=(4, 0))
        left, self.groups = titled_list(panes, "村级QQ群、微信群", GROUP_COLUMNS, (
            ("登记群", self.add_group, "primary"), ("编辑群", self.edit_group, "secondary-outline"),
            ("删除群", self.delete_group, "danger-outline")), tab)
        right, self.admins = titled_list(panes, "网络管理员（每村1至2名，党员优先）", ADMIN_COLUMNS, (
            ("登记管理员", self.add_admin, "primary"), ("编辑", self.edit_admin, "secondary-outline"),
            ("卸任…", self.end_admin, "warning-outline"), ("删除", self.delete_admin, "danger-outline")), tab)
        panes.add(left, weight=1)
        panes.add(right, weight=1)
        self.groups.bind("<Double-1>", lambda e: self.edit_group())
        self.admins.bind("<Double-1>", lambda e: self.edit_admin())
        self.past = tk.BooleanVar(value=False)
        ttk.Checkbutton(self, text="管理员名单里也显示已卸任的", variable=self.past,
                        command=self.refresh).pack(anchor="w")

    def refresh(self) -> None:
        today = date.today()
        self.groups.delete(*self.groups.get_children())
        for g in group_rows(self.tab.unit_ids, today):
            self.groups.insert("", "end", iid=str(g.id), values=(
                g.name, g.unit_name, ChatGroup.choice_label("platform", g.platform), g.members, g.purpose,
                g.admins or "（无）", "是" if g.active else "否"))
        self.admins.delete(*self.admins.get_children())
        rows = admin_rows(self.tab.unit_ids, today, include_past=self.past.get())
        for a in rows:
            self.admins.insert("", "end", iid=str(a.id), values=(
                a.name, a.unit_name, "是" if a.party else "否", a.phone, f"{a.appointed_on:%Y-%m-%d}",
                f"{a.ended_on:%Y-%m-%d}" if a.ended_on else "", a.groups))
        self.groups.fit()
        self.admins.fit()
        current = [a for a in rows if a.current]
        party = sum(a.party for a in current)
        self.summary.configure(text=f"在用群{sum(1 for g in group_rows(self.tab.unit_ids, today) if g.active)}个；"
                                    f"现任网络管理员{len(current)}名，其中党员{party}名。")

    def select(self, tree: ttk.Treeview, record_id: int) -> bool:
        if tree.exists(str(record_id)):
            tree.selection_set(str(record_id))
            tree.see(str(record_id))
            return True
        return False

    def _picked(self, tree: ttk.Treeview, model, what: str):
        selection = tree.selection()
        if not selection:
            messages.show_info(self, f"请先在名单里选中一个{what}。")
            return None
        return model.get_by_id(int(selection[0]))

    def on_new(self) -> None:
        self.add_group()

    def add_group(self) -> None:
        if self.tab.require_writable():
            result = self.tab.open_dialog(GroupDialog(self, self.tab.unit))
            if result:
                self.tab.changed(f"已登记群：{result.record.name}", result.warnings)

    def edit_group(self) -> None:
        group = self._picked(self.groups, ChatGroup, "群")
        if group and self.tab.require_writable():
            result = self.tab.open_dialog(GroupDialog(self, self.tab.unit, group))
            if result:
                self.tab.changed(f"已保存群：{group.name}", result.warnings)

    def delete_group(self) -> None:
        group = self._picked(self.groups, ChatGroup, "群")
        if group and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除“{group.name}”吗？已解散的群请编辑为“不在用”，登记过的舆情保留。"):
            if self.tab.guarded(lambda: groups.delete_group(group)):
                self.tab.changed(f"已删除群：{group.name}")

    def add_admin(self) -> None:
        if self.tab.require_writable():
            result = self.tab.open_dialog(AdminDialog(self, self.tab.unit))
            if result:
                self.tab.changed(f"已登记网络管理员：{result.record.name}", result.warnings)

    def edit_admin(self) -> None:
        admin = self._picked(self.admins, GroupAdmin, "管理员")
        if admin and self.tab.require_writable():
            result = self.tab.open_dialog(AdminDialog(self, self.tab.unit, admin))
            if result:
                self.tab.changed(f"已保存网络管理员：{admin.name}", result.warnings)

    def end_admin(self) -> None:
        admin = self._picked(self.admins, GroupAdmin, "管理员")
        if admin and self.tab.require_writable() and self.tab.open_dialog(EndAdminDialog(self, admin)):
            self.tab.changed(f"{admin.name}已卸任网络管理员")

    def delete_admin(self) -> None:
        admin = self._picked(self.admins, GroupAdmin, "管理员")
        if admin and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除网络管理员{admin.name}吗？只删除登记错了的；不再担任的请点“卸任”。"):
            if self.tab.guarded(lambda: groups.delete_admin(admin)):
                self.tab.changed(f"已删除网络管理员：{admin.name}")

    def print_roster(self) -> Path | None:
        unit, today = self.tab.unit, date.today()
        if unit is None:
            messages.show_info(self, "名册按村（社区）打印：请先在左上角选择一个村（社区）。")
            return None
        made = files.print_document(self, lambda target: write_admin_roster(
            target, unit_name=unit.name, group_headers=GROUP_HEADERS, groups=group_table(unit.id, today),
            admin_headers=ADMIN_HEADERS, admins=admin_table(unit.id, today), printed_on=today),
            self.tab.exports_folder(), f"{unit.name}网络管理员及群名册_{today:%Y%m%d}.pdf")
        if made:
            self.tab.context.status.say(f"已生成网络管理员及群名册：{made}")
        return made


class StatsArea(ttk.Frame):
    """Counts by level and month for a year; on the township, by village as well."""

    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text="年度：").pack(side="left")
        self.year_box = filter_box(bar, [str(date.today().year)], self.refresh, width=6)
        self.year_box.pack(side="left")
        levels = [(code, label, 60) for code, label in LEVELS]
        self.months = ListView(self, (("month", "月份", 60), *levels, ("total", "合计", 60),
                                      ("online", "其中线上", 70), ("closed", "已办结", 60)), height=13)
        self.months.pack(fill="x", pady=(6, 0))
        ttk.Label(self, text="各村（社区）本年情况", font=("", 10, "bold")).pack(anchor="w", pady=(8, 0))
        self.villages = ListView(self, (("unit", "村（社区）", 130), *levels, ("total", "合计", 60),
                                        ("open", "未办结", 60)), frozen=1, height=6)
        self.villages.pack(fill="both", expand=True, pady=(2, 0))

    def refresh(self) -> None:
        years = [str(y) for y in incident_years(self.tab.unit_ids)] or [str(date.today().year)]
        chosen = self.year_box.get()
        self.year_box.configure(values=years)
        if chosen not in years:
            self.year_box.current(0)
        year = int(self.year_box.get())
        codes = [code for code, _ in LEVELS]
        tree = self.months.tree
        tree.delete(*tree.get_children())
        rows = counts_by_month(self.tab.unit_ids, year)
        for m in rows:
            tree.insert("", "end", values=(f"{m.month}月", *[m.by_level[c] for c in codes], m.total, m.online, m.closed))
        tree.insert("", "end", values=("合计", *[sum(m.by_level[c] for m in rows) for c in codes],
                                       sum(m.total for m in rows), sum(m.online for m in rows),
                                       sum(m.closed for m in rows)))
        tree.fit()
        tree = self.villages.tree
        tree.delete(*tree.get_children())
        counts = counts_by_unit(year)
        shown = [self.tab.unit] if self.tab.unit else self.tab.chooser.choices[1:]
        for unit in shown:
            c = counts.get(unit.id, {})
            tree.insert("", "end", values=(unit.name, *[c.get(code, 0) for code in codes],
                                           c.get("total", 0), c.get("open", 0)))
        tree.fit()
