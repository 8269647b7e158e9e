"""House style for printed documents: A4, GB/T 9704 margins, Chinese fonts, page numbers.

Every form (人民调解协议书 and the others) builds a story of flowables with these styles and hands
it to :func:`build_pdf`, which writes the file atomically: a failed build never leaves a half
PDF under the target name, and never damages the previous file. A document that names people
says what it is about (:class:`Printed`), and ``build_pdf`` writes its one audit row "打印" once
the file is there: one place for every print, from the window or the command line.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as _landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table,
                                TableStyle)
from reportlab.platypus.doctemplate import LayoutError

from . import fonts
from ..fileio import atomic_write
from ..store import audit

__all__ = [
    "AUTHOR", "HouseStyles", "PdfLayoutError", "Printed", "build_pdf", "count_pages", "data_table",
    "escape", "frame_width", "styles",
]

AUTHOR = "东安台账"
# GB/T 9704 margins (FORMS.md §3); kept in landscape too so every printed page looks alike.
MARGIN_TOP = 37 * mm
MARGIN_BOTTOM = 35 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = 26 * mm
FOOTER_SIZE = 10.5


Margins = tuple[float, float, float, float]  # top, bottom, left, right (points)


class PdfLayoutError(RuntimeError):
    """The content cannot be laid out (e.g. one table cell taller than a page)."""


@dataclass(frozen=True)
class Printed:
    """What a printed document that names people is about, for its audit row: the record (a
    case, a 支客士 …: its type, uid and name) or, for a list, its scope (兴田村（全村）)."""

    about: str
    record_type: str = ""
    uid: str = ""


def record_print(printed: Printed, title: str, target: Path) -> None:
    """The audit row of one print: who, the document, what it is about, where the file is."""
    audit.record("print", record_type=printed.record_type, uid=printed.uid, name=printed.about,
                 detail=f"打印《{title}》，文件：{target}")


@dataclass(frozen=True)
class HouseStyles:
    """Named paragraph styles. Fresh objects on each :func:`styles` call, so callers may tweak."""

    title: ParagraphStyle         # 二号 22 pt heading font, centred
    heading: ParagraphStyle       # 三号 16 pt heading font, e.g. 纠纷主要事实、争议事项：
    body: ParagraphStyle          # 三号 16 pt body font, left-aligned (justified CJK looks ragged)
    body_indent: ParagraphStyle   # body with the customary two-character first-line indent
    number: ParagraphStyle        # 编号：（2026）东安人调字第1号, right-aligned
    right: ParagraphStyle         # dates and seal lines at the bottom right
    table: ParagraphStyle         # 11 pt table cells
    table_number: ParagraphStyle  # 11 pt, right-aligned numbers in tables
    table_header: ParagraphStyle  # 11 pt heading font, centred


def styles() -> HouseStyles:
    """The house styles, with the Chinese fonts registered (may raise FontUnavailableError)."""
    body_font, heading_font = fonts.body_font(), fonts.heading_font()
    base = ParagraphStyle(
        "body", fontName=body_font, fontSize=16, leading=24, alignment=TA_LEFT,
        wordWrap="CJK", allowWidows=1, allowOrphans=1,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    table = derive("table", fontSize=11, leading=15)
    return HouseStyles(
        title=derive("title", fontName=heading_font, fontSize=22, leading=33,
                     alignment=TA_CENTER, spaceAfter=12),
        heading=derive("heading", fontName=heading_font, spaceBefore=6),
        body=base,
        body_indent=derive("body_indent", firstLineIndent=32),
        number=derive("number", alignment=TA_RIGHT, spaceAfter=12),
        right=derive("right", alignment=TA_RIGHT),
        table=table,
        table_number=ParagraphStyle("table_number", parent=table, alignment=TA_RIGHT),
        table_header=ParagraphStyle("table_header", parent=table, fontName=heading_font,
                                    alignment=TA_CENTER),
    )


# Characters escaped for a document that no embeddable font on this PC can draw; the UI reads
# them after building (take_missing_glyphs) to tell the clerk to write them in by hand.
_missing_glyphs: set[str] = set()


def escape(text: object) -> str:
    """Plain user text → Paragraph markup: ``&<>`` escaped, line breaks kept as ``<br/>``, and a
    rare character the body font lacks (𠮷) drawn in the PC's extension font where it has one."""
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _rare_glyphs(_xml_escape(s)).replace("\n", "<br/>")


def _rare_glyphs(markup: str) -> str:
    chosen = fonts.fonts()
    for ch in {c for c in markup if ord(c) >= 0x3400}:
        if fonts.has_glyph(chosen.body, ch):
            continue
        if chosen.extension and fonts.has_glyph(chosen.extension, ch):
            markup = markup.replace(ch, f'<font name="{chosen.extension}">{ch}</font>')
        else:
            _missing_glyphs.add(ch)
    return markup


def take_missing_glyphs() -> str:
    """The characters printed as boxes since the last call (and forget them)."""
    found = "".join(sorted(_missing_glyphs))
    _missing_glyphs.clear()
    return found


def frame_width(landscape: bool = False) -> float:
    """Usable text width in points between the house margins (the frame has no padding)."""
    page_width = (_landscape(A4) if landscape else A4)[0]
    return page_width - MARGIN_LEFT - MARGIN_RIGHT


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return f"{value:.2f}"  # money in 元 with two decimals (DESIGN §6)
    return str(value)


def data_table(headers: Sequence[object], rows: Sequence[Sequence[object]],
               col_widths: Sequence[float | str] | None = None) -> Table:
    """A bordered grid whose header row repeats on every page; long Chinese text wraps.

    ``col_widths`` are points or percentage strings (``"30%"``) of the frame width; the
    default shares the width equally. Cells may already be flowables; other values are shown
    as text (dates ``YYYY-MM-DD``, money two decimals, numbers right-aligned).
    """
    st = styles()

    def cell(value: object, header: bool = False) -> object:
        if isinstance(value, Flowable):
            return value
        if header:
            style = st.table_header
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            style = st.table_number
        else:
            style = st.table
        return Paragraph(escape(_cell_text(value)), style)

    ncols = len(headers)
    data = [[cell(h, header=True) for h in headers]]
    for row in rows:
        if len(row) != ncols:
            raise ValueError(f"表格行的列数 {len(row)} 与表头列数 {ncols} 不一致")
        data.append([cell(v) for v in row])
    # Percentages (not None/'*') so reportlab does not size columns from Paragraph content.
    widths = list(col_widths) if col_widths is not None else [f"{100 / ncols:.4f}%"] * ncols
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(TableStyle([
        # The cell font is set even for Paragraph cells: default Helvetica would be referenced.
        ("FONT", (0, 0), (-1, -1), st.table.fontName, st.table.fontSize),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E7E6E6")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


class _NumberedCanvas(rl_canvas.Canvas):
    """Holds pages back until the end so the footer can say how many there are, and puts the
    running head (a case's 编号) at the top right of every page after the first."""

    def __init__(self, *args: Any, footer_font: str, footer_y: float = MARGIN_BOTTOM / 2,
                 numbers: bool = True, head: str = "", head_at: tuple[float, float] = (0, 0),
                 cover: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer_font, self._footer_y, self._cover = footer_font, footer_y, cover
        self._numbers, self._head, self._head_at = numbers, head, head_at
        self._held_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        self.saveState()
        self.setFont(self._footer_font, FOOTER_SIZE)
        if self._numbers and not (self._cover and self.getPageNumber() == 1):
            self.drawCentredString(self._pagesize[0] / 2, self._footer_y,
                                   f"第 {self.getPageNumber()} 页，共 {total} 页")
        if self._head and self.getPageNumber() > 1:  # page 1 has it under the title
            self.drawRightString(*self._head_at, self._head)
        self.restoreState()


def build_pdf(target: Path, story: list, *, title: str, footer_page_numbers: bool = True,
              landscape: bool = False, margins: Margins | None = None,
              running_head: str = "", pagesize: tuple[float, float] | None = None,
              cover: bool = False, printed: Printed | None = None) -> Path:
    """Lay out ``story`` on A4 in the house style and save it atomically at ``target``.

    ``margins`` (top, bottom, left, right in points) replace the GB/T 9704 ones for a wide
    register table (a 花名册), where the 公文 margins would leave a dozen rows a page.
    ``running_head`` (e.g. ``编号：（2026）兴田人调字第3号``) is printed at the top right of every
    page after the first, so a loose second page still says which case it belongs to.

    The story list is copied (reportlab consumes the list it builds). Raises
    ``fileio.FileWriteError`` when the file cannot be saved, :class:`PdfLayoutError` when the
    content does not fit, ``fonts.FontUnavailableError`` without a Chinese font.
    ``pagesize`` (points) replaces A4 for what is not a form: an A5 booklet, an A3 poster;
    ``cover``: the first page is a cover, with no page number on it.

    ``printed``: the document names people; once it is written, one audit row "打印" says
    what it is about (nothing is recorded for a build that failed).
    """
    fonts.body_font()  # fails early, before any file is touched
    written = atomic_write(Path(target), lambda temp: _build(
        str(temp), story, title=title, numbers=footer_page_numbers, landscape=landscape,
        margins=margins, head=running_head, pagesize=pagesize, cover=cover), verify=_verify_pdf)
    if printed is not None:
        record_print(printed, title, Path(target))
    return written


def count_pages(story: list, *, landscape: bool = False, margins: Margins | None = None,
                pagesize: tuple[float, float] | None = None) -> int:
    """How many pages ``story`` takes, laid out as :func:`build_pdf` lays it out (in memory:
    the 卷内目录 numbers its papers with it, the booklet its 目录)."""
    return _build(io.BytesIO(), story, title="", numbers=True, landscape=landscape,
                  margins=margins, head="", pagesize=pagesize)


def _build(out: Any, story: list, *, title: str, numbers: bool, landscape: bool,
           margins: Margins | None, head: str, pagesize: tuple[float, float] | None = None,
           cover: bool = False) -> int:
    """Build into a file name or a buffer; the number of pages."""
    footer_font = fonts.body_font()
    pagesize = pagesize or A4
    pagesize = _landscape(pagesize) if landscape else pagesize
    top, bottom, left, right = margins or (MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT)
    doc = BaseDocTemplate(
        out, pagesize=pagesize,
        topMargin=top, bottomMargin=bottom, leftMargin=left, rightMargin=right,
        title=title, author=AUTHOR, creator=AUTHOR, lang="zh-CN",
        printScaling="None",  # print at 100 %, so the GB/T margins survive the print dialog
        # Otherwise every page references a non-embedded Helvetica it never uses.
        initialFontName=footer_font,
    )
    # No frame padding (reportlab adds 6 pt a side): text starts exactly at the margins.
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    maker = (functools.partial(_NumberedCanvas, footer_font=footer_font, footer_y=bottom / 2,
                               numbers=numbers, head=head, cover=cover,
                               head_at=(pagesize[0] - right, pagesize[1] - top / 2))
             if numbers or head else rl_canvas.Canvas)
    try:
        doc.build(list(story), canvasmaker=maker)
    except LayoutError as exc:
        raise PdfLayoutError(
            "排版失败：有一段内容（例如表格中的一格）太长，一页纸放不下。"
            "请把过长的文字缩短或分成几段后再生成。"
        ) from exc
    return doc.page


def _verify_pdf(path: Path) -> None:
    """Cheap read-back: a complete PDF starts with %PDF- and ends with %%EOF."""
    with open(path, "rb") as fh:
        head = fh.read(5)
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 1024))
        tail = fh.read()
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ValueError("PDF 文件不完整")
