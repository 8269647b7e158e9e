"""矛盾纠纷调解: accepting a case with its parties, its number, withdrawing it.

The ladder itself (steps, agreement, follow-ups) is in ``ladder.py``; lists, deadlines and
the case file in ``queries.py``; figures in ``stats.py``. Every write checks all of
its input first and then saves in one transaction, so a refused save changes nothing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from peewee import fn

from ...store.models import NAME_MAX, Resident, Unit
from .models import Dispute, DisputeCategory, DisputeParty, MediationStep
from .models import FACTS_MAX, RISK_LEVELS, SOURCES, TIERS, case_number
from ...store.database import db
from ...errors import ValidationError
from ...idnumbers import InvalidIdNumber, check_phone, parse_id_number
from ..roster.rules import DELETE_GUARDS
from ...validation import SaveResult, clean_name, clean_text, collect, parse_amount
from ...units import ensure_writable

SOURCE_CODES = {code for code, _ in SOURCES}
RISK_CODES = {code for code, _ in RISK_LEVELS}
# How high a case may start on the ladder, by risk level: "a grave dispute goes to the tribunal"
# (seed 五(二)4), a 较大 one may go straight to the 说事会; an ordinary one starts at the courtyard.
HIGHEST_START = {"normal": 1, "major": 3, "grave": 4}
MIN_PARTIES = 2
PARTY_SIDES = "甲乙丙丁戊己庚辛壬癸"
_NUMBER = re.compile(r"[（(]\s*(\d{4})\s*[）)]\s*(.+?)人调字第\s*(\d+)\s*号")


def party_side(position: int) -> str:
    """甲方, 乙方 … for the printed blocks; 第11方 beyond the ten heavenly stems."""
    return f"{PARTY_SIDES[position]}方" if position < len(PARTY_SIDES) else f"第{position + 1}方"



def age_on(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# ---- parties -------------------------------------------------------------------------------

def party_from_resident(resident: Resident, on: date | None = None) -> dict[str, Any]:
    """A party's form values filled in from the roster (the clerk may still correct them)."""
    on = on or date.today()
    return {"resident": resident, "name": resident.name, "gender": resident.gender,
            "ethnicity": "汉族", "age": age_on(resident.birth_date, on),
            "birth_date": resident.birth_date, "occupation": "", "phone": resident.phone,
            "address": resident.household.address, "id_number": resident.id_number or ""}


def _clean_party(data: dict[str, Any], n: int, unit_id: int, on: date, today: date,
                 warnings: list[str]) -> dict[str, Any]:
    who = f"第{n + 1}个当事人（{party_side(n)}）"
    problems: dict[str, str] = {}
    name = collect(problems, "name", lambda: clean_name(
        data.get("name"), label=f"{who}的姓名", required=True, limit=NAME_MAX))
    who = f"{party_side(n)}{name or ''}"
    resident = data.get("resident")
    if isinstance(resident, int):
        resident = Resident.get_or_none(Resident.id == resident)
    if resident is not None and resident.unit_id != unit_id:
        problems["resident"] = f"{who}不是本单位花名册里的人，请作为外来人员登记。"
    texts = {}
    for key, limit in (("ethnicity", 10), ("occupation", NAME_MAX), ("address", 200)):
        texts[key] = collect(problems, key, lambda key=key, limit=limit: clean_text(
            data.get(key), label=f"{who}的{DisputeParty.label(key)}", limit=limit))
    id_text = str(data.get("id_number") or "").strip()
    info = None
    if id_text:
        try:
            info = parse_id_number(id_text, today=today)
        except InvalidIdNumber as exc:
            problems["id_number"] = f"{who}的身份证号有误：{exc}"
    gender = info.gender if info else str(data.get("gender") or "")
    if gender not in ("", "男", "女"):
        problems["gender"] = f"{who}的性别只能是男或女。"
    birth = info.birth_date if info else data.get("birth_date")
    age = age_on(birth, on) if birth else data.get("age")
    if age in ("", None):
        age = None
    else:
        try:
            age = int(str(age).strip().rstrip("岁"))
        except ValueError:
            problems["age"] = f"{who}的年龄“{age}”不是数字，请填写周岁，如 45。"
        else:
            if not 0 <= age <= 130:
                problems["age"] = f"{who}的年龄{age}不对，请核对。"
    phone = check_phone(str(data.get("phone") or ""))
    if phone.warning:
        warnings.append(f"{who}：{phone.warning}")
    if len(phone.normalized) > 30:
        problems["phone"] = f"{who}的联系方式太长了，请只填一个号码。"
    if problems:
        raise ValidationError({f"party{n}.{k}": v for k, v in problems.items()})
    return {"resident": resident, "name": name, "gender": gender, "age": age,
            "birth_date": birth,
            "id_number": info.number if info else None, "phone": phone.normalized, **texts}


def check_party(data: dict[str, Any], position: int, unit_id: int, on: date | None = None,
                today: date | None = None) -> list[str]:
    """One party checked on its own (the party form refuses a bad ID number at once);
    returns the warnings. The case's save checks every party again."""
    today = today or date.today()
    warnings: list[str] = []
    _clean_party(data, position, unit_id, min(on or today, today), today, warnings)
    return warnings


def clean_parties(parties: Iterable[dict[str, Any]], unit_id: int, on: date, today: date,
                  warnings: list[str]) -> list[dict[str, Any]]:
    """Check every party; two or more, nobody twice. Raises with all problems at once."""
    parties = list(parties)
    problems: dict[str, str] = {}
    cleaned = []
    for n, party in enumerate(parties):
        try:
            cleaned.append(_clean_party(party, n, unit_id, on, today, warnings))
        except ValidationError as exc:
            problems.update(exc.problems)
    if len(parties) < MIN_PARTIES:
        problems["parties"] = (f"一件纠纷至少要有{MIN_PARTIES}个当事人，现在只有{len(parties)}个。"
                               "请再添加对方当事人。")
    seen: dict[Any, str] = {}
    for party in cleaned:
        key = (("resident", party["resident"].id) if party["resident"] is not None
               else ("id", party["id_number"]) if party["id_number"] else None)
        if key is None:
            continue
        if key in seen:
            problems["parties"] = f"{party['name']}被重复列为当事人，同一个人只能列一次。"
        seen[key] = party["name"]
    if problems:
        raise ValidationError(problems)
    return cleaned


# ---- a case --------------------------------------------------------------------------------

@dataclass
class DisputeDraft:
    """A case not yet saved: what the 新增纠纷 form opens with (e.g. from a 走访 that found one)."""

    data: dict[str, Any]
    parties: list[dict[str, Any]] = field(default_factory=list)


def new_dispute_draft(residents: Iterable[Resident], on: date, facts: str,
                      source: str = "initiative") -> DisputeDraft:
    """A draft case from residents already known (party members' visits find disputes, issue 3).

    Not saved: the clerk completes it (the other party, the category) in the 新增纠纷 form and
    saves it with :func:`save_dispute`, which applies every check.
    """
    return DisputeDraft({"accepted_on": on, "facts": facts, "source": source,
                         "risk_level": "normal", "start_tier": 1},
                        [party_from_resident(r, on) for r in residents])


def next_serial(unit: Unit | int, year: int) -> int:
    """The next N of （year）…人调字第N号; numbers are never reused (cases are never deleted)."""
    last = (Dispute.select(fn.MAX(Dispute.serial))
            .where(Dispute.unit == unit, Dispute.year == year).scalar())
    return (last or 0) + 1


def find_by_number(text: str) -> Dispute | None:
    """The case whose number is typed (full-width or ASCII brackets, spaces ignored)."""
    match = _NUMBER.search(unicodedata.normalize("NFC", text.replace(" ", "")))
    if not match:
        raise ValidationError(f"“{text}”不是调解案件编号，应写成（2026）兴田人调字第3号。")
    year, short, serial = int(match.group(1)), match.group(2), int(match.group(3))
    return (Dispute.select().join(Unit)
            .where(Dispute.year == year, Dispute.serial == serial, Unit.short_name == short)
            .first())


def save_dispute(data: dict[str, Any], parties: list[dict[str, Any]],
                 dispute: Dispute | None = None, unit: Unit | None = None,
                 today: date | None = None) -> SaveResult:
    """Accept a new case (numbered now) or edit one, with all its parties replaced at once."""
    today = today or date.today()
    unit_id = dispute.unit_id if dispute is not None else (unit.id if unit else None)
    if unit_id is None:
        raise ValidationError("请先确定受理纠纷的单位。")
    ensure_writable(unit_id)
    problems: dict[str, str] = {}
    warnings: list[str] = []
    accepted = data.get("accepted_on")
    if not isinstance(accepted, date):
        problems["accepted_on"] = "请填写受理日期。"
    elif accepted > today:
        problems["accepted_on"] = f"受理日期 {accepted:%Y-%m-%d} 晚于今天，请核对。"
    elif dispute is not None and accepted.year != dispute.year:
        problems["accepted_on"] = (f"编号已按{dispute.year}年分配，受理日期不能改到{accepted.year}年。"
                                   "如确属登记错误，请撤回本件后重新登记。")
    elif dispute is not None:
        first = (MediationStep.select(fn.MIN(MediationStep.held_on))
                 .where(MediationStep.dispute == dispute).scalar())
        if first is not None and accepted > first:
            problems["accepted_on"] = f"受理日期不能晚于第一次调解的日期 {first:%Y-%m-%d}。"
    source = data.get("source")
    if source not in SOURCE_CODES:
        problems["source"] = "请选择案件来源。"
    category = _category(data.get("category"), unit_id, dispute, problems)
    facts = collect(problems, "facts", lambda: clean_text(
        data.get("facts"), label=Dispute.label("facts"), required=True, limit=FACTS_MAX))
    amount = collect(problems, "amount", lambda: parse_amount(data.get("amount")))
    risk = data.get("risk_level") or "normal"
    if risk not in RISK_CODES:
        problems["risk_level"] = "请选择风险等级。"
    start_tier, start_reason = _start(data, risk, dispute, problems)
    registrar = collect(problems, "registrar", lambda: clean_name(
        data.get("registrar"), label=Dispute.label("registrar"), limit=NAME_MAX))
    on = accepted if isinstance(accepted, date) and accepted <= today else today
    try:
        cleaned = clean_parties(parties, unit_id, on, today, warnings)
    except ValidationError as exc:
        problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    with db.atomic():
        if dispute is None:
            dispute = Dispute(unit=unit_id, year=accepted.year,
                              serial=next_serial(unit_id, accepted.year))
        dispute.accepted_on, dispute.source, dispute.category = accepted, source, category
        dispute.facts, dispute.amount, dispute.risk_level = facts, amount, risk
        dispute.start_tier, dispute.start_reason, dispute.registrar = start_tier, start_reason, registrar
        dispute.save()
        DisputeParty.delete().where(DisputeParty.dispute == dispute).execute()
        DisputeParty.insert_many([{**party, "dispute": dispute, "position": n}
                                  for n, party in enumerate(cleaned)]).execute()
        from .ladder import refresh_status  # the ladder decides the status
        refresh_status(dispute)
    return SaveResult(dispute, warnings)


def _category(value: Any, unit_id: int, dispute: Dispute | None,
              problems: dict[str, str]) -> DisputeCategory | None:
    category_id = value.id if isinstance(value, DisputeCategory) else value
    category = DisputeCategory.get_or_none(DisputeCategory.id == category_id) if category_id else None
    if category is None or category.unit_id != unit_id:
        problems["category"] = "请选择纠纷类型。"
        return None
    if not category.active and (dispute is None or dispute.category_id != category.id):
        problems["category"] = f"纠纷类型“{category.name}”已停用，请选择现行列表中的类型。"
    return category


def _start(data: dict[str, Any], risk: str, dispute: Dispute | None,
           problems: dict[str, str]) -> tuple[int, str]:
    tier = int(data.get("start_tier") or 1)
    reason = collect(problems, "start_reason", lambda: clean_text(
        data.get("start_reason"), label=Dispute.label("start_reason"), limit=500)) or ""
    names = dict(TIERS)
    if tier not in names:
        problems["start_tier"] = "起始调解层级只能是1到4级。"
        return 1, reason
    if dispute is not None and tier != dispute.start_tier and dispute.steps.exists():
        problems["start_tier"] = "已经有调解记录，起始层级不能再改。"
    highest = HIGHEST_START.get(risk, 1)
    if tier > highest:
        level = dict(RISK_LEVELS).get(risk, risk)
        problems["start_tier"] = (f"风险等级为“{level}”的纠纷应从“{names[highest]}”或更低一级开始调解；"
                                  "直接交“司法权威调”只适用于重大纠纷。请调整风险等级或起始层级。")
    elif tier > 1 and not reason:
        problems["start_reason"] = f"直接从“{names[tier]}”开始调解，请写明越级的原因。"
    return tier, reason if tier > 1 else ""


def withdraw_dispute(dispute: Dispute, on: date, reason: str, today: date | None = None) -> Dispute:
    """当事人撤回: the case ends without a result; its steps stay on record."""
    today = today or date.today()
    ensure_writable(dispute.unit_id)
    if dispute.status not in ("open", "transferred"):
        raise ValidationError(f"本件已经“{dispute.choice_label('status', dispute.status)}”，不能再撤回。")
    reason = clean_text(reason, label="撤回原因", required=True, limit=500)
    last = (MediationStep.select(fn.MAX(MediationStep.held_on))
            .where(MediationStep.dispute == dispute).scalar())
    if not isinstance(on, date):
        raise ValidationError("请填写撤回日期。")
    if on > today or on < (last or dispute.accepted_on):
        raise ValidationError(f"撤回日期应在{(last or dispute.accepted_on):%Y-%m-%d}到今天之间。")
    with db.atomic():
        dispute.status, dispute.closed_on, dispute.close_note = "withdrawn", on, reason
        dispute.save()
    return dispute


def undo_withdraw(dispute: Dispute) -> Dispute:
    """A withdrawal recorded by mistake: the case goes back to where its steps left it."""
    ensure_writable(dispute.unit_id)
    if dispute.status != "withdrawn":
        raise ValidationError("本件没有撤回。")
    from .ladder import refresh_status
    with db.atomic():
        dispute.status, dispute.close_note = "open", ""
        refresh_status(dispute)
    return dispute


def _party_guard(resident: Resident) -> str | None:
    count = DisputeParty.select().where(DisputeParty.resident == resident).count()
    return f"是{count}件矛盾纠纷的当事人" if count else None


DELETE_GUARDS.append(_party_guard)

__all__ = ["DisputeDraft", "case_number", "check_party", "clean_parties", "find_by_number", "new_dispute_draft",
           "next_serial", "parse_amount", "party_from_resident", "party_side", "save_dispute",
           "undo_withdraw", "withdraw_dispute"]
