"""Driving the real window in tests: find widgets, fill modal dialogs, type."""
from __future__ import annotations

import tkinter as tk
from typing import Callable


def find_widgets(widget: tk.Misc, cls: type) -> list:
    found = [widget] if isinstance(widget, cls) else []
    for child in widget.winfo_children():
        found.extend(find_widgets(child, cls))
    return found


def run_with_dialogs(root: tk.Misc, action: Callable, *steps: tuple[type, Callable]) -> list:
    """Start ``action`` (which opens modal dialogs and waits for them) and, as each dialog of the
    given classes comes up in turn, ``fill(dialog)`` it: type into its widgets and press its
    buttons. Returns the error line of every dialog that stayed open after its fill (a refused
    save); those are cancelled so the action can return."""
    refused: list[str] = []
    queue = list(steps)

    def drive():
        if not queue:
            return
        dialog_cls, fill = queue[0]
        dialogs = [d for d in find_widgets(root, dialog_cls) if d.winfo_viewable()]
        if not dialogs:
            root.after(20, drive)
            return
        queue.pop(0)
        dialog = dialogs[-1]
        fill(dialog)
        if dialog.winfo_exists():
            refused.append(dialog.error_label.cget("text"))
            dialog.cancel()
        root.after(20, drive)

    root.after(20, drive)
    action()
    root.update()
    assert not queue, f"these dialogs never opened: {[c.__name__ for c, _ in queue]}"
    return refused


def type_into(entry: tk.Widget, text: str) -> None:
    if isinstance(entry, tk.Text):
        entry.delete("1.0", "end")
        entry.insert("1.0", text)
    else:
        entry.delete(0, "end")
        entry.insert(0, text)


def wait_until(root: tk.Misc, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Pump Tk events until ``condition()`` holds (background work reports through ``after``)."""
    import time
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the window")
        root.update()
        time.sleep(0.01)


def main_window(root: tk.Misc, data_dir):
    """The program's main window in the session's root, drawn, on the database already open."""
    from dongan_desk.ui.app import MainWindow
    main = MainWindow(root, data_dir)
    main.pack(fill="both", expand=True)
    root.update()
    return main


def double_click(tree, iid: str) -> None:
    """Two clicks on a list's row, as a hand gives them (Tk makes them one <Double-1>)."""
    tree.see(iid)
    tree.update()
    x, y, _width, height = tree.bbox(iid)
    for _ in range(2):
        tree.event_generate("<ButtonPress-1>", x=x + 5, y=y + height // 2)
        tree.event_generate("<ButtonRelease-1>", x=x + 5, y=y + height // 2)
