"""Reading the 矛盾纠纷 register: the case list page by page, and one case's whole file.

``CaseFile`` is what the case view shows and what every printed document is made from, so the
screen and the paper cannot disagree.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from peewee import fn

from .models import Agreement, Dispute, DisputeCategory, DisputeParty, FollowUp, MediationStep
from ...store.models import Unit
from .models import case_number
from .cases import age_on, party_side
from .ladder import PathStop, confirmation_deadline, ladder_path, path_text
from ..roster.queries import PAGE_SIZE, Page, status_mark

ACTIVE = "active"  # status filter: 调解中 and 已移交人民法庭 together
_NUMBER_PART = re.compile(r"^(?:[（(]?(\d{4})[）)]?)?\D*?(?:第)?(\d+)号?$")


@dataclass
class DisputeFilter:
    text: str = ""
    status: str | None = None  # a status code, ACTIVE, or None for all
    unit_ids: list[int] | None = None
    year: int | None = None


@dataclass
class DisputeRow:
    id: int
    number: str
    unit_name: str
    accepted_on: date
    parties: str
    category: str
    tier: str
    status: str
    risk: str
    amount: Decimal


def _query(flt: DisputeFilter):
    query = Dispute.select().join(Unit).switch(Dispute).join(DisputeCategory)
    if flt.unit_ids is not None:
        query = query.where(Dispute.unit.in_(flt.unit_ids))
    if flt.year:
        query = query.where(Dispute.year == flt.year)
    if flt.status == ACTIVE:
        query = query.where(Dispute.status.in_(("open", "transferred")))
    elif flt.status:
        query = query.where(Dispute.status == flt.status)
    text = unicodedata.normalize("NFKC", flt.text).strip()
    if text:
        like = f"%{text}%"
        named = fn.EXISTS(DisputeParty.select(DisputeParty.id).where(
            DisputeParty.dispute == Dispute.id,
            (DisputeParty.name ** like) | (DisputeParty.phone ** like)))
        condition = named | (Dispute.facts ** like) | (DisputeCategory.name ** like)
        number = _NUMBER_PART.match(text.replace("人调字", "").replace(" ", ""))
        if number and ("号" in text or "第" in text or text.isdigit()):
            serial = Dispute.serial == int(number.group(2))
            if number.group(1):
                serial &= Dispute.year == int(number.group(1))
            condition = condition | serial
        query = query.where(condition)
    return query


def search_disputes(flt: DisputeFilter, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    """One page of cases, newest first, with parties and where each stands on the ladder."""
    base = _query(flt)
    total = base.count()
    rows = list(base.select(Dispute.id, Dispute.year, Dispute.serial, Dispute.accepted_on,
                            Dispute.status, Dispute.risk_level, Dispute.amount,
                            Dispute.start_tier, Unit.short_name, Unit.name.alias("unit_name"),
                            DisputeCategory.name.alias("category"))
                .order_by(Dispute.accepted_on.desc(), Dispute.id.desc())
                .offset(offset).limit(limit).dicts())
    ids = [r["id"] for r in rows]
    names = _party_names(ids)
    tiers = _current_tiers(ids)
    return Page([DisputeRow(
        id=r["id"], number=case_number(r["year"], r["short_name"], r["serial"]),
        unit_name=r["unit_name"], accepted_on=r["accepted_on"], parties=names.get(r["id"], ""),
        category=r["category"],
        tier=tiers.get(r["id"], dict(Dispute._meta.fields["start_tier"].choices)[r["start_tier"]]),
        status=Dispute.choice_label("status", r["status"]),
        risk=Dispute.choice_label("risk_level", r["risk_level"]),
        amount=Decimal(str(r["amount"] or 0)).quantize(Decimal("0.01")),
    ) for r in rows], total, offset, limit)


def _party_names(dispute_ids: list[int]) -> dict[int, str]:
    result: dict[int, list[str]] = defaultdict(list)
    if dispute_ids:
        for dispute_id, name in (DisputeParty.select(DisputeParty.dispute, DisputeParty.name)
                                 .where(DisputeParty.dispute.in_(dispute_ids))
                                 .order_by(DisputeParty.position).tuples()):
            result[dispute_id].append(name)
    return {k: "、".join(v) for k, v in result.items()}


def _current_tiers(dispute_ids: list[int]) -> dict[int, str]:
    """Where each case stands on the ladder: the tier it waits at while open (one up after an
    escalation), else the tier of its last step (the list's 调解层级)."""
    names = dict(MediationStep._meta.fields["tier"].choices)
    last: dict[int, tuple[int, str]] = {}
    if dispute_ids:
        for dispute_id, tier, result in (MediationStep.select(MediationStep.dispute, MediationStep.tier,
                                                              MediationStep.result)
                                         .where(MediationStep.dispute.in_(dispute_ids))
                                         .order_by(MediationStep.held_on, MediationStep.id).tuples()):
            last[dispute_id] = (tier, result)
    return {dispute_id: names[min(tier + (result == "escalate"), 4)]
            for dispute_id, (tier, result) in last.items()}


# ---- one case's file -----------------------------------------------------------------------

@dataclass
class PartyView:
    side: str          # 甲方, 乙方 …
    name: str
    gender: str
    ethnicity: str
    age: int | None    # as of the document's date when the birth date is known
    occupation: str
    phone: str
    address: str
    id_number: str
    from_roster: bool
    left_roster: str = ""  # （已迁出） when the person has since left the register; the case keeps them


@dataclass
class StepView:
    id: int
    tier: int
    tier_name: str
    held_on: date
    place: str
    mediators: str
    covenant_clause: str
    record: str
    result: str
    result_label: str
    escalation_reason: str


@dataclass
class AgreementView:
    kind: str
    kind_label: str
    items: list[str]
    perform_how: str
    perform_place: str
    perform_by: date | None
    amount: Decimal
    copies: int
    effective_on: date
    confirmation_deadline: date
    confirmation_applied_on: date | None
    mediator: str
    recorder: str
    performance: str
    performance_label: str
    performance_note: str

    @property
    def performance_text(self) -> str:
        """履行方式、时限 as one sentence for the printed agreement."""
        parts = [self.perform_how.rstrip("。；;")] if self.perform_how else []
        if self.perform_place:
            parts.append(f"履行地点：{self.perform_place}")
        if self.perform_by:
            parts.append(f"履行期限：{self.perform_by.year}年{self.perform_by.month}月"
                         f"{self.perform_by.day}日前履行完毕")
        return "；".join(parts) + "。" if parts else ""


@dataclass
class FollowUpView:
    id: int
    visited_on: date
    visitor: str
    reason: str
    situation: str
    satisfaction: str
    new_risks: str
    measures: str


@dataclass
class CaseFile:
    id: int
    unit_id: int
    number: str
    committee: str
    unit_name: str
    accepted_on: date
    source: str
    source_label: str
    category: str
    facts: str
    amount: Decimal
    risk_label: str
    status: str
    status_label: str
    start_tier: int
    start_reason: str
    registrar: str
    closed_on: date | None
    close_note: str
    parties: list[PartyView] = field(default_factory=list)
    steps: list[StepView] = field(default_factory=list)
    path: list[PathStop] = field(default_factory=list)
    agreement: AgreementView | None = None
    follow_ups: list[FollowUpView] = field(default_factory=list)

    @property
    def path_text(self) -> str:
        return path_text(self.path)

    @property
    def party_names(self) -> str:
        return "、".join(p.name for p in self.parties)

    @property
    def mediators(self) -> str:
        """Everyone who mediated, in order of appearance, for the dossier cover."""
        seen: dict[str, None] = {}
        for step in self.steps:
            for name in re.split(r"[、，,；;\s]+", step.mediators):
                if name:
                    seen.setdefault(name, None)
        return "、".join(seen)


def committee_name(unit: Unit) -> str:
    return f"{unit.name}人民调解委员会"


def case_file(dispute: Dispute | int, on: date | None = None) -> CaseFile:
    """Everything about one case; ages as of ``on`` (the document's date, default today)."""
    dispute = dispute if isinstance(dispute, Dispute) else Dispute.get_by_id(dispute)
    on = on or date.today()
    unit = dispute.unit
    steps = list(dispute.steps.order_by(MediationStep.held_on, MediationStep.id))
    case = CaseFile(
        id=dispute.id, unit_id=unit.id, number=dispute.number, committee=committee_name(unit),
        unit_name=unit.name, accepted_on=dispute.accepted_on, source=dispute.source,
        source_label=dispute.choice_label("source", dispute.source),
        category=dispute.category.name, facts=dispute.facts,
        amount=Decimal(dispute.amount or 0).quantize(Decimal("0.01")),
        risk_label=dispute.choice_label("risk_level", dispute.risk_level),
        status=dispute.status, status_label=dispute.choice_label("status", dispute.status),
        start_tier=dispute.start_tier, start_reason=dispute.start_reason,
        registrar=dispute.registrar, closed_on=dispute.closed_on, close_note=dispute.close_note,
        path=ladder_path(dispute, steps))
    for n, p in enumerate(dispute.parties.order_by(DisputeParty.position)):
        case.parties.append(PartyView(
            side=party_side(n), name=p.name, gender=p.gender, ethnicity=p.ethnicity,
            age=age_on(p.birth_date, on) if p.birth_date else p.age, occupation=p.occupation,
            phone=p.phone, address=p.address, id_number=p.id_number or "",
            from_roster=p.resident_id is not None,
            left_roster=status_mark(p.resident.status) if p.resident_id else ""))
    for s in steps:
        case.steps.append(StepView(
            id=s.id, tier=s.tier, tier_name=s.choice_label("tier", s.tier), held_on=s.held_on,
            place=s.place, mediators=s.mediators, covenant_clause=s.covenant_clause,
            record=s.record, result=s.result, result_label=s.choice_label("result", s.result),
            escalation_reason=s.escalation_reason))
    a = Agreement.get_or_none(Agreement.dispute == dispute)
    if a is not None:
        case.agreement = AgreementView(
            kind=a.kind, kind_label=a.choice_label("kind", a.kind),
            items=[line for line in a.items.splitlines() if line.strip()],
            perform_how=a.perform_how, perform_place=a.perform_place, perform_by=a.perform_by,
            amount=Decimal(a.amount or 0).quantize(Decimal("0.01")), copies=a.copies,
            effective_on=a.effective_on,
            confirmation_deadline=confirmation_deadline(a.effective_on),
            confirmation_applied_on=a.confirmation_applied_on, mediator=a.mediator,
            recorder=a.recorder, performance=a.performance,
            performance_label=a.choice_label("performance", a.performance),
            performance_note=a.performance_note)
    for f in dispute.follow_ups.order_by(FollowUp.visited_on, FollowUp.id):
        case.follow_ups.append(FollowUpView(
            id=f.id, visited_on=f.visited_on, visitor=f.visitor, reason=f.reason,
            situation=f.situation, satisfaction=f.choice_label("satisfaction", f.satisfaction),
            new_risks=f.new_risks, measures=f.measures))
    return case



def cited_clauses(case: CaseFile) -> list[str]:
    """The 村规民约 条款 the case's 村规民约调 steps relied on, each once, as they were cited."""
    found: list[str] = []
    for step in case.steps:
        for line in step.covenant_clause.splitlines():
            if line.strip() and line.strip() not in found:
                found.append(line.strip())
    return found
