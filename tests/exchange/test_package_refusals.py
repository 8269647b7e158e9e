"""Files the township must refuse, each with a clear message and nothing changed."""
import errno
import os

import pytest
from openpyxl import Workbook

from dongan_desk.units import home_unit
from dongan_desk.exchange import reader
from dongan_desk.exchange.import_jobs import check_file, import_checked, receipt_path
from dongan_desk.exchange.importer import PackageError, preview
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.package import INFO_SHEET, export_package
from dongan_desk.store.scope import model_title
from dongan_desk.fileio import FileWriteError
from dongan_desk.store.models import ExportRecord, ImportRecord, Resident, Unit
from tests.access_helpers import open_package, save_package


@pytest.fixture
def package(village_pc, stick):
    with village_pc.open():
        return export_package(home_unit(), stick).path


def refused(office, path) -> str:
    with office.open():
        before = Resident.select().count()
        with pytest.raises(PackageError) as caught:
            preview(read_package(path))
        assert Resident.select().count() == before
        assert ImportRecord.select().count() == 0
    return str(caught.value)


def test_not_an_xlsx(township_pc, tmp_path):
    path = tmp_path / "报表.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    assert "不是 Excel 工作簿" in refused(township_pc, path)


def test_a_damaged_file(township_pc, package, tmp_path):
    damaged = tmp_path / "damaged.xlsx"
    data = package.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    assert "不是 Excel 工作簿" in refused(township_pc, damaged) or "损坏" in refused(township_pc, damaged)


def test_a_file_from_another_program(township_pc, tmp_path):
    path = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active["A1"] = "姓名"
    wb.save(path)
    assert "不是东安台账的报送包" in refused(township_pc, path)


def test_a_file_edited_by_hand(township_pc, package, tmp_path):
    edited = tmp_path / "edited.xlsx"
    wb = open_package(package)  # in Excel, with the 接入码; saved with it again
    ws = wb[model_title(Resident)]
    ws.cell(2, 5).value = "改过的名字"
    save_package(wb, edited)
    assert "被改动过" in refused(township_pc, edited)


def test_a_formula_where_a_value_belongs(township_pc, package, tmp_path):
    edited = tmp_path / "formula.xlsx"
    wb = open_package(package)
    wb[model_title(Resident)].cell(2, 5).value = "=1+1"
    save_package(wb, edited)
    assert "公式" in refused(township_pc, edited)


def test_a_unit_not_on_the_list(township_pc, package):
    with township_pc.open():
        Unit.update(code="999").where(Unit.kind == "village", Unit.code == "500229115001").execute()
    assert "不在本镇的村（社区）名单里" in refused(township_pc, package)


def test_a_newer_schema(township_pc, package, tmp_path):
    newer = tmp_path / "newer.xlsx"
    wb = open_package(package)
    info = wb[INFO_SHEET]
    for row in info.iter_rows(min_col=1, max_col=2):
        if row[0].value == "数据版本":
            row[1].value = 99
    save_package(wb, newer)
    assert "更新版本" in refused(township_pc, newer)


def test_an_absurdly_large_file(township_pc, package, monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    assert "远大于任何报送包" in refused(township_pc, package)


def test_a_refused_file_gets_a_receipt_saying_why(township_pc, tmp_path):
    path = tmp_path / "报表.xlsx"
    path.write_text("x", encoding="utf-8")
    with township_pc.open():
        outcome = import_checked(check_file(path), "东安镇")
    assert outcome.status == "refused"
    text = receipt_path(path).read_text(encoding="utf-8-sig")
    assert "已拒收" in text and "不是 Excel 工作簿" in text


def test_an_accepted_file_gets_a_receipt(township_pc, package):
    with township_pc.open():
        outcome = import_checked(check_file(package), "东安镇")
        assert outcome.status == "accepted"
        assert Resident.select().count() > 800
    text = receipt_path(package).read_text(encoding="utf-8-sig")
    assert "已导入" in text and "人员：新增" in text


def test_a_read_only_stick_leaves_nothing_and_the_database_untouched(village_pc, stick, monkeypatch):
    real_replace = os.replace

    def read_only(src, dst):
        raise OSError(errno.EROFS, "Read-only file system", str(dst))

    monkeypatch.setattr(os, "replace", read_only)
    with village_pc.open():
        with pytest.raises(FileWriteError) as caught:
            export_package(home_unit(), stick)
        assert ExportRecord.select().count() == 0
    monkeypatch.setattr(os, "replace", real_replace)
    assert "只读" in str(caught.value)
    assert list(stick.iterdir()) == []


def test_a_missing_folder_is_said_plainly(village_pc, tmp_path):
    with village_pc.open():
        with pytest.raises(FileWriteError) as caught:
            export_package(home_unit(), tmp_path / "拔掉的U盘")
    assert "文件夹" in str(caught.value)
