"""镇级汇总 (township PC only): the 村名单 with each village's 接入码 and 报送 status, importing
packages, and the township's summary workbook."""
from __future__ import annotations

import datetime as dt
import tkinter as tk

import ttkbootstrap as ttk

from ..exchange.status import village_statuses
from ..exchange.access import access_code_of, issue_access_code
from ..store.models import AccessCode, ImportRecord, Unit
from ..store.session import EXPORT, SETTINGS
from .context import AppContext
from . import messages
from .access_codes_view import AccessCodesDialog, print_slips
from .exchange_actions import ImportDialog, ask_import_files, ask_import_folder
from .files import XLSX_TYPES, save_document_as
from .unit_dialog import AddVillageDialog, UnitDialog, mask_access_code
from .lists import ListView
from .permissions import apply_role, set_writable, write_action, write_actions

COLUMNS = (("name", Unit.label("name"), 150, False), ("short", Unit.label("short_name"), 60, False),
           ("code", Unit.label("code"), 110, False), ("access", AccessCode.label("code"), 165, False),
           ("seq", ImportRecord.label("seq"), 70, False),
           ("exported", ImportRecord.label("exported_at"), 125, False),
           ("imported", ImportRecord.label("imported_at"), 125, False), ("rows", "记录数", 65, False),
           ("state", "状态", 85, False), ("note", "备注", 200, True))


class TownshipTab(ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=8)
        self.context = context
        self.codes_shown = False
        self.statuses: dict[str, object] = {}
        ttk.Label(self, text="村（社区）名单及报送情况", font=("", 12, "bold")).pack(anchor="w")
        ttk.Label(self, text="村里的记录在本机只能查看，不能修改；每月至少报送一次，本月还没有报送的标为“本月未报送”。"
                             "接入码是村里给报送包加封用的，只交给该村。",
                  bootstyle="secondary").pack(anchor="w", pady=(2, 6))
        actions = ttk.Frame(self)
        actions.pack(fill="x", pady=(0, 6))
        # 导入 needs EXPORT, the village list and its 接入码 SETTINGS (ui/permissions.py).
        write_action(ttk.Button(actions, text="导入报送包（选文件）…", bootstyle="primary",
                                command=lambda: self.import_paths(ask_import_files(self))),
                     EXPORT).pack(side="left")
        write_action(ttk.Button(actions, text="导入整个文件夹（U盘）…", bootstyle="primary-outline",
                                command=lambda: self.import_paths(ask_import_folder(self))),
                     EXPORT).pack(side="left", padx=6)
        ttk.Button(actions, text="生成全镇汇总表…", bootstyle="success",
                   command=self.write_summary).pack(side="left", padx=6)
        # the village's name stays in view when a long 备注 is scrolled to (ui/lists.py)
        table = ListView(self, [c[:3] for c in COLUMNS], frozen=1, height=10, stretch="note",
                         request_width=None, sortable=True)
        table.pack(fill="both", expand=True)
        self.tree = table.tree
        self.tree.tag_configure("overdue", foreground="#c0392b")
        self.tree.bind("<<TreeviewSelect>>", lambda e: self.show_selected())
        self.tree.bind("<Double-1>", lambda e: self.edit_village())
        self.detail = ttk.Label(self, text="", wraplength=1200, justify="left")
        self.detail.pack(anchor="w", fill="x", pady=(4, 0))
        roster = ttk.Frame(self)
        roster.pack(fill="x", pady=(6, 0))
        write_action(ttk.Button(roster, text="添加村（社区）…", bootstyle="primary-outline",
                                command=self.add_village), SETTINGS).pack(side="left")
        self.edit_button = ttk.Button(roster, text="修改…", bootstyle="secondary-outline",
                                      command=self.edit_village)
        self.edit_button.pack(side="left", padx=6)
        self.reissue_button = ttk.Button(roster, text="重新下发接入码…", bootstyle="warning-outline",
                                         command=self.reissue_code)
        self.reissue_button.pack(side="left")
        self.show_button = ttk.Button(roster, text="显示接入码", bootstyle="secondary-outline",
                                      command=self.toggle_codes)
        self.show_button.pack(side="left", padx=6)
        write_action(ttk.Button(roster, text="打印接入码单", bootstyle="secondary-outline",
                                command=self.print_codes), SETTINGS).pack(side="left")
        write_actions((self.edit_button, self.reissue_button, self.show_button), SETTINGS)
        self.summary_line = ttk.Label(self, text="")
        self.summary_line.pack(anchor="w", pady=(6, 0))
        context.on_data_changed(self, self.refresh)
        self.refresh()
        apply_role(self)

    def refresh(self, today: dt.date | None = None) -> None:
        chosen = self.tree.selection()
        self.tree.delete(*self.tree.get_children())
        statuses = village_statuses(today)
        self.statuses = {str(s.unit.id): s for s in statuses}
        for status in statuses:
            last, unit = status.last, status.unit
            code = access_code_of(unit)
            self.tree.insert("", "end", iid=str(unit.id),
                             tags=("overdue",) if status.overdue else (),
                             values=(unit.name, unit.short_name, unit.code,
                                     (code or "（未下发）") if self.codes_shown else mask_access_code(code),
                                     f"第{last.seq}次" if last else "",
                                     f"{last.exported_at:%Y-%m-%d %H:%M}" if last else "",
                                     f"{last.imported_at:%Y-%m-%d %H:%M}" if last else "",
                                     status.rows if last else "", status.state,
                                     status.rebaseline_note))
        self.tree.fit()  # a long 重新起算 reason: the list scrolls sideways, the line below has it too
        kept = [iid for iid in chosen if self.tree.exists(iid)]
        if kept:
            self.tree.selection_set(kept)
        overdue = sum(s.overdue for s in statuses)
        self.summary_line.configure(
            text=f"共 {len(statuses)} 个村（社区），{overdue} 个本月未报送。" if statuses else "本镇还没有村（社区）名单。")
        self.show_selected()

    def selected_village(self) -> Unit | None:
        chosen = self.tree.selection()
        return self.statuses[chosen[0]].unit if chosen else None

    def show_selected(self) -> None:
        """The selected village's whole 重新起算 note (the column may cut a long reason)."""
        chosen = self.tree.selection()
        status = self.statuses.get(chosen[0]) if chosen else None
        set_writable((self.edit_button, self.reissue_button), bool(status), SETTINGS)
        if status is None:
            self.detail.configure(text="选中一个村（社区）可修改其名称、代码，或重新下发接入码。")
        elif status.rebaseline is not None:
            record = status.rebaseline
            self.detail.configure(text=f"{status.unit.name}：{status.rebaseline_note}"
                                       f"（第{record.seq}次报送，{record.imported_at:%Y-%m-%d %H:%M}导入，"
                                       f"此后从第{record.seq}次接着编号）")
        else:
            self.detail.configure(text=f"{status.unit.name}：报送序号连续，没有重新起算过。")

    # ---- the 村名单 ------------------------------------------------------------------------
    def add_village(self) -> AddVillageDialog:
        def added(unit: Unit) -> None:
            self.changed()
            self.tree.selection_set(str(unit.id))
            self.show_codes([unit], f"已添加{unit.name}，它的接入码是：")
        return AddVillageDialog(self, on_saved=added)

    def edit_village(self) -> UnitDialog | None:
        unit = self.selected_village()
        if unit is None:
            return None
        return UnitDialog(self, unit, on_saved=lambda _unit: self.changed())

    def reissue_code(self) -> str | None:
        unit = self.selected_village()
        if unit is None:
            return None
        old = access_code_of(unit)
        if not messages.ask_yes_no(self, f"为“{unit.name}”重新下发接入码吗？\n\n"
                                         f"旧接入码 {mask_access_code(old) if old else ''} 立即作废。\n"
                                         "村里用旧接入码加封的报送包（包括已经导出、还没交来的）本机都不再接收；"
                                         "村里须在本村电脑“设置 → 本单位信息”中填写新接入码，再重新导出。",
                                   title="重新下发接入码"):
            return None
        code = issue_access_code(unit)
        self.changed()
        self.show_codes([unit], f"{unit.name}的新接入码（旧的已作废）：")
        return code

    def changed(self) -> None:
        """The list drawn again now, the other tabs (their village choosers) when Tk is idle."""
        self.refresh()
        self.context.data_changed()

    def show_codes(self, villages, heading: str) -> AccessCodesDialog:
        return AccessCodesDialog(self, villages, heading, self.context.data_dir)

    def toggle_codes(self) -> None:
        self.codes_shown = not self.codes_shown
        self.show_button.configure(text="隐藏接入码" if self.codes_shown else "显示接入码")
        self.refresh()

    def print_codes(self):
        from ..units import villages
        listed = [v for v in villages() if access_code_of(v)]
        if not listed:
            messages.show_info(self, "名单里还没有下发了接入码的村（社区）。")
            return None
        return print_slips(self, listed, self.context.data_dir)

    # ---- 报送 --------------------------------------------------------------------------------
    def import_paths(self, paths) -> None:
        if paths:
            dialog = ImportDialog(self, paths)
            self.wait_window(dialog)

    def write_summary(self) -> None:
        from ..exchange.summary import summary_file_name, write_summary
        target = save_document_as(self, lambda path: write_summary(path), "保存全镇汇总表",
                                  summary_file_name(), XLSX_TYPES)
        if target:
            self.context.status.say(f"全镇汇总表已保存：{target}")
