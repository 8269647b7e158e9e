"""The township's import dialog: every chosen file checked and previewed, nothing changed until
导入; a file whose 报送序号 restarts (the village PC reinstalled, replaced or restored) is taken
only when the clerk accepts the new start with a reason."""
from __future__ import annotations

import logging
from pathlib import Path

import ttkbootstrap as ttk

from .. import units
from ..errors import ValidationError
from ..store import session
from ..store.models import ImportRecord
from .background import run_in_background
from .events import announce
from .widgets import FormDialog, fit_columns

log = logging.getLogger(__name__)

NO_FILE_CHOSEN = "选中一个文件，可在这里查看它的说明和需要注意的地方。"


class ImportDialog(ttk.Toplevel):
    """Every chosen file checked and previewed; nothing changes until 导入 is pressed."""

    def __init__(self, window, paths: list[Path]):
        from ..exchange import import_jobs  # openpyxl: loaded when first needed

        self.jobs = import_jobs
        super().__init__(title="导入报送包", master=window, size=(1200, 600))
        self.transient(window.winfo_toplevel())
        self.window = window
        self.outcomes: list = []
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        self.heading = ttk.Label(body, text="正在检查文件……", font=("", 11, "bold"), wraplength=1150,
                                 justify="left")
        self.heading.pack(anchor="w")
        self.progress = ttk.Progressbar(body, mode="determinate")
        self.progress.pack(fill="x", pady=6)
        columns = (("file", "文件", 250), ("unit", "单位", 130), ("seq", "序号", 45),
                   ("state", "检查结果", 200), ("detail", "说明", 520))
        table = ttk.Frame(body)
        table.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(table, columns=[c[0] for c in columns], show="tree headings",
                                 height=11, selectmode="browse")
        self.tree.column("#0", width=20, stretch=False)
        for key, text, width in columns:
            self.tree.heading(key, text=text, anchor="w")
            self.tree.column(key, width=width, anchor="w", stretch=key == "detail")
        self.tree.tag_configure("refused", foreground="#c0392b")
        self.tree.tag_configure("pending", foreground="#b9770e")
        self.tree.bind("<<TreeviewSelect>>", lambda e: self.show_selected())
        scroll = ttk.Scrollbar(table, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        ttk.Label(body, text="点文件前的 ⊞ 可查看各类记录将新增、修改、删除多少条；选中文件可在下面看它的说明。",
                  bootstyle="secondary").pack(anchor="w", pady=(4, 0))
        notes = ttk.Labelframe(body, text="所选文件", padding=6)
        notes.pack(fill="x", pady=(6, 0))
        self.notes = ttk.Label(notes, text=NO_FILE_CHOSEN, wraplength=1120, justify="left")
        self.notes.pack(anchor="w", fill="x")
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        self.import_button = ttk.Button(buttons, text="导入可导入的文件", bootstyle="primary",
                                        command=self.run_import, state="disabled")
        self.import_button.pack(side="right")
        self.close_button = ttk.Button(buttons, text="关闭", bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right", padx=6)
        self.rebaseline_button = ttk.Button(buttons, text="接受重新起算…", bootstyle="warning",
                                            command=self.accept_rebaseline, state="disabled")
        self.rebaseline_button.pack(side="left")
        self.busy = False
        self.bind("<Escape>", lambda e: self.close())
        self.protocol("WM_DELETE_WINDOW", self.close)
        self.after(10, lambda: self.check(paths))

    def check(self, paths: list[Path]) -> None:
        """Check the files one after another in the background; the window keeps drawing."""
        files = self.jobs.collect_files(paths)
        self.progress.configure(maximum=max(1, len(files)), value=0)
        self._set_busy(True)

        def step(number: int) -> None:
            if number == len(files):
                self._set_busy(False)
                ready = sum(o.status == "preview" for o in self.outcomes)
                pending = sum(o.status == "rebaseline" for o in self.outcomes)
                text = (f"检查完毕：共 {len(files)} 个文件，{ready} 个可以导入。"
                        "导入前会自动备份数据库；导入不会改动被拒收的文件。") if files else "所选位置没有 .xlsx 文件。"
                if pending:
                    text += f"\n{pending} 个待确认：序号没有接上，与村里核实后选中它，点“接受重新起算…”并写明原因。"
                self.heading.configure(text=text)
                self.import_button.configure(state="normal" if ready else "disabled")
                return
            path = files[number]
            self.heading.configure(text=f"正在检查第 {number + 1}/{len(files)} 个文件：{path.name}")

            def checked(outcome) -> None:
                self.outcomes.append(outcome)
                self._show(number, outcome)
                self.progress.configure(value=number + 1)
                step(number + 1)

            run_in_background(self, lambda: self.jobs.check_file(path), checked,
                              lambda exc: checked(self._broken(path, exc)))

        step(0)

    def _broken(self, path: Path, exc: BaseException):
        log.error("检查报送包出错：%s", path, exc_info=exc)
        return self.jobs.ImportOutcome(path, "refused", "检查时出了意外错误，本文件没有导入。详见日志。")

    def _set_busy(self, busy: bool) -> None:
        """While work runs the dialog is modal and cannot be closed half-way."""
        self.busy = busy
        self.close_button.configure(state="disabled" if busy else "normal")
        if busy:
            self.grab_set()
        else:
            self.grab_release()
        self.show_selected()

    def close(self) -> None:
        if not self.busy:
            self.destroy()

    def _show(self, index: int, outcome) -> None:
        info = outcome.preview.package.info if outcome.preview else None
        iid = str(index)
        if self.tree.exists(iid):
            self.tree.delete(iid)
        tags = {"refused": ("refused",), "rebaseline": ("pending",)}.get(outcome.status, ())
        self.tree.insert("", index, iid=iid, open=False, tags=tags,
                         values=(outcome.path.name, info.unit_name if info else "",
                                 info.seq if info else "", self.jobs.RESULT_WORDS[outcome.status],
                                 outcome.message + (f"（{outcome.receipt_error}）" if outcome.receipt_error else "")))
        if outcome.preview is not None:
            for change in outcome.preview.changes:
                if change.any:
                    self.tree.insert(iid, "end", values=(
                        "", change.title, "", "", f"新增 {change.added}，修改 {change.changed}，删除 {change.removed}"))
        fit_columns(self.tree, stretch=("detail",))
        if self.tree.selection() == () and outcome.status == "rebaseline":
            self.tree.selection_set(iid)  # what waits for the clerk is shown first

    # ---- the selected file -----------------------------------------------------------------
    def selected_outcome(self):
        chosen = self.tree.selection()
        if not chosen:
            return None
        iid = self.tree.parent(chosen[0]) or chosen[0]
        index = int(iid)
        return self.outcomes[index] if index < len(self.outcomes) else None

    def show_selected(self) -> None:
        """The selected file's message and notes (older version, code or name changed …); the
        re-baseline button only for a file that waits for it."""
        outcome = self.selected_outcome()
        waiting = outcome is not None and outcome.status == "rebaseline" and not self.busy
        self.rebaseline_button.configure(state="normal" if waiting else "disabled")
        if outcome is None:
            self.notes.configure(text=NO_FILE_CHOSEN)
            return
        lines = [f"{outcome.path.name}：{self.jobs.RESULT_WORDS[outcome.status]}。{outcome.message}"]
        notes = outcome.preview.notes if outcome.preview is not None else []
        lines += [f"· {note}" for note in notes]
        self.notes.configure(text="\n".join(lines))

    def accept_rebaseline(self):
        """Take the selected re-baseline file with the clerk's reason (a backup first). Returns
        the worker, or None when nothing was started."""
        outcome = self.selected_outcome()
        if outcome is None or outcome.status != "rebaseline" or self.busy:
            return None
        asking = ReasonDialog(self, outcome)
        self.wait_window(asking)
        if not asking.result:
            return None
        return self._import([outcome], rebaseline_reason=asking.result)

    # ---- importing -------------------------------------------------------------------------
    def run_import(self):
        """Import the accepted files (a backup first), one after another in the background; every
        file, refused ones too, gets its 回执."""
        self.import_button.configure(state="disabled")
        return self._import(list(self.outcomes))

    def _import(self, todo: list, rebaseline_reason: str = ""):
        from ..store import backup

        self._set_busy(True)
        home = units.home_unit().name
        self.progress.configure(maximum=max(1, len(todo)), value=0)
        workers = []

        def step(number: int) -> None:
            if number == len(todo):
                self._set_busy(False)
                done = sum(o.status == "accepted" for o in todo)
                self.heading.configure(text=f"导入完毕：{done} 个文件已导入。每个文件旁已写回执（.回执.txt）。")
                announce(self.window.winfo_toplevel())
                return
            outcome = todo[number]
            self.heading.configure(text=f"正在处理第 {number + 1}/{len(todo)} 个：{outcome.path.name}")

            def finished(_result=None) -> None:
                self._show(self.outcomes.index(outcome), outcome)
                self.progress.configure(value=number + 1)
                step(number + 1)

            def failed(exc: BaseException) -> None:  # the transaction rolled back
                log.error("导入失败：%s", outcome.path, exc_info=exc)
                outcome.status = "refused"
                outcome.message = "导入时出了意外错误，本文件没有导入，数据库没有改动。详见日志。"
                finished()

            workers.append(run_in_background(self, lambda: self.jobs.import_checked(
                outcome, home, before_import=lambda: backup.backup_now("导入前"),
                rebaseline_reason=rebaseline_reason), finished, failed))

        step(0)
        return workers


class ReasonDialog(FormDialog):
    """Why the township takes a package whose numbering restarts; kept in the import record and
    shown on the 镇级汇总 tab. Refused empty."""

    permission = session.EXPORT

    def __init__(self, master, outcome):
        self.outcome = outcome
        super().__init__(master, "接受重新起算")
        if not self.read_only:
            self.save_button.configure(text="接受并导入")

    def body(self, frame: ttk.Frame) -> None:
        preview = self.outcome.preview
        ttk.Label(frame, text=self.outcome.message, wraplength=520, justify="left").grid(
            row=self._row, column=0, columnspan=2, sticky="w", pady=(0, 8))
        self._row += 1
        self.text(frame, "reason", ImportRecord.label("rebaseline_reason"), height=3)
        ttk.Label(frame, text=f"如：{preview.unit.name}电脑重装，已电话核实。原因记入导入记录，并在“镇级汇总”页显示。",
                  bootstyle="secondary", wraplength=460, justify="left").grid(
            row=self._row, column=1, sticky="w")
        self._row += 1

    def apply(self) -> str:
        reason = " ".join(self.value("reason").split())
        if not reason:
            raise ValidationError({"reason": "请写明为什么接受重新起算（如“村里电脑重装”），原因会记在导入记录里。"})
        return reason
