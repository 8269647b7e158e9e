"""The coverage rules on crafted data: each finding appears, then clears when the clerk acts."""
from datetime import date

import pytest

from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.findings import all_findings
from dongan_desk.ledgers.pairing.coverage import (coverage_findings, idle_members, overdue_pairings,
                                                  uncovered_households)
from dongan_desk.ledgers.roster.queries import categories_of

from pairing_fixtures import TODAY, build_village, pairing_data, visit_data


@pytest.fixture
def town(village):
    return build_village(village)


def pair(member, target=None, household=None, start=date(2026, 9, 1)):
    return pairing.save_pairing(pairing_data(member, target, household, start=start), today=TODAY).record


def visit(record, day):
    return pairing.save_visit(visit_data(record, day), today=TODAY).record


def test_group_households_without_an_active_pairing(town):
    found = uncovered_households()
    assert [(h.head, h.groups, h.special) for h in found] == [("张大爷", "低保", False),
                                                             ("刘某", "社区矫正", True)]
    assert found[0].address == "兴田村2组8号" and found[0].grid == "张家院子"
    record = pair(town.member_a, town.poor_wife)  # any person of the household covers it
    assert [h.head for h in uncovered_households()] == ["刘某"]
    pair(town.member_b, household=town.watched_home)
    assert uncovered_households() == []
    pairing.end_pairing(record, {"end_date": TODAY, "end_reason": "recovered"}, today=TODAY)
    assert [h.household_id for h in uncovered_households()] == [town.poor_home.id]


def test_a_household_leaving_the_groups_leaves_the_list(town):
    assert len(uncovered_households()) == 2
    roster.save_resident({"household": town.poor_home, "name": "张大爷", "relation": "户主",
                          "categories": []}, town.poor, today=TODAY)
    assert [h.head for h in uncovered_households()] == ["刘某"]


def test_party_members_without_an_active_pairing(town):
    assert [m.name for m in idle_members()] == ["李红梅", "王建国"]
    record = pair(town.member_a, town.poor)
    assert [m.name for m in idle_members()] == ["李红梅"]
    pairing.end_pairing(record, {"end_date": TODAY, "end_reason": "recovered"}, today=TODAY)
    assert [m.name for m in idle_members()] == ["李红梅", "王建国"]


def test_overdue_by_group_interval_and_cleared_by_a_visit(town):
    poor = pair(town.member_a, town.poor, start=date(2026, 7, 1))
    watched = pair(town.member_b, town.watched, start=date(2026, 10, 1))
    # hardship: 90 days; never visited since 07-01 (150 days). special: 30 days since 10-01.
    found = {p.pairing_id: p for p in overdue_pairings(today=TODAY)}
    assert set(found) == {poor.id, watched.id}
    assert (found[poor.id].interval, found[poor.id].days, found[poor.id].visited) == (90, 150, False)
    assert found[watched.id].interval == 30 and "还没有走访过" in found[watched.id].describe()
    visit(poor, date(2026, 9, 1))       # 88 days ago: within 90
    visit(watched, date(2026, 10, 20))  # 39 days ago: still over 30
    found = {p.pairing_id: p for p in overdue_pairings(today=TODAY)}
    assert list(found) == [watched.id] and found[watched.id].since == date(2026, 10, 20)
    assert "上次走访在2026-10-20，已39天（应每30天至少走访一次）" in found[watched.id].describe()
    visit(watched, date(2026, 11, 1))
    assert overdue_pairings(today=TODAY) == []
    # a week on, both are due again; the longest waiting first
    assert [p.pairing_id for p in overdue_pairings(today=date(2026, 12, 5))] == [poor.id, watched.id]


def test_intervals_are_editable_per_unit(town):
    record = pair(town.member_a, town.poor, start=date(2026, 7, 1))
    visit(record, date(2026, 10, 1))  # 58 days ago
    assert overdue_pairings(today=TODAY) == []
    pairing.set_visit_intervals(town.unit, 30, 45)
    assert [(p.pairing_id, p.interval) for p in overdue_pairings(today=TODAY)] == [(record.id, 45)]


def test_a_whole_household_with_a_special_member_is_visited_monthly(town):
    special = next(c.id for c in categories_of(town.unit.id, "special") if c.name == "严重精神障碍")
    roster.save_resident({"household": town.poor_home, "name": "张大娘", "relation": "配偶",
                          "categories": [special]}, town.poor_wife, today=TODAY)
    whole = pair(town.member_a, household=town.poor_home, start=date(2026, 10, 1))
    person = pair(town.member_b, town.poor, start=date(2026, 10, 1))  # 张大爷 is only 低保
    assert [(p.pairing_id, p.interval) for p in overdue_pairings(today=TODAY)] == [(whole.id, 30)]
    assert person.id not in [p.pairing_id for p in overdue_pairings(today=TODAY)]


def test_findings_join_check_and_name_their_records(town):
    rules = [f.rule for f in coverage_findings(today=TODAY)]
    assert rules.count("困难/特殊群体户未结对") == 2 and rules.count("党员未结对") == 2
    targets = {f.target for f in all_findings()}
    assert {f"household:{town.poor_home.id}", f"resident:{town.member_a.id}"} <= targets
    message = next(f.message for f in coverage_findings(today=TODAY)
                   if f.target == f"household:{town.poor_home.id}")
    assert message == "兴田村张大爷户（兴田村2组8号，低保）还没有党员结对帮扶"
    pair(town.member_a, town.poor, start=TODAY)
    pair(town.member_b, town.watched, start=TODAY)
    assert coverage_findings(today=TODAY) == []


def test_findings_are_limited_to_the_given_units(town):
    assert coverage_findings([town.unit.id], today=TODAY)
    assert coverage_findings([town.unit.id + 999], today=TODAY) == []


def test_a_member_who_left_the_party_with_an_active_pairing_is_a_finding(town):
    from dongan_desk.store.models import Resident

    record = pair(town.member_a, town.poor)
    assert not [f for f in coverage_findings() if f.rule == "结对人已不是党员"]
    member = Resident.get_by_id(town.member_a.id)
    roster.save_resident({"household": member.household, "name": member.name,
                          "id_number": member.id_number, "relation": member.relation,
                          "is_party_member": False}, member, today=TODAY)
    lapsed = [f for f in coverage_findings() if f.rule == "结对人已不是党员"]
    assert [f.target for f in lapsed] == [f"pairing:{record.id}"]
    assert member.name in lapsed[0].message
    pairing.end_pairing(record, {"end_date": TODAY, "end_reason": "other", "end_note": "退党"},
                        today=TODAY)
    assert not [f for f in coverage_findings() if f.rule == "结对人已不是党员"]
