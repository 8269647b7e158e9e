"""在册状态 (issue 12): people leave the register (迁出, 死亡, 其他注销) and their records stay.
The default lists, the rules and the statistics count only people 在册; history (pairings,
visits, cases) keeps naming them, marked; 恢复在册 brings them back."""
from datetime import date

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.findings import all_findings
from dongan_desk.ledgers.council import council
from dongan_desk.ledgers.council.models import CouncilMember, Emcee
from dongan_desk.ledgers.pairing import rules as pairing_rules
from dongan_desk.ledgers.pairing.coverage import idle_members, uncovered_households
from dongan_desk.ledgers.pairing.models import Pairing, Visit
from dongan_desk.ledgers.pairing.publicity import notice_members
from dongan_desk.ledgers.pairing.queries import PairingFilter, search_pairings
from dongan_desk.ledgers.pairing.sheets import summary_sheets as pairing_summary
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.roster import leaving
from dongan_desk.ledgers.roster.queries import ResidentFilter, grid_tree, search_residents
from dongan_desk.ledgers.roster.sheets import summary_sheets as roster_summary
from dongan_desk.store.models import GridMember, Household, Resident, Unit

from pairing_fixtures import TODAY, build_village, pairing_data, visit_data

LEFT_ON = date(2026, 10, 1)


def moved(day=LEFT_ON, note="迁往城口县葛城街道", status="moved"):
    return {"status": status, "status_on": day, "status_note": note}


def names(flt: ResidentFilter) -> list[str]:
    return [row.shown_name for row in search_residents(flt, today=TODAY).rows]


def courtyard_node(town):
    return next(n for n in grid_tree([town.unit.id]) if n.id == town.courtyard.id)


@pytest.fixture
def town(village):
    return build_village(village)


def test_a_person_who_moved_leaves_the_default_list_and_comes_back_with_the_filter(town):
    before = courtyard_node(town)
    result = leaving.deregister_resident(town.plain, moved(), today=TODAY)
    assert result.record.status == "moved"
    gone = Resident.get_by_id(town.plain.id)
    assert (gone.status, gone.status_on, gone.status_note) == ("moved", LEFT_ON, "迁往城口县葛城街道")
    assert "赵小明" not in names(ResidentFilter())
    assert names(ResidentFilter(status="moved")) == ["赵小明（已迁出）"]
    assert names(ResidentFilter(status="left")) == ["赵小明（已迁出）"]
    assert "赵小明（已迁出）" in names(ResidentFilter(status="all"))
    assert names(ResidentFilter(status="dead")) == []
    assert names(ResidentFilter(text="赵小明")) == []                 # a search: 在册 only too
    assert names(ResidentFilter(text="赵小明", status="all")) == ["赵小明（已迁出）"]
    after = courtyard_node(town)
    assert (after.residents, after.households) == (before.residents - 1, before.households)


def test_the_date_and_the_reason_are_checked_and_nothing_changes_when_refused(town):
    cases = [
        (moved(day=date(2026, 12, 1)), "不能晚于今天"),
        (moved(day=None), "请填写注销日期"),
        ({"status": "", "status_on": LEFT_ON}, "请选择注销的原因"),
        ({"status": "other", "status_on": LEFT_ON, "status_note": ""}, "注销说明不能为空"),
    ]
    for data, words in cases:
        with pytest.raises(ValidationError, match=words):
            leaving.deregister_resident(town.plain, data, today=TODAY)
    born = roster.save_resident({"household": town.plain_home, "name": "小宝", "relation": "孙子女",
                                 "gender": "男", "birth_date": date(2026, 5, 1)}, today=TODAY).record
    with pytest.raises(ValidationError, match="早于小宝的出生日期"):
        leaving.deregister_resident(born, moved(day=date(2026, 4, 1)), today=TODAY)
    with pytest.raises(ValidationError, match="去世的人请逐人注销"):
        leaving.deregister_household(town.plain_home, moved(status="dead"), today=TODAY)
    assert not Resident.select().where(Resident.status != "active").exists()
    leaving.deregister_resident(town.plain, moved(), today=TODAY)
    with pytest.raises(ValidationError, match="已于2026-10-01迁出，不用再注销"):
        leaving.deregister_resident(Resident.get_by_id(town.plain.id), moved(), today=TODAY)


def test_a_pairing_of_someone_who_moved_ends_with_the_reason_and_keeps_its_visits(town):
    pairing = pairing_rules.save_pairing(pairing_data(town.member_a, town.poor), today=TODAY).record
    pairing_rules.save_visit(visit_data(pairing, date(2026, 9, 1)), today=TODAY)
    plan = leaving.deregister_resident(town.poor, moved(), today=TODAY, apply=False).warnings
    assert any("王建国与张大爷的结对帮扶于2026-10-01结束（帮扶对象迁出）" in line for line in plan)
    assert Pairing.get_by_id(pairing.id).end_date is None  # only a preview
    leaving.deregister_resident(town.poor, moved(), today=TODAY)
    ended = Pairing.get_by_id(pairing.id)
    assert (ended.end_date, ended.end_reason) == (LEFT_ON, "moved")
    assert "迁往城口县葛城街道" in ended.end_note
    assert Visit.select().where(Visit.pairing == pairing).count() == 1
    rows = search_pairings(PairingFilter(status="all")).rows
    assert [(r.member_name, r.target) for r in rows] == [("王建国", "张大爷（已迁出）")]
    assert search_pairings(PairingFilter()).rows == []  # no longer among the active ones


def test_a_visit_after_the_date_refuses_the_leaving_and_changes_nothing(town):
    pairing = pairing_rules.save_pairing(pairing_data(town.member_a, town.poor), today=TODAY).record
    pairing_rules.save_visit(visit_data(pairing, date(2026, 10, 20)), today=TODAY)
    with pytest.raises(ValidationError, match="2026-10-20还有走访记录，晚于注销日期"):
        leaving.deregister_resident(town.poor, moved(), today=TODAY)
    assert Resident.get_by_id(town.poor.id).status == "active"
    assert Pairing.get_by_id(pairing.id).end_date is None


def test_a_party_member_who_died_ends_their_pairings_and_their_household_is_uncovered_again(town):
    pairing = pairing_rules.save_pairing(pairing_data(town.member_a, household=town.poor_home),
                                         today=TODAY).record
    assert town.poor_home.id not in [h.household_id for h in uncovered_households([town.unit.id])]
    assert {m.name for m in idle_members([town.unit.id])} == {"李红梅"}
    leaving.deregister_resident(town.member_a, moved(status="dead", note="病故"), today=TODAY)
    ended = Pairing.get_by_id(pairing.id)
    assert (ended.end_date, ended.end_reason) == (LEFT_ON, "other")
    assert ended.end_note == "结对党员王建国2026-10-01死亡：病故"
    assert town.poor_home.id in [h.household_id for h in uncovered_households([town.unit.id])]
    assert {m.name for m in idle_members([town.unit.id])} == {"李红梅"}  # the dead is not idle
    assert [m.name for m in notice_members(town.unit.id)] == ["李红梅"]
    rows = search_pairings(PairingFilter(status="ended")).rows
    assert rows[0].member_name == "王建国（已去世）"


def test_coverage_and_statistics_count_only_people_on_the_register(town):
    unit_ids = [town.unit.id]
    assert {h.household_id for h in uncovered_households(unit_ids)} == {
        town.poor_home.id, town.watched_home.id}
    leaving.deregister_resident(town.watched, moved(), today=TODAY)  # the 社区矫正 person moved
    leaving.deregister_resident(town.member_b, moved(), today=TODAY)
    assert {h.household_id for h in uncovered_households(unit_ids)} == {town.poor_home.id}
    assert {m.name for m in idle_members(unit_ids)} == {"王建国"}
    unit = Unit.get_by_id(town.unit.id)
    grid_row = roster_summary([unit], TODAY, {})[0].rows[0]
    # 院落式网格数, 缺党员网格员的院落, 党员网格员, 户数, 人数, 党员数
    assert grid_row[2:] == [1, 1, 0, 2, 4, 1]  # 刘某's household left with him
    pairing_row = pairing_summary([unit], TODAY, {})[0].rows[0]
    assert pairing_row[1:] == [1, 0, 1, 1, 0]  # 党员数 1, none paired, 1 idle, 1 uncovered


def test_the_courtyard_finding_returns_when_its_party_worker_moves_away(town):
    roster.set_grid_members(town.courtyard, [town.member_a], [town.poor])
    assert not any(f.target == f"grid:{town.courtyard.id}" for f in all_findings([town.unit.id]))
    lines = leaving.deregister_resident(town.member_a, moved(), today=TODAY).warnings
    assert "王建国不再担任“张家院子”的网格员" in lines
    assert not GridMember.select().where(GridMember.resident == town.member_a).exists()
    assert any(f.target == f"grid:{town.courtyard.id}" for f in all_findings([town.unit.id]))
    with pytest.raises(ValidationError, match="不能担任网格员"):
        roster.set_grid_members(town.courtyard, [Resident.get_by_id(town.member_a.id)], [])


def test_council_terms_end_and_the_party_group_count_drops(town):
    def member(role, person):
        return council.save_member(town.unit, {"role": role, "resident": person, "name": person.name,
                                               "term_start": date(2024, 1, 1)}, today=TODAY).record

    third = roster.save_resident({"household": town.watched_home, "name": "孙党员", "relation": "子",
                                  "is_party_member": True, "party_join_date": date(2010, 7, 1)},
                                 today=TODAY).record
    member("president", town.member_a)
    member("director", town.member_b)
    held = member("director", third)
    emcee = Emcee.create(unit=town.unit.id, resident=third, name=third.name)
    assert council.party_group_status(town.unit, TODAY).party_members == 3
    lines = leaving.deregister_resident(third, moved(), today=TODAY).warnings
    assert "孙党员的红白理事会理事任期到2026-10-01结束" in lines
    assert CouncilMember.get_by_id(held.id).term_end == LEFT_ON
    assert Emcee.get_by_id(emcee.id).active is False
    status = council.party_group_status(town.unit, TODAY)
    assert (status.party_members, status.due) == (2, False)
    assert not any(f.rule == "红白理事会应成立党小组" for f in all_findings([town.unit.id]))


def test_a_household_leaves_with_its_last_member_and_returns_with_the_first(town):
    leaving.deregister_resident(town.poor_wife, moved(day=date(2026, 8, 1), status="dead", note=""),
                               today=TODAY)
    assert Household.get_by_id(town.poor_home.id).status == "active"
    lines = leaving.deregister_resident(town.poor, moved(), today=TODAY).warnings
    assert any("户也随之注销（其他注销）" in line for line in lines)  # one died, one moved
    home = Household.get_by_id(town.poor_home.id)
    assert (home.status, home.status_on, home.status_note) == ("other", LEFT_ON, "户内人员已全部注销")
    with pytest.raises(ValidationError, match="不能再登记新成员"):
        roster.save_resident({"household": home, "name": "新来的"}, today=TODAY)
    # 恢复 the household: who left with it comes back, who died before stays 注销.
    assert [p.name for p in leaving.household_leavers(home)] == ["张大爷"]
    leaving.restore_household(home)
    assert Household.get_by_id(home.id).status == "active"
    assert Resident.get_by_id(town.poor.id).status == "active"
    assert Resident.get_by_id(town.poor_wife.id).status == "dead"


def test_a_whole_household_moves_and_a_person_is_restored_alone(town):
    pairing = pairing_rules.save_pairing(pairing_data(town.member_a, household=town.poor_home),
                                         today=TODAY).record
    lines = leaving.deregister_household(town.poor_home, moved(), today=TODAY).warnings
    assert any("结对帮扶于2026-10-01结束（帮扶对象迁出）" in line for line in lines)
    assert Pairing.get_by_id(pairing.id).end_date == LEFT_ON
    assert {p.status for p in Household.get_by_id(town.poor_home.id).members} == {"moved"}
    assert Household.get_by_id(town.poor_home.id).status == "moved"
    result = leaving.restore_resident(Resident.get_by_id(town.poor_wife.id))
    assert "这一户也恢复在册" in result.warnings
    assert Household.get_by_id(town.poor_home.id).status == "active"
    assert Resident.get_by_id(town.poor.id).status == "moved"
    assert Pairing.get_by_id(pairing.id).end_date == LEFT_ON  # an ended pairing stays ended


def test_a_returning_head_does_not_make_a_second_head(town):
    leaving.deregister_resident(town.poor, moved(), today=TODAY)
    wife = Resident.get_by_id(town.poor_wife.id)
    roster.save_resident({"household": wife.household, "name": wife.name, "relation": "户主"},
                         wife, today=TODAY)
    result = leaving.restore_resident(Resident.get_by_id(town.poor.id))
    assert Resident.get_by_id(town.poor.id).relation == "其他"
    assert any("现在的户主是张大娘" in w for w in result.warnings)


def test_the_id_number_of_someone_who_left_points_to_restoring_them(town):
    number = "11010519491231002X"
    person = roster.save_resident({"household": town.plain_home, "name": "李秀英", "relation": "女",
                                   "id_number": number}, today=TODAY).record
    leaving.deregister_resident(person, moved(), today=TODAY)
    with pytest.raises(ValidationError, match="恢复在册"):
        roster.save_resident({"household": town.poor_home, "name": "李秀英", "relation": "其他",
                              "id_number": number}, today=TODAY)


def test_a_new_pairing_for_someone_who_left_is_refused(town):
    leaving.deregister_resident(town.poor, moved(), today=TODAY)
    with pytest.raises(ValidationError, match="已不在册"):
        pairing_rules.save_pairing(pairing_data(town.member_a, Resident.get_by_id(town.poor.id)),
                                   today=TODAY)


def test_a_case_keeps_its_party_and_marks_that_they_moved(town):
    from dongan_desk.ledgers.mediation.queries import case_file
    from dongan_desk.ledgers.mediation.cases import party_from_resident
    from mediation_cases import accept

    case = accept(town.unit, today=TODAY, parties=[
        party_from_resident(town.poor, TODAY), party_from_resident(town.watched, TODAY)])
    leaving.deregister_resident(town.poor, moved(), today=TODAY)
    parties = case_file(case.id).parties
    assert [(p.name, p.left_roster) for p in parties] == [("张大爷", "（已迁出）"), ("刘某", "")]


def test_an_ended_pairing_of_a_member_who_left_can_still_be_corrected(town):
    from dongan_desk.ledgers.pairing.queries import member_choices

    pairing = pairing_rules.save_pairing(pairing_data(town.member_a, town.poor), today=TODAY).record
    leaving.deregister_resident(town.member_a, moved(), today=TODAY)
    assert [m.name for m in member_choices(town.unit.id)] == ["李红梅"]
    kept = member_choices(town.unit.id, keep=town.member_a.id)
    assert sorted(m.name for m in kept) == ["李红梅", "王建国"]
    ended = Pairing.get_by_id(pairing.id)
    pairing_rules.save_pairing(pairing_data(Resident.get_by_id(town.member_a.id), town.poor,
                                            help_content="协助办理低保年审（已核对）"),
                               ended, today=TODAY)
    assert Pairing.get_by_id(pairing.id).help_content == "协助办理低保年审（已核对）"


def test_a_courtyard_whose_households_left_is_not_deleted_and_says_why(town):
    leaving.deregister_household(town.watched_home, moved(), today=TODAY)
    with pytest.raises(ValidationError, match="其中1户已注销"):
        roster.delete_grid(town.courtyard)
