"""党员结对帮扶公示表: the notice-board sheet of a village's party members, their commitments and
duties, and the households they help (seed 五(一)1: 亮身份、亮承诺、亮职责). A4 landscape in the
house style, fonts embedded. The rows come ready from ``publicity.py`` (public form)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ...documents.pdfbase import Printed, build_pdf, data_table, escape, styles

TITLE = "党员结对帮扶公示表"
INTRO = ("按照东安镇“抓七好、推四调”工作方案，本村（社区）党员亮身份、亮承诺、亮职责，"
         "主动认领困难群体和特殊群体，一对一帮扶教育、动态监管。欢迎群众监督。")
# Share of the width per column: 序号, member (name and identity), commitment, duties, targets,
# help. Cells are 9.5 pt: at the house's 11 pt a village of 60 members took 27 landscape pages.
WIDTHS = ("5%", "12%", "19%", "19%", "25%", "20%")
CELL_SIZE, CELL_LEADING = 9.5, 13


def notice_title(unit_name: str) -> str:
    return f"{unit_name}{TITLE}"


def write_pairing_notice(target: Path, *, unit_name: str, headers: Sequence[str],
                         rows: Sequence[Sequence[str]], notice_date: date) -> Path:
    """Write the notice at ``target`` (atomically).

    ``headers`` and each row hold six columns: member name, identity (支部、职务), commitment,
    duties, targets, help. Name and identity share one cell; 序号 is added here."""
    st = styles()
    small = st.body.clone("notice_small", fontSize=12, leading=18)
    cell = st.table.clone("notice_cell", fontSize=CELL_SIZE, leading=CELL_LEADING)
    head = st.table_header.clone("notice_head", fontSize=CELL_SIZE, leading=CELL_LEADING)

    def para(text: object, style=cell) -> Paragraph:
        return Paragraph(escape(text), style)

    header_row = ["序号", f"{headers[0]}\n{headers[1]}", *headers[2:]]
    body = [[para(number, head.clone("notice_number", fontName=cell.fontName)), para(f"{row[0]}\n{row[1]}" if row[1] else row[0]),
             *[para(value) for value in row[2:]]]
            for number, row in enumerate(rows, start=1)]
    if not body:
        body = [[para(""), para("本单位还没有登记党员。"), *[para("")] * 4]]
    table = data_table([para(h, head) for h in header_row], body, col_widths=WIDTHS)
    sign = Table([[para("监督电话：＿＿＿＿＿＿＿＿", small),
                   para(f"中共{unit_name}支部委员会（盖章）", small)],
                  [para(""), para(f"公示日期：{notice_date.year}年{notice_date.month}月"
                            f"{notice_date.day}日", small)]],
                 colWidths=["60%", "40%"])
    # FONT even for Paragraph cells, else the page references a never-embedded Helvetica.
    sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), small.fontName, small.fontSize),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story = [Paragraph(escape(notice_title(unit_name)), st.title),
             para(INTRO, small), Spacer(1, 6), table, Spacer(1, 14), sign]
    return build_pdf(Path(target), story, title=notice_title(unit_name), landscape=True,
                     printed=Printed(unit_name))
