"""The 恢复码 shown once, big and clear, with what it is for and the 恢复码单 to print: after the
first 管理员 is made, and after a 恢复码 was used (which makes a new one).

The printed slip is the only place the code may stay. The PDF the viewer prints from is written
to the user's temporary folder, not to the data folder's exports/, and is removed when the
program closes (and, should the viewer still hold it then, at the next start)."""
from __future__ import annotations

import datetime as dt
import logging
import tempfile
import tkinter as tk
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from .. import units
from ..store.models.accounts import Account
from .files import print_document

log = logging.getLogger(__name__)

PURPOSE = ("恢复码的用处：管理员忘记密码时重设密码，以及打开U盘上的加密备份；"
           "请打印或抄下，锁在文件柜里，不要存在这台电脑上。")
NO_VIEWER = ("不要把这个文件拷走：请把上面的恢复码工整地抄在纸上（抄完逐位核对），锁进文件柜。"
             "这个文件在程序关闭时删除。")
SLIP_FOLDER = Path(tempfile.gettempdir()) / "dongan_desk-恢复码单"


def account_text(account: Account) -> str:
    return f"{account.name}（{account.full_name}）" if account.full_name and \
        account.full_name != account.name else account.name


def print_recovery_slip(parent: tk.Misc, code: str, account: Account) -> Path | None:
    """Make the 恢复码单 and open it in the PDF viewer to print."""
    from ..documents.recovery_slip import RecoverySlip, write_recovery_slip  # reportlab: now

    home = units.home_unit() if units.is_set_up() else None
    slip = RecoverySlip(home.name if home else "", home.code if home else "",
                        account_text(account), code, dt.datetime.now().replace(microsecond=0))
    SLIP_FOLDER.mkdir(parents=True, exist_ok=True)
    name = f"恢复码单_{dt.datetime.now():%Y%m%d-%H%M%S}.pdf"
    return print_document(parent, lambda target: write_recovery_slip(target, slip), SLIP_FOLDER,
                          name, advice=NO_VIEWER)


def remove_printed_slips() -> None:
    """The slips' PDFs go once the viewer had them (at exit; what a viewer held, next start)."""
    if not SLIP_FOLDER.is_dir():
        return
    for path in SLIP_FOLDER.glob("*.pdf"):
        try:
            path.unlink()
        except OSError:  # a viewer on Windows still has it open
            log.info("恢复码单还开着，下次启动时再删：%s", path)


class RecoveryCodeBox(ttk.Frame):
    """The code large, what it is for, 打印恢复码单, and 继续 once the clerk ticks that it was
    printed or copied."""

    def __init__(self, master: tk.Misc, code: str, account: Account,
                 on_continue: Callable[[], None], heading: str, wraplength: int = 620):
        super().__init__(master)
        self.code, self.account, self.on_continue = code, account, on_continue
        self.printed: Path | None = None
        ttk.Label(self, text=heading, font=("", 13, "bold"), wraplength=wraplength,
                  justify="left").pack(anchor="w")
        border = ttk.Frame(self, bootstyle="primary", padding=2)  # a box, as on the slip
        border.pack(anchor="w", pady=(10, 8))
        self.code_label = ttk.Label(border, text=code, font=("Courier", 26, "bold"),
                                    foreground="#0b3d91", background="#eef1f5", padding=(20, 12))
        self.code_label.pack()
        ttk.Label(self, text=PURPOSE, wraplength=wraplength, justify="left").pack(anchor="w")
        ttk.Label(self, text="用过一次后，程序会换发新的恢复码，旧的随即作废。恢复码里没有 0、O、1、I、L。",
                  bootstyle="secondary", wraplength=wraplength, justify="left").pack(
            anchor="w", pady=(4, 12))
        self.print_button = ttk.Button(self, text="打印恢复码单…", bootstyle="primary-outline",
                                       command=self.print_slip)
        self.print_button.pack(anchor="w")
        self.kept = tk.BooleanVar(value=False)
        ttk.Checkbutton(self, text="我已打印或抄下恢复码，会锁在文件柜里", variable=self.kept,
                        command=self._kept_changed).pack(anchor="w", pady=(14, 6))
        self.continue_button = ttk.Button(self, text="继续", bootstyle="primary", width=10,
                                          state="disabled", command=self._continue)
        self.continue_button.pack(anchor="w")

    def print_slip(self) -> Path | None:
        self.printed = print_recovery_slip(self, self.code, self.account) or self.printed
        return self.printed

    def _kept_changed(self) -> None:
        self.continue_button.configure(state="normal" if self.kept.get() else "disabled")

    def _continue(self) -> None:
        if self.kept.get():
            self.on_continue()


class RecoveryCodeDialog(ttk.Toplevel):
    """The new 恢复码 after one was used, modal; closes with 继续 only."""

    def __init__(self, master: tk.Misc, code: str, account: Account, heading: str):
        super().__init__(title="新的恢复码", master=master, resizable=(False, False))
        self.transient(master.winfo_toplevel())
        frame = ttk.Frame(self, padding=20)
        frame.pack(fill="both", expand=True)
        self.box = RecoveryCodeBox(frame, code, account, self.destroy, heading, wraplength=520)
        self.box.pack(fill="both", expand=True)
        self.protocol("WM_DELETE_WINDOW", lambda: None)  # the code is shown only this once
        self.grab_set()
