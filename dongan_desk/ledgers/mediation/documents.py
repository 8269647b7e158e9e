"""The printed documents of a mediation case (FORMS.md §1): 人民调解协议书 here; the
registration, oral-agreement and follow-up forms and the 卷宗 in ``mediation_records``.

Every writer takes a ``CaseFile`` (what the case view shows, so paper and screen agree) and writes
through ``pdfbase.build_pdf``: fonts embedded, A4, house margins, never a half-written file. Long
texts are plain paragraphs (or table rows allowed to split), so they run on over pages whole.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from .queries import CaseFile, PartyView
from ...documents.pdfbase import build_pdf, escape, frame_width, styles

AGREEMENT = "人民调解协议书"
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

def agreement_story(case: CaseFile, show_id_numbers: bool = False) -> list:
    """The agreement in the 司法部 template's order (FORMS.md §1, items 1–8)."""
    if case.agreement is None:
        raise DocumentNotApplicable(f"{case.number}还没有达成调解协议，不能打印人民调解协议书。")
    if case.agreement.kind != "written":
        raise DocumentNotApplicable(f"{case.number}达成的是口头协议，请打印“口头协议登记表”。")
    fs, a = FormStyles(), case.agreement
    st = fs.house
    story: list = [p(AGREEMENT, st.title), p(f"编号：{case.number}", st.number)]
    for party in case.parties:
        story += [party_block(party, st.body, show_id_numbers), Spacer(1, 8)]
    story.append(p("纠纷主要事实、争议事项：", st.heading))
    story += [p(part, st.body_indent) for part in case.facts.splitlines() if part.strip()]
    story.append(p("经调解，自愿达成如下协议：", st.heading))
    story += [p(f"{n}、{item}", st.body_indent) for n, item in enumerate(a.items, start=1)]
    story.append(p("履行方式、时限：", st.heading))
    story.append(p(a.performance_text or "　", st.body_indent))
    story.append(p(f"本协议一式{chinese_number(a.copies)}份，当事人、人民调解委员会各持一份。",
                   fs.gap))
    signers = [f"{party.side}（签名盖章或按指印）：" for party in case.parties]
    signers += ["人民调解员（签名）：", "记录人（签名）："]
    story.append(KeepTogether([Spacer(1, 6 * mm), signature_table(fs, signers),
                               *seal_and_date(fs, a.effective_on, room=22 * mm)]))
    return story


def write_agreement(target: Path, case: CaseFile, show_id_numbers: bool = False) -> Path:
    return build_pdf(Path(target), agreement_story(case, show_id_numbers),
                     title=f"{AGREEMENT} {case.number}")


# ---- the set of documents --------------------------------------------------------------------

def _registry() -> dict[str, tuple[str, Callable[..., Path]]]:
    from . import record_documents as records  # late: records uses the helpers above
    return {
        "agreement": (AGREEMENT, write_agreement),
        "registration": (records.REGISTRATION, records.write_registration),
        "oral": (records.ORAL, records.write_oral_record),
        "followup": (records.FOLLOW_UP, records.write_follow_up_record),
        "dossier": (records.DOSSIER, records.write_dossier),
    }


DOCUMENT_KINDS = ("agreement", "registration", "oral", "followup", "dossier")


def document_title(kind: str) -> str:
    return _registry()[kind][0]


def document_filename(kind: str, case: CaseFile) -> str:
    return f"{document_title(kind)}_{case.number}.pdf"


def write_document(kind: str, target: Path, case: CaseFile, **options) -> Path:
    """Write one of ``DOCUMENT_KINDS``; options: ``show_id_numbers`` for the agreement."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"不认识的文书“{kind}”，可选：{'、'.join(DOCUMENT_KINDS)}")
    writer = _registry()[kind][1]
    return writer(Path(target), case, **options) if kind == "agreement" else writer(Path(target), case)
