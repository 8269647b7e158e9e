"""The two papers of the 卷宗 printed from what the case holds (FORMS.md §1): the 人民调解申请书
of a case the parties applied for, and the 调解笔录 (人民调解记录) of each mediation step.

申请书: the first party (甲方) is the applicant, the others 被申请人 — the order the case was
accepted in; the 申请事项 is the mediation of the dispute, dated the day it was accepted.
调解笔录: one record a step, each on its own page(s): time, place, the matter, who took part,
the parties, the facts and the mediation, then the agreement reached or why there was none.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from ...documents.pdfbase import build_pdf
from .document_parts import (DocumentNotApplicable, FormStyles, date_cn, p, party_block,
                             printed, running_head, signature_table)
from .models import TIER_MEDIATORS, TIERS
from .queries import CaseFile, StepView
from .record_documents import form_grid, paragraphs, parties_cell, title_block, wide_row

APPLICATION = "人民调解申请书"
RECORD = "人民调解记录"
# What the applicant is told before applying (人民调解法 第23条 the parties' rights, 第17条
# voluntary application): printed above the signature as the template has it.
TOLD = ("申请人已知悉人民调解的性质、原则、效力，以及当事人在调解活动中享有的权利和承担的义务，"
        "自愿申请人民调解。")
TIER_NAMES = dict(TIERS)


# ---- 人民调解申请书 ----------------------------------------------------------------------------

def application_story(case: CaseFile) -> list:
    if case.source != "apply":
        raise DocumentNotApplicable(
            f"{case.number}的案件来源是“{case.source_label}”，不是当事人申请的，没有人民调解申请书；"
            "请打印“人民调解受理登记表”。")
    fs = FormStyles()
    st = fs.house
    applicant, *others = case.parties
    story: list = [*title_block(fs, APPLICATION, case)]
    story += [party_block(dataclasses.replace(applicant, side="申请人"), st.body, False), Spacer(1, 8)]
    for party in others:
        story += [party_block(dataclasses.replace(party, side="被申请人"), st.body, False), Spacer(1, 8)]
    story.append(p("纠纷简要情况：", st.heading))
    story += paragraphs(fs, case.facts, st.body_indent)
    respondents = "、".join(party.name for party in others)
    # what is applied for goes over with the signature, never the signature alone
    story.append(KeepTogether([
        p("申请事项：", st.heading),
        p(f"1、请求{case.committee}依法调解申请人{applicant.name}与被申请人{respondents}"
          f"之间的{case.category}纠纷。", st.body_indent),
        p(TOLD, fs.gap), p("此致", st.body_indent), p(case.committee, st.body),
        signature_table(fs, ["申请人（签名或按指印）："]), Spacer(1, 3 * mm),
        p(date_cn(case.accepted_on), st.right)]))
    return story


def write_application(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), application_story(case), title=f"{APPLICATION} {case.number}",
                     running_head=running_head(case), printed=printed(case))


# ---- 调解笔录 (人民调解记录) ------------------------------------------------------------------

def record_story(case: CaseFile, steps: list[StepView] | None = None) -> list:
    """A record of every step (or of ``steps``), each starting on a new page."""
    steps = case.steps if steps is None else steps
    if not steps:
        raise DocumentNotApplicable(f"{case.number}还没有调解过，没有调解笔录可打印；"
                                    "请先在“记录调解”中登记调解经过。")
    fs = FormStyles()
    story: list = []
    for n, step in enumerate(steps):
        if n:
            story.append(PageBreak())
        story += [*title_block(fs, RECORD, case), *_step_grid(fs, case, step)]
    return story


def _step_grid(fs: FormStyles, case: CaseFile, step: StepView) -> list:
    mediation = [f"调解层级：{step.tier_name}（{TIER_MEDIATORS[step.tier]}）",
                 f"纠纷事实：{case.facts}", f"调解经过：{step.record}"]
    if step.covenant_clause:
        mediation.append(f"依据的村规民约条款：{step.covenant_clause}")
    rows = [["时间", date_cn(step.held_on), "地点", step.place],
            wide_row("事由", f"调解{case.party_names}之间的{case.category}纠纷"),
            wide_row("参加人", f"调解人员：{step.mediators}"),
            wide_row("当事人", parties_cell(fs, case)),
            wide_row("记录", paragraphs(fs, "\n".join(mediation)))]
    # the result and the signature rows go over together: signatures alone sign nothing
    tail = [wide_row("调解结果", paragraphs(fs, _outcome(case, step))),
            wide_row("当事人签名", ""), ["调解人员签名", "", "记录人签名", ""]]
    return [*form_grid(fs, rows),
            KeepTogether(form_grid(fs, tail, heights={1: 20 * mm, 2: 12 * mm}))]


def _outcome(case: CaseFile, step: StepView) -> str:
    """The agreement reached at this step, or why there was none and what came next."""
    if step.result == "settled":
        a = case.agreement
        if a is None:
            return "达成协议。"
        items = "\n".join(f"{n}、{item}" for n, item in enumerate(a.items, start=1))
        return f"经调解，双方自愿达成{a.kind_label}：\n{items}\n履行方式、时限：{a.performance_text}"
    if step.result == "escalate":
        up = TIER_NAMES.get(step.tier + 1, "")
        return (f"未达成协议。原因：{step.escalation_reason or '双方分歧较大'}。"
                + (f"上升至“{up}”调解。" if up else ""))
    if step.result == "again":
        return "未达成协议，由本级继续调解。"
    ending = f"调解不成，终结调解。{case.close_note}" if case.close_note else "调解不成，终结调解。"
    return ending + "已告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。"


def write_record(target: Path, case: CaseFile) -> Path:
    return build_pdf(Path(target), record_story(case), title=f"{RECORD} {case.number}",
                     running_head=running_head(case), printed=printed(case))


__all__ = ["APPLICATION", "RECORD", "application_story", "record_story", "write_application",
           "write_record"]
