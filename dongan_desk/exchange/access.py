"""接入码 on both sides, and the seal they put on a package (DESIGN §2).

The seal is HMAC-SHA256, keyed with the village's 接入码, over the package's SHA-256 checksum,
which covers every data row and every field of the 说明 page. Anyone can recompute a SHA-256;
only someone who knows the 接入码 can make a seal that matches, so a package edited by hand (or
made up) is refused even when its checksum was recomputed."""
from __future__ import annotations

import hashlib
import hmac

from .errors import PackageError
from ..store.access_codes import new_access_code, normalize_access_code
from ..store.models import AccessCode, Unit
from ..store.models.base import now


class MissingAccessCode(PackageError):
    """The home unit has no 接入码 yet; ``str()`` tells the clerk where to get and type it."""


def access_code_of(unit: Unit) -> str | None:
    row = AccessCode.get_or_none(AccessCode.unit == unit)
    return row.code if row else None


def store_access_code(unit: Unit, code: str) -> str:
    row = AccessCode.get_or_none(AccessCode.unit == unit)
    if row is None:
        AccessCode.create(unit=unit, code=code, issued_at=now())
    else:
        row.code, row.issued_at = code, now()
        row.save()
    return code


def issue_access_code(unit: Unit) -> str:
    """Township: a new 接入码 for a listed village (the old one stops sealing new packages)."""
    return store_access_code(unit, new_access_code())


def set_home_access_code(home: Unit, typed: str) -> str:
    """Village: the 接入码 as the clerk types it in; raises ValueError (Chinese) when malformed."""
    return store_access_code(home, normalize_access_code(typed))


def home_key(home: Unit) -> str:
    code = access_code_of(home)
    if code is None:
        raise MissingAccessCode(
            "本机还没有填写接入码，报送包无法加封，镇里不会接收。请向镇里索取本村的接入码"
            "（镇本级电脑“镇级汇总”页的村名单里可以查看和打印），"
            "然后在“设置 → 本单位信息”中填写。")
    return code


def seal(code: str, checksum: str) -> str:
    key = normalize_access_code(code).replace("-", "").encode("ascii")
    return hmac.new(key, checksum.encode("ascii"), hashlib.sha256).hexdigest()


def seal_matches(code: str, checksum: str, given: str) -> bool:
    return hmac.compare_digest(seal(code, checksum), given or "")
