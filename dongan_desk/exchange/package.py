"""The village's 报送包: a full snapshot of one unit in one .xlsx (DESIGN §2).

Sheets: 说明 (what the file is, for whom, and the checksum), one data sheet per record type with
every field and its uid (Chinese headers from ``verbose_name``), then the report sheets the
township reads and prints.

Printing the whole workbook must give the report sheets, not the thousands of rows of data (a
village's package printed 365 pages, now about a dozen). The data sheets are therefore *hidden*
(not "very hidden"): Excel, WPS and LibreOffice leave hidden sheets out of printing and out of
a PDF export; the 说明 page lists them with their rows and says how to show them (right-click a
tab → 取消隐藏); import reads sheets by name whatever their state, and the checksum covers their
values, not how they are shown. A print area instead would still print a page of headers per
sheet, and hidden rows would hide what the import reads.

The workbook is written write-only (it is the fast way, and a village's 3,000 residents and
their records make a few hundred thousand cells) into memory, encrypted there with the village's
接入码 as its password (``protection``: Excel and WPS ask for it), written to a temporary file
beside the target, read back, decrypted in memory and checked, then renamed. No clear copy of
the package is ever written to the stick."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from xml.etree import ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import __version__
from ..units import former_codes
from ..fileio import atomic_write, remove_stale_temps
from ..store import audit, migrations, session
from ..store.database import db
from ..store.models import ExportRecord, Unit
from .cell_text import line_count, row_height
from .report_specs import add_sheet_write_only
from ..store.scope import (exported_fields, foreign_keys, model_title, synced_models, unit_query,
                           unit_rows)
from . import audit_head
from .access import home_key, seal
from .protection import protect, unprotect
from .schema import Checksum, money_positions, to_cell

PACKAGE_KIND = "东安台账报送包"
# 1: schema 1, the checksum covered the data sheets only. 2: it covers the 说明 page too, and
# the package is sealed with the village's 接入码.
FORMAT_VERSION = 2
INFO_SHEET = "说明"
# 说明 sheet: label in column A, value in column B, in this order.
INFO_KEYS = (("kind", "文件类型"), ("format", "格式版本"), ("unit_code", "单位代码"),
             ("unit_name", "单位名称"), ("unit_short", "单位简称"), ("seq", "报送序号"),
             ("exported_at", "导出时间"), ("program", "程序版本"), ("schema", "数据版本"),
             ("checksum", "校验值（SHA-256）"), ("rows", "各表行数"), ("fields", "各表字段"),
             ("former_codes", "曾用单位代码"), ("audit_head", "审计记录链（条数与校验值）"),
             ("seal", "封记（HMAC-SHA256）"))
# Keys a package of an earlier version may lack (its checksum was made without them).
ADDED_INFO = ("audit_head",)
# What the checksum does not cover: itself, and the seal made from it.
UNCHECKED_INFO = ("checksum", "seal")
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(vertical="top", wrap_text=True)
# 说明 rows the clerk reads; the two JSON rows are for the program and are cut at the page edge.
_MACHINE_INFO = ("rows", "fields")
DATA_SHEETS_LABEL = "数据表（已隐藏）"
DATA_SHEETS_NOTE = ("以上数据表供镇里导入，已隐藏，整本打印时不打印。要查看：在下面任一工作表标签上"
                    "单击右键，选“取消隐藏”。")



@dataclass
class PackageInfo:
    unit_code: str
    unit_name: str
    unit_short: str
    seq: int
    exported_at: dt.datetime
    program: str
    schema: int
    checksum: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    former_codes: list[str] = field(default_factory=list)
    audit_head: str = ""  # JSON: the trail's count, last hash and checkpoints (audit_head.py)
    seal: str = ""
    format: int = FORMAT_VERSION


@dataclass
class ExportResult:
    path: Path
    info: PackageInfo


def package_name(unit: Unit, when: dt.datetime) -> str:
    return f"东安台账_{unit.name}_{when:%Y%m%d-%H%M%S}.xlsx"


_NAME = re.compile(r"^东安台账_(?P<unit>.+)_\d{8}-\d{6}")


def unit_name_in(file_name: str) -> str | None:
    """The unit a package's file name names (a copy may have " (1)" added), or None."""
    match = _NAME.match(file_name)
    return match["unit"] if match else None


def next_seq(unit: Unit) -> int:
    last = (ExportRecord.select(ExportRecord.seq).where(ExportRecord.unit == unit)
            .order_by(ExportRecord.seq.desc()).scalar())
    return (last or 0) + 1


def export_package(unit: Unit, folder: Path, now: dt.datetime | None = None,
                   reports: bool = True) -> ExportResult:
    """Write the unit's snapshot into ``folder``, protected with the 接入码; raises
    ``FileWriteError`` (Chinese) when the folder cannot take it, leaving no file behind and the
    database untouched, and ``NotAllowed`` for a role that may not export."""
    session.require(session.EXPORT)  # a 查看员 may not: the package carries the full data
    now = (now or dt.datetime.now()).replace(microsecond=0)
    code = home_key(unit)  # before anything is written: without it the township refuses
    info = PackageInfo(unit.code, unit.name, unit.short_name, next_seq(unit), now, __version__,
                       migrations.SCHEMA_VERSION,
                       former_codes=former_codes() if unit.is_home else [],
                       audit_head=audit_head.head_for_package() if unit.is_home else "")
    target = Path(folder) / package_name(unit, now)
    remove_stale_temps(target.parent)
    with db.atomic():  # one consistent read of the whole unit (WAL: writers are not blocked)
        atomic_write(target, lambda temp: _write(temp, unit, info, reports, code),
                     verify=lambda temp: verify_package_file(temp, info, code))
    with db.atomic():
        ExportRecord.create(unit=unit, seq=info.seq, exported_at=now, file_name=target.name,
                            folder=str(target.parent), checksum=info.checksum,
                            rows=json.dumps(info.rows, ensure_ascii=False))
        audit.record("export", record_type="报送包", uid=unit.uid, name=target.name,
                     detail=f"{unit.name} 第 {info.seq} 次报送，保存到 {target.parent}")
        if info.audit_head:
            audit_head.note_exported(info.audit_head)
    return ExportResult(target, info)


def _write(temp: Path, unit: Unit, info: PackageInfo, reports: bool, code: str) -> None:
    wb = Workbook(write_only=True)
    info_ws = wb.create_sheet(INFO_SHEET)  # first in the file; filled last, once all is counted
    checksum, uids = Checksum(), UidMaps(unit.id)
    for model in synced_models():
        _write_data_sheet(wb, model, unit, checksum, info, uids)
    checksum.info(info_values(info))
    info.checksum = checksum.hexdigest()
    info.seal = seal(code, info.checksum)
    if reports:
        from .package_reports import village_reports
        for title, fill in village_reports(unit, info.exported_at.date()):
            add_sheet_write_only(wb, title, fill)
    _write_info_sheet(info_ws, info)
    workbook = io.BytesIO()
    wb.save(workbook)
    temp.write_bytes(protect(workbook.getvalue(), code))


def _write_info_sheet(ws, info: PackageInfo) -> None:
    """The 说明 page: what the import checks (label in A, value in B), then for the clerk the
    hidden data sheets with their rows; one portrait page wide when printed."""
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80
    listing = "、".join(f"{title} {count} 行" for title, count in info.rows.items())
    notice = "本文件由东安台账导出，请勿在 Excel/WPS 中修改后再报送：改动后镇里将拒收。"
    notice_row = len(INFO_KEYS) + 2  # after a blank row
    heights = {notice_row: row_height(1), notice_row + 1: row_height(line_count(listing, 80)),
               notice_row + 2: row_height(line_count(DATA_SHEETS_NOTE, 80))}
    for row, height in heights.items():  # write-only: row heights and merges before the rows
        ws.row_dimensions[row].height = height
    ws.merged_cells.add(f"A{notice_row}:B{notice_row}")
    last = notice_row + 2
    ws.print_area = f"A1:B{last}"
    ws.page_setup.paperSize = 9  # A4, portrait
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    values = info_values(info)
    for key, label in INFO_KEYS:
        value = _text(ws, values[key])
        if key not in _MACHINE_INFO and isinstance(value.value, str):
            value.alignment = _WRAP
        ws.append([_styled(ws, label, bold=True), value])
    ws.append([])
    ws.append([_wrapped(ws, notice, bold=True), None])
    ws.append([_styled(ws, DATA_SHEETS_LABEL, bold=True), _wrapped(ws, listing)])
    ws.append([None, _wrapped(ws, DATA_SHEETS_NOTE)])


def _wrapped(ws, value, bold: bool = False):
    cell = _styled(ws, value, bold=bold)
    cell.alignment = _WRAP
    return cell


def info_values(info: PackageInfo) -> dict[str, object]:
    return {"kind": PACKAGE_KIND, "format": info.format, "unit_code": info.unit_code,
            "unit_name": info.unit_name, "unit_short": info.unit_short, "seq": info.seq,
            "exported_at": info.exported_at, "program": info.program, "schema": info.schema,
            "checksum": info.checksum, "rows": json.dumps(info.rows, ensure_ascii=False),
            "fields": json.dumps(info.fields, ensure_ascii=False),
            "former_codes": "、".join(info.former_codes), "audit_head": info.audit_head,
            "seal": info.seal}


def _write_data_sheet(wb: Workbook, model, unit: Unit, checksum: Checksum,
                      info: PackageInfo, uids: "UidMaps") -> None:
    title = model_title(model)
    fields = exported_fields(model)
    ws = wb.create_sheet(title)
    ws.sheet_state = "hidden"  # kept out of printing the whole workbook (see the module's note)
    ws.freeze_panes = "A2"
    for index, f in enumerate(fields):
        ws.column_dimensions[_column(index)].width = 38 if f.name == "uid" else 16
    ws.auto_filter.ref = f"A1:{_column(len(fields) - 1)}1"
    ws.append([_styled(ws, f.verbose_name or f.name, bold=True, fill=True) for f in fields])
    checksum.sheet(title)
    money = money_positions(fields)
    uid_maps = {fk.name: uids.of(fk.rel_model) for fk in foreign_keys(model)}
    count = 0
    for record in unit_rows(model, unit.id, fields):
        values = [uid_maps[f.name][v] if f.name in uid_maps and v is not None else v
                  for f, v in zip(fields, record)]
        checksum.row(values, money)
        ws.append([_cell(ws, f, v) for f, v in zip(fields, values)])
        count += 1
    info.rows[title] = count
    info.fields[title] = [f.name for f in fields]


class _UidMap(dict):
    """id → uid of the unit's records of one type; an id outside the unit is looked up alone."""

    def __init__(self, model, unit_id: int):
        query = model.select(model.id, model.uid) if model is Unit else \
            unit_query(model, unit_id).select(model.id, model.uid)
        super().__init__(query.tuples())
        self.model = model

    def __missing__(self, key: int) -> str | None:
        found = self.model.select(self.model.uid).where(self.model.id == key).scalar()
        self[key] = found
        return found


class UidMaps:
    """id → uid of each referenced record type, read once per export."""

    def __init__(self, unit_id: int) -> None:
        self.unit_id = unit_id
        self._maps: dict = {}

    def of(self, model) -> dict[int, str]:
        if model not in self._maps:
            self._maps[model] = _UidMap(model, self.unit_id)
        return self._maps[model]


def _cell(ws, field, value):
    value = to_cell(field, value)
    if value == "":
        return None  # an empty cell; read back as "" for a text field (schema.from_cell)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "#"):
        return _text(ws, value)  # a clerk's text, never a formula or an error value
    return value


def _text(ws, value):
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _styled(ws, value, bold: bool = False, fill: bool = False):
    cell = _text(ws, value)
    if bold:
        cell.font = _BOLD
    if fill:
        cell.fill = _HEADER_FILL
    return cell


def _column(index: int) -> str:
    return get_column_letter(index + 1)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its XML member, read from the workbook's own index (openpyxl's read-only
    loader would parse every sheet to size it: a third of a second per village)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target").lstrip("/") for r in rels.iter(f"{_PKG_REL}Relationship")}
    return {sheet.get("name"): targets[sheet.get(f"{_REL}id")]
            for sheet in workbook.iter(f"{_MAIN}sheet")}


def verify_package_file(path: Path, info: PackageInfo, code: str) -> None:
    """Read the written file back: it opens with the 接入码, every member decompresses with its
    CRC intact, 说明 carries the checksum and unit code written, every data sheet has as many
    rows as were counted. Raises ValueError (→ FileWriteError) when anything is off."""
    workbook, _ = unprotect(Path(path).read_bytes(), [code], check_password=False)  # Damaged: a ValueError
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        parts = sheet_parts(archive)
        titles = {part: title for title, part in parts.items()}
        for member in archive.namelist():
            data = archive.read(member)  # every member, its CRC checked on the way
            title = titles.get(member)
            if title == INFO_SHEET:
                if info.checksum.encode() not in data or info.unit_code.encode() not in data:
                    raise ValueError("读回的说明页与写入的不一致")
            elif title in info.rows and data.count(b"<row ") != info.rows[title] + 1:
                raise ValueError(f"读回的“{title}”有 {data.count(b'<row ') - 1} 行，"
                                 f"应为 {info.rows[title]} 行")
        missing = [t for t in (INFO_SHEET, *info.rows) if t not in parts]
        if missing:
            raise ValueError(f"读回时缺少“{missing[0]}”表")
