"""Local bookkeeping of 报送: what this PC exported, and what the township imported.

These records describe the exchange itself, so they never travel in a package (synced=False)."""
from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

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

    class Meta:
        verbose_name = "导入记录"
        synced = False


EXCHANGE_MODELS = (ExportRecord, ImportRecord)
