"""Where 报送 stands: for a village, what changed since its last package; for the township,
each village's last package and whether this month's is missing."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..store.models import ExportRecord, ImportRecord, Unit
from ..store.scope import model_title, synced_models, unit_query
from ..units import villages


@dataclass
class SinceLastExport:
    last: ExportRecord | None
    changed: int          # records added or edited since
    fewer_tables: list[str]  # record types with fewer rows than sent: something was deleted

    def describe(self) -> str:
        if self.last is None:
            return "还没有报送过"
        when = f"上次报送：{self.last.exported_at:%Y-%m-%d %H:%M}（第{self.last.seq}次）"
        if not self.changed and not self.fewer_tables:
            return when + "，之后没有改动"
        parts = [f"{self.changed} 条新增或修改"] if self.changed else []
        if self.fewer_tables:
            parts.append("有删除（" + "、".join(self.fewer_tables) + "）")
        return when + "，之后" + "，".join(parts)


def last_export(unit: Unit) -> ExportRecord | None:
    return (ExportRecord.select().where(ExportRecord.unit == unit)
            .order_by(ExportRecord.seq.desc()).first())


def since_last_export(unit: Unit) -> SinceLastExport:
    last = last_export(unit)
    if last is None:
        return SinceLastExport(None, 0, [])
    sent = json.loads(last.rows or "{}")
    changed, fewer = 0, []
    for model in synced_models():
        if model is Unit:
            continue
        query = unit_query(model, unit.id)
        # Timestamps are to the second; a clerk cannot save within the second an export began.
        changed += query.where(model.updated_at > last.exported_at).count()
        if query.count() < sent.get(model_title(model), 0):
            fewer.append(model_title(model))
    return SinceLastExport(last, changed, fewer)


@dataclass
class VillageStatus:
    unit: Unit
    last: ImportRecord | None
    overdue: bool
    rebaseline: ImportRecord | None = None  # the latest package taken as a new start

    @property
    def rebaseline_note(self) -> str:
        """重新起算：date，reason — when the township accepted a package whose numbering restarted."""
        record = self.rebaseline
        if record is None:
            return ""
        return f"重新起算：{record.imported_at:%Y-%m-%d}，{record.rebaseline_reason}"

    @property
    def rows(self) -> int:
        return sum(json.loads(self.last.rows).values()) if self.last else 0

    @property
    def state(self) -> str:
        if self.last is None:
            return "从未报送"
        return "本月未报送" if self.overdue else "正常"


def village_statuses(today: dt.date | None = None) -> list[VillageStatus]:
    """Each village with its newest imported package; overdue when none was exported this month."""
    today = today or dt.date.today()
    month_start = dt.datetime(today.year, today.month, 1)
    result = []
    for unit in villages():
        accepted = ImportRecord.select().where(ImportRecord.unit == unit,
                                               ImportRecord.status == "accepted")
        # The newest taken, not the highest number: after a re-baseline the numbering restarts.
        last = accepted.order_by(ImportRecord.id.desc()).first()
        rebaseline = (accepted.where(ImportRecord.rebaseline_reason != "")
                      .order_by(ImportRecord.id.desc()).first())
        result.append(VillageStatus(unit, last, last is None or last.exported_at < month_start,
                                    rebaseline))
    return result
