"""The 四调 ladder (seed 五(二)): steps up the ladder, the agreement, and the follow-up visits.

Rules:
* The first step is at the case's starting tier (1, or higher for a 较大/重大 case, with reason).
* After a step that did not settle, the next one is at the same tier ("本级继续") or, with the
  reason written down, one tier up ("上升一级"); tier 4 (人民法庭) is the top.
* A step that settles needs the agreement's content, saved with it; a step that ends the case
  ("调解不成，终结") closes it as 调解不成功. A closed or withdrawn case takes no more steps.
* Dates: no step before acceptance, before the previous step, or after today.
* The status follows the steps: 调解中, 已移交人民法庭 (the next step is the tribunal's),
  调解成功, 调解不成功; 已撤回 is set by hand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ...store.database import db
from ...store.models import NAME_MAX
from .models import Agreement, Dispute, FollowUp, MediationStep
from .models import AGREEMENT_KINDS, FACTS_MAX, PERFORMANCE, SATISFACTION, STEP_RESULTS, TIERS
from ...errors import ValidationError
from ...validation import SaveResult, clean_text, collect, parse_amount
from ...units import ensure_writable

TIER_NAMES = dict(TIERS)
TOP_TIER = 4
CONFIRMATION_DAYS = 30  # 人民调解法 第33条: apply to the court within 30 days of effect
RESULT_CODES = {code for code, _ in STEP_RESULTS}


def confirmation_deadline(effective_on: date) -> date:
    return effective_on + timedelta(days=CONFIRMATION_DAYS)


def _steps(dispute: Dispute) -> list[MediationStep]:
    return list(MediationStep.select().where(MediationStep.dispute == dispute)
                .order_by(MediationStep.held_on, MediationStep.id))


def next_tier(dispute: Dispute, steps: list[MediationStep] | None = None) -> int | None:
    """The tier of the next step, or None when the case takes no more steps."""
    if dispute.status == "withdrawn":
        return None
    steps = _steps(dispute) if steps is None else steps
    if not steps:
        return dispute.start_tier
    last = steps[-1]
    if last.result == "again":
        return last.tier
    if last.result == "escalate":
        return min(last.tier + 1, TOP_TIER)
    return None


def refresh_status(dispute: Dispute) -> None:
    """Set status and closing date from the steps (a withdrawn case stays withdrawn)."""
    if dispute.status == "withdrawn":
        return
    steps = _steps(dispute)
    last = steps[-1] if steps else None
    if last is not None and last.result in ("settled", "failed"):
        dispute.status = "settled" if last.result == "settled" else "failed"
        dispute.closed_on = last.held_on
    else:
        dispute.status = "transferred" if next_tier(dispute, steps) == TOP_TIER else "open"
        dispute.closed_on = None
    dispute.save()


@dataclass(frozen=True)
class PathStop:
    """One tier the case passed through: how many sessions, and how it left that tier."""

    tier: int
    name: str
    sessions: int
    outcome: str  # 'settled', 'escalate', 'failed', 'pending'
    reason: str = ""

    @property
    def text(self) -> str:
        marks = {"settled": "✓ 调解成功", "escalate": "✗ 上升", "failed": "✗ 终结",
                 "pending": "… 进行中"}
        times = f"（{self.sessions}次）" if self.sessions > 1 else ""
        return f"{self.name}{times} {marks[self.outcome]}"


def ladder_path(dispute: Dispute, steps: list[MediationStep] | None = None) -> list[PathStop]:
    """The case's way up the ladder, tier by tier, including the tier it now waits at."""
    steps = _steps(dispute) if steps is None else steps
    stops: list[PathStop] = []
    for step in steps:
        if stops and stops[-1].tier == step.tier:
            prev = stops.pop()
            sessions = prev.sessions + 1
        else:
            sessions = 1
        outcome = {"again": "pending"}.get(step.result, step.result)
        stops.append(PathStop(step.tier, TIER_NAMES[step.tier], sessions, outcome,
                              step.escalation_reason if step.result == "escalate" else ""))
    upcoming = next_tier(dispute, steps)
    if dispute.status in ("open", "transferred") and upcoming and (not stops or stops[-1].tier != upcoming):
        stops.append(PathStop(upcoming, TIER_NAMES[upcoming], 0, "pending"))
    return stops


def path_text(stops: list[PathStop]) -> str:
    return " → ".join(stop.text for stop in stops)


# ---- steps ---------------------------------------------------------------------------------

def save_step(dispute: Dispute, data: dict[str, Any], step: MediationStep | None = None,
              agreement: dict[str, Any] | None = None, today: date | None = None) -> SaveResult:
    """Record a new step (at the tier the ladder gives) or correct one.

    Only the last step may change its result. ``agreement`` is required when the result is
    达成协议 and the case has no agreement yet; it is saved in the same transaction.
    """
    today = today or date.today()
    ensure_writable(dispute.unit_id)
    steps = _steps(dispute)
    if step is None:
        tier = next_tier(dispute, steps)
        if tier is None:
            raise ValidationError(f"本件已经“{dispute.choice_label('status', dispute.status)}”，"
                                  "不能再记录调解。")
        before, after = (steps[-1] if steps else None), None
    else:
        index = [s.id for s in steps].index(step.id)
        tier = step.tier
        before = steps[index - 1] if index else None
        after = steps[index + 1] if index + 1 < len(steps) else None
    problems: dict[str, str] = {}
    held_on = data.get("held_on")
    earliest = before.held_on if before else dispute.accepted_on
    if not isinstance(held_on, date):
        problems["held_on"] = "请填写调解日期。"
    elif held_on < dispute.accepted_on:
        problems["held_on"] = (f"调解日期 {held_on:%Y-%m-%d} 早于受理日期 "
                               f"{dispute.accepted_on:%Y-%m-%d}：先受理，后调解。请核对。")
    elif held_on > today:
        problems["held_on"] = f"调解日期 {held_on:%Y-%m-%d} 还没到，只能记录已经进行的调解。"
    elif held_on < earliest:
        problems["held_on"] = f"调解日期不能早于上一次调解（{earliest:%Y-%m-%d}）。"
    elif after is not None and held_on > after.held_on:
        problems["held_on"] = f"调解日期不能晚于下一次调解（{after.held_on:%Y-%m-%d}）。"
    place = collect(problems, "place", lambda: clean_text(
        data.get("place"), label=MediationStep.label("place"), limit=NAME_MAX * 2))
    mediators = collect(problems, "mediators", lambda: clean_text(
        data.get("mediators"), label=MediationStep.label("mediators"), required=True, limit=500))
    clause = ""
    if tier == 2:
        clause = collect(problems, "covenant_clause", lambda: clean_text(
            data.get("covenant_clause"), label=MediationStep.label("covenant_clause"),
            required=True, limit=1000))
    record = collect(problems, "record", lambda: clean_text(
        data.get("record"), label=MediationStep.label("record"), required=True, limit=FACTS_MAX))
    result = data.get("result")
    existing = Agreement.get_or_none(Agreement.dispute == dispute)
    if step is not None and result != step.result:
        if after is not None:
            problems["result"] = "只有最后一次调解的结果可以修改。"
        elif dispute.status == "withdrawn":
            problems["result"] = "本件已撤回，调解结果不能再改；请先取消撤回。"
        elif step.result == "settled" and existing is not None:
            problems["result"] = ("这次调解已经达成协议（协议和回访都记在它下面）。如确属登记错误，"
                                  "请删除这次调解记录后重新登记。")
    if result not in RESULT_CODES:
        problems["result"] = "请选择调解结果。"
    elif result == "escalate" and tier >= TOP_TIER:
        problems["result"] = "“司法权威调”已是最高一级，不能再上升；未能调解的，请选“调解不成，终结”。"
    reason = ""
    if result == "escalate":
        reason = collect(problems, "escalation_reason", lambda: clean_text(
            data.get("escalation_reason"), label=MediationStep.label("escalation_reason"),
            required=True, limit=1000))
    agreement_values = None
    if result == "settled" and (agreement is not None or existing is None):
        if not agreement or not str(agreement.get("items") or "").strip():
            problems["agreement"] = "调解成功必须填写达成的协议内容（书面或口头协议），否则不能记为成功。"
        else:
            on = held_on if isinstance(held_on, date) else today
            try:
                agreement_values = clean_agreement(dispute, agreement, on, today)
            except ValidationError as exc:
                problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        step = step or MediationStep(dispute=dispute, tier=tier)
        step.held_on, step.place, step.mediators, step.record = held_on, place, mediators, record
        step.covenant_clause, step.result, step.escalation_reason = clause, result, reason
        step.save()
        if agreement_values is not None:
            _write_agreement(dispute, agreement_values, existing)
        refresh_status(dispute)
    return SaveResult(step)


def delete_last_step(dispute: Dispute) -> None:
    """Undo the most recent step (and the agreement and follow-ups it led to)."""
    ensure_writable(dispute.unit_id)
    steps = _steps(dispute)
    if not steps:
        raise ValidationError("本件还没有调解记录。")
    if dispute.status == "withdrawn":
        raise ValidationError("本件已撤回，请先取消撤回。")
    with db.atomic():
        if steps[-1].result == "settled":
            # one by one, so the audit trail names each paper that goes with the step
            for paper in [*FollowUp.select().where(FollowUp.dispute == dispute),
                          *Agreement.select().where(Agreement.dispute == dispute)]:
                paper.delete_instance()
        steps[-1].delete_instance()
        refresh_status(dispute)


# ---- the agreement -------------------------------------------------------------------------

def clean_agreement(dispute: Dispute, data: dict[str, Any], settled_on: date,
                    today: date) -> dict[str, Any]:
    """Checked agreement values; every problem at once, keyed ``agreement.<field>``."""
    problems: dict[str, str] = {}
    kind = data.get("kind") or "written"
    if kind not in dict(AGREEMENT_KINDS):
        problems["kind"] = "请选择书面协议或口头协议。"
    items = collect(problems, "items", lambda: clean_items(data.get("items")))
    if items is not None and not items:
        problems["items"] = "协议内容不能为空：请逐条写明双方自愿达成的协议事项。"
    how = collect(problems, "perform_how", lambda: clean_text(
        data.get("perform_how"), label=Agreement.label("perform_how"), limit=1000))
    place = collect(problems, "perform_place", lambda: clean_text(
        data.get("perform_place"), label=Agreement.label("perform_place"), limit=NAME_MAX * 2))
    amount = collect(problems, "amount", lambda: parse_amount(
        data.get("amount"), Agreement.label("amount")))
    effective = data.get("effective_on")
    if not isinstance(effective, date):
        problems["effective_on"] = "请填写协议生效日期（各方签名、调解员签名并加盖调解委员会印章之日）。"
    elif effective < settled_on:
        problems["effective_on"] = f"协议生效日期不能早于达成协议的调解日期 {settled_on:%Y-%m-%d}。"
    elif effective > today:
        problems["effective_on"] = "协议生效日期不能晚于今天：请在各方签字后再登记生效日期。"
    perform_by = data.get("perform_by")
    if perform_by is not None and not isinstance(perform_by, date):
        problems["perform_by"] = "履行期限不是有效日期。"
    elif perform_by and isinstance(effective, date) and perform_by < effective:
        problems["perform_by"] = (f"履行期限 {perform_by:%Y-%m-%d} 早于协议生效日期 "
                                  f"{effective:%Y-%m-%d}，请核对。")
    applied = data.get("confirmation_applied_on") if kind == "written" else None
    if applied and isinstance(effective, date) and not effective <= applied <= today:
        problems["confirmation_applied_on"] = "申请司法确认的日期应在协议生效之后、今天之前。"
    performance = data.get("performance") or "pending"
    if performance not in dict(PERFORMANCE):
        problems["performance"] = "请选择履行情况。"
    names = {key: collect(problems, key, lambda key=key: clean_text(
        data.get(key), label=Agreement.label(key), limit=NAME_MAX * 2)) for key in ("mediator", "recorder")}
    note = collect(problems, "performance_note", lambda: clean_text(
        data.get("performance_note"), label=Agreement.label("performance_note"), limit=1000))
    if problems:
        raise ValidationError({f"agreement.{k}": v for k, v in problems.items()})
    return {"kind": kind, "items": "\n".join(items), "perform_how": how, "perform_place": place,
            "perform_by": perform_by, "amount": amount, "effective_on": effective,
            "confirmation_applied_on": applied, "performance": performance,
            "performance_note": note, **names}


def clean_items(value: Any) -> list[str]:
    """Agreement items, one a line; numbers the clerk typed (1、 (2) ３．) are dropped."""
    text = clean_text(value, label="协议内容", limit=FACTS_MAX)
    items = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[(（]?\s*[0-9０-９一二三四五六七八九十]+\s*[)）、.．,，:：]\s*)", "", line)
        if line.strip():
            items.append(line.strip())
    return items


def _write_agreement(dispute: Dispute, values: dict[str, Any], existing: Agreement | None) -> Agreement:
    agreement = existing or Agreement(dispute=dispute)
    for key, value in values.items():
        setattr(agreement, key, value)
    agreement.copies = dispute.parties.count() + 1  # FORMS.md §1: each party, and the committee
    agreement.save()
    return agreement


def save_agreement(dispute: Dispute, data: dict[str, Any], today: date | None = None) -> SaveResult:
    """Edit the agreement of a settled case (performance, 司法确认, corrections)."""
    today = today or date.today()
    ensure_writable(dispute.unit_id)
    steps = _steps(dispute)
    if dispute.status != "settled" or not steps:
        raise ValidationError("只有调解成功的纠纷才有调解协议；请先记录达成协议的那次调解。")
    values = clean_agreement(dispute, data, steps[-1].held_on, today)
    warnings = []
    if values["confirmation_applied_on"] and \
            values["confirmation_applied_on"] > confirmation_deadline(values["effective_on"]):
        warnings.append("申请司法确认的日期已超过协议生效后30日，人民法院可能不予受理。")
    with db.atomic():
        agreement = _write_agreement(dispute, values, Agreement.get_or_none(Agreement.dispute == dispute))
    return SaveResult(agreement, warnings)


# ---- follow-up visits ----------------------------------------------------------------------

def save_follow_up(dispute: Dispute, data: dict[str, Any], follow_up: FollowUp | None = None,
                   today: date | None = None) -> SaveResult:
    today = today or date.today()
    ensure_writable(dispute.unit_id)
    agreement = Agreement.get_or_none(Agreement.dispute == dispute)
    if agreement is None:
        raise ValidationError("回访针对已达成的调解协议：本件还没有协议，不能登记回访。")
    problems: dict[str, str] = {}
    visited = data.get("visited_on")
    if not isinstance(visited, date):
        problems["visited_on"] = "请填写回访时间。"
    elif visited < agreement.effective_on:
        problems["visited_on"] = f"回访时间不能早于协议生效日期 {agreement.effective_on:%Y-%m-%d}。"
    elif visited > today:
        problems["visited_on"] = "回访时间不能晚于今天：只能登记已经进行的回访。"
    texts = {}
    for key, required, limit in (("visitor", True, NAME_MAX * 2), ("reason", True, 200),
                                 ("situation", True, FACTS_MAX), ("new_risks", False, 1000),
                                 ("measures", False, 1000)):
        texts[key] = collect(problems, key, lambda key=key, required=required, limit=limit: clean_text(
            data.get(key), label=FollowUp.label(key), required=required, limit=limit))
    satisfaction = data.get("satisfaction") or "satisfied"
    if satisfaction not in dict(SATISFACTION):
        problems["satisfaction"] = "请选择当事人满意度。"
    performance = data.get("performance")
    if performance is not None and performance not in dict(PERFORMANCE):
        problems["performance"] = "请选择履行情况。"
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        follow_up = follow_up or FollowUp(dispute=dispute)
        follow_up.visited_on, follow_up.satisfaction = visited, satisfaction
        for key, value in texts.items():
            setattr(follow_up, key, value)
        follow_up.save()
        if performance:  # what the visit found is the agreement's performance now
            agreement.performance = performance
            agreement.save()
    return SaveResult(follow_up)


def delete_follow_up(follow_up: FollowUp) -> None:
    ensure_writable(follow_up.dispute.unit_id)
    follow_up.delete_instance()
