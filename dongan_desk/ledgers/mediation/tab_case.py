"""One case on the right of the 矛盾纠纷调解 tab: its facts, its way up the ladder, parties,
steps, agreement and follow-ups, with the actions on it (forms, printing)."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from .documents import (DOCUMENT_KINDS, TAKES_ID_CHOICE, applicable, document_filename,
                        document_title, write_document)
from .deadlines import limit_text
from .extension_forms import ExtensionDialog
from . import cases as mediation
from ... import units
from .ladder import delete_follow_up, delete_last_step, next_tier
from .queries import cited_clauses
from .queries import CaseFile, case_file
from .models import Dispute, DisputeParty, FollowUp, MediationStep
from .models import TIERS
from ...ui import files, messages, permissions
from .case_forms import CaseDialog
from .step_forms import AgreementDialog, FollowUpDialog, StepDialog, WithdrawDialog
from ...ui.lists import ListView

# Colours of the ladder's four boxes: how the case left (or waits at) each tier; grey: not reached.
PATH_STYLES = {"settled": "success", "escalate": "danger", "failed": "danger", "pending": "warning"}
PRINT_LABELS = {"application": "人民调解申请书", "record": "调解笔录（人民调解记录）",
                "agreement": "人民调解协议书", "registration": "人民调解受理登记表",
                "oral": "口头协议登记表", "followup": "人民调解回访记录", "dossier": "卷宗封面及卷内目录"}


def _tree(master: tk.Misc, columns: tuple, height: int, frozen: int = 1) -> ttk.Treeview:
    """A list of the case (its frame is ``tree.master``): columns as wide as their values, the
    first ``frozen`` staying in view when the narrow pane scrolls sideways."""
    stretch = next((key for key, _, _ in columns if key in ("address", "record", "situation")), None)
    return ListView(master, columns, frozen=frozen, height=height, stretch=stretch,
                    request_width=200).tree


class CaseView(ttk.Frame):
    def __init__(self, master: tk.Misc, context, on_changed: Callable[[str], None]):
        super().__init__(master, padding=(6, 0, 0, 0))
        self.context, self.on_changed = context, on_changed
        self.case: CaseFile | None = None
        top = ttk.Frame(self)
        top.pack(fill="x")
        self.title = ttk.Label(top, text="", font=("", 12, "bold"))
        self.title.pack(side="left")
        self._build_documents(top)
        self.info = ttk.Label(self, text="", justify="left", wraplength=600)
        self.info.pack(anchor="w", fill="x", pady=(2, 4))
        self._build_path()
        self._build_actions()
        self.details = ttk.Notebook(self)
        self.details.pack(fill="both", expand=True, pady=(6, 0))
        # narrow columns that stretch: the pane shares the window with the case list
        self.parties = _tree(self.details, (("side", "", 35), ("name", DisputeParty.label("name"), 65),
                                            ("gender", DisputeParty.label("gender"), 35), ("age", "年龄", 35),
                                            ("phone", DisputeParty.label("phone"), 100),
                                            ("address", DisputeParty.label("address"), 180),
                                            ("from", "来源", 55)), 4, frozen=2)
        self.steps = _tree(self.details, (("tier", MediationStep.label("tier"), 80),
                                          ("date", MediationStep.label("held_on"), 90),
                                          ("place", MediationStep.label("place"), 60),
                                          ("mediators", MediationStep.label("mediators"), 120),
                                          ("result", MediationStep.label("result"), 100),
                                          ("record", "记录摘要 / 上升原因", 150)), 4, frozen=2)
        settled = ttk.Frame(self.details, padding=4)
        self.agreement = ttk.Label(settled, text="", justify="left", wraplength=600)
        self.agreement.pack(anchor="w", fill="x")
        ttk.Label(settled, text="回访记录", font=("", 10, "bold")).pack(anchor="w", pady=(6, 1))
        self.follow_ups = _tree(settled, (("date", FollowUp.label("visited_on"), 90),
                                          ("visitor", FollowUp.label("visitor"), 65),
                                          ("satisfaction", FollowUp.label("satisfaction"), 80),
                                          ("situation", FollowUp.label("situation"), 200),
                                          ("risks", FollowUp.label("new_risks"), 100)), 3)
        self.follow_ups.master.pack(fill="both", expand=True)
        for page in (self.steps.master, self.parties.master, settled):
            self.details.add(page, text="")
        self.steps.bind("<Double-1>", lambda e: self.edit_step())
        self.follow_ups.bind("<Double-1>", lambda e: self.edit_follow_up())
        self.bind("<Configure>", lambda e: self._rewrap(e.width))
        self.show(None)

    def _rewrap(self, width: int) -> None:
        for label in (self.info, self.path_text, self.agreement):
            label.configure(wraplength=max(300, width - 16))

    def _build_path(self) -> None:
        box = ttk.Frame(self)
        box.pack(fill="x", pady=(0, 4))
        ttk.Label(box, text="四调：").pack(side="left")
        self.tier_boxes: dict[int, ttk.Label] = {}
        for tier, name in TIERS:
            if tier > 1:
                ttk.Label(box, text="→").pack(side="left", padx=2)
            label = ttk.Label(box, text=name, padding=(6, 2), bootstyle="@light")
            label.pack(side="left")
            self.tier_boxes[tier] = label
        self.path_text = ttk.Label(self, text="", bootstyle="secondary", wraplength=720, justify="left")
        self.path_text.pack(anchor="w", fill="x")

    def _build_documents(self, master: tk.Misc) -> None:
        """打印 ▾ and 另存为 ▾ with the five documents; the agreement's ID-number line is a
        choice in the 打印 menu (off by default, as in the 司法部 template)."""
        self.print_menu, self.save_menu = tk.Menu(self, tearoff=False), tk.Menu(self, tearoff=False)
        for kind in DOCUMENT_KINDS:
            self.print_menu.add_command(label=PRINT_LABELS[kind], command=lambda k=kind: self.print(k))
            self.save_menu.add_command(label=PRINT_LABELS[kind] + "…", command=lambda k=kind: self.save_as(k))
        self.with_id = tk.BooleanVar(value=False)
        self.print_menu.add_separator()
        self.print_menu.add_checkbutton(label="协议书加印当事人身份证号", variable=self.with_id)
        self.save_button = ttk.Menubutton(master, text="另存为", menu=self.save_menu,
                                          bootstyle="info-outline")
        self.print_button = ttk.Menubutton(master, text="打印", menu=self.print_menu, bootstyle="info")
        self.save_button.pack(side="right")
        self.print_button.pack(side="right", padx=4)

    def _build_actions(self) -> None:
        self.buttons: dict[str, ttk.Button] = {}
        rows = ((("edit", "编辑案件", self.edit_case), ("step", "记录调解", self.add_step),
                 ("edit_step", "修改调解记录", self.edit_step), ("undo_step", "撤销最后一次调解", self.undo_step),
                 ("withdraw", "撤回", self.toggle_withdraw), ("extend", "延长期限…", self.extend)),
                (("agreement", "调解协议…", self.edit_agreement), ("follow_up", "登记回访", self.add_follow_up),
                 ("edit_follow_up", "修改回访", self.edit_follow_up),
                 ("delete_follow_up", "删除回访", self.remove_follow_up)))
        for row in rows:
            frame = ttk.Frame(self)
            frame.pack(fill="x", pady=(4, 0))
            for key, text, command in row:
                style = "primary" if key == "step" else "danger-outline" if key.startswith(("undo", "delete")) \
                    else "secondary-outline"
                self.buttons[key] = permissions.write_action(
                    ttk.Button(frame, text=text, command=command, bootstyle=style))
                self.buttons[key].pack(side="left", padx=(0, 4))
    # -- showing --------------------------------------------------------------------------
    def show(self, dispute_id: int | None) -> None:
        self.case = case_file(dispute_id) if dispute_id else None
        for tree in (self.parties, self.steps, self.follow_ups):
            tree.delete(*tree.get_children())
        case = self.case
        if case is None:
            self.title.configure(text="请在左边选择一件纠纷，或点“受理新纠纷”")
            self.info.configure(text="")
            self.agreement.configure(text="")
            self.path_text.configure(text="")
            self._paint_path([])
            self._caption(None)
            self._enable(set())
            return
        self.title.configure(text=f"{case.number}　{case.status_label}")
        lines = [f"受理日期：{case.accepted_on:%Y-%m-%d}　案件来源：{case.source_label}　纠纷类型：{case.category}"
                 f"　风险等级：{case.risk_label}　涉及金额：{case.amount:.2f}元　登记人：{case.registrar}",
                 f"纠纷简要情况：{case.facts}"]
        if case.start_tier > 1:
            lines.append(f"越级原因：{case.start_reason}")
        dispute = Dispute.get_by_id(case.id)
        if limit_text(dispute):
            lines.append(limit_text(dispute))
        if case.status == "withdrawn":
            lines.append(f"已于{case.closed_on:%Y-%m-%d}撤回：{case.close_note}")
        cited = cited_clauses(case)
        if cited:
            lines.append("依据的村规民约条款：" + "；".join(cited))
        self.info.configure(text="\n".join(lines))
        self.path_text.configure(text="调解经过：" + (case.path_text or "尚未调解"))
        self._paint_path(case.path)
        for n, p in enumerate(case.parties):
            self.parties.insert("", "end", iid=str(n), values=(
                p.side, p.name, p.gender, "" if p.age is None else p.age, p.phone, p.address,
                "花名册" + p.left_roster if p.from_roster else "外来人员"))
        for s in case.steps:
            note = s.record + (f"（上升原因：{s.escalation_reason}）" if s.escalation_reason else "")
            if s.covenant_clause:
                note = f"【依据村规民约】{note}"
            self.steps.insert("", "end", iid=str(s.id), values=(
                s.tier_name, f"{s.held_on:%Y-%m-%d}", s.place, s.mediators, s.result_label, note))
        self.agreement.configure(text=self._agreement_text(case))
        for f in case.follow_ups:
            self.follow_ups.insert("", "end", iid=str(f.id), values=(
                f"{f.visited_on:%Y-%m-%d}", f.visitor, f.satisfaction, f.situation, f.new_risks))
        self._caption(case)
        self._enable(self._allowed(case))

    def _caption(self, case: CaseFile | None) -> None:
        n = (len(case.steps), len(case.parties), len(case.follow_ups)) if case else (0, 0, 0)
        for index, text in enumerate((f"调解经过（{n[0]}次）", f"当事人（{n[1]}人）",
                                      f"调解协议与回访（回访{n[2]}次）")):
            self.details.tab(index, text=text)

    @staticmethod
    def _agreement_text(case: CaseFile) -> str:
        a = case.agreement
        if a is None:
            return "（尚未达成协议）"
        items = "；".join(f"{n}、{item.rstrip('；;。')}" for n, item in enumerate(a.items, start=1))
        lines = [f"{a.kind_label}，一式{a.copies}份，{a.effective_on:%Y-%m-%d}生效；协议涉及金额{a.amount:.2f}元",
                 f"协议内容：{items}", f"履行方式、时限：{a.performance_text}",
                 f"履行情况：{a.performance_label}{('：' + a.performance_note) if a.performance_note else ''}"]
        if a.kind == "written":
            applied = (f"已于{a.confirmation_applied_on:%Y-%m-%d}申请" if a.confirmation_applied_on
                       else f"可在{a.confirmation_deadline:%Y-%m-%d}前由双方共同申请")
            lines.append(f"司法确认：{applied}")
        return "\n".join(lines)

    def _paint_path(self, path) -> None:
        outcomes = {stop.tier: stop.outcome for stop in path}
        for tier, label in self.tier_boxes.items():
            style = PATH_STYLES.get(outcomes.get(tier), "secondary")
            # '@colour' fills the label (ttkbootstrap 2 deprecates the '-inverse' modifier)
            label.configure(bootstyle=f"@{style}" if tier in outcomes else "@light")

    def _allowed(self, case: CaseFile, as_role: bool = True) -> set[str]:
        """What may be done with the case; ``as_role=False``: what its state allows (a form a
        查看员 opens from the lists then shows read-only)."""
        allowed = {"print", "save"}
        if case.unit_id != units.home_unit().id or (as_role and not permissions.may_edit()):
            return allowed  # another unit's case, or a role that may not write: read and print
        allowed |= {"edit"}
        dispute = Dispute.get_by_id(case.id)
        if next_tier(dispute) is not None:
            allowed.add("step")
        if case.steps:
            allowed |= {"edit_step"} | ({"undo_step"} if case.status != "withdrawn" else set())
        if case.status in ("open", "transferred", "withdrawn"):
            allowed.add("withdraw")
        if case.status in ("open", "transferred"):
            allowed.add("extend")
        if case.agreement is not None:
            allowed |= {"agreement", "follow_up"}
        if case.follow_ups:
            allowed |= {"edit_follow_up", "delete_follow_up"}
        return allowed

    def _enable(self, allowed: set[str]) -> None:
        for key, button in self.buttons.items():
            button.configure(state="normal" if key in allowed else "disabled")
        withdrawn = self.case is not None and self.case.status == "withdrawn"
        self.buttons["withdraw"].configure(text="取消撤回" if withdrawn else "撤回")
        for widget in (self.print_button, self.save_button):
            widget.configure(state="normal" if "print" in allowed else "disabled")
        for menu in (self.print_menu, self.save_menu):
            for index, kind in enumerate(DOCUMENT_KINDS):
                usable = self.case is not None and applicable(kind, self.case)
                menu.entryconfigure(index, state="normal" if usable else "disabled")

    # -- actions --------------------------------------------------------------------------
    def _dispute(self) -> Dispute:
        return Dispute.get_by_id(self.case.id)

    def _run(self, dialog_class, *args, message: str) -> None:
        dialog = dialog_class(self, *args)
        self.wait_window(dialog)
        if dialog.result is not None:
            warnings = getattr(dialog.result, "warnings", [])
            self.on_changed("；".join([message, *warnings]))

    def _guarded(self, action, message: str) -> None:
        if messages.guarded(self, action):
            self.on_changed(message)

    def edit_case(self) -> None:
        dispute = self._dispute()
        self._run(CaseDialog, dispute.unit, dispute, message=f"已保存{dispute.number}")

    def add_step(self) -> None:
        self._run(StepDialog, self._dispute(), message=f"已记录{self.case.number}的调解")

    def _selected_step(self) -> MediationStep | None:
        selection = self.steps.selection()
        if selection:
            return MediationStep.get_by_id(int(selection[0]))
        children = self.steps.get_children()
        return MediationStep.get_by_id(int(children[-1])) if children else None

    def edit_step(self) -> None:
        step = self._selected_step()
        if step is not None and "edit_step" in self._allowed(self.case, as_role=False):
            self._run(StepDialog, self._dispute(), step, message="已保存调解记录")

    def undo_step(self) -> None:
        if messages.ask_yes_no(self, "撤销最后一次调解记录吗？如果它达成了协议，协议和回访记录也一并删除。"):
            self._guarded(lambda: delete_last_step(self._dispute()), "已撤销最后一次调解")

    def toggle_withdraw(self) -> None:
        if self.case.status == "withdrawn":
            self._guarded(lambda: mediation.undo_withdraw(self._dispute()), "已取消撤回")
        else:
            self._run(WithdrawDialog, self._dispute(), message=f"{self.case.number}已撤回")

    def extend(self) -> None:
        self._run(ExtensionDialog, self._dispute(), message=f"已登记{self.case.number}的调解期限")

    def edit_agreement(self) -> None:
        self._run(AgreementDialog, self._dispute(), message="已保存调解协议")

    def add_follow_up(self) -> None:
        self._run(FollowUpDialog, self._dispute(), message="已登记回访")

    def _selected_follow_up(self) -> FollowUp | None:
        selection = self.follow_ups.selection()
        return FollowUp.get_by_id(int(selection[0])) if selection else None

    def edit_follow_up(self) -> None:
        visit = self._selected_follow_up()
        if visit is None:
            messages.show_info(self, "请先在“回访”里选中一条回访记录。")
        elif "edit_follow_up" in self._allowed(self.case, as_role=False):
            self._run(FollowUpDialog, self._dispute(), visit, message="已保存回访记录")

    def remove_follow_up(self) -> None:
        visit = self._selected_follow_up()
        if visit is None:
            messages.show_info(self, "请先在“回访”里选中一条回访记录。")
        elif messages.ask_yes_no(self, f"删除{visit.visited_on:%Y-%m-%d}的回访记录吗？"):
            self._guarded(lambda: delete_follow_up(visit), "已删除回访记录")

    # -- documents ------------------------------------------------------------------------
    def _maker(self, kind: str):
        case = case_file(self.case.id)  # fresh: ages and dates as of today
        options = {"show_id_numbers": self.with_id.get()} if kind in TAKES_ID_CHOICE else {}
        return case, lambda target: write_document(kind, Path(target), case, **options)

    def print(self, kind: str) -> Path | None:
        case, make = self._maker(kind)
        folder = self.context.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        target = files.print_document(self, make, folder, document_filename(kind, case))
        if target is not None:
            self.context.status.say(f"已生成{document_title(kind)}，正在用 PDF 阅读器打开：{target}")
        return target

    def save_as(self, kind: str) -> Path | None:
        case, make = self._maker(kind)
        target = files.save_document_as(self, make, f"另存{document_title(kind)}",
                                        document_filename(kind, case), files.PDF_TYPES)
        if target is not None:
            self.context.status.say(f"已保存：{target}")
        return target
