"""What every ledger checks in a clerk's input, as public functions: required text with limits
and names, whole numbers, dates required or not in the future, choices, phones, money, and a
person picked from the roster or typed. A check raises ``ValidationError`` with the message for
the clerk; a save gathers the problems of all its fields with ``collect`` and raises them at once
with ``raise_problems``, so the form can mark every field that needs fixing."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from .errors import ValidationError
from .idnumbers import check_phone
from .store.models import NAME_MAX, TEXT_MAX, Resident


@dataclass
class SaveResult:
    record: Any
    warnings: list[str] = field(default_factory=list)



def clean_text(value: Any, *, label: str, required: bool = False, limit: int = TEXT_MAX) -> str:
    """Trimmed text in NFC; rare characters (𠮷, 䶮) pass through unchanged."""
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    if required and not text:
        raise ValidationError(f"{label}不能为空，请填写。")
    if len(text) > limit:
        raise ValidationError(f"{label}太长了：最多{limit}个字，现在是{len(text)}个字，请精简。")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise ValidationError(f"{label}里有看不见的控制字符，请重新输入。")
    if any(_not_xml(ch) for ch in text):  # Excel (XML) cannot hold them: the 报送包 would break
        raise ValidationError(f"{label}里有无法保存的特殊字符（多半是从别处复制来的），请删掉后重新输入。")
    return text


# Line breaks of every kind (Unicode's too, and the tab a paste from Excel brings): a name is one
# line on every form, list and printed table.
_LINE_BREAKS = "\n\r\t\v\f\x85\u2028\u2029"


def clean_name(value: Any, *, label: str, required: bool = False, limit: int = NAME_MAX) -> str:
    """A name (a person's, a grid's, a unit's): :func:`clean_text` on one line. A line break
    inside is refused (one at the end of a paste is trimmed away)."""
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    if any(ch in _LINE_BREAKS for ch in text):
        raise ValidationError(f"{label}里不能有换行：请在一行里写完（如“张三”）；"
                              "几个人请分开登记，不要写在一格里。")
    return clean_text(text, label=label, required=required, limit=limit)


def _not_xml(ch: str) -> bool:
    """Characters XML 1.0 cannot carry besides the control characters: lone surrogates and
    the noncharacters U+FFFE/U+FFFF."""
    return ch in "\ufffe\uffff" or unicodedata.category(ch) == "Cs"



def collect(problems: dict[str, str], name: str, check: Callable[[], Any]) -> Any:
    try:
        return check()
    except ValidationError as exc:
        problems[name] = exc.message
        return None



def raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)



def whole_number(value: Any, label: str, low: int, high: int) -> int:
    text = str(value if value is not None else "").strip()
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(f"{label}要填整数，现在是“{text}”。") from None
    if not low <= number <= high:
        raise ValidationError(f"{label}应在{low}到{high}之间，现在是{number}，请核对。")
    return number



def required_date(value: date | None, label: str) -> date:
    if value is None:
        raise ValidationError(f"请填写{label}。")
    return value



def not_future(value: date | None, label: str, today: date) -> date | None:
    if value is not None and value > today:
        raise ValidationError(f"{label}不能晚于今天（{today:%Y-%m-%d}）。")
    return value



def is_choice(model, field: str, value: Any) -> bool:
    """peewee does not enforce ``choices``: the domain does."""
    return value in dict(model._meta.fields[field].choices)



PHONE_EXAMPLE = "11位手机号（如 13812345678）或带区号的座机号（如 023-59221234）；不知道就空着"
# What may follow a number: an extension (023-59221234转801, …-801 is just digits).
_PHONE_EXTENSION = re.compile(r"(转|分机|ext\.?|#)\d{1,6}$", re.IGNORECASE)
_PHONE_SEPARATORS = "/／,，、;；或和"
_PHONE_PUNCTUATION = dict.fromkeys(map(ord, "-()（）—－–+.·"), None)
PHONE_MIN_DIGITS = 5  # 12345 (the hotline) is the shortest number anyone may have written down


def phone_problem(text: Any) -> str | None:
    """Why a typed phone cannot be a phone number at all (letters, two numbers in one field,
    a handful of digits), with what to type; None when it may be one. A number that is only
    odd (``12345``, a mobile one digit short) is not refused here: ``check_phone`` warns."""
    raw = str(text or "").strip()
    cleaned = "".join(unicodedata.normalize("NFKC", raw).split())
    if not cleaned:
        return None
    core = _PHONE_EXTENSION.sub("", cleaned).translate(_PHONE_PUNCTUATION)
    if not (core.isascii() and core.isdigit()):
        if any(sep in core for sep in _PHONE_SEPARATORS) and sum(c.isdigit() for c in core) >= 10:
            return f"联系电话只能填一个号码（现在是“{raw}”）：请只留一个，另一个可以写在备注里。"
        return f"联系电话“{raw}”不是电话号码：请填写{PHONE_EXAMPLE}。"
    if len(core) < PHONE_MIN_DIGITS:
        return f"联系电话“{raw}”只有{len(core)}位数字，不是电话号码：请填写{PHONE_EXAMPLE}。"
    if len(core) > 20:
        return f"联系电话“{raw}”太长了（{len(core)}位数字），请只填一个号码：{PHONE_EXAMPLE}。"
    return None


def checked_phone(data: dict[str, Any], problems: dict[str, str], warnings: list[str],
                  key: str = "phone") -> str:
    """The phone to store. Refused (in ``problems[key]``) when it cannot be a number at all;
    a number that only looks odd is kept with a warning, the clerk decides."""
    raw = str(data.get(key) or "")
    problem = phone_problem(raw)
    if problem:
        problems[key] = problem
        return raw.strip()
    phone = check_phone(raw)
    if phone.warning:
        warnings.append(phone.warning)
    if len(phone.normalized) > 30:
        problems[key] = "联系电话太长了，请只填一个号码。"
    return phone.normalized



def person_or_name(unit_id: int, data: dict[str, Any], model, problems: dict[str, str]):
    """(resident or None, name): a resident of the unit, or a name typed for someone else."""
    resident = data.get("resident")
    if isinstance(resident, int):
        resident = Resident.get_or_none(Resident.id == resident)
    if resident is not None:
        if resident.unit_id != unit_id:
            problems["resident"] = f"{resident.name}不是本村（社区）的人员，请改为直接填写姓名。"
            return None, None
        return resident, resident.name
    name = collect(problems, "name", lambda: clean_name(
        data.get("name"), label=model.label("name"), required=True, limit=NAME_MAX))
    return None, name



AMOUNT_MAX = Decimal("99999999999.99")



def parse_amount(value: Any, label: str = "涉及金额") -> Decimal:
    """Money in 元 as typed by a clerk: ``1,200.5``, ``１２００元``, blank = 0."""
    if isinstance(value, Decimal):
        amount = value
    else:
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        text = text.replace(",", "").replace("元", "").replace(" ", "")
        if not text:
            return Decimal("0.00")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{label}“{value}”不是金额，请只填数字，如 1200 或 1200.50。")
    if not amount.is_finite() or amount < 0:
        raise ValidationError(f"{label}不能是负数，请填写0或正数（单位：元）。")
    if amount > AMOUNT_MAX:
        raise ValidationError(f"{label}太大了，请核对（单位：元）。")
    return amount.quantize(Decimal("0.01"))
