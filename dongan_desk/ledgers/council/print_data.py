"""What the 红白理事会's printouts and sheets say, made ready from the records: the certificate's
facts, the roster's rows, the 提醒单's facts and limits, the 红白事报备登记表's rows. Labels come
from the models; ``documents/`` and ``exchange/`` only lay these out."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from peewee import fn

from .models import CeremonyFiling, Council, Emcee, EmceeTraining
from ...store.models import Unit
from .ceremony import filing_breaches, get_limits, limit_lines
from .council import default_council_name
from .emcees import STATUS_LABELS, certificate_valid_on, warn_days
from .queries import FilingRow, emcee_roster, filings_between
from ...errors import ValidationError

def council_name(unit: Unit) -> str:
    council = Council.get_or_none(Council.unit == unit)
    return council.name if council else default_council_name(unit)


@dataclass(frozen=True)
class CertificateData:
    name: str
    gender: str
    village: str
    number: str
    issued_on: date
    expires_on: date
    hours: float
    issued_by: str


def certificate_data(emcee: Emcee) -> CertificateData:
    """The facts on one 上岗证; refused when the 支客士 has no certificate."""
    if not (emcee.certificate_no and emcee.certificate_issued_on and emcee.certificate_expires_on):
        raise ValidationError(f"{emcee.name}还没有发证（证书编号、发证日期、有效期至未填），不能打印上岗证。")
    hours = (EmceeTraining.select(fn.SUM(EmceeTraining.hours))
             .where(EmceeTraining.emcee == emcee).scalar() or 0)
    return CertificateData(emcee.name, emcee.gender, emcee.unit.name, emcee.certificate_no,
                           emcee.certificate_issued_on, emcee.certificate_expires_on,
                           float(hours), emcee.issued_by or council_name(emcee.unit))


ROSTER_HEADERS = (Emcee.label("name"), Emcee.label("gender"), Emcee.label("phone"),
                  Emcee.label("certificate_no"), Emcee.label("certificate_issued_on"),
                  Emcee.label("certificate_expires_on"), "证书状态", "培训次数", "累计学时", "最近培训")


def roster_rows(unit: Unit, today: date) -> list[list[object]]:
    """The active 支客士 of the unit as the printed roster's rows (``ROSTER_HEADERS``)."""
    return [[r.name, r.gender, r.phone, r.certificate_no, r.issued_on, r.expires_on,
             STATUS_LABELS[r.status], r.trainings, f"{r.hours:g}", r.last_trained_on]
            for r in emcee_roster(unit.id, today, warn_days(unit))]


@dataclass(frozen=True)
class ReminderData:
    council_name: str
    host_name: str
    kind_label: str
    facts: list[tuple[str, str]]
    limit_lines: list[str]
    breaches: list[str]
    breach_note: str
    warnings: list[str] = field(default_factory=list)
    received_by: str = ""
    filed_on: date | None = None


def _dates(filing: CeremonyFiling) -> str:
    days = (filing.end_on - filing.start_on).days + 1
    if days == 1:
        return f"{filing.start_on:%Y-%m-%d}（1天）"
    return f"{filing.start_on:%Y-%m-%d} 至 {filing.end_on:%Y-%m-%d}（共{days}天）"


def reminder_data(filing: CeremonyFiling) -> ReminderData:
    label = CeremonyFiling.label
    emcee = filing.emcee
    facts = [(label("subject"), filing.subject or filing.choice_label("kind", filing.kind)),
             (label("kind"), filing.choice_label("kind", filing.kind)),
             ("办理日期", _dates(filing)), (label("place"), filing.place),
             (label("tables"), f"{filing.tables}桌"), (label("guests"), f"{filing.guests}人"),
             (label("emcee"), emcee.name if emcee else "（未请支客士）"),
             (label("filed_on"), f"{filing.filed_on:%Y-%m-%d}")]
    warnings = []
    if emcee is not None and not all(certificate_valid_on(emcee, d)
                                     for d in (filing.start_on, filing.end_on)):
        warnings.append(f"所请支客士{emcee.name}在办理期间没有有效的上岗证，支客士须持证上岗，"
                        "请改请持证的支客士。")
    return ReminderData(council_name(filing.unit), filing.host_name,
                        filing.choice_label("kind", filing.kind), facts,
                        limit_lines(get_limits(filing.unit)), filing_breaches(filing),
                        filing.breach_note, warnings, filing.received_by, filing.filed_on)


# ---- 红白事报备登记表 ------------------------------------------------------------------------

L = CeremonyFiling.label
REGISTER_HEADERS = (L("kind"), L("host_name"), L("subject"), L("start_on"), L("end_on"), "天数",
                    L("place"), L("tables"), L("guests"), L("emcee"), L("filed_on"),
                    L("received_by"), L("breaches"), L("outcome"))
REGISTER_TOTALS = (L("tables"), L("guests"))


def register_headers(with_unit: bool) -> list[str]:
    return (["村（社区）"] if with_unit else []) + list(REGISTER_HEADERS)


def register_rows(unit_ids: list[int] | None, first: date, last: date,
                  with_unit: bool = False) -> list[list[object]]:
    """The filings of events starting in [first, last] as the 登记表's rows."""
    def row(f: FilingRow) -> list[object]:
        outcome = f.outcome_label + (f"：{f.problem}" if f.problem else "")
        values = [f.kind_label, f.host_name, f.subject, f.start_on, f.end_on, f.days, f.place,
                  f.tables, f.guests, f.emcee_name, f.filed_on, f.received_by, f.breaches, outcome]
        return ([f.unit_name] if with_unit else []) + values
    return [row(f) for f in filings_between(unit_ids, first, last)]
