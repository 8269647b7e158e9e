"""报送 from the window: the village exports its package to a USB stick; the township checks,
previews and imports packages, with a receipt beside each file."""
from __future__ import annotations

import logging
from pathlib import Path
from tkinter import filedialog

import ttkbootstrap as ttk

from .. import units
from ..exchange.status import last_export, since_last_export
from ..fileio import FileWriteError
from . import messages
from .background import run_in_background
from .events import announce
from .widgets import BusyWindow

log = logging.getLogger(__name__)


def export_to_folder(window, on_finished=None):
    """文件 → 导出报送包…: pick the folder (the last one is offered again), then write the package
    in the background under a progress window; say where it went. Returns the worker thread."""
    from ..exchange.package import export_package  # openpyxl: loaded when first needed

    unit = units.home_unit()
    last = last_export(unit)
    folder = filedialog.askdirectory(parent=window, title="选择保存报送包的文件夹（如 U 盘）",
                                     initialdir=last.folder if last else str(window.data_dir / "exports"),
                                     mustexist=True)
    if not folder:
        return None
    progress = BusyWindow(window, "正在导出报送包", f"正在把{unit.name}的台账写入 {folder} ……")

    def done(result) -> None:
        progress.close()
        rows = sum(result.info.rows.values())
        messages.show_info(window, f"报送包已保存：\n{result.path}\n\n第 {result.info.seq} 次报送，"
                                   f"共 {rows} 条记录。\n请把这个文件交给镇里导入。", title="报送包已导出")
        refresh_export_status(window)
        if on_finished is not None:
            on_finished(result.path)

    def failed(exc: BaseException) -> None:
        progress.close()
        if isinstance(exc, FileWriteError):
            messages.show_error(window, str(exc), title="报送包没有导出")
            return
        log.error("导出报送包失败", exc_info=exc)
        messages.show_error(window, "导出报送包时出了意外错误，没有生成文件，数据库没有改动。"
                                    "详细信息已记入 logs 文件夹中的日志。", title="报送包没有导出")

    return run_in_background(window, lambda: export_package(unit, Path(folder)), done, failed)


def refresh_export_status(window) -> None:
    if not units.is_township():
        window.status.export_label.configure(text=since_last_export(units.home_unit()).describe())


def ask_import_files(window) -> list[Path]:
    names = filedialog.askopenfilenames(parent=window, title="选择报送包（可多选）",
                                        filetypes=[("Excel 工作簿", "*.xlsx")])
    return [Path(n) for n in names]


def ask_import_folder(window) -> list[Path]:
    folder = filedialog.askdirectory(parent=window, title="选择放报送包的文件夹（如 U 盘）", mustexist=True)
    return [Path(folder)] if folder else []


def import_into(window) -> None:
    paths = ask_import_files(window)
    if paths:
        window.wait_window(ImportDialog(window, paths))


class ImportDialog(ttk.Toplevel):
    """Every chosen file checked and previewed; nothing changes until 导入 is pressed."""

    def __init__(self, window, paths: list[Path]):
        from ..exchange import import_jobs  # openpyxl: loaded when first needed

        self.jobs = import_jobs
        super().__init__(title="导入报送包", master=window, size=(1180, 560))
        self.transient(window.winfo_toplevel())
        self.window = window
        self.outcomes: list = []
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        self.heading = ttk.Label(body, text="正在检查文件……", font=("", 11, "bold"))
        self.heading.pack(anchor="w")
        self.progress = ttk.Progressbar(body, mode="determinate")
        self.progress.pack(fill="x", pady=6)
        columns = (("file", "文件", 260), ("unit", "单位", 130), ("seq", "序号", 50),
                   ("state", "检查结果", 100), ("detail", "说明", 560))
        table = ttk.Frame(body)
        table.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(table, columns=[c[0] for c in columns], show="tree headings",
                                 height=14)
        self.tree.column("#0", width=20, stretch=False)
        for key, text, width in columns:
            self.tree.heading(key, text=text, anchor="w")
            self.tree.column(key, width=width, anchor="w")
        self.tree.tag_configure("refused", foreground="#c0392b")
        scroll = ttk.Scrollbar(table, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        ttk.Label(body, text="点文件前的 ⊞ 可查看各类记录将新增、修改、删除多少条。",
                  bootstyle="secondary").pack(anchor="w", pady=(4, 0))
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        self.import_button = ttk.Button(buttons, text="导入可导入的文件", bootstyle="primary",
                                        command=self.run_import, state="disabled")
        self.import_button.pack(side="right")
        self.close_button = ttk.Button(buttons, text="关闭", bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right", padx=6)
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
                self.heading.configure(text=f"检查完毕：共 {len(files)} 个文件，{ready} 个可以导入。"
                                            "导入前会自动备份数据库；导入不会改动被拒收的文件。"
                                       if files else "所选位置没有 .xlsx 文件。")
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

    def close(self) -> None:
        if not self.busy:
            self.destroy()

    def _show(self, index: int, outcome) -> None:
        info = outcome.preview.package.info if outcome.preview else None
        iid = str(index)
        if self.tree.exists(iid):
            self.tree.delete(iid)
        self.tree.insert("", index, iid=iid, open=False,
                         tags=("refused",) if outcome.status == "refused" else (),
                         values=(outcome.path.name, info.unit_name if info else "",
                                 info.seq if info else "", self.jobs.RESULT_WORDS[outcome.status],
                                 outcome.message + (f"（{outcome.receipt_error}）" if outcome.receipt_error else "")))
        if outcome.preview is not None:
            for change in outcome.preview.changes:
                if change.any:
                    self.tree.insert(iid, "end", values=(
                        "", change.title, "", "", f"新增 {change.added}，修改 {change.changed}，删除 {change.removed}"))

    def run_import(self) -> None:
        """Import the accepted files (a backup first), one after another in the background; every
        file, refused ones too, gets its 回执."""
        from ..store import backup

        self.import_button.configure(state="disabled")
        self._set_busy(True)
        home = units.home_unit().name
        todo = list(self.outcomes)
        self.progress.configure(maximum=max(1, len(todo)), value=0)

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

            run_in_background(self, lambda: self.jobs.import_checked(
                outcome, home, before_import=lambda: backup.backup_now("导入前")), finished, failed)

        step(0)
