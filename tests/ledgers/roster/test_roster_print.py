"""The 花名册 printed (PDF, ID numbers masked) and exported (Excel, the township's report style),
by courtyard or for the whole village, 在册 only unless asked; read back as the clerk gets it."""
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.roster import leaving
from dongan_desk.ledgers.roster.documents import write_roster_pdf
from dongan_desk.ledgers.roster.queries import roster_lines
from dongan_desk.ledgers.roster.sheets import write_roster_workbook
from dongan_desk.store.models import Grid

TODAY = date(2026, 11, 28)
ID_HEAD, ID_SON, ID_GONE = "11010519491231002X", "500229198507150015", "500229199003070024"


@pytest.fixture
def two_courtyards(village):
    village_grid = Grid.get(Grid.level == 2)
    grids = [roster.save_grid({"name": name, "parent": village_grid}).record for name in ("张家院子", "李家坪")]
    first = roster.save_household({"grid": grids[0], "address": "兴田村1组1号", "household_no": "001"}).record
    second = roster.save_household({"grid": grids[1], "address": "兴田村2组8号"}).record
    for household, name, number, extra in (
            (first, "李秀英", ID_HEAD, {}), (first, "王建国", ID_SON, {"relation": "子"}),
            (first, "王走了", ID_GONE, {"relation": "子"}),
            (second, "赵无证", None, {"gender": "男", "birth_date": date(1960, 5, 1)})):
        roster.save_resident({"household": household, "name": name, "id_number": number,
                              "phone": "13812345678", **extra}, today=TODAY)
    from dongan_desk.store.models import Resident
    leaving.deregister_resident(Resident.get(Resident.name == "王走了"),
                               {"status": "moved", "status_on": date(2026, 9, 1),
                                "status_note": "迁往重庆"}, today=TODAY)
    return village, grids


def test_the_lines_are_household_by_household_and_only_on_the_register(two_courtyards):
    village, grids = two_courtyards
    lines = roster_lines(village.id, today=TODAY)
    assert [(l.grid_name, l.name, l.relation) for l in lines] == [
        ("张家院子", "李秀英", "户主"), ("张家院子", "王建国", "子"), ("李家坪", "赵无证", "户主")]
    assert lines[2].age == 66 and lines[2].gender == "男"
    courtyard = roster_lines(village.id, grids[0].id, include_left=True, today=TODAY)
    assert [(l.name, l.status) for l in courtyard] == [("李秀英", "在册"), ("王建国", "在册"),
                                                       ("王走了", "迁出")]


def test_the_exported_sheet_reads_back_in_the_township_style(two_courtyards, tmp_path):
    village, _ = two_courtyards
    target = write_roster_workbook(tmp_path / "花名册.xlsx", unit_name=village.name, scope="全村",
                                   lines=roster_lines(village.id, today=TODAY), with_grid=True,
                                   with_status=False, masked=True, fill_date=TODAY)
    ws = load_workbook(target).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "兴田村网格花名册（全村）"
    assert rows[1][0] == "填报单位（盖章）：兴田村"
    assert rows[2][:6] == ("序号", "所属院落网格", "户编号", "住址", "姓名", "与户主关系")
    assert rows[3][:5] == (1, "张家院子", "001", "兴田村1组1号", "李秀英")
    assert rows[3][9] == "110105********002X"  # masked, as the lists show it
    assert rows[5][4] == "赵无证" and rows[5][6] == "男" and rows[5][7].date() == date(1960, 5, 1)
    assert "王走了" not in [r[4] for r in rows]
    assert rows[6][0] == "合计" and rows[6][3] == "共2户" and rows[6][4] == "共3人"
    assert rows[7][0].startswith("填报人")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$3"
    whole = write_roster_workbook(tmp_path / "完整.xlsx", unit_name=village.name, scope="张家院子",
                                  lines=roster_lines(village.id, include_left=True, today=TODAY),
                                  with_grid=False, with_status=True, masked=False, fill_date=TODAY)
    rows = list(load_workbook(whole).active.iter_rows(values_only=True))
    gone = next(r for r in rows if r[3] == "王走了")
    assert gone[8] == ID_GONE and gone[12:15] == ("迁出", gone[13], "迁往重庆")
    assert gone[13].date() == date(2026, 9, 1)


def test_the_printed_roster_masks_id_numbers_and_starts_each_courtyard_on_a_page(two_courtyards,
                                                                               tmp_path):
    village, _ = two_courtyards
    target = write_roster_pdf(tmp_path / "花名册.pdf", unit_name=village.name, scope="全村",
                              lines=roster_lines(village.id, today=TODAY), with_status=False,
                              roster_date=TODAY)
    pages = [page.extract_text() for page in PdfReader(str(target)).pages]
    assert len(pages) == 2  # one courtyard a page
    assert "兴田村网格花名册（全村）" in pages[0] and "共2户3人（只含在册人员）" in pages[0]
    assert "张家院子（1户2人）" in pages[0] and "李家坪（1户1人）" in pages[1]
    text = "".join(pages)
    assert "110105********002X" in text and ID_HEAD not in text and ID_SON not in text
    assert "王走了" not in text and "赵无证" in text and "1960-05-01" in text
    assert "填表人" in pages[0]


def test_the_printed_roster_with_those_who_left_says_when(two_courtyards, tmp_path):
    village, grids = two_courtyards
    target = write_roster_pdf(tmp_path / "院子.pdf", unit_name=village.name, scope="张家院子",
                              lines=roster_lines(village.id, grids[0].id, include_left=True,
                                                 today=TODAY),
                              with_status=True, roster_date=TODAY)
    text = "".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "王走了" in text and "迁出" in text and "2026-09-01" in text
    assert "500229********0024" in text and ID_GONE not in text


def test_an_exported_roster_is_one_audit_row_naming_its_scope_and_file(two_courtyards, tmp_path):
    """A 花名册 in Excel names people (and may carry whole ID numbers): like a print, it is
    one row of the trail, written only once the file is there."""
    from dongan_desk.store.models import AuditEntry
    village, _ = two_courtyards
    target = write_roster_workbook(tmp_path / "花名册.xlsx", unit_name=village.name, scope="全村",
                                   lines=roster_lines(village.id, today=TODAY), with_grid=True,
                                   with_status=False, masked=False, fill_date=TODAY)
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (last.action, last.record_type, last.record_name) == ("export", "Excel", "兴田村（全村）")
    assert str(target) in last.detail
