import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib import textsplit
from reportlab.platypus import Flowable, PageBreak, Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from dongan_desk.documents import fonts, pdfbase
from dongan_desk.documents.pdfbase import PdfLayoutError, build_pdf, data_table, escape, styles

NO_LINE_START = "，。、；：？！）》”’"
NO_LINE_END = "（《“‘"
FOOTER = re.compile(r"第\s*(\d+)\s*页，共\s*(\d+)\s*页")

# Varied prose with every kind of Chinese punctuation, numbered so order can be checked.
SENTENCE = ("第{n}条：村民委员会应当及时受理纠纷，做到小事不出院、大事不出村；"
            "当事人是否同意调解？同意的，签订《人民调解协议书》！调解员说：“依法、自愿、平等。”"
            "（本条由东安镇司法所负责解释）……")
LONG_TEXT = "".join(SENTENCE.format(n=n) for n in range(1, 61))


def _texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _body_text(path: Path) -> str:
    """All pages' text without footers and whitespace."""
    return _squash("".join(FOOTER.sub("", t) for t in _texts(path)))


def _bad_line_starts(path: Path) -> list[str]:
    lines = [line.strip() for t in _texts(path) for line in t.splitlines()]
    return [line for line in lines if line and line[0] in NO_LINE_START]


def _bad_line_ends(path: Path) -> list[str]:
    lines = [line.strip() for t in _texts(path) for line in t.splitlines()]
    return [line for line in lines if line and line[-1] in NO_LINE_END]


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    st = styles()
    target = tmp_path_factory.mktemp("pdf") / "协议书.pdf"
    story = [
        Paragraph("人民调解协议书", st.title),
        Paragraph(escape("编号：（2026）东安人调字第1号"), st.number),
        Paragraph("纠纷主要事实、争议事项：", st.heading),
        Paragraph(escape(LONG_TEXT), st.body_indent),
        Paragraph("（人民调解委员会印）", st.right),
    ]
    build_pdf(target, story, title="人民调解协议书")
    return target


def test_long_text_spans_pages_in_order(long_pdf):
    texts = _texts(long_pdf)
    assert len(texts) >= 3
    body = _body_text(long_pdf)
    assert LONG_TEXT in body  # every character, in order
    order = [body.index(s) for s in ("人民调解协议书", "编号：（2026）东安人调字第1号",
                                      "纠纷主要事实、争议事项：", "第1条", "第60条", "（人民调解委员会印）")]
    assert order == sorted(order)
    assert Counter(LONG_TEXT) - Counter(body) == Counter()


def test_page_numbers_with_total(long_pdf):
    texts = _texts(long_pdf)
    for number, text in enumerate(texts, start=1):
        assert FOOTER.search(text).groups() == (str(number), str(len(texts)))


def test_metadata_and_page_setup(long_pdf):
    reader = PdfReader(long_pdf)
    assert reader.metadata.title == "人民调解协议书"
    assert reader.metadata.author == "东安台账"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait


def test_every_font_is_embedded(long_pdf):
    seen = 0
    for page in PdfReader(long_pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            seen += 1
    assert seen > 0


def test_no_line_starts_with_closing_punctuation(long_pdf):
    assert _bad_line_starts(long_pdf) == []
    assert _bad_line_ends(long_pdf) == []


def _story(marks: str, repeat: int = 12) -> list:
    # A line holds exactly `per_line` characters, so each run of marks falls where a line would
    # begin unless the splitter keeps it on the previous line or moves a character down with it.
    per_line = int(pdfbase.frame_width() // 16)
    chunk = ("人民调解委员会" * 10)[:per_line]
    return [Paragraph(escape((chunk + marks) * repeat), styles().body)]


def _comma_story() -> list:
    return _story("，")


def test_comma_hangs_instead_of_starting_a_line(tmp_path):
    target = tmp_path / "逗号.pdf"
    build_pdf(target, _comma_story(), title="t")
    assert "，" in _body_text(target)
    assert _bad_line_starts(target) == []


def test_without_the_fix_reportlab_starts_lines_with_commas(tmp_path, monkeypatch):
    # Shows the check above can fail: reportlab's own list lets '，' begin a line.
    fonts.body_font()
    original = textsplit.ALL_CANNOT_START.replace("，", "")
    monkeypatch.setattr(textsplit, "ALL_CANNOT_START", original)
    monkeypatch.setattr(rl_paragraph, "ALL_CANNOT_START", original)
    target = tmp_path / "逗号.pdf"
    build_pdf(target, _comma_story(), title="t")
    assert _bad_line_starts(target)


@pytest.mark.parametrize("marks", ["。”", "》！", "）。", "……"])
def test_runs_of_closing_marks_never_start_a_line(tmp_path, marks):
    target = tmp_path / "标点.pdf"
    build_pdf(target, _story(marks), title="t")
    assert _bad_line_starts(target) == []
    assert _squash(_story(marks)[0].text.replace("&amp;", "&")) in _body_text(target)


def test_reportlab_alone_lets_the_second_mark_of_a_run_start_a_line(tmp_path, monkeypatch):
    # Shows the check above can fail: reportlab hangs only one mark in the margin.
    fonts.body_font()
    monkeypatch.setattr(rl_paragraph, "wordSplit", rl_paragraph.wordSplit.__wrapped__)
    target = tmp_path / "标点.pdf"
    build_pdf(target, _story("。”"), title="t")
    bad = _bad_line_starts(target)
    assert bad and all(line[0] == "”" for line in bad)


def _bracket_story() -> list:
    # The opening bracket is the last character that fits; the one after it overflows.
    per_line = int(pdfbase.frame_width() // 16)
    chunk = ("人民调解委员会" * 10)[:per_line - 1]
    return [Paragraph(escape((chunk + "（甲方）") * 8), styles().body)]


def test_opening_bracket_never_ends_a_line(tmp_path, monkeypatch):
    target = tmp_path / "括号.pdf"
    build_pdf(target, _bracket_story(), title="t")
    assert _bad_line_ends(target) == [] and _bad_line_starts(target) == []
    monkeypatch.setattr(rl_paragraph, "wordSplit", rl_paragraph.wordSplit.__wrapped__)
    build_pdf(target, _bracket_story(), title="t")
    assert _bad_line_ends(target)  # reportlab alone leaves （ at the end of the line


def test_runs_in_multi_fragment_paragraphs(tmp_path, monkeypatch):
    # <br/> and <b> make several fragments: reportlab takes its other splitter (cjkFragSplit).
    per_line = int(pdfbase.frame_width() // 16)
    chunk = ("人民调解委员会" * 10)[:per_line]
    markup = "<b>甲方：</b><br/>" + (chunk + "。”") * 12
    target = tmp_path / "多段.pdf"
    build_pdf(target, [Paragraph(markup, styles().body)], title="t")
    assert _bad_line_starts(target) == []
    monkeypatch.setattr(rl_paragraph, "cjkFragSplit", rl_paragraph.cjkFragSplit.__wrapped__)
    build_pdf(target, [Paragraph(markup, styles().body)], title="t")
    assert _bad_line_starts(target)


def test_table_repeats_header_and_wraps_long_text(tmp_path):
    long_cell = "因宅基地边界发生争执，双方多次协商未果，申请调解。" * 6
    rows = [[n, f"张三{n}", long_cell, 1234.5] for n in range(1, 41)]
    target = tmp_path / "表.pdf"
    build_pdf(target, [data_table(["序号", "姓名", "纠纷简要情况", "金额（元）"], rows,
                                  col_widths=["10%", "15%", "55%", "20%"])], title="t")
    texts = _texts(target)
    assert len(texts) >= 2
    for text in texts:
        assert "纠纷简要情况" in _squash(text)
    body = _body_text(target)
    assert _squash(long_cell) in body and "1234.50" in body and "张三40" in body


def test_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="列数"):
        data_table(["a", "b"], [[1]])


def test_landscape_and_no_footer(tmp_path):
    target = tmp_path / "横.pdf"
    build_pdf(target, [Paragraph("统计表", styles().title)], title="t", landscape=True,
              footer_page_numbers=False)
    page = PdfReader(target).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert not FOOTER.search(page.extract_text())


def test_escape_keeps_text_and_line_breaks():
    assert escape("张三<李四>&王五\r\n第二行\n") == "张三&lt;李四&gt;&amp;王五<br/>第二行<br/>"
    assert escape(None) == ""
    assert escape(12) == "12"


class _Explodes(Flowable):
    def wrap(self, aw, ah):
        return aw, 10

    def draw(self):
        raise RuntimeError("mid-build failure")


def test_failure_mid_build_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "协议书.pdf"
    target.write_bytes(b"old pdf")
    story = [Paragraph("第一页", styles().body), PageBreak(), _Explodes()]
    with pytest.raises(RuntimeError, match="mid-build"):
        build_pdf(target, story, title="t")
    assert target.read_bytes() == b"old pdf"
    assert [p.name for p in tmp_path.iterdir()] == ["协议书.pdf"]


def test_failure_leaves_no_new_file(tmp_path):
    with pytest.raises(RuntimeError):
        build_pdf(tmp_path / "新.pdf", [_Explodes()], title="t")
    assert list(tmp_path.iterdir()) == []


def test_cell_taller_than_page_is_a_chinese_layout_error(tmp_path):
    table = data_table(["情况"], [["很长的情况说明。" * 800]])
    with pytest.raises(PdfLayoutError, match="一页纸放不下"):
        build_pdf(tmp_path / "表.pdf", [table], title="t")
    assert list(tmp_path.iterdir()) == []


def test_story_list_is_not_consumed(tmp_path):
    story = [Paragraph("第一段", styles().body)]
    build_pdf(tmp_path / "a.pdf", story, title="t")
    assert len(story) == 1


def test_missing_font_fails_before_touching_files(tmp_path, monkeypatch):
    def unavailable():
        raise fonts.FontUnavailableError([])

    monkeypatch.setattr(fonts, "body_font", unavailable)
    with pytest.raises(fonts.FontUnavailableError):
        build_pdf(tmp_path / "a.pdf", [], title="t")
    assert list(tmp_path.iterdir()) == []


def test_a_rare_character_the_font_lacks_is_reported_not_silently_boxed():
    from dongan_desk.documents import pdfbase
    pdfbase.take_missing_glyphs()
    markup = pdfbase.escape("张𠮷与李四")
    chosen = fonts.fonts()
    if chosen.extension:  # this PC has an extension font: the character is drawn with it
        assert f'<font name="{chosen.extension}">𠮷</font>' in markup
        assert pdfbase.take_missing_glyphs() == ""
    else:
        assert "𠮷" in markup
        assert pdfbase.take_missing_glyphs() == "𠮷"
    assert pdfbase.take_missing_glyphs() == ""  # taken once


def test_a_rare_character_goes_to_the_extension_font_when_the_pc_has_one(monkeypatch):
    """Simulate a PC whose body font lacks 台 and whose extension font has it."""
    from dongan_desk.documents import pdfbase
    chosen = fonts.fonts()
    monkeypatch.setattr(fonts, "fonts", lambda: fonts.FontChoice(
        chosen.body, chosen.heading, chosen.body_file, chosen.heading_file, extension="EXT"))
    real = fonts.has_glyph
    monkeypatch.setattr(fonts, "has_glyph", lambda name, ch: name == "EXT" or (
        ch != "台" and real(name, ch)))
    assert pdfbase.escape("东安台账") == '东安<font name="EXT">台</font>账'
    assert pdfbase.take_missing_glyphs() == ""
