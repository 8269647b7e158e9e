"""The 党员结对帮扶公示表 as a township report sheet, read back."""
from datetime import date

from openpyxl import load_workbook

from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.pairing.publicity import HEADERS, notice_members, notice_rows
from dongan_desk.ledgers.pairing.sheets import write_pairing_sheet

from pairing_fixtures import TODAY, build_village, pairing_data

KEYS = ("name", "identity", "commitment", "duties", "targets", "help", "households")


def test_the_sheet_reads_back_in_the_township_style(village, tmp_path):
    town = build_village(village)
    pairing.save_pairing(pairing_data(town.member_a, town.poor, help_content="协助低保年审"),
                         today=TODAY)
    pairing.save_pairing(pairing_data(town.member_b, household=town.watched_home,
                                      help_content="=督促报到"), today=TODAY)
    rows = notice_rows(notice_members(village.id), public=False)
    target = tmp_path / "公示表.xlsx"
    write_pairing_sheet(target, unit_name="兴田村", headers=[HEADERS[k] for k in KEYS],
                        rows=[r.values(KEYS) for r in rows], fill_date=date(2026, 11, 28))
    ws = load_workbook(target).active
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    assert values[0][0] == "兴田村党员结对帮扶公示表"
    assert values[1][0] == "填报单位（盖章）：兴田村"
    assert values[2] == ["序号", "结对党员", "身份（所在支部、职务）", "承诺", "职责", "结对帮扶对象",
                         "帮扶内容", "结对户数"]
    assert values[3][:2] == [1, "李红梅"] and values[3][5] == "刘某户（整户）（社区矫正）兴田村3组5号"
    assert values[3][6] == "=督促报到" and ws.cell(4, 7).data_type == "s"  # text, never a formula
    assert values[4][:2] == [2, "王建国"] and values[4][5] == "张大爷（低保）兴田村2组8号"
    assert values[4][7] == 1 and isinstance(values[4][7], int)
    assert values[5][0] == "合计" and values[5][7] == 2
    assert values[6][0].startswith("填报人：")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$3"
    assert ws.freeze_panes == "A4"


def test_an_empty_unit_still_makes_a_sheet(village, tmp_path):
    target = tmp_path / "空.xlsx"
    write_pairing_sheet(target, unit_name="兴田村", headers=[HEADERS[k] for k in KEYS], rows=[],
                        fill_date=TODAY)
    ws = load_workbook(target).active
    assert ws.cell(3, 2).value == "结对党员" and ws.cell(4, 1).value == "合计"
