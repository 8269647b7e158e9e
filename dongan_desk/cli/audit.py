"""The ``audit`` sub-commands (管理员): read the trail, export it to Excel, check its chain."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..errors import ValidationError
from ..store import audit, session
from ..store.models.accounts import AUDIT_ACTIONS, AuditEntry

_ACTION_CODES = {**{code: code for code, _ in AUDIT_ACTIONS},
                 **{label: code for code, label in AUDIT_ACTIONS}}
LIST_LIMIT = 50


def _day(text: str) -> dt.date:
    try:
        year, month, day = (int(part) for part in text.strip().replace("/", "-").split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期：请写成 年-月-日，如 2026-12-02") from None


def _action(text: str) -> str:
    code = _ACTION_CODES.get(text.strip())
    if code is None:
        raise argparse.ArgumentTypeError(f"没有“{text}”这种操作：可选 "
                                         + "、".join(label for _, label in AUDIT_ACTIONS))
    return code


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", default="", metavar="文字", help="记录的名称、类型、标识、改动或说明里含有这些字")
    parser.add_argument("--account", dest="by_account", default="", metavar="账号", help="只要这个账号做的")
    parser.add_argument("--action", type=_action, metavar="操作",
                        help="只要这种操作：" + "、".join(label for _, label in AUDIT_ACTIONS))
    parser.add_argument("--since", type=_day, metavar="日期", help="从这一天起（年-月-日）")
    parser.add_argument("--until", type=_day, metavar="日期", help="到这一天止（含这一天）")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    trail = sub.add_parser("audit", help="审计记录（管理员）：查看、导出为 Excel、检查是否被改动")
    actions = trail.add_subparsers(dest="audit_action", metavar="操作", required=True)
    listing = actions.add_parser("list", help="列出审计记录，最新的在前")
    _add_filters(listing)
    listing.add_argument("--limit", type=int, default=LIST_LIMIT, metavar="条数",
                         help=f"最多列出多少条（默认{LIST_LIMIT}）")
    export = actions.add_parser("export", help="把审计记录导出为 Excel 工作簿（A4 横向，可打印），最后一行是链式校验的结果")
    export.add_argument("file", metavar="文件.xlsx", help="保存到哪里")
    _add_filters(export)
    actions.add_parser("verify", help="检查审计记录是否被改动或删除：完整时退出码为0，有问题时列出并以1退出")
    for parser in (listing, export, actions.choices["verify"]):
        parser.set_defaults(needs=session.AUDIT)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    return {"list": _list, "export": _export, "verify": _verify}[args.audit_action](args)


def _search(args: argparse.Namespace, limit: int | None) -> tuple[list[AuditEntry], int]:
    return audit.search(args.text, args.by_account, args.action or "", args.since, args.until,
                        limit=limit)


def entry_line(entry: AuditEntry) -> str:
    what = entry.record_type + (f"“{entry.record_name}”" if entry.record_name else "")
    parts = [f"{entry.id:>6}", f"{entry.at:%Y-%m-%d %H:%M:%S}", entry.account,
             audit.action_label(entry.action), what, audit.changes_text(entry), entry.detail]
    return "  ".join(part for part in parts if part)


def _list(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ValidationError("--limit 至少为 1。")
    rows, total = _search(args, args.limit)
    for entry in rows:
        print(entry_line(entry))
    more = f"，列出最新的 {len(rows)} 条（--limit 可列出更多）" if total > len(rows) else ""
    print(f"共 {total} 条{more}。")
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..exchange.audit_export import export_audit
    rows, _ = _search(args, None)
    path = export_audit(Path(args.file), rows)
    print(f"已导出审计记录 {len(rows)} 条：{path}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    problems = audit.verify_chain()
    if problems:
        for problem in problems:
            print(f"审计记录被改动：{problem.message}", file=sys.stderr)
        print("请立即告诉管理员，保留这台电脑和最近的备份，不要再恢复或删除数据。", file=sys.stderr)
        return 1
    print(f"审计记录完整：共 {audit.chain_head()[0]} 条，首尾相接，没有发现改动或删除。"
          "（最后几条被整个删掉时，本机自己看不出；镇里从每次的报送包核对。）")
    return 0


COMMANDS = {"audit": run}
