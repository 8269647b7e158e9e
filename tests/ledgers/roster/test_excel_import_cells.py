"""导入花名册: one cell of a village sheet read as the roster stores it, or refused with what to do."""
from __future__ import annotations

import datetime as dt

import pytest

from dongan_desk.ledgers.roster.excel_import_fields import (
    CellProblem,
    clean_name,
    guess_field,
    read_categories,
    read_date,
    read_id_number,
    read_relation,
    read_yes_no,
)
from dongan_desk.ledgers.roster.excel_import_plan import grid_key
from tests.ledgers.roster.roster_workbooks import id_number, old_id_number

TODAY = dt.date(2026, 1, 15)
CATEGORIES = ["低保", "特困供养", "残疾", "留守老人", "社区矫正", "刑满释放"]


@pytest.mark.parametrize("value", ["1962.03.05", "1962.3.5", "1962年3月5日", "19620305", "1962-03-05",
                                   "1962/3/5", "１９６２年３月５日", dt.datetime(1962, 3, 5), dt.date(1962, 3, 5),
                                   22710])
def test_dates_as_clerks_write_them(value):
    assert read_date(value, "出生日期", TODAY) == dt.date(1962, 3, 5)


@pytest.mark.parametrize("value, words", [("1962.13.05", "看不懂或不存在"), ("六二年", "看不懂"),
                                          ("2030-01-01", "晚于今天")])
def test_dates_that_cannot_be_right(value, words):
    with pytest.raises(CellProblem, match=words):
        read_date(value, "出生日期", TODAY)


def test_id_numbers_as_cells_hold_them():
    number = id_number("19620305", 131)
    assert read_id_number(number.lower(), TODAY) == (number, None)
    assert read_id_number(f" {number[:6]} {number[6:]} ", TODAY)[0] == number
    assert read_id_number(None, TODAY) == (None, None)
    old = old_id_number("19580214", 226)
    converted, note = read_id_number(int(old), TODAY)  # 15 digits survive a number cell
    assert converted == id_number("19580214", 226) and "15位" in note
    with pytest.raises(CellProblem, match="只保留前15位，后3位已经丢失") as damaged:
        read_id_number(float(number[:-1] + "0"), TODAY)
    assert "文本" in damaged.value.advice
    with pytest.raises(CellProblem, match="科学计数法"):
        read_id_number("5.00229E+17", TODAY)
    with pytest.raises(CellProblem, match="校验位"):
        read_id_number(number[:17] + ("1" if number[17] != "1" else "2"), TODAY)


@pytest.mark.parametrize("word, code", [("户主", "户主"), ("本人", "户主"), ("妻", "配偶"), ("丈夫", "配偶"),
                                        ("长子", "子"), ("次女", "女"), ("母亲", "父母"), ("孙女", "孙子女"),
                                        ("弟弟", "兄弟姐妹"), ("儿媳", "其他")])
def test_relation_words(word, code):
    assert read_relation(word)[0] == code


def test_unknown_relation_and_party_words_are_refused():
    with pytest.raises(CellProblem, match="表哥"):
        read_relation("表哥")
    assert read_yes_no("中共党员", "党员") is True and read_yes_no("群众", "党员") is False
    assert read_yes_no("√", "党员") is True and read_yes_no("", "党员") is None
    with pytest.raises(CellProblem, match="看不懂"):
        read_yes_no("积极分子", "党员")


def test_category_words():
    assert read_categories("低保户、二级肢体残疾", CATEGORIES, strict=True) == ["低保", "残疾"]
    assert read_categories("五保户；刑释人员", CATEGORIES, strict=True) == ["特困供养", "刑满释放"]
    assert read_categories("常年在外务工，低保", CATEGORIES, strict=False) == ["低保"]
    with pytest.raises(CellProblem, match="不在本村的类别里"):
        read_categories("退役军人", CATEGORIES, strict=True)


@pytest.mark.parametrize("header, key", [("姓名", "name"), ("名字", "name"), ("户主姓名", "head_name"),
                                         ("公民身份号码", "id_number"), ("身份证号\n（18位）", "id_number"),
                                         ("与户主关系", "relation"), ("户号", "household_no"),
                                         ("家庭住址", "address"), ("联系电话", "phone"), ("手机号码", "phone"),
                                         ("村民小组", "group"), ("社", "group"), ("院落网格", "courtyard"),
                                         ("政治面貌", "party"), ("是否党员", "party"), ("困难类别", "categories"),
                                         ("备注", "note"), ("出生年月", "birth_date"), ("民族", ""), ("序号", ""),
                                         ("网格员", ""), ("低保", "flag:低保")])
def test_header_words(header, key):
    assert guess_field(header, CATEGORIES) == key


def test_names_and_grid_names_as_a_clerk_reads_them():
    assert clean_name("王  芳") == "王芳" and clean_name("阿依古丽•买买提") == "阿依古丽·买买提"
    assert grid_key("一组") == grid_key("1组") == grid_key("１组 ") and grid_key("十二组") == grid_key("12组")
    assert grid_key("一组") != grid_key("二组")
