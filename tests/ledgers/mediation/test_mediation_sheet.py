"""The mediation workbook read back: register, statistics by category and by tier."""
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dongan_desk.ledgers.mediation.ladder import save_step
from dongan_desk.ledgers.mediation.stats import Period
from dongan_desk.ledgers.mediation.sheets import (CATEGORY_SHEET, LEDGER_SHEET, TIER_SHEET,
                                                  ReportScope, write_mediation_workbook)

from tests.mediation_cases import (TODAY, accept, agreement_data, category, outsider,
                                   settle_at_tier_two, step_data)

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def workbook(village, tmp_path):
    settle_at_tier_two(village, [outsider("=张三"), outsider("李四")])   # 邻里, tier 2, written
    oral = accept(village, accepted_on=date(2026, 3, 20), amount="300")
    save_step(oral, step_data(date(2026, 3, 21), "settled"),
              agreement=agreement_data(date(2026, 3, 21), kind="oral", amount="300.5"), today=TODAY)
    failed = accept(village, category=category(village, "合同"), accepted_on=date(2026, 2, 1))
    save_step(failed, step_data(date(2026, 2, 2), "failed"), today=TODAY)
    accept(village, accepted_on=date(2026, 4, 2))  # after the quarter: not counted
    scope = ReportScope([village.id], "兴田村", PERIOD, "2026年第1季度", date(2026, 4, 3))
    target = write_mediation_workbook(tmp_path / "调解.xlsx", scope)
    book = load_workbook(target)
    yield book
    book.close()


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_register_sheet(workbook):
    assert workbook.sheetnames == [LEDGER_SHEET, CATEGORY_SHEET, TIER_SHEET]
    ws = workbook[LEDGER_SHEET]
    rows = rows_of(ws)
    assert rows[0][0] == "东安镇兴田村矛盾纠纷排查调处台账（2026年第1季度）"
    assert rows[1][0] == "填报单位（盖章）：兴田村"
    assert rows[2][:6] == ["序号", "编号", "受理日期", "案件来源", "纠纷类型", "当事人"]
    data = rows[3:6]
    assert [r[1] for r in data] == ["（2026）兴田人调字第1号", "（2026）兴田人调字第2号",
                                    "（2026）兴田人调字第3号"]
    first = dict(zip(rows[2], data[0]))
    assert first["当事人"] == "=张三、李四" and ws.cell(4, 6).data_type == "s"  # text, not a formula
    assert first["受理日期"].date() == date(2026, 3, 2)
    assert first["涉及金额（元）"] == 1200 and ws.cell(4, 8).number_format == "0.00"
    assert first["调解经过（四调）"] == "院户亲情调 ✗ 上升 → 村规民约调 ✓ 调解成功"
    assert first["协议形式"] == "书面协议" and first["司法确认申请截止日"].date() == date(2026, 4, 9)
    total = dict(zip(rows[2], rows[6]))
    assert total["序号"] == "合计" and total["涉及金额（元）"] == 2700
    assert total["协议涉及金额（元）"] == pytest.approx(800.5)
    assert rows[7][0].startswith("填报人：")
    assert ws.page_setup.orientation == "landscape" and ws.freeze_panes == "A4"


def test_the_category_sheet(workbook):
    ws = workbook[CATEGORY_SHEET]
    rows = rows_of(ws)
    assert rows[0][0] == "东安镇兴田村人民调解工作统计表（2026年第1季度）"
    assert rows[2] == ["序号", "纠纷类型", "受理件数", "调解成功件数", "成功率", "书面协议", "口头协议",
                       "协议涉及金额（元）"]
    by_name = {r[1]: r for r in rows[3:-2]}
    assert len(by_name) == 15 and rows[-3][1] == "其他"
    assert by_name["邻里"][2:] == [2, 2, 1, 1, 1, 800.5]
    assert by_name["合同"][2:5] == [1, 0, 0]
    assert by_name["物业"][2:5] == [0, 0, None]
    assert ws.cell(3 + list(by_name).index("邻里") + 1, 5).number_format == "0.0%"
    total = rows[-2]
    assert total[0] == "合计" and total[2:] == [3, 2, pytest.approx(2 / 3), 1, 1, 800.5]


def test_the_tier_sheet(workbook):
    rows = rows_of(workbook[TIER_SHEET])
    assert rows[0][0] == "东安镇兴田村“四调”分级调处统计表（2026年第1季度）"
    tiers = rows[3:7]
    assert [r[1] for r in tiers] == ["院户亲情调", "村规民约调", "支部说事调", "司法权威调"]
    assert [r[3:8] for r in tiers] == [[3, 3, 1, 1, 1], [0, 1, 1, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert [r[8] for r in tiers] == [0.5, 0.5, 0, 0]
    assert rows[7][0] == "合计" and rows[7][3] == 3 and rows[7][5] == 2 and rows[7][8] == 1


def test_the_township_register_names_each_unit(township, tmp_path):
    from dongan_desk.store.models import Unit
    accept(township)
    scope = ReportScope(None, "东安镇", PERIOD, "2026年第1季度", date(2026, 4, 3), show_unit=True)
    book = load_workbook(write_mediation_workbook(tmp_path / "镇.xlsx", scope))
    rows = rows_of(book[LEDGER_SHEET])
    assert rows[0][0] == "东安镇矛盾纠纷排查调处台账（2026年第1季度）"
    assert rows[2][1] == "所属单位" and rows[3][1] == Unit.get(Unit.kind == "town").name
    assert Decimal(str(rows[3][8])) == Decimal("1200")
    book.close()
