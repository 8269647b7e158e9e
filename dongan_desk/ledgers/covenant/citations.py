"""Where the 四调 ladder meets the covenant (DESIGN §3: a 村规民约调 step citing a 条款): the
clauses of a village's 现行 version to pick from, and the citation text the step keeps.

The step keeps the citation as text, with the version: a case decided under 第2版 still reads
so after 第3版 is adopted, on the screen and on its 协议书."""
from __future__ import annotations

from dataclasses import dataclass

from ...errors import ValidationError
from .numbers import cn_number
from .versions import chapters_of, current_version


@dataclass(frozen=True)
class ClauseChoice:
    number: int
    chapter: str
    text: str

    @property
    def label(self) -> str:
        return f"第{cn_number(self.number)}条　{self.text}"


def current_clauses(unit_id: int) -> list[ClauseChoice]:
    """The clauses of the unit's 现行 村规民约, in order (empty when it has none)."""
    covenant = current_version(unit_id)
    if covenant is None:
        return []
    return [ClauseChoice(clause.number, chapter.title, clause.text)
            for chapter, clauses in chapters_of(covenant) for clause in clauses]


def citation_text(unit_id: int, numbers: list[int]) -> str:
    """"《兴田村村规民约》（第2版，2026年6月18日审定）第八条：……" one line a clause."""
    covenant = current_version(unit_id)
    if covenant is None:
        raise ValidationError("本村（社区）还没有现行村规民约，无法引用条款；请直接写明依据。")
    chosen = {c.number: c for c in current_clauses(unit_id)}
    unknown = [n for n in numbers if n not in chosen]
    if unknown or not numbers:
        raise ValidationError("请从现行村规民约中选择至少一条。" if not numbers else
                              f"现行村规民约没有第{cn_number(unknown[0])}条。")
    day = covenant.adopted_on
    head = f"《{covenant.title}》（第{covenant.version}版，{day.year}年{day.month}月{day.day}日审定）"
    return "\n".join(f"{head}第{cn_number(n)}条：{chosen[n].text}" for n in sorted(set(numbers)))
