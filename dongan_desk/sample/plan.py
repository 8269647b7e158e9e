"""The sizes of the sample: one village, or the reference town of DESIGN.md §8."""
from __future__ import annotations

from dataclasses import dataclass

SAMPLE_MARK = "（示例）"


@dataclass(frozen=True)
class SampleSize:
    villages: int
    households_per_village: int
    courtyards_per_village: int
    party_members_per_village: int


SIZES = {
    "village": SampleSize(1, 300, 15, 40),
    "town": SampleSize(10, 900, 45, 60),
}
