"""The tabs of the main window, in order: the township's own, then each ledger's from the registry.

A tab's module is imported the first time the tab is shown: the tabs that print and export pull
in reportlab and openpyxl, which the window does not need to open."""
from __future__ import annotations

from ..ledgers.registry import LEDGERS, TabEntry

TABS = (
    TabEntry("镇级汇总", "dongan_desk.ui.tab_township", "TownshipTab", township_only=True),
    *(ledger.tab for ledger in LEDGERS),
)
