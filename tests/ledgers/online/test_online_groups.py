"""Groups and their 网络管理员: 1–2 a village from the roster, a third refused, the findings."""
from datetime import date, timedelta

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.findings import all_findings
from dongan_desk.ledgers.online import groups
from dongan_desk.ledgers.online.models import ChatGroup, GroupAdmin, GroupAssignment
from dongan_desk.ledgers.online.queries import admin_rows, group_rows
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.store.models import AuditEntry, Resident, Unit

from online_fixtures import TODAY, small  # noqa: F401

pytestmark = pytest.mark.usefixtures("small")


def admin(v, who, start=TODAY - timedelta(days=30), **more):
    return groups.save_admin(v.unit, {"resident": who, "appointed_on": start, **more}, today=TODAY)


def rules(name):
    return [f for f in all_findings() if f.rule == name]


def test_a_village_without_admins_is_a_finding_and_one_admin_clears_it(small):
    assert [f.message for f in rules("网络管理员人数不符")] == [
        "兴田村还没有网络管理员：应选1至2名（党员优先）管理村级QQ群、微信群"]
    assert [f.target for f in rules("群没有管理员")] == [f"chat_group:{small.group.id}"]
    result = admin(small, small.party)
    assert result.warnings == []
    assert result.record.phone == "13812345678"  # from the roster
    assert rules("网络管理员人数不符") == []
    assert rules("群没有管理员") != []  # nobody was put on the group yet
    groups.save_group(small.unit, {"platform": "wechat", "name": "兴田村民群", "members": 268,
                                   "admins": [result.record]}, small.group, today=TODAY)
    assert rules("群没有管理员") == []
    assert group_rows(None, TODAY)[0].admins == "李国强"


def test_a_team_without_a_party_member_is_warned_and_found(small):
    result = admin(small, small.plain)
    assert result.warnings == ["现任网络管理员中没有党员：工作方案要求党员优先考虑，请酌情调整。"]
    assert [f.target for f in rules("网络管理员中没有党员")] == [f"group_admin:{result.record.id}"]
    admin(small, small.party)
    assert rules("网络管理员中没有党员") == []


def test_a_third_admin_is_refused_with_nothing_saved(small):
    admin(small, small.party)
    admin(small, small.plain)
    entries = AuditEntry.select().count()
    with pytest.raises(ValidationError) as refused:
        admin(small, small.other)
    assert "本村现有网络管理员李国强、李小梅，已经2名" in refused.value.message
    assert "卸任" in refused.value.message
    assert GroupAdmin.select().count() == 2 and AuditEntry.select().count() == entries
    # Ending a term makes room; the record of the old admin stays.
    first = GroupAdmin.get(GroupAdmin.name == "李国强")
    groups.end_admin(first, TODAY - timedelta(days=1), today=TODAY)
    admin(small, small.other)
    assert [r.name for r in admin_rows([small.unit.id], TODAY)] == ["李小梅", "李大山"]
    assert len(admin_rows([small.unit.id], TODAY, include_past=True)) == 3


def test_more_than_two_admins_arriving_otherwise_is_a_finding(small):
    for who in (small.party, small.plain):
        admin(small, who)
    GroupAdmin.create(unit=small.unit, resident=small.other, name="李大山", appointed_on=TODAY)
    assert [f.message for f in rules("网络管理员人数不符")] == [
        "兴田村现有网络管理员3名（李国强、李小梅、李大山），应为1至2名：请给多出的人填上卸任日期"]


def test_an_admin_not_on_the_roster_is_refused(small):
    with pytest.raises(ValidationError) as refused:
        groups.save_admin(small.unit, {"resident": None, "appointed_on": TODAY}, today=TODAY)
    assert "从本村花名册里选" in refused.value.problems["resident"]
    other = Unit.create(code="500229115002", name="德安村", short_name="德安", kind="village")
    stranger = Resident.create(unit=other, household=small.head.household, name="外村人")
    with pytest.raises(ValidationError) as refused:
        admin(small, stranger)
    assert "不是本村（社区）花名册上的人员" in refused.value.problems["resident"]
    with pytest.raises(ValidationError) as refused:
        admin(small, small.party, start=TODAY + timedelta(days=3))
    assert "不能晚于今天" in refused.value.problems["appointed_on"]
    admin(small, small.party)
    with pytest.raises(ValidationError) as refused:
        admin(small, small.party)
    assert "已经是本村的网络管理员了" in refused.value.problems["resident"]
    assert GroupAdmin.select().count() == 1


@pytest.mark.parametrize("members, message", [
    ("-5", "群成员数不能是负数（现在是-5）"), ("二百", "群成员数要填整数"),
    ("9000", "超过5000")])
def test_a_group_with_an_impossible_member_count_is_refused(small, members, message):
    before = ChatGroup.select().count()
    with pytest.raises(ValidationError) as refused:
        groups.save_group(small.unit, {"platform": "qq", "name": "兴田老年群", "members": members},
                          today=TODAY)
    assert message in refused.value.problems["members"]
    assert ChatGroup.select().count() == before


def test_a_group_needs_a_platform_a_name_and_no_twin(small):
    with pytest.raises(ValidationError) as refused:
        groups.save_group(small.unit, {"platform": "weibo", "name": ""}, today=TODAY)
    assert set(refused.value.problems) == {"platform", "name"}
    with pytest.raises(ValidationError) as refused:
        groups.save_group(small.unit, {"platform": "wechat", "name": "兴田村民群"}, today=TODAY)
    assert "已经登记过微信群“兴田村民群”" in refused.value.problems["name"]
    result = groups.save_group(small.unit, {"platform": "qq", "name": "兴田村民群"}, today=TODAY)
    assert "还没有安排管理员" in result.warnings[0]


def test_a_current_admin_is_not_deleted_from_the_roster_and_leaving_ends_the_term(small):
    record = admin(small, small.party).record
    assert any("网络管理员" in (guard(small.party) or "") for guard in roster.DELETE_GUARDS)
    from dongan_desk.ledgers.roster import leaving
    leaving.deregister_resident(small.party, {"status": "moved", "status_on": TODAY,
                                              "status_note": "迁往县城"})
    assert GroupAdmin.get_by_id(record.id).ended_on == TODAY


def test_deleting_a_group_takes_its_assignments(small):
    record = admin(small, small.party).record
    groups.save_group(small.unit, {"platform": "wechat", "name": "兴田村民群", "admins": [record.id]},
                      small.group, today=TODAY)
    assert GroupAssignment.select().count() == 1
    groups.delete_group(ChatGroup.get_by_id(small.group.id))
    assert GroupAssignment.select().count() == 0 and GroupAdmin.select().count() == 1
    assert date.today()  # the rule reads today's date; nothing else changed
