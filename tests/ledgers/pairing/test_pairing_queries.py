"""Reading 党员结对帮扶: the paged, searchable list, visits, the form pickers, the 公示表 rows and
the sample data."""
from datetime import date

import pytest

from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.pairing.coverage import (idle_members, overdue_pairings,
                                                  uncovered_households)
from dongan_desk.ledgers.pairing.publicity import notice_members, notice_rows
from dongan_desk.ledgers.pairing.queries import (PairingFilter, group_people, member_choices,
                                                 pairing_position, search_pairings, visits_of)
from dongan_desk.sample.town import build_sample
from dongan_desk.ledgers.pairing.models import Pairing, PartyMemberProfile, Visit
from dongan_desk.store.models import Resident

from pairing_fixtures import TODAY, build_village, pairing_data, visit_data


@pytest.fixture
def town(village):
    return build_village(village)


def pair(member, target=None, household=None, start=date(2026, 9, 1), **fields):
    return pairing.save_pairing(pairing_data(member, target, household, start=start, **fields),
                                today=TODAY).record


def test_list_rows_show_what_the_clerk_reads(town):
    record = pair(town.member_a, town.poor, start=date(2026, 9, 1))
    pair(town.member_b, household=town.watched_home)
    pairing.save_visit(visit_data(record, date(2026, 10, 5)), today=TODAY)
    pairing.save_visit(visit_data(record, date(2026, 9, 5)), today=TODAY)
    page = search_pairings(PairingFilter())
    assert page.total == 2
    rows = {r.member_name: r for r in page.rows}
    poor = rows["王建国"]
    assert (poor.target, poor.address, poor.groups, poor.special) == ("张大爷", "兴田村2组8号", "低保", False)
    assert (poor.visits, poor.last_visit, poor.status) == (2, date(2026, 10, 5), "进行中")
    assert poor.due == date(2027, 1, 3) and poor.visit_state(TODAY) == "2027-01-03前走访"
    whole = rows["李红梅"]
    assert (whole.target, whole.groups, whole.special) == ("刘某户（整户）", "社区矫正", True)
    assert whole.visit_state(TODAY) == "超期58天"  # 30 days from 09-01, never visited


def test_search_status_and_paging_are_in_sql(town):
    first = pair(town.member_a, town.poor)
    pair(town.member_b, town.watched)
    pairing.end_pairing(first, {"end_date": TODAY, "end_reason": "recovered"}, today=TODAY)
    assert [r.member_name for r in search_pairings(PairingFilter()).rows] == ["李红梅"]
    ended = search_pairings(PairingFilter(status="ended")).rows
    assert [r.status for r in ended] == ["已结束（2026-11-28）"] and ended[0].due is None
    assert search_pairings(PairingFilter(status="all")).total == 2
    for text, names in (("王建", ["王建国"]), ("张大娘", ["王建国"]), ("3组5号", ["李红梅"]),
                        ("没有这个人", [])):
        found = search_pairings(PairingFilter(text=text, status="all"))
        assert [r.member_name for r in found.rows] == names, text
    page = search_pairings(PairingFilter(status="all"), offset=1, limit=1)
    assert page.total == 2 and len(page.rows) == 1


def test_position_finds_the_page_of_a_pairing(town):
    ended = pair(town.member_a, town.poor)
    pairing.end_pairing(ended, {"end_date": TODAY, "end_reason": "moved"}, today=TODAY)
    active = pair(town.member_b, town.watched)
    assert pairing_position(PairingFilter(), active.id) == 0
    assert pairing_position(PairingFilter(), ended.id) is None
    assert pairing_position(PairingFilter(status="all"), ended.id) == 1


def test_visits_newest_first(town):
    record = pair(town.member_a, town.poor)
    for day in (date(2026, 9, 3), date(2026, 11, 3), date(2026, 10, 3)):
        pairing.save_visit(visit_data(record, day, way="wechat", mood="anxious"), today=TODAY)
    page = visits_of(record.id)
    assert [v.visit_date for v in page.rows] == [date(2026, 11, 3), date(2026, 10, 3), date(2026, 9, 3)]
    assert (page.rows[0].way, page.rows[0].mood) == ("微信", "焦虑")


def test_pickers_list_group_people_and_members_with_counts(town):
    pair(town.member_a, town.poor)
    people = {p.name: p for p in group_people(town.unit.id)}
    assert set(people) == {"张大爷", "刘某"}
    assert "低保" in people["张大爷"].label() and "已结对1个" in people["张大爷"].label()
    assert "未结对" in people["刘某"].label()
    assert [p.name for p in group_people(town.unit.id, "3组")] == ["刘某"]
    assert [p.name for p in group_people(town.unit.id, household_id=town.poor_home.id)] == ["张大爷"]
    members = {m.name: m.active_pairings for m in member_choices(town.unit.id)}
    assert members == {"王建国": 1, "李红梅": 0}


def test_notice_rows_hide_special_care_people_on_the_public_board(town):
    pair(town.member_a, town.poor, help_content="协助低保年审")
    pair(town.member_a, town.watched, help_content="督促按时报到")
    pairing.save_profile(town.member_a, {"post": "党小组长", "commitment": "带头结对帮扶",
                                         "duties": "每月走访"})
    members = notice_members(town.unit.id)
    assert [m.name for m in members] == ["李红梅", "王建国"]
    public = {r.name: r for r in notice_rows(members, public=True)}
    wang = public["王建国"]
    assert wang.identity == "兴田村党支部、党小组长" and wang.commitment == "带头结对帮扶"
    assert wang.targets == "张大爷　兴田村2组8号\n另结对特殊群体1户（依规不公示姓名）"
    assert "刘某" not in wang.targets and "督促" not in wang.help and wang.households == 2
    assert public["李红梅"].targets == "（尚未结对）" and public["李红梅"].households == 0
    internal = {r.name: r for r in notice_rows(members, public=False)}["王建国"]
    assert internal.targets == "1. 张大爷（低保）兴田村2组8号\n2. 刘某（社区矫正）兴田村3组5号"
    assert internal.help == "1. 协助低保年审\n2. 督促按时报到"


def test_sample_village_has_pairings_visits_and_findings_to_show(database):
    build_sample("village", today=TODAY)
    pairings = Pairing.select().count()
    assert 60 <= pairings <= 110
    assert 500 <= Visit.select().count() <= 900
    assert Pairing.select().where(Pairing.end_date.is_null(False)).count() > 0
    assert uncovered_households() and idle_members() and overdue_pairings(today=TODAY)
    assert PartyMemberProfile.select().count() > 30
    # the sample passes the program's own checks
    for visit in Visit.select().join(Pairing).limit(300):
        assert visit.pairing.start_date <= visit.visit_date <= TODAY
        assert visit.pairing.end_date is None or visit.visit_date <= visit.pairing.end_date
    members = {p.member_id for p in Pairing.select()}
    assert all(Resident.get_by_id(m).is_party_member for m in members)
    for p in Pairing.select():
        assert p.member.household_id != p.household_id and p.household.unit_id == p.unit_id


@pytest.mark.slow
def test_sample_town_has_the_reference_pairings_and_visits(database):
    build_sample("town", today=TODAY)
    assert 2200 <= Pairing.select().count() <= 2600
    assert 18_000 <= Visit.select().count() <= 22_000
    assert 20 <= len(uncovered_households()) <= 100
    assert 20 <= len(overdue_pairings(today=TODAY)) <= 150
