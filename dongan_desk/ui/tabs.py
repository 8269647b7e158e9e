"""The tabs of the main window, in order. Listed here explicitly, never discovered.

A tab's module is imported the first time the tab is shown: the tabs that print and export pull
in reportlab and openpyxl, which the window does not need to open."""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class TabEntry:
    title: str
    module: str          # under dongan_desk.ui
    class_name: str
    township_only: bool = False
    opens: tuple[str, ...] = ()  # the kinds of record a finding may name that this tab shows

    def load(self) -> type:
        return getattr(importlib.import_module(f"{__package__}.{self.module}"), self.class_name)


TABS = (
    TabEntry("镇级汇总", "tab_township", "TownshipTab", township_only=True),
    TabEntry("网格花名册", "tab_roster", "RosterTab", opens=("grid", "household", "resident")),
    TabEntry("党员结对帮扶", "tab_pairing", "PairingTab", opens=("pairing",)),
    TabEntry("红白理事会", "tab_council", "CouncilTab", opens=("council", "emcee")),
    TabEntry("矛盾纠纷调解", "tab_mediation", "MediationTab", opens=("dispute",)),
)
