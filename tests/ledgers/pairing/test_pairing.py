"""Writing 党员结对帮扶: pairings, their end, visits, a member's 承诺/职责, and the bad input of
issue 3, each refused with a clear message and nothing saved."""
from datetime import date

import pytest

from dongan_desk.ledgers.pairing import rules as pairing
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.errors import ValidationError
from dongan_desk.store.models import Grid, Household, Resident, Unit
from dongan_desk.ledgers.pairing.models import Pairing, PartyMemberProfile, Visit

from pairing_fixtures import TODAY, build_village, pairing_data, visit_data


@pytest.fixture
def town(village):
    return build_village(village)


def save(data, existing=None):
    return pairing.save_pairing(data, existing, today=TODAY)


def test_pairing_a_person_keeps_their_household(town):
    result = save(pairing_data(town.member_a, town.poor))
    saved = Pairing.get_by_id(result.record.id)
    assert saved.member_id == town.member_a.id and saved.resident_id == town.poor.id
    assert saved.household_id == town.poor_home.id and saved.unit_id == town.unit.id
    assert saved.is_active and result.warnings == []


def test_pairing_a_whole_household(town):
    saved = save(pairing_data(town.member_a, household=town.poor_home)).record
    assert saved.resident_id is None and saved.household_id == town.poor_home.id


def test_a_household_without_group_members_is_saved_with_a_warning(town):
    other = roster.save_household({"grid": town.courtyard, "address": "兴田村4组2号"}).record
    roster.save_resident({"household": other, "name": "钱普通"}, today=TODAY)
    result = save(pairing_data(town.member_a, household=other))
    assert "没有登记困难群体或特殊群体" in result.warnings[0]


@pytest.mark.parametrize("make, field, words", [
    (lambda t: pairing_data(t.plain, t.poor), "member", "赵小明不是党员"),
    (lambda t: pairing_data(None, t.poor), "member", "请选择结对党员"),
    (lambda t: pairing_data(t.member_a), "target", "请选择帮扶的户或人员"),
    (lambda t: pairing_data(t.member_a, t.plain), "target", "不能结对帮扶自己家"),
    (lambda t: pairing_data(t.member_a, t.poor, start=date(2026, 12, 1)), "start_date", "不能晚于今天"),
    (lambda t: pairing_data(t.member_a, t.poor, start=None), "start_date", "请填写结对日期"),
    (lambda t: pairing_data(t.member_a, t.poor, help_content="  "), "help_content", "帮扶内容不能为空"),
])
def test_bad_pairings_are_refused_and_nothing_saved(town, make, field, words):
    with pytest.raises(ValidationError) as caught:
        save(make(town))
    assert words in caught.value.problems[field]
    assert Pairing.select().count() == 0


def test_a_household_of_another_unit_is_refused(town):
    other_unit = Unit.create(name="德安村", short_name="德安", code="500229115002", kind="village")
    grid = Grid.create(unit=other_unit, level=3, name="德安院子")
    foreign = Household.create(unit=other_unit, grid=grid, address="德安村1组1号")
    with pytest.raises(ValidationError) as caught:
        save(pairing_data(town.member_a, household=foreign))
    assert "不是兴田村的户" in caught.value.message and "德安村1组1号" in caught.value.message
    assert Pairing.select().count() == 0


def test_the_same_household_twice_to_the_same_member_at_once_is_refused(town):
    save(pairing_data(town.member_a, town.poor))
    for again in (pairing_data(town.member_a, town.poor_wife, start=date(2026, 5, 1)),
                  pairing_data(town.member_a, household=town.poor_home)):
        with pytest.raises(ValidationError, match="同一户不能同时重复结对"):
            save(again)
    assert Pairing.select().count() == 1
    # another member may pair the same household; the same member again once the first ended
    save(pairing_data(town.member_b, town.poor))
    first = Pairing.get(Pairing.member == town.member_a)
    pairing.end_pairing(first, {"end_date": date(2026, 6, 30), "end_reason": "reassigned"}, today=TODAY)
    with pytest.raises(ValidationError, match="重复结对"):
        save(pairing_data(town.member_a, town.poor, start=date(2026, 6, 1)))
    save(pairing_data(town.member_a, town.poor, start=date(2026, 7, 1)))
    assert Pairing.select().count() == 3


def test_ending_keeps_the_history_and_checks_its_dates(town):
    record = save(pairing_data(town.member_a, town.poor, start=date(2026, 3, 1))).record
    pairing.save_visit(visit_data(record, date(2026, 5, 10)), today=TODAY)
    bad = [({"end_date": date(2026, 2, 1), "end_reason": "moved"}, "不能早于结对日期"),
           ({"end_date": date(2026, 5, 1), "end_reason": "moved"}, "不能早于最后一次走访"),
           ({"end_date": date(2026, 12, 1), "end_reason": "moved"}, "不能晚于今天"),
           ({"end_date": date(2026, 6, 1), "end_reason": ""}, "请选择结束原因"),
           ({"end_date": date(2026, 6, 1), "end_reason": "other"}, "结束说明不能为空")]
    for data, words in bad:
        with pytest.raises(ValidationError, match=words):
            pairing.end_pairing(record, data, today=TODAY)
        assert Pairing.get_by_id(record.id).end_date is None
    pairing.end_pairing(record, {"end_date": date(2026, 6, 1), "end_reason": "recovered"}, today=TODAY)
    ended = Pairing.get_by_id(record.id)
    assert ended.end_date == date(2026, 6, 1) and not ended.is_active
    assert Pairing.choice_label("end_reason", ended.end_reason).startswith("已脱困")
    assert ended.visits.count() == 1
    with pytest.raises(ValidationError, match="已于2026-06-01结束"):
        pairing.end_pairing(ended, {"end_date": date(2026, 6, 2), "end_reason": "moved"}, today=TODAY)


def test_visits_are_checked_against_the_pairing_and_today(town):
    record = save(pairing_data(town.member_a, town.poor, start=date(2026, 3, 1))).record
    for day, words in ((date(2026, 2, 28), "早于结对日期"), (date(2026, 11, 29), "不能晚于今天"),
                       (None, "请填写走访日期")):
        with pytest.raises(ValidationError, match=words):
            pairing.save_visit(visit_data(record, day), today=TODAY)
    with pytest.raises(ValidationError, match="走访方式"):
        pairing.save_visit(visit_data(record, date(2026, 4, 1), way="面谈"), today=TODAY)
    with pytest.raises(ValidationError, match="至少写明"):
        pairing.save_visit(visit_data(record, date(2026, 4, 1), living="", help_given=""), today=TODAY)
    with pytest.raises(ValidationError, match="矛盾隐患"):
        pairing.save_visit(visit_data(record, date(2026, 4, 1), found_dispute=True), today=TODAY)
    assert Visit.select().count() == 0
    visit = pairing.save_visit(visit_data(record, date(2026, 4, 1), way="phone", mood="low",
                                          needs_follow_up=True), today=TODAY).record
    saved = Visit.get_by_id(visit.id)
    assert (saved.way, saved.mood, saved.needs_follow_up) == ("phone", "low", True)
    assert Visit.choice_label("way", saved.way) == "电话"
    pairing.end_pairing(record, {"end_date": date(2026, 6, 1), "end_reason": "moved"}, today=TODAY)
    with pytest.raises(ValidationError, match="走访日期不能晚于结束日期"):
        pairing.save_visit(visit_data(record, date(2026, 6, 2)), today=TODAY)
    pairing.save_visit(visit_data(record, date(2026, 5, 20)), today=TODAY)  # a late entry is fine


def test_editing_the_start_after_the_first_visit_is_refused(town):
    record = save(pairing_data(town.member_a, town.poor, start=date(2026, 3, 1))).record
    pairing.save_visit(visit_data(record, date(2026, 4, 1)), today=TODAY)
    with pytest.raises(ValidationError, match="不能晚于第一次走访"):
        save(pairing_data(town.member_a, town.poor, start=date(2026, 4, 2)), record)
    assert Pairing.get_by_id(record.id).start_date == date(2026, 3, 1)
    save(pairing_data(town.member_a, town.poor, start=date(2026, 2, 1), watch_points="情绪"), record)
    assert Pairing.get_by_id(record.id).watch_points == "情绪"


def test_a_visit_that_found_a_dispute_hands_over_what_a_case_starts_from(town):
    record = save(pairing_data(town.member_a, town.poor)).record
    plain = pairing.save_visit(visit_data(record, date(2026, 4, 1)), today=TODAY).record
    with pytest.raises(ValidationError, match="没有标记"):
        pairing.dispute_start(plain)
    found = pairing.save_visit(visit_data(record, date(2026, 4, 2), found_dispute=True,
                                          risks="与邻居因宅基地界址争执"), today=TODAY).record
    start = pairing.dispute_start(found)
    assert (start.resident_id, start.household_id, start.accepted_on) == (
        town.poor.id, town.poor_home.id, date(2026, 4, 2))
    assert start.facts == "与邻居因宅基地界址争执" and start.member_name == "王建国"
    assert start.source == "initiative" and start.unit_id == town.unit.id


def test_a_resident_in_an_active_pairing_is_not_deleted(town):
    record = save(pairing_data(town.member_a, town.poor)).record
    for person, role in ((town.member_a, "结对党员"), (town.poor, "帮扶对象")):
        with pytest.raises(ValidationError) as caught:
            roster.delete_resident(person)
        assert role in caught.value.message and "请先在“党员结对帮扶”页结束这些结对" in caught.value.message
    with pytest.raises(ValidationError, match="结束这些结对"):
        roster.delete_household(town.poor_home)
    assert Resident.select().where(Resident.id == town.poor.id).exists()
    pairing.end_pairing(record, {"end_date": TODAY, "end_reason": "deceased"}, today=TODAY)
    roster.delete_resident(town.poor)  # ended: the history stays with the household
    assert Pairing.get_by_id(record.id).resident_id is None


def test_a_household_paired_as_a_whole_is_not_deleted(town):
    record = save(pairing_data(town.member_a, household=town.watched_home)).record
    with pytest.raises(ValidationError, match="这一户整户还在1个进行中的党员结对帮扶里"):
        roster.delete_household(town.watched_home)
    roster.delete_resident(town.watched)  # one person of it may go
    pairing.end_pairing(record, {"end_date": TODAY, "end_reason": "moved"}, today=TODAY)
    roster.delete_household(town.watched_home)
    assert not Pairing.select().where(Pairing.id == record.id).exists()


def test_only_a_pairing_without_visits_is_deleted(town):
    record = save(pairing_data(town.member_a, town.poor)).record
    pairing.save_visit(visit_data(record, date(2026, 4, 1)), today=TODAY)
    with pytest.raises(ValidationError, match="已有1次走访记录，不能删除"):
        pairing.delete_pairing(record)
    pairing.delete_visit(Visit.get())
    pairing.delete_pairing(record)
    assert Pairing.select().count() == 0


def test_profile_is_kept_with_the_member(town):
    pairing.save_profile(town.member_a, {"post": "党小组长", "commitment": "结对帮扶2户",
                                         "duties": "每月走访"})
    pairing.save_profile(town.member_a, {"post": "支部委员", "commitment": "结对帮扶3户", "duties": ""})
    profile = PartyMemberProfile.get(PartyMemberProfile.resident == town.member_a)
    assert (profile.post, profile.commitment) == ("支部委员", "结对帮扶3户")
    assert PartyMemberProfile.select().count() == 1
    with pytest.raises(ValidationError, match="不是党员"):
        pairing.save_profile(town.plain, {"commitment": "x"})
    with pytest.raises(ValidationError, match="太长"):
        pairing.save_profile(town.member_b, {"commitment": "长" * 301})
    assert PartyMemberProfile.select().count() == 1


def test_visit_intervals_are_checked_and_kept_per_unit(town):
    from dongan_desk.ledgers.pairing.queries import visit_intervals
    assert visit_intervals(town.unit.id) == {"special": 30, "hardship": 90}
    pairing.set_visit_intervals(town.unit, "15", 60)
    assert visit_intervals(town.unit.id) == {"special": 15, "hardship": 60}
    for special, hardship, words in (("半月", 60, "不是整数"), (0, 60, "1到366天"), (15, 400, "1到366天")):
        with pytest.raises(ValidationError, match=words):
            pairing.set_visit_intervals(town.unit, special, hardship)
    assert visit_intervals(town.unit.id) == {"special": 15, "hardship": 60}


def test_the_township_reads_but_does_not_write_a_village_pairing(township):
    from dongan_desk.units import seed_categories
    village = Unit.get(Unit.code == "500229115001")
    Grid.create(unit=village, level=2, name="兴田村村级网格")
    seed_categories(village)
    # Build the village's roster as its own PC would, then look at it from the township.
    home = Unit.get(Unit.is_home == True)  # noqa: E712
    home.is_home, village.is_home = False, True
    home.save(), village.save()
    town = build_village(village)
    record = save(pairing_data(town.member_a, town.poor)).record
    home.is_home, village.is_home = True, False
    home.save(), village.save()
    with pytest.raises(ValidationError, match="只能在该单位的电脑上修改"):
        pairing.save_visit(visit_data(record, date(2026, 4, 1)), today=TODAY)
    with pytest.raises(ValidationError, match="只能在该单位的电脑上修改"):
        pairing.end_pairing(record, {"end_date": TODAY, "end_reason": "moved"}, today=TODAY)
    assert Visit.select().count() == 0 and Pairing.get_by_id(record.id).is_active
