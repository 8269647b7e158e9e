"""The 恢复码: printed once when the first 管理员 is made, kept in the office's cabinet.

It is the last 管理员's way back (it resets that account's password) and it opens the encrypted
copies on a USB stick (``备份到U盘``). The PC keeps only what checks a typed code (a scrypt hash)
and the key it wraps backups with (scrypt under its own salt), never the code itself."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata

from .access_codes import ALPHABET, format_access_code
from .models import LocalValue

LENGTH = 20
KEY = "recovery_code"
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


def new_recovery_code() -> str:
    return format_access_code("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalize_recovery_code(text: str) -> str:
    """As typed → canonical; raises ValueError with a Chinese message."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKC", text or "").upper()
                   if not ch.isspace() and ch not in "-－—_")
    if len(bare) != LENGTH or any(ch not in ALPHABET for ch in bare):
        raise ValueError("恢复码应为20位字母和数字（5组，每组4位），照《恢复码单》上的抄写；"
                         "恢复码里没有 0、O、1、I、L。")
    return format_access_code(bare)


def _derive(code: str, salt: bytes) -> bytes:
    return hashlib.scrypt(code.encode("ascii"), salt=salt, **_SCRYPT)


def recovery_kek(code: str, salt: bytes) -> bytes:
    """The key-encryption key a backup's data key is wrapped with, from a typed code."""
    return _derive(normalize_recovery_code(code), b"backup-wrap" + salt)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def store_recovery_code(code: str) -> None:
    """Keep what checks the code and the backup wrap key (the code itself is not kept)."""
    code = normalize_recovery_code(code)
    check_salt, wrap_salt = secrets.token_bytes(16), secrets.token_bytes(16)
    value = json.dumps({"check_salt": _b64(check_salt), "check": _b64(_derive(code, check_salt)),
                        "wrap_salt": _b64(wrap_salt), "wrap": _b64(recovery_kek(code, wrap_salt))})
    row = LocalValue.get_or_none(LocalValue.key == KEY)
    if row is None:
        LocalValue.create(key=KEY, value=value)
    else:
        row.value = value
        row.save()


def _stored() -> dict | None:
    row = LocalValue.get_or_none(LocalValue.key == KEY)
    return json.loads(row.value) if row else None


def has_recovery_code() -> bool:
    return _stored() is not None


def recovery_code_matches(text: str) -> bool:
    stored = _stored()
    if stored is None:
        return False
    try:
        code = normalize_recovery_code(text)
    except ValueError:
        return False
    typed = _derive(code, base64.b64decode(stored["check_salt"]))
    return hmac.compare_digest(typed, base64.b64decode(stored["check"]))


def recovery_wrap_key() -> tuple[bytes, bytes] | None:
    """(salt, key-encryption key) for wrapping a backup's data key; None before setup."""
    stored = _stored()
    if stored is None:
        return None
    return base64.b64decode(stored["wrap_salt"]), base64.b64decode(stored["wrap"])
