"""Printing from the window: the PDF is made, handed to the viewer, where it went is said (and that
there is no viewer, when there is none), and a character no font can draw is named to the clerk
instead of silently printing as a box."""
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
import ttkbootstrap as ttk
from reportlab.platypus import Paragraph

from dongan_desk.documents import fonts
from dongan_desk.documents.pdfbase import build_pdf, escape, styles
from dongan_desk.ui import files
from ui_driver import wait_until


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


class Status:
    def __init__(self):
        self.lines = []

    def say(self, text):
        self.lines.append(text)


@pytest.fixture
def tab(root):
    """A stand-in tab: a frame in the window whose context has the status bar."""
    frame = ttk.Frame(root)
    frame.context = SimpleNamespace(status=Status())
    return frame


def test_printing_opens_the_viewer_and_says_where_the_file_went(tab, tmp_path, monkeypatch, message_log):
    opened = []
    monkeypatch.setattr(files, "open_with_system", opened.append)
    made = files.print_document(tab, make_pdf("当事人：张三"), tmp_path, "协议书.pdf")
    assert opened == [made]
    [line] = tab.context.status.lines
    assert str(made) in line and "打开" in line
    assert message_log.infos == [] and message_log.errors == []


def test_a_pc_without_a_viewer_is_told_where_the_file_is(tab, tmp_path, monkeypatch, message_log):
    """No ``xdg-open`` (or on Windows no program for .pdf): the file stays, the clerk is told."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    made = files.print_document(tab, make_pdf("当事人：张三"), tmp_path, "协议书.pdf")
    assert made.exists()
    [message] = message_log.infos
    assert str(made) in message and "没有能打开" in message and "PDF 阅读器" in message
    assert str(made) in tab.context.status.lines[-1]


def test_a_launcher_that_finds_no_viewer_is_noticed(root, tab, tmp_path, monkeypatch, message_log):
    """``xdg-open`` is there but no PDF viewer is set up: it exits with an error a moment later."""
    monkeypatch.setattr(files, "WATCH_STEP_MS", 50)
    monkeypatch.setattr(files, "open_with_system",
                        lambda path: subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"]))
    made = files.print_document(tab, make_pdf("当事人：张三"), tmp_path, "协议书.pdf")
    wait_until(root, lambda: message_log.infos)
    assert str(made) in message_log.infos[0] and "没有能打开" in message_log.infos[0]


def test_a_viewer_that_opens_is_not_reported_as_missing(root, tab, tmp_path, monkeypatch, message_log):
    monkeypatch.setattr(files, "WATCH_STEP_MS", 50)
    monkeypatch.setattr(files, "open_with_system",
                        lambda path: subprocess.Popen([sys.executable, "-c", "pass"]))
    files.print_document(tab, make_pdf("当事人：张三"), tmp_path, "协议书.pdf")
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        root.update()
    assert message_log.infos == []
