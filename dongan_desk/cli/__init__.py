"""``python main.py [--data-dir DIR] [--account 账号] SUBCOMMAND``: the program's jobs without a
window. This module builds the parser and runs init, demo, check, backup and restore; the other
sub-commands live beside it (exchange, units, accounts, audit), with login (who runs a command)
and parser (argparse in Chinese)."""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import __version__, paths
from . import login
from .login import NO_ACCOUNT, PASSWORD_ENV, acting_account, add_account_option
from .parser import VERSION_HELP, ChineseArgumentParser
from ..errors import ValidationError
from ..exchange.errors import PackageError
from ..fileio import FileWriteError
from ..ledgers.registry import LEDGERS, load
from ..store.backup import BackupError
from ..store import session
from ..store.database import DatabaseError, close_database, quick_check
from ..store.opening import open_database


ADMIN_HELP = (f"第一个管理员的账号，如 张文书；密码由环境变量 {PASSWORD_ENV} 给出，没有时在终端里输入两次"
              "（不显示）。建好后显示恢复码")


def _unit_triple(text: str):
    from ..units import UnitSpec
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"“{text}”应写成 名称,简称,代码，例如 兴田村,兴田,500229115001")
    return UnitSpec(*parts)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="main.py", description="东安台账：不带窗口运行的任务。"
                                     "不带子命令时打开主窗口。本机建立了账号后，读写本机数据的子命令都要"
                                     "以一个账号运行（--account），能做什么与在窗口里登录这个账号时相同；"
                                     "--help、--version 不读数据，不需要账号。")
    parser.add_argument("--version", action="version", version=f"东安台账 {__version__}", help=VERSION_HELP)
    parser.add_argument("--data-dir", metavar="文件夹", help="数据文件夹（默认：程序旁的 db/，或环境变量 DONGAN_DATA）")
    parser.add_argument("--self-test", action="store_true",
                        help="自检：在临时数据库上写记录、Excel 和 PDF，全部成功时退出码为0"
                             "（不需要账号：不碰本机的数据）")
    add_account_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="子命令")

    init = sub.add_parser("init", help="首次设置本机单位（镇本级或一个村/社区），同时建立第一个管理员账号"
                                       "（不需要登录：本机还没有账号）")
    init.add_argument("kind", choices=("town", "village"), help="town=镇本级，village=村（社区）")
    init.add_argument("--name", required=True, metavar="名称", help="单位名称，如 东安镇 或 兴田村")
    init.add_argument("--short", required=True, metavar="简称", help="简称，用于文书编号，如 兴田")
    init.add_argument("--code", required=True, metavar="代码", help="单位代码，如 500229115001")
    init.add_argument("--village", action="append", default=[], type=_unit_triple,
                      metavar="名称,简称,代码", help="（镇本级）下辖的村（社区），可重复")
    init.add_argument("--access-code", metavar="接入码", help="（村）镇里给的接入码，也可以以后再填")
    init.add_argument("--admin", required=True, metavar="账号", help=ADMIN_HELP)
    init.set_defaults(needs=NO_ACCOUNT)

    demo = sub.add_parser("demo", help="在新的数据文件夹里装入示例数据（用于试用和测试），同时建立第一个"
                                       "管理员账号（不需要登录：本机还没有账号）")
    demo.add_argument("--size", choices=("village", "town"), default="village",
                      help="village：一个村约1000人；town：全镇10个村30000人")
    demo.add_argument("--seed", type=int, default=2026, metavar="数", help="随机数种子：同一个数得到同样的示例数据（默认2026）")
    demo.add_argument("--admin", required=True, metavar="账号", help=ADMIN_HELP)
    demo.set_defaults(needs=NO_ACCOUNT)

    sub.add_parser("check", help="检查数据库完整性和工作方案规则，一行一条，无问题时退出码为0")

    backup = sub.add_parser("backup", help="立即备份数据库（默认存入数据文件夹的 backups/）")
    backup.add_argument("--out", metavar="文件夹", help="备份到这个文件夹，例如 U 盘")
    backup.set_defaults(needs=session.BACKUP)
    restore = sub.add_parser("restore", help="用备份文件替换当前数据库（管理员；先检查备份，并先备份当前数据）")
    restore.add_argument("file", metavar="备份文件")
    restore.set_defaults(needs=session.RESTORE)

    for ledger in LEDGERS:  # a ledger's own commands (e.g. print a mediation document)
        if ledger.commands:
            load(f"{ledger.commands}:add_parsers")(sub)

    from .accounts import add_parsers as add_account_parsers
    from .audit import add_parsers as add_audit_parsers
    from .exchange import add_parsers as add_exchange_parsers
    from .units import add_parsers as add_unit_parsers
    add_exchange_parsers(sub)
    add_unit_parsers(sub, _unit_triple)
    add_account_parsers(sub)
    add_audit_parsers(sub)

    bench = sub.add_parser("bench", help="在参考镇上测速（与裸库对比）。不需要账号：在临时文件夹里自建参考镇，"
                                         "不碰本机的数据")
    bench.set_defaults(needs=NO_ACCOUNT)
    bench.add_argument("--repeat", type=int, default=5, metavar="次数", help="每项测几次，取中位数（默认5）")
    bench.add_argument("--no-window", action="store_true", help="不测窗口启动（没有显示器时）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "bench":
        from ..bench.run import run_bench
        return run_bench(repeat=args.repeat, window=not args.no_window)
    data_dir = paths.resolve_data_dir(args.data_dir)
    from ..logs import setup_logging
    setup_logging(data_dir)
    if args.command == "restore":  # before opening: the current database may be the damaged one
        return _restore(args, data_dir)
    try:
        open_database(paths.database_path(data_dir))
        with acting_account(args):
            return COMMANDS[args.command](args, data_dir)
    except (DatabaseError, ValidationError, BackupError, FileWriteError, PackageError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    finally:
        close_database()


def _init(args, data_dir: Path) -> int:
    from .accounts import first_admin, print_first_admin
    from .units import show_units
    from ..units import UnitSpec, is_set_up, setup_township, setup_village
    from ..exchange.access import set_home_access_code
    from ..store.accounts import create_first_admin
    from ..store.database import db
    spec = UnitSpec(args.name, args.short, args.code)
    if args.kind == "town" and args.access_code:
        raise ValidationError("镇本级不用填写接入码：接入码由本机为每个村（社区）下发。")
    if args.kind == "village" and args.village:
        raise ValidationError("村（社区）电脑不需要 --village。")
    if is_set_up():  # before asking for a password
        raise ValidationError("本机已经设置过单位了。要改名称、简称或代码，请用 main.py unit set。")
    admin = first_admin(args.admin)
    with db.atomic():  # a malformed 接入码 or a refused 管理员 leaves the PC not set up
        if args.kind == "town":
            unit = setup_township(spec, args.village)
        else:
            unit = setup_village(spec)
            if args.access_code:
                try:
                    set_home_access_code(unit, args.access_code)
                except ValueError as exc:
                    raise ValidationError(str(exc)) from None
        first = create_first_admin(*admin)
    print(f"已设置本机单位，数据文件夹：{data_dir}")
    show_units(unit)
    if unit.kind == "town":
        print("请把各村（社区）的接入码分别交给该村填写（只给本村的）。")
    elif not args.access_code:
        print("报送前请填写镇里给的接入码：main.py unit access-code 接入码（或在窗口的“设置 → 本单位信息”中填写）。")
    print_first_admin(*first)
    return 0


def _demo(args, data_dir: Path) -> int:
    from .accounts import first_admin, print_first_admin
    from ..sample.town import build_sample
    from ..store.accounts import create_first_admin
    from ..store.database import db
    from ..store.models import Household, Resident
    from ..units import is_set_up
    if is_set_up():  # before asking for a password
        raise ValidationError("本机已经设置过单位，示例数据只能装进一个新的数据文件夹。")
    admin = first_admin(args.admin)
    with db.atomic():
        unit = build_sample(args.size, seed=args.seed)
        first = create_first_admin(*admin)
    print(f"已装入示例数据：{unit.name}，{Household.select().count()}户，{Resident.select().count()}人。"
          f"数据文件夹：{data_dir}")
    print_first_admin(*first)
    return 0


def _check(args, data_dir: Path) -> int:
    from ..findings import all_findings
    problems = quick_check()
    for problem in problems:
        print(f"数据库：{problem}")
    findings = all_findings()
    for finding in findings:
        print(f"{finding.rule}：{finding.message}")
    if not problems and not findings:
        print("检查完毕，没有发现问题。")
    return 0 if not problems and not findings else 1


def _backup(args, data_dir: Path) -> int:
    from ..store.backup import backup_now, backup_to
    target = backup_to(Path(args.out)) if args.out else backup_now()
    print(f"已备份到：{target}")
    return 0


def _restore(args, data_dir: Path) -> int:
    from ..single_instance import AlreadyRunning, acquire
    from ..store.restore import BackupPasswordNeeded, restore
    try:
        lock = acquire(data_dir)  # never swap the database under an open window
    except AlreadyRunning as exc:
        print(f"错误：{exc}请先关闭程序窗口，再恢复。", file=sys.stderr)
        return 2
    try:
        with _restoring_as(args, paths.database_path(data_dir)):
            try:
                result = restore(Path(args.file), paths.database_path(data_dir))
            except BackupPasswordNeeded as needed:  # a 备份到U盘 copy: 接入码 or 恢复码
                code = login.read_secret(login.BACKUP_CODE_ENV, f"{needed}：", "备份的接入码或恢复码")
                result = restore(Path(args.file), paths.database_path(data_dir), password=code)
    except (BackupError, DatabaseError, ValidationError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    finally:
        close_database()
        lock.release()
    print(f"已从备份恢复：{result.info.describe()}。")
    if result.previous:
        print(f"恢复前的数据已留存为：{result.previous}")
    return 0


@contextmanager
def _restoring_as(args, database: Path) -> Iterator[None]:
    """``restore`` logs in on the database it replaces, and needs a 管理员 — unless there is
    none to ask: no database yet, an empty one (a new PC restoring its backup), or one too
    damaged (or too new) to read, which is what a restore is for."""
    from ..store import integrity
    from ..store.accounts import has_accounts
    from ..units import is_set_up
    if not database.exists():
        yield
        return
    problems = integrity.check_file(database)
    try:
        if problems:
            raise DatabaseError(problems[0])
        open_database(database)
    except DatabaseError as exc:
        print(f"注意：当前的数据库打不开（{exc}），无法核对账号，直接用备份恢复。", file=sys.stderr)
        yield
        return
    if not has_accounts() and not is_set_up():
        yield
        return
    with acting_account(args, log_out=False):
        yield


COMMANDS = {"init": _init, "demo": _demo, "check": _check, "backup": _backup}

from .accounts import COMMANDS as ACCOUNT_COMMANDS  # noqa: E402
from .audit import COMMANDS as AUDIT_COMMANDS  # noqa: E402
from .exchange import COMMANDS as EXCHANGE_COMMANDS  # noqa: E402
from .units import COMMANDS as UNIT_COMMANDS  # noqa: E402

for _commands in (EXCHANGE_COMMANDS, UNIT_COMMANDS, ACCOUNT_COMMANDS, AUDIT_COMMANDS):
    COMMANDS.update(_commands)


for _ledger in LEDGERS:
    if _ledger.commands:
        COMMANDS.update(load(f"{_ledger.commands}:COMMANDS"))
