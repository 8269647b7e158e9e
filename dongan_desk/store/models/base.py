"""The base of every synced record: a ``uid`` that travels between PCs, and timestamps."""
from __future__ import annotations

import uuid
from datetime import datetime

from peewee import CharField, DateTimeField, Model

from ..database import db


def new_uid() -> str:
    return str(uuid.uuid4())


def now() -> datetime:
    # Second precision: what a clerk reads, and what survives an Excel round trip unchanged.
    return datetime.now().replace(microsecond=0)


class BaseModel(Model):
    uid = CharField(unique=True, default=new_uid, verbose_name="唯一标识")
    created_at = DateTimeField(default=now, verbose_name="创建时间")
    updated_at = DateTimeField(default=now, verbose_name="修改时间")

    class Meta:
        database = db
        legacy_table_names = False

    def save(self, *args, **kwargs):
        if self.id is not None:
            self.updated_at = now()
        return super().save(*args, **kwargs)

    @classmethod
    def label(cls, field_name: str) -> str:
        """The Chinese label of a field: the one place labels come from."""
        return cls._meta.fields[field_name].verbose_name or field_name

    @classmethod
    def choice_label(cls, field_name: str, code) -> str:
        choices = dict(cls._meta.fields[field_name].choices or ())
        return choices.get(code, "" if code is None else str(code))
