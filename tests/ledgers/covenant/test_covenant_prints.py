"""The booklet, the poster and the 签收表 read back with pypdf, and rendered (the PNGs were looked
at when these were written: tests/ledgers/covenant/README of the report); the sheets with openpyxl."""
import subprocess
from datetime import date

from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from dongan_desk.ledgers.covenant import delivery, documents, sheets
from dongan_desk.sample.town import build_sample
from dongan_desk.ledgers.covenant.versions import current_version


def text_of(path):
    return [page.extract_text() for page in PdfReader(path).pages]


def sizes_mm(path):
    return [(round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
            for p in PdfReader(path).pages]


def render(path, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / path.stem)], check=True)
    return sorted(tmp_path.glob(f"{path.stem}*.png"))


def test_the_booklet_is_a5_with_cover_contents_clauses_and_adoption(database, tmp_path):
    home = build_sample("village")
    covenant = current_version(home)
    path = documents.write_booklet(tmp_path / "booklet.pdf", covenant)
    pages = text_of(path)
    assert set(sizes_mm(path)) == {(148, 210)}
    cover = pages[0].replace(" ", "")
    assert "东安社区村规民约" in cover and "（第2版）" in cover and "村民代表大会审定通过" in cover
    assert "第1页" not in cover  # no page number on the cover
    contents = pages[1].replace(" ", "").replace("\n", "")
    assert "目录" in contents and "第九章网络文明6" in contents
    whole = "".join(pages).replace(" ", "").replace("\n", "")
    assert "第五十九条" in whole and f"{covenant.adopted_on.year}年{covenant.adopted_on.month}月" in whole
    # the 目录's page of 第一章 is where 第一章 is
    first = next(n for n, page in enumerate(pages, start=1) if "第一章" in page and "目" not in page)
    assert f"第一章总则{first}" in contents
    assert len(render(path, tmp_path)) == len(pages)


def test_the_poster_is_one_page_a3_or_a4(database, tmp_path):
    home = build_sample("village")
    covenant = current_version(home)
    for paper, size in (("A3", (297, 420)), ("A4", (210, 297))):
        path = documents.write_poster(tmp_path / f"poster{paper}.pdf", covenant, paper)
        pages = text_of(path)
        assert len(pages) == 1 and sizes_mm(path) == [size]
        whole = pages[0].replace(" ", "").replace("\n", "")
        assert "东安社区村规民约" in whole and "第一条" in whole and "第五十九条" in whole
        assert len(render(path, tmp_path)) == 1


def test_the_sign_sheet_lists_every_household_of_the_courtyard(database, tmp_path):
    home = build_sample("village")
    covenant = current_version(home)
    grid = delivery.progress_by_grid(home)[0]
    path = documents.write_sign_sheet(tmp_path / "sign.pdf", covenant, grid.grid_id, grid.grid_name)
    whole = "".join(text_of(path)).replace(" ", "")
    assert "村规民约发放签收表" in whole and f"院落网格：{grid.grid_name}" in whole
    assert f"在册{grid.households}户，已登记发放{grid.delivered}户" in whole
    assert whole.count("□小册子") == grid.missing and "领取人签名" in whole
    assert render(path, tmp_path)


def test_the_report_and_summary_sheets_read_back(database, tmp_path):
    home = build_sample("village")
    wb = Workbook()
    for title, fill in sheets.report_sheets(home, date.today()):
        fill(wb.create_sheet(title))
    wb.save(tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    made = wb["村规民约制定情况"]
    header = [c.value for c in made[3]]
    rows = [r for r in made.iter_rows(min_row=4, values_only=True) if r[1]]
    assert header[:4] == ["序号", "版本", "标题", "条款数"] and "村民代表大会审定日期" in header
    assert rows[0][1] == "第2版" and rows[0][3] == 59 and rows[0][-1] == "现行"
    assert isinstance(rows[0][header.index("村民代表大会审定日期")], date) or rows[0][8] is not None
    given = wb["村规民约发放情况"]
    total = next(r for r in given.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    households, reached = delivery.unit_progress([home.id])[home.id]
    assert total[2:5] == (households, reached, households - reached) == (300, reached, 300 - reached)
    spec = sheets.summary_sheets([home], date.today(), {})[0]
    assert spec.rows[0][:3] == [home.name, "第2版", 59] and spec.rows[0][-1] == reached / households
