"""Long work (an export, an import) off the Tk thread, so the window keeps drawing and its
progress bar moves.

Two rules make this safe. The worker never touches Tk; its result comes back through ``after``
polling. And the cyclic garbage collector is paused while any worker runs: a collection inside
the worker could free a Tk object there (``Variable.__del__``), which blocks on the Tk thread
(see LIBRARY-NOTES). Reference counting still frees everything else as usual. The worker gets
its own SQLite connection (peewee keeps one per thread; WAL lets the window read meanwhile)."""
from __future__ import annotations

import gc
import logging
import threading
import tkinter as tk
from typing import Any, Callable

from ..store.database import db

log = logging.getLogger(__name__)
POLL_MS = 40
_running: set[threading.Thread] = set()
_gc_was_enabled = True


def run_in_background(widget: tk.Misc, work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> threading.Thread:
    global _gc_was_enabled
    if not _running:
        _gc_was_enabled = gc.isenabled()
        gc.disable()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            with db.connection_context():
                outcome["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the Tk thread to report
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="东安台账后台任务", daemon=True)
    _running.add(thread)
    thread.start()

    def poll() -> None:
        if thread.is_alive():
            widget.after(POLL_MS, poll)
            return
        _finished(thread)
        if not widget.winfo_exists():
            return
        if "error" in outcome:
            on_error(outcome["error"])
        else:
            on_done(outcome.get("result"))

    widget.after(POLL_MS, poll)
    return thread


def _finished(thread: threading.Thread) -> None:
    _running.discard(thread)
    if not _running and _gc_was_enabled:
        gc.enable()


def busy() -> bool:
    return bool(_running)
