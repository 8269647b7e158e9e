"""Where the window opens: maximised the first time, then as the clerk left it on this PC (size,
position, maximised or not), as long as that still fits the screen — a window remembered from a
bigger monitor opens maximised instead.

Kept per PC in the database's local table (``units.get_local_value``, key ``window_geometry``):
``{"width", "height", "x", "y", "maximised"}``, the size and position being those of the
window when not maximised. On Windows (and macOS) maximised is ``wm state zoomed``; on X11 the
``-zoomed`` attribute asks the window manager, and without one (Xvfb) the window is given the
whole screen below its menu bar."""
from __future__ import annotations

import json
import logging
import re
import sys
import tkinter as tk
from dataclasses import asdict, dataclass

log = logging.getLogger(__name__)
KEY = "window_geometry"
DEFAULT_SIZE = (1280, 720)  # the window un-maximised the first time, if the screen has room
EDGE = 16  # Windows puts a snapped window's invisible border a few pixels past the screen's edge
GEOMETRY = re.compile(r"^(\d+)x(\d+)([+-]-?\d+)([+-]-?\d+)$")


@dataclass
class Placement:
    width: int
    height: int
    x: int
    y: int
    maximised: bool


def _zoom_by_state() -> bool:
    return sys.platform.startswith("win") or sys.platform == "darwin"


def has_window_manager(root: tk.Misc) -> bool:
    """On X11: whether a window manager framed the window (Xvfb in the tests has none)."""
    try:
        frame = int(str(root.wm_frame()), 16)
        if not frame:  # not drawn yet: draw it (a withdrawn window stays unknown)
            root.update_idletasks()
            frame = int(str(root.wm_frame()), 16)
        return bool(frame) and frame != root.winfo_id()
    except (ValueError, tk.TclError):
        return False


def is_maximised(root: tk.Misc) -> bool:
    if _zoom_by_state():
        return root.state() == "zoomed"
    if has_window_manager(root):
        return bool(root.attributes("-zoomed"))
    # Without a window manager -zoomed is only a wish: maximised is the window still filling
    # the screen as ``maximise`` left it.
    return bool(getattr(root, "_dongan_filled", False)) and (
        root.winfo_width() >= root.winfo_screenwidth() - 2
        and root.winfo_rooty() + root.winfo_height() >= root.winfo_screenheight() - 2)


def maximise(root: tk.Misc) -> None:
    """The window maximised: the whole screen less the taskbar (the window manager's say)."""
    if _zoom_by_state():
        root.state("zoomed")
        return
    root.attributes("-zoomed", True)
    root._dongan_filled = True
    if not has_window_manager(root):
        fill_screen(root)
        if not getattr(root, "_dongan_refills", False):  # a menu bar added later: fill again
            root.bind("<Configure>", lambda e: e.widget is root and _refill(root), add="+")
            root._dongan_refills = True


def _refill(root: tk.Misc) -> None:
    if getattr(root, "_dongan_filled", False) and not has_window_manager(root) and (
            root.winfo_rooty() + root.winfo_height() != root.winfo_screenheight()):
        root.after_idle(lambda: root.winfo_exists() and getattr(root, "_dongan_filled", False)
                        and fill_screen(root))


def fill_screen(root: tk.Misc) -> None:
    """Without a window manager: the whole screen under the menu bar (again when a menu bar
    comes or goes: the main window adds one after the first-start setup)."""
    root.geometry("+0+0")
    root.update_idletasks()
    top = max(0, root.winfo_rooty())
    wanted = f"{root.winfo_screenwidth()}x{root.winfo_screenheight() - top}+0+0"
    if root.geometry() != wanted:
        root.geometry(wanted)
        root.update_idletasks()


def fits(root: tk.Misc, placement: Placement) -> bool:
    """Whether a remembered size and position still lie on this screen (and are a usable size)."""
    screen_w, screen_h = root.winfo_screenwidth(), root.winfo_screenheight()
    min_w, min_h = root.minsize()
    return (min(min_w, screen_w) <= placement.width <= screen_w
            and min(min_h, screen_h) <= placement.height <= screen_h
            and -EDGE <= placement.x <= screen_w - placement.width + EDGE
            and -EDGE <= placement.y <= screen_h - placement.height + EDGE)


def remembered() -> Placement | None:
    from .. import units
    try:
        text = units.get_local_value(KEY)
    except Exception as exc:  # noqa: BLE001 - no database yet, or an older one: open maximised
        log.warning("窗口位置读不出来：%s", exc)
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
        return Placement(int(data["width"]), int(data["height"]), int(data["x"]), int(data["y"]),
                         bool(data.get("maximised")))
    except (ValueError, KeyError, TypeError):
        return None


def normal_size(root: tk.Misc) -> Placement:
    """The first start's un-maximised size: 1280×720 in the middle, or less on a small screen."""
    screen_w, screen_h = root.winfo_screenwidth(), root.winfo_screenheight()
    width, height = min(DEFAULT_SIZE[0], screen_w - 40), min(DEFAULT_SIZE[1], screen_h - 100)
    return Placement(width, height, max(0, (screen_w - width) // 2), max(0, (screen_h - height) // 3),
                     True)


def place(root: tk.Misc) -> Placement:
    """Open as remembered when that fits the screen, else maximised; returns what was done.
    Call it once the database is open and the window is shown (Windows zooms a mapped window)."""
    chosen = remembered()
    if chosen is None or not fits(root, chosen):
        chosen = normal_size(root)  # maximised, coming back to this size when un-maximised
    show_at(root, chosen)
    if chosen.maximised:
        maximise(root)
    track(root)
    return chosen


def show_at(root: tk.Misc, where: Placement) -> None:
    """The window un-maximised at this size and position."""
    if _zoom_by_state():
        if root.state() == "zoomed":
            root.state("normal")
    else:
        root.attributes("-zoomed", False)
    root._dongan_normal, root._dongan_filled = where, False
    root.geometry(f"{where.width}x{where.height}+{where.x}+{where.y}")
    root.update_idletasks()


def track(root: tk.Misc) -> None:
    """Follow the un-maximised size and position while the window moves (a maximised window's
    own geometry is the screen's, not the one to come back to)."""
    def moved(event) -> None:
        if event.widget is not root or is_maximised(root):
            return
        current = current_geometry(root)
        if current is not None and root.state() == "normal":
            root._dongan_normal = current
    if not getattr(root, "_dongan_tracked", False):
        root.bind("<Configure>", moved, add="+")
        root._dongan_tracked = True


def current_geometry(root: tk.Misc) -> Placement | None:
    match = GEOMETRY.match(root.geometry())
    if not match:
        return None
    width, height, x, y = (int(g.replace("+", "")) for g in match.groups())
    return Placement(width, height, x, y, False)


def remember(root: tk.Misc) -> Placement | None:
    """Keep the window's size, position and maximised state for the next start on this PC."""
    from .. import units
    try:
        maximised = is_maximised(root)
        normal = getattr(root, "_dongan_normal", None) if maximised else current_geometry(root)
        normal = normal or current_geometry(root)
        if normal is None:
            return None
        kept = Placement(normal.width, normal.height, normal.x, normal.y, maximised)
        units.set_local_value(KEY, asdict(kept))
        return kept
    except Exception:  # noqa: BLE001 - closing the window must never fail over this
        log.exception("窗口位置没有记下")
        return None
