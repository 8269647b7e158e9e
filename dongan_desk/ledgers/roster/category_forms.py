"""Editing the unit's 困难群体 / 特殊群体 lists (they are data, not fixed in the forms): add, retire,
and mark a category 敏感 (a 查看员 sees it masked, ``sensitive.py``). A 设置: a role without
SETTINGS sees the lists, every control greyed out."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from . import rules as roster
from ... import units
from ...errors import ValidationError
from .queries import categories_of
from .sensitive import MASK, MASK_NOTE, may_see, sensitive_names
from ...store import session
from ...store.models import CATEGORY_GROUPS, Category, Resident
from ...ui import messages
from ...ui.widgets import FormDialog

SENSITIVE_HINT = (f"勾选“{Category.label('sensitive')}”的类别，查看员在名单、表单和打印件上只看到“{MASK}”，"
                  "也不能按它查找；管理员、录入员打开这些人的信息会记入审计记录。")


class CategoriesDialog(ttk.Toplevel):
    def __init__(self, master: tk.Misc, context):
        super().__init__(title="困难群体 / 特殊群体类别", master=master)
        self.transient(master.winfo_toplevel())
        self.context = context
        self.unit = units.home_unit()
        self.may_change = session.can(session.SETTINGS)
        self.lists: dict[str, ttk.Frame] = {}
        self.entries: dict[str, ttk.Entry] = {}
        self.sensitive_vars: dict[int, tk.BooleanVar] = {}
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        for column, (group, label) in enumerate(CATEGORY_GROUPS):
            frame = ttk.Labelframe(body, text=label, padding=6)
            frame.grid(row=0, column=column, sticky="nsew", padx=4)
            self.lists[group] = ttk.Frame(frame)
            self.lists[group].pack(fill="both", expand=True)
            row = ttk.Frame(frame)
            row.pack(fill="x", pady=(6, 0))
            entry = ttk.Entry(row, width=16)
            entry.pack(side="left")
            add = ttk.Button(row, text="新增", bootstyle="primary-outline",
                             command=lambda g=group: self.add(g))
            add.pack(side="left", padx=4)
            entry.bind("<Return>", lambda e, g=group: self.add(g))
            self.entries[group] = entry
            if not self.may_change:
                entry.configure(state="disabled")
                add.configure(state="disabled")
        notes = ["停用的类别不再出现在表单中，已登记的人员仍保留该类别。", SENSITIVE_HINT]
        if not self.may_change:
            notes.append(session.REFUSALS[session.SETTINGS])
        ttk.Label(body, text="\n".join(notes), bootstyle="secondary", wraplength=560,
                  justify="left").grid(row=1, column=0, columnspan=2, sticky="w", pady=6)
        ttk.Button(body, text="关闭", command=self.destroy).grid(row=2, column=1, sticky="e")
        self.bind("<Escape>", lambda e: self.destroy())
        self.reload()

    def reload(self) -> None:
        self.sensitive_vars.clear()
        for group, frame in self.lists.items():
            for child in frame.winfo_children():
                child.destroy()
            ttk.Label(frame, text=Category.label("name"), bootstyle="secondary").grid(
                row=0, column=0, sticky="w")
            ttk.Label(frame, text=Category.label("sensitive"), bootstyle="secondary").grid(
                row=0, column=1, sticky="w", padx=8)
            for n, category in enumerate(categories_of(self.unit.id, group), start=1):
                ttk.Label(frame, text=category.name, width=14).grid(row=n, column=0, sticky="w")
                var = tk.BooleanVar(value=category.sensitive)
                self.sensitive_vars[category.id] = var
                check = ttk.Checkbutton(frame, text="敏感", variable=var,
                                        command=lambda c=category: self.mark(c))
                check.grid(row=n, column=1, sticky="w", padx=8)
                retire = ttk.Button(frame, text="停用", bootstyle="danger-link",
                                    command=lambda c=category: self.retire(c))
                retire.grid(row=n, column=2, sticky="w")
                if not self.may_change:
                    check.configure(state="disabled")
                    retire.configure(state="disabled")

    def add(self, group: str) -> None:
        entry = self.entries[group]
        try:
            roster.save_category(self.unit, group, entry.get())
        except ValidationError as exc:
            messages.show_error(self, exc.message)
            return
        entry.delete(0, "end")
        self.reload()
        self.context.data_changed()

    def mark(self, category: Category) -> None:
        """The 敏感 box was clicked: save it, or put it back and say why not."""
        var = self.sensitive_vars[category.id]
        try:
            roster.set_category_sensitive(category, var.get())
        except ValidationError as exc:
            var.set(category.sensitive)
            messages.show_error(self, exc.message)
            return
        self.context.data_changed()

    def retire(self, category: Category) -> None:
        if messages.ask_yes_no(self, f"停用类别“{category.name}”吗？"):
            if messages.guarded(self, lambda: roster.retire_category(category)):
                self.reload()
                self.context.data_changed()


class CategoryBoxes:
    """The 困难群体 / 特殊群体 check boxes of the resident form, one row a group. A role that
    cannot see sensitive categories gets no box for them: one row 敏感类别 shows ``MASK`` when
    the person is in any (which, and how many, it is not told), and a save keeps them as they
    are (``sensitive.keep_hidden``)."""

    def __init__(self, form: FormDialog, frame: ttk.Frame, unit_id: int,
                 resident: Resident | None = None):
        self.vars: dict[int, tk.BooleanVar] = {}
        see = may_see()
        chosen = {link.category_id for link in resident.category_links} if resident else set()
        for group, label in CATEGORY_GROUPS:
            box = ttk.Frame(frame)
            shown = [c for c in categories_of(unit_id, group) if see or not c.sensitive]
            for index, category in enumerate(shown):
                var = tk.BooleanVar(value=category.id in chosen)
                self.vars[category.id] = var
                ttk.Checkbutton(box, text=category.name, variable=var).grid(
                    row=index // 4, column=index % 4, sticky="w", padx=(0, 8))
            if not shown:
                ttk.Label(box, text="（均为敏感类别）", bootstyle="secondary").grid(sticky="w")
            form.add_field(frame, group, label, box)
        self.masked: ttk.Label | None = None
        if not see:
            held = bool(resident is not None and sensitive_names(resident))
            self.masked = ttk.Label(frame, text=MASK if held else "（无）")
            form.add_field(frame, "sensitive", Category.label("sensitive"), self.masked,
                           hint=MASK_NOTE)

    def chosen(self) -> list[int]:
        return [cid for cid, var in self.vars.items() if var.get()]
