"""敏感类别 as each role gets them: one person in 社区矫正 (a 特殊群体 category, sensitive by default),
one in 低保, one in both; the list's 群体 cell, the text search, the group filters, what a save
keeps, the printed 花名册 (read back with pypdf), the audit rows of viewing and printing, and who
may mark a category sensitive."""
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.roster import sensitive
from dongan_desk.ledgers.roster.documents import write_roster_pdf
from dongan_desk.ledgers.roster.queries import (ResidentFilter, categories_of, roster_lines,
                                                search_residents)
from dongan_desk.ledgers.roster.sheets import write_roster_workbook
from dongan_desk.store import session
from dongan_desk.store.models import AuditEntry, Category, Resident
from dongan_desk.store.session import NotAllowed, Session

from pairing_fixtures import TODAY, build_village
from role_sessions import ADMIN, CLERK, ROLES, SEEING, VIEWER, role_id

MASK = sensitive.MASK


def category(unit, name):
    return next(c for c in categories_of(unit.id) if c.name == name)


@pytest.fixture
def town(village):
    """刘某 in 社区矫正 (sensitive), 张大爷 in 低保, 钱某 in 低保 and 吸毒人员."""
    town = build_village(village)
    town.both = roster.save_resident({
        "household": town.plain_home, "name": "钱某", "relation": "子",
        "categories": [category(village, "低保").id, category(village, "吸毒人员").id]},
        today=TODAY).record
    return town


def groups_cell(name: str) -> str:
    page = search_residents(ResidentFilter(text=name), today=TODAY)
    return next(row.groups for row in page.rows if row.name == name)


def names_found(**filters) -> set[str]:
    return {row.name for row in search_residents(ResidentFilter(**filters), today=TODAY).rows}


def audit_rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id))


def pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(path).pages))


def test_the_special_categories_are_sensitive_by_default(village):
    assert {c.name for c in categories_of(village.id) if c.sensitive} == {
        c.name for c in categories_of(village.id, "special")}
    assert not any(c.sensitive for c in categories_of(village.id, "hardship"))


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_list_row_shows_the_groups_as_the_role_may_see_them(town, who):
    with session.acting_as(who):
        seen = {name: groups_cell(name) for name in ("刘某", "张大爷", "钱某")}
    if who in SEEING:
        assert seen == {"刘某": "社区矫正", "张大爷": "低保", "钱某": "低保、吸毒人员"}
    else:  # one mask where the sensitive names stood, whichever and however many
        assert seen == {"刘某": MASK, "张大爷": "低保", "钱某": f"低保、{MASK}"}


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_a_search_by_a_category_name_finds_only_what_the_role_may_see(town, who):
    with session.acting_as(who):
        by_sensitive = names_found(text="吸毒") | names_found(text="社区矫正")
        by_plain = names_found(text="低保")
        by_mask = names_found(text="***")
    assert by_plain == {"张大爷", "钱某"}
    assert by_sensitive == ({"刘某", "钱某"} if who in SEEING else set())
    assert by_mask == set()  # the mask is not a name to find people by


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_group_filters_do_not_single_out_the_sensitive_for_a_viewer(town, who):
    with session.acting_as(who):
        special, hardship = names_found(special=True), names_found(hardship=True)
    assert hardship == {"张大爷", "钱某"}
    assert special == ({"刘某", "钱某"} if who in SEEING else set())


def test_a_hardship_category_marked_sensitive_is_masked_and_unfiltered_too(town):
    with session.acting_as(ADMIN):
        roster.set_category_sensitive(category(town.unit, "低保"), True)
    with session.acting_as(VIEWER):
        assert groups_cell("张大爷") == MASK and groups_cell("钱某") == MASK
        assert names_found(hardship=True) == set() and names_found(text="低保") == set()
    with session.acting_as(CLERK):
        assert groups_cell("张大爷") == "低保" and names_found(hardship=True) == {"张大爷", "钱某"}


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_printed_roster_is_masked_for_a_viewer(town, who, tmp_path):
    target = tmp_path / f"花名册_{who.role}.pdf"
    with session.acting_as(who):
        lines = roster_lines(town.unit.id, today=TODAY)
        write_roster_pdf(target, unit_name="兴田村", scope="全村", lines=lines, with_status=False,
                         roster_date=TODAY)
    text = pdf_text(target)
    assert "刘某" in text and "张大爷" in text and "低保" in text  # everyone is on it
    if who in SEEING:
        assert "社区矫正" in text and "吸毒人员" in text and MASK not in text
    else:
        assert "社区矫正" not in text and "吸毒人员" not in text
        assert MASK in text and "“***”为敏感类别，打印的账号无权查看" in text
    rows = audit_rows("print")
    assert [(r.account, r.record_name) for r in rows] == [(who.account, "兴田村（全村）")]
    assert "打印《兴田村网格花名册（全村）》" in rows[0].detail and str(target) in rows[0].detail


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_exported_roster_is_masked_for_a_viewer(town, who, tmp_path):
    target = tmp_path / "花名册.xlsx"
    with session.acting_as(who):
        write_roster_workbook(target, unit_name="兴田村", scope="全村",
                              lines=roster_lines(town.unit.id, today=TODAY), with_grid=True,
                              with_status=False, masked=True, fill_date=TODAY)
    ws = load_workbook(target).active
    header = [c.value for c in ws[3]]
    groups = {row[header.index("姓名")]: row[header.index("困难/特殊群体")]
              for row in ws.iter_rows(min_row=4, values_only=True) if row[0] != "合计"}
    expected = "社区矫正" if who in SEEING else MASK
    assert groups["刘某"] == expected and groups["张大爷"] == "低保"


@pytest.mark.parametrize("who", SEEING, ids=role_id)
def test_opening_a_sensitive_persons_record_is_recorded(town, who):
    with session.acting_as(who):
        assert sensitive.record_view(town.watched) is True
        assert sensitive.record_view(town.both) is True
        assert sensitive.record_view(town.poor) is False  # nothing sensitive about them
    rows = audit_rows("view")
    assert [(r.account, r.record_type, r.record_name, r.record_uid) for r in rows] == [
        (who.account, "人员", "刘某", town.watched.uid), (who.account, "人员", "钱某", town.both.uid)]
    assert rows[0].detail == "查看含敏感类别（社区矫正）的人员信息"
    assert rows[1].detail == "查看含敏感类别（吸毒人员）的人员信息"


def test_no_view_is_recorded_for_a_viewer_nor_for_the_program_itself(town):
    with session.acting_as(VIEWER):
        assert sensitive.record_view(town.watched) is False  # it sees the mask only
    assert sensitive.record_view(town.watched) is False      # no one logged in
    assert audit_rows("view") == []


def test_a_viewer_can_neither_save_nor_delete(town):
    with session.acting_as(VIEWER):
        with pytest.raises(NotAllowed, match="只能查看"):
            roster.save_resident({"name": "刘某某"}, town.watched, today=TODAY)
        with pytest.raises(NotAllowed):
            roster.save_resident({"household": town.plain_home, "name": "新人"}, today=TODAY)
        with pytest.raises(NotAllowed):
            roster.delete_resident(town.plain)
        with pytest.raises(NotAllowed):
            roster.save_household({"grid": town.courtyard, "address": "兴田村9组"})
    assert Resident.get_by_id(town.watched.id).name == "刘某"
    assert Resident.get_or_none(Resident.name == "新人") is None
    assert Resident.get_or_none(Resident.id == town.plain.id) is not None


def test_a_save_by_a_role_that_cannot_see_keeps_the_hidden_categories(town, monkeypatch):
    """No role has EDIT without SEE_SENSITIVE today; one that had would neither add nor drop a
    sensitive category it was never shown."""
    monkeypatch.setitem(session.PERMISSIONS, "editor", frozenset({session.EDIT}))
    with session.acting_as(Session("编辑员", "editor", account_id=9)):
        roster.save_resident({"name": "刘某", "relation": "户主",
                              "categories": [category(town.unit, "低保").id,
                                             category(town.unit, "吸毒人员").id]},
                             town.watched, today=TODAY)
    names = {link.category.name for link in Resident.get_by_id(town.watched.id).category_links}
    assert names == {"低保", "社区矫正"}  # 低保 added; 社区矫正 kept; 吸毒人员 not added


def test_only_settings_may_mark_a_category_and_the_mark_is_audited(village):
    drugs = category(village, "吸毒人员")
    for who in (CLERK, VIEWER):
        with session.acting_as(who), pytest.raises(NotAllowed, match="只有管理员"):
            roster.set_category_sensitive(drugs, False)
        with session.acting_as(who), pytest.raises(NotAllowed):
            roster.save_category(village, "hardship", "临时救助")
    assert Category.get_by_id(drugs.id).sensitive is True
    with session.acting_as(ADMIN):
        roster.set_category_sensitive(drugs, False)
        added = roster.save_category(village, "special", "重点关注")
        plain = roster.save_category(village, "hardship", "临时救助")
    assert Category.get_by_id(drugs.id).sensitive is False
    assert added.sensitive is True and plain.sensitive is False  # 特殊群体: sensitive by default
    change = [r for r in audit_rows("update") if r.record_name == "吸毒人员"]
    assert len(change) == 1 and change[0].account == ADMIN.account
    assert "敏感类别" in change[0].changes and "否" in change[0].changes


def test_shown_names_masks_once_in_place_of_the_first_sensitive_name():
    with session.acting_as(VIEWER):
        assert sensitive.shown_text([("低保", False), ("社区矫正", True), ("残疾", False),
                                     ("吸毒人员", True)]) == f"低保、{MASK}、残疾"
    with session.acting_as(CLERK):
        assert sensitive.shown_text([("低保", False), ("社区矫正", True)]) == "低保、社区矫正"


def test_a_refused_save_of_a_category_changes_nothing(village):
    with session.acting_as(ADMIN), pytest.raises(ValidationError, match="已经有了"):
        roster.save_category(village, "special", "吸毒人员")
    assert Category.select().where(Category.name == "吸毒人员").count() == 1
