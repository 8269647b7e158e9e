"""The table forms of a mediation case (FORMS.md §1): 人民调解受理登记表, 口头协议登记表 and
人民调解回访记录 (the 卷宗 cover with its 卷内目录 is ``dossier.py``).

The forms are bordered label/value grids; a row may split across pages (``splitInRow``), so a
very long 纠纷简要情况 runs on to the next page rather than failing or being cut.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from .queries import CaseFile
from .models import SOURCES
from .document_parts import (DocumentNotApplicable, FormStyles, date_cn, money, no_helvetica, p,
                             party_summary, printed, running_head, seal_and_date)
from ...documents.pdfbase import build_pdf, escape, frame_width

REGISTRATION = "人民调解受理登记表"
ORAL = "口头协议登记表"
FOLLOW_UP = "人民调解回访记录"
# On the printed 受理登记表 the committee's own initiative is spelled out (FORMS.md §1).
SOURCE_ON_FORM = {"initiative": "人民调解委员会主动调解"}
CHECKED, UNCHECKED = "■", "□"


def form_grid(fs: FormStyles, rows: list[list], heights: dict[int, float] | None = None) -> list:
    """A bordered label/value form: rows of four cells (label 20 %, value 30 %, twice) or of two
    (label, value across the rest). Each run of like rows is its own table, stacked edge to
    edge: reportlab lays out a row split over pages wrongly when it has spanned cells, so the
    wide rows that may split (long facts) are plain two-column rows instead of spans."""
    width = frame_width()
    tables, run, first = [], [], 0

    def flush(end: int) -> None:
        if not run:
            return
        data = [[p(c, fs.label if i % 2 == 0 else fs.cell) if isinstance(c, str) else c
                 for i, c in enumerate(row)] for row in run]
        shares = (0.2, 0.3, 0.2, 0.3) if len(run[0]) == 4 else (0.2, 0.8)
        table = Table(data, colWidths=[width * f for f in shares], splitInRow=len(run[0]) == 2,
                      rowHeights=[(heights or {}).get(n) for n in range(first, end)])
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            # a row that runs on to the next page keeps its label on the first part
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if len(run[0]) == 4 else "TOP"),
            no_helvetica(fs.cell),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        tables.append(table)

    for n, row in enumerate(rows):
        if run and len(row) != len(run[0]):
            flush(n)
            run, first = [], n
        run.append(row)
    flush(len(rows))
    return tables


def wide_row(label: str, value) -> list:
    """A row whose value runs across the whole form."""
    return [label, value]


def paragraphs(fs: FormStyles, text: str, style: ParagraphStyle | None = None) -> list[Paragraph]:
    return [p(line, style or fs.cell) for line in text.splitlines() if line.strip()] or [p("", fs.cell)]


def title_block(fs: FormStyles, title: str, case: CaseFile) -> list:
    return [p(title, fs.house.title), p(f"编号：{case.number}", fs.house.number)]


def parties_cell(fs: FormStyles, case: CaseFile) -> list[Paragraph]:
    return [p(party_summary(party), fs.cell) for party in case.parties]


# ---- 人民调解受理登记表 -------------------------------------------------------------------------

def registration_story(case: CaseFile) -> list:
    fs = FormStyles()
    names = "、".join(party.name for party in case.parties)
    # &nbsp; survives where reportlab would fold ordinary (and ideographic) spaces into one
    sources = "&nbsp;&nbsp;&nbsp;".join(
        (CHECKED if code == case.source else UNCHECKED) + escape(SOURCE_ON_FORM.get(code, label))
        for code, label in SOURCES)
    rows = [["纠纷类型", case.category, "风险等级", case.risk_label],
            ["受理日期", date_cn(case.accepted_on), "涉及金额", money(case.amount)],
            wide_row("案件来源", Paragraph(sources, fs.cell)),
            wide_row("当事人", parties_cell(fs, case)),
            wide_row("纠纷简要情况", paragraphs(fs, case.facts)),
            wide_row("当事人（签名）", ""),
            ["登记人（签名）", case.registrar, "登记日期", date_cn(case.accepted_on)]]
    grid = form_grid(fs, rows, heights={5: 22 * mm})
    return [*title_block(fs, REGISTRATION, case),
            p(f"{date_cn(case.accepted_on)}，本人民调解委员会经当事人同意，调解{names}之间的纠纷。",
              fs.house.body_indent),
            Spacer(1, 4 * mm), *grid, *seal_and_date(fs, case.accepted_on)]


def write_registration(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), registration_story(case), title=f"{REGISTRATION} {case.number}",
                     running_head=running_head(case), printed=printed(case))


# ---- 口头协议登记表 -----------------------------------------------------------------------------

def oral_story(case: CaseFile) -> list:
    a = case.agreement
    if a is None:
        raise DocumentNotApplicable(f"{case.number}还没有达成调解协议，不能打印口头协议登记表。")
    if a.kind != "oral":
        raise DocumentNotApplicable(f"{case.number}达成的是书面协议，请打印“人民调解协议书”。")
    fs = FormStyles()
    items = [p(f"{n}、{item}", fs.cell) for n, item in enumerate(a.items, start=1)]
    performance = a.performance_label + (f"：{a.performance_note}" if a.performance_note else "")
    rows = [wide_row("当事人", parties_cell(fs, case)),
            ["纠纷类型", case.category, "协议涉及金额", money(a.amount)],
            wide_row("纠纷简要情况", paragraphs(fs, case.facts)),
            wide_row("协议内容", items),
            wide_row("履行方式、时限", p(a.performance_text, fs.cell)),
            wide_row("履行情况", p(performance, fs.cell)),
            ["人民调解员", a.mediator, "登记人", a.recorder or case.registrar],
            ["达成协议日期", date_cn(a.effective_on), "登记日期", date_cn(a.effective_on)]]
    return [*title_block(fs, ORAL, case), *form_grid(fs, rows), *seal_and_date(fs, a.effective_on)]


def write_oral_record(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), oral_story(case), title=f"{ORAL} {case.number}",
                     running_head=running_head(case), printed=printed(case))


# ---- 人民调解回访记录 --------------------------------------------------------------------------

def follow_up_story(case: CaseFile, visits: list | None = None) -> list:
    """One record per visit (all the case's, or ``visits``); with no visit yet, one blank
    record to fill in by hand."""
    fs = FormStyles()
    names = "、".join(party.name for party in case.parties)
    visits = (case.follow_ups if visits is None else visits) or [None]
    story: list = []
    for n, visit in enumerate(visits):
        if n:
            story.append(PageBreak())
        if visit is None:
            found = ""
        else:
            performance = case.agreement.performance_label if case.agreement else ""
            found = "\n".join(line for line in (
                visit.situation, f"协议履行情况：{performance}" if performance else "",
                f"当事人满意度：{visit.satisfaction}",
                f"新的风险隐患：{visit.new_risks or '无'}",
                f"采取的措施：{visit.measures or '无'}") if line)
        rows = [wide_row("当事人", names),
                wide_row("调解协议编号", case.number),
                wide_row("回访事由", visit.reason if visit else ""),
                wide_row("回访情况", paragraphs(fs, found)),
                ["回访人", visit.visitor if visit else "", "回访时间",
                 date_cn(visit.visited_on if visit else None)]]
        story += [*title_block(fs, FOLLOW_UP, case),
                  *form_grid(fs, rows, heights=None if visit else {3: 80 * mm})]
    return story


def write_follow_up_record(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), follow_up_story(case), title=f"{FOLLOW_UP} {case.number}",
                     running_head=running_head(case), printed=printed(case))
