"""接入码: the secret a village and its township share (DESIGN §2).

Sixteen letters and digits in four groups (`K7QM-3XWA-9TPR-CE4H`, 80 bits), from an alphabet
without the look-alikes 0/O, 1/I/L, so a clerk can read it off paper and type it in. Spaces,
dashes, lower case and full-width characters are forgiven when it is typed."""
from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 16


def new_access_code() -> str:
    return format_access_code("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def format_access_code(bare: str) -> str:
    return "-".join(bare[i:i + 4] for i in range(0, len(bare), 4))


def normalize_access_code(text: str) -> str:
    """The code as typed → its canonical form; raises ValueError with a Chinese message."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKC", text or "").upper()
                   if not ch.isspace() and ch not in "-－—_")
    if not bare:
        raise ValueError("请填写镇里给的接入码（16位，形如 K7QM-3XWA-9TPR-CE4H）。")
    wrong = sorted({ch for ch in bare if ch not in ALPHABET})
    if wrong or len(bare) != LENGTH:
        hint = f"其中“{''.join(wrong)}”不会出现在接入码里（没有 0、O、1、I、L）。" if wrong else \
            f"现在是 {len(bare)} 位。"
        raise ValueError(f"接入码应为16位字母和数字，形如 K7QM-3XWA-9TPR-CE4H；{hint}请对照镇里给的接入码重新填写。")
    return format_access_code(bare)
