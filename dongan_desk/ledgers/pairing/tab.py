"""党员结对帮扶: the pairings as a paged, searchable list, the selected pairing's visits, the
coverage lists of the plan beside them, and the 公示表 as PDF and Excel."""
from __future__ import annotations

import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from . import rules as pairing_domain
from ... import units
from ...errors import ValidationError
from .queries import (PAGE_SIZE, STATUSES, PairingFilter, pairing_position, search_pairings,
                      visits_of)
from ...store.models import Household, Unit
from .models import Pairing, Visit
from ...ui import messages, permissions
from ...ui.context import AppContext
from .tab_coverage import CoveragePanel
from .tab_notice import NoticePapers
from .forms import EndPairingDialog, IntervalDialog, PairingDialog, ProfileDialog, VisitDialog
from ...ui.widgets import PagedTable, UnitChooser, filter_box

PAIRING_COLUMNS = (
    ("member", Pairing.label("member"), 70), ("target", Pairing.label("resident"), 110),
    ("address", Household.label("address"), 170), ("groups", "群体类别", 90),
    ("start", Pairing.label("start_date"), 85), ("status", "状态", 120),
    ("last", "上次走访", 85), ("visits", "走访次数", 60), ("state", "走访提醒", 110),
)
UNIT_COLUMN = ("unit", "村（社区）", 90)  # the township's lists: whose pairing it is
VISIT_COLUMNS = (
    ("date", Visit.label("visit_date"), 90), ("way", Visit.label("way"), 70),
    ("mood", Visit.label("mood"), 50), ("living", Visit.label("living"), 220),
    ("risks", Visit.label("risks"), 190), ("help", Visit.label("help_given"), 160),
    ("follow", Visit.label("needs_follow_up"), 70), ("dispute", Visit.label("found_dispute"), 100),
)
ALL_UNITS = "全部村（社区）"


class PairingTab(NoticePapers, ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=6)
        self.context = context
        home = units.home_unit()
        self.scopes: list[Unit | None] = [home] if home.kind == "village" else [None, *units.villages()]
        self.shows_units = len(self.scopes) > 1
        self._build_toolbar()
        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True, pady=(6, 0))
        left = ttk.Panedwindow(panes, orient="vertical")
        left.add(self._build_pairings(left), weight=3)
        left.add(self._build_visits(left), weight=2)
        panes.add(left, weight=5)
        self.coverage = CoveragePanel(panes, self.open_coverage_item,
                                      can_pair=self.writable_unit() is not None)
        panes.add(self.coverage, weight=2)
        context.on_data_changed(self, self.refresh)
        self.refresh()
        permissions.apply_role(self)

    # -- building -------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        self.chooser = UnitChooser(bar, self.scopes, self.refresh, label="单位：", all_label=ALL_UNITS)
        self.chooser.pack(side="left")
        ttk.Label(bar, text="查找 (Ctrl+F)：").pack(side="left")
        self.search_entry = ttk.Entry(bar, width=22)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.reload_pairings())
        ttk.Button(bar, text="查找", command=self.reload_pairings, bootstyle="primary").pack(
            side="left", padx=4)
        ttk.Label(bar, text="党员、帮扶对象或住址", bootstyle="secondary").pack(side="left")
        self.status_box = filter_box(bar, [label for _, label in STATUSES], lambda: self.reload_pairings(), width=8)
        self.status_box.pack(side="right")
        ttk.Label(bar, text="结对状态：").pack(side="right")
        actions = ttk.Frame(self)
        actions.pack(fill="x", pady=(6, 0))
        self.write_buttons = []
        for text, command, style in (
                ("新增结对 (Ctrl+N)", self.add_pairing, "primary"),
                ("编辑结对", self.edit_pairing, "secondary-outline"),
                ("结束结对", self.end_pairing, "warning-outline"),
                ("删除结对", self.delete_pairing, "danger-outline"),
                ("党员承诺/职责", self.edit_profile, "secondary-outline"),
                ("走访间隔", self.edit_intervals, "secondary-outline")):
            button = permissions.write_action(ttk.Button(actions, text=text, command=command,
                                                         bootstyle=style))
            button.pack(side="left", padx=(0, 4))
            self.write_buttons.append(button)
        for text, command in (("导出Excel", self.export_sheet), ("打印公示表", self.print_notice)):
            ttk.Button(actions, text=text, command=command, bootstyle="info-outline").pack(
                side="right", padx=(4, 0))
        if self.writable_unit() is None:
            for button in self.write_buttons:
                button.configure(state="disabled")
            ttk.Label(actions, text="镇本级只能查看各村（社区）报送的结对情况",
                      bootstyle="secondary").pack(side="left", padx=8)
        elif permissions.read_only_note():
            ttk.Label(actions, text=permissions.read_only_note(),
                      bootstyle="warning").pack(side="left", padx=8)

    def _build_pairings(self, master: tk.Misc) -> ttk.Frame:
        frame = ttk.Frame(master)
        # The township's list names each pairing's village too; the names stay in view when
        # the list scrolls sideways.
        columns = (UNIT_COLUMN, *PAIRING_COLUMNS) if self.shows_units else PAIRING_COLUMNS
        self.pairings = PagedTable(frame, columns, self._fetch_pairings, self._pairing_values,
                                   lambda row: row.id, page_size=PAGE_SIZE, unit_word="个结对",
                                   frozen=3 if self.shows_units else 2, height=7)
        self.pairings.pack(fill="both", expand=True)
        self.pairings.tree.bind("<<TreeviewSelect>>", lambda e: self.on_pairing_selected())
        self.pairings.tree.bind("<Double-1>", lambda e: self.edit_pairing())
        self.pairings.tree.tag_configure("late", foreground="#c0392b")
        self.details = ttk.Label(frame, text="", justify="left", wraplength=760)
        self.details.pack(fill="x", pady=(4, 0))
        return frame

    def _build_visits(self, master: tk.Misc) -> ttk.Frame:
        frame = ttk.Frame(master, padding=(0, 6, 0, 0))
        bar = ttk.Frame(frame)
        bar.pack(fill="x")
        ttk.Label(bar, text="走访记录", font=("", 10, "bold")).pack(side="left")
        for text, command, style in (("登记为矛盾纠纷", self.open_dispute, "warning-outline"),
                                     ("删除走访", self.delete_visit, "danger-outline"),
                                     ("编辑走访", self.edit_visit, "secondary-outline"),
                                     ("新增走访", self.add_visit, "primary")):
            button = permissions.write_action(ttk.Button(bar, text=text, command=command,
                                                         bootstyle=style))
            button.pack(side="right", padx=(4, 0))
            self.write_buttons.append(button)
            if self.writable_unit() is None:
                button.configure(state="disabled")
        self.visits = PagedTable(frame, VISIT_COLUMNS, self._fetch_visits, self._visit_values,
                                 lambda row: row.id, page_size=PAGE_SIZE, unit_word="次走访",
                                 height=4)
        self.visits.pack(fill="both", expand=True, pady=(4, 0))
        self.visits.tree.bind("<Double-1>", lambda e: self.edit_visit())
        return frame

    # -- scope and lists ------------------------------------------------------------------
    def scope_unit(self) -> Unit | None:
        return self.chooser.unit

    def scope_ids(self) -> list[int] | None:
        unit = self.scope_unit()
        return None if unit is None else [unit.id]

    def writable_unit(self) -> Unit | None:
        home = units.home_unit()
        return home if home.kind == "village" else None

    def current_filter(self) -> PairingFilter:
        return PairingFilter(text=self.search_entry.get(), unit_ids=self.scope_ids(),
                             status=STATUSES[max(0, self.status_box.current())][0])

    def _fetch_pairings(self, offset: int, limit: int):
        return search_pairings(self.current_filter(), offset, limit)

    def _pairing_values(self, row) -> tuple:
        values = (row.member_name, row.target, row.address, row.groups, f"{row.start_date:%Y-%m-%d}",
                  row.status, f"{row.last_visit:%Y-%m-%d}" if row.last_visit else "（未走访）",
                  row.visits, row.visit_state(date.today()))
        return (row.unit_name, *values) if self.shows_units else values

    def _fetch_visits(self, offset: int, limit: int):
        row = self.pairings.selected()
        if row is None:
            from ..roster.queries import Page
            return Page([], 0, offset, limit)
        return visits_of(row.id, offset, limit)

    @staticmethod
    def _visit_values(v) -> tuple:
        return (f"{v.visit_date:%Y-%m-%d}", v.way, v.mood, v.living, v.risks, v.help_given,
                "是" if v.needs_follow_up else "", "⚠ 是" if v.found_dispute else "")

    def reload_pairings(self, keep_page: bool = False) -> None:
        selected = self.pairings.selected()
        self.pairings.reload(keep_page=keep_page)
        today = date.today()
        for iid, row in self.pairings.rows_by_id.items():
            if row.due is not None and row.due < today:
                self.pairings.tree.item(iid, tags=("late",))
        if selected is not None:
            self.pairings.select(selected.id)
        self.on_pairing_selected()

    def on_pairing_selected(self) -> None:
        row = self.pairings.selected()
        if row is None:
            self.details.configure(text="选中一个结对，下面显示它的走访记录。")
        else:
            p = Pairing.get_by_id(row.id)
            lines = [f"{Pairing.label('help_content')}：{p.help_content}",
                     f"{Pairing.label('watch_points')}：{p.watch_points or '（未填）'}"]
            if p.end_date:
                lines.append(f"{Pairing.label('end_reason')}：{row.end_reason}　{p.end_note}")
            self.details.configure(text="\n".join(lines))
        self.visits.reload()

    def refresh(self) -> None:
        self.reload_pairings(keep_page=True)
        self.coverage.refresh(self.scope_ids())

    # -- keyboard -------------------------------------------------------------------------
    def on_find(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def on_new(self) -> None:
        if not permissions.refused(self):
            self.add_pairing()

    # -- opening what a coverage item names -----------------------------------------------
    def open_coverage_item(self, kind: str, record_id: int) -> None:
        if kind == "overdue":
            self.show_pairing(record_id)
        elif permissions.refused(self):
            return
        elif kind == "households":
            self.add_pairing(household_id=record_id)
        else:
            self.add_pairing(member_id=record_id)

    def open_record(self, kind: str, record_id: int) -> bool:
        return kind == "pairing" and self.show_pairing(record_id)

    def show_pairing(self, pairing_id: int) -> bool:
        """Select a pairing in the list, turning to its page (and clearing the search)."""
        self.search_entry.delete(0, "end")
        position = pairing_position(self.current_filter(), pairing_id)
        if position is None:
            self.status_box.current([code for code, _ in STATUSES].index("all"))
            position = pairing_position(self.current_filter(), pairing_id)
        if position is None:
            return False
        self.pairings.offset = position // self.pairings.page_size * self.pairings.page_size
        self.reload_pairings(keep_page=True)
        found = self.pairings.select(pairing_id)
        self.on_pairing_selected()
        return found

    # -- actions --------------------------------------------------------------------------
    def _changed(self, message: str, warnings: list[str] | None = None) -> None:
        self.context.status.say("；".join([message, *(warnings or [])]))
        self.context.data_changed()

    def _home_or_say(self) -> Unit | None:
        unit = self.writable_unit()
        if unit is None:
            messages.show_info(self, "镇本级只能查看各村（社区）的结对帮扶，结对和走访请在村（社区）的电脑上登记。")
        return unit

    def _selected_pairing(self) -> tuple[Pairing, str] | None:
        row = self.pairings.selected()
        if row is None:
            messages.show_info(self, "请先在上面的结对名单里选中一个结对。")
            return None
        return Pairing.get_by_id(row.id), row.target

    def _open(self, dialog) -> object:
        self.wait_window(dialog)
        return dialog.result

    def add_pairing(self, member_id: int | None = None, household_id: int | None = None) -> None:
        unit = self._home_or_say()
        if unit is None:
            return
        result = self._open(PairingDialog(self, unit.id, member_id=member_id,
                                          household_id=household_id))
        if result:
            self._changed(f"已新增结对：{result.record.member.name}", result.warnings)
            self.show_pairing(result.record.id)

    def edit_pairing(self) -> None:
        chosen = self._selected_pairing()
        if chosen and self._home_or_say():
            result = self._open(PairingDialog(self, chosen[0].unit_id, pairing=chosen[0]))
            if result:
                self._changed("已保存结对", result.warnings)

    def end_pairing(self) -> None:
        chosen = self._selected_pairing()
        if chosen and self._home_or_say():
            if chosen[0].end_date is not None:
                messages.show_info(self, f"这个结对已于{chosen[0].end_date:%Y-%m-%d}结束。")
                return
            if self._open(EndPairingDialog(self, *chosen)):
                self._changed(f"已结束结对：{chosen[0].member.name} —— {chosen[1]}")

    def delete_pairing(self) -> None:
        chosen = self._selected_pairing()
        if chosen and self._home_or_say() and messages.ask_yes_no(
                self, f"确定删除这个结对（{chosen[0].member.name} —— {chosen[1]}）吗？"
                      "只有误录、还没有走访记录的结对才能删除。"):
            try:
                pairing_domain.delete_pairing(chosen[0])
            except ValidationError as exc:
                messages.show_error(self, exc.message, title="不能删除")
                return
            self._changed("已删除结对")

    def edit_profile(self) -> None:
        unit = self._home_or_say()
        if unit is not None:
            row = self.pairings.selected()
            if self._open(ProfileDialog(self, unit.id, row.member_id if row else None)):
                self._changed("已保存党员承诺和职责")

    def edit_intervals(self) -> None:
        unit = self._home_or_say()
        if unit is not None and self._open(IntervalDialog(self, unit)):
            self._changed("已保存走访间隔")

    def add_visit(self) -> None:
        chosen = self._selected_pairing()
        if chosen and self._home_or_say() and self._open(VisitDialog(self, *chosen)):
            self._changed(f"已登记走访：{chosen[1]}")

    def _selected_visit(self) -> Visit | None:
        row = self.visits.selected()
        if row is None:
            messages.show_info(self, "请先在走访记录里选中一次走访。")
            return None
        return Visit.get_by_id(row.id)

    def edit_visit(self) -> None:
        chosen, visit = self._selected_pairing(), self._selected_visit()
        if chosen and visit and self._home_or_say() and self._open(
                VisitDialog(self, *chosen, visit=visit)):
            self._changed("已保存走访记录")

    def delete_visit(self) -> None:
        visit = self._selected_visit()
        if visit and self._home_or_say() and messages.ask_yes_no(
                self, f"确定删除{visit.visit_date:%Y-%m-%d}的这次走访记录吗？删除后不能恢复。"):
            pairing_domain.delete_visit(visit)
            self._changed("已删除走访记录")

    def open_dispute(self):
        """A visit that found a dispute opens the 受理新纠纷 form of the 调解 tab, filled in."""
        visit = self._selected_visit()
        if visit is None or self._home_or_say() is None:
            return None
        try:
            start = pairing_domain.dispute_start(visit)
        except ValidationError as exc:
            messages.show_info(self, exc.message)
            return None
        from ..mediation.cases import new_dispute_draft
        from ..mediation.tab import new_case_from_draft
        facts = start.facts or f"{start.member_name}走访时发现的矛盾纠纷。"
        draft = new_dispute_draft(pairing_domain.dispute_parties(start), start.accepted_on,
                                  f"{facts}（{start.member_name}{start.accepted_on:%Y-%m-%d}走访发现）",
                                  source=start.source)
        case = new_case_from_draft(self, self.context, draft)
        if case is not None:
            self.context.status.say(f"已从走访登记纠纷：{case.number}，请到“矛盾纠纷调解”页继续调解")
        return case
