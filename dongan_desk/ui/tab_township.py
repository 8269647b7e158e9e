"""镇级汇总 (township PC only): each village's 报送 status, importing packages, and the
township's summary workbook."""
from __future__ import annotations

import datetime as dt
import tkinter as tk

import ttkbootstrap as ttk

from ..exchange.status import village_statuses
from ..store.models import ImportRecord, Unit
from .context import AppContext
from .exchange_actions import ImportDialog, ask_import_files, ask_import_folder
from .files import XLSX_TYPES, save_document_as

COLUMNS = (("name", Unit.label("name"), 170), ("code", Unit.label("code"), 120),
           ("seq", ImportRecord.label("seq"), 70), ("exported", ImportRecord.label("exported_at"), 140),
           ("imported", ImportRecord.label("imported_at"), 140), ("rows", "记录数", 80),
           ("state", "状态", 100))


class TownshipTab(ttk.Frame):

    def __init__(self, master: tk.Misc, context: AppContext):
        super().__init__(master, padding=8)
        self.context = context
        ttk.Label(self, text="各村（社区）报送情况", font=("", 12, "bold")).pack(anchor="w")
        ttk.Label(self, text="村里在本机只能查看，不能修改；每月至少报送一次，本月还没有报送的标为“本月未报送”。",
                  bootstyle="secondary").pack(anchor="w", pady=(2, 6))
        actions = ttk.Frame(self)
        actions.pack(fill="x", pady=(0, 6))
        ttk.Button(actions, text="导入报送包（选文件）…", bootstyle="primary",
                   command=lambda: self.import_paths(ask_import_files(self))).pack(side="left")
        ttk.Button(actions, text="导入整个文件夹（U盘）…", bootstyle="primary-outline",
                   command=lambda: self.import_paths(ask_import_folder(self))).pack(side="left", padx=6)
        ttk.Button(actions, text="生成全镇汇总表…", bootstyle="success",
                   command=self.write_summary).pack(side="left", padx=6)
        self.tree = ttk.Treeview(self, columns=[c[0] for c in COLUMNS], show="headings", height=14)
        for key, text, width in COLUMNS:
            self.tree.heading(key, text=text, anchor="w")
            self.tree.column(key, width=width, anchor="w")
        self.tree.tag_configure("overdue", foreground="#c0392b")
        self.tree.pack(fill="both", expand=True)
        self.summary_line = ttk.Label(self, text="")
        self.summary_line.pack(anchor="w", pady=(6, 0))
        context.on_data_changed(self, self.refresh)
        self.refresh()

    def refresh(self, today: dt.date | None = None) -> None:
        self.tree.delete(*self.tree.get_children())
        statuses = village_statuses(today)
        for status in statuses:
            last = status.last
            self.tree.insert("", "end", iid=str(status.unit.id),
                             tags=("overdue",) if status.overdue else (),
                             values=(status.unit.name, status.unit.code,
                                     f"第{last.seq}次" if last else "",
                                     f"{last.exported_at:%Y-%m-%d %H:%M}" if last else "",
                                     f"{last.imported_at:%Y-%m-%d %H:%M}" if last else "",
                                     status.rows if last else "", status.state))
        overdue = sum(s.overdue for s in statuses)
        self.summary_line.configure(
            text=f"共 {len(statuses)} 个村（社区），{overdue} 个本月未报送。" if statuses else "本镇还没有村（社区）名单。")

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
