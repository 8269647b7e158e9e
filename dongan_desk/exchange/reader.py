"""Reading a 报送包: the file checked whole (size, password, zip, formulas, the 说明 page, every
data sheet and its rows, the checksum) and turned into rows of field values. Nothing here
touches the database's records; ``importer`` previews and applies what this reads.

A package is password-protected (``protection``): it is decrypted in memory with the 接入码 of
the village it comes from (the one its file name names first, then every other code this PC
keeps, former ones too). A package of a version before the password is a plain .xlsx and is
read as it is. The limits on size and unpacking apply to the decrypted workbook."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from openpyxl import load_workbook

from ..store import migrations
from ..store.scope import exported_fields, model_title, synced_models
from . import protection
from .access import known_codes
from .errors import PackageError
from .package import (ADDED_INFO, FORMAT_VERSION, INFO_KEYS, INFO_SHEET, PACKAGE_KIND,
                      PackageInfo, unit_name_in)
from .schema import CellError, Checksum, from_cell, money_positions

# The largest village of the reference town packs to about 1 MB and unpacks to about 10 MB;
# ten times that is still a village, anything beyond is refused before it is unpacked.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


@dataclass
class Package:
    path: Path
    info: PackageInfo
    rows: dict[type, list[list]] = field(default_factory=dict)  # model → rows of field values
    notes: list[str] = field(default_factory=list)  # what the clerk should know (older version…)
    protected: bool = False  # it came with a password (this version's packages all do)


def read_package(path: Path, passwords: Iterable[str] | None = None) -> Package:
    """Open and check a file completely; raises PackageError saying what is wrong.

    A protected file is opened with ``passwords`` in order, by default the codes this PC keeps
    (``package_passwords``)."""
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"找不到文件 {path}。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise PackageError(f"{path.name} 有 {path.stat().st_size // 1024 // 1024} MB，远大于任何报送包，"
                           "不是本程序导出的文件。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackageError(f"读不了文件 {path.name}（{exc.strerror or exc}），U 盘是否已拔出？") from exc
    protected = protection.is_protected(data)
    if protected:
        data = _unprotect(data, path, package_passwords(path.name) if passwords is None else passwords)
    workbook = io.BytesIO(data)  # only ever in memory: no clear copy is written anywhere
    del data
    if not zipfile.is_zipfile(workbook):
        raise PackageError(f"{path.name} 不是 Excel 工作簿（.xlsx），或者文件已损坏。请让村里重新导出。")
    _check_zip(workbook, path)
    try:
        wb = load_workbook(workbook, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise PackageError(f"{path.name} 打不开，文件可能已损坏（{exc}）。请让村里重新导出。") from exc
    try:
        info, info_cells = _read_info(wb, path)
        package = Package(path, info, protected=protected)
        checksum = Checksum()
        for model in synced_models():
            package.rows[model] = _read_sheet(wb, model, package, checksum)
    finally:
        wb.close()
    if info.format >= 2:
        checksum.info(info_cells)
    if checksum.hexdigest() != info.checksum:
        raise PackageError(f"{path.name} 在导出后被改动过（校验值不符），不能导入。"
                           "请让村里用东安台账重新导出，不要在 Excel/WPS 里修改后再报送。")
    if info.schema < migrations.SCHEMA_VERSION:
        package.notes.insert(0, f"这是旧版本东安台账（数据版本 {info.schema}，程序 {info.program}）导出的报送包，"
                                f"本机是数据版本 {migrations.SCHEMA_VERSION}，已按旧格式读取。")
    return package


def package_passwords(file_name: str) -> list[str]:
    """The codes to try on a protected package: those of the unit its file name names
    (``东安台账_<单位>_<日期-时间>.xlsx``), current then former, then every other unit's."""
    named = unit_name_in(file_name)
    first: list[str] = []
    rest: list[str] = []
    formers: list[str] = []
    for unit, codes in known_codes():
        if named is not None and named in (unit.name, unit.short_name):
            first += codes
        else:
            rest.append(codes[0])
            formers += codes[1:]
    return list(dict.fromkeys(first + rest + formers))


NOT_OPENED = ("这个报送包设了密码，本机保存的各村接入码都打不开：可能是村里用了新的接入码，"
              "或文件不是本镇的。请和村里核对接入码。")


def _unprotect(data: bytes, path: Path, passwords: Iterable[str]) -> bytes:
    try:
        return protection.unprotect(data, passwords)[0]
    except protection.NotOpened:
        raise PackageError(f"{path.name}：{NOT_OPENED}") from None
    except protection.Damaged as exc:
        raise PackageError(f"{path.name} 已损坏（{exc}），可能是U盘拔出太早或文件被改过。"
                           "请让村里重新导出。") from exc


def _check_zip(workbook: io.BytesIO, path: Path) -> None:
    with zipfile.ZipFile(workbook) as archive:
        members = archive.infolist()
        # Declared sizes, read from the zip's index before anything is unpacked; a member
        # that unpacks to more than it declares fails its CRC check below.
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise PackageError(f"{path.name} 解压后有 {unpacked // 1024 // 1024} MB，远大于任何村（社区）的报送包"
                               f"（一般只有几 MB），不是本程序导出的文件，已拒收。")
        bad = archive.testzip()
        if bad is not None:
            raise PackageError(f"{path.name} 已损坏（{bad}），可能是U盘拔出太早。请让村里重新导出。")
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                content = archive.read(member)
                if b"<f>" in content or b"<f " in content:
                    raise PackageError(f"{path.name} 里有公式，数据应当是值：文件在导出后被人改过。"
                                       "请让村里用东安台账重新导出。")


def _read_info(wb, path: Path) -> tuple[PackageInfo, dict]:
    """The 说明 page as PackageInfo, and its cells by key (what the checksum covers)."""
    if INFO_SHEET not in wb.sheetnames:
        raise PackageError(f"{path.name} 不是东安台账的报送包（没有“说明”页）。")
    by_label = {row[0]: row[1] for row in wb[INFO_SHEET].iter_rows(max_col=2, values_only=True)
                if row and row[0]}
    values = {key: by_label.get(label) for key, label in INFO_KEYS
              if key not in ADDED_INFO or label in by_label}
    if values["kind"] != PACKAGE_KIND:
        raise PackageError(f"{path.name} 不是东安台账的报送包。")
    if not isinstance(values["schema"], int) or not isinstance(values["format"], int):
        raise PackageError(f"{path.name} 的“说明”页缺少数据版本或格式版本：它不是东安台账导出的完整报送包，"
                           "或说明页被人改过。请让村里用东安台账重新导出。")
    if values["schema"] > migrations.SCHEMA_VERSION:
        raise PackageError(f"{path.name} 是更新版本的东安台账导出的（数据版本 {values['schema']}，"
                           f"本机是 {migrations.SCHEMA_VERSION}），请先把本机的东安台账升级到最新版本再导入。")
    if values["format"] not in (1, FORMAT_VERSION):
        raise PackageError(f"{path.name} 的报送包格式（{values['format']}）本程序不认识。")
    try:
        rows = json.loads(values["rows"])
        fields = json.loads(values["fields"])
        exported_at = values["exported_at"]
        assert isinstance(exported_at, dt.datetime) and isinstance(values["seq"], int)
        assert isinstance(rows, dict) and isinstance(fields, dict)
    except (TypeError, ValueError, AssertionError) as exc:
        raise PackageError(f"{path.name} 的“说明”页不完整或被改过。") from exc
    former = [c for c in str(values["former_codes"] or "").split("、") if c]
    return PackageInfo(str(values["unit_code"]), str(values["unit_name"]),
                       str(values["unit_short"]), values["seq"], exported_at,
                       str(values["program"]), values["schema"], str(values["checksum"]),
                       rows, fields, former, str(values.get("audit_head") or ""),
                       str(values["seal"] or ""), values["format"]), values


def _read_sheet(wb, model, package: Package, checksum: Checksum) -> list[list]:
    """The rows of one record type as the current model's field values. A package of an older
    schema may lack a sheet (no such records then) or fields (they take their defaults)."""
    info, name = package.info, package.path.name
    title = model_title(model)
    older = info.schema < migrations.SCHEMA_VERSION
    if title not in wb.sheetnames and older and title not in info.fields:
        package.notes.append(f"旧版本没有“{title}”表，按没有这类记录导入。")
        return []
    fields = exported_fields(model)
    sent = info.fields.get(title)
    by_name = {f.name: f for f in fields}
    if title not in wb.sheetnames or sent is None or (sent != [f.name for f in fields] and not (
            older and sent[:1] == ["uid"] and all(n in by_name for n in sent))):
        raise PackageError(f"{name} 缺少“{title}”表或表的栏目不对，不是本版本程序导出的完整报送包。")
    sent_fields = [by_name[n] for n in sent]
    checksum.sheet(title)
    money = money_positions(sent_fields)
    missing = [(i, f) for i, f in enumerate(fields) if f.name not in sent]
    if missing:
        package.notes.append(f"“{title}”表是旧版本的，没有" + "、".join(f.verbose_name or f.name for _, f in missing)
                             + "，按默认值导入。")
    order = [sent.index(f.name) if f.name in sent else None for f in fields]
    rows = []
    iterator = wb[title].iter_rows(values_only=True)
    header = next(iterator, None)
    if header is None or list(header[:len(sent_fields)]) != [f.verbose_name or f.name for f in sent_fields]:
        raise PackageError(f"{name} 的“{title}”表表头被改过。")
    for number, cells in enumerate(iterator, start=2):
        cells = list(cells[:len(sent_fields)]) + [None] * (len(sent_fields) - len(cells))
        if all(c is None for c in cells):
            continue
        try:
            values = [from_cell(f, c) for f, c in zip(sent_fields, cells)]
        except CellError as exc:
            raise PackageError(f"{name} 的“{title}”表第 {number} 行有一格{exc}。") from exc
        checksum.row(values, money)
        if missing:
            sent_values = dict(zip(sent, values))
            values = [values[i] if i is not None else _default(f, sent_values)
                      for i, f in zip(order, fields)]
        rows.append(values)
    if len(rows) != info.rows.get(title):
        raise PackageError(f"{name} 的“{title}”表应有 {info.rows.get(title)} 行，实有 {len(rows)} 行。")
    return rows


def _default(field, sent: dict):
    """A field an older package lacks: what the upgrade step gives such a row (the model's
    ``value_for_older``, e.g. a 特殊群体 category is sensitive), else the field's default."""
    for_older = getattr(field.model, "value_for_older", None)
    value = for_older(field.name, sent) if for_older else None
    if value is not None:
        return value
    default = field.default
    return default() if callable(default) else default
