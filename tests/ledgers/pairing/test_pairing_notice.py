"""The 党员结对帮扶公示表 PDF: read its text back, check page setup and embedded fonts."""
import re
from datetime import date

import pytest
from pypdf import PdfReader

from dongan_desk.ledgers.pairing.documents import write_pairing_notice
from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.pairing.publicity import HEADERS, notice_members, notice_rows

from pairing_fixtures import TODAY, build_village, pairing_data

KEYS = ("name", "identity", "commitment", "duties", "targets", "help")


def squashed_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(path).pages))


@pytest.fixture
def notice(village, tmp_path):
    town = build_village(village)
    pairing.save_pairing(pairing_data(town.member_a, town.poor, help_content="协助低保年审，农忙帮收"),
                         today=TODAY)
    pairing.save_pairing(pairing_data(town.member_a, town.watched, help_content="督促按时到司法所报到"),
                         today=TODAY)
    pairing.save_profile(town.member_a, {"post": "党小组长", "commitment": "带头遵守村规民约",
                                         "duties": "每月走访结对户"})
    rows = notice_rows(notice_members(village.id), public=True)
    target = tmp_path / "公示表.pdf"
    write_pairing_notice(target, unit_name=village.name, headers=[HEADERS[k] for k in KEYS],
                         rows=[r.values(KEYS) for r in rows], notice_date=date(2026, 11, 28))
    return target


def test_the_notice_reads_back_with_members_households_and_commitments(notice):
    text = squashed_text(notice)
    for expected in ("兴田村党员结对帮扶公示表", "亮身份、亮承诺、亮职责", "王建国", "党小组长",
                     "带头遵守村规民约", "每月走访结对户", "张大爷", "兴田村2组8号",
                     "协助低保年审，农忙帮收", "李红梅", "（尚未结对）",
                     "另结对特殊群体1户（依规不公示姓名）", "公示日期：2026年11月28日",
                     "中共兴田村支部委员会（盖章）", "第1页，共1页"):
        assert expected in text, expected
    # 社区矫正: never named on the public board, nor what is done for them
    assert "刘某" not in text and "司法所" not in text and "社区矫正" not in text


def test_the_notice_is_a4_landscape_with_embedded_fonts(notice):
    reader = PdfReader(notice)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert reader.metadata.title == "兴田村党员结对帮扶公示表"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_many_members_run_onto_more_pages_with_the_header_repeated(village, tmp_path):
    rows = [[f"党员{n:02d}", "兴田村党支部", "承诺" * 20, "职责" * 20, f"帮扶户{n}", "帮扶" * 15]
            for n in range(40)]
    target = tmp_path / "长.pdf"
    write_pairing_notice(target, unit_name="兴田村", headers=[HEADERS[k] for k in KEYS], rows=rows,
                         notice_date=TODAY)
    pages = PdfReader(target).pages
    assert len(pages) > 1
    texts = [re.sub(r"\s+", "", page.extract_text() or "") for page in pages]
    with_rows = [t for t in texts if re.search(r"党员\d\d", t)]
    assert len(with_rows) > 1 and all("结对帮扶对象" in t for t in with_rows)
    assert "党员39" in squashed_text(target)
