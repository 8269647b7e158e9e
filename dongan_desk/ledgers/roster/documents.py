"""The printed 网格花名册: A4 landscape in the house style, one section a courtyard grid (each
starts on a new page, so each 网格员 can be handed theirs), ID numbers masked as the lists show
them (DESIGN §6). The lines come ready from ``queries.roster_lines``; this only lays them out."""
from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from ...documents.pdfbase import Printed, build_pdf, data_table, escape, styles
from .queries import RosterLine
from .sensitive import MASK, PRINT_NOTE
from .sheets import household_count, roster_title

# 序号, 户编号, 住址, 姓名, 与户主关系, 性别, 出生日期, 身份证号, 联系电话, 党员, 困难/特殊群体
HEADERS = ("序号", "户编号", "住址", "姓名", "与户主关系", "性别", "出生日期", "身份证号",
           "联系电话", "党员", "困难/特殊群体")
# Wide enough that an ID number, a phone and a date never wrap (9.5 pt digits); 住址 may.
WIDTHS = ("4%", "7%", "17%", "8%", "7%", "4%", "9%", "16%", "11%", "4%", "13%")
# With the people who left: their 在册状态 (and date) takes room from 住址 and the groups.
WIDTHS_WITH_STATUS = ("4%", "7%", "13%", "8%", "7%", "4%", "9%", "16%", "11%", "4%", "8%", "9%")
CELL_SIZE, CELL_LEADING = 9.5, 12
# A register, not a 公文: the GB/T 9704 margins would leave a dozen rows a landscape page.
MARGINS = (16 * mm, 16 * mm, 15 * mm, 15 * mm)
# Above the table, as on township forms: at its foot it fell alone on a page when the table
# filled the last one.
SIGN_LINE = "填表人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿＿＿"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write_roster_pdf(target: Path, *, unit_name: str, scope: str, lines: Sequence[RosterLine],
                     with_status: bool, roster_date: date) -> Path:
    """Write the printed 花名册 at ``target`` (atomically). ``scope`` names what it covers
    (a courtyard, or 全村); a whole village prints one section a courtyard."""
    st = styles()
    small = st.body.clone("roster_small", fontSize=12, leading=18)
    cell = st.table.clone("roster_cell", fontSize=CELL_SIZE, leading=CELL_LEADING)
    head = st.table_header.clone("roster_head", fontSize=CELL_SIZE, leading=CELL_LEADING)
    number = cell.clone("roster_number", alignment=TA_CENTER)
    section = st.heading.clone("roster_section", fontSize=14, leading=20, spaceBefore=0,
                               spaceAfter=4)
    title = roster_title(unit_name, scope)
    headers = [*HEADERS, *(["在册状态"] if with_status else [])]
    story: list = [Paragraph(escape(title), st.title.clone("roster_title", spaceAfter=4)),
                   Paragraph(escape(f"填报单位（盖章）：{unit_name}　　统计日期：{chinese_date(roster_date)}"
                                    f"　　共{household_count(lines)}户{len(lines)}人"
                                    + ("" if with_status else "（只含在册人员）")),
                             small.clone("roster_sub", alignment=TA_CENTER)),
                   Paragraph(SIGN_LINE, small.clone("roster_sign", alignment=TA_CENTER))]
    if any(MASK in line.groups for line in lines):  # printed by a role that sees the mask only
        story.append(Paragraph(escape(PRINT_NOTE), small.clone("roster_mask", alignment=TA_CENTER)))
    story.append(Spacer(1, 8))
    courtyards = [(name, list(group)) for (_, name), group in
                  groupby(lines, key=lambda line: (line.grid_id, line.grid_name))]
    if not courtyards:
        story.append(Paragraph(escape("没有可以打印的人员。"), small))
    for n, (grid_name, people) in enumerate(courtyards):
        if n:
            story.append(PageBreak())
        if len(courtyards) > 1 or scope != grid_name:
            story.append(Paragraph(escape(f"{grid_name}（{household_count(people)}户{len(people)}人）"),
                                   section))
        story.append(data_table([Paragraph(escape(h), head) for h in headers],
                                _rows(people, with_status, cell, number),
                                col_widths=WIDTHS_WITH_STATUS if with_status else WIDTHS))
    return build_pdf(Path(target), story, title=title, landscape=True, margins=MARGINS,
                     printed=Printed(f"{unit_name}（{scope}）"))


def _rows(people: list[RosterLine], with_status: bool, cell, number) -> list[list]:
    """A household's 户编号 and 住址 on its first line only, as on paper."""
    rows, last = [], None
    for n, line in enumerate(people, start=1):
        first = line.household_id != last
        last = line.household_id
        values = [line.household_no if first else "", line.address if first else "", line.name,
                  line.relation, line.gender,
                  f"{line.birth_date:%Y-%m-%d}" if line.birth_date else "", line.id_masked,
                  line.phone, line.party, line.groups]
        if with_status:
            values.append(line.status if line.status == "在册" or not line.status_on
                          else f"{line.status}\n{line.status_on:%Y-%m-%d}")
        rows.append([Paragraph(str(n), number), *[Paragraph(escape(v), cell) for v in values]])
    return rows
