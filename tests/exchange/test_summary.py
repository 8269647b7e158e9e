"""The township's 全镇汇总表, built from imported village packages and read back."""
import datetime as dt
import zipfile

from openpyxl import load_workbook

from dongan_desk.units import home_unit
from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.package import export_package
from dongan_desk.exchange.summary import summary_file_name, write_summary
from dongan_desk.ledgers.mediation.models import Dispute
from dongan_desk.store.models import Resident


def test_summary_sums_the_villages_and_prints_on_a4(village_pc, township_pc, stick, tmp_path):
    with village_pc.open():
        package = export_package(home_unit(), stick).path
        people = Resident.select().count()
        members = Resident.select().where(Resident.is_party_member == True).count()  # noqa: E712
        this_year = Dispute.select().where(Dispute.accepted_on >= dt.date(dt.date.today().year, 1, 1)).count()
    target = tmp_path / summary_file_name()
    with township_pc.open():
        apply(preview(read_package(package)))
        write_summary(target)
    wb = load_workbook(target)
    assert wb.sheetnames == ["报送情况", "网格汇总", "结对帮扶", "红白事报备", "纠纷分类统计", "四调层级",
                             "村规民约", "网络舆情", "舆情按月统计", "四调层级图"]
    grids = wb["网格汇总"]
    assert grids["A1"].value == "东安镇三级网格及党员网格员情况汇总表"
    header = [c.value for c in grids[3]]
    rows = {r[1]: r for r in grids.iter_rows(min_row=4, values_only=True) if r[1]}
    total = next(r for r in grids.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    assert total[header.index("人数")] == people and total[header.index("党员数")] == members
    assert sum(1 for name in rows if "示例" in str(name)) == 10  # every village has a row
    status = wb["报送情况"]
    states = {r[1]: r[-1] for r in status.iter_rows(min_row=4, values_only=True) if r[1]}
    assert list(states.values()).count("正常") == 1 and list(states.values()).count("从未报送") == 9
    categories = wb["纠纷分类统计"]
    total = next(r for r in categories.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    assert total[2] == this_year  # 受理件数 over the year so far
    for ws in wb:
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$3"
    with zipfile.ZipFile(target) as archive:
        assert any(name.startswith("xl/charts/chart") for name in archive.namelist())
