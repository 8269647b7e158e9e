"""导入花名册 in the window (issue 12): pick the village's own Excel workbook, choose its sheets,
see and correct what each column is taken for, preview, then 导入 — a backup first, in the
background under a progress bar — and the result, with the 错误清单 of the rows that could not
be taken. Nothing is written before 导入. The engine is ``excel_import`` (as ``main.py
import-roster`` drives it); this is only its window.

Three pages in one window, so a clerk can go back and change a column after seeing the
preview: 1 工作表和各列, 2 预览, 3 结果. A change of sheet or column makes the preview stale:
导入 is offered only for the preview on screen."""
from __future__ import annotations

import logging
import tkinter as tk
from pathlib import Path
from typing import Any, Callable

import ttkbootstrap as ttk

from ... import units
from ...errors import ValidationError
from ...fileio import FileWriteError
from ...ui import files, messages
from ...ui.background import run_in_background
from .excel_import import (
    RosterFileError,
    category_names,
    confirm_import,
    default_error_list_path,
    open_roster,
    preview_import,
    write_error_list,
)
from .import_columns_forms import ColumnsPage

log = logging.getLogger(__name__)

FILE_KIND = "花名册"  # the folder the file dialog remembers
ROSTER_TYPES = [("Excel 工作簿", "*.xlsx *.xlsm"), ("所有文件", "*.*")]
TOWNSHIP_REFUSAL = ("镇本级的电脑不导入花名册：花名册由各村（社区）在本村电脑上导入，"
                    "再通过报送包报送到镇里，镇里在“镇级汇总”页导入报送包即可看到。")
POLL_MS = 100
HELP_PART = "导入花名册"  # F1: this part of the 使用说明
OPEN_DIALOG = "_dongan_roster_import"  # the window's open import dialog, if any


def open_roster_import(window, context) -> "RosterImportDialog | None":
    """文件 → 导入花名册… (and the roster tab's button): village PC only. Asks for the file
    first; returns the dialog (not modal: it runs its work in the background)."""
    if units.is_township():
        messages.show_info(window, TOWNSHIP_REFUSAL, title="镇本级不导入花名册")
        return None
    top = window.winfo_toplevel()
    open_already = getattr(top, OPEN_DIALOG, None)
    if open_already is not None and open_already.winfo_exists():  # one import at a time
        open_already.lift()
        return open_already
    path = ask_roster_file(window)
    if path is None:
        return None
    dialog = RosterImportDialog(window, context, path)
    setattr(top, OPEN_DIALOG, dialog)
    return dialog


def ask_roster_file(parent: tk.Misc) -> Path | None:
    return files.ask_open_file(parent, FILE_KIND, "选择本村原有的花名册（Excel 工作簿）", ROSTER_TYPES)


class RosterImportDialog(ttk.Toplevel):
    """Sheets, columns, preview, import, result: the clerk's own workbook into the roster."""

    def __init__(self, window, context, path: Path):
        width = min(1120, window.winfo_screenwidth() - 40)
        height = min(660, window.winfo_screenheight() - 110)
        super().__init__(title="导入花名册", master=window, size=(width, height), minsize=(860, 520))
        self.transient(window.winfo_toplevel())
        self.window, self.context = window, context
        self.book = None
        self.version = 0  # bumped by every change of sheet or column
        self.preview = None  # (version, outcome) of the preview on screen
        self.outcome = None  # the import's outcome, once done
        self.error_list: Path | None = None
        self.busy = False
        self.progress_seen: dict[str, int] = {}
        self._build()
        self.bind("<Escape>", lambda e: self.close())
        self.bind("<F1>", lambda e: self._help())
        self.protocol("WM_DELETE_WINDOW", self.close)
        self.place_window_center()
        self.after(10, lambda: self.load(path))

    # ---- building ------------------------------------------------------------------------
    def _build(self) -> None:
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        top = ttk.Frame(body)
        top.pack(fill="x")
        ttk.Label(top, text="花名册文件：").pack(side="left")
        self.file_label = ttk.Label(top, text="", font=("", 10, "bold"))
        self.file_label.pack(side="left")
        self.file_button = ttk.Button(top, text="换一个文件…", bootstyle="secondary-outline",
                                      command=self.choose_other_file)
        self.file_button.pack(side="right")
        self.heading = ttk.Label(body, text="正在读取文件……", wraplength=width_of(self) - 40, justify="left")
        self.heading.pack(anchor="w", fill="x", pady=(6, 4))
        # The buttons and the bar first: on a short screen the pages give way, not the buttons.
        bottom = ttk.Frame(body)
        bottom.pack(side="bottom", fill="x", pady=(8, 0))
        self.progress = ttk.Progressbar(bottom, mode="determinate", length=260)  # shown while busy
        self.progress_label = ttk.Label(bottom, text="", bootstyle="secondary")
        self.close_button = ttk.Button(bottom, text="关闭", bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right")
        self.import_button = ttk.Button(bottom, text="导入", bootstyle="primary", state="disabled",
                                        command=self.run_import)
        self.import_button.pack(side="right", padx=6)
        self.preview_button = ttk.Button(bottom, text="预览（不写入）", bootstyle="info", state="disabled",
                                         command=self.run_preview)
        self.preview_button.pack(side="right")
        self.pages = ttk.Notebook(body)
        self.pages.pack(fill="both", expand=True)
        self.columns = self.columns_page = ColumnsPage(self.pages, self._changed)
        self.preview_page = self._build_preview_page(self.pages)
        self.result_page = self._build_result_page(self.pages)
        self.pages.add(self.columns_page, text="1 工作表和各列")
        self.pages.add(self.preview_page, text="2 预览", state="disabled")
        self.pages.add(self.result_page, text="3 结果", state="disabled")

    def _build_preview_page(self, master) -> ttk.Frame:
        page = ttk.Frame(master, padding=6)
        self.preview_text = ttk.Label(page, text="", justify="left", wraplength=width_of(self) - 60)
        self.preview_text.pack(anchor="w", fill="x")
        self.preview_lists = ttk.Notebook(page)
        self.preview_lists.pack(fill="both", expand=True, pady=(6, 0))
        self.refused_tree = self._list(self.preview_lists, (("sheet", "工作表", 80), ("row", "行", 40),
                                                            ("column", "出错的列", 110), ("problem", "问题", 300),
                                                            ("advice", "怎么改", 320)), stretch="advice")
        self.there_tree = self._list(self.preview_lists, (("line", "已经在花名册里（跳过，不改动）", 600),),
                                     stretch="line")
        self.warning_tree = self._list(self.preview_lists, (("line", "导入时会这样处理（请留意）", 600),),
                                       stretch="line")
        return page

    def _build_result_page(self, master) -> ttk.Frame:
        page = ttk.Frame(master, padding=10)
        self.result_text = ttk.Label(page, text="", justify="left", wraplength=width_of(self) - 60,
                                     font=("", 11))
        self.result_text.pack(anchor="w", fill="x")
        self.error_list_label = ttk.Label(page, text="", justify="left", wraplength=width_of(self) - 60,
                                          bootstyle="danger")
        self.error_list_label.pack(anchor="w", fill="x", pady=(10, 4))
        buttons = ttk.Frame(page)
        buttons.pack(anchor="w")
        self.open_errors_button = ttk.Button(buttons, text="打开错误清单", bootstyle="primary-outline",
                                             command=self.open_error_list)
        self.open_folder_button = ttk.Button(buttons, text="打开所在文件夹", bootstyle="secondary-outline",
                                             command=self.open_error_folder)
        return page

    def _list(self, notebook: ttk.Notebook, columns, stretch: str) -> ttk.Treeview:
        frame = ttk.Frame(notebook)
        tree = ttk.Treeview(frame, columns=[c[0] for c in columns], show="headings", selectmode="browse")
        for key, text, width in columns:
            tree.heading(key, text=text, anchor="w")
            tree.column(key, width=width, anchor="w", stretch=key == stretch)
        scroll = ttk.Scrollbar(frame, orient="vertical", command=tree.yview)
        tree.configure(yscrollcommand=scroll.set)
        tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        notebook.add(frame, text="")
        return tree

    # ---- the file ------------------------------------------------------------------------
    def choose_other_file(self) -> None:
        if self.busy:
            return
        path = ask_roster_file(self)
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        """Read the workbook in the background; then show its sheets and guessed columns."""
        self.book, self.preview, self.outcome, self.error_list = None, None, None, None
        self.file_label.configure(text=str(path))
        self.heading.configure(text=f"正在读取 {path.name} ……")
        self.pages.select(self.columns_page)
        for page in (self.preview_page, self.result_page):
            self.pages.tab(page, state="disabled")

        def work():
            return open_roster(path), category_names(units.home_unit())

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.heading.configure(text=f"{path.name} 读不了：{self._message(exc)}")
            self.columns.show_book(None, [])
            self._enable()
            messages.show_error(self, self._message(exc), title="花名册读不了")

        self._start(work, self._loaded, failed, "正在读取文件……")

    def _loaded(self, result) -> None:
        self._set_busy(False)
        self.book, categories = result
        self.version += 1
        readable = self.book.recognised
        if readable:
            self.heading.configure(text=(
                f"读到 {len(self.book.sheets)} 个工作表，{len(readable)} 个认得出标题行。请核对每个工作表里各列"
                "“导入为”什么（已按标题猜好，猜错的点下拉框改正；不要的列选“不导入”），再点“预览（不写入）”。"))
        else:
            self.heading.configure(text=(
                f"{self.book.path.name} 的各工作表前10行里都没有找到标题行（要有“姓名”一列，以及身份证号、与户主关系、"
                "住址、电话、组等中的至少一列），看不出是花名册。请检查是否选错了文件。"))
        self.columns.show_book(self.book, categories)
        self._enable()

    def _changed(self) -> None:
        """A sheet or column changed: the preview on screen no longer says what 导入 does."""
        self.version += 1
        if self.preview is not None and self.outcome is None:
            self.heading.configure(text="工作表或列有改动：请重新点“预览（不写入）”，再导入。")
        self._enable()

    # ---- preview and import --------------------------------------------------------------
    def run_preview(self):
        """What 导入 would do, by doing it in a transaction that is rolled back: nothing written."""
        names, version = self.columns.chosen_sheets(), self.version
        if not names or self.busy:
            return None
        progress = self._progress_reporter()

        def done(outcome) -> None:
            self._set_busy(False)
            self.preview = (version, outcome)
            self._show_preview(outcome)

        return self._start(lambda: preview_import(self.book, names, progress=progress), done,
                           self._failed("预览"), "正在预览（不写入）……")

    def run_import(self):
        """Back up, import in one transaction, write the 错误清单 of the refused rows."""
        if not self.preview_is_current() or self.busy:
            return None
        from ...store.backup import REASON_IMPORT, backup_now
        names, source = self.columns.chosen_sheets(), self.book.path
        progress = self._progress_reporter()

        def work():
            outcome = confirm_import(self.book, names, before_write=lambda: backup_now(REASON_IMPORT),
                                     progress=progress)
            return outcome, self._write_error_list(outcome, source)

        return self._start(work, self._imported, self._failed("导入"), "正在备份，然后导入……")

    @staticmethod
    def _write_error_list(outcome, source: Path) -> tuple[Path | None, str]:
        """(where the 错误清单 went, why it could not be saved): beside the clerk's workbook,
        where they will look for it, else in 文档 (the workbook on a write-protected stick)."""
        if not outcome.problems:
            return None, ""
        beside = default_error_list_path(source)
        targets = [beside, files.documents_dir() / beside.name]
        failure = ""
        for target in targets:
            try:
                return write_error_list(outcome.problems, target, source.name), ""
            except FileWriteError as exc:
                log.warning("错误清单没能保存到 %s", target, exc_info=True)
                failure = str(exc)
        return None, failure

    def preview_is_current(self) -> bool:
        return self.preview is not None and self.preview[0] == self.version and self.outcome is None

    def _show_preview(self, outcome) -> None:
        self.pages.tab(self.preview_page, state="normal")
        self.pages.select(self.preview_page)
        lines = ["预览（还没有写入）：", *outcome.summary_lines()]
        if not outcome.problems:
            lines.append("所有人员行都能导入。")
        else:
            lines.append(f"有 {outcome.refused_rows} 行不能导入（原因见下面“不能导入的行”）：导入时会把它们写进"
                         "错误清单，改好后把错误清单再导入一次即可。一户里有一行不能导入，这一户就整户先不导入。")
        lines.append("点“导入”写入花名册（会先自动备份）；要改某一列，回到“1 工作表和各列”，改好再预览。"
                     if self._adds(outcome) else "没有要新增的人：不必导入。")
        self.preview_text.configure(text="\n".join(lines))
        self.heading.configure(text=f"预览完毕：{self.book.path.name}（没有写入任何数据）。")
        self._fill(self.refused_tree, [(p.sheet, p.row, p.column or "整行", p.problem, p.advice)
                                       for p in outcome.problems])
        self._fill(self.there_tree, [(line,) for line in outcome.already_there])
        self._fill(self.warning_tree, [(line,) for line in outcome.warnings])
        for tree, text in ((self.refused_tree, f"不能导入的行（{outcome.refused_rows}）"),
                           (self.there_tree, f"已经有了（{len(outcome.already_there)}）"),
                           (self.warning_tree, f"提醒（{len(outcome.warnings)}）")):
            self.preview_lists.tab(tree.master, text=text)
        first = next((t for t in (self.refused_tree, self.warning_tree, self.there_tree) if t.get_children()),
                     self.refused_tree)
        self.preview_lists.select(first.master)
        self._enable()

    @staticmethod
    def _adds(outcome) -> bool:
        return bool(outcome.households_added or outcome.residents_added or outcome.party_members_added
                    or outcome.category_links_added)

    @staticmethod
    def _fill(tree: ttk.Treeview, rows: list[tuple]) -> None:
        tree.delete(*tree.get_children())
        for number, values in enumerate(rows):
            tree.insert("", "end", iid=str(number), values=values)

    def _imported(self, result) -> None:
        self._set_busy(False)
        outcome, (error_list, failure) = result
        self.outcome, self.error_list = outcome, error_list
        self.pages.tab(self.result_page, state="normal")
        self.pages.select(self.result_page)
        self.result_text.configure(text="\n".join(["导入完成（导入前已自动备份）：", *outcome.summary_lines()]))
        self.heading.configure(text=f"已导入 {self.book.path.name}：{outcome.residents_added} 人。")
        self.context.status.say(f"已导入花名册：{outcome.households_added} 户，{outcome.residents_added} 人"
                                + (f"；{outcome.refused_rows} 行没有导入，见错误清单" if outcome.problems else ""))
        self.context.data_changed()
        self._enable()
        if not outcome.problems:
            self.error_list_label.configure(text="所有人员行都已导入。", bootstyle="success")
            return
        if error_list is None:
            self.error_list_label.configure(text=f"有 {outcome.refused_rows} 行没有导入，但错误清单没能保存：{failure}")
            messages.show_error(self, f"有 {outcome.refused_rows} 行没有导入，但错误清单没能保存：{failure}",
                                title="错误清单没能保存")
            return
        self.error_list_label.configure(text=(
            f"有 {outcome.refused_rows} 行没有导入，已写进错误清单：\n{error_list}\n"
            "打开它，按“怎么改”在原来的格子里改好，保存后用“导入花名册”把这个错误清单再导入一次。"))
        self.open_errors_button.pack(side="left")
        self.open_folder_button.pack(side="left", padx=6)
        if messages.ask_yes_no(self, f"导入完成：{outcome.residents_added} 人已导入，{outcome.refused_rows} 行没有导入。\n\n"
                                     f"没有导入的行已写进错误清单：\n{error_list}\n\n现在打开错误清单吗？",
                               title="导入完成，有行没有导入"):
            self.open_error_list()

    def open_error_list(self) -> None:
        if self.error_list is not None:
            files.show_document(self, self.error_list, f"已打开错误清单：{self.error_list}")

    def open_error_folder(self) -> None:
        if self.error_list is not None:
            files.show_document(self, self.error_list.parent, f"已打开文件夹：{self.error_list.parent}")

    # ---- background work -----------------------------------------------------------------
    def _progress_reporter(self) -> Callable[[int, int], None]:
        """Told in the worker thread; the Tk thread reads it (never the other way)."""
        seen = self.progress_seen = {"done": 0, "total": 0}

        def report(done: int, total: int) -> None:
            seen["done"], seen["total"] = done, total
        return report

    def _start(self, work: Callable[[], Any], on_done, on_error, text: str):
        self.progress_seen = {"done": 0, "total": 0}
        self._set_busy(True, text)
        worker = run_in_background(self, work, on_done, on_error)
        self._follow(worker)
        return worker

    def _follow(self, worker) -> None:
        if not self.busy or not self.winfo_exists():
            return
        done, total = self.progress_seen.get("done", 0), self.progress_seen.get("total", 0)
        if total:
            self.progress.stop()
            self.progress.configure(mode="determinate", maximum=total, value=done)
            self.progress_label.configure(text=f"{done}/{total} 户")
        self.after(POLL_MS, lambda: self._follow(worker))

    def _failed(self, what: str):
        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            message = self._message(exc)
            if not isinstance(exc, (RosterFileError, ValidationError, FileWriteError)):
                log.error("导入花名册（%s）出错", what, exc_info=exc)
            self.heading.configure(text=f"{what}没有完成：{message}")
            messages.show_error(self, f"{what}没有完成：{message}", title=f"{what}没有完成")
        return failed

    @staticmethod
    def _message(exc: BaseException) -> str:
        if isinstance(exc, ValidationError):
            return exc.message
        if isinstance(exc, (RosterFileError, FileWriteError)):
            return str(exc)
        return "出了意外错误，数据库没有改动。详细信息已记入 logs 文件夹中的日志。"

    def _set_busy(self, busy: bool, text: str = "") -> None:
        """While work runs the dialog is modal and nothing can be changed or closed half-way."""
        self.busy = busy
        if busy:
            self.progress.configure(mode="indeterminate", value=0)
            self.progress.pack(side="left")
            self.progress_label.pack(side="left", padx=8)
            self.progress.start(15)
            self.progress_label.configure(text=text)
            self.grab_set()
        else:
            self.progress.stop()
            self.progress.pack_forget()
            self.progress_label.pack_forget()
            self.grab_release()
        self._enable()

    def _enable(self) -> None:
        idle = not self.busy
        can_preview = idle and self.book is not None and bool(self.columns.chosen_sheets())
        self.preview_button.configure(state="normal" if can_preview else "disabled")
        can_import = idle and self.preview_is_current() and self._adds(self.preview[1])
        self.import_button.configure(state="normal" if can_import else "disabled")
        for button in (self.close_button, self.file_button):
            button.configure(state="normal" if idle else "disabled")
        self.columns.set_enabled(idle)

    def _help(self) -> str:
        from ...ui.help_window import show_help
        show_help(self, self.context.data_dir, HELP_PART)
        return "break"  # not the tab's part as well

    def close(self) -> None:
        if not self.busy:
            self.grab_release()
            self.destroy()


def width_of(dialog: tk.Misc) -> int:
    """The dialog's width as asked for (before it is drawn), for the wrap lengths."""
    try:
        return int(dialog.geometry().split("x")[0])
    except (ValueError, tk.TclError):
        return 1000
