"""接入码 on both sides, and the seal they put on a package (DESIGN §2).

The seal is HMAC-SHA256, keyed with the village's 接入码, over the package's SHA-256 checksum,
which covers every data row and every field of the 说明 page. Anyone can recompute a SHA-256;
only someone who knows the 接入码 can make a seal that matches, so a package edited by hand (or
made up) is refused even when its checksum was recomputed.

The same 接入码 is the package's password (``protection``). When the township re-issues a
village's code, the old one is kept with the date it stopped (``former_access_codes``): packages
sealed and encrypted with it stay readable on the township, as DESIGN §2 asks, and a package the
village made with it after that date is told apart from a forged one. The former codes live in
``LocalValue`` (one row per unit, keyed by its uid), which never travels."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass

from .errors import PackageError
from ..store import audit
from ..store.access_codes import new_access_code, normalize_access_code
from ..store.database import db
from ..store.models import AccessCode, LocalValue, Unit
from ..store.models.base import now

FORMER_CODES_KEY = "former_access_codes:"  # + the unit's uid


@dataclass(frozen=True)
class FormerCode:
    code: str
    issued_at: dt.datetime | None
    retired_at: dt.datetime


class MissingAccessCode(PackageError):
    """The home unit has no 接入码 yet; ``str()`` tells the clerk where to get and type it."""


def access_code_of(unit: Unit) -> str | None:
    row = AccessCode.get_or_none(AccessCode.unit == unit)
    return row.code if row else None


def store_access_code(unit: Unit, code: str) -> str:
    """The unit's 接入码 from now on; a different code it had before is kept as a former one."""
    row = AccessCode.get_or_none(AccessCode.unit == unit)
    if row is not None and row.code == code:
        return code
    with db.atomic():
        if row is None:
            AccessCode.create(unit=unit, code=code, issued_at=now())
        else:
            _keep_former(unit, row.code, row.issued_at)
            row.code, row.issued_at = code, now()
            row.save()
        # the trail says that the code changed, never the code itself
        audit.record("settings", record_type="接入码", uid=unit.uid, name=unit.name,
                     detail="登记接入码" if row is None else "更换接入码（原接入码只用于读取旧报送包）")
    return code


def former_access_codes(unit: Unit) -> list[FormerCode]:
    """The codes the unit had before its current one, the newest first."""
    row = LocalValue.get_or_none(LocalValue.key == FORMER_CODES_KEY + unit.uid)
    entries = json.loads(row.value) if row else []
    return [FormerCode(e["code"], dt.datetime.fromisoformat(e["issued_at"]) if e.get("issued_at") else None,
                       dt.datetime.fromisoformat(e["retired_at"])) for e in entries]


def _keep_former(unit: Unit, code: str, issued_at: dt.datetime | None) -> None:
    kept = [f for f in former_access_codes(unit) if f.code != code]
    kept.insert(0, FormerCode(code, issued_at, now()))
    value = json.dumps([{"code": f.code, "issued_at": f.issued_at.isoformat() if f.issued_at else None,
                         "retired_at": f.retired_at.isoformat()} for f in kept])
    row = LocalValue.get_or_none(LocalValue.key == FORMER_CODES_KEY + unit.uid)
    if row is None:
        LocalValue.create(key=FORMER_CODES_KEY + unit.uid, value=value)
    else:
        row.value = value
        row.save()


def known_codes() -> list[tuple[Unit, list[str]]]:
    """Every unit this PC keeps a 接入码 for, with its codes: the current one, then the former
    ones (newest first). On the township: every listed village; on a village: itself."""
    rows = (AccessCode.select(AccessCode, Unit).join(Unit)
            .order_by(Unit.sort_order, Unit.id))
    return [(row.unit, [row.code] + [f.code for f in former_access_codes(row.unit)]) for row in rows]


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


def former_code_sealing(unit: Unit, checksum: str, given: str) -> FormerCode | None:
    """The unit's former code that made this seal, if one did."""
    return next((f for f in former_access_codes(unit) if seal_matches(f.code, checksum, given)), None)
