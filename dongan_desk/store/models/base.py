"""The base of every synced record: a ``uid`` that travels between PCs, and timestamps; and the
one place every save and delete of a record passes, for the audit trail to watch."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol

from peewee import CharField, DateTimeField, Model

from ..database import db


def new_uid() -> str:
    return str(uuid.uuid4())


def now() -> datetime:
    # Second precision: what a clerk reads, and what survives an Excel round trip unchanged.
    return datetime.now().replace(microsecond=0)


class RecordWatcher(Protocol):
    """What ``store/audit.py`` plugs in (it imports the models, so they cannot import it)."""

    def before_save(self, record: "BaseModel") -> Any: ...
    def after_save(self, record: "BaseModel", before: Any) -> None: ...
    def before_delete(self, record: "BaseModel") -> None: ...


_watcher: RecordWatcher | None = None


def watch_records(watcher: RecordWatcher | None) -> None:
    global _watcher
    _watcher = watcher


def is_synced(model: type[Model]) -> bool:
    return getattr(model._meta, "synced", True)


class BaseModel(Model):
    uid = CharField(unique=True, default=new_uid, verbose_name="唯一标识")
    created_at = DateTimeField(default=now, verbose_name="创建时间")
    updated_at = DateTimeField(default=now, verbose_name="修改时间")

    class Meta:
        database = db
        legacy_table_names = False

    def save(self, *args, **kwargs):
        watched = _watcher is not None and is_synced(type(self))
        before = _watcher.before_save(self) if watched else None
        if self.id is not None:
            self.updated_at = now()
        result = super().save(*args, **kwargs)
        if watched:
            _watcher.after_save(self, before)
        return result

    def delete_instance(self, *args, **kwargs):
        if _watcher is not None and is_synced(type(self)):
            _watcher.before_delete(self)
        return super().delete_instance(*args, **kwargs)

    @classmethod
    def label(cls, field_name: str) -> str:
        """The Chinese label of a field: the one place labels come from."""
        return cls._meta.fields[field_name].verbose_name or field_name

    @classmethod
    def choice_label(cls, field_name: str, code) -> str:
        choices = dict(cls._meta.fields[field_name].choices or ())
        return choices.get(code, "" if code is None else str(code))
