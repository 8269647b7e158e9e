"""Mediation figures for a period (FORMS.md §1 township statistics), and the register's rows.

A case counts in the period it was accepted in. Categories are grouped by name, so the villages'
lists add up on the township PC; a renamed category counts under the name it was filed under.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import JOIN, Case, fn

from .models import Agreement, Dispute, DisputeCategory, DisputeParty, FollowUp, MediationStep
from ...store.models import Unit
from .models import TIERS, case_number
from .categories import DEFAULT_DISPUTE_CATEGORIES
from .ladder import confirmation_deadline, ladder_path, path_text

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def text(self) -> str:
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


def quarter_of(day: date) -> tuple[Period, str]:
    """The quarter ``day`` falls in, and its name for a report title (2026年第2季度)."""
    q = (day.month - 1) // 3
    start = date(day.year, q * 3 + 1, 1)
    end = date(day.year + (q == 3), 1 if q == 3 else q * 3 + 4, 1)
    return Period(start, date.fromordinal(end.toordinal() - 1)), f"{day.year}年第{q + 1}季度"


@dataclass
class CategoryStat:
    category: str
    accepted: int = 0
    settled: int = 0
    written: int = 0
    oral: int = 0
    amount: Decimal = Decimal("0.00")

    @property
    def rate(self) -> float | None:
        """Settled / accepted (None when nothing was accepted)."""
        return self.settled / self.accepted if self.accepted else None


@dataclass
class TierStat:
    tier: int
    name: str
    started: int = 0     # cases that began at this tier
    mediated: int = 0    # cases with at least one step at this tier
    settled: int = 0     # settled at this tier
    escalated: int = 0   # went up from this tier
    failed: int = 0      # ended unsuccessfully at this tier


def _scope(query, unit_ids: list[int] | None, period: Period | None):
    if unit_ids is not None:
        query = query.where(Dispute.unit.in_(unit_ids))
    if period is not None:
        query = query.where(Dispute.accepted_on.between(period.start, period.end))
    return query


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def by_category(unit_ids: list[int] | None = None, period: Period | None = None) -> list[CategoryStat]:
    """One row per category name: the default list first (zeros included), then the others."""
    settled = Case(None, [(Dispute.status == "settled", 1)], 0)
    written = Case(None, [(Agreement.kind == "written", 1)], 0)
    oral = Case(None, [(Agreement.kind == "oral", 1)], 0)
    query = (Dispute.select(DisputeCategory.name, fn.COUNT(Dispute.id), fn.SUM(settled),
                            fn.SUM(written), fn.SUM(oral), fn.SUM(Agreement.amount))
             .join(DisputeCategory).switch(Dispute).join(Agreement, JOIN.LEFT_OUTER)
             .group_by(DisputeCategory.name))
    stats = {name: CategoryStat(name, n, s or 0, w or 0, o or 0, _money(a))
             for name, n, s, w, o, a in _scope(query, unit_ids, period).tuples()}
    listed = DisputeCategory.select(DisputeCategory.name).where(DisputeCategory.active == True)  # noqa: E712
    if unit_ids is not None:
        listed = listed.where(DisputeCategory.unit.in_(unit_ids))
    names = list(DEFAULT_DISPUTE_CATEGORIES)
    names += sorted({n for (n,) in listed.tuples()} - set(names))
    names += sorted(set(stats) - set(names))
    if "其他" in names:  # 其他 stays last, as on the paper form
        names.remove("其他")
        names.append("其他")
    return [stats.get(name) or CategoryStat(name) for name in names]


def by_tier(unit_ids: list[int] | None = None, period: Period | None = None) -> list[TierStat]:
    """How the ladder was used: per tier, cases that started, were mediated, settled, went up."""
    stats = {tier: TierStat(tier, name) for tier, name in TIERS}
    started = _scope(Dispute.select(Dispute.start_tier, fn.COUNT(Dispute.id))
                     .group_by(Dispute.start_tier), unit_ids, period)
    for tier, count in started.tuples():
        stats[tier].started = count
    steps = _scope(MediationStep.select(MediationStep.tier, MediationStep.result,
                                        fn.COUNT(fn.DISTINCT(MediationStep.dispute)))
                   .join(Dispute).group_by(MediationStep.tier, MediationStep.result),
                   unit_ids, period)
    mediated = _scope(MediationStep.select(MediationStep.tier,
                                           fn.COUNT(fn.DISTINCT(MediationStep.dispute)))
                      .join(Dispute).group_by(MediationStep.tier), unit_ids, period)
    for tier, count in mediated.tuples():
        stats[tier].mediated = count
    for tier, result, count in steps.tuples():
        if result == "settled":
            stats[tier].settled = count
        elif result == "escalate":
            stats[tier].escalated = count
        elif result == "failed":
            stats[tier].failed = count
    return [stats[tier] for tier, _ in TIERS]


@dataclass
class LedgerRow:
    """One line of the 矛盾纠纷排查调处台账."""

    number: str
    unit_name: str
    accepted_on: date
    source: str
    category: str
    parties: str
    facts: str
    amount: Decimal
    risk: str
    path: str
    mediators: str
    status: str
    closed_on: date | None
    agreement_kind: str
    agreement_amount: Decimal | None
    performance: str
    confirmation_deadline: date | None
    follow_ups: int


def ledger(unit_ids: list[int] | None = None, period: Period | None = None) -> list[LedgerRow]:
    """The register, in order of acceptance; a few queries however many cases there are."""
    disputes = list(_scope(Dispute.select(Dispute, Unit, DisputeCategory).join(Unit)
                           .switch(Dispute).join(DisputeCategory), unit_ids, period)
                    .order_by(Unit.sort_order, Dispute.year, Dispute.serial))
    ids = [d.id for d in disputes]
    parties: dict[int, list[str]] = defaultdict(list)
    steps: dict[int, list[MediationStep]] = defaultdict(list)
    agreements: dict[int, Agreement] = {}
    visits: dict[int, int] = {}
    for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):  # SQLite's variable limit
        for dispute_id, name in (DisputeParty.select(DisputeParty.dispute, DisputeParty.name)
                                 .where(DisputeParty.dispute.in_(chunk))
                                 .order_by(DisputeParty.position).tuples()):
            parties[dispute_id].append(name)
        for step in (MediationStep.select().where(MediationStep.dispute.in_(chunk))
                     .order_by(MediationStep.held_on, MediationStep.id)):
            steps[step.dispute_id].append(step)
        agreements.update({a.dispute_id: a for a in
                           Agreement.select().where(Agreement.dispute.in_(chunk))})
        visits.update(dict(FollowUp.select(FollowUp.dispute, fn.COUNT(FollowUp.id))
                           .where(FollowUp.dispute.in_(chunk)).group_by(FollowUp.dispute).tuples()))
    rows = []
    for d in disputes:
        a = agreements.get(d.id)
        mediators = "；".join(dict.fromkeys(s.mediators for s in steps[d.id]))
        rows.append(LedgerRow(
            number=case_number(d.year, d.unit.short_name, d.serial), unit_name=d.unit.name,
            accepted_on=d.accepted_on, source=d.choice_label("source", d.source),
            category=d.category.name, parties="、".join(parties[d.id]), facts=d.facts,
            amount=_money(d.amount), risk=d.choice_label("risk_level", d.risk_level),
            path=path_text(ladder_path(d, steps[d.id])), mediators=mediators,
            status=d.choice_label("status", d.status), closed_on=d.closed_on,
            agreement_kind=a.choice_label("kind", a.kind) if a else "",
            agreement_amount=_money(a.amount) if a else None,
            performance=a.choice_label("performance", a.performance) if a else "",
            confirmation_deadline=confirmation_deadline(a.effective_on)
            if a and a.kind == "written" else None,
            follow_ups=visits.get(d.id, 0)))
    return rows
