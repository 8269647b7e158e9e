"""帮助: the 使用说明 as a printable PDF, and F1's small window with one part of it.

F1 opens a window at the part of the tab in front rather than the PDF at a bookmark: how to
open a PDF at a named destination differs from viewer to viewer (Acrobat, WPS, Edge, SumatraPDF
each want their own command line, and ``os.startfile`` passes none), so a PDF would open at its
first page on most office PCs. The window shows the part at once, lists the other parts, and
opens the whole PDF (whose outline has a bookmark per part) with one button."""
from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont
from pathlib import Path

import ttkbootstrap as ttk

from ..documents import manual_text
from . import files

HELP_WINDOW_ATTRIBUTE = "_dongan_help_window"


def print_manual(parent: tk.Misc, data_dir: Path) -> Path | None:
    """The whole 使用说明 made afresh in ``exports/`` and opened in the PDF viewer."""
    from ..documents.manual import FILE_NAME, write_manual  # reportlab: only when asked for
    folder = data_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return files.print_document(parent, lambda target: write_manual(target), folder, FILE_NAME)


def show_help(parent: tk.Misc, data_dir: Path, part: str | None) -> "HelpWindow":
    """The help window at ``part`` (a tab's title or a topic); one window, brought forward."""
    top = parent.winfo_toplevel()
    window = getattr(top, HELP_WINDOW_ATTRIBUTE, None)
    if window is None or not window.winfo_exists():
        window = HelpWindow(top, data_dir)
        setattr(top, HELP_WINDOW_ATTRIBUTE, window)
    window.show(part)
    window.deiconify()
    window.lift()
    window.focus_set()
    return window


class HelpWindow(ttk.Toplevel):
    def __init__(self, master: tk.Misc, data_dir: Path):
        width = min(940, master.winfo_screenwidth() - 60)
        height = min(600, master.winfo_screenheight() - 120)
        super().__init__(title="使用说明", master=master, size=(width, height), minsize=(640, 400))
        self.data_dir = data_dir
        self.part: manual_text.Part | None = None
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        buttons = ttk.Frame(body)
        buttons.pack(side="bottom", fill="x", pady=(8, 0))
        ttk.Button(buttons, text="关闭", bootstyle="secondary", command=self.destroy).pack(side="right")
        self.pdf_button = ttk.Button(buttons, text="打开整本使用说明（PDF，可打印）", bootstyle="primary",
                                     command=lambda: print_manual(self, self.data_dir))
        self.pdf_button.pack(side="right", padx=6)
        ttk.Label(buttons, text="在任何一页按 F1 都会打开这一页的说明。", bootstyle="secondary").pack(side="left")
        panes = ttk.Panedwindow(body, orient="horizontal")
        panes.pack(fill="both", expand=True)
        self.parts = ttk.Treeview(panes, show="tree", selectmode="browse")
        self.parts.column("#0", width=170)
        for index, part in enumerate(manual_text.PARTS):
            self.parts.insert("", "end", iid=str(index), text=f"{index + 1}. {part.title}")
        self.parts.bind("<<TreeviewSelect>>", lambda e: self._selected())
        panes.add(self.parts, weight=1)
        reading = ttk.Frame(panes)
        base = tkfont.nametofont("TkDefaultFont", root=self)
        size = max(10, int(base.cget("size")) + 1)
        family = base.cget("family")
        self.text = tk.Text(reading, wrap="char", relief="flat", padx=12, pady=8, font=(family, size),
                            spacing1=2, spacing3=4, cursor="arrow")
        scroll = ttk.Scrollbar(reading, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=scroll.set)
        self.text.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        self.text.tag_configure("title", font=(family, size + 5, "bold"), spacing3=6)
        self.text.tag_configure("summary", foreground="#555555", spacing3=8)
        self.text.tag_configure("heading", font=(family, size + 1, "bold"), spacing1=10)
        self.text.tag_configure("bullet", lmargin1=8, lmargin2=26)
        self.text.tag_configure("body", lmargin1=size * 2)
        panes.add(reading, weight=4)
        self.bind("<Escape>", lambda e: self.destroy())
        self.bind("<F1>", lambda e: "break")  # already open
        self.place_window_center()

    def show(self, title: str | None) -> manual_text.Part:
        """Show the part of that title; an unknown title shows the first part."""
        part = manual_text.part_titled(title) or manual_text.PARTS[0]
        index = manual_text.PARTS.index(part)
        if self.parts.selection() != (str(index),):
            self.parts.selection_set(str(index))
            self.parts.see(str(index))
        self._render(part)
        return part

    def _selected(self) -> None:
        chosen = self.parts.selection()
        if chosen:
            self._render(manual_text.PARTS[int(chosen[0])])

    def _render(self, part: manual_text.Part) -> None:
        if part is self.part:
            return
        self.part = part
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        self.text.insert("end", part.title + "\n", "title")
        lines = manual_text.part_text(part).split("\n")
        self.text.insert("end", lines[0] + "\n", "summary")
        for line in lines[1:]:
            if line.startswith("【") and line.endswith("】"):
                self.text.insert("end", line[1:-1] + "\n", "heading")
            elif line.startswith("· "):
                self.text.insert("end", "• " + line[2:] + "\n", "bullet")
            elif line:
                self.text.insert("end", line + "\n", "body")
        self.text.configure(state="disabled")
        self.text.yview_moveto(0)
        self.title(f"使用说明 — {part.title}")

    def shown_text(self) -> str:
        return self.text.get("1.0", "end-1c")
