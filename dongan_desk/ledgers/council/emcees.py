"""支客士: the register of a village's masters of ceremonies, their training and certificates
(持证上岗, seed 五(一)6), the certificate status rule and its findings.

Writes check first and then save in one transaction, like the rest of the council's books."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ...store.database import db
from ...store.models import NAME_MAX, Unit
from .models import CeremonyFiling, Emcee, EmceeTraining
# The certificate rule is read here too: emcees.certificate_status, emcees.STATUS_LABELS.
from .certificates import (CERTIFICATE_STATUSES, DEFAULT_WARN_DAYS, STATUS_LABELS,
                           certificate_status)
from .queries import missing_certificates
from ...errors import ValidationError
from ...validation import (SaveResult, checked_phone, clean_text, collect, not_future, person_or_name,
                          raise_problems, required_date)
from ...units import ensure_writable, get_setting
from ...finding import Finding

WARN_DAYS_KEY = "council.certificate_warn_days"
def certificate_valid_on(emcee: Emcee, day: date) -> bool:
    return bool(emcee.certificate_no and emcee.certificate_issued_on
                and emcee.certificate_expires_on
                and emcee.certificate_issued_on <= day <= emcee.certificate_expires_on)


def warn_days(unit: Unit | int) -> int:
    return int(get_setting(unit if isinstance(unit, Unit) else Unit.get_by_id(unit),
                           WARN_DAYS_KEY, DEFAULT_WARN_DAYS))


def next_certificate_no(unit: Unit, year: int) -> str:
    """A suggestion: ``{简称}支客证{year}{NNN}``, one more than the highest of that year."""
    prefix = f"{unit.short_name}支客证{year}"
    taken = [e.certificate_no[len(prefix):] for e in
             Emcee.select(Emcee.certificate_no).where(Emcee.unit == unit,
                                                      Emcee.certificate_no.startswith(prefix))]
    numbers = [int(t) for t in taken if t.isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def save_emcee(unit: Unit, data: dict[str, Any], emcee: Emcee | None = None) -> SaveResult:
    unit_id = emcee.unit_id if emcee else unit.id
    problems: dict[str, str] = {}
    warnings: list[str] = []
    resident, name = person_or_name(unit_id, data, Emcee, problems)
    gender = resident.gender if resident else (data.get("gender") or "")
    if gender not in ("", "男", "女"):
        problems["gender"] = "性别只能是男或女。"
    phone = checked_phone(data, problems, warnings)
    number = collect(problems, "certificate_no", lambda: clean_text(
        data.get("certificate_no"), label=Emcee.label("certificate_no"), limit=40))
    issued, expires = data.get("certificate_issued_on"), data.get("certificate_expires_on")
    if number and (issued is None or expires is None):
        problems["certificate_issued_on"] = "填写了证书编号，请同时填写发证日期和有效期至。"
    elif (issued or expires) and not number:
        problems["certificate_no"] = "填写了发证日期或有效期，请同时填写证书编号。"
    elif issued and expires and expires <= issued:
        problems["certificate_expires_on"] = "有效期至应晚于发证日期，请核对。"
    if number:
        clash = Emcee.select().where(Emcee.unit == unit_id, Emcee.certificate_no == number)
        if emcee is not None:
            clash = clash.where(Emcee.id != emcee.id)
        if clash.exists():
            problems["certificate_no"] = f"证书编号{number}已经发给了{clash.get().name}，每本证书的编号不能重复。"
    issued_by = collect(problems, "issued_by", lambda: clean_text(
        data.get("issued_by"), label=Emcee.label("issued_by"), limit=NAME_MAX))
    note = collect(problems, "note", lambda: clean_text(data.get("note"), label=Emcee.label("note")))
    raise_problems(problems)
    ensure_writable(unit_id)
    with db.atomic():
        emcee = emcee or Emcee(unit=unit_id)
        emcee.resident, emcee.name, emcee.gender, emcee.phone = resident, name, gender, phone
        emcee.certificate_no, emcee.certificate_issued_on = number, issued
        emcee.certificate_expires_on, emcee.issued_by = expires, issued_by
        emcee.active, emcee.note = bool(data.get("active", True)), note
        emcee.save()
    if number and not emcee.trainings.exists():
        warnings.append(f"{name}还没有培训记录：按规定先培训、后发证，请补登培训情况。")
    return SaveResult(emcee, warnings)


def delete_emcee(emcee: Emcee) -> None:
    ensure_writable(emcee.unit_id)
    used = CeremonyFiling.select().where(CeremonyFiling.emcee == emcee).count()
    if used:
        raise ValidationError(f"{emcee.name}已在{used}次红白事报备中担任支客士，记录要保留，不能删除；"
                              "不再从事的，请在编辑中取消“在册”。")
    emcee.delete_instance()


def save_training(emcee: Emcee, data: dict[str, Any], training: EmceeTraining | None = None,
                  today: date | None = None) -> SaveResult:
    today = today or date.today()
    problems: dict[str, str] = {}
    label = EmceeTraining.label
    trained = collect(problems, "trained_on", lambda: not_future(required_date(
        data.get("trained_on"), label("trained_on")), label("trained_on"), today))
    hours_text = str(data.get("hours") or "").strip()
    try:
        hours = float(hours_text)
        if not 0.5 <= hours <= 200:
            problems["hours"] = f"学时应在0.5到200之间，现在是{hours_text}。"
    except ValueError:
        problems["hours"] = f"学时要填数字（如 4 或 2.5），现在是“{hours_text}”。"
    content = collect(problems, "content", lambda: clean_text(
        data.get("content"), label=label("content"), required=True, limit=500))
    trainer = collect(problems, "trainer", lambda: clean_text(
        data.get("trainer"), label=label("trainer"), limit=NAME_MAX))
    raise_problems(problems)
    ensure_writable(emcee.unit_id)
    with db.atomic():
        training = training or EmceeTraining(emcee=emcee)
        training.trained_on, training.hours = trained, round(hours, 1)
        training.content, training.trainer = content, trainer
        training.save()
    return SaveResult(training)


def delete_training(training: EmceeTraining) -> None:
    ensure_writable(training.emcee.unit_id)
    training.delete_instance()


def certificate_findings(unit_ids: list[int] | None) -> list:
    """Active 支客士 whose certificate has expired, or who have none (持证上岗)."""
    today = date.today()
    found = []
    for emcee, unit_name, expired in missing_certificates(unit_ids, today):
        if expired:
            found.append(Finding("支客士证书已过期", unit_name,
                                 f"{unit_name}支客士{emcee.name}的上岗证{emcee.certificate_expires_on:%Y-%m-%d}已过期，"
                                 "须重新培训换证后才能上岗", f"emcee:{emcee.id}"))
        else:
            found.append(Finding("支客士未持证", unit_name,
                                 f"{unit_name}支客士{emcee.name}还没有上岗证，须培训合格持证上岗",
                                 f"emcee:{emcee.id}"))
    return found


def expiry_after_years(issued_on: date, years: int) -> date:
    """The customary validity: the day before the same date ``years`` later."""
    try:
        same = issued_on.replace(year=issued_on.year + years)
    except ValueError:  # 29 February: valid through 28 February
        same = date(issued_on.year + years, 3, 1)
    return same - timedelta(days=1)
