"""The 使用说明 as the clerk gets it: a PDF with a part for every tab (found by the tab's title),
a 目录 whose page numbers are right, a bookmark per part that opens its page, and no character
that prints as a box."""
import datetime as dt
import re

import pytest
from pypdf import PdfReader

from dongan_desk.documents import fonts, manual_text
from dongan_desk.documents.manual import numbered, write_manual
from dongan_desk.ui.tabs import TABS

TOPICS = ("第一次使用", "导入花名册", "报送", "备份和恢复")


@pytest.fixture(scope="module")
def manual(tmp_path_factory):
    target = write_manual(tmp_path_factory.mktemp("manual") / "东安台账使用说明.pdf", today=dt.date(2026, 3, 1))
    reader = PdfReader(str(target))
    return reader, [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_tab_and_topic_has_its_part():
    for title in [entry.title for entry in TABS] + list(TOPICS):
        part = manual_text.part_titled(title)
        assert part is not None and part.sections, title
    assert manual_text.part_titled("没有这一页") is None


def test_the_pdf_has_each_tab_title_as_a_part_on_its_own_page(manual):
    reader, pages = manual
    for entry in TABS:
        index = manual_text.PARTS.index(manual_text.part_titled(entry.title))
        heading = flat(numbered(index, manual_text.PARTS[index]))
        starts = [n for n, text in enumerate(pages) if flat(text).startswith(heading)]
        assert len(starts) == 1, entry.title
        assert flat(manual_text.PARTS[index].summary)[:20] in flat(pages[starts[0]])


def test_each_part_has_a_bookmark_that_opens_its_page(manual):
    reader, pages = manual
    outline = reader.outline
    assert [entry.title for entry in outline] == [numbered(i, p) for i, p in enumerate(manual_text.PARTS)]
    for entry in outline:
        page = reader.get_destination_page_number(entry)
        assert flat(pages[page]).startswith(flat(entry.title)), entry.title
    assert len({reader.get_destination_page_number(e) for e in outline}) == len(outline)


def test_the_contents_give_the_page_each_part_starts_on(manual):
    reader, pages = manual
    contents = flat(pages[0])
    assert contents.startswith(flat(manual_text.TITLE)) and "目录" in contents
    for index, part in enumerate(manual_text.PARTS):
        starts = next(n for n, text in enumerate(pages) if n and flat(text).startswith(flat(numbered(index, part))))
        assert f"{flat(numbered(index, part))}{starts + 1}" in contents, part.title
    assert "第1页，共" in flat(pages[0]) and f"共{len(pages)}页" in flat(pages[-1])


def test_the_text_reads_as_written(manual):
    reader, pages = manual
    whole = flat("".join(pages))
    for part in manual_text.PARTS:
        for section in part.sections:
            assert flat(section.heading) in whole
    assert "接入码" in whole and "接受重新起算" in whole and "备份到" in whole and "错误清单" in whole


def test_nothing_in_the_manual_prints_as_a_box():
    fonts.body_font()
    chosen = fonts.fonts()
    text = "".join(manual_text.part_text(p) for p in manual_text.PARTS) + manual_text.TITLE + manual_text.SUBTITLE
    missing = sorted({ch for ch in text if not ch.isspace() and not fonts.has_glyph(chosen.body, ch)})
    assert missing == []
