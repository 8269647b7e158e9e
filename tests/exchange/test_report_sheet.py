import datetime as dt
import errno
from decimal import Decimal
from pathlib import Path
from zipfile import ZipFile

import pytest
from openpyxl import Workbook, load_workbook

from dongan_desk.exchange import report_sheet
from dongan_desk.exchange.report_sheet import (SUM, save_workbook_atomic, write_cell,
                                               write_report_sheet)
from dongan_desk.fileio import FileWriteError

TITLE = "东安镇××村人民调解工作统计表（2026年第4季度）"
TRICKY = ["=SUM(A1)", "+86 138 0000 0000", "-1", "@x", "#N/A", "=张三"]
HEADERS = ["纠纷类型", ("调解情况", "受理件数"), ("调解情况", "成功件数"), "成功率", "涉及金额", "受理日期"]
ROWS = [
    ["=SUM(A1)", 3, 2, 2 / 3, Decimal("100.50"), dt.date(2026, 11, 2)],
    ["+86 138 0000 0000", 4, 4, 1.0, Decimal("200.25"), dt.date(2026, 12, 1)],
    ["-1", 1, 0, 0.0, None, None],
    ["@x", 0, 0, 0.0, Decimal("0"), None],
    ["#N/A", 2, 1, 0.5, Decimal("10"), None],
    ["=张三", 1, 1, 1.0, Decimal("0.01"), None],
]


def _write(tmp_path: Path, **overrides) -> tuple[Path, report_sheet.ReportLayout]:
    wb = Workbook()
    ws = wb.active
    ws.title = "调解统计"
    kwargs = dict(title=TITLE, unit_name="东安村", period="2026-10-01至2026-12-31",
                  fill_date=dt.date(2027, 1, 5), headers=HEADERS, rows=ROWS,
                  total_row={"受理件数": SUM, "成功件数": SUM, "涉及金额": SUM, "成功率": 11 / 13},
                  number_formats={"成功率": "0.0%"})
    kwargs.update(overrides)
    layout = write_report_sheet(ws, **kwargs)
    target = tmp_path / "统计表.xlsx"
    save_workbook_atomic(wb, target)
    return target, layout


@pytest.fixture
def saved(tmp_path):
    return _write(tmp_path)


def test_layout_rows(saved):
    _target, layout = saved
    assert layout.header_rows == (3, 4)
    assert layout.data_rows == (5, 10)
    assert layout.total_row == 11 and layout.footer_row == 12 and layout.last_column == 7


def test_title_and_unit_rows(saved):
    ws = load_workbook(saved[0])["调解统计"]
    assert ws["A1"].value == TITLE
    assert ws["A1"].font.b and 16 <= ws["A1"].font.sz <= 18
    assert ws["A1"].alignment.horizontal == "center"
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "填报单位（盖章）：东安村"
    assert ws["A2"].alignment.horizontal == "left"
    right = ws["D2"]
    assert "统计时段：2026-10-01至2026-12-31" in right.value
    assert right.value.endswith("填报日期：2027-01-05")
    assert right.alignment.horizontal == "right"


def test_two_level_headers(saved):
    ws = load_workbook(saved[0])["调解统计"]
    assert [c.value for c in ws[3]] == ["序号", "纠纷类型", "调解情况", None, "成功率", "涉及金额", "受理日期"]
    assert [c.value for c in ws[4]][2:4] == ["受理件数", "成功件数"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C3:D3", "A3:A4", "B3:B4", "E3:E4"} <= merged
    for cell in ws[3]:
        if cell.coordinate in ("A3", "B3", "C3", "E3"):
            assert cell.font.b and cell.border.left.style == "thin"
            assert cell.fill.fgColor.rgb.endswith("D9D9D9")


def test_data_rows_numbered_and_typed(saved):
    ws = load_workbook(saved[0])["调解统计"]
    assert [ws.cell(r, 1).value for r in range(5, 11)] == [1, 2, 3, 4, 5, 6]
    assert ws["C5"].value == 3 and ws["C5"].data_type == "n"
    date_cell = ws["G5"]
    assert date_cell.is_date and date_cell.value.date() == dt.date(2026, 11, 2)
    assert date_cell.number_format == "yyyy-mm-dd"
    assert ws["F5"].value == pytest.approx(100.5) and ws["F5"].number_format == "0.00"
    assert ws["E5"].number_format == "0.0%"
    assert ws["B5"].border.bottom.style == "thin" and ws["F7"].border.right.style == "thin"


@pytest.mark.parametrize("read_only", [False, True])
def test_formula_like_text_round_trips_as_text(saved, read_only):
    wb = load_workbook(saved[0], read_only=read_only)
    ws = wb["调解统计"]
    cells = [ws.cell(row=r, column=2) for r in range(5, 11)]
    assert [c.value for c in cells] == TRICKY
    assert [c.data_type for c in cells] == ["s"] * len(TRICKY)
    wb.close()


def test_no_formula_or_error_in_the_file(saved):
    with ZipFile(saved[0]) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="e"' not in xml
    assert "=SUM(A1)" in xml  # stored, as text


def test_formula_like_text_keeps_quote_prefix(saved):
    ws = load_workbook(saved[0])["调解统计"]
    # Excel keeps such a cell text even after the clerk edits it.
    assert ws["B5"].quotePrefix and ws["B6"].quotePrefix and ws["B9"].quotePrefix


def test_total_row_has_real_numbers(saved):
    target, layout = saved
    for read_only in (False, True):
        wb = load_workbook(target, read_only=read_only)
        row = next(wb["调解统计"].iter_rows(min_row=layout.total_row, max_row=layout.total_row,
                                           values_only=True))
        assert row[0] == "合计"
        assert row[2:5] == (11, 8, pytest.approx(11 / 13))
        assert row[5] == pytest.approx(310.76)
        wb.close()
    ws = load_workbook(target)["调解统计"]
    assert "A11:B11" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["C11"].font.b and ws["F11"].number_format == "0.00"


def test_footer_row(saved):
    target, layout = saved
    ws = load_workbook(target)["调解统计"]
    text = ws.cell(layout.footer_row, 1).value
    for label in ("填报人：", "审核人：", "联系电话：", "填报日期："):
        assert label in text
    assert text.index("填报人：") < text.index("审核人：") < text.index("联系电话：") < text.index("填报日期：")
    assert f"A{layout.footer_row}:G{layout.footer_row}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == layout.footer_row


def test_print_setup_freeze_and_filter(saved):
    ws = load_workbook(saved[0])["调解统计"]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows in ("1:4", "$1:$4")
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:G10"
    assert ws.column_dimensions["A"].width == 6


def test_single_header_row_and_list_totals(tmp_path):
    rows = [["张三", 1, Decimal("1.10"), "备注"], ["李四", 2, 2.2, None], ["王五", "不详", None, ""]]
    target, layout = _write(tmp_path, headers=["姓名", "件数", "金额", "备注"], rows=rows,
                            total_row=["件数", 2], number_formats=None, col_widths=[12, None, 10, 30])
    assert layout.header_rows == (3, 3) and layout.data_rows == (4, 6) and layout.total_row == 7
    ws = load_workbook(target).active
    assert [c.value for c in ws[3]] == ["序号", "姓名", "件数", "金额", "备注"]
    assert ws["C7"].value == 3  # text "不详" is skipped, as Excel's SUM would
    assert ws["D7"].value == pytest.approx(3.3) and ws["D7"].number_format == "0.00"
    assert ws["A7"].value == "合计" and "A7:B7" in {str(r) for r in ws.merged_cells.ranges}
    # short content: narrower than the widths given, which are where long text would wrap
    assert ws.column_dimensions["B"].width < 12 and ws.column_dimensions["E"].width < 30
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:E6"
    assert ws.print_title_rows in ("1:3", "$1:$3")


def test_no_rows_and_no_totals(tmp_path):
    target, layout = _write(tmp_path, headers=["姓名"], rows=[], total_row=None, number_formats=None)
    assert layout.total_row is None and layout.footer_row == 4
    ws = load_workbook(target).active
    assert ws["A3"].value == "序号" and ws["B3"].value == "姓名"
    assert ws["A4"].value.startswith("填报人：")
    assert ws.auto_filter.ref == "A3:B3"


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(ValueError, match="列"):
        _write(tmp_path, rows=[["只有一列"]])
    with pytest.raises(ValueError, match="没有名为"):
        _write(tmp_path, total_row=["不存在的列"])


def test_write_cell_cleans_values():
    ws = Workbook().active
    assert write_cell(ws["A1"], "第一行\x07第二行").value == "第一行第二行"
    assert write_cell(ws["A2"], True).value == "是"
    aware = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.timezone.utc)
    cell = write_cell(ws["A3"], aware)
    assert cell.value == dt.datetime(2026, 1, 5, 9, 30) and cell.number_format == "yyyy-mm-dd hh:mm"
    assert write_cell(ws["A4"], "x" * 40000).value == "x" * 32767
    plain = write_cell(ws["A5"], "张三")
    assert plain.data_type == "s" and not plain.quotePrefix


def test_save_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "统计表.xlsx"
    target.write_bytes(b"old")
    wb = Workbook()

    def full(path):
        Path(path).write_bytes(b"PK half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wb, "save", full)
    with pytest.raises(FileWriteError) as info:
        save_workbook_atomic(wb, target)
    assert info.value.kind == "disk_full"
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["统计表.xlsx"]


def test_corrupt_output_fails_verification(tmp_path, monkeypatch):
    target = tmp_path / "统计表.xlsx"
    wb = Workbook()
    monkeypatch.setattr(wb, "save", lambda path: Path(path).write_bytes(b"not a zip"))
    with pytest.raises(FileWriteError) as info:
        save_workbook_atomic(wb, target)
    assert info.value.kind == "verify_failed"
    assert list(tmp_path.iterdir()) == []


def test_save_into_missing_folder(tmp_path):
    with pytest.raises(FileWriteError) as info:
        save_workbook_atomic(Workbook(), tmp_path / "拔掉的U盘" / "a.xlsx")
    assert info.value.kind == "folder_missing"
