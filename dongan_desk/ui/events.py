"""How tabs tell each other about changes without holding references to each other: a virtual
event on the root window, fanned out to the widgets that listen. Listeners die with their widget
(tkinter's ``unbind(seq, funcid)`` drops every binding of the sequence, so we never unbind)."""
from __future__ import annotations

import tkinter as tk
from typing import Callable

DATA_CHANGED = "<<DataChanged>>"


def listen(root: tk.Misc, sequence: str, widget: tk.Misc, callback: Callable[[], None]) -> None:
    registry: dict[str, list] = root.__dict__.setdefault("_dongan_listeners", {})
    if sequence not in registry:
        registry[sequence] = []

        def dispatch(_event=None, listeners=registry[sequence]):
            for owner, handler in list(listeners):
                if owner.winfo_exists():
                    handler()
                else:
                    listeners.remove((owner, handler))

        root.bind(sequence, dispatch, add="+")
    registry[sequence].append((widget, callback))


def announce(root: tk.Misc, sequence: str = DATA_CHANGED) -> None:
    root.event_generate(sequence, when="tail")
