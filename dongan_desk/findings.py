"""The plan's rules as findings: what the status bar counts and ``main.py check`` prints.

Each ledger names its rules in ``ledgers/registry.py``: functions returning their findings for
the given units (all units when None)."""
from __future__ import annotations

from typing import Callable

from .finding import Finding
from .ledgers.registry import LEDGERS, load

RULES: list[Callable[[list[int] | None], list[Finding]]] = [
    load(rule) for ledger in LEDGERS for rule in ledger.findings]


def all_findings(unit_ids: list[int] | None = None) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(unit_ids)]
