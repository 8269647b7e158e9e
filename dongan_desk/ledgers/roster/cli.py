"""``main.py import-roster FILE.xlsx``: a village's own Excel 花名册 into the roster (issue 12).

Exit codes: 0 every row was taken, 1 some rows were refused (they are in the 错误清单), 2 the file
could not be read (or this PC may not import a roster).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ...store import session


def add_parsers(sub) -> None:
    roster = sub.add_parser("import-roster", help="（村）导入本村原有的 Excel 花名册：预览、导入，出错的行写进错误清单")
    roster.add_argument("file", metavar="花名册.xlsx", help="花名册工作簿")
    roster.add_argument("--sheet", action="append", default=[], metavar="工作表",
                        help="只导入这个工作表，可重复（默认：每个认得出标题行的工作表）")
    roster.add_argument("--map", action="append", default=[], metavar="列名=字段",
                        help="指定某一列对应的字段，可重复，例如 --map 名字=姓名 --map 电话2=不导入")
    roster.add_argument("--dry-run", action="store_true", help="只预览，不导入（错误清单照样写出）")
    roster.add_argument("--errors", metavar="错误清单.xlsx", help="错误清单保存到哪里（默认：花名册旁的 …-错误清单.xlsx）")
    roster.set_defaults(needs=session.EDIT)


def _import_roster(args, data_dir: Path) -> int:
    from ...fileio import FileWriteError
    from .excel_import import (
        RosterFileError,
        category_names,
        chosen_sheets,
        confirm_import,
        default_error_list_path,
        open_roster,
        preview_import,
        write_error_list,
    )
    from ...store.backup import REASON_IMPORT, backup_now
    source = Path(args.file)
    try:
        book = open_roster(source)
        sheets = chosen_sheets(book, args.sheet or None)
        if args.map:
            from ...units import home_unit
            book.apply_overrides(args.map, category_names(home_unit()), sheets)
    except RosterFileError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    for sheet in sheets:
        role = "（党员名单：只给已有的人标上党员）" if sheet.role == "party" else ""
        print(f"工作表“{sheet.name}”{role}：标题在第{sheet.header_row}行，{len(sheet.rows)}行人员。各列对应：")
        for line in sheet.mapping_lines():
            print(f"  {line}")
    names = [s.name for s in sheets]
    if args.dry_run:
        outcome = preview_import(book, names)
    else:
        outcome = confirm_import(book, names, before_write=lambda: backup_now(REASON_IMPORT))
    print("预览（没有写入）：" if args.dry_run else "导入完成：")
    for line in outcome.summary_lines():
        print(f"  {line}")
    _print_some("跳过", outcome.already_there)
    _print_some("提醒", outcome.warnings)
    if outcome.problems:
        target = Path(args.errors) if args.errors else default_error_list_path(source)
        for problem in outcome.problems:
            print(f"  没有导入：{problem.line()}")
        try:
            write_error_list(outcome.problems, target, source.name)
        except FileWriteError as exc:
            print(f"错误清单没能保存：{exc}", file=sys.stderr)
        else:
            print(f"错误清单：{target}（{outcome.refused_rows}行，改好后可以直接导入这个文件）")
        return 1
    print("所有人员行都已" + ("通过检查，可以导入。" if args.dry_run else "导入。"))
    return 0


def _print_some(word: str, lines: list[str], most: int = 20) -> None:
    """A second import skips everyone: the first lines say enough, the count says the rest."""
    for line in lines[:most]:
        print(f"  {word}：{line}")
    if len(lines) > most:
        print(f"  ……另有{len(lines) - most}条{word}")


COMMANDS = {"import-roster": _import_roster}
