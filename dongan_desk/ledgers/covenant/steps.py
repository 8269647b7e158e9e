"""The path of a covenant version (民政部等2018年《关于做好村规民约和居民公约工作的指导意见》, the
seed 五(一)2, 村民委员会组织法 第26、27条), each step once, in this order:

征集意见 → 支委会酝酿 → 党员大会讨论 → 镇审核 → 村民代表大会审定 → 报镇备案 → 张贴公布

A step is recorded only when every step before it is (the refusal names what is missing), on a
date not before the step before it and not after today. The 审定 needs the quorum of 第26条:
more than two thirds of the representatives present, and more than half of those present
agreeing. A vote that misses either is refused, nothing saved: such a meeting adopted nothing,
and the draft stays a draft until a vote that counts (write the failed meeting in the next
vote's 情况记录). The 审定 makes the version 现行 and the one before it 废止 on that day (a
corrected 审定 date moves that 废止 date with it); 备案 and 公布 set the version's dates. Only the
last step recorded may be deleted (a mistake).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ...errors import ValidationError
from ...store.database import db
from ...units import ensure_writable
from ...validation import SaveResult, clean_text, collect, raise_problems, whole_number
from .models import REVIEW_RESULTS, STEP_KINDS, CovenantStep, VillageCovenant
from .versions import clause_count

ORDER = [code for code, _ in STEP_KINDS]
STEP_NAMES = dict(STEP_KINDS)
COUNT_MAX = 100000


def quorum_problem(due: int, present: int, agree: int) -> str | None:
    """第26条, in whole numbers: present·3 > due·2, and agree·2 > present."""
    if present * 3 <= due * 2:
        need = due * 2 // 3 + 1
        return (f"实到{present}人，没有超过应到{due}人的三分之二（至少要{need}人）："
                "按村民委员会组织法第二十六条，这次会议不能举行表决，审定不成立。"
                "请在到会人数达到要求后重新召开村民代表大会。")
    if agree * 2 <= present:
        need = present // 2 + 1
        return (f"同意{agree}人，没有超过实到{present}人的半数（至少要{need}人）：村规民约草案未获通过，"
                "仍是草案。请根据代表意见修改后重新提交表决。")
    return None


def replaced_version(covenant: VillageCovenant) -> VillageCovenant | None:
    """The version this one's 审定 ends (or will end): the last one adopted before it. Versions
    are adopted in their order (a version older than one adopted is never adopted after it)."""
    return (VillageCovenant.select().where(VillageCovenant.unit == covenant.unit_id,
                                           VillageCovenant.version < covenant.version,
                                           VillageCovenant.adopted_on.is_null(False))
            .order_by(VillageCovenant.version.desc()).first())


PATH_FIELDS = ("is_current", "adopted_on", "filed_on", "posted_on", "superseded_on")


def _as_stored(covenant: VillageCovenant) -> None:
    """The fields the path sets, as the database holds them now: the caller's copy may be from
    before another version's 审定 (saving it would write a stale 现行 back)."""
    stored = VillageCovenant.get_by_id(covenant.id)
    for name in PATH_FIELDS:
        setattr(covenant, name, getattr(stored, name))


def steps_of(covenant: VillageCovenant) -> dict[str, CovenantStep]:
    return {s.kind: s for s in CovenantStep.select().where(CovenantStep.covenant == covenant)}


def next_step(covenant: VillageCovenant) -> str | None:
    done = steps_of(covenant)
    return next((kind for kind in ORDER if kind not in done), None)


def missing_before(kind: str, done: dict[str, CovenantStep]) -> list[str]:
    return [STEP_NAMES[k] for k in ORDER[:ORDER.index(kind)] if k not in done]


def _count(data: dict[str, Any], key: str, problems: dict[str, str], low: int = 0) -> int | None:
    return collect(problems, key, lambda: whole_number(data.get(key), CovenantStep.label(key), low, COUNT_MAX))


def _text(data: dict[str, Any], key: str, problems: dict[str, str], required: bool = False,
          limit: int = 4000, label: str | None = None) -> str:
    return collect(problems, key, lambda: clean_text(
        data.get(key), label=label or CovenantStep.label(key), required=required, limit=limit)) or ""


def _attendance(data: dict[str, Any], problems: dict[str, str]) -> tuple[int | None, int | None]:
    due, present = _count(data, "due_count", problems, 1), _count(data, "present_count", problems)
    if due is not None and present is not None and present > due:
        problems["present_count"] = f"实到人数（{present}）不能多于应到人数（{due}）。"
    return due, present


def _facts(kind: str, data: dict[str, Any], problems: dict[str, str]) -> dict[str, Any]:
    """The facts each kind of step records, checked."""
    facts: dict[str, Any] = {"record": _text(data, "record", problems, required=kind in ("branch",))}
    if kind == "consult":
        facts["opinion_count"] = _count(data, "opinion_count", problems)
        facts["sources"] = _text(data, "sources", problems, required=True, limit=500)
    elif kind == "party":
        facts["due_count"], facts["present_count"] = _attendance(data, problems)
    elif kind == "review":
        result = data.get("review_result") or ""
        if result not in dict(REVIEW_RESULTS):
            problems["review_result"] = "请选择镇审核的结论。"
        facts["review_result"] = result
        facts["opinion"] = _text(data, "opinion", problems, required=True)
    elif kind == "vote":
        due, present = _attendance(data, problems)
        votes = {key: _count(data, key, problems) for key in ("agree_count", "against_count", "abstain_count")}
        facts.update(due_count=due, present_count=present, **votes)
        if present is not None and None not in votes.values() and sum(votes.values()) > present:
            problems["agree_count"] = (f"同意、反对、弃权合计{sum(votes.values())}票，多于实到{present}人，"
                                       "请核对票数。")
        if not problems:
            trouble = quorum_problem(due, present, votes["agree_count"])
            if trouble:
                problems["agree_count" if present * 3 > due * 2 else "present_count"] = trouble
    elif kind == "posting":
        facts["place"] = _text(data, "place", problems, required=True, limit=500)
    return facts


def save_step(covenant: VillageCovenant, kind: str, data: dict[str, Any],
              today: date | None = None) -> SaveResult:
    """Record the next step of the version's path (or correct the facts of one recorded)."""
    today = today or date.today()
    if kind not in STEP_NAMES:
        raise ValidationError(f"不认识的环节“{kind}”。")
    _as_stored(covenant)
    done = steps_of(covenant)
    existing = done.get(kind)
    missing = missing_before(kind, done)
    if missing:
        raise ValidationError(f"还不能登记“{STEP_NAMES[kind]}”：前面的环节还没有登记——{'、'.join(missing)}。"
                              "请按顺序逐项登记。")
    name = STEP_NAMES[kind]
    later = [STEP_NAMES[k] for k in ORDER[ORDER.index(kind) + 1:] if k in done]
    if existing is not None and kind == "vote" and later:
        raise ValidationError(f"审定之后已登记了{'、'.join(later)}，审定情况不能再改；确属登记错误的，请从最后一个环节起逐个删除。")
    if kind == "vote" and existing is None:
        newer = (VillageCovenant.select().where(VillageCovenant.unit == covenant.unit_id,
                                                VillageCovenant.version > covenant.version,
                                                VillageCovenant.adopted_on.is_null(False)))
        if newer.exists():
            raise ValidationError(f"第{newer.get().version}版已经审定，第{covenant.version}版不能再审定为现行："
                                  "同一时间只能有一个现行版本。")
        if not clause_count(covenant):
            raise ValidationError("这个版本还没有条文，不能提交表决：请先在“条文”里写入各章各条。")
    problems: dict[str, str] = {}
    held_on = data.get("held_on")
    before = [done[k] for k in ORDER[:ORDER.index(kind)] if k in done]
    after = [done[k] for k in ORDER[ORDER.index(kind) + 1:] if k in done]
    if not isinstance(held_on, date):
        problems["held_on"] = f"请填写{name}的日期。"
    elif held_on > today:
        problems["held_on"] = f"{name}的日期（{held_on:%Y-%m-%d}）还没到：只能登记已经做了的环节。"
    elif before and held_on < before[-1].held_on:
        problems["held_on"] = (f"{name}的日期不能早于上一个环节“{STEP_NAMES[before[-1].kind]}”"
                               f"（{before[-1].held_on:%Y-%m-%d}）。")
    elif after and held_on > after[0].held_on:
        problems["held_on"] = (f"{name}的日期不能晚于下一个环节“{STEP_NAMES[after[0].kind]}”"
                               f"（{after[0].held_on:%Y-%m-%d}）。")
    elif kind == "vote":
        problem = _vote_day_problem(covenant, held_on)
        if problem:
            problems["held_on"] = problem
    facts = _facts(kind, data, problems)
    raise_problems(problems)
    ensure_writable(covenant.unit_id)
    with db.atomic():
        step = existing or CovenantStep(covenant=covenant, kind=kind)
        step.held_on = held_on
        for key, value in facts.items():
            setattr(step, key, value)
        step.save()
        warnings = _apply(covenant, kind, held_on)
    return SaveResult(step, warnings)


def _vote_day_problem(covenant: VillageCovenant, day: date) -> str | None:
    """A 审定 day between the adoption of the version it replaces and that of the version that
    replaced it (when one did): the versions follow one another."""
    previous = replaced_version(covenant)
    if previous is not None and day < previous.adopted_on:
        return (f"审定日期不能早于第{previous.version}版的审定日期（{previous.adopted_on:%Y-%m-%d}）："
                f"第{covenant.version}版审定之日，第{previous.version}版才废止。")
    if covenant.adopted_on is not None and not covenant.is_current and covenant.superseded_on \
            and day > covenant.superseded_on:
        return (f"审定日期不能晚于这一版废止的日期（{covenant.superseded_on:%Y-%m-%d}，"
                "那天新的版本审定通过）。")
    return None


def _apply(covenant: VillageCovenant, kind: str, day: date) -> list[str]:
    """What a step means for the version: adopted and 现行 (the version before it 废止 that day),
    filed, posted. A corrected 审定 moves the 废止 date of the version it replaced."""
    if kind == "vote":
        first = covenant.adopted_on is None
        previous = replaced_version(covenant)
        if previous is not None:  # the 现行 one until now, or (a correction) the one this replaced
            previous.is_current, previous.superseded_on = False, day
            previous.save()
        covenant.adopted_on = day
        if first:
            covenant.is_current = True
        covenant.save()
        if not first:
            moved = f"，第{previous.version}版的废止日期随之改为同一天" if previous else ""
            return [f"第{covenant.version}版的审定日期为{day:%Y-%m-%d}{moved}。"]
        replaced = f"，第{previous.version}版同日废止" if previous else ""
        return [f"第{covenant.version}版已审定通过，成为现行村规民约{replaced}。请尽快报镇备案。"]
    if kind == "filing":
        covenant.filed_on = day
        covenant.save()
    elif kind == "posting":
        covenant.posted_on = day
        covenant.save()
        return ["已公布：请把小册子或海报发放到每一户，并在“发放到户”中登记签收。"]
    return []


def delete_last_step(covenant: VillageCovenant) -> str:
    """Undo the last step recorded (a mistake); undoing the 审定 brings the old version back."""
    _as_stored(covenant)
    done = steps_of(covenant)
    if not done:
        raise ValidationError("这个版本还没有登记任何环节。")
    last = max(done.values(), key=lambda s: ORDER.index(s.kind))
    if last.kind == "vote" and covenant.deliveries.exists():
        raise ValidationError("这个版本已经发放到户，审定不能撤销；确属错误的，请先删除发放记录。")
    if last.kind == "vote" and not covenant.is_current:
        raise ValidationError(f"第{covenant.version}版已被后来审定的版本取代，它的审定不能再撤销。")
    ensure_writable(covenant.unit_id)
    with db.atomic():
        if last.kind == "vote":
            covenant.is_current, covenant.adopted_on = False, None
            covenant.save()
            previous = replaced_version(covenant)
            if previous is not None:
                previous.is_current, previous.superseded_on = True, None
                previous.save()
        elif last.kind == "filing":
            covenant.filed_on = None
            covenant.save()
        elif last.kind == "posting":
            covenant.posted_on = None
            covenant.save()
        last.delete_instance()
    return STEP_NAMES[last.kind]


def step_summary(step: CovenantStep) -> str:
    """One line of what the step recorded, for the list and the sheets."""
    kind = step.kind
    if kind == "consult":
        return f"收集意见{step.opinion_count or 0}条，来自{step.sources}"
    if kind == "party":
        return f"应到{step.due_count}人，实到{step.present_count}人"
    if kind == "review":
        return f"{step.choice_label('review_result', step.review_result)}：{step.opinion}"
    if kind == "vote":
        return (f"应到{step.due_count}人，实到{step.present_count}人；同意{step.agree_count}、"
                f"反对{step.against_count}、弃权{step.abstain_count}")
    if kind == "posting":
        return f"张贴于{step.place}"
    return step.record
