"""敏感类别 in 党员结对帮扶, as each role gets them: the pairing list's 群体类别, the people the
pairing form offers, the coverage list and its finding, the public 公示表 (PDF, read back with
pypdf) and the internal one (Excel, read back with openpyxl), and the audit rows of opening a
sensitive person's pairing and of printing the notice."""
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.pairing.coverage import coverage_findings, uncovered_households
from dongan_desk.ledgers.pairing.documents import write_pairing_notice
from dongan_desk.ledgers.pairing.publicity import notice_members, notice_rows, notice_table
from dongan_desk.ledgers.pairing.queries import PairingFilter, group_people, search_pairings
from dongan_desk.ledgers.pairing.sheets import write_pairing_sheet
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.roster.queries import categories_of
from dongan_desk.ledgers.roster.sensitive import MASK
from dongan_desk.store import session
from dongan_desk.store.models import AuditEntry
from dongan_desk.store.session import NotAllowed

from pairing_fixtures import TODAY, build_village, pairing_data
from role_sessions import ADMIN, ROLES, SEEING, VIEWER, role_id


def category(unit, name):
    return next(c for c in categories_of(unit.id) if c.name == name)


@pytest.fixture
def town(village):
    """王建国 paired with 张大爷 (低保) and 刘某 (社区矫正: sensitive); 钱某 (吸毒人员) unpaired."""
    town = build_village(village)
    town.poor_pairing = pairing.save_pairing(pairing_data(town.member_a, town.poor), today=TODAY).record
    town.watched_pairing = pairing.save_pairing(
        pairing_data(town.member_a, town.watched, help_content="督促按时到司法所报到"), today=TODAY).record
    home = roster.save_household({"grid": town.courtyard, "address": "兴田村4组2号"}).record
    town.drugs = roster.save_resident({"household": home, "name": "钱某", "relation": "户主",
                                       "categories": [category(village, "吸毒人员").id]},
                                      today=TODAY).record
    return town


def pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(path).pages))


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_pairing_list_shows_the_groups_as_the_role_may_see_them(town, who):
    with session.acting_as(who):
        rows = {row.target: row for row in search_pairings(PairingFilter()).rows}
    assert rows["张大爷"].groups == "低保"
    assert rows["刘某"].groups == ("社区矫正" if who in SEEING else MASK)
    assert rows["刘某"].special  # the visit interval still follows the real group


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_form_offers_the_people_of_the_categories_the_role_may_see(town, who):
    with session.acting_as(who):
        people = {p.name: p.label() for p in group_people(town.unit.id)}
    assert "低保" in people["张大爷"]
    if who in SEEING:
        assert set(people) == {"张大爷", "刘某", "钱某"} and "社区矫正" in people["刘某"]
    else:  # as the roster's group filter: nobody singled out by a sensitive category
        assert set(people) == {"张大爷"}


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_coverage_list_and_its_finding_mask_the_category(town, who):
    with session.acting_as(who):
        uncovered = {h.head: h.groups for h in uncovered_households([town.unit.id])}
        found = [f.message for f in coverage_findings([town.unit.id], TODAY) if "钱某" in f.message]
    # the households to pair are the same for every role: the rule counts them all
    assert uncovered == {"钱某": "吸毒人员" if who in SEEING else MASK}
    assert len(found) == 1 and ("吸毒人员" in found[0]) == (who in SEEING)


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_public_notice_names_no_sensitive_person_for_any_role(town, who, tmp_path):
    target = tmp_path / "公示表.pdf"
    with session.acting_as(who):
        headers, rows = notice_table(town.unit.id, public=True)
        write_pairing_notice(target, unit_name="兴田村", headers=headers, rows=rows, notice_date=TODAY)
    text = pdf_text(target)
    assert "张大爷" in text and "另结对特殊群体1户（依规不公示姓名）" in text
    for hidden in ("刘某", "社区矫正", "司法所", MASK):
        assert hidden not in text, hidden
    printed = list(AuditEntry.select().where(AuditEntry.action == "print"))
    assert [(r.account, r.record_name) for r in printed] == [(who.account, "兴田村")]
    assert "打印《兴田村党员结对帮扶公示表》" in printed[0].detail


def test_a_hardship_category_marked_sensitive_is_unnamed_on_the_notice_too(town):
    with session.acting_as(ADMIN):
        roster.set_category_sensitive(category(town.unit, "低保"), True)
        rows = notice_rows(notice_members(town.unit.id), public=True)
    wang = next(r for r in rows if r.name == "王建国")
    assert wang.targets == "另结对2户（依规不公示姓名）" and wang.households == 2


@pytest.mark.parametrize("who", ROLES, ids=role_id)
def test_the_internal_notice_sheet_masks_the_category_for_a_viewer(town, who, tmp_path):
    target = tmp_path / "公示表.xlsx"
    with session.acting_as(who):
        headers, rows = notice_table(town.unit.id, public=False)
        write_pairing_sheet(target, unit_name="兴田村", headers=headers, rows=rows, fill_date=TODAY)
    ws = load_workbook(target).active
    wang = next(row for row in ws.iter_rows(values_only=True) if row[1] == "王建国")
    targets = wang[5].split("\n")
    assert targets[0] == "1. 张大爷（低保）兴田村2组8号"
    shown = "社区矫正" if who in SEEING else MASK
    assert targets[1] == f"2. 刘某（{shown}）兴田村3组5号"


@pytest.mark.parametrize("who", SEEING, ids=role_id)
def test_opening_a_sensitive_persons_pairing_is_recorded(town, who):
    with session.acting_as(who):
        assert pairing.record_pairing_view(town.watched_pairing) == 1
        assert pairing.record_pairing_view(town.poor_pairing) == 0
        whole = pairing.save_pairing(pairing_data(town.member_b, household=town.watched_home),
                                     today=TODAY).record
        assert pairing.record_pairing_view(whole) == 1  # the household's one sensitive member
    rows = list(AuditEntry.select().where(AuditEntry.action == "view"))
    assert [(r.account, r.record_name) for r in rows] == [(who.account, "刘某")] * 2
    assert rows[0].detail == "查看含敏感类别（社区矫正）的人员信息（结对帮扶）"


def test_a_viewer_opening_a_pairing_is_not_recorded_and_cannot_change_it(town):
    with session.acting_as(VIEWER):
        assert pairing.record_pairing_view(town.watched_pairing) == 0
        with pytest.raises(NotAllowed):
            pairing.save_pairing(pairing_data(town.member_b, town.poor), today=TODAY)
        with pytest.raises(NotAllowed):
            pairing.delete_pairing(town.poor_pairing)
    assert not AuditEntry.select().where(AuditEntry.action == "view").exists()
