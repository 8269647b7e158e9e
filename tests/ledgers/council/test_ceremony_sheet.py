"""The 红白事报备登记表 in the township's report style, read back with openpyxl."""
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from dongan_desk.ledgers.council import ceremony, print_data as council_print
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.council.sheets import SHEET_TITLE, write_ceremony_workbook
from dongan_desk.store.models import Grid


@pytest.fixture
def filings(village):
    grid = roster.save_grid({"name": "张家院子", "parent": Grid.get(Grid.level == 2)}).record
    home = roster.save_household({"grid": grid, "address": "兴田村3组17号"}).record
    roster.save_resident({"household": home, "name": "=张德明"})  # formula-like text stays text
    today = date(2026, 11, 28)
    made = []
    for start, tables, kind in ((date(2026, 11, 3), "12", "funeral"), (date(2026, 11, 20), "25", "wedding"),
                                (date(2026, 12, 20), "8", "birthday")):
        made.append(ceremony.save_filing(village, {
            "kind": kind, "household": home, "start_on": start, "end_on": start, "tables": tables,
            "guests": str(int(tables) * 9), "filed_on": min(start, today), "place": "自家院坝",
            "breach_note": "按实登记"}, today=today).record)
    ceremony.record_supervision(made[0], {"outcome": "problem", "supervisor": "王理事",
                                          "problem": "燃放烟花"}, today=today)
    return made


def test_sheet_reads_back_with_title_rows_totals_and_print_setup(tmp_path, village, filings):
    rows = council_print.register_rows([village.id], date(2026, 11, 1), date(2026, 11, 30))
    target = write_ceremony_workbook(tmp_path / "登记表.xlsx", unit_name=village.name,
                                     period="2026年11月", fill_date=date(2026, 11, 28),
                                     headers=council_print.register_headers(False), rows=rows)
    wb = load_workbook(target)
    ws = wb[SHEET_TITLE]
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "兴田村红白事报备登记表（2026年11月）"
    assert values[1][0] == "填报单位（盖章）：兴田村"
    assert values[2][:4] == ("序号", "类别", "主家姓名", "事由")
    assert len(values) == 3 + 2 + 2  # title, unit, header; two filings; 合计, signatures
    first, second = values[3], values[4]
    assert first[:3] == (1, "丧事", "=张德明")
    assert ws.cell(4, 3).data_type == "s"  # text, never a formula
    assert first[4] == datetime(2026, 11, 3) and ws.cell(4, 5).number_format == "yyyy-mm-dd"
    assert first[-1] == "存在问题：燃放烟花"
    assert "桌数25桌，超过限额20桌" in second[-2]
    total = values[5]
    headers = values[2]
    assert total[0] == "合计"
    assert total[headers.index("预计桌数")] == 37 and total[headers.index("预计人数")] == 333
    assert values[6][0].startswith("填报人")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$3"
    assert ws.freeze_panes == "A4"


def test_sheet_for_the_township_has_a_village_column(tmp_path, village, filings):
    rows = council_print.register_rows(None, date(2026, 1, 1), date(2026, 12, 31), with_unit=True)
    target = write_ceremony_workbook(tmp_path / "全镇.xlsx", unit_name="东安镇", period="2026年",
                                     fill_date=date(2026, 11, 28),
                                     headers=council_print.register_headers(True), rows=rows)
    values = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert values[2][1] == "村（社区）"
    assert [v[1] for v in values[3:6]] == ["兴田村"] * 3
