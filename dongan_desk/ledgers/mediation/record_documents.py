"""The table forms of a mediation case (FORMS.md §1): 人民调解受理登记表, 口头协议登记表,
人民调解回访记录, and the 卷宗 cover with its 卷内目录.

The forms are bordered label/value grids; a row may split across pages (``splitInRow``), so a
very long 纠纷简要情况 runs on to the next page rather than failing or being cut.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from .queries import CaseFile
from .models import SOURCES
from .document_parts import (DocumentNotApplicable, FormStyles, date_cn, money, no_helvetica, p,
                             party_summary, seal_and_date)
from ...documents.pdfbase import build_pdf, data_table, escape, frame_width

REGISTRATION = "人民调解受理登记表"
ORAL = "口头协议登记表"
FOLLOW_UP = "人民调解回访记录"
DOSSIER = "人民调解卷宗"
# On the printed 受理登记表 the committee's own initiative is spelled out (FORMS.md §1).
SOURCE_ON_FORM = {"initiative": "人民调解委员会主动调解"}
CHECKED, UNCHECKED = "■", "□"
RETENTION = "长期"  # 保管期限 of a mediation file, as county practice files them


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


def _paragraphs(fs: FormStyles, text: str, style: ParagraphStyle | None = None) -> list[Paragraph]:
    return [p(line, style or fs.cell) for line in text.splitlines() if line.strip()] or [p("", fs.cell)]


def _title(fs: FormStyles, title: str, case: CaseFile) -> list:
    return [p(title, fs.house.title), p(f"编号：{case.number}", fs.house.number)]


def _parties_cell(fs: FormStyles, case: CaseFile) -> list[Paragraph]:
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
            wide_row("当事人", _parties_cell(fs, case)),
            wide_row("纠纷简要情况", _paragraphs(fs, case.facts)),
            wide_row("当事人（签名）", ""),
            ["登记人（签名）", case.registrar, "登记日期", date_cn(case.accepted_on)]]
    grid = form_grid(fs, rows, heights={5: 22 * mm})
    return [*_title(fs, REGISTRATION, case),
            p(f"{date_cn(case.accepted_on)}，本人民调解委员会经当事人同意，调解{names}之间的纠纷。",
              fs.house.body_indent),
            Spacer(1, 4 * mm), *grid, *seal_and_date(fs, case.accepted_on)]


def write_registration(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), registration_story(case), title=f"{REGISTRATION} {case.number}")


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
    rows = [wide_row("当事人", _parties_cell(fs, case)),
            ["纠纷类型", case.category, "协议涉及金额", money(a.amount)],
            wide_row("纠纷简要情况", _paragraphs(fs, case.facts)),
            wide_row("协议内容", items),
            wide_row("履行方式、时限", p(a.performance_text, fs.cell)),
            wide_row("履行情况", p(performance, fs.cell)),
            ["人民调解员", a.mediator, "登记人", a.recorder or case.registrar],
            ["达成协议日期", date_cn(a.effective_on), "登记日期", date_cn(a.effective_on)]]
    return [*_title(fs, ORAL, case), *form_grid(fs, rows), *seal_and_date(fs, a.effective_on)]


def write_oral_record(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), oral_story(case), title=f"{ORAL} {case.number}")


# ---- 人民调解回访记录 --------------------------------------------------------------------------

def follow_up_story(case: CaseFile) -> list:
    """One record per visit; with no visit yet, one blank record to fill in by hand."""
    fs = FormStyles()
    names = "、".join(party.name for party in case.parties)
    visits = case.follow_ups or [None]
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
                wide_row("回访情况", _paragraphs(fs, found)),
                ["回访人", visit.visitor if visit else "", "回访时间",
                 date_cn(visit.visited_on if visit else None)]]
        story += [*_title(fs, FOLLOW_UP, case),
                  *form_grid(fs, rows, heights=None if visit else {3: 80 * mm})]
    return story


def write_follow_up_record(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), follow_up_story(case), title=f"{FOLLOW_UP} {case.number}")


# ---- 卷宗: cover and 卷内目录 -------------------------------------------------------------------

def contents(case: CaseFile) -> list[tuple[str, str]]:
    """(文书名称, 备注) of the file, required ones first (FORMS.md §1)."""
    entries = []
    if case.source == "apply":
        entries.append(("人民调解申请书", ""))
    entries += [(REGISTRATION, ""), ("当事人权利义务告知书", ""),
                ("当事人身份证明", f"共{len(case.parties)}人")]
    entries += [(f"人民调解记录（{s.tier_name}）", f"{s.held_on:%Y-%m-%d}") for s in case.steps]
    a = case.agreement
    if a is not None:
        entries.append(("人民调解协议书" if a.kind == "written" else ORAL, f"{a.effective_on:%Y-%m-%d}"))
        if a.performance in ("done", "partial"):
            entries.append(("履行凭证", a.performance_label))
        if a.confirmation_applied_on:
            entries.append(("司法确认材料", f"申请于{a.confirmation_applied_on:%Y-%m-%d}"))
    entries += [(FOLLOW_UP, f"{f.visited_on:%Y-%m-%d}") for f in case.follow_ups]
    if case.status == "withdrawn":
        entries.append(("撤回调解申请记录", case.close_note))
    entries.append(("卷内备考表", ""))
    return entries


def _spread(label: str, width: int = 5) -> str:
    """卷名 → 卷&nbsp;…&nbsp;名: short labels spread to the width of the longest, as on paper."""
    if len(label) >= width or len(label) < 2:
        return escape(label)
    gap = "&nbsp;" * (2 * (width - len(label)) // (len(label) - 1))
    return gap.join(escape(ch) for ch in label)


def dossier_story(case: CaseFile, filed_by: str = "", filed_on: date | None = None) -> list:
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
    rows = [[n, name, "", note] for n, (name, note) in enumerate(contents(case), start=1)]
    listing = data_table(["序号", "文书名称", "页号", "备注"], rows, ["10%", "50%", "12%", "28%"])
    # taller rows: the 页号 are written in by hand when the file is bound
    listing.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 6),
                                 ("BOTTOMPADDING", (0, 1), (-1, -1), 7)]))
    return [p(case.committee, st.title), Spacer(1, 20 * mm), p(DOSSIER, big), Spacer(1, 30 * mm),
            cover, PageBreak(), p("卷内目录", st.title), p(f"卷号：{case.number}", st.number),
            listing]


def write_dossier(target: Path, case: CaseFile, filed_by: str = "",
                  filed_on: date | None = None) -> Path:
    # No page numbers: a cover carries none, and the 页号 column is filled in when binding.
    return build_pdf(Path(target), dossier_story(case, filed_by, filed_on),
                     title=f"{DOSSIER} {case.number}", footer_page_numbers=False)
