"""网格花名册: the three-level grid as a tree, and the households and residents of the selected
grid as a paged, searchable list."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from . import rules as roster
from ... import units
from .queries import (PAGE_SIZE, STATUS_FILTERS, GridNode, ResidentFilter, grid_tree,
                      search_residents)
from ...store.models import Grid, Household, Resident
from ...ui import messages, permissions
from ...ui.context import AppContext
from .tab_grids import GridActions
from .forms import HouseholdDialog, MoveHouseholdDialog, ResidentDialog
from .tab_papers import RosterPapers
from .tab_status import RosterStatus
from ...ui.lists import ListTree
from ...ui.widgets import PagedTable, filter_box, type_over

# 党员 and the courtyard right after the ID number: in view at 1366×768 without scrolling.
RESIDENT_COLUMNS = (
    ("name", Resident.label("name"), 80), ("relation", Resident.label("relation"), 70),
    ("gender", Resident.label("gender"), 40), ("age", "年龄", 40),
    ("id_number", Resident.label("id_number"), 175), ("party", Resident.label("is_party_member"), 45),
    ("grid", Household.label("grid"), 90), ("phone", Resident.label("phone"), 120),
    ("address", Household.label("address"), 180), ("groups", "困难/特殊群体", 120),
)
LACKS_WORKER_MARK = "⚠ "
SEARCH_HINT = "可按姓名、身份证号、电话、住址或群体类别查找，输入其中一段即可。"


class RosterTab(GridActions, RosterStatus, RosterPapers, ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=6)
        self.context = context
        self.nodes: dict[str, GridNode] = {}
        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True)
        # The grid tree keeps the width of its names and counts; the list takes the rest.
        panes.add(self._build_grid_side(panes), weight=0)
        panes.add(self._build_people_side(panes), weight=1)
        context.on_data_changed(self, self.refresh)
        self.refresh()
        permissions.apply_role(self)

    # -- left: the grid tree --------------------------------------------------------------
    def _build_grid_side(self, master: tk.Misc) -> ttk.Frame:
        side = ttk.Frame(master)
        ttk.Label(side, text="三级网格（镇级总网格 → 村级网格 → 院落式网格）",
                  font=("", 10, "bold")).pack(anchor="w")
        self.tree = ListTree(side, columns=("households", "residents", "party", "workers"),
                             selectmode="browse")  # its columns as wide as their values
        self.tree.heading("#0", text=Grid.label("name"), anchor="w")
        for key, text, width in (("households", "户数", 50), ("residents", "人数", 55),
                                 ("party", "党员", 45), ("workers", "网格员", 120)):
            self.tree.heading(key, text=text, anchor="w")
            self.tree.column(key, width=width, stretch=key == "workers", anchor="w")
        self.tree.column("#0", width=230)
        self.tree.tag_configure("finding", foreground="#c0392b")
        self.tree.pack(fill="both", expand=True, pady=(4, 4))
        self.tree.bind("<<TreeviewSelect>>", lambda e: self.on_grid_selected())
        self.tree.bind("<<TreeviewOpen>>", lambda e: self._insert_courtyards(self.tree.focus()))
        buttons = ttk.Frame(side)
        buttons.pack(fill="x")
        self.add_grid_button = ttk.Button(buttons, text="新增院落网格", command=self.add_grid,
                                          bootstyle="primary-outline")
        self.edit_grid_button = ttk.Button(buttons, text="编辑网格", command=self.edit_grid,
                                           bootstyle="secondary-outline")
        self.members_button = ttk.Button(buttons, text="网格员/院落长", command=self.edit_members,
                                         bootstyle="secondary-outline")
        self.delete_grid_button = ttk.Button(buttons, text="删除网格", command=self.delete_grid,
                                             bootstyle="danger-outline")
        for button in (self.add_grid_button, self.edit_grid_button, self.members_button,
                       self.delete_grid_button):
            button.pack(side="left", padx=(0, 4))
            permissions.write_action(button)
        if not units.is_township():  # the village's own Excel 花名册 in (also 文件 → 导入花名册…)
            permissions.write_action(ttk.Button(buttons, text="导入花名册…", bootstyle="info-outline",
                                                command=self.import_roster)).pack(side="right")
        self.grid_details = ttk.Label(side, text="", justify="left", wraplength=380)
        self.grid_details.pack(anchor="w", fill="x", pady=(6, 0))
        return side

    def refresh_tree(self) -> None:
        selected = self.tree.selection()
        self.tree.delete(*self.tree.get_children())
        nodes = grid_tree()
        self.nodes = {str(n.id): n for n in nodes}
        self.children_of: dict[str, list[GridNode]] = {}
        for node in nodes:
            if node.level == 3:
                self.children_of.setdefault(str(node.parent_id), []).append(node)
        town = next((n for n in nodes if n.level == 1), None)
        if town is None:  # a village PC: the town's grid is not its record, only its frame
            self.tree.insert("", "end", iid="town", text="镇级总网格", open=True)
        # A village's grid hangs under the town's: its own parent, or (a village PC's grid,
        # imported on the township, has none) the township's 镇级总网格.
        town_iid = str(town.id) if town else "town"
        villages = [n for n in nodes if n.level == 2]
        for node in sorted((n for n in nodes if n.level < 3), key=lambda n: n.level):
            parent = "" if node.level == 1 else str(node.parent_id or town_iid)
            if not self.tree.exists(parent):
                parent = "" if node.level == 1 else town_iid
            lacking = sum(c.lacks_party_worker for c in self.children_of.get(str(node.id), []))
            self._insert_node(parent, node, f"{lacking}个院落缺党员网格员" if lacking else "")
            if node.level == 2:
                if len(villages) == 1:
                    self._insert_courtyards(str(node.id))
                elif self.children_of.get(str(node.id)):
                    # The township's 450 courtyards are inserted when their village is opened.
                    self.tree.insert(str(node.id), "end", iid=f"pending-{node.id}", text="……")
        if selected and selected[0] in self.nodes:
            node = self.nodes[selected[0]]
            if node.level == 3:
                self._insert_courtyards(str(node.parent_id))
                self.tree.item(str(node.parent_id), open=True)
            self.tree.selection_set(selected[0])
        elif self.nodes:
            first = min(self.nodes.values(), key=lambda n: n.level)
            self.tree.selection_set(str(first.id))

    def _insert_node(self, parent: str, node: GridNode, workers_text: str) -> None:
        marked = node.lacks_party_worker or bool(workers_text)
        self.tree.insert(parent, "end", iid=str(node.id),
                         text=(LACKS_WORKER_MARK if marked else "") + node.name,
                         open=node.level < 2 or (node.level == 2 and len(self.children_of) == 1),
                         tags=("finding",) if marked else (),
                         values=(node.households, node.residents, node.party_members,
                                 workers_text or "、".join(node.workers)))

    def _insert_courtyards(self, village_iid: str) -> None:
        pending = f"pending-{village_iid}"
        if self.tree.exists(pending):
            self.tree.delete(pending)
        if self.tree.get_children(village_iid):
            return
        for child in self.children_of.get(village_iid, []):
            self._insert_node(village_iid, child, "")

    def selected_grid(self) -> Grid | None:
        selection = self.tree.selection()
        node = self.nodes.get(selection[0]) if selection else None
        return Grid.get_by_id(node.id) if node else None

    def on_grid_selected(self) -> None:
        selection = self.tree.selection()
        node = self.nodes.get(selection[0]) if selection else None
        if node is None:
            self.grid_details.configure(text="")
        else:
            lines = [f"{Grid.label('first_responsible')}：{node.first_responsible or '（未填）'}"]
            if node.level == 3:
                grid = Grid.get_by_id(node.id)
                lines.append(f"{Grid.label('work_group')}：{grid.work_group or '（未填）'}")
                lines.append(f"院落长（点长）：{'、'.join(node.heads) or '（未设）'}")
                lines.append(f"网格员：{'、'.join(node.workers) or '（未设）'}")
                if node.lacks_party_worker:
                    lines.append("⚠ 没有党员网格员：每个院落式网格至少安排1名党员作为网格员。")
            self.grid_details.configure(text="\n".join(lines))
        self._enable_actions(node)
        self.reload_people()

    def _enable_actions(self, node: GridNode | None) -> None:
        """Another unit's records are read-only here (DESIGN §2): say so instead of offering
        buttons that can only be refused."""
        writable = node is not None and node.unit_id == units.home_unit().id
        permissions.set_writable((*self.action_buttons, self.add_grid_button, self.edit_grid_button,
                                  self.members_button, self.delete_grid_button), writable)
        self.read_only_note.configure(text=permissions.read_only_note() or (
            "" if writable or node is None else "只读：村（社区）的记录只能在该村（社区）的电脑上修改。"))

    # -- right: households and residents --------------------------------------------------
    def _build_people_side(self, master: tk.Misc) -> ttk.Frame:
        side = ttk.Frame(master, padding=(6, 0, 0, 0))
        search = ttk.Frame(side)
        search.pack(fill="x")
        ttk.Label(search, text="查找 (Ctrl+F)：").pack(side="left")
        self.search_entry = ttk.Entry(search, width=24)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.reload_people())
        ttk.Button(search, text="查找", command=self.reload_people,
                   bootstyle="primary").pack(side="left", padx=4)
        self.filters = {key: tk.BooleanVar(value=False) for key in ("party_only", "hardship", "special")}
        ttk.Label(search, text="只看：").pack(side="left", padx=(12, 0))
        for key, text in (("party_only", "党员"), ("hardship", "困难群体"), ("special", "特殊群体")):
            ttk.Checkbutton(search, text=text, variable=self.filters[key],
                            command=self.reload_people).pack(side="left", padx=4)
        note = ttk.Frame(side)
        note.pack(fill="x", pady=(2, 0))
        # 在册 by default; who moved away, died or was otherwise 注销 on request.
        self.status_box = filter_box(note, [label for _, label in STATUS_FILTERS], lambda: self.reload_people(),
                                     width=14)
        self.status_box.pack(side="right")
        ttk.Label(note, text="在册状态：").pack(side="right")
        self.search_hint = ttk.Label(note, text=SEARCH_HINT, bootstyle="secondary")
        self.search_hint.pack(side="left")
        # Searching inside one courtyard says so, and offers the whole village.
        self.whole_village_button = ttk.Button(note, text="改为在全村查找", bootstyle="primary-link",
                                               command=self.search_whole_village)
        actions = ttk.Frame(side)
        actions.pack(fill="x", pady=6)
        self.action_buttons = []
        for text, command, style in (
                ("新增户", self.add_household, "primary"), ("编辑户", self.edit_household, "secondary-outline"),
                ("移到别的院落", self.move_household, "secondary-outline"),
                ("删除户", self.delete_household, "danger-outline"), (None, None, None),
                ("新增人员 (Ctrl+N)", self.add_resident, "primary"),
                ("编辑人员", self.edit_resident, "secondary-outline"),
                ("删除人员 (Delete)", self.delete_resident, "danger-outline")):
            if text is None:
                ttk.Separator(actions, orient="vertical").pack(side="left", fill="y", padx=6)
                continue
            button = permissions.write_action(ttk.Button(actions, text=text, command=command,
                                                         bootstyle=style))
            button.pack(side="left", padx=(0, 4))
            self.action_buttons.append(button)
        self._build_status_actions(side)
        self.people = PagedTable(side, RESIDENT_COLUMNS, self._fetch_people, self._row_values,
                                 lambda row: row.id, page_size=PAGE_SIZE, unit_word="人")
        self.people.pack(fill="both", expand=True)
        self.people.tree.bind("<Double-1>", lambda e: self.edit_resident())
        self.people.tree.bind("<Delete>", lambda e: permissions.refused(self) or self.delete_resident())
        return side

    def current_filter(self) -> ResidentFilter:
        grid = self.selected_grid()
        return ResidentFilter(text=self.search_entry.get(), grid_id=grid.id if grid else None,
                              status=STATUS_FILTERS[max(self.status_box.current(), 0)][0],
                              **{key: var.get() for key, var in self.filters.items()})

    def _fetch_people(self, offset: int, limit: int):
        return search_residents(self.current_filter(), offset, limit)

    @staticmethod
    def _row_values(row) -> tuple:
        return (row.shown_name, row.relation, row.gender, "" if row.age is None else row.age,
                row.id_masked, row.party, row.grid_name, row.phone, row.address, row.groups)

    def reload_people(self, keep_page: bool = False) -> None:
        self.people.reload(keep_page=keep_page)
        self._show_search_note()

    def _show_search_note(self) -> None:
        """A search inside one courtyard finds only its people: say so, and offer the village."""
        grid = self.selected_grid()
        searching = bool(self.search_entry.get().strip())
        if searching and grid is not None and grid.level == 3:
            self.search_hint.configure(
                text=f"只在院落网格“{grid.name}”里查找，找到{self.people.total}人。", bootstyle="warning")
            self.whole_village_button.pack(side="left", padx=(6, 0))
        else:
            where = f"在{grid.name}里" if searching and grid is not None else ""
            self.search_hint.configure(
                text=f"{where}找到{self.people.total}人。" if searching else SEARCH_HINT,
                bootstyle="secondary")
            self.whole_village_button.pack_forget()

    def search_whole_village(self) -> None:
        """The same search over the village of the selected courtyard."""
        grid = self.selected_grid()
        if grid is not None and grid.level == 3:
            self.select_grid(grid.parent_id)

    def refresh(self) -> None:
        self.refresh_tree()
        if not self.tree.selection():  # otherwise <<TreeviewSelect>> reloads the list, once
            self.on_grid_selected()

    # -- opening what a finding names ----------------------------------------------------
    def open_record(self, kind: str, record_id: int) -> bool:
        """Select a grid in the tree, or a household's (resident's) people in the list."""
        if kind == "grid":
            return self.select_grid(record_id)
        household_id = record_id if kind == "household" else \
            Resident.select(Resident.household).where(Resident.id == record_id).scalar()
        household = Household.get_or_none(Household.id == household_id)
        if household is None or not self.select_grid(household.grid_id):
            return False
        person = Resident.get_or_none(Resident.id == record_id) if kind == "resident" else None
        gone = (person or household).status != "active"
        self.status_box.current([c for c, _ in STATUS_FILTERS].index("all" if gone else "active"))
        type_over(self.search_entry, household.address)
        self.reload_people()
        members = [iid for iid in self.people.tree.get_children()
                   if self.people.rows_by_id[iid].household_id == household.id]
        wanted = str(record_id) if kind == "resident" else (members[0] if members else "")
        return self.people.select(wanted) if wanted else False

    def select_grid(self, grid_id: int) -> bool:
        node = self.nodes.get(str(grid_id))
        if node is None:
            return False
        if node.level == 3:
            self._insert_courtyards(str(node.parent_id))
            self.tree.item(str(node.parent_id), open=True)
        self.tree.selection_set(str(grid_id))
        self.tree.see(str(grid_id))
        self.update_idletasks()
        self.on_grid_selected()
        return True

    def import_roster(self):
        from .import_forms import open_roster_import  # openpyxl: when first used
        return open_roster_import(self, self.context)

    # -- keyboard -------------------------------------------------------------------------
    def on_find(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def on_new(self) -> None:
        if not permissions.refused(self):
            self.add_resident()

    # -- actions --------------------------------------------------------------------------
    def _changed(self, message: str, warnings: list[str] | None = None) -> None:
        self.context.status.say("；".join([message, *(warnings or [])]))
        self.context.data_changed()

    def _selected_person(self) -> Resident | None:
        row = self.people.selected()
        if row is None:
            messages.show_info(self, "请先在右边的名单里选中一个人。")
            return None
        return Resident.get_by_id(row.id)

    def add_household(self) -> None:
        grid = self._courtyard()
        if grid is None:
            return
        dialog = HouseholdDialog(self, grid=grid)
        self.wait_window(dialog)
        if dialog.result:
            self._changed("已新增一户，请继续登记户主")
            self.add_resident(household=dialog.result)

    def edit_household(self) -> None:
        person = self._selected_person()
        if person:
            dialog = HouseholdDialog(self, household=person.household)
            self.wait_window(dialog)
            if dialog.result:
                self._changed("已保存户的信息")

    def move_household(self) -> None:
        person = self._selected_person()
        if person:
            dialog = MoveHouseholdDialog(self, person.household)
            self.wait_window(dialog)
            if dialog.result:
                self._changed(f"已把{person.name}这一户移到“{dialog.result.grid.name}”")

    def delete_household(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        household = person.household
        count = household.members.count()
        if messages.ask_yes_no(self, f"确定删除{person.name}所在的这一户吗？这一户的{count}个人都会一并删除，不能恢复。"
                                     "\n\n删除只用于录错的户。整户迁出的，请点“注销…”，选“整户注销”：记录会保留。"):
            if messages.guarded(self, lambda: roster.delete_household(household)):
                self._changed("已删除一户")

    def add_resident(self, household: Household | None = None) -> None:
        if household is None:
            row = self.people.selected()
            if row is None:
                messages.show_info(self, "请先在名单里选中这户的任何一个人，再新增人员；新的一户请点“新增户”。")
                return
            household = Household.get_by_id(row.household_id)
        dialog = ResidentDialog(self, household=household)
        self.wait_window(dialog)
        if dialog.result:
            self._changed(f"已登记{dialog.result.record.name}", dialog.result.warnings)
            self.people.select(dialog.result.record.id)

    def edit_resident(self) -> None:
        person = self._selected_person()
        if person:
            dialog = ResidentDialog(self, resident=person)
            self.wait_window(dialog)
            if dialog.result:
                self._changed(f"已保存{person.name}的信息", dialog.result.warnings)

    def delete_resident(self) -> None:
        person = self._selected_person()
        if person and messages.ask_yes_no(self, f"确定删除{person.name}吗？删除后不能恢复。\n\n"
                                                f"删除只用于录错的人。{person.name}迁出或去世的，"
                                                "请点“注销…”：记录会保留，结对、走访和纠纷里仍能看到此人。"):
            if messages.guarded(self, lambda: roster.delete_resident(person)):
                self._changed(f"已删除{person.name}")
