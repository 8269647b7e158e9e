"""红白理事会 printouts: the 支客士上岗证 (one certificate a page, A4 landscape), the printed
支客士 roster, and the 红白事办理提醒单 handed to the host family.

The content comes ready from ``print_data.py`` (objects with the attributes named in the
protocols below); this module only lays it out, with the house fonts and ``build_pdf``.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import (Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table,
                                TableStyle)

from .models import CeremonyFiling, Emcee
from .print_data import CertificateData, ReminderData
from ...documents import pdfbase
from ...documents.pdfbase import Printed, build_pdf, data_table, escape, styles

CERTIFICATE_TITLE = "支客士上岗证"
ROSTER_TITLE = "支客士花名册"
REMINDER_TITLE = "红白事办理提醒单"
SEAL_RED = colors.HexColor("#B22222")
BORDER_RED = colors.HexColor("#9B1B1B")


def chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "＿＿年＿＿月＿＿日"


# ---- the certificate --------------------------------------------------------------------------

class _Certificate(Flowable):
    """A whole landscape page. It fills the house frame and draws in page coordinates, so the
    border can sit well inside the paper's edge rather than at the GB/T text margins."""

    def __init__(self, facts: CertificateData):
        super().__init__()
        self.facts = facts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, avail_height

    def draw(self) -> None:
        c, f = self.canv, self.facts
        st = styles()
        c.saveState()
        # The frame starts at the house margins: move the origin back to the paper's corner.
        c.translate(-pdfbase.MARGIN_LEFT, -pdfbase.MARGIN_BOTTOM)
        width, height = c._pagesize
        c.setStrokeColor(BORDER_RED)
        c.setLineWidth(3)
        c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        c.setLineWidth(0.8)
        c.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)
        for x, y in ((16, 16), (16, -16), (-16, 16), (-16, -16)):  # corner squares
            cx = x * mm if x > 0 else width + x * mm
            cy = y * mm if y > 0 else height + y * mm
            c.setFillColor(BORDER_RED)
            c.rect(cx - 2.5 * mm, cy - 2.5 * mm, 5 * mm, 5 * mm, stroke=0, fill=1)
        c.setFillColor(BORDER_RED)
        c.setFont(st.title.fontName, 40)
        c.drawCentredString(width / 2, height - 50 * mm, CERTIFICATE_TITLE)
        c.setFillColor(colors.black)
        c.setFont(st.body.fontName, 13)
        c.drawRightString(width - 30 * mm, height - 62 * mm, f"编号：{f.number}")
        # Photo box on the left.
        c.setLineWidth(0.6)
        c.setStrokeColor(colors.grey)
        c.setDash(3, 2)
        c.rect(36 * mm, 62 * mm, 35 * mm, 45 * mm)
        c.setDash()
        c.setFont(st.body.fontName, 11)
        c.setFillColor(colors.grey)
        c.drawCentredString(53.5 * mm, 83 * mm, "照　片")
        c.setFillColor(colors.black)
        lines = [("姓名", f.name), ("性别", f.gender or "＿＿"), ("所在村（社区）", f.village),
                 ("发证日期", chinese_date(f.issued_on)),
                 ("有效期至", chinese_date(f.expires_on))]
        y = 126 * mm
        value_x = 88 * mm + max(c.stringWidth(f"{label}：", st.heading.fontName, 16)
                                for label, _ in lines)
        for label, value in lines:
            c.setFont(st.heading.fontName, 16)
            c.drawRightString(value_x, y, f"{label}：")
            c.setFont(st.body.fontName, 16)
            c.drawString(value_x, y, value)
            y -= 10 * mm
        body = st.body.clone("cert_body", fontSize=15, leading=24, firstLineIndent=30)
        hours = f"累计培训{f.hours:g}学时，" if f.hours else ""
        text = (f"{escape(f.name)}同志参加{escape(f.issued_by)}组织的支客士培训，{hours}经考核合格，"
                "准予在本镇范围内从事红白事支客服务，持证上岗。")
        para = Paragraph(text, body)
        _, used = para.wrap(width - 88 * mm - 32 * mm, 40 * mm)
        para.drawOn(c, 88 * mm, 66 * mm - used + 24)
        c.setFont(st.body.fontName, 16)
        c.drawCentredString(width - 72 * mm, 44 * mm, f"{f.issued_by}（盖章）")
        c.drawCentredString(width - 72 * mm, 34 * mm, chinese_date(f.issued_on))
        c.setStrokeColor(SEAL_RED)
        c.setDash(2, 2)
        c.circle(width - 72 * mm, 42 * mm, 19 * mm)  # where the seal goes
        c.setDash()
        c.setFont(st.body.fontName, 10)
        c.setFillColor(colors.HexColor("#555555"))
        c.drawString(24 * mm, 22 * mm, "注：本证限本人使用，不得转借；有效期满须重新参加培训、换发新证。")
        c.restoreState()


def write_certificates(target: Path, certificates: Sequence[CertificateData]) -> Path:
    """One 支客士上岗证 a page; raises ValueError when there is none to print."""
    if not certificates:
        raise ValueError("没有可以打印的上岗证：所选支客士还没有发证。")
    story: list = []
    for n, facts in enumerate(certificates):
        if n:
            story.append(PageBreak())
        story.append(_Certificate(facts))
    title = CERTIFICATE_TITLE if len(certificates) > 1 else f"{CERTIFICATE_TITLE}（{certificates[0].name}）"
    about = Printed("、".join(c.name for c in certificates), record_type=Emcee._meta.verbose_name)
    return build_pdf(Path(target), story, title=title, footer_page_numbers=False, landscape=True,
                     printed=about)


# ---- the roster -----------------------------------------------------------------------------

ROSTER_WIDTHS = ("5%", "9%", "5%", "12%", "19%", "10%", "10%", "9%", "6%", "6%", "9%")


def write_emcee_roster(target: Path, *, unit_name: str, council_name: str, headers: Sequence[str],
                       rows: Sequence[Sequence[object]], roster_date: date) -> Path:
    """The printed roster: ``headers`` and ``rows`` exclude 序号 (numbered here)."""
    st = styles()
    small = st.body.clone("roster_small", fontSize=12, leading=18)
    title = st.title.clone("roster_title", spaceAfter=4)
    body = [[n, *row] for n, row in enumerate(rows, start=1)]
    if not body:
        body = [["", "本单位还没有在册的支客士。", *[""] * (len(headers) - 1)]]
    widths = ROSTER_WIDTHS if len(headers) + 1 == len(ROSTER_WIDTHS) else None
    story = [Paragraph(escape(f"{unit_name}{ROSTER_TITLE}"), title),
             Paragraph(escape(f"统计日期：{chinese_date(roster_date)}　　共{len(rows)}人"),
                       small.clone("roster_date", alignment=TA_CENTER)),
             Spacer(1, 8), data_table(["序号", *headers], body, col_widths=widths), Spacer(1, 10),
             Paragraph(f"填表人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　{escape(council_name)}（盖章）",
                       small)]
    return build_pdf(Path(target), story, title=f"{unit_name}{ROSTER_TITLE}", landscape=True,
                     printed=Printed(unit_name))


# ---- the 提醒单 ---------------------------------------------------------------------------------

def write_reminder(target: Path, reminder: ReminderData) -> Path:
    """The 提醒单: the filing's facts, the village's limits, what this filing breaks."""
    st = styles()
    # 四号 rather than the house's 三号: the family gets one page, signed at the bottom.
    body = st.body.clone("reminder_body", fontSize=13, leading=20)
    indent = body.clone("reminder_indent", firstLineIndent=26)
    heading = st.heading.clone("reminder_heading", fontSize=14, leading=22, spaceBefore=6)
    r = reminder
    story = [Paragraph(escape(REMINDER_TITLE), st.title),
             Paragraph(escape(f"{r.host_name}户："), heading),
             Paragraph(escape(f"您家报备的{r.kind_label}已由{r.council_name}登记。为倡导婚事新办、丧事简办、"
                              "其他事不办，请按本村村规民约和红白理事会的规定办理。"), indent),
             Paragraph("一、报备情况", heading)]
    # Two facts a row and the limits in two columns: the 提醒单 is one page.
    label_style = st.table_header
    cells = [[Paragraph(escape(label), label_style), Paragraph(escape(value), st.table)]
             for label, value in r.facts]
    if len(cells) % 2:
        cells.append(["", ""])
    facts = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    table = Table(facts, colWidths=["14%", "36%", "14%", "36%"])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#E7E6E6")),
                               ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#E7E6E6")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [table, Paragraph("二、本村红白事办理标准", heading)]
    limits = [Paragraph(escape(f"{n}．{line}。"), body) for n, line in enumerate(r.limit_lines, 1)]
    half = (len(limits) + 1) // 2
    columns = [[limits[i], limits[i + half] if i + half < len(limits) else ""] for i in range(half)]
    limit_table = Table(columns, colWidths=["50%", "50%"])
    limit_table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("TOPPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                     ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(limit_table)
    if r.breaches or r.warnings:
        story.append(Paragraph("三、请主家注意", heading))
        if r.breaches:
            story.append(Paragraph(escape("经核对，本次报备超出了以上标准：" + "；".join(r.breaches)
                                          + "。请按标准调整，红白理事会将到场监督。"), indent))
        if r.breach_note:
            story.append(Paragraph(escape(f"（登记说明：{r.breach_note}）"), body))
        for warning in r.warnings:
            story.append(Paragraph(escape(warning), indent))
    sign = Table([[Paragraph("主家签收：＿＿＿＿＿＿", body),
                   Paragraph(escape(f"受理人：{r.received_by or '＿＿＿＿＿＿'}"), body)],
                  ["", Paragraph(escape(f"{r.council_name}（盖章）"), body)],
                  ["", Paragraph(escape(chinese_date(r.filed_on)), body)]],
                 colWidths=["50%", "50%"])
    sign.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 10), KeepTogether(sign)]
    return build_pdf(Path(target), story, title=f"{REMINDER_TITLE}（{r.host_name}）",
                     printed=Printed(f"{r.host_name}户{r.kind_label}",
                                     record_type=CeremonyFiling._meta.verbose_name))
