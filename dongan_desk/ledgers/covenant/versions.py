"""The covenant as versioned text: the first version, a new version as a copy of the last, and
the text of a draft, written as a clerk writes it in Word and read back into chapters and
numbered clauses.

The text form (``covenant_text`` / ``save_text``) is one line a chapter heading ("第一章 总则")
and a clause starting "第一条" (or "第1条"); a clause may run over several lines. Clauses are
numbered through the whole covenant, whatever the clerk typed, so 第八条 is always the eighth.
A version's text is frozen once the 村民代表大会 adopted it: a change is a new version.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...errors import ValidationError
from ...store.database import db
from ...store.models import Unit
from ...units import ensure_writable
from ...validation import SaveResult, clean_name, clean_text, collect, raise_problems
from .models import CovenantChapter, CovenantClause, CovenantStep, VillageCovenant
from .numbers import cn_number, parse_number

CLAUSE_MAX = 2000
TEXT_MAX = 60000
_CHAPTER = re.compile(r"^\s*第\s*([0-9０-９一二三四五六七八九十百零〇两]+)\s*章[\s　:：、.．]*(.*)$")
_CLAUSE = re.compile(r"^\s*第\s*([0-9０-９一二三四五六七八九十百零〇两]+)\s*条[\s　:：、.．]*(.*)$")


@dataclass(frozen=True)
class ParsedChapter:
    title: str
    clauses: tuple[str, ...]


def default_title(unit: Unit) -> str:
    return f"{unit.name.replace('（示例）', '')}村规民约"


def versions_of(unit: Unit | int) -> list[VillageCovenant]:
    return list(VillageCovenant.select().where(VillageCovenant.unit == unit)
                .order_by(VillageCovenant.version.desc()))


def current_version(unit: Unit | int) -> VillageCovenant | None:
    return VillageCovenant.get_or_none(VillageCovenant.unit == unit, VillageCovenant.is_current == True)  # noqa: E712


def is_adopted(covenant: VillageCovenant) -> bool:
    return covenant.adopted_on is not None


def version_label(covenant: VillageCovenant) -> str:
    year = f"，{covenant.adopted_on.year}年审定" if covenant.adopted_on else "，草案"
    return f"第{covenant.version}版{year}"


def status_text(covenant: VillageCovenant) -> str:
    if covenant.is_current:
        return "现行"
    if covenant.superseded_on:
        return f"已废止（{covenant.superseded_on:%Y-%m-%d}）"
    if covenant.adopted_on:
        return "已审定"
    done = CovenantStep.select().where(CovenantStep.covenant == covenant).count()
    return f"草案（已完成{done}个环节）" if done else "草案"


def chapters_of(covenant: VillageCovenant) -> list[tuple[CovenantChapter, list[CovenantClause]]]:
    chapters = list(CovenantChapter.select().where(CovenantChapter.covenant == covenant)
                    .order_by(CovenantChapter.number))
    clauses: dict[int, list[CovenantClause]] = {c.id: [] for c in chapters}
    for clause in (CovenantClause.select().join(CovenantChapter)
                   .where(CovenantChapter.covenant == covenant).order_by(CovenantClause.number)):
        clauses[clause.chapter_id].append(clause)
    return [(chapter, clauses[chapter.id]) for chapter in chapters]


def clause_count(covenant: VillageCovenant) -> int:
    return (CovenantClause.select().join(CovenantChapter)
            .where(CovenantChapter.covenant == covenant).count())


# ---- the text form --------------------------------------------------------------------------

def covenant_text(covenant: VillageCovenant) -> str:
    """The version as the clerk edits it: chapter headings and 第N条 clauses."""
    lines = []
    for chapter, clauses in chapters_of(covenant):
        lines.append(f"第{cn_number(chapter.number)}章　{chapter.title}")
        lines += [f"第{cn_number(c.number)}条　{c.text}" for c in clauses]
        lines.append("")
    return "\n".join(lines).strip()


def parse_text(text: str) -> list[ParsedChapter]:
    """Chapters and clauses from the text form; every problem said with its line."""
    chapters: list[tuple[str, list[str]]] = []
    expected_chapter = 1
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        chapter, clause = _CHAPTER.match(line), _CLAUSE.match(line)
        if chapter:
            if parse_number(chapter.group(1)) != expected_chapter:
                raise ValidationError({"text": f"第{number}行“{line[:20]}”：章的序号应是第{cn_number(expected_chapter)}章，"
                                               "请按顺序编章。"})
            title = chapter.group(2).strip()
            if not title:
                raise ValidationError({"text": f"第{number}行：第{cn_number(expected_chapter)}章缺少章名（如“总则”）。"})
            chapters.append((title, []))
            expected_chapter += 1
        elif clause:
            if not chapters:
                raise ValidationError({"text": f"第{number}行：第一条之前要有章的标题，如“第一章　总则”。"})
            body = clause.group(2).strip()
            if not body:
                raise ValidationError({"text": f"第{number}行：“{line}”后面没有条款内容。"})
            chapters[-1][1].append(body)
        elif chapters and chapters[-1][1]:
            chapters[-1][1][-1] += "\n" + line  # a clause running over several lines
        else:
            raise ValidationError({"text": f"第{number}行“{line[:20]}”不是章的标题，也不是条款：每章以“第一章　章名”"
                                           "开头，每条以“第一条”开头。"})
    for title, clauses in chapters:
        if not clauses:
            raise ValidationError({"text": f"“{title}”一章还没有条款，请补上或删去这一章。"})
        for body in clauses:
            if len(body) > CLAUSE_MAX:
                raise ValidationError({"text": f"有一条太长了（{len(body)}字，最多{CLAUSE_MAX}字）：“{body[:20]}…”"})
    return [ParsedChapter(title, tuple(clauses)) for title, clauses in chapters]


def _write_chapters(covenant: VillageCovenant, chapters: list[ParsedChapter]) -> None:
    for chapter in CovenantChapter.select().where(CovenantChapter.covenant == covenant):
        for clause in chapter.clauses:  # one by one: the audit trail names each
            clause.delete_instance()
        chapter.delete_instance()
    number = 0
    for index, parsed in enumerate(chapters, start=1):
        chapter = CovenantChapter.create(covenant=covenant, number=index, title=parsed.title)
        for body in parsed.clauses:
            number += 1
            CovenantClause.create(chapter=chapter, number=number, text=body)


def _require_draft(covenant: VillageCovenant) -> None:
    if is_adopted(covenant):
        raise ValidationError(f"第{covenant.version}版已于{covenant.adopted_on:%Y-%m-%d}经村民代表大会审定，"
                              "条文不能再改；要修改，请点“新建版本”，在新版本（草案）里修改后重新审定。")


def save_text(covenant: VillageCovenant, data: dict[str, Any]) -> SaveResult:
    """Title, preamble and the whole text of a draft, replaced in one transaction."""
    _require_draft(covenant)
    problems: dict[str, str] = {}
    title = collect(problems, "title", lambda: clean_name(
        data.get("title"), label=VillageCovenant.label("title"), required=True, limit=60))
    preamble = collect(problems, "preamble", lambda: clean_text(
        data.get("preamble"), label=VillageCovenant.label("preamble"), limit=CLAUSE_MAX))
    text = collect(problems, "text", lambda: clean_text(
        data.get("text"), label="条文", required=True, limit=TEXT_MAX))
    chapters = collect(problems, "text", lambda: parse_text(text)) if text else None
    raise_problems(problems)
    ensure_writable(covenant.unit_id)
    with db.atomic():
        covenant.title, covenant.preamble = title, preamble
        covenant.save()
        _write_chapters(covenant, chapters)
    return SaveResult(covenant)


def new_version(unit: Unit) -> SaveResult:
    """A new draft: the first one empty, later ones a copy of the last version's text."""
    versions = versions_of(unit)
    drafts = [v for v in versions if not is_adopted(v)]
    if drafts:
        raise ValidationError(f"第{drafts[0].version}版还是草案，还没有审定：一次只修订一个版本，"
                              "请在这个草案上继续修改，或删除它后再新建。")
    ensure_writable(unit)
    last = versions[0] if versions else None
    with db.atomic():
        draft = VillageCovenant.create(
            unit=unit, version=(last.version + 1) if last else 1,
            title=last.title if last else default_title(unit), preamble=last.preamble if last else "")
        if last is not None:
            _write_chapters(draft, [ParsedChapter(chapter.title, tuple(c.text for c in clauses))
                                    for chapter, clauses in chapters_of(last)])
    warnings = [] if last else ["这是第一版草案：请在“条文”里写入各章各条，或从 Word 中整篇粘贴。"]
    return SaveResult(draft, warnings)


def delete_draft(covenant: VillageCovenant) -> None:
    _require_draft(covenant)
    ensure_writable(covenant.unit_id)
    with db.atomic():
        for step in CovenantStep.select().where(CovenantStep.covenant == covenant):
            step.delete_instance()
        _write_chapters(covenant, [])
        covenant.delete_instance()
