"""Printing from the window: the PDF is made, handed to the viewer, and a character no font can
draw is named to the clerk instead of silently printing as a box."""
from reportlab.platypus import Paragraph

from dongan_desk.documents import fonts
from dongan_desk.documents.pdfbase import build_pdf, escape, styles
from dongan_desk.ui import files


def make_pdf(text):
    def make(target):
        build_pdf(target, [Paragraph(escape(text), styles().body)], title="测试")
    return make


def test_print_opens_the_viewer_and_names_rare_characters(root, tmp_path, monkeypatch, message_log):
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    made = files.print_document(root, make_pdf("当事人：张𠮷"), tmp_path, "协议书.pdf")
    assert made == tmp_path / "协议书.pdf" and opened == [made] and made.stat().st_size > 1000
    if fonts.fonts().extension is None:
        assert any("𠮷" in m and "方框" in m for m in message_log.infos)
    else:
        assert message_log.infos == []


def test_common_text_prints_without_a_warning(root, tmp_path, monkeypatch, message_log):
    monkeypatch.setattr(files, "open_with_system", lambda path: None)
    assert files.print_document(root, make_pdf("当事人：张三"), tmp_path, "a.pdf")
    assert message_log.infos == []


def test_a_failed_document_says_so_and_leaves_nothing(root, tmp_path, monkeypatch, message_log):
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)

    def broken(target):
        raise RuntimeError("字体坏了")

    assert files.print_document(root, broken, tmp_path, "b.pdf") is None
    assert opened == [] and not (tmp_path / "b.pdf").exists()
    assert any("没能生成" in m for m in message_log.errors)
