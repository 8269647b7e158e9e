"""What leaves the PC by role: the township's 全镇汇总表 written by a 查看员 names no sensitive
category (and is the same workbook as a 管理员's: its counts are no one's personal data), and a
查看员 may not write the village's 报送包 (it always carries the full data)."""
from openpyxl import load_workbook
import pytest

from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.package import export_package
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.summary import write_summary
from dongan_desk.store import session
from dongan_desk.store.models import Category, ResidentCategory
from dongan_desk.store.session import NotAllowed
from dongan_desk.units import home_unit

from role_sessions import ADMIN, CLERK, VIEWER


def cells(path) -> list[tuple[str, str, object]]:
    wb = load_workbook(path)
    return [(ws.title, cell.coordinate, cell.value) for ws in wb.worksheets
            for row in ws.iter_rows() for cell in row if cell.value is not None]


def test_the_summary_a_viewer_writes_names_no_sensitive_category(village_pc, township_pc, stick,
                                                                 tmp_path):
    with village_pc.open():
        package = export_package(home_unit(), stick).path
        sensitive = {c.name for c in Category.select().where(Category.sensitive == True)}  # noqa: E712
        in_them = (ResidentCategory.select().join(Category)
                   .where(Category.sensitive == True).count())  # noqa: E712
    assert sensitive and in_them  # the sample village has people in sensitive categories
    made = {}
    with township_pc.open():
        apply(preview(read_package(package)))
        for who in (ADMIN, VIEWER):
            with session.acting_as(who):
                made[who.role] = write_summary(tmp_path / f"全镇汇总表_{who.role}.xlsx")
    viewer = cells(made["viewer"])
    leaked = [(sheet, where, value) for sheet, where, value in viewer
              if any(name in str(value) for name in sensitive)]
    assert leaked == []
    # counts only, the same for every role (a date or time of writing aside)
    assert [c for c in viewer if c[1] != "A2"] == [c for c in cells(made["admin"]) if c[1] != "A2"]
    totals = next(row for row in load_workbook(made["viewer"])["结对帮扶"].iter_rows(values_only=True)
                  if row[0] == "合计")
    assert totals[5] > 0  # 未结对的困难/特殊户: the sensitive households are counted, unnamed


def test_a_viewer_may_not_export_the_package(village_pc, stick):
    with village_pc.open(), session.acting_as(VIEWER):
        with pytest.raises(NotAllowed):
            export_package(home_unit(), stick)
    assert list(stick.iterdir()) == []


def test_a_clerk_exports_the_full_data(village_pc, stick):
    with village_pc.open(), session.acting_as(CLERK):
        assert export_package(home_unit(), stick).path.exists()
