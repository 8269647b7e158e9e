"""The ledgers of the plan, listed in one explicit tuple (never discovered), and what the core
needs of each. The window, the 报送包, ``main.py check``, the sample town and the bench iterate
over ``LEDGERS``; none of them names a ledger. Adding a ledger means adding its folder and one
entry here.

Everything but the models is named as text ("module:attribute") and imported the first time it is
needed: the window opens without the tabs it does not show, and without openpyxl and reportlab,
which only the report sheets, documents and the bench pull in."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from ..store.models import ACCOUNT_MODELS, EXCHANGE_MODELS, ROSTER_MODELS
from .council.models import COUNCIL_MODELS
from .covenant.models import COVENANT_MODELS
from .mediation.models import MEDIATION_MODELS
from .online.models import ONLINE_MODELS
from .pairing.models import PAIRING_MODELS


def load(reference: str) -> Any:
    """The object a "package.module:attribute" text names, imported now."""
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True)
class TabEntry:
    title: str
    module: str          # the full dotted name of the tab's module
    class_name: str
    township_only: bool = False
    opens: tuple[str, ...] = ()  # the kinds of record a finding may name that this tab shows

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.class_name)


@dataclass(frozen=True)
class Ledger:
    name: str                      # its folder under ledgers/
    tab: TabEntry
    models: tuple                  # the record types it keeps, parents first (package order)
    findings: tuple[str, ...]      # rules: (unit_ids | None) -> list[Finding]
    report_sheets: str             # a village's 报送包: (unit, today) -> [(sheet title, fill(ws))]
    summary_sheets: str            # the 全镇汇总表: (villages, today, common) -> [ReportSpec]
    sample: str                    # the sample town: (faker, rng, villages, today, plan) -> None
    bench: str                     # ``main.py bench``: (town) -> [BenchRow]
    settings: tuple[tuple[str, str], ...] = ()  # 设置 menu: (label, dialog(parent, context))
    commands: str = ""             # a module with add_parsers(sub) and COMMANDS for main.py
    file_actions: tuple[tuple[str, str], ...] = ()  # 文件 menu: (label, action(window, context))


ROSTER = Ledger(
    "roster",
    TabEntry("网格花名册", "dongan_desk.ledgers.roster.tab", "RosterTab",
             opens=("grid", "household", "resident")),
    models=ROSTER_MODELS,
    findings=("dongan_desk.ledgers.roster.queries:party_worker_findings",),
    report_sheets="dongan_desk.ledgers.roster.sheets:report_sheets",
    summary_sheets="dongan_desk.ledgers.roster.sheets:summary_sheets",
    sample="dongan_desk.ledgers.roster.sample:add_roster_sample",
    bench="dongan_desk.ledgers.roster.bench:bench_roster",
    settings=(("困难群体 / 特殊群体类别…", "dongan_desk.ledgers.roster.category_forms:CategoriesDialog"),),
    commands="dongan_desk.ledgers.roster.cli",
    file_actions=(("导入花名册…", "dongan_desk.ledgers.roster.import_forms:open_roster_import"),),
)
PAIRING = Ledger(
    "pairing",
    TabEntry("党员结对帮扶", "dongan_desk.ledgers.pairing.tab", "PairingTab", opens=("pairing",)),
    models=PAIRING_MODELS,
    findings=("dongan_desk.ledgers.pairing.coverage:coverage_findings",),
    report_sheets="dongan_desk.ledgers.pairing.sheets:report_sheets",
    summary_sheets="dongan_desk.ledgers.pairing.sheets:summary_sheets",
    sample="dongan_desk.ledgers.pairing.sample:add_pairing_sample",
    bench="dongan_desk.ledgers.pairing.bench:bench_pairing",
)
COUNCIL = Ledger(  # 红白理事会: the council, 红白事报备 and the 支客士
    "council",
    TabEntry("红白理事会", "dongan_desk.ledgers.council.tab", "CouncilTab", opens=("council", "emcee")),
    models=COUNCIL_MODELS,
    findings=("dongan_desk.ledgers.council.emcees:certificate_findings",
              "dongan_desk.ledgers.council.council:party_group_findings"),
    report_sheets="dongan_desk.ledgers.council.sheets:report_sheets",
    summary_sheets="dongan_desk.ledgers.council.sheets:summary_sheets",
    sample="dongan_desk.ledgers.council.sample:add_council_sample",
    bench="dongan_desk.ledgers.council.bench:bench_council",
)
MEDIATION = Ledger(
    "mediation",
    TabEntry("矛盾纠纷调解", "dongan_desk.ledgers.mediation.tab", "MediationTab", opens=("dispute",)),
    models=MEDIATION_MODELS,
    findings=("dongan_desk.ledgers.mediation.deadlines:deadline_findings",),
    report_sheets="dongan_desk.ledgers.mediation.sheets:report_sheets",
    summary_sheets="dongan_desk.ledgers.mediation.sheets:summary_sheets",
    sample="dongan_desk.ledgers.mediation.sample:add_mediation_sample",
    bench="dongan_desk.ledgers.mediation.bench:bench_agreement_pdf",
    commands="dongan_desk.ledgers.mediation.cli",
)
ONLINE = Ledger(  # 管控好线上线下: the groups, their 网络管理员 and the 舆情 log
    "online",
    TabEntry("网络舆情", "dongan_desk.ledgers.online.tab", "OnlineTab",
             opens=("chat_group", "group_admin", "incident")),
    models=ONLINE_MODELS,
    findings=("dongan_desk.ledgers.online.groups:admin_findings",
              "dongan_desk.ledgers.online.incidents:incident_findings"),
    report_sheets="dongan_desk.ledgers.online.sheets:report_sheets",
    summary_sheets="dongan_desk.ledgers.online.sheets:summary_sheets",
    sample="dongan_desk.ledgers.online.sample:add_online_sample",
    bench="dongan_desk.ledgers.online.bench:bench_online",
)

COVENANT = Ledger(  # 村规民约: versions and their path, and the booklet or poster to every household
    "covenant",
    TabEntry("村规民约", "dongan_desk.ledgers.covenant.tab", "CovenantTab", opens=("covenant", "covenant_unit")),
    models=COVENANT_MODELS,
    findings=("dongan_desk.ledgers.covenant.rules:covenant_findings",),
    report_sheets="dongan_desk.ledgers.covenant.sheets:report_sheets",
    summary_sheets="dongan_desk.ledgers.covenant.sheets:summary_sheets",
    sample="dongan_desk.ledgers.covenant.sample:add_covenant_sample",
    bench="dongan_desk.ledgers.covenant.bench:bench_covenant",
    settings=(("村规民约发放期限…", "dongan_desk.ledgers.covenant.forms:DeliveryDaysDialog"),),
)

# The order of the tabs, the rules, the report sheets and the 全镇汇总表's sheets.
LEDGERS: tuple[Ledger, ...] = (ROSTER, PAIRING, COUNCIL, MEDIATION, COVENANT, ONLINE)

# The order a 报送包's data sheets are written and checksummed in, and the sample town is drawn
# in. The four ledgers sent before this registry existed keep the order they had (a package from
# an older version must still pass its checksum; the sample town stays the same town); every
# later ledger follows in the order of LEDGERS.
_SENT_BEFORE = ("roster", "pairing", "mediation", "council")
IN_PACKAGE_ORDER: tuple[Ledger, ...] = (
    *sorted((ledger for ledger in LEDGERS if ledger.name in _SENT_BEFORE),
            key=lambda ledger: _SENT_BEFORE.index(ledger.name)),
    *(ledger for ledger in LEDGERS if ledger.name not in _SENT_BEFORE))

# Every record type the program keeps, parents first: the migrations create them, the 报送包
# carries those that are synced.
ALL_MODELS = (*(model for ledger in IN_PACKAGE_ORDER for model in ledger.models), *EXCHANGE_MODELS,
              *ACCOUNT_MODELS)
