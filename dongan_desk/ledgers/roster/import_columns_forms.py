"""导入花名册, page 1 of the dialog: the workbook's sheets (tick those to import) and, for the sheet
selected, a drop-down per column with its header and first values, set to what the engine
guessed. Every change goes straight into the workbook's ``ColumnMapping`` (what the preview and
the import read) and is told to the dialog (``on_change``), whose preview is then stale."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from ...ui.widgets import fit_columns
from .excel_import import FIELDS, field_label
from .excel_import_fields import CATEGORY_FLAG, cell_text

SAMPLES = 3  # sample values shown beside each column
CHECKED, UNCHECKED = "☑", "☐"
NOT_READABLE = "（没有标题行）"


class ColumnsPage(ttk.Frame):
    """Which sheets, and what each column is taken for."""

    def __init__(self, master: tk.Misc, on_change: Callable[[], None]):
        super().__init__(master, padding=6)
        self.on_change = on_change
        self.book = None
        self.categories: list[str] = []
        self.chosen: dict[str, bool] = {}  # sheet name → import it
        self.boxes: list[tuple[int, ttk.Combobox]] = []  # (column, drop-down) of the sheet shown
        self.shown_sheet: str | None = None
        self.enabled = True
        panes = ttk.Panedwindow(self, orient="horizontal")
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


    # ---- sheets --------------------------------------------------------------------------
    def show_book(self, book, categories: list[str]) -> None:
        """The workbook's sheets (those with a header chosen), the first readable one shown;
        ``None``: nothing (a file that could not be read)."""
        self.book, self.categories = book, categories
        self.chosen = {sheet.name: sheet.recognised for sheet in book.sheets} if book else {}
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
        if not self.enabled or self.book is None:
            return
        sheet = self.book.sheet(name)
        if not sheet.recognised:
            return
        self.chosen[name] = use
        self.sheet_tree.item(str(self.book.sheets.index(sheet)), values=self._sheet_values(sheet))
        self.on_change()

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
        self.set_enabled(self.enabled)

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
        if not self.enabled:
            return
        sheet = self.book.sheet(sheet_name)
        sheet.mapping.set(column, key)
        if sheet.name == self.shown_sheet:
            for index, box in self.boxes:
                box.set(field_label(sheet.mapping.field_of(index)))
        self.on_change()

    def _default_grid_changed(self) -> None:
        if self.book is None or self.shown_sheet is None or not self.enabled:
            return
        sheet = self.book.sheet(self.shown_sheet)
        if sheet.recognised and sheet.default_grid != self.default_grid.get().strip():
            sheet.default_grid = self.default_grid.get().strip()
            self.on_change()

    def set_enabled(self, enabled: bool) -> None:
        """Nothing can be changed while the preview or the import reads the choices."""
        self.enabled = enabled
        for _, box in self.boxes:
            box.configure(state="readonly" if enabled else "disabled")
        self.default_grid.configure(state="normal" if enabled else "disabled")
