"""东安台账使用说明 as a printable PDF, in the house style of ``pdfbase`` (A4, the margins, page
numbers): a cover with the 目录 and its page numbers, then each part from a new page, with a
PDF bookmark per part (the viewer's outline). The text is ``manual_text``; nothing here knows
what it says.

The 目录 needs the page each part starts on, which is known only once laid out: the manual is
built twice, the first time to a temporary file to learn the pages. Both builds lay out the
same flowables (a page number is at most three digits in a column of fixed width), so the pages
cannot move between them."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.pdfbase.pdfdoc import PDFObjectReference
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from .. import __version__
from . import manual_text
from .manual_text import PARTS, TITLE, Part
from .pdfbase import build_pdf, escape, frame_width, styles

FILE_NAME = "东安台账使用说明.pdf"
NUMBERS = "一二三四五六七八九十"


def part_key(index: int) -> str:
    """The PDF destination of part ``index`` (0-based): ``part-1`` …"""
    return f"part-{index + 1}"


def numbered(index: int, part: Part) -> str:
    number = NUMBERS[index] if index < 10 else f"十{NUMBERS[index - 10]}"
    return f"{number}、{part.title}"


class PartMark(Flowable):
    """Marks where a part starts: notes the page (for the 目录), makes the PDF destination and
    the outline entry. Takes no room.

    ``pdfbase``'s canvas holds every page back until the end (to print “共 N 页”), so while
    laying out, reportlab's own page reference points at the first page; the destination is
    pointed at the page the mark is drawn on, which is the name reportlab gives the N-th page
    when it writes it (``PageN``)."""

    def __init__(self, key: str, title: str, pages: dict[str, int]):
        super().__init__()
        self.key, self.title, self.pages = key, title, pages

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        number = self.canv.getPageNumber()
        self.pages[self.key] = number
        destination = self.canv.bookmarkPage(self.key, fit="XYZ")
        destination.setPage(PDFObjectReference(f"Page{number}"))
        self.canv.addOutlineEntry(self.title, self.key, level=0)


def manual_story(pages: dict[str, int], known: dict[str, int], today: dt.date) -> list:
    """The flowables; ``known`` are the parts' pages from the first build (empty at first),
    ``pages`` collects them in this one."""
    st = styles()
    title = st.title.clone("manual_title", fontSize=26, leading=38, spaceBefore=40, spaceAfter=8)
    subtitle = st.body.clone("manual_subtitle", fontSize=12, leading=18, alignment=TA_CENTER)
    part_title = st.title.clone("manual_part", fontSize=20, leading=30, spaceAfter=6)
    summary = st.body.clone("manual_summary", fontSize=12, leading=20, textColor=colors.HexColor("#444444"),
                            spaceAfter=6)
    heading = st.heading.clone("manual_heading", fontSize=14, leading=22, spaceBefore=10, spaceAfter=2,
                              keepWithNext=1)
    body = st.body.clone("manual_body", fontSize=12, leading=20, firstLineIndent=24, spaceAfter=4)
    bullet = st.body.clone("manual_bullet", fontSize=12, leading=20, leftIndent=16, bulletIndent=2,
                           spaceAfter=2)
    toc = st.body.clone("manual_toc", fontSize=13, leading=22)
    toc_page = st.body.clone("manual_toc_page", fontSize=13, leading=22, alignment=2)

    story: list = [
        Paragraph(escape(TITLE), title),
        Paragraph(escape(manual_text.SUBTITLE), subtitle),
        Paragraph(escape(f"程序版本 {__version__}　·　{today.year}年{today.month}月{today.day}日生成"), subtitle),
        Spacer(1, 24),
        Paragraph("目　录", st.heading.clone("manual_toc_head", alignment=TA_CENTER, spaceAfter=8)),
    ]
    width = frame_width()
    rows = [[Paragraph(escape(numbered(i, part)), toc),
             Paragraph(str(known.get(part_key(i), "")), toc_page)] for i, part in enumerate(PARTS)]
    table = Table(rows, colWidths=[width * 0.8, width * 0.2], hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), toc.fontName, toc.fontSize),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#BBBBBB"), 1, (1, 2)),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ]))
    def paragraph(text: str) -> Paragraph:
        if text.startswith("· "):
            return Paragraph(escape(text[2:]), bullet, bulletText="•")
        return Paragraph(escape(text), body)

    story += [table, Spacer(1, 18), Paragraph("常用按键", heading), *map(paragraph, manual_text.KEYS)]
    for index, part in enumerate(PARTS):
        story += [PageBreak(), PartMark(part_key(index), numbered(index, part), pages),
                  Paragraph(escape(numbered(index, part)), part_title),
                  Paragraph(escape(part.summary), summary)]
        for section in part.sections:
            story += [Paragraph(escape(section.heading), heading), *map(paragraph, section.paragraphs)]
    return story


def write_manual(target: Path, today: dt.date | None = None) -> Path:
    """Write the manual at ``target`` (atomically, as every PDF of the program)."""
    today = today or dt.date.today()
    first: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="dongan-manual-") as folder:
        build_pdf(Path(folder) / FILE_NAME, manual_story(first, {}, today), title=TITLE)
    return build_pdf(Path(target), manual_story({}, first, today), title=TITLE)
