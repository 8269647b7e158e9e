"""The one window: menu, a tab per area, a status bar; the first-start setup before it."""
from __future__ import annotations

import logging
import os
import sys
import tkinter as tk
import traceback
from pathlib import Path

import ttkbootstrap as ttk

from .. import __version__, paths
from .. import findings, units
from ..ledgers.registry import load
from ..store import accounts, session
from ..store.database import close_database
from ..store.models.accounts import Account
from . import background, exchange_actions, menus, messages, placement, sign_in, startup
from .context import AppContext
from .idle_lock import IdleLock
from .localization import install_strings

log = logging.getLogger(__name__)


class StatusBar(ttk.Frame):
    def __init__(self, master: tk.Misc):
        super().__init__(master, padding=(8, 3))
        self.account_label = ttk.Label(self, text="")
        self.unit_label = ttk.Label(self, text="")
        self.findings_button = ttk.Button(self, text="", bootstyle="link")
        self.message_label = ttk.Label(self, text="", bootstyle="secondary")
        self.folder_label = ttk.Label(self, text="", bootstyle="secondary")
        self.account_label.pack(side="left")
        ttk.Separator(self, orient="vertical").pack(side="left", fill="y", padx=8)
        self.unit_label.pack(side="left")
        ttk.Separator(self, orient="vertical").pack(side="left", fill="y", padx=8)
        self.findings_button.pack(side="left")
        ttk.Separator(self, orient="vertical").pack(side="left", fill="y", padx=8)
        self.export_label = ttk.Label(self, text="")  # a village's 报送: changes since the last
        self.export_separator = ttk.Separator(self, orient="vertical")
        if not units.is_township():
            self.export_label.pack(side="left")
            self.export_separator.pack(side="left", fill="y", padx=8)
        self.message_label.pack(side="left", fill="x", expand=True)
        self.folder_label.pack(side="right")

    def say(self, message: str) -> None:
        self.message_label.configure(text=message)

    def show_account(self) -> None:
        """当前账号：张文书（管理员）: the person's name where the account has one."""
        current = session.current()
        account = Account.get_or_none(Account.id == current.account_id) \
            if current.account_id is not None else None
        who = (account.full_name or account.name) if account is not None else current.account
        self.account_label.configure(text=f"当前账号：{who}（{current.role_label}）")


class MainWindow(ttk.Frame):
    def __init__(self, root: tk.Misc, data_dir: Path):
        super().__init__(root)
        from .tabs import TABS  # the explicit list of tabs

        self.root, self.data_dir = root, data_dir
        self.status = StatusBar(self)
        self.context = AppContext(root, data_dir, self.status)
        self.notebook = ttk.Notebook(self)
        # A tab is built the first time it is shown: the window opens as fast with six tabs as
        # with one. ``self.tabs`` holds the tabs built so far.
        self.tabs: list = []
        self._pages: dict[str, object] = {}
        township = units.is_township()
        for entry in TABS:
            if entry.township_only and not township:
                continue
            page = ttk.Frame(self.notebook)
            self.notebook.add(page, text=entry.title)
            self._pages[str(page)] = entry
        self.notebook.bind("<<NotebookTabChanged>>", lambda e: self._build_current_tab())
        self._build_current_tab()
        # The status bar is packed first: on a short screen the tabs give way, not the status bar.
        self.status.pack(side="bottom", fill="x")
        ttk.Separator(self).pack(side="bottom", fill="x")
        self.notebook.pack(fill="both", expand=True, padx=6, pady=(6, 0))
        self._build_menu()
        self.show_home()
        self.status.show_account()
        self.status.folder_label.configure(text=f"数据文件夹：{data_dir}")
        self.status.findings_button.configure(command=self.show_findings)
        self.context.on_data_changed(self, self.refresh_findings)
        for sequence, method in (("<Control-f>", "on_find"), ("<Control-n>", "on_new")):
            root.bind_all(sequence, lambda e, m=method: self._to_current_tab(m))
        root.bind_all("<F1>", lambda e: self.show_help())  # a dialog's own F1 comes first
        root.bind_all("<Control-l>", lambda e: self.winfo_exists() and self.lock())
        root.protocol("WM_DELETE_WINDOW", self.close)
        # The lock needs an account to unlock with: none for the program itself (tests, bench).
        self.idle_lock = IdleLock(self) if session.current().account_id is not None else None
        self.refresh_findings()

    def close(self, reason: str = "退出程序") -> bool:
        """Quit; while an export or import is still running, ask first (what was committed
        stays whole either way: a half-written file never takes the real file's name)."""
        if not self._may_stop_jobs("退出"):
            return False
        placement.remember(self.root)
        accounts.logout(reason)
        self.root.destroy()
        return True

    def _may_stop_jobs(self, doing: str) -> bool:
        return not background.busy() or messages.ask_yes_no(
            self, f"报送包的导出或导入还没有完成。现在{doing}会中止它（已有的数据不会损坏，"
                  f"但这次导出或导入要重做）。确定{doing}吗？", title="还有任务在进行")

    # -- the account at the keyboard --------------------------------------------------------
    def lock(self) -> None:
        """文件 → 锁定 (Ctrl+L): the lock screen at once."""
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def log_out(self) -> tk.Widget | None:
        """文件 → 退出登录: every window of this account closes, back to the login."""
        if not self._may_stop_jobs("退出登录"):
            return None
        accounts.logout("退出登录")
        return self._rebuild()

    def _rebuild(self, login_note: str = "", gate: bool = True) -> tk.Widget:
        """This window gives way to the login (or, ``gate=False``, to a new main window)."""
        root, data_dir = self.root, self.data_dir
        for child in root.winfo_children():  # the dialogs of the account that left
            if isinstance(child, tk.Toplevel):
                child.destroy()
        menubar = getattr(self, "menubar", None)
        self.destroy()
        if menubar is not None:
            menubar.destroy()
        root.configure(menu="")
        if not gate:
            window = MainWindow(root, data_dir)
            window.pack(fill="both", expand=True)
            return window
        return show_main_or_setup(root, data_dir, login_note=login_note)

    def signed_in_again(self) -> None:
        """After the lock or a change of one's own role: the menus as the role now allows."""
        menus.refresh_menu(self.menubar)
        self.status.show_account()

    def manage_accounts(self) -> tk.Toplevel:
        from .accounts_dialog import AccountsWindow
        return self._one("accounts_window", lambda: AccountsWindow(self))

    def _one(self, name: str, make) -> tk.Toplevel:
        """A window of which one is open at a time: brought forward when it is."""
        existing = getattr(self, name, None)
        if existing is not None and existing.winfo_exists():
            existing.deiconify()
            existing.lift()
            return existing
        made = make()
        setattr(self, name, made)
        return made

    def change_my_password(self) -> tk.Toplevel | None:
        from .password_dialogs import ChangePasswordDialog
        current = session.current()
        if current.account_id is None:
            return None
        dialog = ChangePasswordDialog(self, Account.get_by_id(current.account_id))
        self.wait_window(dialog)
        if dialog.result:
            self.status.say("密码已修改，下次登录请用新密码。")
        return dialog

    def show_audit(self) -> tk.Toplevel:
        from .audit_window import AuditWindow
        return self._one("audit_window", lambda: AuditWindow(self))

    def reopen(self) -> tk.Widget:
        """Every tab shows the restored data: the window is built anew on the reopened
        database. Its accounts are the backup's (passwords as they were then): whoever was
        logged in logs in again."""
        if session.current().account_id is None:  # the program itself (tests, the bench)
            return self._rebuild(gate=False)
        session.end()  # the restored database records the restore; this session is not its own
        return self._rebuild(login_note="已从备份恢复。账号和密码以备份时的为准，请重新登录。")

    def _build_menu(self) -> None:
        self.menubar = menus.build_menu(self)
        self.root.configure(menu=self.menubar)

    def _build_current_tab(self):
        if not self.notebook.tabs():
            return None
        page = self.notebook.nametowidget(self.notebook.select())
        if not page.winfo_children():
            self.configure(cursor="watch")
            tab = self._pages[str(page)].load()(page, self.context)
            tab.pack(fill="both", expand=True)
            self.tabs.append(tab)
            self.configure(cursor="")
        return page.winfo_children()[0]

    def show_tab(self, tab_class: type):
        """Bring the tab of this class to the front (building it if needed) and return it."""
        for page, entry in self._pages.items():
            if entry.class_name == tab_class.__name__:
                self.notebook.select(page)
                return self._build_current_tab()
        raise KeyError(tab_class.__name__)

    def _to_current_tab(self, method: str) -> None:
        current = self._build_current_tab()
        if current is not None and hasattr(current, method):
            getattr(current, method)()

    def current_findings(self) -> list[findings.Finding]:
        return findings.all_findings()

    def refresh_findings(self) -> None:
        """Count the findings once the window has drawn what changed: the count follows a
        moment later instead of holding up the screen. (Not in a thread: Tk objects collected
        by a worker thread's garbage collection block on the Tk thread.)"""
        self.findings_pending = True
        if getattr(self, "_findings_job", None):
            self.after_cancel(self._findings_job)
        self._findings_job = self.after_idle(self._count_findings)

    def _count_findings(self) -> None:
        self._findings_job = None
        exchange_actions.refresh_export_status(self)
        try:
            count = len(self.current_findings())
        except Exception:  # noqa: BLE001 - a broken rule must not break the window
            log.exception("规则检查出错")
            self.status.findings_button.configure(text="规则提示：检查出错，详见日志",
                                                  bootstyle="danger-link")
        else:
            self.status.findings_button.configure(
                text=f"规则提示：{count} 条" if count else "规则提示：无",
                bootstyle="warning-link" if count else "success-link")
        self.findings_pending = False

    def show_findings(self) -> None:
        from .findings_dialog import FindingsDialog
        FindingsDialog(self, self.current_findings(), self.open_target)

    def open_target(self, target: str) -> bool:
        """Bring up the record a finding names ("grid:12", "pairing:5" …) in its tab."""
        from .tabs import TABS
        kind, _, number = target.partition(":")
        if not number.isdigit():
            return False
        for entry in TABS:
            if kind in entry.opens and entry.class_name in self._pages_by_class():
                tab = self.show_tab(entry.load())
                return bool(tab.open_record(kind, int(number)))
        return False

    def _pages_by_class(self) -> dict[str, str]:
        return {entry.class_name: page for page, entry in self._pages.items()}

    def open_setting(self, dialog: str) -> None:
        load(dialog)(self, self.context)

    def show_home(self) -> None:
        """The home unit's name in the status bar (again after 本单位信息 changed it)."""
        home = units.home_unit()
        self.status.unit_label.configure(
            text=f"本机单位：{home.name}（{home.choice_label('kind', home.kind)}）")

    def edit_home_unit(self):
        """设置 → 本单位信息…: name, short name, code (and on a village PC its 接入码)."""
        from .unit_dialog import UnitDialog

        def saved(_unit) -> None:
            self.show_home()
            self.context.data_changed()  # tabs showing the unit's name draw it again

        return UnitDialog(self, units.home_unit(), on_saved=saved)

    def current_tab_title(self) -> str | None:
        if not self.notebook.tabs():
            return None
        return self._pages[str(self.notebook.nametowidget(self.notebook.select()))].title

    def show_help(self, part: str | None = None):
        """F1: the 使用说明's part of the tab in front (or ``part``), in a small window."""
        from .help_window import show_help
        return show_help(self, self.data_dir, part or self.current_tab_title())

    def print_manual(self):
        """帮助 → 使用说明: the whole manual as a PDF, opened in the viewer to read or print."""
        from .help_window import print_manual
        return print_manual(self, self.data_dir)

    def show_about(self) -> None:
        messages.show_info(self, f"东安台账 {__version__}\n\n东安镇抓“七好”推“四调”基层社会治理台账。\n\n"
                                 f"数据文件夹：{self.data_dir}\n日志：{self.data_dir / 'logs'}",
                           title="关于东安台账")


def report_callback_exception(root: tk.Misc):
    """A callback that raises: log it whole, tell the clerk plainly, keep the window usable."""
    def handler(exc_type, exc, tb):
        log.error("界面操作出错：%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            messages.show_error(root, "刚才的操作没有完成，程序出了一个意外错误。已保存的数据不受影响。\n"
                                      "详细信息已记入 logs 文件夹中的日志，可交给技术人员查看。")
        except tk.TclError:
            pass
    return handler


def start_gui(data_dir_arg: str | None = None) -> int:
    from ..logs import setup_logging

    data_dir = paths.resolve_data_dir(data_dir_arg)
    setup_logging(data_dir)
    icon = paths.assets_dir() / ("dongan.ico" if sys.platform.startswith("win") else "dongan.png")
    root = ttk.App(title=f"{paths.APP_NAME} {__version__}", size=placement.DEFAULT_SIZE,
                   minsize=(960, 600), iconphoto=str(icon) if icon.exists() else "")
    root.withdraw()  # shown once the start-up checks pass; a second start only shows a message
    install_strings()
    root.report_callback_exception = report_callback_exception(root)
    started = startup.prepare(root, data_dir)
    if not isinstance(started, startup.Started):
        root.destroy()
        return started
    root.deiconify()
    placement.place(root)  # maximised the first time, then as the clerk left it on this PC
    from .recovery_code import remove_printed_slips
    remove_printed_slips()  # a 恢复码单 a viewer still held when the program last closed
    bench = bool(os.environ.get("DONGAN_BENCH_IDLE"))
    show_main_or_setup(root, data_dir, note=started.note, login_as=bench_login() if bench else None)
    startup.watch_for_second_start(root, started.lock)
    if bench:  # `main.py bench` times the start until idle
        root.after_idle(lambda: (print("IDLE", flush=True), root.destroy()))
    try:
        root.mainloop()
    finally:
        remove_printed_slips()
        close_database()
        started.lock.release()
    return 0


def bench_login() -> tuple[str, str] | None:
    """``main.py bench`` logs in with the account it made (``DONGAN_BENCH_LOGIN`` = 账号:密码)."""
    name, _, password = os.environ.get("DONGAN_BENCH_LOGIN", "").partition(":")
    return (name, password) if name else None


def show_main_or_setup(root: tk.Misc, data_dir: Path, note: str = "",
                       login_as: tuple[str, str] | None = None,
                       login_note: str = "") -> tk.Widget:
    """First start, 建立管理员账号 or 登录 (``ui/sign_in.py``), then the main window."""
    def open_main() -> MainWindow:
        window = MainWindow(root, data_dir)
        window.pack(fill="both", expand=True)
        return window

    return sign_in.show_entry(root, data_dir, open_main, note=note, login_as=login_as,
                              login_note=login_note)
