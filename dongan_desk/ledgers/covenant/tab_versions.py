"""The 条文与制定程序 page: the versions (现行, drafts, 已废止 ones still readable), the text of the
selected one, and its path step by step with the next step to record; the booklet and poster."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path

import ttkbootstrap as ttk

from ...ui import files, messages
from ...ui.lists import ListView
from . import steps as path
from .forms import StepDialog, TextDialog
from .models import CovenantStep, VillageCovenant
from .versions import (clause_count, covenant_text, delete_draft, is_adopted, new_version,
                       status_text, versions_of)

VERSION_COLUMNS = (("version", "版本", 50), ("status", "状态", 70),
                   ("adopted", VillageCovenant.label("adopted_on"), 90),
                   ("filed", VillageCovenant.label("filed_on"), 90), ("clauses", "条款数", 50))
STEP_COLUMNS = (("kind", CovenantStep.label("kind"), 120), ("date", CovenantStep.label("held_on"), 90),
                ("facts", "情况", 420))


class VersionsArea(ttk.Frame):
    def __init__(self, master: tk.Misc, tab):
        super().__init__(master, padding=6)
        self.tab = tab
        left = ttk.Frame(self)
        left.pack(side="left", fill="y")
        ttk.Label(left, text="版本", font=("", 10, "bold")).pack(anchor="w")
        buttons = ttk.Frame(left)
        buttons.pack(side="bottom", fill="x")
        self.versions = ListView(left, VERSION_COLUMNS, frozen=1, height=8).tree
        self.versions.master.pack(fill="both", expand=True, pady=(2, 4))
        self.versions.bind("<<TreeviewSelect>>", lambda e: self.show())
        for row, items in enumerate(((("新建版本", self.add_version, "primary"),
                                      ("编辑条文", self.edit_text, "secondary-outline"),
                                      ("删除草案", self.delete_version, "danger-outline")),
                                     (("打印小册子", self.print_booklet, "info-outline"),
                                      ("打印海报A3", lambda: self.print_poster("A3"), "info-outline"),
                                      ("打印海报A4", lambda: self.print_poster("A4"), "info-outline")))):
            line = ttk.Frame(buttons)
            line.pack(fill="x", pady=(0, 4))
            for text, command, style in items:
                button = ttk.Button(line, text=text, command=command, bootstyle=style)
                button.pack(side="left", padx=(0, 4))
                if row == 0:
                    tab.write_buttons.append(button)
        right = ttk.Frame(self)
        right.pack(side="left", fill="both", expand=True, padx=(10, 0))
        self.path_label = ttk.Label(right, text="", bootstyle="info", wraplength=760, justify="left")
        self.path_label.pack(anchor="w")
        step_bar = ttk.Frame(right)
        step_bar.pack(side="bottom", fill="x", pady=(4, 0))
        for text, command, style in (("登记下一环节", self.add_step, "primary"),
                                     ("修改所选环节", self.edit_step, "secondary-outline"),
                                     ("删除最后一个环节", self.delete_step, "danger-outline")):
            button = ttk.Button(step_bar, text=text, command=command, bootstyle=style)
            button.pack(side="left", padx=(0, 4))
            tab.write_buttons.append(button)
        self.steps = ListView(right, STEP_COLUMNS, frozen=1, height=7, stretch="facts").tree
        self.steps.master.pack(side="bottom", fill="x", pady=(4, 0))
        self.steps.bind("<Double-1>", lambda e: self.edit_step())
        text_frame = ttk.Frame(right)
        text_frame.pack(fill="both", expand=True, pady=(4, 0))
        self.text = tk.Text(text_frame, wrap="word", height=10, state="disabled", background="#f8f9fa")
        scroll = ttk.Scrollbar(text_frame, command=self.text.yview)
        self.text.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.text.pack(side="left", fill="both", expand=True)
        self.by_id: dict[str, VillageCovenant] = {}

    # -- showing --------------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.versions.selection()
        self.versions.delete(*self.versions.get_children())
        self.by_id = {}
        for covenant in versions_of(self.tab.unit):
            iid = str(covenant.id)
            self.by_id[iid] = covenant
            self.versions.insert("", "end", iid=iid, values=(
                f"第{covenant.version}版", status_text(covenant).split("（")[0], _day(covenant.adopted_on),
                _day(covenant.filed_on), clause_count(covenant)))
        self.versions.fit()
        keep = [i for i in chosen if i in self.by_id]
        first = next((i for i, c in self.by_id.items() if c.is_current), next(iter(self.by_id), None))
        if keep or first:
            self.versions.selection_set(keep or [first])
        self.show()

    def selected(self) -> VillageCovenant | None:
        chosen = self.versions.selection()
        return self.by_id.get(chosen[0]) if chosen else None

    def select(self, covenant_id: int) -> bool:
        if str(covenant_id) in self.by_id:
            self.versions.selection_set(str(covenant_id))
            self.show()
            return True
        return False

    def show(self) -> None:
        covenant = self.selected()
        self.steps.delete(*self.steps.get_children())
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        if covenant is None:
            self.path_label.configure(text="还没有村规民约：点“新建版本”起草第一版。")
            self.text.configure(state="disabled")
            return
        body = covenant_text(covenant) or "（还没有条文：点“编辑条文”写入或从 Word 粘贴。）"
        self.text.insert("1.0", f"{covenant.title}\n\n{covenant.preamble}\n\n{body}".replace("\n\n\n", "\n\n"))
        self.text.configure(state="disabled")
        done = path.steps_of(covenant)
        for kind in path.ORDER:
            step = done.get(kind)
            self.steps.insert("", "end", iid=kind, values=(
                path.STEP_NAMES[kind], _day(step.held_on) if step else "",
                path.step_summary(step) if step else "（未登记）"))
        self.steps.fit()
        following = path.next_step(covenant)
        self.path_label.configure(text=f"第{covenant.version}版 {status_text(covenant)}。" + (
            f"下一环节：{path.STEP_NAMES[following]}。" if following else "制定程序已全部完成。"))

    # -- acting ---------------------------------------------------------------------------
    def on_new(self) -> None:
        self.add_version()

    def add_version(self) -> None:
        if not self.tab.require_writable():
            return
        last = next(iter(self.by_id.values()), None)
        question = (f"以第{last.version}版为底稿新建第{last.version + 1}版（草案）吗？现行版本在新版本审定前继续有效。"
                    if last else "新建第一版村规民约草案吗？")
        if not messages.ask_yes_no(self, question):
            return
        try:
            result = new_version(self.tab.unit)
        except Exception as exc:  # noqa: BLE001 - a refusal is said
            messages.show_error(self, getattr(exc, "message", str(exc)), title="不能新建")
            return
        self.tab.changed(f"已新建第{result.record.version}版草案", result.warnings)
        self.select(result.record.id)

    def edit_text(self) -> None:
        covenant = self._covenant()
        if covenant is None or not self.tab.require_writable():
            return
        if is_adopted(covenant):
            messages.show_info(self, f"第{covenant.version}版已审定，条文不能再改。要修改，请点“新建版本”。")
            return
        if self.tab.open_dialog(TextDialog(self, covenant)):
            self.tab.changed(f"已保存第{covenant.version}版条文（{clause_count(covenant)}条）")

    def delete_version(self) -> None:
        covenant = self._covenant()
        if covenant and self.tab.require_writable() and messages.ask_yes_no(
                self, f"确定删除第{covenant.version}版草案吗？它的条文和已登记的环节一并删除。"):
            if self.tab.guarded(lambda: delete_draft(covenant)):
                self.tab.changed(f"已删除第{covenant.version}版草案")

    def add_step(self) -> None:
        covenant = self._covenant()
        if covenant is None or not self.tab.require_writable():
            return
        kind = path.next_step(covenant)
        if kind is None:
            messages.show_info(self, "这一版的制定程序已全部登记。")
            return
        result = self.tab.open_dialog(StepDialog(self, covenant, kind))
        if result:
            self.tab.changed(f"已登记“{path.STEP_NAMES[kind]}”", result.warnings)

    def edit_step(self) -> None:
        covenant, chosen = self._covenant(), self.steps.selection()
        if covenant is None or not chosen or not self.tab.require_writable():
            return
        step = path.steps_of(covenant).get(chosen[0])
        if step is None:
            messages.show_info(self, "这个环节还没有登记：请点“登记下一环节”按顺序登记。")
            return
        result = self.tab.open_dialog(StepDialog(self, covenant, step.kind, step))
        if result:
            self.tab.changed(f"已修改“{path.STEP_NAMES[step.kind]}”", result.warnings)

    def delete_step(self) -> None:
        covenant = self._covenant()
        if covenant is None or not self.tab.require_writable():
            return
        following = path.next_step(covenant)
        done = path.ORDER[:path.ORDER.index(following)] if following else path.ORDER
        if not done:
            messages.show_info(self, "这个版本还没有登记任何环节。")
            return
        if messages.ask_yes_no(self, f"确定删除最后登记的环节“{path.STEP_NAMES[done[-1]]}”吗？"):
            if self.tab.guarded(lambda: path.delete_last_step(covenant)):
                self.tab.changed(f"已删除“{path.STEP_NAMES[done[-1]]}”")

    def _covenant(self) -> VillageCovenant | None:
        covenant = self.selected()
        if covenant is None:
            messages.show_info(self, "请先在左边选中一个版本（没有版本时点“新建版本”）。")
        return covenant

    def print_booklet(self) -> Path | None:
        from .documents import write_booklet
        covenant = self._covenant()
        if covenant is None:
            return None
        made = files.print_document(self, lambda target: write_booklet(target, covenant),
                                    self.tab.exports_folder(), f"{covenant.title}_第{covenant.version}版_小册子.pdf")
        if made:
            self.tab.context.status.say(f"已生成小册子（A5）：{made}")
        return made

    def print_poster(self, paper: str) -> Path | None:
        from .documents import write_poster
        covenant = self._covenant()
        if covenant is None:
            return None
        made = files.print_document(self, lambda target: write_poster(target, covenant, paper),
                                    self.tab.exports_folder(),
                                    f"{covenant.title}_第{covenant.version}版_海报{paper}.pdf")
        if made:
            self.tab.context.status.say(f"已生成海报（{paper}）：{made}")
        return made


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""
