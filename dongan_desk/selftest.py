"""``main.py --self-test``: does this installation work? Checked end to end on a temp database.

Run on a fresh install or a built folder: it writes a record (and reads it back after closing
the database), makes a backup, an Excel file and a PDF, and opens a window where there is a
screen. Exit code 0 only if every step worked. The report, in Chinese, goes to the console when
there is one and always to ``logs/selftest.log`` (a windowed build has no console).
"""
from __future__ import annotations

import datetime as dt
import logging
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

from . import __version__, paths

log = logging.getLogger(__name__)

REPORT_NAME = "selftest.log"


def _database(folder: Path) -> str:
    from .units import UnitSpec, setup_village
    from .store.database import close_database, db, quick_check
    from .store.opening import open_database
    from .store.models import Grid, Household, Resident

    path = folder / "dongan.db"
    open_database(path)
    try:
        unit = setup_village(UnitSpec("自检村", "自检", "000000000001"))
        village_grid = Grid.get(Grid.unit == unit, Grid.level == 2)
        with db.atomic():  # the core's own records: the self-test needs no ledger
            grid = Grid.create(unit=unit, level=3, parent=village_grid, name="自检院落")
            household = Household.create(unit=unit, grid=grid, address="自检地址1号")
            uid = Resident.create(unit=unit, household=household, name="自检人员").uid
    finally:
        close_database()
    open_database(path)
    try:
        name = Resident.get(Resident.uid == uid).name
        problems = quick_check()
    finally:
        close_database()
    if name != "自检人员" or problems:
        raise RuntimeError(f"读回的记录不对（{name}）或完整性检查有问题（{problems}）")
    return f"写入一条人员记录，关闭后重新打开读回无误（{path.name}）"


def _backup(folder: Path) -> str:
    from .store.backup import backup_now
    from .store.restore import inspect_backup

    target = backup_now("自检", folder / "dongan.db")
    info = inspect_backup(target)
    if info.residents != 1:
        raise RuntimeError(f"备份中的人员数是 {info.residents}，应为 1")
    return f"用 SQLite 在线备份做了一份备份并检查无误（{target.name}）"


def _excel(folder: Path) -> str:
    from openpyxl import Workbook, load_workbook

    from .exchange.report_sheet import save_workbook_atomic, write_report_sheet

    target = folder / "自检.xlsx"
    wb = Workbook()
    write_report_sheet(wb.active, title="自检报表", unit_name="自检村", period="2026年",
                       fill_date=dt.date.today(), headers=["姓名", "人数"],
                       rows=[["自检人员", 1]], total_row=["人数"])
    save_workbook_atomic(wb, target)
    with open(target, "rb") as fh:
        book = load_workbook(fh, read_only=True)
        try:
            values = [v for row in book.active.iter_rows(values_only=True) for v in row]
        finally:
            book.close()
    if "自检报表" not in values or "自检人员" not in values:
        raise RuntimeError("读回的工作簿里没有写入的内容")
    return f"写出 Excel 文件并读回无误（{target.stat().st_size} 字节）"


def _encryption(folder: Path) -> str:
    """The encryption of 报送包 (msoffcrypto-tool) and of 备份到U盘 (cryptography, scrypt) works
    in this installation: a small workbook and a small file, each there and back."""
    import io

    from openpyxl import Workbook, load_workbook

    from .exchange.protection import is_protected, protect, unprotect
    from .store import envelope

    code = "ABCD-EFGH-JKMN-PQRS"
    wb = Workbook()
    wb.active["A1"] = "自检人员"
    clear = io.BytesIO()
    wb.save(clear)
    locked = protect(clear.getvalue(), code)
    opened, _ = unprotect(locked, [code])
    if not is_protected(locked) or load_workbook(io.BytesIO(opened)).active["A1"].value != "自检人员":
        raise RuntimeError("报送包加密后读回的内容不对")
    data = "自检".encode("utf-8") * 1000
    out = io.BytesIO()
    envelope.write_encrypted(io.BytesIO(data), len(data), out, [envelope.access_wrap(code)],
                             unit_name="自检村", unit_code="000000000001",
                             made_at=dt.datetime.now(), schema=0)
    fh = io.BytesIO(out.getvalue())
    header = envelope.read_header(fh)
    back = io.BytesIO()
    envelope.decrypt_stream(fh, header, envelope.unwrap(header, code)[0], back)
    if back.getvalue() != data:
        raise RuntimeError("U盘备份加密后读回的内容不对")
    return f"报送包密码（{len(locked)} 字节）和U盘备份加密都能加密并读回"


def _pdf(folder: Path) -> str:
    from reportlab.platypus import Paragraph

    from .documents import fonts, pdfbase

    target = folder / "自检.pdf"
    st = pdfbase.styles()
    story = [Paragraph("东安台账自检", st.title), Paragraph("人民调解协议书，中文字体嵌入检查。", st.body),
             pdfbase.data_table(["姓名", "人数"], [["自检人员", 1]])]
    pdfbase.build_pdf(target, story, title="东安台账自检")
    data = target.read_bytes()
    if not data.startswith(b"%PDF-") or b"FontFile2" not in data:
        raise RuntimeError("PDF 不完整，或没有嵌入中文字体")
    font = fonts.fonts().body_file
    origin = "随程序附带" if font.resolve().parent == paths.fonts_dir().resolve() else "本机字体"
    return f"生成 PDF 并嵌入中文字体（{font.name}，{origin}；{len(data)} 字节）"


def _modules() -> str:
    """Every tab's module is there (they are imported by name when first shown)."""
    from .ui.tabs import TABS
    loaded = [entry.load() if hasattr(entry, "load") else entry for entry in TABS]
    return f"{len(loaded)} 个标签页的程序模块齐全"


def _window() -> str:
    from .ui.job_windows import check_window
    return check_window(paths.assets_dir() / "dongan.png")


def run_self_test(report_dir: Path, *, check_window: bool = True) -> int:
    """Run every step; write the report to ``report_dir/selftest.log``; 0 when all passed."""
    lines = [f"东安台账 {__version__} 自检  {dt.datetime.now():%Y-%m-%d %H:%M:%S}",
             f"程序文件夹：{paths.program_dir()}（{'打包版' if paths.is_frozen() else '源代码运行'}）"]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="dongan-selftest-") as temp:
        folder = Path(temp)
        steps: list[tuple[str, Callable[[], str]]] = [("数据库", lambda: _database(folder)), ("备份", lambda: _backup(folder)),
                 ("Excel", lambda: _excel(folder)), ("加密", lambda: _encryption(folder)),
                 ("PDF", lambda: _pdf(folder)),
                 ("程序模块", _modules)]
        if check_window:
            steps.append(("窗口", _window))
        for name, step in steps:
            try:
                lines.append(f"【通过】{name}：{step()}")
            except Exception as exc:  # noqa: BLE001 - every failure is reported, then the next step
                failed += 1
                lines.append(f"【失败】{name}：{exc}")
                log.error("自检失败（%s）：%s", name, traceback.format_exc())
    lines.append("自检通过：本机可以正常使用东安台账。" if not failed else
                 f"自检未通过：{failed} 项失败。请把 logs 文件夹中的 {REPORT_NAME} 交给技术人员。")
    text = "\n".join(lines) + "\n"
    report = Path(report_dir) / REPORT_NAME
    try:
        report.write_text(text, encoding="utf-8")
    except OSError:
        log.exception("没能写自检报告 %s", report)
    if sys.stdout is not None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except (OSError, UnicodeEncodeError):
            pass  # a console that cannot show Chinese: the report file has it
    return 0 if not failed else 1
