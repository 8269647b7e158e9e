"""The plan's rules as findings: what the status bar counts and ``main.py check`` prints.

Each area registers a rule: a function returning its findings for the given units. The registry
is an explicit tuple extended by each area's module, not discovered."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .store.models import Unit
from .ledgers.roster.queries import courtyards_without_party_worker
from .ledgers.pairing.coverage import coverage_findings
from .ledgers.council.council import party_group_findings
from .ledgers.council.emcees import certificate_findings
from .ledgers.mediation.deadlines import deadline_findings


@dataclass(frozen=True)
class Finding:
    rule: str        # short Chinese name of the rule
    unit: str        # unit name
    message: str     # one line for the clerk
    target: str = ""  # "grid:12", "resident:7": what the finding points at


def _courtyard_party_worker(unit_ids: list[int] | None) -> list[Finding]:
    names = {u.id: u.name for u in Unit.select()}
    return [Finding("院落网格缺党员网格员", names[g.unit_id],
                    f"{names[g.unit_id]}“{g.name}”没有党员网格员（每个院落式网格至少1名）",
                    f"grid:{g.id}")
            for g in courtyards_without_party_worker(unit_ids)]


RULES: list[Callable[[list[int] | None], list[Finding]]] = [_courtyard_party_worker, coverage_findings,
                                                       certificate_findings, party_group_findings,
                                                       deadline_findings]


def all_findings(unit_ids: list[int] | None = None) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(unit_ids)]
