"""The ``unit`` sub-command: the home unit's name, short name, code and 接入码, and (township)
the list of villages with their 接入码."""
from __future__ import annotations

import sys
from pathlib import Path

from ..store import session


def add_parsers(sub, unit_triple) -> None:
    unit = sub.add_parser("unit", help="查看或修改本单位信息、接入码；镇本级管理村（社区）名单")
    actions = unit.add_subparsers(dest="unit_action", metavar="操作", required=True)
    actions.add_parser("show", help="本单位信息；镇本级另列各村（社区）的代码和接入码（接入码只给管理员看）")
    change = actions.add_parser("set", help="修改本单位（或镇本级名单中一个村）的名称、简称、代码")
    change.add_argument("--village", metavar="现代码", help="（镇本级）要改的村（社区）的现代码")
    change.add_argument("--name", metavar="名称", help="新的单位名称")
    change.add_argument("--short", metavar="简称", help="新的简称（用于文书编号）")
    change.add_argument("--code", metavar="代码", help="新的12位单位代码")
    change.add_argument("--yes", action="store_true", help="不加此项只说明改动的后果，不保存")
    code = actions.add_parser("access-code", help="（村）填写镇里给的接入码")
    code.add_argument("code", metavar="接入码", help="如 K7QM-3XWA-9TPR-CE4H")
    add = actions.add_parser("add-village", help="（镇本级）在名单中添加一个村（社区），并下发接入码")
    add.add_argument("village", type=unit_triple, metavar="名称,简称,代码", help="如 兴田村,兴田,500229115201")
    reissue = actions.add_parser("reissue", help="（镇本级）为一个村（社区）重新下发接入码（旧的作废）")
    reissue.add_argument("village_code", metavar="村代码", help="要重新下发接入码的村（社区）的单位代码")
    for changing in (change, code, add, reissue):  # 设置: the 管理员's
        changing.set_defaults(needs=session.SETTINGS)


def run(args, data_dir: Path) -> int:
    from ..units import home_unit
    return {"show": _show, "set": _set, "access-code": _access_code, "add-village": _add,
            "reissue": _reissue}[args.unit_action](args, home_unit())


def _show(args, home) -> int:
    show_units(home)
    return 0


def show_units(home) -> None:
    """The home unit; on the township its villages with their codes, 接入码 and any warning."""
    from ..units import town_mismatch, villages
    from ..exchange.access import access_code_of
    secrets = session.can(session.SETTINGS)  # a 接入码 seals packages: the 管理员's to hand out
    print(f"本单位：{home.name}（简称 {home.short_name}，代码 {home.code}，"
          f"{home.choice_label('kind', home.kind)}）")
    if home.kind == "town":
        print("村（社区）名单：名称、简称、代码、接入码")
        for village in villages():
            code = (access_code_of(village) or "（未下发）") if secrets else "（仅管理员可见）"
            print(f"  {village.name}\t{village.short_name}\t{village.code}\t{code}")
            warning = town_mismatch(village.code, home.code)
            if warning:
                print(f"  注意：{warning}", file=sys.stderr)
    else:
        print("接入码：" + ("已填写" if access_code_of(home) else "未填写（报送前须填写镇里给的接入码）"))


def _set(args, home) -> int:
    from ..errors import ValidationError
    from ..units import UnitSpec, apply_unit_change, plan_unit_change
    from ..store.models import Unit
    unit = home
    if args.village:
        if home.kind != "town":
            raise ValidationError("只有镇本级才能修改名单中的村（社区）。")
        unit = Unit.get_or_none(Unit.code == args.village.strip(), Unit.kind == "village")
        if unit is None:
            raise ValidationError(f"名单里没有代码为 {args.village} 的村（社区）。")
    change = plan_unit_change(unit, UnitSpec(args.name if args.name is not None else unit.name,
                                             args.short if args.short is not None else unit.short_name,
                                             args.code if args.code is not None else unit.code))
    if not change.any:
        print("没有改动。")
        return 0
    for line in change.consequences + [f"注意：{w}" for w in change.warnings]:
        print(line)
    if not args.yes:
        print("以上改动尚未保存；确认无误后加 --yes 再运行一次。")
        return 1
    apply_unit_change(change)
    print(f"已保存：{unit.name}（简称 {unit.short_name}，代码 {unit.code}）。")
    return 0


def _access_code(args, home) -> int:
    from ..errors import ValidationError
    from ..exchange.access import set_home_access_code
    if home.kind == "town":
        raise ValidationError("镇本级不用填写接入码：接入码由镇本级为每个村（社区）下发（unit show 可查看）。")
    try:
        set_home_access_code(home, args.code)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    print("已保存接入码。以后的报送包都用它加封。")
    return 0


def _add(args, home) -> int:
    from ..units import add_village
    from ..exchange.access import access_code_of
    unit, warnings = add_village(args.village)
    for warning in warnings:
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已添加：{unit.name}（{unit.code}），接入码 {access_code_of(unit)}（请交给村里填写）")
    return 0


def _reissue(args, home) -> int:
    from ..errors import ValidationError
    from ..exchange.access import issue_access_code
    from ..store.models import Unit
    unit = Unit.get_or_none(Unit.code == args.village_code.strip(), Unit.kind == "village")
    if home.kind != "town" or unit is None:
        raise ValidationError(f"名单里没有代码为 {args.village_code} 的村（社区）（只有镇本级能下发接入码）。")
    print(f"{unit.name} 的新接入码：{issue_access_code(unit)}。旧接入码作废：村里须在本机填写新接入码后重新导出。")
    return 0


COMMANDS = {"unit": run}
