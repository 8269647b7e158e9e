"""The township's import of 报送包: a file read and checked whole (``reader``), a preview of what
it changes (and whether its seal and number let it in), then the village's snapshot replaced in
one transaction (DESIGN §2). A file that fails any check changes nothing."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from peewee import ForeignKeyField

from ..store import audit, session
from ..store.database import db
from ..store.models import ImportRecord, Unit
from ..store.scope import exported_fields, foreign_keys, model_title, synced_models, unit_query
from . import audit_head
from .access import access_code_of, former_code_sealing, seal_matches
from .errors import PackageError
from .package import PackageInfo
from .reader import Package
from .schema import canonical

@dataclass
class ModelChange:
    title: str
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class Preview:
    package: Package
    unit: Unit
    status: str                 # "new" | "rebaseline" | "same" | "older" | "conflict"
    message: str
    changes: list[ModelChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_code: str | None = None  # the village changed its code: the list takes it on import
    sealed: bool = False

    @property
    def importable(self) -> bool:
        """Importable as it is; a "rebaseline" needs the clerk's reason first (``apply``)."""
        return self.status == "new"

    @property
    def needs_reason(self) -> bool:
        return self.status == "rebaseline"


# ---- preview and apply ---------------------------------------------------------------------------

def target_unit(info: PackageInfo) -> tuple[Unit, str | None]:
    """The listed village the package is for, and its new code when the village changed it
    (the package names its former codes; the seal, checked next, proves who sent it)."""
    unit = Unit.get_or_none(Unit.code == info.unit_code)
    new_code = None
    if unit is None and info.former_codes:
        unit = (Unit.select().where(Unit.code.in_(info.former_codes), Unit.kind == "village")
                .order_by(Unit.id).first())
        new_code = info.unit_code if unit is not None else None
    if unit is None or unit.kind != "village":
        raise PackageError(f"单位代码 {info.unit_code}（{info.unit_name}）不在本镇的村（社区）名单里，"
                           "不能导入。请核对文件是否报错了镇，或先在“镇级汇总”的村名单中添加该村。")
    if unit.is_home:
        raise PackageError("这是本机自己单位的报送包，不需要导入。")
    return unit, new_code


def last_import(unit: Unit) -> ImportRecord | None:
    """The package the township holds now: the last one accepted (after a re-baseline its
    number may be lower than older ones')."""
    return (ImportRecord.select().where(ImportRecord.unit == unit,
                                        ImportRecord.status == "accepted")
            .order_by(ImportRecord.id.desc()).first())


def _check_seal(package: Package, unit: Unit, notes: list[str]) -> bool:
    """Raises PackageError unless the package is sealed with the village's 接入码 (or with its
    former one, for a package exported before the code was re-issued); a package of the version
    before seals is let in (with a note) until the village has sent a sealed one."""
    info, name = package.info, package.path.name
    if info.format < 2:
        sealed_before = ImportRecord.select().where(ImportRecord.unit == unit, ImportRecord.sealed == True,  # noqa: E712
                                                    ImportRecord.status == "accepted").exists()
        if sealed_before:
            raise PackageError(f"{name} 是旧版本程序导出的、没有加封的报送包，而{unit.name}已经用新版本报送过"
                               "加封的报送包，所以不再接收旧格式的文件。请让村里用新版本重新导出。")
        notes.append("旧版本的报送包没有加封，说明页也不在校验范围内，无法证明未被改动；"
                     "请村里升级东安台账并填写接入码后再报送。")
        return False
    code = access_code_of(unit)
    if code is None:
        raise PackageError(f"本机还没有{unit.name}的接入码，无法核对封记。请在“镇级汇总 → 村名单”中为该村下发接入码，"
                           "并把它交给村里填写，然后让村里重新导出。")
    if seal_matches(code, info.checksum, info.seal):
        return True
    former = former_code_sealing(unit, info.checksum, info.seal)
    if former is not None and info.exported_at < former.retired_at:
        notes.append(f"这个报送包是用{unit.name}以前的接入码加封的：它导出时（{info.exported_at:%Y-%m-%d %H:%M}）"
                     f"本机还没有重新下发接入码（{former.retired_at:%Y-%m-%d %H:%M}），照常接收。")
        return True
    if former is not None:
        raise PackageError(f"{name} 是用{unit.name}已经停用的旧接入码加封的（本机在 {former.retired_at:%Y-%m-%d %H:%M} "
                           "重新下发了接入码），文件却是在那之后导出的：村里电脑上填的还是旧接入码，已拒收。"
                           "请把新接入码交给村里，在“设置 → 本单位信息”中填写后重新导出。")
    raise PackageError(f"{name} 的封记不符，已拒收：文件在导出后被人改过，或者{unit.name}电脑上填的接入码"
                       "不是本机为该村下发的（例如重新下发过）。请核对接入码后让村里重新导出；"
                       "不要在 Excel/WPS 里修改报送包。")


def preview(package: Package) -> Preview:
    info = package.info
    unit, new_code = target_unit(info)
    notes = list(package.notes)
    sealed = _check_seal(package, unit, notes)
    notes += audit_head.check(unit, info.audit_head)
    if new_code:
        notes.append(f"{unit.name}的单位代码已由 {unit.code} 改为 {new_code}，导入时本机村名单一并更新。")
    if (info.unit_name, info.unit_short) != (unit.name, unit.short_name):
        notes.append(f"村里的单位名称（简称）是“{info.unit_name}”（{info.unit_short}），本机名单是"
                     f"“{unit.name}”（{unit.short_name}），导入时名单一并更新。")
    last = last_import(unit)
    here = f"{unit.name} 第 {info.seq} 次报送（{info.exported_at:%Y-%m-%d %H:%M}导出）"
    if last is not None and info.seq <= last.seq:
        held = f"第 {last.seq} 次（{last.exported_at:%Y-%m-%d %H:%M}导出）"
        if info.seq == last.seq and info.checksum == last.checksum:
            return Preview(package, unit, "same", f"{here}已经导入过，无需再导入。", notes=notes)
        if info.exported_at <= last.exported_at:
            if info.seq == last.seq:
                return Preview(package, unit, "conflict", f"{here}与已导入的同序号文件内容不同，已拒收。"
                               "请让村里重新导出。", notes=notes)
            return Preview(package, unit, "older", f"{here}比已导入的{held}旧，已拒收。", notes=notes)
        message = (f"{here}：文件比本机已导入的{held}新，序号却没有接上——村里的电脑可能重装过、换过，"
                   "或从旧备份恢复过。请先与村里核实；确认后写明原因，点“接受重新起算”导入，"
                   f"以后从第 {info.seq} 次接着编号。")
        return Preview(package, unit, "rebaseline", message, _changes(package, unit), notes,
                       new_code, sealed)
    return Preview(package, unit, "new", f"{here}，可以导入。", _changes(package, unit), notes,
                   new_code, sealed)


def _changes(package: Package, unit: Unit) -> list[ModelChange]:
    unit_uid = package_unit_uid(package)
    return [_compare(model, rows, unit, unit_uid) for model, rows in package.rows.items()]


def package_unit_uid(package: Package) -> str | None:
    rows = package.rows.get(Unit) or []
    return rows[0][0] if rows else None


def _existing(model, unit: Unit, package_unit_uid: str | None) -> dict[str, list]:
    """The unit's current records as {uid: [field values, foreign keys as uid]}; the unit itself
    answers to the package's uid for it (each PC made its own Unit record)."""
    fields = exported_fields(model)
    maps = {fk.name: dict(fk.rel_model.select(fk.rel_model.id, fk.rel_model.uid).tuples())
            for fk in foreign_keys(model)}
    for fk in foreign_keys(model):
        if fk.rel_model is Unit:
            maps[fk.name][unit.id] = package_unit_uid
    result = {}
    for record in unit_query(model, unit.id).select(*fields).tuples():
        values = [maps[f.name].get(v) if f.name in maps and v is not None else v
                  for f, v in zip(fields, record)]
        result[values[0]] = values
    return result


def _compare(model, rows: list[list], unit: Unit, package_unit_uid: str | None) -> ModelChange:
    change = ModelChange(model_title(model))
    if model is Unit:
        return change
    current = _existing(model, unit, package_unit_uid)
    incoming = {row[0]: row for row in rows}
    for uid, row in incoming.items():
        old = current.get(uid)
        if old is None:
            change.added += 1
        elif [canonical(v) for v in old] != [canonical(v) for v in row]:
            change.changed += 1
    change.removed = sum(1 for uid in current if uid not in incoming)
    return change


def apply(preview_: Preview, now: dt.datetime | None = None,
          rebaseline_reason: str = "") -> ImportRecord:
    """Replace the unit's snapshot with the package's, in one transaction. A package that
    restarts the numbering is taken only with the clerk's reason, which is kept and shown."""
    session.require(session.EXPORT)
    reason = " ".join((rebaseline_reason or "").split())
    if preview_.needs_reason and not reason:
        raise PackageError("这个报送包的序号没有接上已导入的，要导入须写明原因（如“村里电脑重装”），"
                           "原因会记在导入记录里。")
    if not (preview_.importable or preview_.needs_reason):
        raise PackageError(preview_.message)
    package, unit = preview_.package, preview_.unit
    models = [m for m in synced_models() if m is not Unit]
    with db.atomic():
        if preview_.new_code or (package.info.unit_name, package.info.unit_short) != (unit.name, unit.short_name):
            unit.code = preview_.new_code or unit.code
            unit.name = package.info.unit_name
            unit.short_name = package.info.unit_short
            unit.save()
        db.execute_sql("PRAGMA defer_foreign_keys = ON")  # rows go in parents-first anyway
        old_ids = {m: dict((uid, i) for i, uid in unit_query(m, unit.id).select(m.id, m.uid).tuples())
                   for m in models}
        for model in reversed(models):
            ids = list(old_ids[model].values())
            for start in range(0, len(ids), 900):
                model.delete().where(model.id.in_(ids[start:start + 900])).execute()
        new_ids: dict[type, dict[str, int]] = {Unit: {package_unit_uid(package): unit.id}}
        for model in models:
            # New rows must not take an id that a kept row (same uid) is about to get back.
            next_id = max(model.select(model.id).order_by(model.id.desc()).scalar() or 0,
                          max(old_ids[model].values(), default=0)) + 1
            mapping = {}
            for row in package.rows[model]:
                uid = row[0]
                if uid in old_ids[model]:
                    mapping[uid] = old_ids[model][uid]
                else:
                    mapping[uid], next_id = next_id, next_id + 1
            new_ids[model] = mapping
        for model in models:
            _insert(model, package.rows[model], new_ids)
        record = ImportRecord.create(
            unit=unit, seq=package.info.seq, exported_at=package.info.exported_at,
            imported_at=(now or dt.datetime.now()).replace(microsecond=0),
            file_name=package.path.name, checksum=package.info.checksum, status="accepted",
            rows=json.dumps(package.info.rows, ensure_ascii=False),
            message=preview_.message, rebaseline_reason=reason if preview_.needs_reason else "",
            sealed=preview_.sealed)
        audit_head.keep(unit, package.info.audit_head)
        audit.record("import", record_type="报送包", uid=unit.uid, name=package.path.name,
                     detail=f"{unit.name} 第 {package.info.seq} 次报送已导入"
                     + (f"（重新起算，原因：{reason}）" if preview_.needs_reason else ""))
    return record


def _insert(model, rows: list[list], new_ids: dict[type, dict[str, int]]) -> None:
    fields = exported_fields(model)
    fk_positions = [(i, f.rel_model) for i, f in enumerate(fields) if isinstance(f, ForeignKeyField)]
    columns = [model.id, *fields]
    batch = max(1, 30000 // len(columns))
    out = []
    for row in rows:
        values = list(row)
        for index, target in fk_positions:
            uid = values[index]
            if uid is not None:
                try:
                    values[index] = new_ids[target][uid]
                except KeyError:
                    raise PackageError(f"“{model_title(model)}”表引用了包里没有的记录（{uid}），"
                                       "报送包不完整。请让村里重新导出。") from None
        out.append((new_ids[model][values[0]], *values))
    for start in range(0, len(out), batch):
        model.insert_many(out[start:start + batch], fields=columns).execute()
