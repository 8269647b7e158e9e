"""Village 花名册 workbooks as clerks keep them, made with openpyxl for the import tests: merged
title rows, a date line, the header somewhere in the first rows, their own header words, blank
rows, 合计 rows, hidden columns, several sheets."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from dongan_desk.idnumbers import check_char


def id_number(birth: str, seq: int, area: str = "500229") -> str:
    """A valid 18-digit ID: ``birth`` as YYYYMMDD; an odd ``seq`` is a man."""
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + check_char(first17)


def old_id_number(birth: str, seq: int, area: str = "500229") -> str:
    """The 15-digit form (YYMMDD) of the same person's number."""
    return f"{area}{birth[2:]}{seq:03d}"


def add_sheet(book: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
              titles: Sequence[str] = ("东安镇兴田村花名册（2025年）",),
              subtitle: str | None = "填报日期：2025年3月1日",
              hidden: Sequence[str] = (), total: bool = False, blank_after: Sequence[int] = (),
              text_columns: Sequence[int] = ()) -> int:
    """Write a sheet; returns the header's row number. ``rows`` are cell values in header order;
    ``blank_after`` lists data indexes followed by an empty row; ``hidden`` holds header words."""
    ws = book.create_sheet(title)
    width = len(headers)
    row = 1
    for text in titles:
        ws.cell(row, 1, text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    if subtitle:
        ws.cell(row, 1, subtitle)
        row += 1
    header_row = row
    for col, header in enumerate(headers, start=1):
        ws.cell(row, col, header)
    for index, values in enumerate(rows):
        row += 1
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value)
            if col - 1 in text_columns and isinstance(value, str):
                cell.number_format = "@"
        if index in blank_after:
            row += 1
    if total:
        row += 1
        ws.cell(row, 1, "合计")
        ws.cell(row, 3, f"{len(rows)}人")
    for word in hidden:
        ws.column_dimensions[get_column_letter(list(headers).index(word) + 1)].hidden = True
    return header_row


def save(book: Workbook, path: Path) -> Path:
    if "Sheet" in book.sheetnames and len(book.sheetnames) > 1:
        book.remove(book["Sheet"])
    book.save(path)
    return path


# ---- the village of the tests -------------------------------------------------------------

ZHANG = id_number("19620305", 131)        # 张德明, 户主 of 一组 1, 党员
ZHANG_WIFE = id_number("19640712", 242)   # 李秀英
ZHANG_SON = id_number("19880101", 351)    # 张伟, 低保 (in 备注)
WANG = id_number("19550920", 117)         # 王富贵, 户主 of 一组 2, 残疾、低保
WANG_WIFE_OLD = old_id_number("19580214", 226)  # 陈桂兰: a 15-digit old number
LIU = id_number("19700630", 419)          # 刘长江, 户主 of 二组 1, 社区矫正


def village_roster(path: Path) -> Path:
    """One sheet, household numbers, a group column, dates as text, a hidden column, a 合计 row."""
    book = Workbook()
    headers = ["序号", "户编号", "姓名", "性别", "公民身份号码", "与户主关系", "出生日期", "民族", "政治面貌",
               "村民小组", "家庭住址", "联系电话", "困难类别", "备注", "旧电话"]
    rows = [
        [1, "001", "张德明", "男", ZHANG, "户主", "1962.03.05", "汉族", "中共党员", "一组", "兴田村一组12号",
         "138 2345 6789", "", "", "000"],
        [2, "001", "李秀英", "女", ZHANG_WIFE, "妻", "1964年7月12日", "汉族", "群众", "", "", "", "", "", ""],
        [3, "001", "张伟", "男", ZHANG_SON, "长子", "19880101", "汉族", "群众", "", "", "13912345678", "",
         "低保户", ""],
        [4, "002", "王富贵", "男", WANG, "户主", dt.datetime(1955, 9, 20), "土家族", "群众", "一组",
         "兴田村一组15号", "023-59221234", "残疾、低保", "", ""],
        [5, "002", "陈桂兰", "女", WANG_WIFE_OLD, "配偶", "1958-02-14", "汉族", "群众", "一组", "", "", "", "",
         ""],
        [6, "003", "刘长江", "男", LIU, "户主", "1970/6/30", "汉族", "群众", "二组", "兴田村二组3号",
         "15823456789", "社区矫正", "", ""],
        [7, "003", "刘小红", "女", "", "女", "2010.05.06", "汉族", "", "二组", "", "", "", "", ""],
    ]
    add_sheet(book, "花名册", headers, rows, titles=("东安镇兴田村花名册（2025年）",), hidden=("旧电话",),
              total=True, blank_after=(2,), text_columns=(1, 4))
    return save(book, path)


# 二组 and 三组 as two sheets, each household started by its 户主 row, no 组 column.
SUN = id_number("19680811", 153)
SUN_WIFE = id_number("19700102", 264)
ZHAO = id_number("19451203", 171)
ZHAO_SON = id_number("19750505", 195)
BAD_CHECK = SUN_WIFE[:17] + ("0" if SUN_WIFE[17] != "0" else "1")  # one wrong check character
DAMAGED = 5.00229196811015e17  # an 18-digit ID typed into a number cell: the tail is gone
FULL_WIDTH = "".join(chr(ord(ch) + 0xFEE0) for ch in ZHAO)  # １２３… as an input method types it


def group_sheets(path: Path) -> Path:
    """Two sheets named after their groups; their own header words; 户主 rows start households;
    a full-width ID, a padded name, a 小计 row, a hidden column; and three rows a clerk must fix:
    a damaged numeric ID, a wrong check character, an unknown relation."""
    book = Workbook()
    headers = ["序号", "名字", "身份证号码", "关系", "地址", "手机", "党员", "特殊群体", "内部编码"]
    add_sheet(book, "二组", headers, [
        [1, "孙  强", SUN, "户主", "兴田村二组8号", "13800001111", "√", "", "X1"],
        [2, "周丽", BAD_CHECK, "妻子", "兴田村二组8号", "", "", "", "X2"],
        [3, "孙小军", DAMAGED, "儿子", "兴田村二组8号", "", "", "", "X3"],
        [4, "赵德才", FULL_WIDTH, "户主", "兴田村二组9号", "023-59220000", "", "残疾人", "X4"],
        [5, "赵明", ZHAO_SON, "长子", "兴田村二组9号", "", "是", "留守老人，低保", "X5"],
    ], titles=("东安镇兴田村二组花名册",), subtitle=None, hidden=("内部编码",))
    add_sheet(book, "三组", headers, [
        [1, "钱进", id_number("19800101", 311), "户主", "兴田村三组1号", "", "", "", ""],
        [2, "钱多多", "", "表哥", "兴田村三组1号", "", "", "", ""],
        [3, "吴芳", id_number("19820214", 422), "户主", "兴田村三组2号", "", "", "刑释人员", ""],
    ], titles=("东安镇兴田村三组花名册", "（2025年3月更新）"), subtitle="制表：村委会")
    ws = book["三组"]
    ws.cell(ws.max_row + 1, 1, "小计")
    ws.cell(ws.max_row + 2, 1, "填表人：李会计")
    return save(book, path)


def roster_and_party_list(path: Path) -> Path:
    """A 花名册 sheet with a 院落 column and a 党员 sheet that only names members."""
    book = Workbook()
    add_sheet(book, "花名册", ["户号", "姓名", "身份证号", "与户主关系", "院落", "住址", "电话", "出生年月", "性别"], [
        ["1", "郑国强", id_number("19600101", 511), "户主", "张家湾院落", "兴田村张家湾1号", "", "", ""],
        ["1", "郑小燕", "", "女", "张家湾院落", "", "", "1990年6月1日", "女"],
        ["2", "冯春", id_number("19730303", 533), "户主", "李家坪院落", "兴田村李家坪5号", "", "", ""],
    ])
    add_sheet(book, "党员", ["序号", "姓名", "身份证号", "入党日期", "所在支部"], [
        [1, "郑国强", id_number("19600101", 511), dt.date(1985, 7, 1), "兴田村党支部"],
        [2, "郑小燕", "", "2012.07.01", "兴田村党支部"],
        [3, "陈不在", "", "2001.07.01", "兴田村党支部"],
    ], titles=("兴田村党员名册",), subtitle=None)
    return save(book, path)


def big_roster(path: Path, people: int = 1000) -> Path:
    """A village of ``people`` in households of four, spread over eight groups."""
    book = Workbook()
    relations = ("户主", "配偶", "长子", "长女")
    rows = []
    for n in range(people):
        household = n // 4
        rows.append([n + 1, f"{household + 1:04d}", f"村民{n:04d}", id_number(f"19{50 + n % 45}0{1 + n % 9}1{n % 9}",
                     n % 1000), relations[n % 4], f"{household % 8 + 1}组", f"兴田村{household + 1}号",
                     f"138{n:08d}", "低保" if n % 17 == 0 else "", "中共党员" if n % 30 == 0 else "群众"])
    add_sheet(book, "花名册", ["序号", "户号", "姓名", "身份证号", "关系", "组", "住址", "电话", "类别", "政治面貌"],
              rows, text_columns=(1, 3))
    return save(book, path)
