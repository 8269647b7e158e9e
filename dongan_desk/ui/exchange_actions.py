"""报送 from the window: the village exports its package to a USB stick; the township checks,
previews and imports packages, with a receipt beside each file."""
from __future__ import annotations

import logging
from pathlib import Path
from .. import units
from ..exchange.status import last_export, since_last_export
from ..exchange.access import access_code_of
from ..exchange.errors import PackageError
from ..fileio import FileWriteError
from . import files, messages
from .background import run_in_background
from .import_dialog import ImportDialog
from .widgets import BusyWindow

__all__ = ["ImportDialog", "ask_import_files", "ask_import_folder", "export_to_folder", "import_into",
           "refresh_export_status"]

NO_ACCESS_CODE = ("本机还没有填写接入码，导出的报送包无法加封，镇里不会接收，所以现在不能导出。\n\n"
                  "请向镇里索取本村（社区）的接入码（镇里“镇级汇总”页的村名单里可以查看和打印接入码通知单），"
                  "然后在“设置 → 本单位信息”中填写，再导出。\n\n现在打开“本单位信息”吗？")

log = logging.getLogger(__name__)


def export_to_folder(window, on_finished=None):
    """文件 → 导出报送包…: pick the folder (the last one is offered again), then write the package
    in the background under a progress window; say where it went. Returns the worker thread."""
    from ..exchange.package import export_package  # openpyxl: loaded when first needed

    unit = units.home_unit()
    if access_code_of(unit) is None:  # said before a folder is asked for: nothing is written
        if messages.ask_yes_no(window, NO_ACCESS_CODE, title="还没有接入码"):
            window.edit_home_unit()
        return None
    last = last_export(unit)
    folder = files.ask_folder(window, "报送包导出", "选择保存报送包的文件夹（如 U 盘）",
                              fallback=Path(last.folder) if last and last.folder else None)
    if folder is None:
        return None
    progress = BusyWindow(window, "正在导出报送包", f"正在把{unit.name}的台账写入 {folder} ……")

    def done(result) -> None:
        progress.close()
        rows = sum(result.info.rows.values())
        messages.show_info(window, f"报送包已保存：\n{result.path}\n\n第 {result.info.seq} 次报送，"
                                   f"共 {rows} 条记录。\n请把这个文件交给镇里导入。", title="报送包已导出")
        refresh_export_status(window)
        if on_finished is not None:
            on_finished(result.path)

    def failed(exc: BaseException) -> None:
        progress.close()
        if isinstance(exc, (FileWriteError, PackageError)):  # MissingAccessCode too
            messages.show_error(window, str(exc), title="报送包没有导出")
            return
        log.error("导出报送包失败", exc_info=exc)
        messages.show_error(window, "导出报送包时出了意外错误，没有生成文件，数据库没有改动。"
                                    "详细信息已记入 logs 文件夹中的日志。", title="报送包没有导出")

    return run_in_background(window, lambda: export_package(unit, folder), done, failed)


def refresh_export_status(window) -> None:
    if not units.is_township():
        window.status.export_label.configure(text=since_last_export(units.home_unit()).describe())


def ask_import_files(window) -> list[Path]:
    return files.ask_open_files(window, "报送包导入", "选择报送包（可多选）", files.XLSX_TYPES)


def ask_import_folder(window) -> list[Path]:
    folder = files.ask_folder(window, "报送包导入", "选择放报送包的文件夹（如 U 盘）")
    return [folder] if folder else []


def import_into(window) -> None:
    paths = ask_import_files(window)
    if paths:
        window.wait_window(ImportDialog(window, paths))
