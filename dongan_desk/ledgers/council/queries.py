"""Reading the 红白理事会's books: members, 支客士 with their certificate status, filings page by
page, the next days' events and the counts by month and kind. ``unit_ids=None`` means every unit
(the township PC reads all villages)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import JOIN, Case, fn

from .models import (CeremonyFiling, Council, CouncilMeeting, CouncilMember, CouncilText, Emcee,
                     EmceeTraining)
from ...store.models import Household, Resident, Unit
from ..roster.queries import PAGE_SIZE, Choice, Page, status_mark
from .certificates import certificate_status

UPCOMING_DAYS = 7


def _current(model, today: date):
    return (model.term_start <= today) & (model.term_end.is_null() | (model.term_end >= today))


def _party_flag():
    # A linked resident's party membership is the roster's; a name-only member's is its own.
    return Case(None, [(CouncilMember.resident.is_null(False), Resident.is_party_member)],
                CouncilMember.is_party_member)


def current_party_members(unit_ids: list[int] | None, today: date) -> dict[int, dict[str, bool]]:
    """unit id → {person key: is party member} over the current members; a person who holds two
    roles counts once."""
    # A linked person who left the register (迁出, 死亡) no longer counts: 注销 ends the term on
    # its day, and on that day itself they are gone already.
    query = (CouncilMember.select(CouncilMember.unit, CouncilMember.resident, CouncilMember.name,
                                  _party_flag().alias("party"))
             .join(Resident, JOIN.LEFT_OUTER)
             .where(_current(CouncilMember, today),
                    CouncilMember.resident.is_null() | (Resident.status == "active")))
    if unit_ids is not None:
        query = query.where(CouncilMember.unit.in_(unit_ids))
    result: dict[int, dict[str, bool]] = {}
    for unit_id, resident_id, name, party in query.tuples():
        key = f"r{resident_id}" if resident_id else f"n{name}"
        people = result.setdefault(unit_id, {})
        people[key] = people.get(key, False) or bool(party)
    return result


@dataclass
class MemberRow:
    id: int
    role: str
    name: str
    party: bool
    phone: str
    work_unit: str
    term_start: date
    term_end: date | None
    current: bool
    linked: bool


ROLE_ORDER = Case(CouncilMember.role, [(code, n) for n, (code, _) in
                                       enumerate(CouncilMember._meta.fields["role"].choices)], 99)


def council_members(unit_id: int, today: date, include_past: bool = False) -> list[MemberRow]:
    query = (CouncilMember.select(CouncilMember, _party_flag().alias("party"),
                                  Resident.status.alias("resident_status"))
             .join(Resident, JOIN.LEFT_OUTER).where(CouncilMember.unit == unit_id))
    if not include_past:
        query = query.where(CouncilMember.term_end.is_null() | (CouncilMember.term_end >= today))
    rows = []
    for m in query.order_by(ROLE_ORDER, CouncilMember.term_start.desc(), CouncilMember.id):
        current = m.term_start <= today and (m.term_end is None or m.term_end >= today)
        name = m.name + status_mark(getattr(m, "resident_status", None))  # who left, marked
        rows.append(MemberRow(m.id, m.role, name, bool(m.party), m.phone, m.work_unit,
                              m.term_start, m.term_end, current, m.resident_id is not None))
    return rows


def council_of(unit_id: int) -> Council | None:
    return Council.get_or_none(Council.unit == unit_id)


def council_texts(unit_id: int) -> list[CouncilText]:
    return list(CouncilText.select().where(CouncilText.unit == unit_id)
                .order_by(CouncilText.adopted_on.desc(), CouncilText.id))


def council_meetings(unit_id: int) -> list[CouncilMeeting]:
    return list(CouncilMeeting.select().where(CouncilMeeting.unit == unit_id)
                .order_by(CouncilMeeting.held_on.desc(), CouncilMeeting.id))


# ---- 支客士 -----------------------------------------------------------------------------------

@dataclass
class EmceeRow:
    id: int
    unit_id: int
    name: str
    gender: str
    phone: str
    certificate_no: str
    issued_on: date | None
    expires_on: date | None
    active: bool
    trainings: int
    hours: float
    last_trained_on: date | None
    status: str


def _emcee_query(unit_ids: list[int] | None, text: str = "", active_only: bool = False):
    stats = (EmceeTraining.select(EmceeTraining.emcee, fn.COUNT(EmceeTraining.id).alias("n"),
                                  fn.SUM(EmceeTraining.hours).alias("hours"),
                                  fn.MAX(EmceeTraining.trained_on).alias("last"))
             .group_by(EmceeTraining.emcee).alias("stats"))
    query = (Emcee.select(Emcee, stats.c.n, stats.c.hours, stats.c.last)
             .join(stats, JOIN.LEFT_OUTER, on=(stats.c.emcee_id == Emcee.id)))
    if unit_ids is not None:
        query = query.where(Emcee.unit.in_(unit_ids))
    if active_only:
        query = query.where(Emcee.active == True)  # noqa: E712
    text = text.strip()
    if text:
        query = query.where(Emcee.name.contains(text) | Emcee.certificate_no.contains(text)
                            | Emcee.phone.contains(text))
    return query


def _emcee_row(e, today: date, warn_days: int) -> EmceeRow:
    trained = bool(e.n)
    last = e.last
    if isinstance(last, str):  # an aggregate comes back as text from SQLite
        last = date.fromisoformat(last)
    return EmceeRow(e.id, e.unit_id, e.name, e.gender, e.phone, e.certificate_no,
                    e.certificate_issued_on, e.certificate_expires_on, e.active, e.n or 0,
                    float(e.hours or 0), last,
                    certificate_status(e.certificate_issued_on, e.certificate_expires_on,
                                       trained, today, warn_days))


def search_emcees(unit_ids: list[int] | None, today: date, warn_days: int, text: str = "",
                  active_only: bool = False, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    query = _emcee_query(unit_ids, text, active_only)
    total = query.count()
    rows = query.order_by(Emcee.active.desc(), Emcee.name, Emcee.id).offset(offset).limit(limit).objects()
    return Page([_emcee_row(e, today, warn_days) for e in rows], total, offset, limit)


def emcee_roster(unit_id: int, today: date, warn_days: int) -> list[EmceeRow]:
    """The active 支客士 of a unit, for the printed roster (a village has tens, not thousands)."""
    return [_emcee_row(e, today, warn_days)
            for e in _emcee_query([unit_id], active_only=True).order_by(Emcee.name, Emcee.id).objects()]


def trainings_of(emcee_id: int) -> list[EmceeTraining]:
    return list(EmceeTraining.select().where(EmceeTraining.emcee == emcee_id)
                .order_by(EmceeTraining.trained_on.desc(), EmceeTraining.id))


def emcee_choices(unit_id: int) -> list[Emcee]:
    return list(Emcee.select().where(Emcee.unit == unit_id, Emcee.active == True)  # noqa: E712
                .order_by(Emcee.name))


def missing_certificates(unit_ids: list[int] | None, today: date) -> list[tuple[Emcee, str, bool]]:
    """(支客士, unit name, expired?) for active 支客士 with an expired or no certificate."""
    missing = (Emcee.certificate_no == "") | Emcee.certificate_expires_on.is_null()
    query = (Emcee.select(Emcee, Unit.name.alias("unit_name")).join(Unit)
             .where(Emcee.active == True,  # noqa: E712
                    missing | (Emcee.certificate_expires_on < today)))
    if unit_ids is not None:
        query = query.where(Emcee.unit.in_(unit_ids))
    return [(e, e.unit_name, not (e.certificate_no == "" or e.certificate_expires_on is None))
            for e in query.order_by(Unit.sort_order, Emcee.name).objects()]


# ---- filings ----------------------------------------------------------------------------

@dataclass
class FilingFilter:
    unit_ids: list[int] | None = None
    month: str = ""          # "2026-11": events starting in that month
    kind: str = ""
    text: str = ""           # host, subject, place or 支客士
    breaches_only: bool = False


@dataclass
class FilingRow:
    id: int
    unit_id: int
    unit_name: str
    kind: str
    host_name: str
    subject: str
    start_on: date
    end_on: date
    place: str
    tables: int
    guests: int
    emcee_name: str
    filed_on: date
    received_by: str
    breaches: str
    outcome: str
    problem: str

    @property
    def kind_label(self) -> str:
        return CeremonyFiling.choice_label("kind", self.kind)

    @property
    def outcome_label(self) -> str:
        return CeremonyFiling.choice_label("outcome", self.outcome)

    @property
    def days(self) -> int:
        return (self.end_on - self.start_on).days + 1

    @property
    def dates(self) -> str:
        if self.end_on == self.start_on:
            return f"{self.start_on:%Y-%m-%d}"
        return f"{self.start_on:%Y-%m-%d}至{self.end_on:%m-%d}"


_F = CeremonyFiling
# Only the columns a row shows, as tuples: a page of 100 builds in a fraction of the time that
# whole model objects take.
_ROW_COLUMNS = (_F.id, _F.unit, Unit.name, _F.kind, _F.host_name, _F.subject, _F.start_on,
                _F.end_on, _F.place, _F.tables, _F.guests, Emcee.name, _F.filed_on,
                _F.received_by, _F.breaches, _F.outcome, _F.problem)


def _filing_query(unit_ids: list[int] | None):
    query = (_F.select(*_ROW_COLUMNS).join(Unit).switch(_F).join(Emcee, JOIN.LEFT_OUTER))
    if unit_ids is not None:
        query = query.where(_F.unit.in_(unit_ids))
    return query


def _rows(query) -> list[FilingRow]:
    return [FilingRow(*values[:11], values[11] or "", *values[12:]) for values in query.tuples()]


def month_bounds(month: str) -> tuple[date, date]:
    first = date.fromisoformat(month + "-01")
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, after - timedelta(days=1)


def _filtered(flt: FilingFilter):
    query = _filing_query(flt.unit_ids)
    if flt.month:
        first, last = month_bounds(flt.month)
        query = query.where(CeremonyFiling.start_on.between(first, last))
    if flt.kind:
        query = query.where(CeremonyFiling.kind == flt.kind)
    text = flt.text.strip()
    if text:
        query = query.where(CeremonyFiling.host_name.contains(text)
                            | CeremonyFiling.subject.contains(text)
                            | CeremonyFiling.place.contains(text) | Emcee.name.contains(text))
    if flt.breaches_only:
        query = query.where(CeremonyFiling.breaches != "")
    return query


def search_filings(flt: FilingFilter, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    query = _filtered(flt)
    total = query.count()
    rows = _rows(query.order_by(_F.start_on.desc(), _F.id.desc()).offset(offset).limit(limit))
    return Page(rows, total, offset, limit)


def filings_between(unit_ids: list[int] | None, first: date, last: date) -> list[FilingRow]:
    """Every filing whose event starts in [first, last], oldest first (for the 登记表)."""
    query = _filing_query(unit_ids).where(CeremonyFiling.start_on.between(first, last))
    return _rows(query.order_by(Unit.sort_order, _F.start_on, _F.id))


def upcoming_filings(unit_ids: list[int] | None, today: date,
                     days: int = UPCOMING_DAYS) -> list[FilingRow]:
    """Events under way or starting in the next ``days`` days (today included), soonest first."""
    last = today + timedelta(days=days - 1)
    query = _filing_query(unit_ids).where(CeremonyFiling.start_on <= last,
                                          CeremonyFiling.end_on >= today)
    return _rows(query.order_by(_F.start_on, _F.id))


def filing_months(unit_ids: list[int] | None) -> list[str]:
    """The months that have filings, newest first ("2026-11")."""
    month = fn.SUBSTR(CeremonyFiling.start_on, 1, 7)
    query = CeremonyFiling.select(month.distinct())
    if unit_ids is not None:
        query = query.where(CeremonyFiling.unit.in_(unit_ids))
    return [m for (m,) in query.order_by(month.desc()).tuples()]


@dataclass
class MonthCounts:
    month: int
    by_kind: dict[str, int]
    total: int
    breaches: int


def filings_by_month(unit_ids: list[int] | None, year: int) -> list[MonthCounts]:
    """Twelve rows: filings per kind for each month of ``year`` (by start date), with how many
    broke a limit."""
    month = fn.SUBSTR(CeremonyFiling.start_on, 6, 2)
    broke = fn.SUM(Case(None, [(CeremonyFiling.breaches != "", 1)], 0))
    query = (CeremonyFiling.select(month, CeremonyFiling.kind, fn.COUNT(CeremonyFiling.id), broke)
             .where(CeremonyFiling.start_on.between(date(year, 1, 1), date(year, 12, 31)))
             .group_by(month, CeremonyFiling.kind))
    if unit_ids is not None:
        query = query.where(CeremonyFiling.unit.in_(unit_ids))
    rows = [MonthCounts(m, {}, 0, 0) for m in range(1, 13)]
    for number, kind, count, breaches in query.tuples():
        row = rows[int(number) - 1]
        row.by_kind[kind] = count
        row.total += count
        row.breaches += breaches or 0
    return rows


def filing_years(unit_ids: list[int] | None) -> list[int]:
    year = fn.SUBSTR(CeremonyFiling.start_on, 1, 4)
    query = CeremonyFiling.select(year.distinct())
    if unit_ids is not None:
        query = query.where(CeremonyFiling.unit.in_(unit_ids))
    return [int(y) for (y,) in query.order_by(year.desc()).tuples()]


# ---- pickers ----------------------------------------------------------------------------

def household_choices(unit_id: int, text: str, limit: int = 30) -> list[Choice]:
    """Households of the unit whose address or any member's name contains ``text``; labelled
    with the head of household's name."""
    head = (Resident.select(fn.MIN(Resident.name)).where(Resident.household == Household.id,
                                                         Resident.relation == "户主",
                                                         Resident.status == "active"))
    query = Household.select(Household.id, Household.address, head.alias("head")) \
        .where(Household.unit == unit_id, Household.status == "active")
    text = text.strip()
    if text:
        someone = Resident.select(Resident.id).where(Resident.household == Household.id,
                                                     Resident.name.contains(text))
        query = query.where(Household.address.contains(text) | fn.EXISTS(someone))
    return [Choice(h.id, f"{h.head or '（无户主）'}　{h.address}")
            for h in query.order_by(Household.id).limit(limit)]


def head_of(household: Household) -> Resident | None:
    return (Resident.select().where(Resident.household == household)
            .order_by(Resident.status != "active", Resident.relation != "户主", Resident.id).first())
