"""敏感类别 (个人信息保护法 第28–29条): what the account at the keyboard may see of the 困难群体 /
特殊群体 categories a person is in, in one place for every list, search, form, print and report.

A category marked ``sensitive`` (the 特殊群体 ones by default) is shown by name only to a role
with ``SEE_SENSITIVE`` (管理员, 录入员). Any other role (查看员) sees the one mask ``MASK`` where
the names of a person's sensitive categories would be — one mask however many there are, so
neither which nor how many is told — and finds no one by them: the text search and the group
filters match only the categories the session may see, so the 特殊群体 filter does not single out
the people who are only in sensitive ones.

Why a visible mask rather than leaving the names out: a 查看员's 花名册 or 结对 list must not look
complete when it is not (a printed list silently without the 特殊群体 would be read as "nobody
here is one"), and ``***`` is how the lists already hide what a role may not read (ID numbers
as ``500229********123X``, DESIGN §6); it is three characters, so it fits every list column and
table cell, and it names no group.

Opening a sensitive person's full record (the resident form, the pairing form) by an account
that sees the names is recorded in the audit trail (``record_view``); the program's own session
(no login: the sample town, upgrades, tests) records nothing.
"""
from __future__ import annotations

from typing import Iterable

from ...store import audit, session
from ...store.models import Category, Resident, ResidentCategory

MASK = "***"
MASK_NOTE = f"{MASK}：敏感类别，当前账号无权查看"
PRINT_NOTE = f"注：“{MASK}”为敏感类别，打印的账号无权查看。"


def may_see() -> bool:
    """Whether the current session sees sensitive categories by name."""
    return session.can(session.SEE_SENSITIVE)


def visible_category():
    """SQL: a ``Category`` row the current session may see (and search and filter) by name:
    every one for a role with SEE_SENSITIVE, else only the ones not marked sensitive."""
    return Category.id.is_null(False) if may_see() else (Category.sensitive == False)  # noqa: E712


def shown_names(categories: Iterable[tuple[str, bool]]) -> list[str]:
    """A person's (name, sensitive) categories in order, as the session may see them: the
    sensitive names replaced by one ``MASK`` (where the first of them stood)."""
    shown: list[str] = []
    see = may_see()
    for name, is_sensitive in categories:
        text = MASK if is_sensitive and not see else name
        if text not in shown:
            shown.append(text)
    return shown


def shown_text(categories: Iterable[tuple[str, bool]]) -> str:
    """``shown_names`` as the lists and papers print them: 低保、***"""
    return "、".join(shown_names(categories))


def categories_by_resident(resident_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """Each resident's (name, sensitive) categories in list order (group, then sort order); one
    query for a page of people."""
    result: dict[int, list[tuple[str, bool]]] = {}
    if not resident_ids:
        return result
    links = (ResidentCategory.select(ResidentCategory.resident, Category.name, Category.sensitive)
             .join(Category).where(ResidentCategory.resident.in_(resident_ids))
             .order_by(Category.group, Category.sort_order, Category.id).tuples())
    for resident_id, name, is_sensitive in links:
        result.setdefault(resident_id, []).append((name, bool(is_sensitive)))
    return result


def shown_groups_of(resident_ids: list[int]) -> dict[int, str]:
    """Each resident's categories as the session may see them (``shown_text``)."""
    return {rid: shown_text(found) for rid, found in categories_by_resident(resident_ids).items()}


def sensitive_names(resident: Resident | int) -> list[str]:
    """The names of the sensitive categories a person is in (for the audit row, and the form)."""
    rid = resident if isinstance(resident, int) else resident.id
    return [name for name, is_sensitive in categories_by_resident([rid]).get(rid, []) if is_sensitive]


def keep_hidden(resident: Resident | None, chosen: list[Category]) -> list[Category]:
    """What a save by a role that cannot see sensitive categories writes: the non-sensitive ones
    it chose, and the sensitive ones the person already had (it was never shown them, so it can
    neither add nor take them away). A role that sees them writes what it chose."""
    if may_see():
        return chosen
    kept = [] if resident is None or resident.id is None else list(
        Category.select().join(ResidentCategory)
        .where(ResidentCategory.resident == resident, Category.sensitive == True))  # noqa: E712
    return [c for c in chosen if not c.sensitive] + kept


def record_view(resident: Resident, where: str = "") -> bool:
    """Opening a person's full record: one audit row "查看敏感信息" when the person is in a
    sensitive category and the account sees its name. Not for the program's own session (no
    one logged in) nor for a role that sees the mask only. Returns whether a row was written."""
    if resident is None or resident.id is None or session.current().account_id is None:
        return False
    if not may_see():
        return False
    names = sensitive_names(resident)
    if not names:
        return False
    audit.record("view", record_type=Resident._meta.verbose_name, uid=resident.uid or "",
                 name=resident.name,
                 detail=f"查看含敏感类别（{'、'.join(names)}）的人员信息" + (f"（{where}）" if where else ""))
    return True
