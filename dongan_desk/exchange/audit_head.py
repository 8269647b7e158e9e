"""The head of a village's audit trail, carried sealed on the 说明 page of every 报送包 and kept
by the township (DESIGN §2): one offline PC has no other witness, so a trail rewritten after a
报送 — rows edited and the chain re-hashed from there, or its last rows cut — is caught at the
next 报送 when the chain no longer starts with what the township saw.

The package carries the trail's row count and last hash, and the hash at the count of each of
the village's last exports (``CHECKPOINTS``), so the township finds the count it kept among them
even when a package in between never reached it."""
from __future__ import annotations

import json

from ..store import audit
from ..store.models import LocalValue, Unit

CHECKPOINTS = 12
_SENT_KEY = "audit_counts_at_export"   # village: the trail's length at each export
_KEPT_KEY = "audit_head:"              # township: + the village's uid → the last head seen


def _get(key: str):
    row = LocalValue.get_or_none(LocalValue.key == key)
    return json.loads(row.value) if row else None


def _set(key: str, value) -> None:
    text = json.dumps(value)
    row = LocalValue.get_or_none(LocalValue.key == key)
    if row is None:
        LocalValue.create(key=key, value=text)
    else:
        row.value = text
        row.save()


def head_for_package() -> str:
    """What the 说明 page says of this PC's trail (JSON text)."""
    count, last = audit.chain_head()
    sent = _get(_SENT_KEY) or []
    return json.dumps({"count": count, "hash": last,
                       "checkpoints": [[c, audit.hash_at(c)] for c in sent[-CHECKPOINTS:]]},
                      separators=(",", ":"))


def note_exported(text: str) -> None:
    """After an export: the trail's length then is a checkpoint of the packages to come."""
    count = json.loads(text)["count"]
    sent = [c for c in (_get(_SENT_KEY) or []) if c != count] + [count]
    _set(_SENT_KEY, sent[-CHECKPOINTS:])


def _parse(text) -> dict | None:
    try:
        head = json.loads(text) if text else None
        return head if isinstance(head, dict) and isinstance(head.get("count"), int) else None
    except ValueError:
        return None


def check(unit: Unit, text) -> list[str]:
    """Township, before an import: what the clerk should know of the village's trail (nothing
    when it goes on from what was seen last, or when there is nothing to compare with)."""
    head, kept = _parse(text), _get(_KEPT_KEY + unit.uid)
    if head is None or not kept:
        return []
    if head["count"] < kept["count"]:
        return [f"{unit.name}的审计记录比上次报送时少了（上次 {kept['count']} 条，这次 {head['count']} 条）："
                "可能是村里从旧备份恢复了数据，也可能是有人删改了审计记录。请和村里核实。"]
    seen = dict((c, h) for c, h in head.get("checkpoints") or [])
    seen[head["count"]] = head["hash"]
    if kept["count"] not in seen:
        return []  # an older village program, or more exports than the package lists
    if seen[kept["count"]] != kept["hash"]:
        return [f"{unit.name}的审计记录在上次报送之后被改写过（前 {kept['count']} 条与上次报送时的不一致）："
                "请和村里核实，并请村里的管理员查看“设置 → 审计记录”。"]
    return []


def keep(unit: Unit, text) -> None:
    """Township, after an import: the head to compare the next package with."""
    head = _parse(text)
    if head is not None:
        _set(_KEPT_KEY + unit.uid, {"count": head["count"], "hash": head["hash"]})
