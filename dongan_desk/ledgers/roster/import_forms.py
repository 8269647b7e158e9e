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
from ...ui.widgets import fit_columns
from .excel_import import (
    FIELDS,
    RosterFileError,
    category_names,
    confirm_import,
    default_error_list_path,
    field_label,
    open_roster,
    preview_import,
    write_error_list,
)
from .excel_import_fields import CATEGORY_FLAG, cell_text

log = logging.getLogger(__name__)

FILE_KIND = "花名册"  # the folder the file dialog remembers
ROSTER_TYPES = [("Excel 工作簿", "*.xlsx *.xlsm"), ("所有文件", "*.*")]
TOWNSHIP_REFUSAL = ("镇本级的电脑不导入花名册：花名册由各村（社区）在本村电脑上导入，"
                    "再通过报送包报送到镇里，镇里在“镇级汇总”页导入报送包即可看到。")
SAMPLES = 3  # sample values shown beside each column
POLL_MS = 100
CHECKED, UNCHECKED = "☑", "☐"
NOT_READABLE = "（没有标题行）"
HELP_PART = "导入花名册"  # F1: this part of the 使用说明


def open_roster_import(window, context) -> "RosterImportDialog | None":
    """文件 → 导入花名册… (and the roster tab's button): village PC only. Asks for the file
    first; returns the dialog (not modal: it runs its work in the background)."""
    if units.is_township():
        messages.show_info(window, TOWNSHIP_REFUSAL, title="镇本级不导入花名册")
        return None
    path = ask_roster_file(window)
    if path is None:
        return None
    return RosterImportDialog(window, context, path)


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
        self.categories: list[str] = []
        self.chosen: dict[str, bool] = {}  # sheet name → import it
        self.boxes: list[tuple[int, ttk.Combobox]] = []  # (column, combobox) of the sheet shown
        self.shown_sheet: str | None = None
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
        self.columns_page = self._build_columns_page(self.pages)
        self.preview_page = self._build_preview_page(self.pages)
        self.result_page = self._build_result_page(self.pages)
        self.pages.add(self.columns_page, text="1 工作表和各列")
        self.pages.add(self.preview_page, text="2 预览", state="disabled")
        self.pages.add(self.result_page, text="3 结果", state="disabled")

    def _build_columns_page(self, master) -> ttk.Frame:
        page = ttk.Frame(master, padding=6)
        panes = ttk.Panedwindow(page, orient="horizontal")
        panes.pack(fill="both", expand=True)
        left = ttk.Frame(panes)
        ttk.Label(left, text="工作表（点 ☐/☑ 选择要导入的）", font=("", 10, "bold")).pack(anchor="w")
        self.sheet_tree = ttk.Treeview(left, columns=("use", "name", "rows", "kind"), show="headings",
                                       selectmode="browse", height=8)
        for key, text, width in (("use", "导入", 40), ("name", "工作表", 110), ("rows", "人员行", 55),
                                 ("kind", "内容", 120)):
            self.sheet_tree.heading(key, text=text, anchor="w")
            self.sheet_tree.column(key, width=width, anchor="w", stretch=key == "kind")
        self.sheet_tree.pack(fill="both", expand=True, pady=(4, 0))
        self.sheet_tree.bind("<<TreeviewSelect>>", lambda e: self.show_sheet(self._selected_sheet()))
        self.sheet_tree.bind("<Button-1>", self._click_sheet, add="+")
        self.sheet_tree.bind("<space>", lambda e: self.toggle_sheet(self._selected_sheet()))
        ttk.Label(left, text="没有标题行的工作表（如说明页）不能导入。", bootstyle="secondary",
                  wraplength=300, justify="left").pack(anchor="w", pady=(4, 0))
        panes.add(left, weight=2)
        right = ttk.Frame(panes, padding=(8, 0, 0, 0))
        self.sheet_heading = ttk.Label(right, text="", font=("", 10, "bold"))
        self.sheet_heading.pack(anchor="w")
        self.sheet_note = ttk.Label(right, text="", bootstyle="secondary", justify="left", wraplength=640)
        self.sheet_note.pack(anchor="w", fill="x")
        grid_row = self.grid_row = ttk.Frame(right)
        grid_row.pack(fill="x", pady=(4, 4))
        ttk.Label(grid_row, text="没有“组/院落”的人家放进院落网格：").pack(side="left")
        self.default_grid = ttk.Entry(grid_row, width=18)
        self.default_grid.pack(side="left")
        self.default_grid.bind("<KeyRelease>", lambda e: self._default_grid_changed())
        ttk.Label(grid_row, text="（空着：这样的人家不导入，写进错误清单）", bootstyle="secondary").pack(side="left", padx=4)
        head = self.mapping_head = ttk.Frame(right)
        head.pack(fill="x")
        for column, (text, width) in enumerate((("列", 4), ("表里的标题", 16), ("前几行的内容", 34),
                                                ("导入为", 22))):
            ttk.Label(head, text=text, width=width, font=("", 9, "bold")).grid(row=0, column=column, sticky="w",
                                                                             padx=2)
        self.mapping_frame = ttk.ScrolledFrame(right, height=300, auto_hide=False)
        self.mapping_frame.pack(fill="both", expand=True, pady=(2, 0))
        panes.add(right, weight=5)
        return page

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
            self._show_sheets()
            messages.show_error(self, self._message(exc), title="花名册读不了")

        self._start(work, self._loaded, failed, "正在读取文件……")

    def _loaded(self, result) -> None:
        self._set_busy(False)
        self.book, self.categories = result
        self.chosen = {sheet.name: sheet.recognised for sheet in self.book.sheets}
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
        self._show_sheets()

    # ---- sheets --------------------------------------------------------------------------
    def _show_sheets(self) -> None:
        self.sheet_tree.delete(*self.sheet_tree.get_children())
        sheets = self.book.sheets if self.book else []
        for index, sheet in enumerate(sheets):
            self.sheet_tree.insert("", "end", iid=str(index), values=self._sheet_values(sheet))
        fit_columns(self.sheet_tree, stretch=("kind",))
        first = next((str(i) for i, s in enumerate(sheets) if s.recognised), "0" if sheets else None)
        if first is not None:
            self.sheet_tree.selection_set(first)
            self.show_sheet(sheets[int(first)])
        else:
            self.show_sheet(None)
        self._enable()

    def _sheet_values(self, sheet) -> tuple:
        if not sheet.recognised:
            return ("", sheet.name, "", NOT_READABLE)
        kind = "党员名单（只标党员）" if sheet.role == "party" else "人员和户"
        return (CHECKED if self.chosen.get(sheet.name) else UNCHECKED, sheet.name, len(sheet.rows), kind)

    def _selected_sheet(self):
        chosen = self.sheet_tree.selection()
        return self.book.sheets[int(chosen[0])] if chosen and self.book else None

    def _click_sheet(self, event) -> None:
        if self.sheet_tree.identify_column(event.x) == "#1":
            row = self.sheet_tree.identify_row(event.y)
            if row and self.book:
                self.toggle_sheet(self.book.sheets[int(row)])

    def toggle_sheet(self, sheet) -> None:
        if sheet is not None:
            self.choose_sheet(sheet.name, not self.chosen.get(sheet.name))

    def choose_sheet(self, name: str, use: bool) -> None:
        """Import this sheet or not (a sheet without a header row cannot be chosen)."""
        if self.busy or self.book is None:
            return
        sheet = self.book.sheet(name)
        if not sheet.recognised:
            return
        self.chosen[name] = use
        self.sheet_tree.item(str(self.book.sheets.index(sheet)), values=self._sheet_values(sheet))
        self._changed()

    def chosen_sheets(self) -> list[str]:
        return [s.name for s in self.book.sheets if self.chosen.get(s.name)] if self.book else []

    # ---- one sheet's columns -------------------------------------------------------------
    def show_sheet(self, sheet) -> None:
        for child in self.mapping_frame.winfo_children():
            child.destroy()
        self.boxes = []
        self.shown_sheet = sheet.name if sheet is not None else None
        if sheet is None:
            self.sheet_heading.configure(text="")
            self.sheet_note.configure(text="")
            return
        readable = sheet.recognised
        for part, options in ((self.grid_row, {"fill": "x", "pady": (4, 4)}), (self.mapping_head, {"fill": "x"})):
            if readable:
                part.pack(before=self.mapping_frame.container, **options)
            else:
                part.pack_forget()
        if not readable:
            self.sheet_heading.configure(text=f"工作表“{sheet.name}”")
            self.sheet_note.configure(text="前10行里没有找到标题行（要有“姓名”一列），这个工作表不导入。")
            return
        skipped = "、".join(f"{kind}{n}行" for kind, n in sheet.skipped.items())
        role = ("按党员名单处理：只给花名册里已有的人标上党员，不新增人员。" if sheet.role == "party" else "")
        self.sheet_heading.configure(text=f"工作表“{sheet.name}”：标题在第{sheet.header_row}行，"
                                          f"{len(sheet.rows)}行人员")
        self.sheet_note.configure(text=role + (f"跳过{skipped}。" if skipped else ""))
        self.default_grid.delete(0, "end")
        self.default_grid.insert(0, sheet.default_grid)
        labels = self._field_choices(sheet)
        for row, col in enumerate(c for c in sheet.columns if self._worth_showing(sheet, c)):
            header = (col.header or "（无标题）") + ("（隐藏列）" if col.hidden else "")
            ttk.Label(self.mapping_frame, text=col.letter, width=4).grid(row=row, column=0, sticky="w", padx=2, pady=1)
            ttk.Label(self.mapping_frame, text=header, width=16).grid(row=row, column=1, sticky="w", padx=2)
            ttk.Label(self.mapping_frame, text=self._samples(sheet, col.index), width=34,
                      bootstyle="secondary").grid(row=row, column=2, sticky="w", padx=2)
            box = ttk.Combobox(self.mapping_frame, state="readonly", width=22,
                               values=[label for label, _ in labels])
            box.set(field_label(sheet.mapping.field_of(col.index)))
            box.bind("<<ComboboxSelected>>", lambda e, c=col.index, b=box: self._column_chosen(c, b))
            box.grid(row=row, column=3, sticky="w", padx=2, pady=1)
            self.boxes.append((col.index, box))
        self._enable()

    @staticmethod
    def _worth_showing(sheet, col) -> bool:
        return bool(col.header) or sheet.mapping.field_of(col.index) != "" or \
            any(row.cells[col.index] not in (None, "") for row in sheet.rows[:20])

    @staticmethod
    def _samples(sheet, column: int) -> str:
        found: list[str] = []
        for row in sheet.rows:
            text = cell_text(row.cells[column])
            if text and text not in found:
                found.append(text if len(text) <= 18 else text[:17] + "…")
            if len(found) == SAMPLES:
                break
        return "、".join(found) or "（空）"

    def _field_choices(self, sheet) -> list[tuple[str, str]]:
        keys = ["", *(spec.key for spec in FIELDS), *(CATEGORY_FLAG + name for name in self.categories)]
        keys += [k for k in sheet.mapping.fields.values() if k not in keys]
        return [(field_label(key), key) for key in keys]

    def _column_chosen(self, column: int, box: ttk.Combobox) -> None:
        sheet = self.book.sheet(self.shown_sheet)
        key = dict(self._field_choices(sheet))[box.get()]
        self.set_column(sheet.name, column, key)

    def set_column(self, sheet_name: str, column: int, key: str) -> None:
        """Take ``column`` of the sheet as ``key`` ("" = 不导入); a single field leaves the
        column it had, and the drop-downs show it."""
        if self.busy:
            return
        sheet = self.book.sheet(sheet_name)
        sheet.mapping.set(column, key)
        if sheet.name == self.shown_sheet:
            for index, box in self.boxes:
                box.set(field_label(sheet.mapping.field_of(index)))
        self._changed()

    def _default_grid_changed(self) -> None:
        if self.book is None or self.shown_sheet is None or self.busy:
            return
        sheet = self.book.sheet(self.shown_sheet)
        if sheet.recognised and sheet.default_grid != self.default_grid.get().strip():
            sheet.default_grid = self.default_grid.get().strip()
            self._changed()

    def _changed(self) -> None:
        """A sheet or column changed: the preview on screen no longer says what 导入 does."""
        self.version += 1
        if self.preview is not None and self.outcome is None:
            self.heading.configure(text="工作表或列有改动：请重新点“预览（不写入）”，再导入。")
        self._enable()

    # ---- preview and import --------------------------------------------------------------
    def run_preview(self):
        """What 导入 would do, by doing it in a transaction that is rolled back: nothing written."""
        names, version = self.chosen_sheets(), self.version
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
        names, source = self.chosen_sheets(), self.book.path
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
        if outcome.problems:
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
        can_preview = idle and self.book is not None and bool(self.chosen_sheets())
        self.preview_button.configure(state="normal" if can_preview else "disabled")
        can_import = idle and self.preview_is_current() and self._adds(self.preview[1])
        self.import_button.configure(state="normal" if can_import else "disabled")
        for button in (self.close_button, self.file_button):
            button.configure(state="normal" if idle else "disabled")
        for _, box in self.boxes:
            box.configure(state="readonly" if idle else "disabled")
        self.default_grid.configure(state="normal" if idle else "disabled")

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
