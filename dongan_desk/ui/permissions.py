"""Who may write, as the tabs show it: a role without EDIT (查看员) sees every write button
(新增、编辑、删除、登记、注销、调解、导入 …) greyed out, and Ctrl+N or the Delete key tell it why
instead of opening a form it cannot save.

One mechanism for every tab: a tab marks each write control with ``write_action`` when it builds
it (with the permission it needs, when not EDIT: an import of 报送包 EXPORT, the village list
SETTINGS), computes the state of the ones it enables and disables itself (another unit's records are
read-only too) with ``write_state``, and calls ``apply_role(self)`` at the end of building. The
domain refuses a write by such a role anyway (``units.ensure_writable``, the audit watcher): this
only keeps the screen from offering what would be refused. A record's form opened from its list
(a double-click) opens read-only for such a role: ``FormDialog`` does that itself. A change of account builds the window
anew (its tabs are built for the account that logged in); ``apply_role(window)`` may also be
called on any widget tree after a login.
"""
from __future__ import annotations

import tkinter as tk
from typing import Iterable, TypeVar

from ..store import session
from . import messages

MARK = "dongan_write_action"  # the attribute a write control carries: the permission it needs
W = TypeVar("W", bound=tk.Misc)


def may_edit() -> bool:
    """Whether the account at the keyboard may enter, change and delete ledger records."""
    return session.can(session.EDIT)


def write_action(widget: W, permission: str = session.EDIT) -> W:
    """Mark a control as a write action needing ``permission`` (and grey it out now for a role
    that lacks it)."""
    setattr(widget, MARK, permission)
    if not session.can(permission):
        widget.configure(state="disabled")
    return widget


def write_actions(widgets: Iterable[W], permission: str = session.EDIT) -> list[W]:
    return [write_action(widget, permission) for widget in widgets]


def needed_permission(widget: tk.Misc) -> str | None:
    """The permission a marked control needs; None for one that is not a write action."""
    return getattr(widget, MARK, None)


def write_state(writable: bool = True, permission: str = session.EDIT) -> str:
    """The state of a write control that would be usable when ``writable``: "disabled" whenever
    the role lacks ``permission``."""
    return "normal" if writable and session.can(permission) else "disabled"


def set_writable(widgets: Iterable[tk.Misc], writable: bool = True,
                 permission: str = session.EDIT) -> None:
    state = write_state(writable, permission)
    for widget in widgets:
        widget.configure(state=state)


def apply_role(tree: tk.Misc) -> int:
    """Grey out every write control under ``tree`` whose permission the role lacks; the number
    greyed out. (The ones it may use are left as the tab set them.)"""
    count = 0
    stack = [tree]
    while stack:
        widget = stack.pop()
        permission = needed_permission(widget)
        if permission is not None and not session.can(permission):
            widget.configure(state="disabled")
            count += 1
        stack.extend(widget.winfo_children())
    return count


def read_only_note() -> str:
    """What a tab says above its lists for a role that may only read ("" for one that writes)."""
    if may_edit():
        return ""
    return f"只读：{session.current().role_label}只能查看和打印"


def refused(parent: tk.Misc) -> bool:
    """For a keyboard shortcut of a write action (Ctrl+N, Delete): True, having said why, when
    the role may not write."""
    if may_edit():
        return False
    role = session.current().role_label
    messages.show_info(parent, session.REFUSALS[session.EDIT].format(role=role), title="只能查看")
    return True
