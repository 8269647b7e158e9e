"""What the printed documents of a mediation case share: numbers and dates in Chinese, money,
the party blocks, the form styles, the seal and signature lines. The documents themselves are in
``documents.py`` (人民调解协议书) and ``record_documents.py`` (the forms and the 卷宗)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ...documents.pdfbase import Printed, escape, frame_width, styles
from .models import Dispute
from .queries import PartyView

SEAL = "（人民调解委员会印）"
_DIGITS = "零一二三四五六七八九"


class DocumentNotApplicable(ValueError):
    """This document does not exist for this case (e.g. no agreement yet); says which one does."""


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (copies and counts on forms)."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def date_cn(day: date | None) -> str:
    """2026年3月10日, or the blanks a clerk fills in by hand."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　　　年　　月　　日"


def running_head(case) -> str:
    """编号 at the top of every page after the first (``pdfbase.build_pdf(running_head=…)``)."""
    return f"编号：{case.number}"


def printed(case) -> Printed:
    """What a paper of the case is about, for its audit row "打印": the case, by its 编号."""
    uid = Dispute.select(Dispute.uid).where(Dispute.id == case.id).scalar() or ""
    return Printed(case.number, record_type=Dispute._meta.verbose_name, uid=uid)


def money(amount: Decimal | None) -> str:
    return f"{amount:.2f}元" if amount is not None else ""


def party_block(party: PartyView, style: ParagraphStyle, show_id: bool) -> Table:
    """A party's block as the template has it: 姓名 性别 民族 年龄 / 职业或职务 联系方式 /
    单位或住址 (/ 身份证号), in columns so the fields line up from one party to the next."""
    age = f"{party.age}岁" if party.age is not None else ""
    rows = [[f"{party.side}：{party.name}", f"性别：{party.gender}", f"民族：{party.ethnicity}",
             f"年龄：{age}"],
            [f"职业或职务：{party.occupation}", "", f"联系方式：{party.phone}", ""],
            [f"单位或住址：{party.address}", "", "", ""]]
    if show_id:
        rows.append([f"身份证号：{party.id_number}", "", "", ""])
    width = frame_width()
    table = Table([[p(cell, style) if cell else "" for cell in row] for row in rows],
                  colWidths=[width * f for f in (0.34, 0.2, 0.23, 0.23)])
    commands = [("SPAN", (0, 1), (1, 1)), ("SPAN", (2, 1), (3, 1)), ("SPAN", (0, 2), (3, 2)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), no_helvetica(style)]
    if show_id:
        commands.append(("SPAN", (0, 3), (3, 3)))
    table.setStyle(TableStyle(commands))
    return table


def party_summary(party: PartyView) -> str:
    """One line per party for the table forms: 甲方：李秀英，女，汉族，76岁，… 电话…"""
    bits = [party.gender, party.ethnicity, f"{party.age}岁" if party.age is not None else "",
            party.occupation, party.address, f"电话{party.phone}" if party.phone else ""]
    return f"{party.side}：{party.name}，" + "，".join(b for b in bits if b)


class FormStyles:
    """The house styles plus the smaller ones the table forms use."""

    def __init__(self) -> None:
        st = styles()
        self.house = st
        self.cell = ParagraphStyle("form_cell", parent=st.table, fontSize=12, leading=18)
        self.label = ParagraphStyle("form_label", parent=self.cell, alignment=1)
        self.gap = ParagraphStyle("gap", parent=st.body, spaceBefore=6)


def no_helvetica(style: ParagraphStyle) -> tuple:
    """A table's own cell font: left unset, an empty cell makes the page reference a
    non-embedded Helvetica."""
    return ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize)


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def seal_and_date(fs: FormStyles, day: date | None, room: float = 12 * mm) -> list:
    """The seal line and the date at the bottom right, with room above for the seal."""
    return [Spacer(1, room), p(SEAL, fs.house.right), p(date_cn(day), fs.house.right)]


def signature_table(fs: FormStyles, labels: list[str], row_height: float = 13 * mm) -> Table:
    """A row per signer with a line to sign on; rows are tall enough for a fingerprint."""
    width = frame_width()
    table = Table([[p(label, fs.house.body), ""] for label in labels],
                  colWidths=[width * 0.55, width * 0.45], rowHeights=[row_height] * len(labels))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        no_helvetica(fs.house.body),
    ]))
    return table


# ---- 人民调解协议书 ---------------------------------------------------------------------------
