"""居民身份证号与联系电话：规范化、校验、脱敏。

Pure functions, no UI and no database. The rules follow GB 11643-1999 and FORMS.md §2.
Every refusal is an ``InvalidIdNumber`` whose message tells a village clerk, in Chinese, what is
wrong and what to do; phone numbers are never refused, only warned about, because villages use
landlines, relatives' numbers and other forms the program cannot foresee.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "InvalidIdNumber",
    "IdInfo",
    "PhoneCheck",
    "PhoneKind",
    "check_char",
    "check_phone",
    "mask_id_number",
    "normalize_id_number",
    "normalize_phone",
    "parse_id_number",
]

# GB 11643-1999: weights of the first 17 digits, and the check character for S mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# 省级行政区划代码 (GB/T 2260). 83 is used by 台湾居民居住证 (830000), whose numbers follow the
# same GB 11643 layout, so a clerk may meet it; 81/82 cover 港澳居民居住证.
_PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    }
)

# Characters that NFKC leaves alone but that a paste from a web page or a Word file may carry.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)

_DIGITS = frozenset("0123456789")


# ---------------------------------------------------------------------------------------------
# 身份证号
# ---------------------------------------------------------------------------------------------


class InvalidIdNumber(ValueError):
    """A 身份证号 that cannot be right. ``str(exc)`` is the Chinese message for the clerk.

    ``reason`` is a short code for programs and tests: empty, masked, chars, old15, length,
    area, year, date, future, check.
    """

    def __init__(self, message: str, *, reason: str, number: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.number = number  # the normalised text that was checked


@dataclass(frozen=True)
class IdInfo:
    """What a valid 身份证号 says about its holder."""

    number: str  # normalised, 18 characters, final X upper-case
    birth_date: date
    gender: str  # '男' or '女'
    area_code: str  # first 6 digits: the 行政区划代码 where the number was issued

    def age_on(self, on: date) -> int:
        """Age in full years (周岁) on ``on``, e.g. the date printed on a form.

        Someone born on 29 February turns a year older on 1 March in common years: on 28 February
        the birthday has not yet come, which is how 周岁 is counted by calendar date.
        """
        if on < self.birth_date:
            raise ValueError(
                f"日期 {on.isoformat()} 早于出生日期 {self.birth_date.isoformat()}，无法计算年龄"
            )
        # (month, day) comparison: Feb 29 sorts after Feb 28, so in a common year the birthday
        # counts as reached from 1 March.
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - int(before_birthday)

    @property
    def masked(self) -> str:
        """The number as lists show it: ``500229********123X``."""
        return mask_id_number(self.number)


def normalize_id_number(text: str) -> str:
    """Return ``text`` as the program stores a 身份证号.

    NFKC first, because Chinese input methods often type full-width digits (１２３) and a
    full-width ｘ; then every kind of whitespace (incl. the full-width space) and invisible
    zero-width characters go; x becomes X. Nothing is validated here.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).translate(_INVISIBLE)
    return "".join(text.split()).upper()


def check_char(first17: str) -> str:
    """The GB 11643 check character ('0'–'9' or 'X') for the first 17 digits."""
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise ValueError(f"需要17位数字来计算校验位，收到的是「{first17}」")
    total = sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def parse_id_number(text: str, today: date | None = None) -> IdInfo:
    """Check a typed 身份证号 and return what it says; raise ``InvalidIdNumber`` if it is wrong.

    ``today`` is the date a birth date may not be later than (default: the PC's date); tests
    and forms dated in the past pass it explicitly.

    The checks run from the most obvious mistake to the subtlest, so the clerk is told about the
    thing they can see first: missing digits before a wrong birth date before a wrong check
    character (a typo in the date also breaks the check character; the date message is the
    more useful one).
    """
    number = normalize_id_number(text)
    today = today or date.today()

    def fail(message: str, reason: str) -> InvalidIdNumber:
        return InvalidIdNumber(message, reason=reason, number=number)

    if not number:
        raise fail("身份证号为空，请填写18位身份证号", "empty")

    if "*" in number:
        # A masked number copied out of a list or an old printout.
        raise fail(
            "这是隐去了中间几位（带 * 号）的身份证号，请对照身份证填写完整的18位号码", "masked"
        )

    def bad_chars(bad: list[tuple[int, str]]) -> InvalidIdNumber:
        shown = "、".join(f"第{pos}位的「{ch}」" for pos, ch in bad[:3])
        more = f"等{len(bad)}处" if len(bad) > 3 else ""
        return fail(
            f"身份证号只能是数字，只有最后一位可以是字母 X；{shown}{more}不对，请核对后重新填写",
            "chars",
        )

    # Letters and signs first; an X is judged only once the length is known, because with a
    # digit too many or too few the X is usually right and the length is what is wrong.
    bad = [(pos, ch) for pos, ch in enumerate(number, start=1) if ch not in _DIGITS and ch != "X"]
    if bad:
        raise bad_chars(bad)

    if len(number) == 15 and number.isdigit():
        raise fail("这是旧的15位身份证号，请填写18位新号码（以本人现在的身份证为准）", "old15")

    if len(number) != 18:
        hint = "少填了" if len(number) < 18 else "多填了"
        raise fail(
            f"身份证号应为18位，现在填了{len(number)}位，可能{hint}{abs(18 - len(number))}位，"
            "请对照身份证核对",
            "length",
        )

    misplaced_x = [(pos, "X") for pos, ch in enumerate(number[:17], start=1) if ch == "X"]
    if misplaced_x:
        raise bad_chars(misplaced_x)

    if number[:2] not in _PROVINCE_CODES:
        raise fail(
            f"身份证号开头两位「{number[:2]}」不是有效的省级代码（重庆为50），请核对前6位",
            "area",
        )

    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if year < 1900:
        raise fail(
            f"身份证号中的出生年份{year}年早于1900年，不可能是对的，请核对第7–10位", "year"
        )
    try:
        birth = date(year, month, day)
    except ValueError:
        raise fail(
            f"身份证号中的出生日期{year}年{month}月{day}日不存在，请核对第7–14位", "date"
        ) from None
    if birth > today:
        raise fail(
            f"身份证号中的出生日期{birth.isoformat()}晚于今天（{today.isoformat()}），"
            "请核对第7–14位",
            "future",
        )

    expected = check_char(number[:17])
    if number[17] != expected:
        # Revealing the expected character helps when only the last one was misread (X vs 8),
        # but a wrong earlier digit gives the same symptom: tell the clerk to check all of it.
        raise fail(
            f"身份证号校验位（最后一位）应为 {expected}，现在是 {number[17]}，号码可能抄错了；"
            "请对照身份证逐位核对，不要只改最后一位",
            "check",
        )

    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth, gender=gender, area_code=number[:6])


def mask_id_number(number: str) -> str:
    """Hide the middle of a 身份证号 for lists: ``500229********123X``.

    Never raises: whatever is stored (a half-typed number, an old 15-digit one, rubbish) comes
    out with no more than its first 6 and last 4 characters visible, and short strings show
    at most a quarter of themselves at each end, so nothing useful leaks.
    """
    try:
        text = normalize_id_number(number if isinstance(number, str) else str(number or ""))
    except Exception:  # pragma: no cover - str() of an odd object failing; still never crash
        return ""
    n = len(text)
    if n >= 11:
        return text[:6] + "*" * (n - 10) + text[-4:]
    keep = n // 4  # 0 for 1–3 characters, 1 for 4–7, 2 for 8–10
    if keep == 0:
        return "*" * n
    return text[:keep] + "*" * (n - 2 * keep) + text[-keep:]


# ---------------------------------------------------------------------------------------------
# 联系电话
# ---------------------------------------------------------------------------------------------

PhoneKind = Literal["mobile", "landline", "empty", "unknown"]

_MOBILE = re.compile(r"1[3-9]\d{9}")
# 区号: 010 and 02x are the big cities (023 重庆) with 8-digit local numbers; every other area
# code is 0 + 3 digits with 7- or 8-digit numbers. Local numbers never start with 0 or 1.
_LANDLINE_BIG = re.compile(r"(010|02\d)([2-9]\d{6,7})")
_LANDLINE_OTHER = re.compile(r"(0[3-9]\d{2})([2-9]\d{6,7})")
_LOCAL_ONLY = re.compile(r"[2-9]\d{6,7}")
_STRIP = dict.fromkeys(map(ord, "-()—－–"), None)


@dataclass(frozen=True)
class PhoneCheck:
    """The outcome of looking at a typed phone number. Never a refusal: ``warning`` is shown,
    the clerk decides."""

    normalized: str  # the form to store and show: 13800000000 / 023-59221234 / cleaned text
    kind: PhoneKind
    warning: str | None = None


def _clean_phone(text: str) -> str:
    """NFKC, drop whitespace, dashes and parentheses, and the +86 / 0086 country prefix."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).translate(_INVISIBLE)
    text = "".join(text.split()).translate(_STRIP)
    for prefix in ("+86", "0086"):
        if text.startswith(prefix) and len(text) > len(prefix):
            rest = text[len(prefix):]
            # +86 23 5922 1234 is how a landline is written for callers abroad: the trunk 0
            # is dropped, so it comes back here.
            return rest if rest.startswith(("0", "1")) else "0" + rest
    if len(text) == 13 and text.startswith("86") and _MOBILE.fullmatch(text[2:]):
        return text[2:]  # "86 138…" without the plus sign
    return text


def check_phone(text: str) -> PhoneCheck:
    """Recognise a 手机号 or 座机号; warn (in Chinese) about anything else."""
    cleaned = _clean_phone(text)
    if not cleaned:
        return PhoneCheck("", "empty", None)
    if _MOBILE.fullmatch(cleaned):
        return PhoneCheck(cleaned, "mobile", None)
    for pattern in (_LANDLINE_BIG, _LANDLINE_OTHER):
        m = pattern.fullmatch(cleaned)
        if m:
            # Shown with the dash, as it is written on village notice boards and forms.
            return PhoneCheck(f"{m.group(1)}-{m.group(2)}", "landline", None)
    if _LOCAL_ONLY.fullmatch(cleaned):
        return PhoneCheck(
            cleaned,
            "landline",
            f"座机号「{cleaned}」没有区号，已按本地号码记下；"
            "建议加上区号，例如城口写成 023-" + cleaned,
        )
    return PhoneCheck(cleaned, "unknown", _phone_warning(cleaned))


def _phone_warning(cleaned: str) -> str:
    """Say what looks wrong with a number that is neither a mobile nor a landline."""
    tail = "请核对；如确实如此，仍可保存"
    if cleaned.isdigit():
        if cleaned.startswith("1"):
            if len(cleaned) != 11:
                return f"手机号应为11位，现在是{len(cleaned)}位（{cleaned}），{tail}"
            return f"手机号第二位应为3–9，「{cleaned}」不像有效的手机号，{tail}"
        if cleaned.startswith("0"):
            return f"「{cleaned}」不像座机号（应为 区号-7或8位号码，如 023-59221234），{tail}"
        return f"「{cleaned}」位数不对，不像手机号也不像座机号，{tail}"
    return (
        f"联系电话「{cleaned}」不像手机号（1开头11位）也不像座机号（如 023-59221234），{tail}"
    )


def normalize_phone(text: str) -> str:
    """The form of a phone number to store: ``13800000000``, ``023-59221234``, or, for anything
    unrecognised, the text without spaces, dashes, parentheses and country prefix.

    Same as ``check_phone(text).normalized``, so the stored form never depends on which was
    called.
    """
    return check_phone(text).normalized
