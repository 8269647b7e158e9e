"""The tabs of the main window, in order. Listed here explicitly, never discovered.

A tab's module is imported the first time the tab is shown: the tabs that print and export pull
in reportlab and openpyxl, which the window does not need to open."""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class TabEntry:
    title: str
    module: str          # the full dotted name
    class_name: str
    township_only: bool = False
    opens: tuple[str, ...] = ()  # the kinds of record a finding may name that this tab shows

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.class_name)


TABS = (
    TabEntry("镇级汇总", "dongan_desk.ui.tab_township", "TownshipTab", township_only=True),
    TabEntry("网格花名册", "dongan_desk.ledgers.roster.tab", "RosterTab", opens=("grid", "household", "resident")),
    TabEntry("党员结对帮扶", "dongan_desk.ledgers.pairing.tab", "PairingTab", opens=("pairing",)),
    TabEntry("红白理事会", "dongan_desk.ledgers.council.tab", "CouncilTab", opens=("council", "emcee")),
    TabEntry("矛盾纠纷调解", "dongan_desk.ledgers.mediation.tab", "MediationTab", opens=("dispute",)),
)
