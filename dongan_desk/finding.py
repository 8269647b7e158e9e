"""One finding of the plan's rules: what the status bar counts and ``main.py check`` prints."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    rule: str        # short Chinese name of the rule
    unit: str        # unit name
    message: str     # one line for the clerk
    target: str = ""  # "grid:12", "resident:7": what the finding points at
