"""网络舆情 printouts: the month's 舆情登记簿 (A4 landscape, signed by the 填表人 and the
支部书记) and the 网络管理员及村级网络群名册 for the wall of the office. Rows come from
``sheets.py`` (the same as the 报送包's); this module only lays them out with the house fonts."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Paragraph, Spacer

from ...documents.pdfbase import Printed, build_pdf, data_table, escape, styles

REGISTER_TITLE = "网络舆情登记簿"
ROSTER_TITLE = "网络管理员及村级网络群名册"
# A landscape register: only what fits a column each (序号 and 13 columns).
REGISTER_COLUMNS = (0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
REGISTER_WIDTHS = ("3%", "10%", "8%", "6%", "7%", "10%", "4%", "8%", "6%", "10%", "6%", "7%", "6%", "9%")
MARGINS = (20 * 2.835, 18 * 2.835, 15 * 2.835, 15 * 2.835)  # mm → pt: a register, not a 公文


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write_incident_register(target: Path, *, unit_name: str, period: str, headers: Sequence[str],
                            rows: Sequence[Sequence[object]], printed_on: date,
                            limit_text: str) -> Path:
    """The register of one month (or any period): ``rows`` as ``sheets.register_rows`` makes
    them, without 序号."""
    st = styles()
    small = st.body.clone("online_small", fontSize=11, leading=16)
    picked = ["序号", *[headers[i] for i in REGISTER_COLUMNS]]
    body = [[n, *[row[i] for i in REGISTER_COLUMNS]] for n, row in enumerate(rows, start=1)]
    if not body:
        body = [["", "本期无舆情信息。", *[""] * (len(picked) - 2)]]
    story = [Paragraph(escape(f"{unit_name}{REGISTER_TITLE}"), st.title.clone("reg_title", spaceAfter=2)),
             Paragraph(escape(f"统计时段：{period}　　共{len(rows)}条　　{limit_text}。"),
                       small.clone("reg_period", alignment=TA_CENTER)),
             Spacer(1, 6), data_table(picked, body, col_widths=REGISTER_WIDTHS), Spacer(1, 10),
             Paragraph(escape(f"填表人：＿＿＿＿＿＿　　网络管理员：＿＿＿＿＿＿　　支部书记（审核）：＿＿＿＿＿＿　　"
                              f"{unit_name}（盖章）　　{chinese_date(printed_on)}"), small)]
    return build_pdf(Path(target), story, title=f"{unit_name}{REGISTER_TITLE}（{period}）",
                     landscape=True, margins=MARGINS, printed=Printed(f"{unit_name}（{period}）"))


def write_admin_roster(target: Path, *, unit_name: str, group_headers: Sequence[str],
                       groups: Sequence[Sequence[object]], admin_headers: Sequence[str],
                       admins: Sequence[Sequence[object]], printed_on: date) -> Path:
    """The admins first (the seed's 1–2, 党员优先), then the groups they look after."""
    st = styles()
    small = st.body.clone("roster_small", fontSize=12, leading=18)
    heading = st.heading.clone("roster_heading", fontSize=14, leading=22, spaceBefore=10, spaceAfter=4)

    def numbered(rows, width, empty):
        body = [[n, *row] for n, row in enumerate(rows, start=1)]
        return body or [["", empty, *[""] * (width - 1)]]

    story = [Paragraph(escape(f"{unit_name}{ROSTER_TITLE}"), st.title),
             Paragraph(escape(f"截至{chinese_date(printed_on)}"), small.clone("r_date", alignment=TA_CENTER)),
             Paragraph("一、网络管理员", heading),
             data_table(["序号", *admin_headers], numbered(admins, len(admin_headers), "还没有选定网络管理员。")),
             Paragraph("二、村级网络群", heading),
             data_table(["序号", *group_headers], numbered(groups, len(group_headers), "还没有登记村级网络群。")),
             Spacer(1, 12),
             Paragraph(escape("网络管理员职责：及时发现、处置、上报、管控网络舆情信息；重大、较大舆情按镇里规定的时限上报"
                              "镇平安建设办。"), small),
             Spacer(1, 10),
             Paragraph(escape(f"填表人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　{unit_name}（盖章）"), small)]
    return build_pdf(Path(target), story, title=f"{unit_name}{ROSTER_TITLE}", landscape=True,
                     margins=MARGINS, printed=Printed(unit_name))
