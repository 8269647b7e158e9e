"""The 卷宗 of a mediation case (FORMS.md §1): its cover and the 卷内目录, whose 页号 are real.

The papers the program prints (申请书, 受理登记表, each 调解笔录, the 协议书 or 口头协议登记表,
each 回访记录) are laid out as they print and their pages counted; a paper from outside (the
signed 权利义务告知书, a copy of each party's ID, 履行凭证, 司法确认材料, the withdrawal) counts
as one page (one a party for the IDs), as the note under the list says. Numbering starts at the
first paper (the cover and the list carry none); the 卷内备考表 at the back is not numbered.
Dates are written the Chinese way (2026年1月12日) on the cover and in the list alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from ...documents.pdfbase import build_pdf, count_pages, data_table, escape, frame_width
from .case_papers import APPLICATION, RECORD, application_story, record_story
from .document_parts import FormStyles, date_cn, no_helvetica, p, printed
from .queries import CaseFile
from .record_documents import (FOLLOW_UP, ORAL, REGISTRATION, follow_up_story, oral_story,
                               registration_story)

DOSSIER = "人民调解卷宗"
RETENTION = "长期"  # 保管期限 of a mediation file, as county practice files them
OUTSIDE_NOTE = ("页号按本程序打印的文书实际页数编排；当事人权利义务告知书、履行凭证、司法确认材料等"
                "外来材料按每份1页、身份证明按每人1页计，装订时页数不同的请更正。")


@dataclass(frozen=True)
class Paper:
    """One line of the 卷内目录: printed by the program (``story``) or brought from outside."""

    name: str
    note: str = ""
    story: Callable[[], list] | None = None
    outside_pages: int | None = 1  # None: not numbered (the 备考表)


def contents(case: CaseFile, agreement_story: Callable[[CaseFile], list]) -> list[Paper]:
    """The papers of the file in the order they are bound, required ones first (FORMS.md §1)."""
    papers = []
    if case.source == "apply":
        papers.append(Paper(APPLICATION, date_cn(case.accepted_on), lambda: application_story(case)))
    papers += [Paper(REGISTRATION, date_cn(case.accepted_on), lambda: registration_story(case)),
               Paper("当事人权利义务告知书"),
               Paper("当事人身份证明", f"共{len(case.parties)}人", outside_pages=len(case.parties))]
    papers += [Paper(f"{RECORD}（{s.tier_name}）", date_cn(s.held_on),
                     lambda s=s: record_story(case, [s])) for s in case.steps]
    a = case.agreement
    if a is not None:
        if a.kind == "written":
            papers.append(Paper("人民调解协议书", date_cn(a.effective_on), lambda: agreement_story(case)))
        else:
            papers.append(Paper(ORAL, date_cn(a.effective_on), lambda: oral_story(case)))
        if a.performance in ("done", "partial"):
            papers.append(Paper("履行凭证", a.performance_label))
        if a.confirmation_applied_on:
            papers.append(Paper("司法确认材料", f"申请于{date_cn(a.confirmation_applied_on)}"))
    papers += [Paper(FOLLOW_UP, date_cn(f.visited_on), lambda f=f: follow_up_story(case, [f]))
               for f in case.follow_ups]
    if case.status == "withdrawn":
        papers.append(Paper("撤回调解申请记录", case.close_note))
    papers.append(Paper("卷内备考表", outside_pages=None))
    return papers


def page_numbers(papers: list[Paper]) -> list[str]:
    """页号 of each paper: "3", or "4-5" for one of two pages; "" when not numbered."""
    numbers, first = [], 1
    for paper in papers:
        pages = count_pages(paper.story()) if paper.story is not None else paper.outside_pages
        if not pages:
            numbers.append("")
            continue
        numbers.append(str(first) if pages == 1 else f"{first}-{first + pages - 1}")
        first += pages
    return numbers


def _spread(label: str, width: int = 5) -> str:
    """卷名 → 卷&nbsp;…&nbsp;名: short labels spread to the width of the longest, as on paper."""
    if len(label) >= width or len(label) < 2:
        return escape(label)
    gap = "&nbsp;" * (2 * (width - len(label)) // (len(label) - 1))
    return gap.join(escape(ch) for ch in label)


def dossier_story(case: CaseFile, agreement_story: Callable[[CaseFile], list], filed_by: str = "",
                  filed_on: date | None = None) -> list:
    fs = FormStyles()
    st = fs.house
    dates = [s.held_on for s in case.steps] or [case.accepted_on]
    end = case.closed_on or (None if case.status in ("open", "transferred") else dates[-1])
    cover_style = ParagraphStyle("cover", parent=st.body, fontSize=16, leading=30)
    fields = [("调解委员会", case.committee), ("卷名", f"{case.party_names}{case.category}纠纷"),
              ("卷号", case.number), ("调解员", case.mediators),
              ("调解日期", f"{date_cn(dates[0])} 至 {date_cn(end) if end else '（未结）'}"),
              ("立卷人", filed_by or case.registrar), ("立卷日期", date_cn(filed_on or date.today())),
              ("保管期限", RETENTION)]
    width = frame_width()
    cover = Table([[Paragraph(_spread(label) + "：", cover_style), p(value, cover_style)]
                   for label, value in fields],
                  colWidths=[width * 0.28, width * 0.72])
    cover.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("TOPPADDING", (0, 0), (-1, -1), 8), no_helvetica(cover_style)]))
    big = ParagraphStyle("cover_title", parent=st.title, fontSize=36, leading=54, spaceAfter=0)
    papers = contents(case, agreement_story)
    centred = ParagraphStyle("page_number", parent=st.table, alignment=1)
    rows = [[n, paper.name, Paragraph(escape(pages), centred), paper.note]
            for n, (paper, pages) in enumerate(zip(papers, page_numbers(papers)), start=1)]
    listing = data_table(["序号", "文书名称", "页号", "备注"], rows, ["10%", "46%", "14%", "30%"])
    listing.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 6),
                                 ("BOTTOMPADDING", (0, 1), (-1, -1), 7)]))
    note = ParagraphStyle("note", parent=st.table, spaceBefore=6)
    return [p(case.committee, st.title), Spacer(1, 20 * mm), p(DOSSIER, big), Spacer(1, 30 * mm),
            cover, PageBreak(), p("卷内目录", st.title), p(f"卷号：{case.number}", st.number),
            listing, p(OUTSIDE_NOTE, note)]


def write_dossier(target: Path, case: CaseFile, agreement_story: Callable[[CaseFile], list],
                  filed_by: str = "", filed_on: date | None = None) -> Path:
    # No page numbers at the foot: a cover carries none, nor does the 卷内目录.
    return build_pdf(Path(target), dossier_story(case, agreement_story, filed_by, filed_on),
                     title=f"{DOSSIER} {case.number}", footer_page_numbers=False,
                     printed=printed(case))


__all__ = ["DOSSIER", "Paper", "contents", "dossier_story", "page_numbers", "write_dossier"]
