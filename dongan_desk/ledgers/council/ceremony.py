"""红白事报备: the village's limits (the numbers its 村规民约 sets, kept as a unit setting), the
check of a filing against them, and saving a filing and its on-site supervision.

The clerk records what is; the program shows what breaks the rules. A filing that breaks a limit
is saved with the limits it breaks (``breaches``) and a note that says why it was taken anyway.
What makes no sense (end before start, -3 tables, a host from another village) is refused.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any

from ...store.database import db
from ...store.models import NAME_MAX, Household, Unit
from .models import CeremonyFiling, Emcee
from .emcees import WARN_DAYS_KEY, certificate_valid_on
from .queries import head_of
from ...errors import ValidationError
from ...idnumbers import check_phone
from ...validation import SaveResult, clean_name, clean_text, collect, is_choice
from ...units import ensure_writable, get_setting, set_setting

LIMITS_KEY = "council.ceremony_limits"
KIND_LABELS = dict(CeremonyFiling._meta.fields["kind"].choices)
# Beyond these a number is a typing mistake, not a big feast (refused, not marked).
MOST_TABLES, MOST_GUESTS, MOST_DAYS = 300, 5000, 15
# More than this many guests a table is a typing mistake too.
MOST_GUESTS_PER_TABLE = 20
LONG_TEXT = 2000


@dataclass(frozen=True)
class Limits:
    """A village's limits. 0 means "no limit" for the numbers."""

    max_tables: int = 20
    max_guests: int = 200
    max_days_wedding: int = 2
    max_days_funeral: int = 3
    max_days_other: int = 1
    wedding_notice_days: int = 7
    other_notice_days: int = 3
    funeral_report_days: int = 1
    banned_kinds: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class LimitField:
    name: str
    label: str
    unit_word: str
    high: int
    hint: str = ""


LIMIT_FIELDS = (
    LimitField("max_tables", "每场最多桌数", "桌", MOST_TABLES, "填0表示不限"),
    LimitField("max_guests", "每场最多人数", "人", MOST_GUESTS, "填0表示不限"),
    LimitField("max_days_wedding", "婚事最多办理天数", "天", MOST_DAYS, "含正酒当天；填0表示不限"),
    LimitField("max_days_funeral", "丧事最多办理天数", "天", MOST_DAYS, "从开始到出殡；填0表示不限"),
    LimitField("max_days_other", "其他宴席最多办理天数", "天", MOST_DAYS, "满月、升学、寿宴、乔迁等"),
    LimitField("wedding_notice_days", "婚事须提前报备天数", "天", 90, "至少在开始前这么多天报备"),
    LimitField("other_notice_days", "其他宴席须提前报备天数", "天", 90, "丧事除外"),
    LimitField("funeral_report_days", "丧事须在开始后几天内报备", "天", 30, "丧事无法提前，当天报备填0"),
)


def get_limits(unit: Unit) -> Limits:
    """The unit's limits; any value never set (or from an older version) is the default."""
    stored = get_setting(unit, LIMITS_KEY, {}) or {}
    known = {f.name for f in fields(Limits)}
    values = {k: v for k, v in stored.items() if k in known}
    if "banned_kinds" in values:
        values["banned_kinds"] = tuple(k for k in values["banned_kinds"] if k in KIND_LABELS)
    return replace(Limits(), **values)


def save_limits(unit: Unit, data: dict[str, Any]) -> Limits:
    """Check and store the limits typed in the tab (numbers as text or int), and with them, when
    given, ``certificate_warn_days`` (how early a certificate shows as 即将到期)."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    warn_days = None
    if "certificate_warn_days" in data:
        text = str(data["certificate_warn_days"]).strip()
        if not text.isdigit() or int(text) > 365:
            problems["certificate_warn_days"] = f"上岗证到期前提醒天数要填0到365之间的整数，现在是“{text}”。"
        else:
            warn_days = int(text)
    for spec in LIMIT_FIELDS:
        text = str(data.get(spec.name, "")).strip()
        if not text.isdigit() or int(text) > spec.high:
            problems[spec.name] = f"{spec.label}要填0到{spec.high}之间的整数，现在是“{text}”。"
        else:
            values[spec.name] = int(text)
    banned = tuple(data.get("banned_kinds") or ())
    if any(kind not in KIND_LABELS for kind in banned):
        problems["banned_kinds"] = "不准办理的宴席类别不认识，请重新勾选。"
    elif {"wedding", "funeral"} & set(banned):
        problems["banned_kinds"] = "婚事和丧事不能设为不准办理，只能限定规模。"
    if problems:
        raise ValidationError(problems)
    limits = Limits(**values, banned_kinds=banned)
    stored = asdict(limits)
    stored["banned_kinds"] = list(banned)
    with db.atomic():
        set_setting(unit, LIMITS_KEY, stored)
        if warn_days is not None:
            set_setting(unit, WARN_DAYS_KEY, warn_days)
    return limits


def max_days_for(kind: str, limits: Limits) -> int:
    return {"wedding": limits.max_days_wedding,
            "funeral": limits.max_days_funeral}.get(kind, limits.max_days_other)


def limit_lines(limits: Limits) -> list[str]:
    """The limits as the sentences printed on the 提醒单 and shown in the tab."""
    lines = []
    if limits.max_tables:
        lines.append(f"每场宴席不超过{limits.max_tables}桌")
    if limits.max_guests:
        lines.append(f"每场宴席不超过{limits.max_guests}人")
    for kind, days in (("wedding", limits.max_days_wedding), ("funeral", limits.max_days_funeral)):
        if days:
            lines.append(f"{KIND_LABELS[kind]}办理不超过{days}天")
    if limits.max_days_other:
        lines.append(f"满月、升学、寿宴、乔迁等其他宴席不超过{limits.max_days_other}天")
    lines.append(f"婚事至少提前{limits.wedding_notice_days}天向红白理事会报备")
    lines.append(f"其他宴席至少提前{limits.other_notice_days}天报备")
    lines.append(f"丧事在开始后{limits.funeral_report_days}天内报备" if limits.funeral_report_days
                 else "丧事在开始当天报备")
    if limits.banned_kinds:
        names = "、".join(KIND_LABELS[k] for k in limits.banned_kinds)
        lines.append(f"不操办{names}宴席")
    return lines


def check_limits(kind: str, start_on: date, end_on: date, tables: int, guests: int,
                 filed_on: date, limits: Limits) -> list[str]:
    """Which limits this event breaks, each as one short sentence ([] when none)."""
    label = KIND_LABELS.get(kind, "宴席")
    broken = []
    if kind in limits.banned_kinds:
        broken.append(f"本村不操办{label}宴席")
    if limits.max_tables and tables > limits.max_tables:
        broken.append(f"桌数{tables}桌，超过限额{limits.max_tables}桌")
    if limits.max_guests and guests > limits.max_guests:
        broken.append(f"人数{guests}人，超过限额{limits.max_guests}人")
    days, most = (end_on - start_on).days + 1, max_days_for(kind, limits)
    if most and days > most:
        broken.append(f"办理{days}天，超过{label}限额{most}天")
    if kind == "funeral":
        late = (filed_on - start_on).days
        if late > limits.funeral_report_days:
            broken.append(f"丧事开始后第{late}天才报备，应在{limits.funeral_report_days}天内报备")
    else:
        notice = limits.wedding_notice_days if kind == "wedding" else limits.other_notice_days
        ahead = (start_on - filed_on).days
        if ahead < notice:
            said = f"提前{ahead}天" if ahead >= 0 else f"开始后{-ahead}天"
            broken.append(f"{label}应至少提前{notice}天报备，实际{said}报备")
    return broken


@dataclass
class FilingCheck:
    values: dict[str, Any]
    breaches: list[str]
    warnings: list[str]


def _number(value: Any, label: str, most: int) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError(f"请填写{label}。")
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(f"{label}要填整数，现在是“{text}”。") from None
    if number < 0:
        raise ValidationError(f"{label}不能是负数（现在是{number}），请核对。")
    if number > most:
        raise ValidationError(f"{label}{number}太多了，超过{most}，不像是一场农村宴席，请核对是否多打了数字。")
    return number


def check_filing(unit: Unit, data: dict[str, Any], today: date | None = None) -> FilingCheck:
    """Clean a filing's input. Raises ValidationError for what cannot be saved; returns the
    limits it breaks and the warnings (e.g. the 支客士's certificate) for what can."""
    today = today or date.today()
    problems: dict[str, str] = {}
    warnings: list[str] = []
    label = CeremonyFiling.label
    kind = data.get("kind")
    if kind not in KIND_LABELS:
        problems["kind"] = "请从下拉框选择红白事的类别。"
    household: Household | None = data.get("household")
    if household is None:
        problems["household"] = "请选择主家（本村的哪一户），可按户主姓名或住址查找。"
    elif household.unit_id != unit.id:
        problems["household"] = (f"这一户不是{unit.name}的（属于{household.unit.name}），"
                                 "只能登记本村（社区）的户办理的红白事。")
    host = data.get("host_name")
    if not str(host or "").strip() and household is not None and "household" not in problems:
        head = head_of(household)
        host = head.name if head else ""
    host = collect(problems, "host_name", lambda: clean_name(
        host, label=label("host_name"), required=True, limit=NAME_MAX))
    phone = check_phone(str(data.get("host_phone") or ""))
    if phone.warning:
        warnings.append(phone.warning)
    texts = {key: collect(problems, key, lambda key=key, limit=limit: clean_text(
        data.get(key), label=label(key), limit=limit))
        for key, limit in (("subject", 100), ("place", 100), ("received_by", NAME_MAX),
                           ("breach_note", LONG_TEXT), ("note", LONG_TEXT))}
    start, end = data.get("start_on"), data.get("end_on") or data.get("start_on")
    filed = data.get("filed_on") or today
    if start is None:
        problems["start_on"] = "请填写开始日期。"
    elif end < start:
        problems["end_on"] = f"结束日期（{end:%Y-%m-%d}）早于开始日期（{start:%Y-%m-%d}），请核对。"
    elif (end - start).days + 1 > MOST_DAYS:
        problems["end_on"] = f"从开始到结束超过{MOST_DAYS}天，不像一场红白事，请核对日期。"
    if filed > today:
        problems["filed_on"] = f"报备日期不能晚于今天（{today:%Y-%m-%d}）。"
    tables = collect(problems, "tables", lambda: _number(data.get("tables"), label("tables"), MOST_TABLES))
    guests = collect(problems, "guests", lambda: _number(data.get("guests"), label("guests"), MOST_GUESTS))
    if tables is not None and guests is not None and guests > max(tables, 1) * MOST_GUESTS_PER_TABLE:
        problems["guests"] = (f"{guests}人坐{tables}桌，平均每桌超过{MOST_GUESTS_PER_TABLE}人，"
                              "请核对桌数和人数。")
    emcee: Emcee | None = data.get("emcee")
    if emcee is not None and emcee.unit_id != unit.id:
        problems["emcee"] = f"支客士{emcee.name}不是本村（社区）登记的支客士，请重新选择。"
    if problems:
        raise ValidationError(problems)
    if emcee is not None:
        bad_days = [d for d in dict.fromkeys((start, end)) if not certificate_valid_on(emcee, d)]
        if bad_days:
            warnings.append(f"支客士{emcee.name}在{bad_days[0]:%Y-%m-%d}没有有效的上岗证"
                            "（未发证或已过期）：支客士须持证上岗，请改派持证的支客士或督促其换证。")
        if not emcee.active:
            warnings.append(f"{emcee.name}已不在册，请核对是否仍由其担任支客士。")
    breaches = check_limits(kind, start, end, tables, guests, filed, get_limits(unit))
    values = dict(kind=kind, household=household, host_name=host, host_phone=phone.normalized,
                  start_on=start, end_on=end, filed_on=filed, tables=tables, guests=guests,
                  emcee=emcee, breaches="；".join(breaches), **texts)
    return FilingCheck(values, breaches, warnings)


def save_filing(unit: Unit, data: dict[str, Any], filing: CeremonyFiling | None = None,
                today: date | None = None) -> SaveResult:
    """Create or edit a filing. One that breaks a limit needs a 超限说明 to be saved."""
    if filing is not None:
        unit = filing.unit
    ensure_writable(unit)
    checked = check_filing(unit, data, today)
    if checked.breaches and not checked.values["breach_note"]:
        raise ValidationError({"breach_note": "这次报备超出了本村的限额：" + "；".join(checked.breaches)
                               + "。如确需按实际情况登记，请在“超限说明”中写明原因或劝导情况后再保存。"})
    with db.atomic():
        filing = filing or CeremonyFiling(unit=unit)
        for key, value in checked.values.items():
            setattr(filing, key, value)
        filing.save()
    return SaveResult(filing, checked.warnings)


def record_supervision(filing: CeremonyFiling, data: dict[str, Any],
                       today: date | None = None) -> SaveResult:
    """On-site supervision: who went, what they saw, and 合规 or 存在问题 (with what)."""
    today = today or date.today()
    problems: dict[str, str] = {}
    label = CeremonyFiling.label
    outcome = data.get("outcome") or ""
    if not is_choice(CeremonyFiling, "outcome", outcome):
        problems["outcome"] = "请从下拉框选择监督结果。"
    supervisor = collect(problems, "supervisor", lambda: clean_text(
        data.get("supervisor"), label=label("supervisor"), limit=NAME_MAX))
    notes = collect(problems, "supervision", lambda: clean_text(
        data.get("supervision"), label=label("supervision"), limit=LONG_TEXT))
    problem = collect(problems, "problem", lambda: clean_text(
        data.get("problem"), label=label("problem"), limit=LONG_TEXT))
    if outcome and filing.start_on > today:
        problems["outcome"] = f"这场{filing.choice_label('kind', filing.kind)}{filing.start_on:%Y-%m-%d}才开始，还不能填写监督结果。"
    if outcome == "problem" and not problem:
        problems["problem"] = "监督结果为“存在问题”，请写明存在什么问题。"
    if outcome and not supervisor:
        problems["supervisor"] = "请填写现场监督人。"
    if problems:
        raise ValidationError(problems)
    ensure_writable(filing.unit_id)
    with db.atomic():
        filing.outcome, filing.supervisor, filing.supervision = outcome, supervisor, notes
        filing.problem = problem if outcome == "problem" else ""
        filing.save()
    return SaveResult(filing)


def delete_filing(filing: CeremonyFiling) -> None:
    ensure_writable(filing.unit_id)
    filing.delete_instance()


def filing_breaches(filing: CeremonyFiling) -> list[str]:
    return [b for b in filing.breaches.split("；") if b]
