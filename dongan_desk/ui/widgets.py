"""Widgets the tabs share: a paged list fed from SQL, form fields built from model labels, and
the modal form dialog with inline errors."""
from __future__ import annotations

import tkinter as tk
from datetime import date, datetime
from typing import Any, Callable, Sequence

import ttkbootstrap as ttk

from ..errors import ValidationError
from ..store import session
from .lists import ListView, fit_columns  # noqa: F401 - fit_columns: the one way lists are sized

DATE_FORMAT = "%Y-%m-%d"


class PagedTable(ttk.Frame):
    """A Treeview that shows one page of a query at a time, with a pager under it.

    ``fetch(offset, limit)`` returns an object with ``rows`` and ``total``; ``to_values(row)``
    turns one row into the column values and ``row_id(row)`` gives its iid.
    """

    def __init__(self, master: tk.Misc, columns: Sequence[tuple[str, str, int]],
                 fetch: Callable[[int, int], Any], to_values: Callable[[Any], Sequence[Any]],
                 row_id: Callable[[Any], Any], page_size: int = 100, unit_word: str = "条",
                 frozen: int = 1, height: int = 10, stretch: str | None = None):
        super().__init__(master)
        self.fetch, self.to_values, self.row_id = fetch, to_values, row_id
        self.page_size, self.offset, self.total, self.unit_word = page_size, 0, 0, unit_word
        # The first ``frozen`` columns name the row: they stay in view when the list scrolls
        # sideways; every column is as wide as its values on the page (ui/lists.py).
        self.view = ListView(self, columns, frozen=frozen, height=height, stretch=stretch)
        self.tree = self.view.tree
        pager = ttk.Frame(self)
        self.prev_button = ttk.Button(pager, text="上一页", command=self.previous_page,
                                      bootstyle="secondary-outline")
        self.next_button = ttk.Button(pager, text="下一页", command=self.next_page,
                                      bootstyle="secondary-outline")
        self.status = ttk.Label(pager, text="")
        self.prev_button.pack(side="left")
        self.next_button.pack(side="left", padx=4)
        self.status.pack(side="left", padx=8)
        self.view.grid(row=0, column=0, sticky="nsew")
        pager.grid(row=1, column=0, sticky="ew", pady=(4, 0))
        self.rowconfigure(0, weight=1)
        self.columnconfigure(0, weight=1)
        self.rows_by_id: dict[str, Any] = {}

    def reload(self, keep_page: bool = False) -> None:
        if not keep_page:
            self.offset = 0
        page = self.fetch(self.offset, self.page_size)
        if page.total and self.offset >= page.total:  # the last page emptied: step back
            self.offset = max(0, (page.total - 1) // self.page_size * self.page_size)
            page = self.fetch(self.offset, self.page_size)
        self.total = page.total
        self.tree.delete(*self.tree.get_children())
        self.rows_by_id = {}
        for row in page.rows:
            iid = str(self.row_id(row))
            self.rows_by_id[iid] = row
            self.tree.insert("", "end", iid=iid, values=list(self.to_values(row)))
        self.tree.fit()
        pages = max(1, -(-self.total // self.page_size))
        current = self.offset // self.page_size + 1
        self.status.configure(text=f"第 {current}/{pages} 页，共 {self.total} {self.unit_word}")
        self.prev_button.configure(state="normal" if self.offset > 0 else "disabled")
        self.next_button.configure(
            state="normal" if self.offset + self.page_size < self.total else "disabled")

    def next_page(self) -> None:
        if self.offset + self.page_size < self.total:
            self.offset += self.page_size
            self.reload(keep_page=True)

    def previous_page(self) -> None:
        if self.offset > 0:
            self.offset = max(0, self.offset - self.page_size)
            self.reload(keep_page=True)

    def selected(self) -> Any | None:
        selection = self.tree.selection()
        return self.rows_by_id.get(selection[0]) if selection else None

    def select(self, iid: Any) -> bool:
        iid = str(iid)
        if self.tree.exists(iid):
            self.tree.selection_set(iid)
            self.tree.see(iid)
            return True
        return False


def type_over(entry: ttk.Entry, text: str) -> None:
    entry.delete(0, "end")
    entry.insert(0, text)


def read_date(widget: ttk.DateEntry, label: str) -> date | None:
    """The date typed or picked; an unreadable text is an error, never a silent blank."""
    text = widget.entry.get().strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, DATE_FORMAT).date()
    except ValueError:
        raise ValidationError(f"{label}“{text}”不是有效日期，请按 年-月-日 填写，如 2021-07-01。")


def date_entry(master: tk.Misc, value: date | None = None) -> ttk.DateEntry:
    return ttk.DateEntry(master, date_format=DATE_FORMAT, first_weekday=0, value=value,
                         popup_title="选择日期")


class FormDialog(ttk.Toplevel):
    """A modal form: fields in a grid, an error line, 保存 (Ctrl+S) and 取消 (Esc).

    Subclasses build their fields in ``body(frame)`` and save in ``apply()``, raising
    ``ValidationError`` to keep the dialog open with the message shown: a problem keyed by a
    field that has a ``problem_line`` beside that field, the rest on the error line.

    ``permission`` is what the account at the keyboard needs to save (``session.EDIT`` for the
    ledgers' forms); without it the form opens read-only: 保存 says 只能查看 and is disabled,
    Ctrl+S does nothing. ``None``: anyone may save (changing one's own password).
    """

    permission: str | None = session.EDIT

    def __init__(self, master: tk.Misc, title: str):
        super().__init__(title=title, master=master, resizable=(True, False))
        self.withdraw()
        self.transient(master.winfo_toplevel())
        self.result: Any = None
        self.fields: dict[str, tk.Widget] = {}
        self.problem_labels: dict[str, ttk.Label] = {}
        self.read_only = self.permission is not None and not session.can(self.permission)
        frame = ttk.Frame(self, padding=12)
        frame.pack(fill="both", expand=True)
        frame.columnconfigure(1, weight=1)
        self._row = 0
        self.body(frame)
        self.error_label = ttk.Label(frame, text="", bootstyle="danger", wraplength=460,
                                     justify="left")
        self.error_label.grid(row=self._row, column=0, columnspan=2, sticky="w", pady=(8, 0))
        buttons = ttk.Frame(frame)
        buttons.grid(row=self._row + 1, column=0, columnspan=2, sticky="e", pady=(10, 0))
        self.save_button = ttk.Button(buttons, text="保存 (Ctrl+S)", command=self._save_allowed,
                                      bootstyle="primary")
        self.cancel_button = ttk.Button(buttons, text="取消", command=self.cancel,
                                        bootstyle="secondary")
        self.save_button.pack(side="right")
        self.cancel_button.pack(side="right", padx=6)
        if self.read_only:
            self.save_button.configure(text="只能查看", state="disabled")
            self.cancel_button.configure(text="关闭")
            self.error_label.configure(text=session.REFUSALS[self.permission].format(
                role=session.current().role_label), bootstyle="secondary")
        self.bind("<Control-s>", lambda e: self._save_allowed())
        self.bind("<Escape>", lambda e: self.cancel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.deiconify()
        self.grab_set()
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.focus_set()

    # -- building -----------------------------------------------------------------------
    def body(self, frame: ttk.Frame) -> None:
        raise NotImplementedError

    def add_field(self, frame: ttk.Frame, name: str, label: str, widget: tk.Widget,
                  hint: str = "") -> tk.Widget:
        ttk.Label(frame, text=label + "：").grid(row=self._row, column=0, sticky="ne", pady=3)
        widget.grid(row=self._row, column=1, sticky="ew", pady=3)
        self.fields[name] = widget
        self._row += 1
        if hint:
            ttk.Label(frame, text=hint, bootstyle="secondary").grid(
                row=self._row, column=1, sticky="w")
            self._row += 1
        return widget

    def entry(self, frame: ttk.Frame, name: str, label: str, value: str = "",
              hint: str = "", width: int = 36) -> ttk.Entry:
        widget = ttk.Entry(frame, width=width)
        widget.insert(0, value or "")
        return self.add_field(frame, name, label, widget, hint)

    def text(self, frame: ttk.Frame, name: str, label: str, value: str = "",
             height: int = 3) -> tk.Text:
        widget = tk.Text(frame, height=height, width=36, wrap="word", undo=True)
        widget.insert("1.0", value or "")
        return self.add_field(frame, name, label, widget)

    def problem_line(self, frame: ttk.Frame, name: str) -> ttk.Label:
        """A red line under the field just added, hidden until ``name`` has a problem."""
        problem = ttk.Label(frame, text="", bootstyle="danger", wraplength=440, justify="left")
        problem.grid(row=self._row, column=1, sticky="w")
        problem.grid_remove()
        self._row += 1
        self.problem_labels[name] = problem
        return problem

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem beside its field; one the form has no line for on the error line."""
        for name, label in self.problem_labels.items():
            label.configure(text=problems.get(name, ""))
            if name in problems:
                label.grid()
            else:
                label.grid_remove()
        general = [text for name, text in problems.items() if name not in self.problem_labels]
        self.error_label.configure(text="\n".join(general) or (
            "请按红字提示修改后再保存。" if problems else ""), bootstyle="danger")

    def value(self, name: str) -> str:
        widget = self.fields[name]
        if isinstance(widget, tk.Text):
            return widget.get("1.0", "end-1c")
        return widget.get()

    # -- acting -------------------------------------------------------------------------
    def apply(self) -> Any:
        raise NotImplementedError

    def _save_allowed(self) -> None:
        if not self.read_only:
            self.save()

    def save(self) -> None:
        try:
            self.result = self.apply()
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        self.grab_release()
        self.destroy()

    def cancel(self) -> None:
        self.result = None
        self.grab_release()
        self.destroy()


class CodeBox(ttk.Combobox):
    """A read-only drop-down of ``(code, 中文)`` choices: it shows the Chinese labels and gives
    back the code of the one picked (``code``; ``None`` while none is)."""

    def __init__(self, master: tk.Misc, choices: Sequence[tuple[Any, str]], code: Any = None,
                 width: int = 34, blank: str | None = None):
        # ``blank``: a first choice meaning "none" (its code is None), e.g. "（线下，不在群里）"
        self.choices = ([(None, blank)] if blank is not None else []) + list(choices)
        super().__init__(master, state="readonly", width=width, values=[label for _, label in self.choices])
        if code is not None:
            self.set_code(code)

    def set_code(self, code: Any) -> None:
        codes = [c for c, _ in self.choices]
        if code in codes:
            self.current(codes.index(code))

    @property
    def code(self) -> Any:
        index = self.current()
        return self.choices[index][0] if index >= 0 else None


def filter_box(master: tk.Misc, values: Sequence[str], on_change: Callable[[], None],
               width: int) -> ttk.Combobox:
    """A list's filter: a read-only drop-down showing its first choice, that reloads the list
    when another is picked. The caller packs it (and its label)."""
    box = ttk.Combobox(master, state="readonly", width=width, values=list(values))
    box.current(0)
    box.bind("<<ComboboxSelected>>", lambda e: on_change())
    return box


class UnitChooser(ttk.Frame):
    """Which unit's records a tab shows. On a village PC there is one choice and nothing is
    shown; on the township PC a drop-down of its villages (their records are read-only there).
    ``None`` in ``choices`` stands for all of them."""

    def __init__(self, master: tk.Misc, choices: Sequence[Any], on_change: Callable[[], None],
                 label: str = "村（社区）：", all_label: str = "全部村（社区）"):
        super().__init__(master)
        self.choices = list(choices)
        self.box: ttk.Combobox | None = None
        if len(self.choices) > 1:
            ttk.Label(self, text=label).pack(side="left")
            self.box = filter_box(self, [all_label if unit is None else unit.name
                                         for unit in self.choices], on_change, width=18)
            self.box.pack(side="left", padx=(0, 10))

    @property
    def unit(self) -> Any:
        return self.choices[max(self.box.current(), 0)] if self.box is not None else self.choices[0]

    def choose(self, unit_id: int | None) -> None:
        """Show this unit's records (when it is one of the choices)."""
        ids = [None if u is None else u.id for u in self.choices]
        if self.box is not None and unit_id in ids:
            self.box.current(ids.index(unit_id))


class BusyWindow(ttk.Toplevel):
    """A small modal window with a moving bar while work runs in the background."""

    def __init__(self, master, title: str, text: str):
        super().__init__(title=title, master=master, resizable=(False, False))
        self.transient(master.winfo_toplevel())
        frame = ttk.Frame(self, padding=16)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text=text, wraplength=420, justify="left").pack(anchor="w")
        self.bar = ttk.Progressbar(frame, mode="indeterminate", length=420)
        self.bar.pack(fill="x", pady=(10, 0))
        self.bar.start(15)
        self.protocol("WM_DELETE_WINDOW", lambda: None)  # it closes when the work is done
        self.grab_set()

    def close(self) -> None:
        self.bar.stop()
        self.grab_release()
        self.destroy()
