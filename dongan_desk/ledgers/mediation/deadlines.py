"""Deadlines at a glance (issue 5 §4): cases open more than a month, follow-up visits due, and
司法确认 windows about to close. Each is one SQL query over the whole town; they feed the tab's
期限提醒 list, ``main.py check`` and the status bar (through ``ledgers/registry.py``)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from peewee import fn

from .models import Agreement, Dispute, DisputeParty, FollowUp
from ...store.models import Unit
from .models import case_number
from .ladder import CONFIRMATION_DAYS
from ...finding import Finding

WARN_DAYS = 7              # 司法确认 windows closing within a week; follow-ups due within a week
FOLLOW_UP_AFTER_DAYS = 7   # the 回访 falls due a week after the performance deadline (or effect)

OVERDUE, FOLLOW_UP, CONFIRMATION = "overdue", "follow_up", "confirmation"
KIND_LABELS = {OVERDUE: "调解超过一个月未结", FOLLOW_UP: "调解协议待回访",
               CONFIRMATION: "司法确认申请期将满"}


@dataclass(frozen=True)
class Deadline:
    kind: str
    dispute_id: int
    unit_name: str
    number: str
    parties: str
    due_on: date
    days_left: int  # negative: past due

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def when(self) -> str:
        return (f"已超过{-self.days_left}天" if self.days_left < 0
                else "今天到期" if self.days_left == 0 else f"还有{self.days_left}天")

    @property
    def detail(self) -> str:
        """What to do, without the case's number and parties (the list shows those)."""
        if self.kind == OVERDUE:
            return f"受理已超过一个月仍未办结，应于{self.due_on:%Y-%m-%d}前调结；确需延长的，应征得当事人同意。"
        if self.kind == FOLLOW_UP:
            return f"应于{self.due_on:%Y-%m-%d}回访，了解协议履行情况。"
        return (f"申请司法确认的期限{self.due_on:%Y-%m-%d}截止，如需确认，"
                "请提醒双方当事人共同向人民法院申请。")

    @property
    def message(self) -> str:
        return f"{self.number}（{self.parties}）{self.detail.rstrip('。')}（{self.when}）。"


def one_month_before(day: date) -> date:
    """The same day a month earlier (31 March → 28/29 February)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def one_month_after(day: date) -> date:
    year, month = (day.year, day.month + 1) if day.month < 12 else (day.year + 1, 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _restrict(query, unit_ids: list[int] | None):
    return query if unit_ids is None else query.where(Dispute.unit.in_(unit_ids))


def _names(ids: list[int]) -> dict[int, str]:
    result: dict[int, list[str]] = {}
    if ids:
        for dispute_id, name in (DisputeParty.select(DisputeParty.dispute, DisputeParty.name)
                                 .where(DisputeParty.dispute.in_(ids))
                                 .order_by(DisputeParty.position).tuples()):
            result.setdefault(dispute_id, []).append(name)
    return {k: "、".join(v) for k, v in result.items()}


def deadlines(unit_ids: list[int] | None = None, today: date | None = None,
              kinds: tuple[str, ...] = (OVERDUE, FOLLOW_UP, CONFIRMATION)) -> list[Deadline]:
    """Every deadline that needs the clerk now, the most urgent first."""
    today = today or date.today()
    found: list[tuple] = []  # (kind, id, unit name, short, year, serial, due)
    columns = (Dispute.id, Unit.name, Unit.short_name, Dispute.year, Dispute.serial)
    if OVERDUE in kinds:
        query = (Dispute.select(*columns, Dispute.accepted_on).join(Unit)
                 .where(Dispute.status.in_(("open", "transferred")),
                        Dispute.accepted_on < one_month_before(today)))
        found += [(OVERDUE, *row[:5], one_month_after(row[5]))
                  for row in _restrict(query, unit_ids).tuples()]
    if FOLLOW_UP in kinds:
        visited = FollowUp.select(FollowUp.id).where(FollowUp.dispute == Dispute.id)
        due = fn.COALESCE(Agreement.perform_by, Agreement.effective_on)
        query = (Dispute.select(*columns, due).join(Unit).switch(Dispute).join(Agreement)
                 .where(Dispute.status == "settled", ~fn.EXISTS(visited),
                        due <= today + timedelta(days=WARN_DAYS - FOLLOW_UP_AFTER_DAYS)))
        found += [(FOLLOW_UP, *row[:5], _as_date(row[5]) + timedelta(days=FOLLOW_UP_AFTER_DAYS))
                  for row in _restrict(query, unit_ids).tuples()]
    if CONFIRMATION in kinds:
        # deadline = effect + 30 days, wanted within [today, today + 7]
        query = (Dispute.select(*columns, Agreement.effective_on).join(Unit).switch(Dispute)
                 .join(Agreement)
                 .where(Dispute.status == "settled", Agreement.kind == "written",
                        Agreement.confirmation_applied_on.is_null(),
                        Agreement.effective_on.between(
                            today - timedelta(days=CONFIRMATION_DAYS),
                            today - timedelta(days=CONFIRMATION_DAYS - WARN_DAYS))))
        found += [(CONFIRMATION, *row[:5], row[5] + timedelta(days=CONFIRMATION_DAYS))
                  for row in _restrict(query, unit_ids).tuples()]
    names = _names([f[1] for f in found])
    result = [Deadline(kind, dispute_id, unit_name, case_number(year, short, serial),
                       names.get(dispute_id, ""), due, (due - today).days)
              for kind, dispute_id, unit_name, short, year, serial, due in found]
    return sorted(result, key=lambda d: (d.days_left, d.number))


def _as_date(value) -> date:
    # COALESCE hands back the stored text, not a date: peewee cannot know its type.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def deadline_findings(unit_ids: list[int] | None = None) -> list:
    """The rule registered in ``ledgers/registry.py``."""
    return [Finding(d.kind_label, d.unit_name, d.message, f"dispute:{d.dispute_id}")
            for d in deadlines(unit_ids)]
