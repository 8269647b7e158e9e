"""设置 → 审计记录… (管理员 only): what was done on this PC, newest first, page by page from
SQL (``audit.search``), with its filters (text Ctrl+F, 账号, 操作, 起止日期); on top, whether the
hash chain is whole (checked in the background: a long trail takes a moment); 导出Excel… of
what the filters show (``exchange.audit_export.export_audit``)."""
from __future__ import annotations

import datetime as dt
import importlib
import logging
import tkinter as tk
from pathlib import Path
from types import SimpleNamespace

import ttkbootstrap as ttk

from .. import units
from ..errors import ValidationError
from ..store import audit, session
from ..store.database import db
from ..store.models.accounts import AUDIT_ACTIONS, AuditEntry
from . import files, messages
from .background import run_in_background
from .widgets import BusyWindow, PagedTable, date_entry, filter_box, read_date

log = logging.getLogger(__name__)

ALL_ACCOUNTS, ALL_ACTIONS = "全部账号", "全部操作"
SHOWN_CHANGES = 30  # characters of 改动 in the list (说明 stays in view); the whole of it below
COLUMNS = ("id", "at", "account", "action", "record_type", "record_name", "changes", "detail")
EXPORT_MODULE = "dongan_desk.exchange.audit_export"


def chain_text() -> tuple[str, bool]:
    """The chain check as one line (or the problems, one a line) and whether it is whole."""
    problems = audit.verify_chain()
    if problems:
        return "审计记录不完整，可能被人用别的工具改动或删除过：\n" + "\n".join(
            p.message for p in problems), False
    count = db.execute_sql("SELECT COUNT(*) FROM audit_entry").fetchone()[0]
    return f"审计记录完整，共 {count} 条", True


def _short(text: str) -> str:
    return text if len(text) <= SHOWN_CHANGES else text[:SHOWN_CHANGES - 1] + "…"


class AuditWindow(ttk.Toplevel):
    def __init__(self, window: tk.Misc):
        session.require(session.AUDIT)
        super().__init__(title="审计记录", master=window, size=(1180, 640), resizable=(True, True))
        self.transient(window.winfo_toplevel())
        self.window = window
        self.shown: dict = {"text": "", "account": "", "action": "", "since": None, "until": None}
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        self.chain_label = ttk.Label(body, text="正在检查审计记录是否完整……", bootstyle="secondary",
                                     font=("", 11, "bold"), justify="left", wraplength=1100)
        self.chain_label.pack(anchor="w", pady=(0, 8))
        self._filters(body)
        self.filter_message = ttk.Label(body, text="", bootstyle="danger")
        self.filter_message.pack(anchor="w")
        columns = [(key, AuditEntry._meta.fields[key].verbose_name, 80) for key in COLUMNS]
        self.table = PagedTable(body, columns, self._fetch, self._values, lambda e: e.id,
                                unit_word="条", frozen=1, height=14, stretch="detail")
        self.table.pack(fill="both", expand=True)
        self.table.tree.bind("<<TreeviewSelect>>", lambda e: self._show_selected())
        self.detail = tk.Text(body, height=4, wrap="word", state="disabled")
        self.detail.pack(fill="x", pady=(6, 0))
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        self.export_button = ttk.Button(buttons, text="导出Excel…", command=self.export,
                                        bootstyle="primary-outline")
        self.export_button.pack(side="left")
        ttk.Label(buttons, text="导出的是按上面的条件查到的全部记录。", bootstyle="secondary").pack(
            side="left", padx=8)
        ttk.Button(buttons, text="关闭", command=self.destroy, bootstyle="secondary").pack(
            side="right")
        self.bind("<Control-f>", lambda e: self.on_find() or "break")
        self.bind("<Escape>", lambda e: self.destroy())
        self.table.reload()
        self._show_selected()
        self.check_chain()

    def _filters(self, body: ttk.Frame) -> None:
        row = ttk.Frame(body)
        row.pack(fill="x")
        ttk.Label(row, text="查找：").pack(side="left")
        self.search_entry = ttk.Entry(row, width=18)
        self.search_entry.pack(side="left", padx=(0, 10))
        self.search_entry.bind("<Return>", lambda e: self.reload())
        names = [r[0] for r in db.execute_sql(
            "SELECT DISTINCT account FROM audit_entry ORDER BY account").fetchall()]
        ttk.Label(row, text=AuditEntry.account.verbose_name + "：").pack(side="left")
        self.account_box = filter_box(row, [ALL_ACCOUNTS, *names], self.reload, width=12)
        self.account_box.pack(side="left", padx=(0, 10))
        ttk.Label(row, text=AuditEntry.action.verbose_name + "：").pack(side="left")
        self.action_box = filter_box(row, [ALL_ACTIONS, *(label for _, label in AUDIT_ACTIONS)],
                                     self.reload, width=14)
        self.action_box.pack(side="left", padx=(0, 10))
        ttk.Label(row, text="从").pack(side="left")
        self.since_entry = self._date(row)
        ttk.Label(row, text="到").pack(side="left")
        self.until_entry = self._date(row)
        ttk.Button(row, text="查询", command=self.reload, bootstyle="primary").pack(
            side="left", padx=(8, 4))
        ttk.Button(row, text="清除条件", command=self.clear, bootstyle="secondary-outline").pack(
            side="left")

    @staticmethod
    def _date(row: ttk.Frame) -> ttk.DateEntry:
        box = date_entry(row)
        box.entry.configure(width=11)  # YYYY-MM-DD and no more: the row fits a 1366 px screen
        box.pack(side="left", padx=4)
        return box

    # -- the list -----------------------------------------------------------------------
    def conditions(self) -> dict:
        """The filters as ``audit.search`` takes them; a date that cannot be read raises."""
        account = self.account_box.get()
        action = self.action_box.current()
        return {"text": self.search_entry.get(),
                "account": "" if account == ALL_ACCOUNTS else account,
                "action": AUDIT_ACTIONS[action - 1][0] if action > 0 else "",
                "since": read_date(self.since_entry, "开始日期"),
                "until": read_date(self.until_entry, "结束日期")}

    def _fetch(self, offset: int, limit: int) -> SimpleNamespace:
        rows, total = audit.search(**self.shown, offset=offset, limit=limit)
        return SimpleNamespace(rows=rows, total=total)

    @staticmethod
    def _values(entry: AuditEntry) -> tuple:
        return (entry.id, entry.at.strftime("%Y-%m-%d %H:%M:%S") if entry.at else "", entry.account,
                audit.action_label(entry.action), entry.record_type, entry.record_name,
                _short(audit.changes_text(entry)), entry.detail)

    def reload(self) -> None:
        try:
            self.shown = self.conditions()
        except ValidationError as exc:
            self.filter_message.configure(text=exc.message)
            return
        self.filter_message.configure(text="")
        self.table.reload()
        self._show_selected()

    def clear(self) -> None:
        for entry in (self.search_entry, self.since_entry.entry, self.until_entry.entry):
            entry.delete(0, "end")
        self.account_box.current(0)
        self.action_box.current(0)
        self.reload()

    def on_find(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    def _show_selected(self) -> None:
        entry = self.table.selected()
        text = "" if entry is None else "\n".join(
            part for part in (f"第 {entry.id} 条  {entry.at:%Y-%m-%d %H:%M:%S}  {entry.account}  "
                              f"{audit.action_label(entry.action)}  {entry.record_type} {entry.record_name}",
                              audit.changes_text(entry).replace("；", "\n"), entry.detail) if part)
        self.detail.configure(state="normal")
        self.detail.delete("1.0", "end")
        self.detail.insert("1.0", text or "选中一条记录，在这里看它的全部改动。")
        self.detail.configure(state="disabled")

    # -- the chain ----------------------------------------------------------------------
    def check_chain(self) -> None:
        def done(result: tuple[str, bool]) -> None:
            text, whole = result
            self.chain_label.configure(text=text, bootstyle="success" if whole else "danger")

        def failed(exc: BaseException) -> None:
            log.error("检查审计记录出错：%s", exc)
            self.chain_label.configure(text=f"没能检查审计记录：{exc}", bootstyle="danger")

        run_in_background(self, chain_text, done, failed)

    # -- 导出Excel ------------------------------------------------------------------------
    def export(self) -> Path | None:
        home = units.home_unit()
        name = f"审计记录_{home.name}_{dt.date.today():%Y%m%d}.xlsx"
        target = files.ask_save_path(self, "导出审计记录", name, files.XLSX_TYPES, kind="审计记录")
        if target is None:
            return None
        entries, _total = audit.search(**self.shown, limit=None)
        export_audit = importlib.import_module(EXPORT_MODULE).export_audit
        progress = BusyWindow(self, "正在导出审计记录", f"正在导出 {len(entries)} 条审计记录，请稍候……")

        def done(made: Path) -> None:
            progress.close()
            files.say_in_status_bar(self.window, f"已导出审计记录：{made}")
            messages.show_info(self, f"已导出 {len(entries)} 条审计记录：\n{made}", title="导出完成")

        def failed(exc: BaseException) -> None:
            progress.close()
            log.error("导出审计记录失败：%s", exc, exc_info=exc)
            message = exc.message if isinstance(exc, ValidationError) else str(exc)
            messages.show_error(self, f"没能导出审计记录：{message}", title="导出没有完成")

        run_in_background(self, lambda: export_audit(target, entries), done, failed)
        return target
