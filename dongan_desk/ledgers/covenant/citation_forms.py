"""The picker the 四调 ladder's 村规民约调 step opens (DESIGN §3: the one place the mediation
ledger meets this one): the 条款 of the village's 现行 version, several may be chosen, and the
citation text for the step to keep."""
from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from ...ui import messages
from .citations import citation_text, current_clauses


class ClausePicker(ttk.Toplevel):
    def __init__(self, master: tk.Misc, unit_id: int):
        super().__init__(title="从现行村规民约选择条款", master=master)
        self.withdraw()
        self.transient(master.winfo_toplevel())
        self.unit_id, self.result = unit_id, None
        self.clauses = current_clauses(unit_id)
        frame = ttk.Frame(self, padding=10)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text="选中调解所依据的条款（可按住 Ctrl 多选），点“引用”：").pack(anchor="w")
        ttk.Label(frame, text="查找：").pack(anchor="w", pady=(4, 0))
        self.search = ttk.Entry(frame, width=30)
        self.search.pack(anchor="w")
        self.search.bind("<KeyRelease>", lambda e: self.fill())
        body = ttk.Frame(frame)
        body.pack(fill="both", expand=True, pady=4)
        self.listbox = tk.Listbox(body, selectmode="extended", width=90, height=18, exportselection=False)
        scroll = ttk.Scrollbar(body, command=self.listbox.yview)
        self.listbox.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.listbox.pack(side="left", fill="both", expand=True)
        self.listbox.bind("<Double-1>", lambda e: self.choose())
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x")
        ttk.Button(buttons, text="引用", command=self.choose, bootstyle="primary").pack(side="right")
        ttk.Button(buttons, text="取消", command=self.destroy, bootstyle="secondary").pack(side="right", padx=6)
        self.bind("<Escape>", lambda e: self.destroy())
        self.shown: list = []
        self.fill()
        self.deiconify()
        self.grab_set()

    def fill(self) -> None:
        word = self.search.get().strip()
        self.shown = [c for c in self.clauses if not word or word in c.text or word in c.chapter]
        self.listbox.delete(0, "end")
        for clause in self.shown:
            self.listbox.insert("end", f"{clause.chapter}　{clause.label}")

    def choose(self) -> None:
        chosen = [self.shown[i].number for i in self.listbox.curselection()]
        if not chosen:
            messages.show_info(self, "请先选中至少一条。")
            return
        self.result = citation_text(self.unit_id, chosen)
        self.grab_release()
        self.destroy()


def pick_clauses(master: tk.Misc, unit_id: int) -> str | None:
    """The citation of the 条款 the clerk picks from the 现行 村规民约, or None (cancelled, or the
    village has none: then it says so and the clerk writes the basis by hand)."""
    if not current_clauses(unit_id):
        messages.show_info(master, "本村（社区）还没有现行村规民约（可在“村规民约”中起草并审定），请直接写明依据的条款。")
        return None
    picker = ClausePicker(master, unit_id)
    master.wait_window(picker)
    return picker.result
