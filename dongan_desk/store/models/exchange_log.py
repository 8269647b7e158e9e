"""Local bookkeeping of 报送: what this PC exported, what the township imported, the 接入码 that
seal the packages, and this installation's own facts.

These records describe the exchange itself (and hold its secrets), so they never travel in a
package (synced=False)."""
from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .base import BaseModel
from .roster import Unit

IMPORT_STATUSES = (("accepted", "已导入"), ("same", "重复，未改动"), ("refused", "已拒收"))


class ExportRecord(BaseModel):
    unit = ForeignKeyField(Unit, backref="export_records", on_delete="CASCADE", verbose_name="单位")
    seq = IntegerField(verbose_name="报送序号")
    exported_at = DateTimeField(verbose_name="导出时间")
    file_name = CharField(verbose_name="文件名")
    folder = TextField(default="", verbose_name="保存位置")
    checksum = CharField(verbose_name="校验值")
    rows = TextField(default="{}", verbose_name="各表行数")

    class Meta:
        verbose_name = "报送记录"
        synced = False
        indexes = ((("unit", "seq"), True),)


class ImportRecord(BaseModel):
    unit = ForeignKeyField(Unit, backref="import_records", on_delete="CASCADE", verbose_name="单位")
    seq = IntegerField(verbose_name="报送序号")
    exported_at = DateTimeField(verbose_name="导出时间")
    imported_at = DateTimeField(verbose_name="导入时间")
    file_name = CharField(verbose_name="文件名")
    checksum = CharField(verbose_name="校验值")
    status = CharField(choices=IMPORT_STATUSES, verbose_name="结果")
    rows = TextField(default="{}", verbose_name="各表行数")
    message = TextField(default="", verbose_name="说明")
    # Why the township clerk accepted a package that restarts the village's numbering (a PC
    # reinstalled, replaced or restored from an old backup); empty for an ordinary import.
    rebaseline_reason = TextField(default="", verbose_name="重新起算原因")
    sealed = BooleanField(default=False, verbose_name="已加封")

    class Meta:
        verbose_name = "导入记录"
        synced = False


class AccessCode(BaseModel):
    """The secret a village and the township share: it seals every package between them.

    On the township one row per listed village (issued when it is listed, re-issued on request);
    on a village PC one row for the home unit, as the clerk typed it in."""

    unit = ForeignKeyField(Unit, backref="access_codes", on_delete="CASCADE", unique=True,
                           verbose_name="单位")
    code = CharField(verbose_name="接入码")
    issued_at = DateTimeField(verbose_name="下发时间")

    class Meta:
        verbose_name = "接入码"
        synced = False


class LocalValue(BaseModel):
    """A fact of this installation that must not travel (e.g. its own id, former unit codes)."""

    key = CharField(unique=True, verbose_name="项目")
    value = TextField(verbose_name="值")

    class Meta:
        verbose_name = "本机信息"
        synced = False


EXCHANGE_MODELS = (ExportRecord, ImportRecord, AccessCode, LocalValue)
