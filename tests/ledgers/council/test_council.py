"""红白理事会 rules on crafted data: members and the 党小组, 支客士 certificates, findings."""
from datetime import date, timedelta

import pytest

from dongan_desk.ledgers.council import council, emcees
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.council.queries import council_members, search_emcees
from dongan_desk.errors import ReadOnlyError, ValidationError
from dongan_desk.findings import RULES
from dongan_desk.ledgers.council.models import Council, CouncilMeeting, CouncilMember, Emcee
from dongan_desk.store.models import Grid, Resident, Unit

TODAY = date(2026, 11, 28)


@pytest.fixture
def household(village):
    grid = roster.save_grid({"name": "张家院子", "parent": Grid.get(Grid.level == 2)}).record
    return roster.save_household({"grid": grid, "address": "兴田村1组1号"}).record


def person(household, name, party=False):
    return roster.save_resident({"household": household, "name": name, "is_party_member": party,
                                 "party_join_date": date(2000, 7, 1) if party else None},
                                today=TODAY).record


def member(unit, role, who, start=date(2025, 1, 1), end=None, **extra):
    data = {"role": role, "term_start": start, "term_end": end, **extra}
    if isinstance(who, Resident):
        data["resident"] = who
    else:
        data["name"] = who
    return council.save_member(unit, data, today=TODAY)


def emcee(unit, name, issued=None, expires=None, number="", active=True):
    return emcees.save_emcee(unit, {"name": name, "certificate_no": number,
                                     "certificate_issued_on": issued,
                                     "certificate_expires_on": expires, "active": active}).record


# ---- the council and its 党小组 ----------------------------------------------------------

def test_party_group_due_at_three_party_members_and_counts_a_person_once(village, household):
    a, b = person(household, "党员甲", True), person(household, "党员乙", True)
    member(village, "instructor", a)
    member(village, "member", a)            # the same person twice: counted once
    member(village, "president", b)
    member(village, "director", person(household, "群众丙"))
    status = council.party_group_status(village, TODAY)
    assert (status.members, status.party_members, status.due, status.exists) == (3, 2, False, False)
    assert "暂不需要" in status.describe()
    # A town leader who is not a village resident, typed by name and marked as party member.
    member(village, "chief", "镇领导丁", is_party_member=True, work_unit="东安镇人民政府")
    status = council.party_group_status(village, TODAY)
    assert (status.party_members, status.due, status.exists) == (3, True, False)
    assert "应成立党小组" in status.describe()
    assert [f.unit for f in council.party_group_findings(None)] == ["兴田村"]

    council.save_council(village, {"name": "兴田村红白理事会", "founded_on": date(2024, 3, 1),
                                   "party_group_formed_on": date(2025, 6, 1),
                                   "party_group_leader": "党员甲"}, today=TODAY)
    status = council.party_group_status(village, TODAY)
    assert status.exists and "已成立党小组" in status.describe()
    assert council.party_group_findings(None) == []


def test_past_members_do_not_count_towards_the_party_group(village, household):
    for n in range(3):
        member(village, "director", person(household, f"党员{n}", True),
               end=date(2026, 1, 1) if n == 0 else None)
    assert council.party_group_status(village, TODAY).party_members == 2
    rows = council_members(village.id, TODAY, include_past=True)
    assert [r.current for r in rows].count(False) == 1
    assert len(council_members(village.id, TODAY)) == 2


def test_party_membership_follows_the_roster(village, household):
    someone = person(household, "后来入党的人")
    member(village, "president", someone)
    assert council_members(village.id, TODAY)[0].party is False
    roster.save_resident({"household": household, "name": someone.name, "is_party_member": True,
                          "party_join_date": date(2026, 7, 1)}, someone, today=TODAY)
    assert council_members(village.id, TODAY)[0].party is True


def test_member_warnings_for_a_second_president_and_a_non_party_president(village, household):
    first = member(village, "president", person(household, "老会长", True))
    assert first.warnings == []
    second = member(village, "president", person(household, "新会长"))
    assert any("现任会长已有老会长" in w for w in second.warnings)
    assert any("会长原则上在党员中" in w for w in second.warnings)
    assert CouncilMember.select().count() == 2


@pytest.mark.parametrize("data, words", [
    ({"role": "boss", "name": "甲", "term_start": date(2025, 1, 1)}, "职务"),
    ({"role": "member", "name": "", "term_start": date(2025, 1, 1)}, "姓名不能为空"),
    ({"role": "member", "name": "甲", "term_start": None}, "任期开始"),
    ({"role": "member", "name": "甲", "term_start": date(2025, 1, 1),
      "term_end": date(2024, 1, 1)}, "任期结束日期早于"),
])
def test_bad_member_is_refused_and_nothing_saved(village, data, words):
    with pytest.raises(ValidationError) as caught:
        council.save_member(village, data, today=TODAY)
    assert words in caught.value.message
    assert CouncilMember.select().count() == 0


def test_the_township_pc_cannot_write_a_villages_council(township):
    xingtian = Unit.get(Unit.kind == "village")
    with pytest.raises(ReadOnlyError):
        council.save_member(xingtian, {"role": "member", "name": "甲", "term_start": TODAY},
                            today=TODAY)
    assert CouncilMember.select().count() == 0


def test_a_resident_of_another_unit_is_refused(village, household):
    other = Unit.create(name="德安村", short_name="德安", code="500229115002", kind="village")
    stranger = Resident.create(unit=other, household=household, name="外村人")
    with pytest.raises(ValidationError) as caught:
        member(village, "member", stranger)
    assert "不是本村" in caught.value.message
    assert CouncilMember.select().count() == 0


def test_a_current_member_cannot_be_deleted_from_the_roster(village, household):
    who = person(household, "会长甲", True)
    member(village, "president", who)
    with pytest.raises(ValidationError) as caught:
        roster.delete_resident(who)
    assert "红白理事会的会长" in caught.value.message
    assert Resident.select().where(Resident.id == who.id).exists()


def test_meeting_attendance_is_checked(village):
    with pytest.raises(ValidationError) as caught:
        council.save_meeting(village, {"held_on": date(2026, 3, 1), "due_count": "30",
                                       "present_count": "31", "decisions": "通过章程"}, today=TODAY)
    assert "不能多于应到人数" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        council.save_meeting(village, {"held_on": TODAY + timedelta(days=1), "due_count": "30",
                                       "present_count": "20", "decisions": "x"}, today=TODAY)
    assert "不能晚于今天" in caught.value.message
    assert CouncilMeeting.select().count() == 0
    result = council.save_meeting(village, {"held_on": date(2026, 3, 1), "due_count": "30",
                                            "present_count": "12", "decisions": "通过章程"},
                                  today=TODAY)
    assert any("一半" in w for w in result.warnings)


def test_party_group_leader_needs_a_date(village):
    with pytest.raises(ValidationError) as caught:
        council.save_council(village, {"name": "理事会", "party_group_leader": "甲"}, today=TODAY)
    assert "党小组成立日期" in caught.value.message
    assert Council.select().count() == 0


# ---- 支客士 and certificates ----------------------------------------------------------------

@pytest.mark.parametrize("issued, expires, trained, status", [
    (date(2025, 1, 1), date(2027, 12, 31), True, "valid"),
    (date(2025, 1, 1), TODAY + timedelta(days=30), True, "expiring"),
    (date(2025, 1, 1), TODAY + timedelta(days=31), True, "valid"),
    (date(2025, 1, 1), TODAY, True, "expiring"),
    (date(2025, 1, 1), TODAY - timedelta(days=1), True, "expired"),
    (None, None, True, "uncertified"),
    (None, None, False, "untrained"),
])
def test_certificate_status(issued, expires, trained, status):
    assert emcees.certificate_status(issued, expires, trained, TODAY, 30) == status


def test_emcee_list_shows_status_and_training_totals(village):
    valid = emcee(village, "持证人", date(2025, 1, 1), date(2027, 12, 31), "兴田支客证2025001")
    emcees.save_training(valid, {"trained_on": date(2024, 12, 1), "hours": "4", "content": "礼仪",
                                  "trainer": "镇文化站"}, today=TODAY)
    emcees.save_training(valid, {"trained_on": date(2025, 12, 1), "hours": "2.5", "content": "复训"},
                          today=TODAY)
    emcee(village, "快到期", date(2024, 1, 1), TODAY + timedelta(days=10), "兴田支客证2024001")
    emcee(village, "没证的")
    rows = {r.name: r for r in search_emcees([village.id], TODAY, 30).rows}
    assert rows["持证人"].status == "valid"
    assert (rows["持证人"].trainings, rows["持证人"].hours) == (2, 6.5)
    assert rows["持证人"].last_trained_on == date(2025, 12, 1)
    assert rows["快到期"].status == "expiring"
    assert rows["没证的"].status == "untrained"


def test_certificate_findings_name_expired_and_missing_but_not_retired(village):
    emcee(village, "过期的", date(2020, 1, 1), date(2022, 12, 31), "兴田支客证2020001")
    emcee(village, "没证的")
    emcee(village, "已退出的", active=False)
    emcee(village, "持证的", date(2025, 1, 1), date(2099, 12, 31), "兴田支客证2025001")
    assert emcees.certificate_findings in RULES and council.party_group_findings in RULES
    found = {(f.rule, f.message.split("支客士")[1][:3]) for f in emcees.certificate_findings(None)}
    assert found == {("支客士证书已过期", "过期的"), ("支客士未持证", "没证的")}


@pytest.mark.parametrize("data, words", [
    ({"name": "甲", "certificate_no": "X1"}, "同时填写发证日期"),
    ({"name": "甲", "certificate_issued_on": date(2025, 1, 1),
      "certificate_expires_on": date(2026, 1, 1)}, "同时填写证书编号"),
    ({"name": "甲", "certificate_no": "X1", "certificate_issued_on": date(2025, 1, 1),
      "certificate_expires_on": date(2024, 1, 1)}, "有效期至应晚于"),
    ({"name": "", "certificate_no": ""}, "姓名不能为空"),
])
def test_bad_emcee_is_refused(village, data, words):
    with pytest.raises(ValidationError) as caught:
        emcees.save_emcee(village, data)
    assert words in caught.value.message
    assert Emcee.select().count() == 0


def test_certificate_number_is_unique_and_suggested(village):
    emcee(village, "甲", date(2025, 1, 1), date(2027, 1, 1), "兴田支客证2026001")
    assert emcees.next_certificate_no(village, 2026) == "兴田支客证2026002"
    with pytest.raises(ValidationError) as caught:
        emcee(village, "乙", date(2025, 1, 1), date(2027, 1, 1), "兴田支客证2026001")
    assert "已经发给了甲" in caught.value.message


def test_training_hours_and_date_are_checked(village):
    someone = emcee(village, "甲")
    for hours, words in (("abc", "要填数字"), ("0", "0.5到200"), ("500", "0.5到200")):
        with pytest.raises(ValidationError) as caught:
            emcees.save_training(someone, {"trained_on": date(2026, 1, 1), "hours": hours,
                                            "content": "礼仪"}, today=TODAY)
        assert words in caught.value.message
    assert someone.trainings.count() == 0


def test_expiry_after_years():
    assert emcees.expiry_after_years(date(2026, 3, 1), 3) == date(2029, 2, 28)
    assert emcees.expiry_after_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
