"""The 支客士 page of the 红白理事会 tab: the register with certificate status, the selected
支客士's training records, and the printed certificate and roster."""
from __future__ import annotations

import tkinter as tk
from datetime import date
from pathlib import Path

import ttkbootstrap as ttk

from .documents import write_certificates, write_emcee_roster
from . import print_data as council_print, emcees
from .queries import PAGE_SIZE, search_emcees, trainings_of
from ...errors import ValidationError
from .models import Emcee, EmceeTraining
from ...ui import files, messages, permissions
from .tab_council import tree_with_buttons
from .council_forms import EmceeDialog, TrainingDialog
from ...ui.widgets import PagedTable

EMCEE_COLUMNS = (
    ("name", Emcee.label("name"), 80), ("gender", Emcee.label("gender"), 40),
    ("phone", Emcee.label("phone"), 110), ("number", Emcee.label("certificate_no"), 185),
    ("issued", Emcee.label("certificate_issued_on"), 90),
    ("expires", Emcee.label("certificate_expires_on"), 90), ("status", "证书状态", 90),
    ("trainings", "培训次数", 70), ("hours", "累计学时", 70), ("last", "最近培训", 90),
    ("active", Emcee.label("active"), 45),
)
TRAINING_COLUMNS = (
    ("date", EmceeTraining.label("trained_on"), 90), ("hours", EmceeTraining.label("hours"), 50),
    ("content", EmceeTraining.label("content"), 300), ("trainer", EmceeTraining.label("trainer"), 120),
)
STATUS_TAGS = {"expired": "bad", "untrained": "bad", "uncertified": "bad", "expiring": "soon"}


class EmceeArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text="查找：").pack(side="left")
        self.search_entry = ttk.Entry(bar, width=18)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda e: self.reload())
        self.active_only = tk.BooleanVar(value=True)
        ttk.Checkbutton(bar, text="只看在册", variable=self.active_only,
                        command=self.reload).pack(side="left", padx=8)
        self.buttons = []
        for text, command, style in (("新增支客士", self.add_emcee, "primary"),
                                     ("编辑", self.edit_emcee, "secondary-outline"),
                                     ("删除", self.delete_emcee, "danger-outline")):
            button = permissions.write_action(ttk.Button(bar, text=text, command=command,
                                                         bootstyle=style))
            button.pack(side="left", padx=(0, 4))
            self.buttons.append(button)
        for text, command in (("打印花名册", self.print_roster), ("打印上岗证", self.print_certificate)):
            ttk.Button(bar, text=text, command=command, bootstyle="info-outline").pack(side="right", padx=(4, 0))
        self.legend = ttk.Label(self, text="", bootstyle="secondary")
        self.legend.pack(anchor="w", pady=(4, 2))
        self.table = PagedTable(self, EMCEE_COLUMNS, self._fetch, self._values, lambda r: r.id,
                                page_size=PAGE_SIZE, unit_word="人", height=7)
        self.table.pack(fill="both", expand=True)
        self.table.tree.tag_configure("bad", foreground="#c0392b")
        self.table.tree.tag_configure("soon", foreground="#d35400")
        self.table.tree.bind("<<TreeviewSelect>>", lambda e: self.show_trainings())
        self.table.tree.bind("<Double-1>", lambda e: self.edit_emcee())
        frame, self.trainings, training_buttons = tree_with_buttons(
            self, "所选支客士的培训记录", TRAINING_COLUMNS,
            (("登记培训", self.add_training, "primary-outline"),
             ("编辑培训", self.edit_training, "secondary-outline"),
             ("删除培训", self.delete_training, "danger-outline")), height=3)
        frame.pack(side="bottom", fill="x", before=self.table)  # its buttons stay on a short screen
        self.buttons += permissions.write_actions(training_buttons)

    # -- showing --------------------------------------------------------------------------
    def _fetch(self, offset: int, limit: int):
        return search_emcees([self.tab.unit.id], date.today(), emcees.warn_days(self.tab.unit),
                             self.search_entry.get(), self.active_only.get(), offset, limit)

    @staticmethod
    def _values(row) -> tuple:
        def day(value):
            return f"{value:%Y-%m-%d}" if value else ""
        return (row.name, row.gender, row.phone, row.certificate_no, day(row.issued_on),
                day(row.expires_on), emcees.STATUS_LABELS[row.status], row.trainings,
                f"{row.hours:g}", day(row.last_trained_on), "是" if row.active else "否")

    def reload(self, keep_page: bool = False) -> None:
        self.table.reload(keep_page=keep_page)
        for iid, row in self.table.rows_by_id.items():
            tag = STATUS_TAGS.get(row.status) if row.active else None
            self.table.tree.item(iid, tags=(tag,) if tag else ())
        self.show_trainings()

    def refresh(self) -> None:
        days = emcees.warn_days(self.tab.unit)
        self.legend.configure(text=f"支客士须培训合格、持证上岗。红色：已过期、未发证或未培训；橙色：{days}天内到期"
                                   "（天数在“本村限额”中设置）。")
        self.reload(keep_page=True)
        state = "normal" if self.tab.writable else "disabled"
        for button in self.buttons:
            button.configure(state=state)

    def show_trainings(self) -> None:
        self.trainings.delete(*self.trainings.get_children())
        row = self.table.selected()
        if row is None:
            return
        for t in trainings_of(row.id):
            self.trainings.insert("", "end", iid=str(t.id), values=(
                f"{t.trained_on:%Y-%m-%d}", f"{t.hours:g}", t.content, t.trainer))

    # -- acting ---------------------------------------------------------------------------
    def _emcee(self) -> Emcee | None:
        row = self.table.selected()
        if row is None:
            messages.show_info(self, "请先在名单里选中一位支客士。")
            return None
        return Emcee.get_by_id(row.id)

    def _training(self) -> EmceeTraining | None:
        selection = self.trainings.selection()
        if not selection:
            messages.show_info(self, "请先在下面的培训记录里选中一条。")
            return None
        return EmceeTraining.get_by_id(int(selection[0]))

    def on_new(self) -> None:
        self.add_emcee()

    def on_find(self) -> None:
        self.search_entry.focus_set()

    def add_emcee(self) -> None:
        if self.tab.require_writable():
            result = self.tab.open_dialog(EmceeDialog(self, self.tab.unit))
            if result:
                self.tab.changed(f"已登记支客士{result.record.name}", result.warnings)
                self.table.select(result.record.id)

    def edit_emcee(self) -> None:
        emcee = self._emcee()
        if emcee and self.tab.require_own():
            result = self.tab.open_form(EmceeDialog(self, self.tab.unit, emcee))
            if result:
                self.tab.changed(f"已保存支客士{emcee.name}", result.warnings)

    def delete_emcee(self) -> None:
        emcee = self._emcee()
        if emcee and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除支客士{emcee.name}吗？培训记录会一并删除。"):
            if self.tab.guarded(lambda: emcees.delete_emcee(emcee)):
                self.tab.changed(f"已删除支客士{emcee.name}")

    def add_training(self) -> None:
        emcee = self._emcee()
        if emcee and self.tab.require_writable() and self.tab.open_dialog(TrainingDialog(self, emcee)):
            self.tab.changed(f"已登记{emcee.name}的培训")

    def edit_training(self) -> None:
        emcee, training = self._emcee(), self._training()
        if emcee and training and self.tab.require_own() and self.tab.open_form(
                TrainingDialog(self, emcee, training)):
            self.tab.changed(f"已保存{emcee.name}的培训记录")

    def delete_training(self) -> None:
        training = self._training()
        if training and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除{training.trained_on:%Y-%m-%d}的这条培训记录吗？"):
            if self.tab.guarded(lambda: emcees.delete_training(training)):
                self.tab.changed("已删除培训记录")

    def print_certificate(self) -> Path | None:
        emcee = self._emcee()
        if emcee is None:
            return None
        try:
            facts = council_print.certificate_data(emcee)
        except ValidationError as exc:
            messages.show_info(self, exc.message)
            return None
        made = files.print_document(self, lambda target: write_certificates(target, [facts]),
                                    self.tab.exports_folder(),
                                    f"支客士上岗证_{emcee.name}_{facts.number}.pdf")
        if made:
            self.tab.context.status.say(f"已生成上岗证：{made}")
        return made

    def print_roster(self) -> Path | None:
        unit, today = self.tab.unit, date.today()
        rows = council_print.roster_rows(unit, today)
        made = files.print_document(
            self, lambda target: write_emcee_roster(
                target, unit_name=unit.name, council_name=council_print.council_name(unit),
                headers=council_print.ROSTER_HEADERS, rows=rows, roster_date=today),
            self.tab.exports_folder(), f"{unit.name}支客士花名册_{today:%Y%m%d}.pdf")
        if made:
            self.tab.context.status.say(f"已生成支客士花名册：{made}")
        return made
