"""报送 from the window: the village exports its package to a USB stick; the township checks,
previews and imports packages, with a receipt beside each file."""
from __future__ import annotations

import logging
from pathlib import Path
from tkinter import filedialog

import ttkbootstrap as ttk

from ..domain import units
from ..domain.exchange_status import last_export, since_last_export
from ..fileio import FileWriteError
from . import messages
from .events import announce

log = logging.getLogger(__name__)


def export_to_folder(window) -> Path | None:
    """文件 → 导出报送包…: pick the folder (the last one is offered again), write, say where."""
    from ..exchange.package import export_package  # openpyxl: loaded when first needed

    unit = units.home_unit()
    last = last_export(unit)
    folder = filedialog.askdirectory(parent=window, title="选择保存报送包的文件夹（如 U 盘）",
                                     initialdir=last.folder if last else str(window.data_dir / "exports"),
                                     mustexist=True)
    if not folder:
        return None
    window.status.say("正在导出报送包……")
    window.configure(cursor="watch")
    window.update_idletasks()
    try:
        result = export_package(unit, Path(folder))
    except FileWriteError as exc:
        messages.show_error(window, str(exc), title="报送包没有导出")
        return None
    except Exception:  # noqa: BLE001 - logged whole; the clerk gets a plain message
        log.exception("导出报送包失败")
        messages.show_error(window, "导出报送包时出了意外错误，没有生成文件，数据库没有改动。"
                                    "详细信息已记入 logs 文件夹中的日志。", title="报送包没有导出")
        return None
    finally:
        window.configure(cursor="")
    rows = sum(result.info.rows.values())
    messages.show_info(window, f"报送包已保存：\n{result.path}\n\n第 {result.info.seq} 次报送，共 {rows} 条记录。"
                               "\n请把这个文件交给镇里导入。", title="报送包已导出")
    refresh_export_status(window)
    return result.path


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
        self.close_button = ttk.Button(buttons, text="关闭", bootstyle="secondary", command=self.destroy)
        self.close_button.pack(side="right", padx=6)
        self.bind("<Escape>", lambda e: self.destroy())
        self.after(10, lambda: self.check(paths))

    def check(self, paths: list[Path]) -> None:
        files = self.jobs.collect_files(paths)
        self.progress.configure(maximum=max(1, len(files)), value=0)
        for number, path in enumerate(files, start=1):
            self.heading.configure(text=f"正在检查第 {number}/{len(files)} 个文件：{path.name}")
            self.update()
            outcome = self.jobs.check_file(path)
            self.outcomes.append(outcome)
            self._show(number - 1, outcome)
            self.progress.configure(value=number)
        ready = sum(o.status == "preview" for o in self.outcomes)
        self.heading.configure(text=f"检查完毕：共 {len(files)} 个文件，{ready} 个可以导入。"
                                    "导入前会自动备份数据库；导入不会改动被拒收的文件。"
                               if files else "所选位置没有 .xlsx 文件。")
        self.import_button.configure(state="normal" if ready else "disabled")

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
        self.import_button.configure(state="disabled")
        home = units.home_unit().name
        todo = list(self.outcomes)  # refused files get their receipt too
        self.progress.configure(maximum=max(1, len(todo)), value=0)
        from ..store import backup
        for number, outcome in enumerate(todo, start=1):
            self.heading.configure(text=f"正在处理第 {number}/{len(todo)} 个：{outcome.path.name}")
            self.update()
            try:
                self.jobs.import_checked(outcome, home, before_import=lambda: backup.backup_now("导入前"))
            except Exception:  # noqa: BLE001 - the transaction rolled back; say so plainly
                log.exception("导入失败：%s", outcome.path)
                outcome.status, outcome.message = "refused", "导入时出了意外错误，本文件没有导入，数据库没有改动。详见日志。"
            self._show(self.outcomes.index(outcome), outcome)
            self.progress.configure(value=number)
        done = sum(o.status == "accepted" for o in todo)
        self.heading.configure(text=f"导入完毕：{done} 个文件已导入。每个文件旁已写回执（.回执.txt）。")
        announce(self.window.winfo_toplevel())
