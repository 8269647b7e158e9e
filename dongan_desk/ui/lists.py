"""Every list of the window, one mechanism: columns as wide as their widest value, measured with
the font the list really draws in (DESIGN §6: a date or a case number is never cut), and, for a
list wider than its room, its first columns frozen: they stay in view while the rest scrolls
sideways.

``ListView`` is the widget: a frame holding the list (``.tree``, a ``ListTree``), its scrollbars
and, with ``frozen=N``, a twin Treeview on the left that shows the first N columns. ``.tree``
holds every value of every row (``tree.item(iid, "values")`` and ``tree.set`` see them all); the
twin follows it: rows inserted, changed, moved, tagged or deleted, selection, vertical scrolling,
mouse and key bindings (a double-click on the twin is a double-click on the row), and with
``sortable=True`` the order a click on a heading sets. Clicking the twin hands the keyboard to
``.tree``, so the arrows, Delete and Return act on the same row.

A ``ListTree`` sizes its columns itself after rows change (when Tk is idle, or at once with
``fit()``): heading and values measured with ``tkinter.font.Font.measure`` on the Treeview's own
fonts (its style's, a tag's bold font for a 合计 row), the indent of tree rows included. Spare
room goes to one column (``stretch=``, else the last; ``"*"``: a share to each), so no column
is ever narrower than its values. A list with no rows keeps the widths it was declared with.

``fit_columns(tree)`` does the same for any Treeview (one of a dialog's)."""
from __future__ import annotations

import re
import tkinter as tk
import tkinter.font as tkfont
from typing import Any, Iterable, Sequence

import ttkbootstrap as ttk

CELL_PADDING = 14     # pixels beside a value: Tk draws a cell's text 4 px in, a glyph may overhang
HEADING_PADDING = 22  # the heading's own padding (5 px each side in the theme) and its border
TREE_INDICATOR = 22   # the ⊞ of a tree row, before its text
REQUEST_WIDTH = 360   # how wide a ListView asks to be by default: the window decides, lists scroll

Column = tuple  # (key, heading, declared width) — a list's column as the tabs declare it

_fonts: dict[tuple[str, str], tkfont.Font] = {}
_widths: dict[tuple[str, str], int] = {}


def font_of(widget: tk.Misc, spec: Any) -> tkfont.Font:
    """The Font for a font spec as Tk knows it: a named font ("TkDefaultFont") or a description
    (("", 9, "bold")); one object per spec."""
    key = (str(widget.tk), str(spec))
    font = _fonts.get(key)
    if font is None:
        names = widget.tk.splitlist(widget.tk.call("font", "names"))
        if isinstance(spec, str) and spec in names:
            font = tkfont.nametofont(spec, root=widget)
        else:
            font = tkfont.Font(root=widget, font=spec)
        _fonts[key] = font
    return font


def measure(font: tkfont.Font, text: str) -> int:
    """``font.measure(text)``, remembered: a page repeats its genders, dates and grids."""
    key = (font.name, text)
    width = _widths.get(key)
    if width is None:
        if len(_widths) > 50_000:
            _widths.clear()
        width = _widths[key] = font.measure(text)
    return width


def tree_fonts(tree: ttk.Treeview) -> tuple[tkfont.Font, tkfont.Font]:
    """The fonts a Treeview draws its rows and its headings in (its style's, else Tk's)."""
    style = ttk.Style()
    name = str(tree.cget("style") or "Treeview")
    body = style.lookup(name, "font") or "TkDefaultFont"
    head = style.lookup(f"{name}.Heading", "font") or style.lookup("Heading", "font") or "TkHeadingFont"
    return font_of(tree, body), font_of(tree, head)


def _indent(tree: ttk.Treeview) -> int:
    value = ttk.Style().lookup(str(tree.cget("style") or "Treeview"), "indent")
    try:
        return int(float(value)) if value not in ("", None) else 20
    except (TypeError, ValueError):
        return 20


def shown_options(tree: ttk.Treeview, item: str) -> dict[str, Any]:
    """An item's options with its values and text as the cells draw them. ``tree.item(iid)``
    turns a value that reads as a number into one: a 户编号 "0010091" comes back as 10091, and a
    width measured on that is too narrow for the value shown."""
    raw = tree.tk.splitlist(tree.tk.call(str(tree), "item", item))
    return {str(raw[n]).lstrip("-"): raw[n + 1] for n in range(0, len(raw) - 1, 2)}


def content_widths(tree: ttk.Treeview, keys: Sequence[str]) -> dict[str, int]:
    """Each column's width to show its heading and every value whole (rows of closed items too);
    ``"#0"`` (the tree column) with each row's indent. Columns of an empty list: headings only."""
    body, head = tree_fonts(tree)
    tag_fonts: dict[str, tkfont.Font | None] = {}
    widths = {key: measure(head, str(tree.heading(key, "text"))) + HEADING_PADDING for key in keys}
    columns = list(tree["columns"])
    index = {key: columns.index(key) for key in keys if key in columns}
    tree_column = "#0" in keys
    indent = _indent(tree) if tree_column else 0
    pending = [(item, 0) for item in tree.get_children()]
    while pending:
        item, depth = pending.pop()
        options = shown_options(tree, item)
        font = body
        for tag in tree.tk.splitlist(options.get("tags") or ()):
            if tag not in tag_fonts:
                spec = tree.tag_configure(tag, "font")
                tag_fonts[tag] = font_of(tree, spec) if spec else None
            if tag_fonts[tag] is not None:
                font = tag_fonts[tag]
        values = options.get("values") or ()
        if isinstance(values, str):
            values = tree.tk.splitlist(values)
        for key, position in index.items():
            if position < len(values):
                text = str(values[position])
                if text:
                    widths[key] = max(widths[key], measure(font, text) + CELL_PADDING)
        if tree_column:
            widths["#0"] = max(widths["#0"], depth * indent + TREE_INDICATOR
                               + measure(font, str(options.get("text", ""))) + CELL_PADDING)
        pending.extend((child, depth + 1) for child in tree.get_children(item))
    return widths


def shown_columns(tree: ttk.Treeview) -> list[str]:
    shown = list(tree["displaycolumns"])
    if shown in (["#all"], []) or shown == ("#all",):
        shown = list(tree["columns"])
    if "tree" in str(tree.cget("show")):
        shown.insert(0, "#0")
    return shown


def fit_columns(tree: ttk.Treeview, stretch: Sequence[str] = ()) -> None:
    """Size a Treeview's columns to their values (see the module). A ``ListTree`` fits itself;
    any other Treeview gets its widths once, now."""
    if isinstance(tree, ListTree):
        if stretch:
            tree.stretch_column = stretch[0]
        tree.fit()
        return
    keys = shown_columns(tree)
    widths = content_widths(tree, keys)
    for key in keys:
        tree.column(key, width=widths[key], minwidth=widths[key], stretch=key in stretch)


class ListTree(ttk.Treeview):
    """A Treeview that fits its columns to its values and keeps its frozen twin in step."""

    def __init__(self, master: tk.Misc, twin: ttk.Treeview | None = None,
                 frozen_keys: Sequence[str] = (), stretch: str | None = None, **options):
        super().__init__(master, **options)
        self.twin = twin
        self.frozen_keys = tuple(frozen_keys)
        self.stretch_column = stretch
        self.declared: dict[str, int] = {}
        self.fitted: dict[str, int] = {}
        self.on_fitted = None  # called after each fit (the ListView asks for its room again)
        self._fit_job: str | None = None
        # Our own bindings sit on a tag of their own: a tab's tree.bind(...) replaces the
        # widget's binding of a sequence, never these.
        self._own_tag, self._twin_tag = f"ListTree{id(self)}", f"ListTwin{id(self)}"
        self.bindtags((str(self), self._own_tag, *self.bindtags()[1:]))
        # ``*_``: under load Tk was seen calling one of these with no event (CI, 2026-12-02)
        self.bind_class(self._own_tag, "<Configure>", lambda *_: self._spread())
        self.bind_class(self._own_tag, "<Destroy>", lambda *_: self._destroyed())
        if twin is not None:
            self.bind_class(self._own_tag, "<<TreeviewSelect>>", lambda *_: self._push_selection())
            twin.bindtags((str(twin), self._twin_tag, *twin.bindtags()[1:]))
            twin.bind_class(self._twin_tag, "<<TreeviewSelect>>", lambda *_: self._pull_selection())
            twin.bind_class(self._twin_tag, "<ButtonRelease-1>", lambda *_: self.focus_set())

    def _destroyed(self) -> None:
        self._cancel_fit()
        for tag in (self._own_tag, self._twin_tag):  # a class binding outlives its widget
            for sequence in self.tk.splitlist(self.tk.call("bind", tag)):
                self.tk.call("bind", tag, sequence, "")

    # -- sizing ---------------------------------------------------------------------------
    def fit(self) -> None:
        """Every column as wide as its heading and values, now."""
        self._cancel_fit()
        if not self.winfo_exists():
            return
        own = [key for key in shown_columns(self) if key not in self.frozen_keys]
        # the twin's values are this tree's: measure them here, where all rows are, in one pass
        twin_keys = shown_columns(self.twin) if self.twin is not None else []
        widths = self._widths_for(self, own + [k for k in twin_keys if k not in own])
        self.fitted = {key: widths[key] for key in own}
        for key in twin_keys:
            self.twin.column(key, width=widths[key], minwidth=widths[key], stretch=False)
        self._spread()
        if self.on_fitted is not None:
            self.on_fitted()

    def _widths_for(self, tree: ttk.Treeview, keys: list[str]) -> dict[str, int]:
        widths = content_widths(tree, keys)
        if not tree.get_children():  # nothing to measure: the widths the list was declared with
            widths = {key: max(widths[key], self.declared.get(key, 0)) for key in keys}
        return widths

    def _spread(self) -> None:
        """The fitted widths, the room left over given to the stretching column."""
        if not self.fitted or not self.winfo_exists():
            return
        keys = list(self.fitted)
        spare = max(0, self.winfo_width() - sum(self.fitted.values()) - 2 * self.frame_width() - 2)
        if self.stretch_column == "*":  # a table of figures: every column a share
            extra = {key: spare // len(keys) for key in keys}
        else:
            extra = {self.stretch_column if self.stretch_column in self.fitted else keys[-1]: spare}
        for key in keys:
            super().column(key, width=self.fitted[key] + extra.get(key, 0), minwidth=self.fitted[key],
                           stretch=False)

    def frame_width(self) -> int:
        """The frame Tk draws inside the widget, each side, which the columns do not get."""
        if not hasattr(self, "_border_width"):
            value = ttk.Style().lookup(str(self.cget("style") or "Treeview"), "borderwidth")
            try:
                self._border_width = int(float(value)) if value not in ("", None) else 1
            except (TypeError, ValueError):
                self._border_width = 1
        return self._border_width

    def fit_later(self) -> None:
        if self._fit_job is None and self.winfo_exists():
            self._fit_job = self.after_idle(self._fit_idle)

    def _fit_idle(self) -> None:
        self._fit_job = None
        self.fit()

    def _cancel_fit(self) -> None:
        if self._fit_job is not None:
            try:
                self.after_cancel(self._fit_job)
            except tk.TclError:
                pass
            self._fit_job = None

    # -- configuring (the twin shows the frozen columns' headings) --------------------------
    def column(self, column, option=None, **kw):
        if "width" in kw:
            self.declared[column] = int(kw["width"])
        if "stretch" in kw and kw["stretch"] and column != "#0":
            self.stretch_column = column
        if self.twin is not None and column in self.frozen_keys and kw:
            self.twin.column(column, **{k: v for k, v in kw.items() if k != "stretch"})
        return super().column(column, option, **kw)

    def heading(self, column, option=None, **kw):
        if self.twin is not None and kw and column in self.frozen_keys:
            self.twin.heading(column, **kw)
        return super().heading(column, option, **kw)

    def tag_configure(self, tagname, option=None, **kw):
        if self.twin is not None and kw:
            self.twin.tag_configure(tagname, **kw)
        return super().tag_configure(tagname, option, **kw)

    def bind(self, sequence=None, func=None, add=None):
        """A mouse or key binding holds on the frozen columns too, for the row under them."""
        if self.twin is not None and func is not None and sequence and not sequence.startswith("<<") \
                and sequence not in ("<Configure>", "<Map>", "<Unmap>", "<Destroy>"):
            def relay(event, func=func):
                self._pull_selection()
                return func(event)
            self.twin.bind(sequence, relay, add)
        return super().bind(sequence, func, add)

    # -- rows (mirrored into the twin) -----------------------------------------------------
    def _twin_values(self, values) -> list:
        return list(values)[:len(self.frozen_keys)]

    def insert(self, parent, index, iid=None, **kw):
        item = super().insert(parent, index, iid=iid, **kw)
        if self.twin is not None:
            self.twin.insert(parent, index, iid=item, **self._twin_options(kw))
        self.fit_later()
        return item

    def _twin_options(self, kw: dict) -> dict:
        options = {k: v for k, v in kw.items() if k == "tags"}
        if "values" in kw:
            options["values"] = self._twin_values(kw["values"])
        return options

    def item(self, item, option=None, **kw):
        if kw:
            if self.twin is not None:
                twin_options = self._twin_options(kw)
                if twin_options:
                    self.twin.item(item, **twin_options)
            if "values" in kw or "text" in kw or "tags" in kw:
                self.fit_later()
        return super().item(item, option, **kw)

    def set(self, item, column=None, value=None):
        if value is not None:
            if self.twin is not None and column in self.frozen_keys:
                self.twin.set(item, column, value)
            self.fit_later()
        return super().set(item, column, value)

    def delete(self, *items):
        super().delete(*items)
        if self.twin is not None and items:
            self.twin.delete(*items)
        self.fit_later()

    def move(self, item, parent, index):
        super().move(item, parent, index)
        if self.twin is not None:
            self.twin.move(item, parent, index)

    reattach = move

    def detach(self, *items):
        super().detach(*items)
        if self.twin is not None:
            self.twin.detach(*items)

    # -- selection, focus, opening ----------------------------------------------------------
    def _selecting(name: str):  # noqa: N805 - makes the four selection methods below
        def select(self, *items):
            getattr(ttk.Treeview, name)(self, *items)
            self._push_selection()
        select.__name__ = name
        return select

    selection_set = _selecting("selection_set")
    selection_add = _selecting("selection_add")
    selection_remove = _selecting("selection_remove")
    selection_toggle = _selecting("selection_toggle")
    del _selecting

    def focus(self, item=None):
        if item is not None and self.twin is not None:
            self.twin.focus(item)
        return super().focus(item)

    def see(self, item):
        super().see(item)
        if self.twin is not None:
            self.twin.see(item)

    def _push_selection(self) -> None:
        if self.twin is not None and self.twin.winfo_exists():
            chosen = self.selection()
            if tuple(self.twin.selection()) != tuple(chosen):
                self.twin.selection_set(*chosen) if chosen else self.twin.selection_set(())

    def _pull_selection(self) -> None:
        """The row picked on the twin becomes this tree's selection and focus."""
        if self.twin is None or not self.winfo_exists():
            return
        chosen = tuple(self.twin.selection())
        if chosen != tuple(self.selection()):
            super().selection_set(*chosen) if chosen else super().selection_set(())
        focused = self.twin.focus()
        if focused:
            super().focus(focused)


class ListView(ttk.Frame):
    """A list with its scrollbars; with ``frozen=N`` its first N columns stay in view when the
    list scrolls sideways. ``columns``: (key, heading, declared width) as the tabs declare them.

    It asks the window for ``request_width`` pixels (``None``: as wide as its columns) and for
    ``height`` rows: the window's room decides how big a list is, never the list's content."""

    def __init__(self, master: tk.Misc, columns: Sequence[Column], frozen: int = 0,
                 height: int = 8, show: str = "headings", selectmode: str = "browse",
                 stretch: str | None = None, request_width: int | None = REQUEST_WIDTH,
                 anchors: dict[str, str] | None = None, sortable: bool = False):
        super().__init__(master)
        keys = [c[0] for c in columns]
        frozen = min(frozen, len(keys) - 1) if len(keys) > 1 else 0
        self.request_width = request_width
        self.twin: ttk.Treeview | None = None
        if frozen and "tree" in show:
            raise ValueError("frozen columns are for flat lists (a tree list keeps its names in #0)")
        if frozen:
            self.twin = ttk.Treeview(self, columns=keys[:frozen], show="headings", height=height,
                                     selectmode=selectmode, takefocus=False)
        self.tree = ListTree(self, twin=self.twin, frozen_keys=keys[:frozen], stretch=stretch,
                             columns=keys, displaycolumns=keys[frozen:], show=show,
                             height=height, selectmode=selectmode)
        anchors = anchors or {}
        for key, heading, width in (c[:3] for c in columns):
            anchor = anchors.get(key, "w")
            self.tree.heading(key, text=heading, anchor=anchor)
            self.tree.column(key, width=width, minwidth=20, anchor=anchor)
        self.yscroll = ttk.Scrollbar(self, orient="vertical", command=self._yview)
        self.xscroll = ttk.Scrollbar(self, orient="horizontal", command=self.tree.xview)
        self.tree.configure(yscrollcommand=self._tree_scrolled, xscrollcommand=self._x_scrolled)
        if self.twin is not None:
            self.twin.configure(yscrollcommand=self._twin_scrolled)
            self.twin.grid(row=0, column=0, sticky="nsw")
            self.separator = ttk.Separator(self, orient="vertical")
            self.separator.grid(row=0, column=1, rowspan=2, sticky="ns")
        self.tree.grid(row=0, column=2, sticky="nsew")
        self.yscroll.grid(row=0, column=3, sticky="ns")
        self.xscroll.grid(row=1, column=2, sticky="ew")
        self.rowconfigure(0, weight=1)
        self.columnconfigure(2, weight=1)
        self.grid_propagate(False)
        self.headings = {key: heading for key, heading, _width in (c[:3] for c in columns)}
        self.sorted_by: tuple[str, bool] | None = None  # (column, descending)
        self.tree.on_fitted = self._fitted
        self._ask_room()
        if sortable:  # a short list, all of it here (a paged list is ordered by its query)
            for key in keys:
                self.tree.heading(key, command=lambda k=key: self.sort_by(k))

    def sort_by(self, key: str, descending: bool | None = None) -> None:
        """Order the rows by a column (the digits in a value as numbers); a second click
        on the same heading turns the order round. The heading shows ▲ or ▼; the rows stay in
        this order when the tab fills the list again."""
        if descending is None:
            descending = self.sorted_by == (key, False)
        self.sorted_by = (key, descending)
        for column, heading in self.headings.items():
            mark = (" ▼" if descending else " ▲") if column == key else ""
            self.tree.heading(column, text=heading + mark)
        self._keep_order()
        self.tree.fit()

    def _keep_order(self) -> None:
        if self.sorted_by is None:
            return
        key, descending = self.sorted_by

        def order(item):  # 第9号 before 第10号, 900 before 1005: the digits as numbers
            parts = re.split(r"(\d+)", str(self.tree.set(item, key)))
            return [int(part) if n % 2 else part for n, part in enumerate(parts)]
        items = list(self.tree.get_children())
        wanted = sorted(items, key=order, reverse=descending)
        if wanted != items:
            for index, item in enumerate(wanted):
                self.tree.move(item, "", index)

    def _fitted(self) -> None:
        self._ask_room()
        self._keep_order()

    # -- how much room the list asks for ---------------------------------------------------
    def _ask_room(self) -> None:
        rows = int(self.tree.cget("height"))
        body, head = tree_fonts(self.tree)
        row_height = ttk.Style().lookup("Treeview", "rowheight") or body.metrics("linespace") + 4
        try:
            row_height = int(float(row_height))
        except (TypeError, ValueError):
            row_height = body.metrics("linespace") + 4
        heading = head.metrics("linespace") + 14
        height = max(self.tree.winfo_reqheight(), rows * row_height + heading + 4)
        height += self.xscroll.winfo_reqheight() or 16
        columns = sum(int(self.tree.column(k, "width")) for k in shown_columns(self.tree))
        if self.request_width is not None:
            columns = min(columns, self.request_width)
        # each Treeview draws its frame inside its width, beside the columns: a list asking for
        # its columns alone scrolled sideways by those few pixels
        frame = 2 * self.tree.frame_width()
        width = columns + frame + (self.yscroll.winfo_reqwidth() or 16)
        if self.twin is not None:
            width += (sum(int(self.twin.column(k, "width")) for k in shown_columns(self.twin)) + frame
                      + self.separator.winfo_reqwidth())
        self.configure(width=width, height=height)

    # -- scrolling together ----------------------------------------------------------------
    def _yview(self, *args) -> None:
        self.tree.yview(*args)

    def _tree_scrolled(self, first, last) -> None:
        self.yscroll.set(first, last)
        if self.twin is not None and abs(self.twin.yview()[0] - float(first)) > 1e-9:
            self.twin.yview_moveto(first)

    def _twin_scrolled(self, first, last) -> None:
        if abs(self.tree.yview()[0] - float(first)) > 1e-9:
            self.tree.yview_moveto(first)

    def _x_scrolled(self, first, last) -> None:
        self.xscroll.set(first, last)
        if float(first) <= 0.0 and float(last) >= 1.0:
            self.xscroll.grid_remove()
        else:
            self.xscroll.grid()

    def fit(self) -> None:
        self.tree.fit()


def tree_list(master: tk.Misc, columns: Iterable[Column], **options) -> ListView:
    """A ``ListView`` (the tabs' short lists call it by this name)."""
    return ListView(master, list(columns), **options)
