"""Importing many files at once (a whole USB stick), with a 回执 beside each file."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..fileio import FileWriteError, atomic_write, is_temp_file
from ..store import audit
from .errors import PackageError
from .importer import Preview, apply, preview
from .reader import read_package

RESULT_WORDS = {"accepted": "已导入", "same": "重复，未改动", "refused": "已拒收", "preview": "仅预览，未导入",
                "rebaseline": "待确认：序号没有接上，未导入"}


@dataclass
class ImportOutcome:
    path: Path
    status: str                   # accepted | same | refused | preview | rebaseline
    message: str
    preview: Preview | None = None
    receipt: Path | None = None
    receipt_error: str = ""


def collect_files(paths: list[Path]) -> list[Path]:
    """Files named, and the .xlsx files directly inside folders named: not our receipts, not the
    lock files Excel/WPS leave (~$…), not our temp files of a save in progress or killed."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir()
                            if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")
                            and not is_temp_file(p))
        else:
            found.append(path)
    return found


def check_file(path: Path) -> ImportOutcome:
    """Read and preview one file without changing anything."""
    try:
        result = preview(read_package(path))
    except PackageError as exc:
        return ImportOutcome(path, "refused", str(exc))
    status = {"new": "preview", "same": "same", "rebaseline": "rebaseline"}.get(result.status, "refused")
    return ImportOutcome(path, status, result.message, result)


def import_checked(outcome: ImportOutcome, imported_by: str,
                   before_import: Callable[[], None] | None = None,
                   rebaseline_reason: str = "") -> ImportOutcome:
    """Apply a previewed file (one that restarts the numbering only with a reason), then write
    its 回执."""
    ready = outcome.preview is not None and (outcome.status == "preview" or (
        outcome.preview.needs_reason and rebaseline_reason.strip()))
    if ready:
        try:
            if before_import is not None:
                before_import()
            record = apply(outcome.preview, rebaseline_reason=rebaseline_reason)
            outcome.status = "accepted"
            outcome.message = outcome.preview.message.replace("可以导入", "已导入")
            if record.rebaseline_reason:
                outcome.message = (f"{outcome.preview.unit.name} 第 {record.seq} 次报送已导入，"
                                   f"按重新起算接收（原因：{record.rebaseline_reason}）。")
        except PackageError as exc:
            outcome.status, outcome.message = "refused", str(exc)
    write_receipt(outcome, imported_by)
    if outcome.status != "accepted":  # an accepted one is recorded by apply, with the data
        audit.record("import", record_type="报送包", name=outcome.path.name,
                     detail=f"{RESULT_WORDS.get(outcome.status, outcome.status)}：{outcome.message}")
    return outcome


def receipt_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.回执.txt")


def receipt_text(outcome: ImportOutcome, imported_by: str, now: dt.datetime) -> str:
    lines = ["东安台账 报送包导入回执", "",
             f"文件：{outcome.path.name}",
             f"结果：{RESULT_WORDS[outcome.status]}",
             f"说明：{outcome.message}"]
    if outcome.preview is not None:
        info = outcome.preview.package.info
        lines += [f"报送单位：{info.unit_name}（{info.unit_code}）",
                  f"报送序号：第 {info.seq} 次", f"导出时间：{info.exported_at:%Y-%m-%d %H:%M:%S}"]
        if outcome.preview.notes:
            lines += ["", "请注意："] + [f"  {note}" for note in outcome.preview.notes]
        changed = [c for c in outcome.preview.changes if c.any]
        if outcome.status == "accepted" and changed:
            lines += ["", "本次变化："] + [f"  {c.title}：新增 {c.added}，修改 {c.changed}，删除 {c.removed}"
                                       for c in changed]
    lines += ["", f"接收单位：{imported_by}", f"处理时间：{now:%Y-%m-%d %H:%M:%S}", ""]
    return "\n".join(lines)


RECEIPT_SEPARATOR = "\n" + "=" * 40 + "\n\n"


def write_receipt(outcome: ImportOutcome, imported_by: str, now: dt.datetime | None = None) -> None:
    """Write the 回执 beside the file; a file handled before keeps its earlier 回执 above the
    new one (the "已导入" of the first time is never overwritten by a later "重复")."""
    text = receipt_text(outcome, imported_by, now or dt.datetime.now())
    target = receipt_path(outcome.path)
    try:
        earlier = target.read_text(encoding="utf-8-sig") if target.is_file() else ""
    except (OSError, UnicodeDecodeError):
        earlier = ""
    if earlier.strip():
        text = earlier.rstrip("\n") + "\n" + RECEIPT_SEPARATOR + text
    try:
        atomic_write(target, lambda temp: temp.write_text(text, encoding="utf-8-sig"))
        outcome.receipt = target
    except FileWriteError as exc:
        outcome.receipt_error = f"回执没能写在文件旁边：{exc}"
