"""How soon a 较大 or 重大 舆情 must be reported to the township, and how long an incident may stay
open before it shows as a finding.

The township sets the limits (issue 14: default 2 hours for 重大, 24 for 较大). There is no 下发包
yet to carry the township's settings down, so each PC keeps them as a setting of its own unit:
on a village PC the clerk types what the township's notice says (the defaults already are the
township's); on the township PC they are the township's own, and the township judges every
village's incidents by them — it is the township's rule, whatever a village typed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ...errors import ValidationError
from ...store.models import Unit
from ...units import get_setting, home_unit, set_setting

LIMITS_KEY = "online.report_limits"
MOST_HOURS = 72
MOST_DAYS = 90


@dataclass(frozen=True)
class ReportLimits:
    grave_hours: int = 2     # 重大: report within this many hours of finding it
    major_hours: int = 24    # 较大
    close_days: int = 7      # any level: settled (办结) within this many days, else a finding

    def hours_for(self, level: str) -> int | None:
        """The reporting limit of a level; None for 一般 (reported only when the clerk wants)."""
        return {"grave": self.grave_hours, "major": self.major_hours}.get(level)

    def deadline(self, level: str, found_at: datetime) -> datetime | None:
        hours = self.hours_for(level)
        return None if hours is None else found_at + timedelta(hours=hours)


@dataclass(frozen=True)
class LimitField:
    name: str
    label: str
    unit_word: str
    low: int
    high: int
    hint: str


LIMIT_FIELDS = (
    LimitField("grave_hours", "重大舆情上报时限", "小时", 1, MOST_HOURS, "从发现时起算，镇里规定默认2小时"),
    LimitField("major_hours", "较大舆情上报时限", "小时", 1, MOST_HOURS, "从发现时起算，镇里规定默认24小时"),
    LimitField("close_days", "舆情办结期限", "天", 1, MOST_DAYS, "超过这么多天仍未办结的，列入规则提示"),
)


def _stored(unit: Unit | int) -> ReportLimits:
    values = get_setting(unit, LIMITS_KEY, {}) or {}
    known = {f.name for f in LIMIT_FIELDS}
    return replace(ReportLimits(), **{k: int(v) for k, v in values.items() if k in known})


def limits_for(unit: Unit | int | None = None) -> ReportLimits:
    """The limits an incident of ``unit`` is judged by: on the township PC the township's own,
    on a village PC the village's (as typed from the township's notice)."""
    home = home_unit()
    if home.kind == "town" or unit is None:
        return _stored(home)
    return _stored(unit)


def save_limits(unit: Unit, data: dict[str, Any]) -> ReportLimits:
    """Check and store the limits typed in the tab; only the PC's own unit may set them."""
    problems: dict[str, str] = {}
    values: dict[str, int] = {}
    for spec in LIMIT_FIELDS:
        text = str(data.get(spec.name, "")).strip()
        if not text.isdigit() or not spec.low <= int(text) <= spec.high:
            problems[spec.name] = f"{spec.label}要填{spec.low}到{spec.high}之间的整数（{spec.unit_word}），现在是“{text}”。"
        else:
            values[spec.name] = int(text)
    if not problems and values["grave_hours"] > values["major_hours"]:
        problems["grave_hours"] = "重大舆情的上报时限不能比较大舆情还长，请核对。"
    if problems:
        raise ValidationError(problems)
    limits = ReportLimits(**values)
    set_setting(unit, LIMITS_KEY, asdict(limits))
    return limits


def limit_text(limits: ReportLimits) -> str:
    return (f"重大舆情发现后{limits.grave_hours}小时内、较大舆情{limits.major_hours}小时内上报镇里；"
            f"各类舆情{limits.close_days}天内办结")
