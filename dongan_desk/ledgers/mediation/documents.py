"""The printed documents of a mediation case (FORMS.md §1): 人民调解协议书 here; the
registration, oral-agreement and follow-up forms and the 卷宗 in ``record_documents.py``;
what they share in ``document_parts.py``.

Every writer takes a ``CaseFile`` (what the case view shows, so paper and screen agree) and writes
through ``pdfbase.build_pdf``: fonts embedded, A4, house margins, never a half-written file. Long
texts are plain paragraphs (or table rows allowed to split), so they run on over pages whole.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from ...documents.pdfbase import build_pdf
from . import record_documents as records
from .document_parts import (DocumentNotApplicable, FormStyles, chinese_number, p, party_block,
                             seal_and_date, signature_table)
from .queries import CaseFile

AGREEMENT = "人民调解协议书"


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
