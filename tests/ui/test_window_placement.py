"""Where the window opens (issue 12): maximised the first time, then as the clerk left it on this
PC — size, position, maximised or not — kept in the database's local table, and maximised again
when the remembered size no longer fits the screen."""
import json

import pytest

from dongan_desk import units
from dongan_desk.ui import placement
from dongan_desk.ui.app import MainWindow


@pytest.fixture
def window(root, village, tmp_path, monkeypatch):
    main = MainWindow(root, tmp_path)
    main.pack(fill="both", expand=True)
    monkeypatch.setattr(root, "destroy", lambda: None)  # closing keeps the session's one window
    root.update()
    yield main
    placement.maximise(root)  # the next tests find the window as the program opens it
    root.update()


def fills_the_screen(root) -> bool:
    root.update()
    return (root.winfo_rootx() == 0 and root.winfo_width() == root.winfo_screenwidth()
            and root.winfo_rooty() + root.winfo_height() == root.winfo_screenheight())


def remembered() -> dict:
    return json.loads(units.get_local_value(placement.KEY))


def test_the_first_start_opens_maximised(root, window):
    placement.show_at(root, placement.Placement(900, 600, 10, 10, False))
    assert not fills_the_screen(root)
    assert units.get_local_value(placement.KEY) is None  # nothing kept on this PC yet
    chosen = placement.place(root)
    assert chosen.maximised and placement.is_maximised(root)
    assert fills_the_screen(root), "the whole 1366×768 screen, the status bar on it"
    status = window.status
    assert status.winfo_rooty() + status.winfo_height() <= root.winfo_screenheight()


def test_the_window_comes_back_where_and_as_large_as_it_was_left(root, window):
    placement.place(root)
    placement.show_at(root, placement.Placement(1000, 600, 40, 30, False))
    root.update()
    assert window.close()
    assert remembered() == {"width": 1000, "height": 600, "x": 40, "y": 30, "maximised": False}
    placement.maximise(root)
    placement.place(root)  # the next start
    root.update()
    assert not placement.is_maximised(root)
    assert (root.winfo_width(), root.winfo_height()) == (1000, 600)
    assert root.geometry() == "1000x600+40+30"


def test_a_maximised_window_is_remembered_maximised(root, window):
    placement.place(root)
    assert window.close()
    kept = remembered()
    assert kept["maximised"] is True
    assert kept["width"] <= root.winfo_screenwidth() and kept["height"] <= root.winfo_screenheight()
    placement.show_at(root, placement.Placement(900, 600, 10, 10, False))
    placement.place(root)
    assert placement.is_maximised(root) and fills_the_screen(root)


@pytest.mark.parametrize("left", [
    {"width": 1900, "height": 1000, "x": 0, "y": 0, "maximised": False},   # a bigger monitor's
    {"width": 1000, "height": 600, "x": 1200, "y": 0, "maximised": False},  # off the right edge
    {"width": 1000, "height": 600, "x": 20, "y": -400, "maximised": False},  # above the top
])
def test_a_remembered_window_that_no_longer_fits_the_screen_opens_maximised(root, window, left):
    units.set_local_value(placement.KEY, left)
    placement.show_at(root, placement.Placement(900, 600, 10, 10, False))
    placement.place(root)
    assert placement.is_maximised(root) and fills_the_screen(root)


def test_an_unreadable_memory_opens_maximised(root, window):
    units.set_local_value(placement.KEY, "not json {")
    placement.show_at(root, placement.Placement(900, 600, 10, 10, False))
    placement.place(root)
    assert placement.is_maximised(root) and fills_the_screen(root)
