"""``python main.py [--data-dir DIR] SUBCOMMAND``: the program's jobs without a window."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, paths
from .cli_parser import VERSION_HELP, ChineseArgumentParser
from .errors import ValidationError
from .exchange.errors import PackageError
from .fileio import FileWriteError
from .ledgers.registry import LEDGERS, load
from .store.backup import BackupError
from .store.database import DatabaseError, close_database, quick_check
from .store.opening import open_database


def _unit_triple(text: str):
    from .units import UnitSpec
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"“{text}”应写成 名称,简称,代码，例如 兴田村,兴田,500229115001")
    return UnitSpec(*parts)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="main.py", description="东安台账：不带窗口运行的任务。"
                                     "不带子命令时打开主窗口。")
    parser.add_argument("--version", action="version", version=f"东安台账 {__version__}", help=VERSION_HELP)
    parser.add_argument("--data-dir", metavar="文件夹", help="数据文件夹（默认：程序旁的 db/，或环境变量 DONGAN_DATA）")
    parser.add_argument("--self-test", action="store_true",
                        help="自检：在临时数据库上写记录、Excel 和 PDF，全部成功时退出码为0")
    sub = parser.add_subparsers(dest="command", metavar="子命令")

    init = sub.add_parser("init", help="首次设置本机单位（镇本级或一个村/社区）")
    init.add_argument("kind", choices=("town", "village"), help="town=镇本级，village=村（社区）")
    init.add_argument("--name", required=True, metavar="名称", help="单位名称，如 东安镇 或 兴田村")
    init.add_argument("--short", required=True, metavar="简称", help="简称，用于文书编号，如 兴田")
    init.add_argument("--code", required=True, metavar="代码", help="单位代码，如 500229115001")
    init.add_argument("--village", action="append", default=[], type=_unit_triple,
                      metavar="名称,简称,代码", help="（镇本级）下辖的村（社区），可重复")
    init.add_argument("--access-code", metavar="接入码", help="（村）镇里给的接入码，也可以以后再填")

    demo = sub.add_parser("demo", help="装入示例数据（用于试用和测试）")
    demo.add_argument("--size", choices=("village", "town"), default="village",
                      help="village：一个村约1000人；town：全镇10个村30000人")
    demo.add_argument("--seed", type=int, default=2026, metavar="数", help="随机数种子：同一个数得到同样的示例数据（默认2026）")

    sub.add_parser("check", help="检查数据库完整性和工作方案规则，一行一条，无问题时退出码为0")

    backup = sub.add_parser("backup", help="立即备份数据库（默认存入数据文件夹的 backups/）")
    backup.add_argument("--out", metavar="文件夹", help="备份到这个文件夹，例如 U 盘")
    restore = sub.add_parser("restore", help="用备份文件替换当前数据库（先检查备份，并先备份当前数据）")
    restore.add_argument("file", metavar="备份文件")

    for ledger in LEDGERS:  # a ledger's own commands (e.g. print a mediation document)
        if ledger.commands:
            load(f"{ledger.commands}:add_parsers")(sub)

    from .cli_exchange import add_parsers as add_exchange_parsers
    from .cli_units import add_parsers as add_unit_parsers
    add_exchange_parsers(sub)
    add_unit_parsers(sub, _unit_triple)

    bench = sub.add_parser("bench", help="在参考镇上测速（与裸库对比）")
    bench.add_argument("--repeat", type=int, default=5, metavar="次数", help="每项测几次，取中位数（默认5）")
    bench.add_argument("--no-window", action="store_true", help="不测窗口启动（没有显示器时）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "bench":
        from .bench.run import run_bench
        return run_bench(repeat=args.repeat, window=not args.no_window)
    data_dir = paths.resolve_data_dir(args.data_dir)
    from .logs import setup_logging
    setup_logging(data_dir)
    if args.command == "restore":  # before opening: the current database may be the damaged one
        return _restore(args, data_dir)
    try:
        open_database(paths.database_path(data_dir))
        return COMMANDS[args.command](args, data_dir)
    except (DatabaseError, ValidationError, BackupError, FileWriteError, PackageError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    finally:
        close_database()


def _init(args, data_dir: Path) -> int:
    from .cli_units import show_units
    from .units import UnitSpec, setup_township, setup_village
    from .exchange.access import set_home_access_code
    from .store.database import db
    spec = UnitSpec(args.name, args.short, args.code)
    if args.kind == "town":
        if args.access_code:
            raise ValidationError("镇本级不用填写接入码：接入码由本机为每个村（社区）下发。")
        unit = setup_township(spec, args.village)
    else:
        if args.village:
            raise ValidationError("村（社区）电脑不需要 --village。")
        with db.atomic():  # a malformed 接入码 leaves the PC not set up, to try again
            unit = setup_village(spec)
            if args.access_code:
                try:
                    set_home_access_code(unit, args.access_code)
                except ValueError as exc:
                    raise ValidationError(str(exc)) from None
    print(f"已设置本机单位，数据文件夹：{data_dir}")
    show_units(unit)
    if unit.kind == "town":
        print("请把各村（社区）的接入码分别交给该村填写（只给本村的）。")
    elif not args.access_code:
        print("报送前请填写镇里给的接入码：main.py unit access-code 接入码（或在窗口的“设置 → 本单位信息”中填写）。")
    return 0


def _demo(args, data_dir: Path) -> int:
    from .sample.town import build_sample
    from .store.models import Household, Resident
    unit = build_sample(args.size, seed=args.seed)
    print(f"已装入示例数据：{unit.name}，{Household.select().count()}户，{Resident.select().count()}人。"
          f"数据文件夹：{data_dir}")
    return 0


def _check(args, data_dir: Path) -> int:
    from .findings import all_findings
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
    from .store.backup import backup_now, backup_to
    target = backup_to(Path(args.out)) if args.out else backup_now()
    print(f"已备份到：{target}")
    return 0


def _restore(args, data_dir: Path) -> int:
    from .single_instance import AlreadyRunning, acquire
    from .store.restore import restore
    try:
        lock = acquire(data_dir)  # never swap the database under an open window
    except AlreadyRunning as exc:
        print(f"错误：{exc}请先关闭程序窗口，再恢复。", file=sys.stderr)
        return 2
    try:
        result = restore(Path(args.file), paths.database_path(data_dir))
    except (BackupError, DatabaseError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    finally:
        close_database()
        lock.release()
    print(f"已从备份恢复：{result.info.describe()}。")
    if result.previous:
        print(f"恢复前的数据已留存为：{result.previous}")
    return 0


COMMANDS = {"init": _init, "demo": _demo, "check": _check, "backup": _backup}

from .cli_exchange import COMMANDS as EXCHANGE_COMMANDS  # noqa: E402
from .cli_units import COMMANDS as UNIT_COMMANDS  # noqa: E402

COMMANDS.update(EXCHANGE_COMMANDS)
COMMANDS.update(UNIT_COMMANDS)


for _ledger in LEDGERS:
    if _ledger.commands:
        COMMANDS.update(load(f"{_ledger.commands}:COMMANDS"))
