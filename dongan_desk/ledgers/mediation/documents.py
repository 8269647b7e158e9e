"""The printed documents of a mediation case (FORMS.md §1): 人民调解协议书 here; the
registration, oral-agreement and follow-up forms in ``record_documents.py``; the 申请书 and the
调解笔录 in ``case_papers.py``; the 卷宗 in ``dossier.py``; what they share in
``document_parts.py``.

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
from . import case_papers as papers
from . import dossier
from . import record_documents as records
from .document_parts import (DocumentNotApplicable, FormStyles, chinese_number, p, party_block,
                             printed, running_head, seal_and_date, signature_table)
from .queries import CaseFile, cited_clauses

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
    cited = cited_clauses(case)
    if cited:  # the 村规民约调 relied on them: the parties sign knowing which
        story.append(p("调解依据的村规民约条款：", st.heading))
        story += [p(line, st.body_indent) for line in cited]
    story.append(p("经调解，自愿达成如下协议：", st.heading))
    items = [p(f"{n}、{item}", st.body_indent) for n, item in enumerate(a.items, start=1)]
    story += items[:-1]
    signers = [f"{party.side}（签名盖章或按指印）：" for party in case.parties]
    signers += ["人民调解员（签名）：", "记录人（签名）："]
    # The last clause, the performance and the copies go over with the signatures: a page
    # of signatures alone could be signed under any agreement.
    story.append(KeepTogether([
        *items[-1:], p("履行方式、时限：", st.heading), p(a.performance_text or "　", st.body_indent),
        p(f"本协议一式{chinese_number(a.copies)}份，当事人、人民调解委员会各持一份。", fs.gap),
        Spacer(1, 6 * mm), signature_table(fs, signers),
        *seal_and_date(fs, a.effective_on, room=22 * mm)]))
    return story


def write_agreement(target: Path, case: CaseFile, show_id_numbers: bool = False) -> Path:
    return build_pdf(Path(target), agreement_story(case, show_id_numbers),
                     title=f"{AGREEMENT} {case.number}", running_head=running_head(case),
                     printed=printed(case))


# ---- the set of documents --------------------------------------------------------------------

def write_dossier(target: Path, case: CaseFile, show_id_numbers: bool = False) -> Path:
    """The 卷宗; its 页号 count the agreement as printed with (or without) the ID line."""
    return dossier.write_dossier(Path(target), case,
                                 lambda c: agreement_story(c, show_id_numbers))


def _registry() -> dict[str, tuple[str, Callable[..., Path]]]:
    return {
        "application": (papers.APPLICATION, papers.write_application),
        "registration": (records.REGISTRATION, records.write_registration),
        "record": (papers.RECORD, papers.write_record),
        "agreement": (AGREEMENT, write_agreement),
        "oral": (records.ORAL, records.write_oral_record),
        "followup": (records.FOLLOW_UP, records.write_follow_up_record),
        "dossier": (dossier.DOSSIER, write_dossier),
    }


# In the order of a case: applied for, accepted, mediated, agreed, visited, filed.
DOCUMENT_KINDS = ("application", "registration", "record", "agreement", "oral", "followup", "dossier")
TAKES_ID_CHOICE = ("agreement", "dossier")


def document_title(kind: str) -> str:
    return _registry()[kind][0]


def document_filename(kind: str, case: CaseFile) -> str:
    return f"{document_title(kind)}_{case.number}.pdf"


def applicable(kind: str, case: CaseFile) -> bool:
    """Whether the case has this document (the menus grey out the others)."""
    a = case.agreement
    return {"application": case.source == "apply", "record": bool(case.steps),
            "agreement": a is not None and a.kind == "written",
            "oral": a is not None and a.kind == "oral"}.get(kind, True)


def write_document(kind: str, target: Path, case: CaseFile, **options) -> Path:
    """Write one of ``DOCUMENT_KINDS``; options: ``show_id_numbers`` for the agreement (and the
    dossier, whose 页号 count the agreement as printed)."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"不认识的文书“{kind}”，可选：{'、'.join(DOCUMENT_KINDS)}")
    writer = _registry()[kind][1]
    return writer(Path(target), case, **options) if kind in TAKES_ID_CHOICE else writer(Path(target), case)
