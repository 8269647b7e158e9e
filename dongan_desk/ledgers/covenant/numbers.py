"""Chinese numbers as clauses are numbered and cited: 第八条, 第二十一条, 第一百零五条."""
from __future__ import annotations

import unicodedata

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 110 → 一百一十 (up to 999)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text = _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return text + "零" + _DIGITS[ones]
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        text += _DIGITS[ones]
    return text


def parse_number(text: str) -> int | None:
    """"8", "８", "八", "二十一", "一百零五" → the number; None for anything else."""
    text = unicodedata.normalize("NFKC", text.strip())
    if text.isdigit():
        return int(text)
    text = text.replace("〇", "零").replace("两", "二")
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS.index(ch)
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            return None
    return total + current or None
