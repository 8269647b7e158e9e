"""The window fits a 1366×768 screen and its lists show whole values (issue 12, DESIGN §6), on the
sample village and the sample township, every tab and every page inside a tab:

* the status bar and every button, box and label of a page lie inside the screen and the window,
  none squeezed smaller than it asks to be (a button packed after a list that took the room is
  unmapped or cut);
* every column of every list is at least as wide as its widest value, measured with the list's
  own font (a date 2025-11-21 and a case number （2026）…人调字第53号 whole);
* scrolled all the way sideways, the column that names the row is still in view;
* the township's 全部村 view of 结对帮扶 says whose pairing each is."""
from __future__ import annotations

import re
import tkinter as tk
import tkinter.font as tkfont

import pytest
import ttkbootstrap as ttk

from dongan_desk.sample.town import build_sample
from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database
from dongan_desk.ui.app import MainWindow

from ui_driver import find_widgets

# A value needs its measured width and the cell's padding (Tk draws text 4 px in; the last glyph
# is cut below about 6 px more).
CELL_MARGIN = 8
# What a maximised window keeps on a 1366×768 Windows screen: the taskbar (40), the title bar and
# the menu bar take about 90 of the 768 pixels.
WINDOWS_CLIENT = (1366, 676)
CONTROLS = (ttk.Button, ttk.Checkbutton, ttk.Menubutton, ttk.Combobox, ttk.Entry, ttk.Label,
            ttk.Radiobutton)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """The sample village and township, built once for the module (the town takes seconds)."""
    made = {}
    for size in ("village", "town"):
        folder = tmp_path_factory.mktemp(size)
        open_database(folder / "dongan.db")
        build_sample(size, seed=12)
        close_database()
        made[size] = folder
    return made


@pytest.fixture(params=["village", "town"])
def window(request, root, samples):
    folder = samples[request.param]
    open_database(folder / "dongan.db")
    main = MainWindow(root, folder)
    main.pack(fill="both", expand=True)
    root.update()
    yield main
    main.destroy()
    if getattr(main, "menubar", None) is not None:
        main.menubar.destroy()
    root.configure(menu="")
    root.update()
    close_database()


@pytest.fixture
def maximised(root):
    """The shared window as the program opens it the first time on this screen."""
    from dongan_desk.ui import placement
    placement.maximise(root)
    root.update()
    return root


# ---- walking the window -----------------------------------------------------------------------

def pages(main: MainWindow):
    """(name, page) for every tab and every page of the notebooks inside it, each brought to
    the front in turn (tabs are built when first shown)."""
    for tab in main.notebook.tabs():
        main.notebook.select(tab)
        main.update()
        title = main.notebook.tab(tab, "text")
        page = main.notebook.nametowidget(tab)
        yield title, page
        for inner in find_widgets(page, ttk.Notebook):
            shown = inner.select()
            for sub in inner.tabs():
                inner.select(sub)
                main.update()
                yield f"{title} / {inner.tab(sub, 'text')}", page
            inner.select(shown)
            main.update()


def shown_widgets(widget: tk.Misc):
    """The widgets the clerk should see now: a notebook's selected page only."""
    yield widget
    if isinstance(widget, ttk.Notebook):
        selected = widget.select()
        children = [widget.nametowidget(selected)] if selected else []
    else:
        children = widget.winfo_children()
    for child in children:
        if isinstance(child, tk.Toplevel) or isinstance(child, tk.Menu):
            continue
        yield from shown_widgets(child)


def cut_controls(main: MainWindow, bottom_limit: int, right_limit: int) -> list[str]:
    """Every control of the shown page (and the status bar) that is squeezed out, cut, or lies
    past the given bottom or right edge of the screen."""
    main.update()
    problems = []
    for widget in shown_widgets(main):
        if not isinstance(widget, CONTROLS) or not widget.winfo_manager():
            continue
        if not widget.master.winfo_viewable():
            continue
        what = f"{widget.winfo_class()} “{_text(widget)}”"
        if not widget.winfo_ismapped():
            problems.append(f"{what}: squeezed out (not shown)")
            continue
        bottom = widget.winfo_rooty() + widget.winfo_height()
        right = widget.winfo_rootx() + widget.winfo_width()
        if bottom > bottom_limit:
            problems.append(f"{what}: bottom {bottom} > {bottom_limit}")
        if right > right_limit:
            problems.append(f"{what}: right edge {right} > {right_limit}")
        if widget.winfo_height() < widget.winfo_reqheight() - 1:
            problems.append(f"{what}: {widget.winfo_height()} px high of {widget.winfo_reqheight()}")
        if isinstance(widget, (ttk.Button, ttk.Checkbutton, ttk.Menubutton)) and \
                widget.winfo_width() < widget.winfo_reqwidth() - 1:
            problems.append(f"{what}: {widget.winfo_width()} px wide of {widget.winfo_reqwidth()}")
    return problems


def _text(widget) -> str:
    try:
        return str(widget.cget("text"))[:30]
    except tk.TclError:
        return ""


def body_font(tree: ttk.Treeview) -> tkfont.Font:
    spec = ttk.Style().lookup(str(tree.cget("style") or "Treeview"), "font") or "TkDefaultFont"
    return tkfont.nametofont(spec, root=tree) if spec in tkfont.names(tree) else tkfont.Font(font=spec)


def displayed(tree: ttk.Treeview) -> list[str]:
    shown = list(tree["displaycolumns"])
    return list(tree["columns"]) if shown in (["#all"], []) else shown


def narrow_columns(tree: ttk.Treeview) -> list[str]:
    """The columns of this Treeview narrower than a value they show, with that value."""
    font = body_font(tree)
    fonts = {}
    found = []
    items, pending = [], list(tree.get_children())
    while pending:
        item = pending.pop()
        items.append(item)
        pending.extend(tree.get_children(item))
    for key in displayed(tree):
        width = int(tree.column(key, "width"))
        for item in items:
            text = str(tree.set(item, key))
            if not text:
                continue
            used = font
            for tag in tree.item(item, "tags") or ():
                spec = tree.tag_configure(tag, "font")
                if spec:
                    used = fonts.setdefault(str(spec), tkfont.Font(font=spec))
            need = used.measure(text) + CELL_MARGIN
            if width < need:
                found.append(f"{tree.heading(key, 'text') or key} {width} px < {need} for “{text}”")
                break
    return found


# ---- the tests ----------------------------------------------------------------------------------

def test_every_page_fits_a_maximised_window_on_a_1366x768_screen(maximised, window):
    root = maximised
    assert (root.winfo_screenwidth(), root.winfo_screenheight()) == (1366, 768), \
        "the UI tests run on a 1366×768 screen (tests/run.sh)"
    problems = []
    for name, _page in pages(window):
        for problem in cut_controls(window, root.winfo_screenheight(), root.winfo_screenwidth()):
            problems.append(f"{name}: {problem}")
    status = window.status
    assert status.winfo_ismapped() and status.winfo_rooty() + status.winfo_height() <= 768
    assert problems == []


def test_every_page_fits_what_windows_leaves_a_maximised_window(maximised, window):
    """On a 1366×768 Windows screen the taskbar, title bar and menu bar leave about 1366×676."""
    from dongan_desk.ui import placement
    root = maximised
    placement.show_at(root, placement.Placement(*WINDOWS_CLIENT, 0, 0, False))
    root.update()
    bottom = root.winfo_rooty() + root.winfo_height()
    right = root.winfo_rootx() + root.winfo_width()
    problems = []
    try:
        for name, _page in pages(window):
            problems += [f"{name}: {p}" for p in cut_controls(window, bottom, right)]
    finally:
        maximised_again(root)
    assert problems == []


def maximised_again(root):
    from dongan_desk.ui import placement
    placement.maximise(root)
    root.update()


def test_every_list_column_shows_its_values_whole(maximised, window):
    problems = []
    for name, page in pages(window):
        for tree in find_widgets(page, ttk.Treeview):
            if tree.winfo_viewable():
                problems += [f"{name}: {p}" for p in narrow_columns(tree)]
    assert problems == []


def test_a_date_and_a_case_number_are_whole(maximised, window):
    from dongan_desk.ledgers.mediation.tab import MediationTab
    tab = window.show_tab(MediationTab)
    window.update()
    trees = [t for t in find_widgets(tab.list, ttk.Treeview)]
    numbers = [t for t in trees if "number" in displayed(t)]
    dates = [t for t in trees if "accepted" in displayed(t)]
    assert numbers and dates
    number_tree, date_tree = numbers[0], dates[0]
    widest_number = max((number_tree.set(i, "number") for i in number_tree.get_children()),
                        key=body_font(number_tree).measure)
    assert "人调字第" in widest_number and widest_number.endswith("号")
    assert int(number_tree.column("number", "width")) >= \
        body_font(number_tree).measure(widest_number) + CELL_MARGIN
    for item in date_tree.get_children():
        day = date_tree.set(item, "accepted")
        assert len(day) == 10 and int(date_tree.column("accepted", "width")) >= \
            body_font(date_tree).measure(day) + CELL_MARGIN


def cell_in_view(widget: tk.Misc, key: str) -> bool:
    """Whether the first row's cell of column ``key`` is drawn whole inside its list."""
    for tree in find_widgets(widget, ttk.Treeview):
        if key in displayed(tree) and tree.get_children():
            box = tree.bbox(tree.get_children()[0], key)
            if box and box[0] >= 0 and box[0] + box[2] <= tree.winfo_width() and tree.winfo_viewable():
                return True
    return False


def scrolled_to_the_right(widget: tk.Misc) -> bool:
    """Scroll every list inside all the way right; True if one could scroll at all."""
    moved = False
    for tree in find_widgets(widget, ttk.Treeview):
        if tree.xview() != (0.0, 1.0):
            moved = True
        tree.xview_moveto(1.0)
    widget.update()
    return moved


def test_the_naming_column_stays_in_view_when_a_list_scrolls_sideways(maximised, window):
    from dongan_desk.ledgers.council.tab import CouncilTab
    from dongan_desk.ledgers.mediation.tab import MediationTab
    from dongan_desk.ledgers.pairing.tab import PairingTab
    from dongan_desk.ledgers.roster.tab import RosterTab

    roster = window.show_tab(RosterTab)
    window.update()
    people = roster.people
    assert scrolled_to_the_right(people), "the roster list is wider than its pane at 1366×768"
    assert cell_in_view(people, "name")
    for cls, attribute, key in ((PairingTab, "pairings", "member"), (MediationTab, "list", "number")):
        tab = window.show_tab(cls)
        window.update()
        scrolled_to_the_right(getattr(tab, attribute))
        assert cell_in_view(getattr(tab, attribute), key), (cls.__name__, key)
    council = window.show_tab(CouncilTab)
    council.notebook.select(council.filings_area)
    window.update()
    scrolled_to_the_right(council.filings_area.table)
    assert cell_in_view(council.filings_area.table, "host")


def test_a_click_on_the_frozen_names_selects_the_row_and_keys_move_on(maximised, window):
    """The names on the left and the rest of the row are one list: selection, keys, double-click."""
    from dongan_desk.ledgers.roster.tab import RosterTab
    tab = window.show_tab(RosterTab)
    window.update()
    tree = tab.people.tree
    twin = tree.twin
    first, second = tree.get_children()[:2]
    box = twin.bbox(first, "name")
    twin.event_generate("<ButtonPress-1>", x=box[0] + 5, y=box[1] + 5)
    twin.event_generate("<ButtonRelease-1>", x=box[0] + 5, y=box[1] + 5)
    window.update()
    assert tree.selection() == (first,) and twin.selection() == (first,)
    assert tab.people.selected().id == int(first)
    assert tree.focus() == first
    tree.focus_force()
    window.update()
    tree.event_generate("<KeyPress-Down>")
    window.update()
    assert tree.selection() == (second,) and twin.selection() == (second,)
    opened = []
    tab.edit_resident = lambda: opened.append(tree.selection())  # the tab's double-click action
    tree.bind("<Double-1>", lambda e: tab.edit_resident())
    for _ in range(2):  # two clicks in a row are a double-click
        twin.event_generate("<ButtonPress-1>", x=box[0] + 5, y=box[1] + 5)
        twin.event_generate("<ButtonRelease-1>", x=box[0] + 5, y=box[1] + 5)
    window.update()
    assert opened, "a double-click on the frozen name opens the row"
    tree.yview_moveto(1.0)
    window.update()
    assert abs(twin.yview()[0] - tree.yview()[0]) < 1e-6, "the names scroll with the rows"


def test_the_township_pairing_list_names_each_village(maximised, window):
    from dongan_desk import units
    from dongan_desk.ledgers.pairing.tab import PairingTab
    if not units.is_township():
        pytest.skip("the village's list is of one village")
    tab = window.show_tab(PairingTab)
    window.update()
    assert tab.chooser.unit is None, "the township opens on 全部村（社区）"
    tree = tab.pairings.tree
    assert "unit" in tree["columns"]
    names = {v.name for v in units.villages()}
    shown = {tree.set(item, "unit") for item in tree.get_children()}
    tab.pairings.next_page()  # ordered by village: the next page is the next village's
    window.update()
    shown |= {tree.set(item, "unit") for item in tree.get_children()}
    assert shown <= names and len(shown) > 1
    assert cell_in_view(tab.pairings, "unit")
    heading = [t.heading("unit", "text") for t in find_widgets(tab.pairings, ttk.Treeview)
               if "unit" in displayed(t)]
    assert heading == ["村（社区）"]


def test_the_roster_shows_party_members_courtyards_and_grid_workers_without_scrolling(maximised,
                                                                                      window):
    """党员 was off the screen and 网格员 and 所属院落网格 were cut (issue 12)."""
    from dongan_desk.ledgers.roster.tab import RosterTab
    tab = window.show_tab(RosterTab)
    window.update()
    for key in ("name", "id_number", "party", "grid"):
        assert cell_in_view(tab.people, key), key
    village = next(iid for iid in tab.tree.get_children(tab.tree.get_children()[0]))
    assert cell_in_view(tab.tree, "workers") and tab.tree.bbox(village, "workers")


def click_heading(tree: ttk.Treeview, key: str) -> None:
    """Press and release the mouse on a column's heading, where the clerk would."""
    x = 4 - int(tree.xview()[0] * sum(int(tree.column(k, "width")) for k in displayed(tree)))
    for column in displayed(tree):
        if column == key:
            break
        x += int(tree.column(column, "width"))
    assert tree.identify_region(x + 6, 6) == "heading"
    tree.event_generate("<ButtonPress-1>", x=x + 6, y=6)
    tree.event_generate("<ButtonRelease-1>", x=x + 6, y=6)
    tree.update()


def test_a_click_on_a_heading_orders_the_frozen_names_with_their_rows(maximised, window):
    from dongan_desk.ledgers.mediation.tab import MediationTab
    tab = window.show_tab(MediationTab)
    tab.pages.select(tab.deadlines)
    window.update()
    tree = tab.deadlines.tree
    twin = tree.twin
    assert len(tree.get_children()) > 3

    def rows():
        assert twin.get_children() == tree.get_children()
        return [(twin.set(i, "number"), tree.set(i, "number"), tree.set(i, "due"))
                for i in tree.get_children()]

    click_heading(tree, "due")
    listed = rows()
    assert all(shown == held for shown, held, _ in listed)  # each name beside its own row
    assert [due for *_, due in listed] == sorted(due for *_, due in listed)
    assert tree.heading("due", "text").endswith("▲")
    click_heading(twin, "number")  # a frozen column's heading sorts the whole list too
    click_heading(twin, "number")
    numbers = [held for _, held, _ in rows()]
    assert twin.heading("number", "text").endswith("▼")
    parts = [re.fullmatch(r"（(\d+)）(.+)第(\d+)号", number).groups() for number in numbers]
    keys = [(int(year), village, int(n)) for year, village, n in parts]
    assert keys == sorted(keys, reverse=True)  # by year, village, then 第10号 after 第9号
    tab.deadlines.refresh()  # the tab fills the list again: the order holds
    window.update()
    assert [held for _, held, _ in rows()] == numbers


def test_a_value_that_reads_as_a_number_is_measured_as_it_is_shown(root):
    """``Treeview.item(iid)`` gives "0010091" back as 10091: the 户编号 of the 村规民约's
    发放到户 page (a frozen column) was sized for the shorter number and cut."""
    from dongan_desk.ui.lists import ListView
    view = ListView(root, (("no", "户编号", 40), ("name", "户主", 60)), frozen=1)
    view.pack()
    try:
        view.tree.insert("", "end", values=("0010091000", "王一"))
        view.fit()
        root.update()
        twin = view.tree.twin
        assert twin.set(twin.get_children()[0], "no") == "0010091000"
        assert narrow_columns(twin) == [] and narrow_columns(view.tree) == []
    finally:
        view.destroy()


def test_a_list_given_the_room_it_asks_for_does_not_scroll_sideways(root):
    """Each Treeview draws its frame inside its width: a list asking for its columns alone
    scrolled by a few pixels (the 村规民约's 版本 and 院落式网格 lists showed a scrollbar)."""
    from dongan_desk.ui.lists import ListView
    frame = ttk.Frame(root)
    frame.pack()
    try:
        views = [ListView(frame, (("grid", "院落式网格", 100), ("households", "在册户", 55),
                                  ("missing", "未发放", 55)), frozen=frozen, height=4) for frozen in (0, 1)]
        for view in views:
            view.pack(side="left", fill="y")
            view.tree.insert("", "end", values=("岩口梁院子", 20, 5))
            view.fit()
        root.update()
        for view in views:
            assert view.tree.xview() == (0.0, 1.0) and not view.xscroll.winfo_ismapped()
            assert narrow_columns(view.tree) == []
    finally:
        frame.destroy()
