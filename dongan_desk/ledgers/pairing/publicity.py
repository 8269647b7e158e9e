"""The 党员结对帮扶公示表 as rows of text: one row per party member of a unit (亮身份、亮承诺、
亮职责) with the households they are paired with. The PDF for the notice board
(``documents/pairing_notice``) and the township's sheet (``exchange/pairing_sheet``) both render
these rows, so the two show the same table.

The notice board is public: people of a 特殊群体 (社区矫正对象, 严重精神障碍患者 …) are not named
on it (社区矫正法 第4条 and the like protect their identity), only counted; nor is anyone in a
category marked 敏感 (roster/sensitive.py), whatever its group. The township's sheet is an
internal report and names everyone with their categories — a sensitive one masked for a role
that may not see it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import JOIN

from ...store.models import Household, Resident
from .models import Pairing, PartyMemberProfile
from .queries import (Target, any_sensitive, as_date, group_text, heads_of, links_of_households,
                      target_label)

HEADERS = {
    "name": Pairing.label("member"),
    "identity": "身份（所在支部、职务）",
    "commitment": PartyMemberProfile.label("commitment"),
    "duties": PartyMemberProfile.label("duties"),
    "targets": "结对帮扶对象",
    "help": Pairing.label("help_content"),
    "households": "结对户数",
}
NOT_PAIRED = "（尚未结对）"
PUBLIC_KEYS = ("name", "identity", "commitment", "duties", "targets", "help")  # the notice board
SHEET_KEYS = PUBLIC_KEYS + ("households",)                                     # the internal sheet


@dataclass
class NoticeTarget:
    name: str          # the person, or 户主 + 户（整户）
    address: str
    groups: str
    special: bool
    help_content: str
    start_date: date
    sensitive: bool = False   # in a category marked 敏感: unnamed on the notice board too

    @property
    def unnamed_in_public(self) -> bool:
        return self.special or self.sensitive


@dataclass
class NoticeMember:
    id: int
    name: str
    branch: str
    post: str
    commitment: str
    duties: str
    phone: str
    targets: list[NoticeTarget]


@dataclass
class NoticeRow:
    name: str
    identity: str
    commitment: str
    duties: str
    targets: str
    help: str
    households: int

    def values(self, keys: tuple[str, ...]) -> list:
        return [getattr(self, key) for key in keys]


def notice_members(unit_id: int) -> list[NoticeMember]:
    """Every party member of the unit with their 承诺/职责 and their active pairings."""
    members = list(Resident.select(Resident, PartyMemberProfile)
                   .join(PartyMemberProfile, JOIN.LEFT_OUTER,
                         on=(PartyMemberProfile.resident == Resident.id), attr="profile")
                   .where(Resident.unit == unit_id, Resident.status == "active",
                          Resident.is_party_member == True)  # noqa: E712
                   .order_by(Resident.name, Resident.id))
    pairings = list(Pairing.select(Pairing, Target.name.alias("target_name"), Household.address)
                    .join(Household).switch(Pairing)
                    .join(Target, JOIN.LEFT_OUTER, on=(Pairing.resident == Target.id))
                    .where(Pairing.unit == unit_id, Pairing.end_date.is_null())
                    .order_by(Pairing.start_date, Pairing.id).objects())
    households = list({p.household_id for p in pairings})
    links, heads = links_of_households(households), heads_of(households)
    by_member: dict[int, list[NoticeTarget]] = {}
    for p in pairings:
        household_links = links.get(p.household_id, [])
        groups, special = group_text(household_links, p.resident_id)
        by_member.setdefault(p.member_id, []).append(NoticeTarget(
            target_label(p.target_name, heads.get(p.household_id)), p.address, groups, special,
            p.help_content, as_date(p.start_date), any_sensitive(household_links, p.resident_id)))
    result = []
    for m in members:
        profile = getattr(m, "profile", None)
        shown = profile if profile is not None and profile.id else PartyMemberProfile()
        result.append(NoticeMember(m.id, m.name, m.party_branch, shown.post, shown.commitment,
                                   shown.duties, m.phone, by_member.get(m.id, [])))
    return result


def notice_rows(members: list[NoticeMember], public: bool) -> list[NoticeRow]:
    """The table's rows; ``public`` (the notice board) counts special-care people, and people in
    a sensitive category, unnamed."""
    rows = []
    for m in members:
        named = [t for t in m.targets if not (public and t.unnamed_in_public)]
        hidden = [t for t in m.targets if public and t.unnamed_in_public]
        lines, helps = [], []
        for number, t in enumerate(named, start=1):
            mark = f"{number}. " if len(named) > 1 else ""
            lines.append(f"{mark}{t.name}　{t.address}" if public else
                         f"{mark}{t.name}（{t.groups or '未登记类别'}）{t.address}")
            helps.append(f"{mark}{t.help_content}")
        if hidden:
            which = "特殊群体" if all(t.special for t in hidden) else ""
            lines.append(f"另结对{which}{len(hidden)}户（依规不公示姓名）")
        identity = "、".join(part for part in (m.branch, m.post) if part)
        rows.append(NoticeRow(m.name, identity, m.commitment, m.duties,
                              "\n".join(lines) or NOT_PAIRED, "\n".join(helps),
                              len(m.targets)))
    return rows


def notice_table(unit_id: int, public: bool) -> tuple[list[str], list[list]]:
    """The 公示表 of a unit as headers and rows: the notice board's (``public``) or the internal
    sheet's, as the session may see it (a sensitive category masked for a 查看员)."""
    keys = PUBLIC_KEYS if public else SHEET_KEYS
    rows = notice_rows(notice_members(unit_id), public=public)
    return [HEADERS[k] for k in keys], [r.values(keys) for r in rows]
