"""导入花名册 (issue 12): a clerk's own Excel roster in, as the clerk would check it afterwards —
the people in the roster with their household, grid, relation, party membership and categories,
the 错误清单's cells, nothing twice, nothing half."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from dongan_desk.ledgers.roster import rules as roster_rules
from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.roster import excel_import_write
from dongan_desk.ledgers.roster.excel_import import (
    RosterFileError,
    confirm_import,
    open_roster,
    preview_import,
    write_error_list,
)
from dongan_desk.store.models import Grid, Household, Resident, ResidentCategory
from tests.ledgers.roster import roster_workbooks as books

TODAY = dt.date(2026, 1, 15)


def person(name: str) -> Resident:
    return Resident.get(Resident.name == name)


def categories(name: str) -> set[str]:
    return {link.category.name for link in person(name).category_links}


def counts() -> tuple[int, int, int, int]:
    return (Grid.select().count(), Household.select().count(), Resident.select().count(),
            ResidentCategory.select().count())


def test_village_roster_lands_in_households_and_grids(village, tmp_path):
    outcome = confirm_import(open_roster(books.village_roster(tmp_path / "花名册.xlsx")), today=TODAY)
    assert outcome.all_taken and outcome.committed
    assert (outcome.households_added, outcome.residents_added) == (3, 7)
    assert sorted(outcome.grids_added) == ["一组", "二组"]
    grids = {g.name: g for g in Grid.select().where(Grid.level == 3)}
    assert all(g.parent.level == 2 for g in grids.values())
    zhang = person("张德明")
    assert zhang.household.household_no == "001" and zhang.household.grid == grids["一组"]
    assert zhang.household.address == "兴田村一组12号"
    assert {p.name: p.relation for p in zhang.household.members} == {"张德明": "户主", "李秀英": "配偶", "张伟": "子"}
    assert zhang.is_party_member and not person("李秀英").is_party_member
    assert zhang.phone == "13823456789"  # the visible 联系电话, not the hidden 旧电话
    assert person("刘长江").household.grid == grids["二组"]
    assert categories("王富贵") == {"低保", "残疾"} and categories("张伟") == {"低保"}  # 备注 “低保户”
    assert categories("刘长江") == {"社区矫正"} and outcome.category_links_added == 4
    chen = person("陈桂兰")  # a 15-digit old number, converted
    assert chen.id_number == "500229195802142268" and chen.birth_date == dt.date(1958, 2, 14)
    assert any("15位" in w for w in outcome.warnings)
    child = person("刘小红")  # no ID number: the sheet's 性别 and 出生日期 (text “2010.05.06”)
    assert child.id_number is None and child.gender == "女" and child.birth_date == dt.date(2010, 5, 6)
    assert child.relation == "女" and child.household == person("刘长江").household
    assert any("合计行1行" in n and "空行1行" in n for n in outcome.notes)


def test_the_guessed_mapping_is_shown_and_can_be_changed(village, tmp_path):
    book = open_roster(books.group_sheets(tmp_path / "分组.xlsx"))
    second = book.sheet("二组")
    assert second.header_row == 2 and book.sheet("三组").header_row == 4
    lines = second.mapping_lines()
    assert "B 名字 → 姓名" in lines and "C 身份证号码 → 身份证号" in lines and "F 手机 → 联系电话" in lines
    assert "I 内部编码（隐藏列） → 不导入" in lines and "H 特殊群体 → 群体类别" in lines
    book.apply_overrides(["手机=不导入", "地址=备注"], ["低保"])
    assert "F 手机 → 不导入" in second.mapping_lines() and "E 地址 → 备注" in second.mapping_lines()
    second.mapping.set(4, "address")
    second.mapping.set(2, "address")  # a single field moves: the column it had goes back to 不导入
    assert second.mapping.columns_of("address") == [2] and second.mapping.field_of(4) == ""
    with pytest.raises(RosterFileError, match="看不懂"):
        book.apply_overrides(["手机=电报"], ["低保"])
    with pytest.raises(RosterFileError, match="没有叫“传真”的列"):
        book.apply_overrides(["传真=不导入"], ["低保"])


def test_preview_says_what_confirming_does_and_writes_nothing(village, tmp_path):
    book = open_roster(books.village_roster(tmp_path / "花名册.xlsx"))
    before = counts()
    preview = preview_import(book, today=TODAY)
    assert counts() == before and not preview.committed
    assert "将导入：3 户，7 人，新建院落网格 2 个（一组、二组），党员 1 人，群体类别 4 项" in preview.summary_lines()[0]
    done = confirm_import(book, today=TODAY)
    assert (done.households_added, done.residents_added, done.grids_added, done.party_members_added,
            done.category_links_added) == (preview.households_added, preview.residents_added, preview.grids_added,
                                           preview.party_members_added, preview.category_links_added)


def test_importing_the_same_rows_again_adds_nobody(village, tmp_path):
    path = books.village_roster(tmp_path / "花名册.xlsx")
    confirm_import(open_roster(path), today=TODAY)
    before = counts()
    again = confirm_import(open_roster(path), today=TODAY)
    assert counts() == before
    assert (again.households_added, again.residents_added, again.grids_added) == (0, 0, [])
    assert len(again.already_there) == 7 and again.all_taken
    assert any("刘小红" in line and "同名" in line for line in again.already_there)  # no ID: name + household


def test_refused_rows_go_into_the_error_list_with_what_to_do(village, tmp_path):
    source = books.group_sheets(tmp_path / "分组.xlsx")
    outcome = confirm_import(open_roster(source), today=TODAY)
    # The 孙 household (a wrong check character, a damaged numeric ID) and the 钱 household (表哥)
    # stay out whole; 赵 (full-width digits) and 吴 come in.
    assert {p.name for p in Resident.select()} == {"赵德才", "赵明", "吴芳"}
    assert person("赵德才").id_number == books.ZHAO and categories("赵德才") == {"残疾"}
    assert categories("赵明") == {"留守老人", "低保"} and person("赵明").is_party_member
    assert person("吴芳").household.grid.name == "三组" and categories("吴芳") == {"刑满释放"}
    assert outcome.refused_rows == 5
    target = write_error_list(outcome.problems, tmp_path / "错误清单.xlsx", source.name)
    book = load_workbook(target)
    assert book.sheetnames == ["二组", "三组"]
    ws = book["二组"]
    assert [c.value for c in ws[3]][:8] == ["原工作表", "原行号", "出错的列", "原来的内容", "问题", "怎么改",
                                            "序号", "名字"]
    rows = {ws.cell(r, 2).value: [c.value for c in ws[r]] for r in range(4, ws.max_row + 1)}
    assert sorted(rows) == [3, 4, 5]
    assert rows[4][2] == "C 身份证号码" and "校验位" in rows[4][4] and "对照身份证" in rows[4][5]
    assert rows[5][2] == "C 身份证号码" and "丢失" in rows[5][4] and "文本" in rows[5][5]
    assert rows[5][3] == "500229196811015000"  # the value as far as the cell kept it
    assert rows[3][2] == "整行" and "同一户" in rows[3][4]
    assert rows[4][6:9] == [2, "周丽", books.BAD_CHECK]  # the original row, to correct in place
    assert ws.freeze_panes == "G4" and ws.print_title_rows == "$3:$3"
    assert ws.cell(4, 5).alignment.wrap_text and ws.column_dimensions["E"].width >= 30
    assert ws.row_dimensions[5].height >= 30  # the long message wraps onto a second line
    third = book["三组"]
    assert third.cell(5, 3).value == "D 关系" and "表哥" in third.cell(5, 5).value
    assert third.cell(5, 4).value == "表哥"


def test_the_corrected_error_list_imports_the_missing_households(village, tmp_path):
    source = books.group_sheets(tmp_path / "分组.xlsx")
    outcome = confirm_import(open_roster(source), today=TODAY)
    target = write_error_list(outcome.problems, tmp_path / "错误清单.xlsx", source.name)
    book = load_workbook(target)
    book["二组"]["I5"] = books.SUN_WIFE  # the clerk corrects the cells in place
    book["二组"]["I6"] = books.id_number("19950505", 371)
    book["三组"]["J5"] = "其他"
    book.save(target)
    again = confirm_import(open_roster(target), today=TODAY)
    assert again.all_taken and again.residents_added == 5 and again.households_added == 2
    sun = person("孙强")  # “孙  强” padded in the sheet
    assert {p.name for p in sun.household.members} == {"孙强", "周丽", "孙小军"}
    assert sun.household.grid.name == "二组" and sun.is_party_member and person("周丽").relation == "配偶"
    assert person("钱多多").household == person("钱进").household and person("钱多多").relation == "其他"
    assert Grid.select().where(Grid.level == 3).count() == 2
    assert confirm_import(open_roster(target), today=TODAY).residents_added == 0


def test_a_party_list_sheet_marks_people_of_the_roster(village, tmp_path):
    outcome = confirm_import(open_roster(books.roster_and_party_list(tmp_path / "党员.xlsx")), today=TODAY)
    assert outcome.residents_added == 3  # the 党员 sheet adds nobody
    zheng = person("郑国强")
    assert zheng.is_party_member and zheng.party_branch == "兴田村党支部"
    assert zheng.party_join_date == dt.date(1985, 7, 1) and zheng.household.grid.name == "张家湾院落"
    daughter = person("郑小燕")  # no ID: matched by name, keeps the sheet's gender and birth date
    assert daughter.is_party_member and daughter.party_join_date == dt.date(2012, 7, 1)
    assert daughter.gender == "女" and daughter.birth_date == dt.date(1990, 6, 1)
    assert not person("冯春").is_party_member and outcome.party_members_added == 2
    [missing] = outcome.problems
    assert (missing.sheet, missing.row) == ("党员", 5) and "找不到陈不在" in missing.problem


def test_a_failure_mid_import_leaves_the_database_as_it_was(village, tmp_path, monkeypatch):
    confirm_import(open_roster(books.roster_and_party_list(tmp_path / "先有.xlsx")), today=TODAY)
    before = counts()
    real = roster_rules.save_resident
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("断电了")
        return real(*args, **kwargs)

    monkeypatch.setattr(excel_import_write.roster_rules, "save_resident", failing)
    with pytest.raises(RuntimeError):
        confirm_import(open_roster(books.village_roster(tmp_path / "花名册.xlsx")), today=TODAY)
    assert len(calls) == 5 and counts() == before
    assert not Grid.select().where(Grid.name == "一组").exists()


def test_a_thousand_rows(village, tmp_path):
    outcome = confirm_import(open_roster(books.big_roster(tmp_path / "全村.xlsx")), today=TODAY)
    assert outcome.all_taken and (outcome.households_added, outcome.residents_added) == (250, 1000)
    assert len(outcome.grids_added) == 8 and outcome.party_members_added == 34
    assert Resident.select().where(Resident.relation == "户主").count() == 250


def test_the_township_does_not_import_a_roster(township, tmp_path):
    with pytest.raises(ValidationError, match="镇本级的电脑不导入花名册"):
        open_roster(books.village_roster(tmp_path / "花名册.xlsx"))


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("姓名,身份证号\n张三,1", encoding="utf-8"), "不是 Excel 工作簿"),
    (lambda p: p.write_bytes(b""), "空文件"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le")),
     "设了打开密码"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "97-2003"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("word/document.xml", "<w/>"), "打不开"),
    (lambda p: p.write_bytes(books.village_roster(p.with_name("好的.xlsx")).read_bytes()[:3000]), "损坏"),
])
def test_a_file_that_is_not_a_readable_workbook_is_said_plainly(village, tmp_path, make, words):
    path = tmp_path / "花名册.xlsx"
    make(path)
    with pytest.raises(RosterFileError, match=words):
        open_roster(path)


def test_a_workbook_without_a_header_row_is_said_plainly(village, tmp_path):
    book = Workbook()
    book.active.append(["东安镇兴田村花名册"])
    book.active.append(["张三", "李四"])
    book.save(tmp_path / "没有标题.xlsx")
    opened = open_roster(tmp_path / "没有标题.xlsx")
    with pytest.raises(RosterFileError, match="都没有找到标题行"):
        preview_import(opened, today=TODAY)


def test_a_household_refused_by_the_roster_rules_leaves_no_trace(village, tmp_path):
    confirm_import(open_roster(books.roster_and_party_list(tmp_path / "先有.xlsx")), today=TODAY)
    before = counts()
    book = Workbook()
    books.add_sheet(book, "五组", ["姓名", "身份证号", "与户主关系", "住址"], [
        ["何平", books.id_number("19770707", 613), "户主", "兴田村五组1号"],
        ["郑国庆", books.id_number("19600101", 511), "子", ""],  # 郑国强's number under another name
        ["何", "", "女", ""],
        ["何" * 51, "", "女", ""],  # longer than a name may be: the roster's own rule refuses it
    ])
    outcome = confirm_import(open_roster(books.save(book, tmp_path / "五组.xlsx")), today=TODAY)
    assert counts() == before and outcome.grids_added == [] and outcome.residents_added == 0
    # 郑国庆's number puts the rows into 郑国强's household, which has its 户主: 何平 would be a second.
    assert {p.row: p.column for p in outcome.problems} == {4: "C 与户主关系", 5: "B 身份证号", 6: "",
                                                           7: "A 姓名"}
    by_row = {p.row: p.problem for p in outcome.problems}
    assert "已经登记在郑国强名下" in by_row[5] and "太长" in by_row[7] and "已有户主郑国强" in by_row[4]


def test_progress_is_told_household_by_household(village, tmp_path):
    seen: list[tuple[int, int]] = []
    preview_import(open_roster(books.village_roster(tmp_path / "花名册.xlsx")), today=TODAY,
                   progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_households_by_head_name_and_a_person_listed_twice(village, tmp_path):
    book = Workbook()
    headers = ["姓名", "户主姓名", "身份证号", "组", "性别"]
    hu = books.id_number("19660606", 711)
    books.add_sheet(book, "全村", headers, [
        ["胡大山", "胡大山", hu, 4, "男"],
        ["胡小山", "胡大山", "", "", "男"],
        ["林芝", "林芝", books.id_number("19720202", 722), "5", "女"],
    ])
    books.add_sheet(book, "四组", headers, [["胡大山", "胡大山", hu, "四组", "男"]])
    outcome = confirm_import(open_roster(books.save(book, tmp_path / "户主姓名.xlsx")), today=TODAY)
    assert outcome.all_taken and (outcome.households_added, outcome.residents_added) == (2, 3)
    hu_household = person("胡大山").household
    assert hu_household.grid.name == "4组" and person("胡小山").household == hu_household
    assert (person("胡大山").relation, person("胡小山").relation) == ("户主", "其他")
    assert person("林芝").household.grid.name == "5组" and person("林芝").relation == "户主"
    assert outcome.grids_added == ["4组", "5组"]  # “四组” is the same grid as “4组”
    assert outcome.already_there == ["四组 第4行 胡大山：已在本次导入的全村 第4行 胡大山，跳过"]


def test_a_known_household_is_not_moved_to_another_grid(village, tmp_path):
    confirm_import(open_roster(books.village_roster(tmp_path / "花名册.xlsx")), today=TODAY)
    book = Workbook()
    books.add_sheet(book, "三组", ["姓名", "身份证号", "与户主关系", "住址"], [
        ["张德明", books.ZHANG, "户主", "兴田村一组12号"],
        ["张欢", "", "孙女", ""],
    ])
    outcome = confirm_import(open_roster(books.save(book, tmp_path / "三组.xlsx")), today=TODAY)
    assert outcome.residents_added == 1 and outcome.households_added == 0 and outcome.grids_added == []
    assert person("张欢").household == person("张德明").household
    assert person("张德明").household.grid.name == "一组"
    assert any("户不移动" in w for w in outcome.warnings)
