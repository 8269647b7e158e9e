"""Paper looks like paper (issue 12): what a clerk gets printing the 报送包 and the 全镇汇总表 —
rows tall enough for their wrapped text, short values whole, the wide 矛盾纠纷排查调处台账 on A3,
the data sheets out of printing (and still imported), the chart on a sheet of its own."""
import datetime as dt
import math

import pytest
from openpyxl import Workbook, load_workbook

from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.package import INFO_SHEET, export_package
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.report_sheet import write_report_sheet
from dongan_desk.exchange.summary import write_summary
from dongan_desk.ledgers.mediation.models import Dispute
from dongan_desk.store.models import Resident
from dongan_desk.store.scope import model_title, synced_models
from dongan_desk.units import home_unit
from tests.access_helpers import open_package

LEDGER = "矛盾纠纷排查调处台账"
REPORTS = ("网格及党员网格员", "党员结对帮扶公示表", "红白事报备登记表", LEDGER, "按纠纷类型统计",
           "按调解层级统计", "村规民约制定情况", "村规民约发放情况", "网络舆情登记表",
           "网络群及管理员名册")
A4, A3 = 9, 8
FACTS = ("2026年1月3日，甲方在自家承包地边修建猪圈，占用了两家之间的公共通道约一米宽，"
         "乙方认为影响通行和排水，多次协商未果，双方在院坝发生争执，经院落长劝解后申请调解。")


def naive_lines(value, width: float) -> int:
    """An independent, simple count: two units a CJK character, one otherwise, no padding."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))
    return max(1, math.ceil(units / width))


def assert_rows_fit(ws, first: int, last: int, size: float = 11) -> None:
    """Every row has a height, and each text cell's lines fit in it at ``size`` points."""
    widths = {col: ws.column_dimensions[col].width for col in ws.column_dimensions}
    for r in range(first, last + 1):
        height = ws.row_dimensions[r].height
        assert height, f"row {r} of {ws.title} has no height"
        for cell in ws[r]:
            if isinstance(cell.value, str) and cell.coordinate not in ws.merged_cells:
                lines = naive_lines(cell.value, widths[cell.column_letter])
                assert height >= lines * size, (ws.title, cell.coordinate, cell.value, height)


def test_rows_are_as_tall_as_their_wrapped_text(tmp_path):
    wb = Workbook()
    ws = wb.active
    layout = write_report_sheet(
        ws, title="东安镇兴田村矛盾纠纷排查调处台账（2026年）", unit_name="兴田村", period="2026年",
        fill_date=dt.date(2026, 12, 2), headers=["编号", "纠纷简要情况", ("调解情况", "调解成功件数")],
        rows=[["（2026）兴田人调字第12号", FACTS, 1], ["（2026）兴田人调字第13号", "短", 2]],
        col_widths=[10, 30, None])
    target = tmp_path / "台账.xlsx"
    wb.save(target)
    ws = load_workbook(target).active
    assert_rows_fit(ws, *layout.data_rows)
    first = layout.data_rows[0]
    assert ws.row_dimensions[first].height >= naive_lines(FACTS, 30) * 13  # a real multi-line row
    assert ws.row_dimensions[first + 1].height < ws.row_dimensions[first].height / 2
    assert ws["C%d" % first].alignment.wrap_text
    for r in range(1, layout.header_rows[1] + 1):  # title, unit and header rows too
        assert ws.row_dimensions[r].height
    # the grouped header's short columns: its leaf "调解成功件数" on at most two lines
    assert ws.row_dimensions[4].height >= 2 * 11


def test_short_values_are_whole_and_columns_fit_their_content(tmp_path):
    wb = Workbook()
    ws = wb.active
    write_report_sheet(ws, title="台账", unit_name="兴田村", period="2026年", fill_date=dt.date(2026, 12, 2),
                       headers=["编号", "受理日期", "备注"],
                       rows=[["（2026）兴田人调字第12号", dt.date(2026, 1, 12), "无"]],
                       col_widths=[10, 6, 40])
    number_units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in "（2026）兴田人调字第12号")
    assert ws.column_dimensions["B"].width >= number_units  # never 人调字第12 / 号
    assert ws.column_dimensions["C"].width >= len("2026-01-12")
    assert ws.column_dimensions["D"].width < 20  # 40 is where long text would wrap; this is short


@pytest.fixture
def package(village_pc, township_pc, stick):  # the township first: it issues the 接入码
    with village_pc.open():
        assert Dispute.select().count() > 20
        return export_package(home_unit(), stick).path


def test_the_wide_ledger_prints_on_a3_landscape_one_page_wide(package):
    wb = open_package(package)
    ws = wb[LEDGER]
    setup = ws.page_setup
    assert int(setup.paperSize) == A3 and setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert ws.print_title_rows == "$1:$3"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    # The 14-column 网络舆情登记表 is wide too: report_sheet puts it on A3 by the same rule.
    assert int(wb["网络舆情登记表"].page_setup.paperSize) == A3
    for title in REPORTS:
        if title not in (LEDGER, "网络舆情登记表"):
            assert int(wb[title].page_setup.paperSize) == A4, title
            assert wb[title].page_setup.orientation == "landscape", title


def test_the_package_report_sheets_have_row_heights_for_their_text(package):
    wb = open_package(package)
    for title in REPORTS:
        ws = wb[title]
        footer = next(r for r in range(ws.max_row, 0, -1) if str(ws.cell(r, 1).value or "").startswith("填报人"))
        assert_rows_fit(ws, 3, footer - 1)
        assert ws.row_dimensions[1].height >= 18 * 1.2  # the title row
    ledger = wb[LEDGER]
    facts_column = next(c.column_letter for c in ledger[3] if c.value == "纠纷简要情况")
    tallest = max(ledger.row_dimensions[r].height for r in range(4, ledger.max_row))
    assert tallest >= 3 * 14  # facts wrap over several lines and their rows grow
    assert ledger.column_dimensions[facts_column].width <= 40


def test_data_sheets_stay_out_of_printing_and_are_still_imported(package, township_pc):
    wb = open_package(package)
    data_titles = {model_title(m) for m in synced_models()}
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    assert {t for t, state in states.items() if state == "visible"} == {INFO_SHEET, *REPORTS}
    assert all(states[t] == "hidden" for t in data_titles)  # hidden, not very hidden: 取消隐藏 shows them
    assert wb.active.title == INFO_SHEET
    info_text = " ".join(str(c.value) for row in wb[INFO_SHEET].iter_rows() for c in row if c.value)
    assert "取消隐藏" in info_text and f"{model_title(Resident)} " in info_text
    with township_pc.open():
        record = apply(preview(read_package(package)))
        assert record.status == "accepted"
        assert Resident.select().count() > 800


def test_the_info_page_prints_on_one_page_wide(package):
    ws = open_package(package)[INFO_SHEET]
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    assert ws.print_area  # the program's JSON rows are cut at the page edge, not printed on 3 pages


def test_the_summary_chart_is_on_a_sheet_of_its_own(village_pc, township_pc, package, tmp_path):
    with township_pc.open():
        apply(preview(read_package(package)))
        write_summary(tmp_path / "汇总.xlsx")
    wb = load_workbook(tmp_path / "汇总.xlsx")
    assert [sheet.title for sheet in wb.chartsheets] == ["四调层级图"]
    assert len(wb["四调层级图"]._charts) == 1
    assert all(not ws._charts for ws in wb.worksheets)  # no chart under a table, under its header rows
    table = wb["四调层级"]
    assert_rows_fit(table, 3, table.max_row - 1)
