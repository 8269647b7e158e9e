"""村规民约 prints, with the house fonts and Chinese line breaking (``documents/pdfbase.py``):

* the booklet (小册子): A5, a cover, 目录 with the page of each chapter, the preamble, the 条款,
  and the adoption under the last clause;
* the poster (海报): one A3 (or A4) page to put up in a prominent place, the 条款 in columns, the
  type as large as the page allows;
* the 签收表 of a courtyard grid: every household 在册, with room to sign.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (CondPageBreak, Flowable, Frame, KeepTogether, PageBreak, Paragraph,
                                Spacer, Table, TableStyle)

from ...documents.pdfbase import Printed, build_pdf, count_pages, escape, styles
from .delivery import sign_sheet_rows
from .models import VillageCovenant
from .numbers import cn_number
from .versions import chapters_of

BOOKLET_MARGINS = (16 * mm, 16 * mm, 15 * mm, 15 * mm)  # top, bottom, left, right
POSTER_MARGINS = (14 * mm, 12 * mm, 14 * mm, 14 * mm)
SHEET_MARGINS = (20 * mm, 18 * mm, 15 * mm, 15 * mm)
RED = colors.HexColor("#B22222")
SIGN_HEADERS = ("序号", "户编号", "户主", "住址", "发放形式", "领取人签名", "领取日期", "备注")


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "＿＿年＿＿月＿＿日"


def adoption_line(covenant: VillageCovenant) -> str:
    if covenant.adopted_on is None:
        return "（草案，尚未经村民代表大会审定）"
    return f"{cn_date(covenant.adopted_on)}经{covenant.unit.name.replace('（示例）', '')}村民代表大会审定通过"


def unit_name(covenant: VillageCovenant) -> str:
    return covenant.unit.name.replace("（示例）", "")


# ---- the booklet -----------------------------------------------------------------------------

class _PageMark(Flowable):
    """Invisible: notes the page it lands on (the 目录's numbers come from a first layout)."""

    def __init__(self, key: int, pages: dict[int, int]):
        super().__init__()
        self.key, self.pages = key, pages

    def wrap(self, *args) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.pages[self.key] = self.canv.getPageNumber()


def _booklet_styles() -> dict[str, ParagraphStyle]:
    st = styles()
    body = ParagraphStyle("cov_body", parent=st.body, fontSize=11, leading=17)
    return {
        "cover_title": ParagraphStyle("cov_cover", parent=st.title, fontSize=26, leading=38,
                                      textColor=RED, spaceAfter=0),
        "cover_line": ParagraphStyle("cov_cover_line", parent=body, fontSize=13, leading=22,
                                     alignment=TA_CENTER),
        "title": ParagraphStyle("cov_title", parent=st.title, fontSize=16, leading=24, spaceAfter=8),
        "chapter": ParagraphStyle("cov_chapter", parent=st.heading, fontSize=12.5, leading=20,
                                  alignment=TA_CENTER, spaceBefore=8, spaceAfter=4),
        "clause": ParagraphStyle("cov_clause", parent=body, firstLineIndent=22, spaceAfter=2),
        "body": ParagraphStyle("cov_preamble", parent=body, firstLineIndent=22),
        "toc": ParagraphStyle("cov_toc", parent=body, fontSize=11.5, leading=22),
        "right": ParagraphStyle("cov_right", parent=body, alignment=2),
    }


def _clause_paragraph(number: int, text: str, style: ParagraphStyle) -> Paragraph:
    # Plain text: a paragraph mixing fonts breaks when reportlab splits it over two pages
    # (or columns) with CJK wrapping.
    return Paragraph(f"第{cn_number(number)}条　{escape(text)}", style)


def booklet_story(covenant: VillageCovenant, pages: dict[int, int]) -> list:
    """Cover, 目录 (chapter pages from ``pages``, filled by a first layout), text, adoption."""
    s, heading_font = _booklet_styles(), styles().heading.fontName
    chapters = chapters_of(covenant)
    story: list = [Spacer(1, 42 * mm), Paragraph(escape(covenant.title), s["cover_title"]),
                   Spacer(1, 8 * mm), Paragraph(f"（第{covenant.version}版）", s["cover_line"]),
                   Spacer(1, 60 * mm), Paragraph(escape(adoption_line(covenant)), s["cover_line"]),
                   Paragraph(f"{escape(unit_name(covenant))}村民委员会　印制", s["cover_line"]),
                   PageBreak(), Paragraph("目　录", s["title"])]
    rows = [["序　言", str(pages.get(0, ""))]] if covenant.preamble else []
    rows += [[f"第{cn_number(chapter.number)}章　{chapter.title}", str(pages.get(chapter.number, ""))]
             for chapter, _ in chapters]
    toc = Table([[Paragraph(escape(a), s["toc"]), Paragraph(b, s["right"])] for a, b in rows],
                colWidths=["85%", "15%"])
    toc.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#BBBBBB")),
                             ("FONT", (0, 0), (-1, -1), heading_font, 11)]))
    story += [toc, PageBreak(), Paragraph(escape(covenant.title), s["title"])]
    if covenant.preamble:
        story += [_PageMark(0, pages), Paragraph(escape(covenant.preamble), s["body"])]
    for chapter, clauses in chapters:
        story += [CondPageBreak(40 * mm), _PageMark(chapter.number, pages),
                  Paragraph(f"第{cn_number(chapter.number)}章　{escape(chapter.title)}", s["chapter"])]
        story += [_clause_paragraph(c.number, c.text, s["clause"]) for c in clauses]
    story.append(KeepTogether([Spacer(1, 8 * mm),
                               Paragraph(f"{escape(unit_name(covenant))}村民委员会", s["right"]),
                               Paragraph(escape(adoption_line(covenant)), s["right"])]))
    return story


def write_booklet(target: Path, covenant: VillageCovenant) -> Path:
    pages: dict[int, int] = {}
    count_pages(booklet_story(covenant, pages), margins=BOOKLET_MARGINS, pagesize=A5)
    return build_pdf(Path(target), booklet_story(covenant, dict(pages)), title=f"{covenant.title}（小册子）",
                     margins=BOOKLET_MARGINS, pagesize=A5, cover=True)


# ---- the poster ------------------------------------------------------------------------------

POSTER_SIZES = {"A3": A3, "A4": A4}


class _Columns(Flowable):
    """The clauses in ``columns`` columns filling the rest of the page, in the largest type
    that fits (tried from large to small)."""

    def __init__(self, make: Callable[[float], list], columns: int, sizes: tuple[float, ...]):
        super().__init__()
        self.make, self.columns, self.sizes = make, columns, sizes
        self.chosen: list = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height
        column = self._column_width()
        for size in self.sizes:
            flowables = self.make(size)
            used = sum(f.wrap(column, avail_height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                       for f in flowables)
            if used + self.columns * size * 3 <= avail_height * self.columns:
                self.chosen = flowables
                break
        else:
            raise ValueError("条款太多，一张海报放不下：请打印小册子，或改用A3纸。")
        return avail_width, avail_height

    def _column_width(self) -> float:
        return (self.width - (self.columns - 1) * 6 * mm) / self.columns

    def draw(self) -> None:
        column = self._column_width()
        pending = list(self.chosen)
        for n in range(self.columns):
            frame = Frame(n * (column + 6 * mm), 0, column, self.height, leftPadding=0,
                          rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
            frame.addFromList(pending, self.canv)
            if n < self.columns - 1:
                self.canv.setStrokeColor(colors.HexColor("#CCCCCC"))
                self.canv.line(n * (column + 6 * mm) + column + 3 * mm, 0,
                               n * (column + 6 * mm) + column + 3 * mm, self.height)
        if pending:
            raise ValueError("条款太多，一张海报放不下：请打印小册子，或改用A3纸。")


def poster_story(covenant: VillageCovenant, paper: str = "A3") -> list:
    st = styles()
    big = paper == "A3"
    title = ParagraphStyle("poster_title", parent=st.title, fontSize=44 if big else 30,
                           leading=60 if big else 42, textColor=RED, spaceAfter=4)
    line = ParagraphStyle("poster_line", parent=st.body, fontSize=14 if big else 10.5,
                          leading=20 if big else 15, alignment=TA_CENTER)
    chapters = chapters_of(covenant)

    def make(size: float) -> list:
        body = ParagraphStyle("poster_body", parent=st.body, fontSize=size, leading=size * 1.5,
                              firstLineIndent=size * 2, spaceAfter=size * 0.2)
        head = ParagraphStyle("poster_head", parent=st.heading, fontSize=size * 1.15,
                              leading=size * 1.8, alignment=TA_CENTER, textColor=RED,
                              spaceBefore=size * 0.4)
        found = [Paragraph(escape(covenant.preamble), body)] if covenant.preamble else []
        for chapter, clauses in chapters:
            found.append(Paragraph(f"第{cn_number(chapter.number)}章　{escape(chapter.title)}", head))
            found += [_clause_paragraph(c.number, c.text, body) for c in clauses]
        return found

    sizes = tuple(x / 2 for x in range(30 if big else 22, 11, -1))
    return [Paragraph(escape(covenant.title), title), Paragraph(escape(adoption_line(covenant)), line),
            Spacer(1, 4 * mm), _Columns(make, 3 if big else 2, sizes)]


def write_poster(target: Path, covenant: VillageCovenant, paper: str = "A3") -> Path:
    if paper not in POSTER_SIZES:
        raise ValueError(f"海报纸张只能是 A3 或 A4，不认识“{paper}”。")
    return build_pdf(Path(target), poster_story(covenant, paper), title=f"{covenant.title}（海报）",
                     margins=POSTER_MARGINS, pagesize=POSTER_SIZES[paper], footer_page_numbers=False)


# ---- the 签收表 -------------------------------------------------------------------------------

def sign_sheet_story(covenant: VillageCovenant, grid_id: int, grid_name: str) -> list:
    st = styles()
    rows = sign_sheet_rows(covenant, grid_id)
    done = sum(1 for r in rows if r.delivered_on)
    cell = ParagraphStyle("sign_cell", parent=st.table, fontSize=10, leading=13)
    title = ParagraphStyle("sign_title", parent=st.title, fontSize=18, leading=26, spaceAfter=4)
    village = covenant.unit.name
    head = (f"院落网格：{grid_name}　　版本：第{covenant.version}版（{adoption_line(covenant)}）　　"
            f"在册{len(rows)}户，已登记发放{done}户")
    data = [[Paragraph(h, st.table_header) for h in SIGN_HEADERS]]
    for n, r in enumerate(rows, start=1):
        form = r.form_label or "□小册子 □海报"
        data.append([str(n), r.household_no, r.head, Paragraph(escape(r.address), cell),
                     Paragraph(form, cell), "", cn_date(r.delivered_on) if r.delivered_on else "",
                     Paragraph(escape(f"已登记：{r.receiver}" if r.receiver else ""), cell)])
    table = Table(data, colWidths=["6%", "11%", "9%", "22%", "16%", "14%", "12%", "10%"],
                  repeatRows=1, rowHeights=[None] + [10 * mm] * len(rows))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), st.table.fontName, 10),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E7E6E6")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return [Paragraph(escape(f"{village}村规民约发放签收表"), title),
            Paragraph(escape(head), ParagraphStyle("sign_head", parent=cell, alignment=TA_CENTER)),
            Spacer(1, 3 * mm), table, Spacer(1, 5 * mm),
            Paragraph("发放人（签名）：＿＿＿＿＿＿　　院落长（签名）：＿＿＿＿＿＿　　"
                      "说明：领取人须为本户家庭成员，签名或按指印；发放后请在“村规民约 → 发放到户”中登记。", cell)]


def write_sign_sheet(target: Path, covenant: VillageCovenant, grid_id: int, grid_name: str) -> Path:
    return build_pdf(Path(target), sign_sheet_story(covenant, grid_id, grid_name),
                     title=f"{covenant.unit.name}村规民约发放签收表 {grid_name}", margins=SHEET_MARGINS,
                     printed=Printed(f"{covenant.unit.name}（{grid_name}）"))  # names the households
