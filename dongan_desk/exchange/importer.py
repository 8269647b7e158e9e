"""The township's import of 报送包: check a file whole, preview what it changes, then replace the
village's snapshot in one transaction (DESIGN §2). A file that fails any check changes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from peewee import ForeignKeyField

from ..store import migrations
from ..store.database import db
from ..store.models import ImportRecord, Unit
from .errors import PackageError
from .package import FORMAT_VERSION, INFO_KEYS, INFO_SHEET, PACKAGE_KIND, PackageInfo
from ..store.scope import exported_fields, foreign_keys, model_title, synced_models, unit_query
from .schema import CellError, Checksum, canonical, from_cell, money_positions

MAX_FILE_BYTES = 200 * 1024 * 1024      # a village's package is a few MB
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # a zip bomb stops here


@dataclass
class Package:
    path: Path
    info: PackageInfo
    rows: dict[type, list[list]] = field(default_factory=dict)  # model → rows of field values


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
    status: str                 # "new" | "same" | "older" | "conflict"
    message: str
    changes: list[ModelChange] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return self.status == "new"


def read_package(path: Path) -> Package:
    """Open and check a file completely; raises PackageError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"找不到文件 {path}。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise PackageError(f"{path.name} 有 {path.stat().st_size // 1024 // 1024} MB，远大于任何报送包，"
                           "不是本程序导出的文件。")
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{path.name} 不是 Excel 工作簿（.xlsx），或者文件已损坏。请让村里重新导出。")
    _check_zip(path)
    with open(path, "rb") as handle:  # a read-only workbook reads from the open file
        try:
            wb = load_workbook(handle, read_only=True, data_only=False)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
            raise PackageError(f"{path.name} 打不开，文件可能已损坏（{exc}）。请让村里重新导出。") from exc
        try:
            info = _read_info(wb, path)
            package = Package(path, info)
            checksum = Checksum()
            for model in synced_models():
                package.rows[model] = _read_sheet(wb, model, info, checksum, path)
        finally:
            wb.close()
    if checksum.hexdigest() != info.checksum:
        raise PackageError(f"{path.name} 的数据在导出后被改动过（校验值不符），不能导入。"
                           "请让村里用东安台账重新导出，不要在 Excel/WPS 里修改后再报送。")
    return package


def _check_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise PackageError(f"{path.name} 解压后过大，不是本程序导出的文件。")
        bad = archive.testzip()
        if bad is not None:
            raise PackageError(f"{path.name} 已损坏（{bad}），可能是U盘拔出太早。请让村里重新导出。")
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                content = archive.read(member)
                if b"<f>" in content or b"<f " in content:
                    raise PackageError(f"{path.name} 里有公式，数据应当是值：文件在导出后被人改过。"
                                       "请让村里用东安台账重新导出。")


def _read_info(wb, path: Path) -> PackageInfo:
    if INFO_SHEET not in wb.sheetnames:
        raise PackageError(f"{path.name} 不是东安台账的报送包（没有“说明”页）。")
    by_label = {row[0]: row[1] for row in wb[INFO_SHEET].iter_rows(max_col=2, values_only=True)
                if row and row[0]}
    values = {key: by_label.get(label) for key, label in INFO_KEYS}
    if values["kind"] != PACKAGE_KIND:
        raise PackageError(f"{path.name} 不是东安台账的报送包。")
    if not isinstance(values["schema"], int) or values["schema"] > migrations.SCHEMA_VERSION:
        raise PackageError(f"{path.name} 是更新版本的东安台账导出的（数据版本 {values['schema']}），"
                           "请先把本机的东安台账升级到最新版本再导入。")
    if values["format"] != FORMAT_VERSION:
        raise PackageError(f"{path.name} 的报送包格式（{values['format']}）本程序不认识。")
    try:
        rows = json.loads(values["rows"])
        fields = json.loads(values["fields"])
        exported_at = values["exported_at"]
        assert isinstance(exported_at, dt.datetime) and isinstance(values["seq"], int)
    except (TypeError, ValueError, AssertionError) as exc:
        raise PackageError(f"{path.name} 的“说明”页不完整或被改过。") from exc
    return PackageInfo(str(values["unit_code"]), str(values["unit_name"]),
                       str(values["unit_short"]), values["seq"], exported_at,
                       str(values["program"]), values["schema"], str(values["checksum"]),
                       rows, fields)


def _read_sheet(wb, model, info: PackageInfo, checksum: Checksum, path: Path) -> list[list]:
    title = model_title(model)
    fields = exported_fields(model)
    if title not in wb.sheetnames or info.fields.get(title) != [f.name for f in fields]:
        raise PackageError(f"{path.name} 缺少“{title}”表或表的栏目不对，不是本版本程序导出的完整报送包。")
    checksum.sheet(title)
    money = money_positions(fields)
    rows = []
    iterator = wb[title].iter_rows(values_only=True)
    header = next(iterator, None)
    if header is None or list(header[:len(fields)]) != [f.verbose_name or f.name for f in fields]:
        raise PackageError(f"{path.name} 的“{title}”表表头被改过。")
    for number, cells in enumerate(iterator, start=2):
        cells = list(cells[:len(fields)]) + [None] * (len(fields) - len(cells))
        if all(c is None for c in cells):
            continue
        try:
            values = [from_cell(f, c) for f, c in zip(fields, cells)]
        except CellError as exc:
            raise PackageError(f"{path.name} 的“{title}”表第 {number} 行有一格{exc}。") from exc
        checksum.row(values, money)
        rows.append(values)
    if len(rows) != info.rows.get(title):
        raise PackageError(f"{path.name} 的“{title}”表应有 {info.rows.get(title)} 行，实有 {len(rows)} 行。")
    return rows


# ---- preview and apply ---------------------------------------------------------------------------

def target_unit(info: PackageInfo) -> Unit:
    unit = Unit.get_or_none(Unit.code == info.unit_code)
    if unit is None or unit.kind != "village":
        raise PackageError(f"单位代码 {info.unit_code}（{info.unit_name}）不在本镇的村（社区）名单里，"
                           "不能导入。请核对文件是否报错了镇，或先在本机的村名单中添加该村。")
    if unit.is_home:
        raise PackageError("这是本机自己单位的报送包，不需要导入。")
    return unit


def last_import(unit: Unit) -> ImportRecord | None:
    return (ImportRecord.select().where(ImportRecord.unit == unit,
                                        ImportRecord.status != "refused")
            .order_by(ImportRecord.seq.desc(), ImportRecord.id.desc()).first())


def preview(package: Package) -> Preview:
    info = package.info
    unit = target_unit(info)
    last = last_import(unit)
    if last is not None and info.seq < last.seq:
        return Preview(package, unit, "older",
                       f"{unit.name} 第 {info.seq} 次报送（{info.exported_at:%Y-%m-%d %H:%M}）比已导入的"
                       f"第 {last.seq} 次（{last.exported_at:%Y-%m-%d %H:%M}）旧，已拒收。")
    if last is not None and info.seq == last.seq:
        if info.checksum == last.checksum:
            return Preview(package, unit, "same", f"{unit.name} 第 {info.seq} 次报送已经导入过，无需再导入。")
        return Preview(package, unit, "conflict",
                       f"{unit.name} 第 {info.seq} 次报送与已导入的同序号文件内容不同，已拒收。请让村里重新导出。")
    unit_uid = package_unit_uid(package)
    changes = [_compare(model, rows, unit, unit_uid) for model, rows in package.rows.items()]
    return Preview(package, unit, "new", f"{unit.name} 第 {info.seq} 次报送，可以导入。", changes)


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


def apply(preview_: Preview, now: dt.datetime | None = None) -> ImportRecord:
    """Replace the unit's snapshot with the package's, in one transaction."""
    if not preview_.importable:
        raise PackageError(preview_.message)
    package, unit = preview_.package, preview_.unit
    models = [m for m in synced_models() if m is not Unit]
    with db.atomic():
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
            message=preview_.message)
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
