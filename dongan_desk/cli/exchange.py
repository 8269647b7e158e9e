"""The 报送 sub-commands: ``export``, ``import`` and ``summary``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..store import session


def add_parsers(sub) -> None:
    export = sub.add_parser("export", help="导出本单位的报送包（.xlsx），交镇里导入")
    export.add_argument("--out", required=True, metavar="文件夹", help="保存到这个文件夹，例如 U 盘")
    export.add_argument("--unit", metavar="单位代码", help=argparse.SUPPRESS)  # bench: any unit
    export.set_defaults(needs=session.EXPORT)
    imp = sub.add_parser("import", help="（镇本级）导入村（社区）的报送包，可给多个文件或文件夹")
    imp.add_argument("files", nargs="+", metavar="文件或文件夹", help="报送包 .xlsx，或放报送包的文件夹（如 U 盘）")
    imp.add_argument("--dry-run", action="store_true", help="只检查和预览，不导入")
    imp.add_argument("--rebaseline", metavar="原因", default="",
                     help="序号没有接上的报送包（村里电脑重装、更换或从旧备份恢复）写明原因后接受，重新起算")
    imp.set_defaults(needs=session.EXPORT)
    summary = sub.add_parser("summary", help="（镇本级）生成全镇汇总表 .xlsx")
    summary.add_argument("--out", required=True, metavar="文件.xlsx", help="汇总表保存到哪里")
    summary.set_defaults(needs=session.PRINT)


def _export(args, data_dir: Path) -> int:
    from ..units import home_unit
    from ..exchange.package import export_package
    from ..store.models import Unit
    unit = Unit.get(Unit.code == args.unit) if args.unit else home_unit()
    result = export_package(unit, Path(args.out))
    rows = sum(result.info.rows.values())
    print(f"已导出报送包：{result.path}（第 {result.info.seq} 次报送，共 {rows} 条记录）")
    return 0


def _import(args, data_dir: Path) -> int:
    from ..units import home_unit, is_township
    from ..exchange.import_jobs import RESULT_WORDS, check_file, collect_files, import_checked
    if not is_township():
        print("错误：只有镇本级的电脑才能导入报送包。", file=sys.stderr)
        return 2
    files = collect_files([Path(f) for f in args.files])
    if not files:
        print("错误：没有找到 .xlsx 文件。", file=sys.stderr)
        return 2
    refused = 0
    for path in files:
        outcome = check_file(path)
        if outcome.preview is not None and outcome.preview.changes:
            for change in outcome.preview.changes:
                if change.any:
                    print(f"  {change.title}：新增 {change.added}，修改 {change.changed}，删除 {change.removed}")
        if outcome.preview is not None:
            for note in outcome.preview.notes:
                print(f"  注意：{note}")
        if not args.dry_run:
            outcome = import_checked(outcome, home_unit().name, before_import=_backup_before_import,
                                     rebaseline_reason=args.rebaseline)
        refused += outcome.status in ("refused", "rebaseline")
        print(f"{path.name}：{RESULT_WORDS[outcome.status]}。{outcome.message}")
        if outcome.status == "rebaseline" and not args.dry_run:
            print("  核实后可用 --rebaseline \"原因\" 再导入一次。")
        if outcome.receipt_error:
            print(f"  {outcome.receipt_error}")
    return 1 if refused else 0


def _backup_before_import() -> None:
    try:
        from ..store.backup import backup_now
    except ImportError:  # pragma: no cover - the backup module ships with the program
        return
    backup_now("导入前")


def _summary(args, data_dir: Path) -> int:
    from ..exchange.summary import write_summary
    path = write_summary(Path(args.out))
    print(f"已生成全镇汇总表：{path}")
    return 0


COMMANDS = {"export": _export, "import": _import, "summary": _summary}
