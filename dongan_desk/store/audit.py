"""The audit trail: one row for every save, delete, import, export, backup, restore, print,
login and account change, who did it and, for changes, what each field was and became.

The rows form a hash chain: each row's hash is SHA-256 over the previous row's hash and its own
content, so removing or editing a row (with a tool outside the program, since triggers refuse
both) breaks the chain from that row on, and ``verify_chain`` names the first broken row.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

from peewee import ForeignKeyField, Model

from . import session
from .database import db
from .models.accounts import ACTION_LABELS, AuditEntry
from .models.base import now, watch_records

GENESIS = "0" * 64
NAME_MAX = 120        # a record's readable name, cut for the list
VALUE_MAX = 500       # one field's value in the changes, cut (a long note stays readable)

# Fields every synced record has: bookkeeping, not what the clerk changed.
_BOOKKEEPING = {"id", "uid", "created_at", "updated_at"}
_NAME_FIELDS = ("name", "title", "case_no", "subject", "number", "address", "household_no")


def entry_hash(previous: str, entry: AuditEntry | dict) -> str:
    """SHA-256 of the previous hash and this row's content, in a fixed text form."""
    row = entry if isinstance(entry, dict) else entry.__data__
    at = row["at"]
    content = [row["id"], at.isoformat(sep=" ") if isinstance(at, dt.datetime) else str(at),
               row["account"], row["action"], row.get("record_type", ""),
               row.get("record_uid", ""), row.get("record_name", ""), row.get("changes", ""),
               row.get("detail", "")]
    text = previous + json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _last() -> tuple[int, str]:
    row = db.execute_sql("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (row[0], row[1])


def record(action: str, *, record_type: str = "", uid: str = "", name: str = "",
           changes: list[tuple[str, str, str]] | None = None, detail: str = "",
           account: str | None = None, at: dt.datetime | None = None) -> AuditEntry:
    """Append one row, acting as the current session's account (or ``account``, for a failed
    login with a name that may not exist), at ``at`` (default: now)."""
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown audit action {action!r}")
    with db.atomic():
        last_id, last_hash = _last()
        row = {"id": last_id + 1, "at": (at or now()).replace(microsecond=0), "account": account or session.current().account,
               "action": action, "record_type": record_type, "record_uid": uid,
               "record_name": name[:NAME_MAX],
               "changes": json.dumps(changes, ensure_ascii=False) if changes else "",
               "detail": detail}
        row["hash"] = entry_hash(last_hash, row)
        AuditEntry.insert(row).execute()
    return AuditEntry(**row)


# -- records: what the generic save and delete hooks write ----------------------------------
def readable_name(item: Model) -> str:
    """How a row names its record for the clerk: its own ``__str__`` where the model has one,
    else its first name-like field, else "类型#编号"."""
    cls = type(item)
    if cls.__str__ is not Model.__str__:
        try:
            text = str(item)
        except Exception:  # noqa: BLE001 - a name that needs a missing parent row
            text = ""
        if text:
            return text
    for field in _NAME_FIELDS:
        value = item.__data__.get(field)
        if value:
            return str(value)
    return f"{cls._meta.verbose_name or cls.__name__}#{item.id}"


def field_text(model: type[Model], name: str, value: Any) -> str:
    """A field's value as the clerk reads it: choice labels, 是/否, dates, a parent's name."""
    if value is None or value == "":
        return ""
    field = model._meta.fields[name]
    if isinstance(value, bool):
        return "是" if value else "否"
    if field.choices:
        return dict(field.choices).get(value, str(value))
    if isinstance(field, ForeignKeyField):
        parent = field.rel_model.get_or_none(field.rel_model._meta.primary_key == value)
        return readable_name(parent) if parent is not None else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)[:VALUE_MAX]


def _label(model: type[Model], name: str) -> str:
    return model._meta.fields[name].verbose_name or name


def _content_fields(model: type[Model]) -> list[str]:
    return [name for name in model._meta.fields if name not in _BOOKKEEPING]


def stored_values(model: type[Model], record_id: int) -> dict[str, Any] | None:
    """The row as it is in the database now (before a save changes it)."""
    return model.select().where(model._meta.primary_key == record_id).dicts().get_or_none()


def _normal(value: Any) -> Any:
    return value.replace(microsecond=0) if isinstance(value, dt.datetime) else value


def changes_between(model: type[Model], before: dict[str, Any] | None,
                    after: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """[(字段, 原值, 新值)] for the fields that differ; a new record lists what it holds, a
    deleted one what it held."""
    result = []
    for name in _content_fields(model):
        key = model._meta.fields[name].column_name if isinstance(
            model._meta.fields[name], ForeignKeyField) else name
        old = None if before is None else before.get(key, before.get(name))
        new = None if after is None else after.get(key, after.get(name))
        if _normal(old) == _normal(new) or (old in (None, "") and new in (None, "")):
            continue
        result.append((_label(model, name), field_text(model, name, old),
                       field_text(model, name, new)))
    return result


def values_of(item: Model) -> dict[str, Any]:
    model = type(item)
    return {name: item.__data__.get(name) for name in model._meta.fields}


def record_saved(item: Model, before: dict[str, Any] | None) -> None:
    """After a synced record was saved: 新增, 修改 or 状态变更 with what changed; nothing when
    a save changed nothing the clerk typed."""
    model = type(item)
    changes = changes_between(model, before, values_of(item))
    if before is not None and not changes:
        return
    status_label = _label(model, "status") if "status" in model._meta.fields else None
    action = "create" if before is None else (
        "status" if status_label and any(label == status_label for label, _, _ in changes)
        else "update")
    record_change(action, item, changes)


def record_deleted(item: Model) -> None:
    model = type(item)
    before = stored_values(model, item.id) or values_of(item)
    record_change("delete", item, changes_between(model, before, None))


def record_change(action: str, item: Model, changes: list[tuple[str, str, str]],
                  detail: str = "") -> None:
    """A row about one record (also for changes a ledger makes in bulk, e.g. the categories of a
    resident: it names the resident and says what the list was and became)."""
    model = type(item)
    record(action, record_type=model._meta.verbose_name or model.__name__,
           uid=item.__data__.get("uid", "") or "", name=readable_name(item),
           changes=changes, detail=detail)


# -- the chain ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    message: str


def verify_chain(rows: Iterable[tuple] | None = None,
                 start: tuple[int, str] = (1, GENESIS)) -> list[ChainProblem]:
    """Walk the chain from the first row. An edited row fails its own hash; a removed row leaves
    a gap in the numbers (or, when the last rows are cut, nothing this PC alone can see — the
    township keeps the head of the chain from each 报送包, DESIGN.md §2)."""
    cursor = rows if rows is not None else db.execute_sql(
        "SELECT id, at, account, action, record_type, record_uid, record_name, changes, detail, "
        "hash FROM audit_entry ORDER BY id")
    (expected_id, previous), problems = start, []
    for row in cursor:
        data = dict(zip(("id", "at", "account", "action", "record_type", "record_uid",
                         "record_name", "changes", "detail", "hash"), row))
        if data["id"] != expected_id:
            problems.append(ChainProblem(data["id"], f"第 {expected_id} 至 {data['id'] - 1} 条审计"
                                         "记录不见了（被删除）。"))
        if entry_hash(previous, data) != data["hash"]:
            problems.append(ChainProblem(data["id"], f"第 {data['id']} 条审计记录与原来的不一致"
                                         "（被改动过）。"))
        previous, expected_id = data["hash"], data["id"] + 1
        if len(problems) >= 20:
            break
    return problems


_verified: tuple[int, str] = (0, GENESIS)  # this process has checked the chain up to here


def verify_new_rows() -> list[ChainProblem]:
    """``verify_chain`` for what this process has not checked yet: the whole chain the first
    time (a change made while the program was closed is found at the next start), then only
    the rows added since, from the last checked row on (its hash must still be the same)."""
    global _verified
    last_id, last_hash = _verified
    if last_id:
        row = db.execute_sql("SELECT hash FROM audit_entry WHERE id = ?", (last_id,)).fetchone()
        if row is None or row[0] != last_hash:
            _verified = (0, GENESIS)
            return verify_new_rows()
    rows = db.execute_sql(
        "SELECT id, at, account, action, record_type, record_uid, record_name, changes, detail, "
        "hash FROM audit_entry WHERE id > ? ORDER BY id", (last_id,)).fetchall()
    problems = verify_chain(rows, start=(last_id + 1, last_hash))
    if not problems and rows:
        _verified = (rows[-1][0], rows[-1][-1])
    return problems


def forget_verified() -> None:
    """Another database was opened (a restore, a test): check its chain from the start."""
    global _verified
    _verified = (0, GENESIS)


def chain_head() -> tuple[int, str]:
    """(number of rows, hash of the last row): what a 报送包 carries for the township to keep."""
    return _last()


def hash_at(count: int) -> str:
    """The hash of row ``count`` (GENESIS for 0), to show the township that the chain it saw
    last time is still the start of this one."""
    if count <= 0:
        return GENESIS
    row = db.execute_sql("SELECT hash FROM audit_entry WHERE id = ?", (count,)).fetchone()
    return "" if row is None else row[0]


# -- the watcher every synced record's save and delete pass through -----------------------
class _AuditWatcher:
    """Refuses a write by a role that may not edit, and records every write that happened."""

    def before_save(self, item: Model) -> dict[str, Any] | None:
        session.require(session.EDIT)
        return None if item.id is None else stored_values(type(item), item.id)

    def after_save(self, item: Model, before: dict[str, Any] | None) -> None:
        record_saved(item, before)

    def before_delete(self, item: Model) -> None:
        session.require(session.EDIT)
        record_deleted(item)


watch_records(_AuditWatcher())


# -- reading it (the 管理员's 审计记录 window, the CLI's ``audit``) ---------------------------
def search(text: str = "", account: str = "", action: str = "", since: dt.date | None = None,
           until: dt.date | None = None, offset: int = 0,
           limit: int | None = 100) -> tuple[list[AuditEntry], int]:
    """Rows newest first, filtered in SQL; ``text`` matches the record's name, type, uid, the
    changes and the note. Returns (the page, how many match in all)."""
    session.require(session.AUDIT)
    query = AuditEntry.select()
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(AuditEntry.record_name ** like | AuditEntry.record_type ** like
                            | AuditEntry.record_uid ** like | AuditEntry.changes ** like
                            | AuditEntry.detail ** like)
    if account.strip():
        query = query.where(AuditEntry.account == account.strip())
    if action:
        query = query.where(AuditEntry.action == action)
    if since:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time()))
    if until:
        query = query.where(AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1),
                                                                dt.time()))
    total = query.count()
    page = query.order_by(AuditEntry.id.desc()).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    return list(page), total


def changes_of(entry: AuditEntry) -> list[tuple[str, str, str]]:
    return [tuple(item) for item in json.loads(entry.changes)] if entry.changes else []


def changes_text(entry: AuditEntry) -> str:
    """The changes as one line for a list or a cell: 字段：原值 → 新值；…"""
    return "；".join(f"{label}：{old or '（空）'} → {new or '（空）'}"
                    for label, old, new in changes_of(entry))


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)
