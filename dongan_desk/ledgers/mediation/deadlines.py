"""Deadlines at a glance (issue 5 §4): cases open more than a month, follow-up visits due, and
司法确认 windows about to close. Each is one SQL query over the whole town; they feed the tab's
期限提醒 list, ``main.py check`` and the status bar (through ``ledgers/registry.py``).

A case should be settled within a month of acceptance; with both parties' consent the limit may
be extended (issue 12): :func:`extend_limit` records the new date and the reason, and from then
on the case is late only after the extended date."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from peewee import fn

from ...errors import ValidationError
from ...store.database import db
from ...units import ensure_writable
from ...validation import clean_text
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
EXTENDED_LABEL = "超过延长的调解期限未结"
REASON_MAX = 500


@dataclass(frozen=True)
class Deadline:
    kind: str
    dispute_id: int
    unit_name: str
    number: str
    parties: str
    due_on: date
    days_left: int  # negative: past due
    extension_reason: str | None = None  # an OVERDUE case whose limit was extended: why

    @property
    def kind_label(self) -> str:
        return EXTENDED_LABEL if self.extension_reason is not None else KIND_LABELS[self.kind]

    @property
    def when(self) -> str:
        return (f"已超过{-self.days_left}天" if self.days_left < 0
                else "今天到期" if self.days_left == 0 else f"还有{self.days_left}天")

    @property
    def detail(self) -> str:
        """What to do, without the case's number and parties (the list shows those)."""
        if self.kind == OVERDUE and self.extension_reason is not None:
            return (f"经双方当事人同意已延期至{self.due_on:%Y-%m-%d}（{self.extension_reason}），"
                    "仍未办结，请尽快调结或依法终结。")
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


def case_limit(dispute: Dispute) -> date:
    """When the case should be settled by: a month after acceptance, or the extended date."""
    return dispute.extended_to or one_month_after(dispute.accepted_on)


def extension_text(dispute: Dispute) -> str:
    """已延期至2026-03-12（原因）, for the case view; "" when the limit was not extended."""
    if dispute.extended_to is None:
        return ""
    return f"已延期至{dispute.extended_to:%Y-%m-%d}（{dispute.extension_reason}）"


def limit_text(dispute: Dispute, today: date | None = None) -> str:
    """The case view's line: 调解期限：2026-04-02（受理后一个月）, or 调解期限：已延期至…（原因）,
    and for a case still open past it, how long past."""
    today = today or date.today()
    if dispute.extended_to is not None:
        text = f"调解期限：{extension_text(dispute)}"
    elif dispute.status in ("open", "transferred"):
        text = f"调解期限：{one_month_after(dispute.accepted_on):%Y-%m-%d}（受理后一个月）"
    else:
        return ""
    late = (today - case_limit(dispute)).days
    if dispute.status in ("open", "transferred") and late > 0:
        text += f"，已超过{late}天"
    return text


def extend_limit(dispute: Dispute, extended_to: date | None, reason: str, consent: bool,
                 on: date | None = None, today: date | None = None) -> Dispute:
    """Extend the one-month limit: both parties consented (人民调解 practice: a mediation runs
    over a month only with their consent), a reason, a new date after the current limit and
    at most a month beyond it (a longer mediation is extended again when that date comes, with
    their consent again). ``on``: the day it was agreed (default today). Refused with every
    problem at once; nothing is saved then."""
    today = today or date.today()
    on = on or today
    ensure_writable(dispute.unit_id)
    if dispute.status not in ("open", "transferred"):
        raise ValidationError(f"本件已经“{dispute.choice_label('status', dispute.status)}”，"
                              "不需要延长调解期限。")
    current = case_limit(dispute)
    problems: dict[str, str] = {}
    if not consent:
        problems["consent"] = ("延长调解期限须征得双方当事人同意。请先征得各方当事人同意，"
                               "再勾选“双方当事人同意延期”。")
    try:
        reason = clean_text(reason, label="延期原因", required=True, limit=REASON_MAX)
    except ValidationError as exc:
        problems["reason"] = exc.message
    if not isinstance(on, date) or not dispute.accepted_on <= on <= today:
        problems["extended_on"] = f"同意延期的日期应在受理日期{dispute.accepted_on:%Y-%m-%d}到今天之间。"
    latest = one_month_after(current)
    if not isinstance(extended_to, date):
        problems["extended_to"] = "请填写延长后的调解期限。"
    elif extended_to <= current:
        problems["extended_to"] = (f"延长后的期限{extended_to:%Y-%m-%d}应晚于现在的期限"
                                   f"{current:%Y-%m-%d}。")
    elif extended_to > latest:
        problems["extended_to"] = (f"每次最多延长一个月，即到{latest:%Y-%m-%d}；"
                                   "到期仍需调解的，届时再征得双方同意后延期。")
    elif isinstance(on, date) and extended_to <= on:
        problems["extended_to"] = f"延长后的期限应晚于同意延期的日期{on:%Y-%m-%d}。"
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        dispute.extended_to, dispute.extended_on = extended_to, on
        dispute.extension_reason, dispute.extension_consent = reason, True
        dispute.save()
    return dispute


def cancel_extension(dispute: Dispute) -> Dispute:
    """An extension recorded by mistake: the limit goes back to a month after acceptance."""
    ensure_writable(dispute.unit_id)
    if dispute.extended_to is None:
        raise ValidationError("本件的调解期限没有延长过。")
    with db.atomic():
        dispute.extended_to = dispute.extended_on = None
        dispute.extension_reason, dispute.extension_consent = "", False
        dispute.save()
    return dispute


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
    reasons: dict[int, str] = {}
    if OVERDUE in kinds:
        # late: a month after acceptance, or after the extended limit when there is one
        query = (Dispute.select(*columns, Dispute.accepted_on, Dispute.extended_to,
                                Dispute.extension_reason).join(Unit)
                 .where(Dispute.status.in_(("open", "transferred")),
                        (Dispute.extended_to.is_null() & (Dispute.accepted_on < one_month_before(today)))
                        | (Dispute.extended_to < today)))
        for row in _restrict(query, unit_ids).tuples():
            if row[6] is not None:
                reasons[row[0]] = row[7]
            found.append((OVERDUE, *row[:5], row[6] or one_month_after(row[5])))
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
                       names.get(dispute_id, ""), due, (due - today).days,
                       reasons.get(dispute_id) if kind == OVERDUE else None)
              for kind, dispute_id, unit_name, short, year, serial, due in found]
    return sorted(result, key=lambda d: (d.days_left, d.number))


def _as_date(value) -> date:
    # COALESCE hands back the stored text, not a date: peewee cannot know its type.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def deadline_findings(unit_ids: list[int] | None = None) -> list:
    """The rule registered in ``ledgers/registry.py``."""
    return [Finding(d.kind_label, d.unit_name, d.message, f"dispute:{d.dispute_id}")
            for d in deadlines(unit_ids)]
