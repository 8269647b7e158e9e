"""The plan's rules as findings: what the status bar counts and ``main.py check`` prints.

Each ledger names its rules in ``ledgers/registry.py``: functions returning their findings for
the given units (all units when None)."""
from __future__ import annotations

from typing import Callable

from .finding import Finding
from .ledgers.registry import LEDGERS, load

def audit_findings(unit_ids: list[int] | None = None) -> list[Finding]:
    """The audit trail of this PC is whole: no row edited or removed since it was written."""
    from .store import audit
    from .units import home_unit
    problems = audit.verify_new_rows()
    if not problems:
        return []
    home = home_unit()
    if unit_ids is not None and home.id not in unit_ids:
        return []
    return [Finding("审计记录被改动", home.name, problem.message + "请立即告诉管理员，保留这台电脑"
                    "和最近的备份，不要再恢复或删除数据。", "audit") for problem in problems]


RULES: list[Callable[[list[int] | None], list[Finding]]] = [
    *(load(rule) for ledger in LEDGERS for rule in ledger.findings), audit_findings]


def all_findings(unit_ids: list[int] | None = None) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(unit_ids)]
