"""Delivery to every household: receivers from the household's members on the roster, progress
per courtyard grid counting only households 在册, the missing list, and the rules."""
from datetime import timedelta

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.covenant import delivery, rules, versions
from dongan_desk.ledgers.covenant.models import CovenantDelivery
from dongan_desk.ledgers.roster import leaving
from dongan_desk.store.models import Resident

from covenant_helpers import DAY, TODAY, walk


def give(covenant, household, receiver=None, **extra):
    receiver = receiver or delivery.household_members(household)[0]
    return delivery.save_delivery(covenant, {"household": household, "form": "booklet",
                                             "delivered_on": TODAY, "receiver": receiver,
                                             "deliverer": "王网格员", **extra}, today=TODAY).record


def test_progress_per_courtyard_and_the_missing_households(adopted, households):
    give(adopted, households["张家院子"][0])
    give(adopted, households["张家院子"][1], form="poster")
    give(adopted, households["李家湾"][2])
    progress = {p.grid_name: p for p in delivery.progress_by_grid(adopted.unit)}
    assert progress["张家院子"].text == "已发放 2 / 在册户 3"
    assert progress["李家湾"].text == "已发放 1 / 在册户 3"
    missing = delivery.missing_households(adopted)
    assert missing.total == 3
    assert {m.address for m in missing.rows} == {"兴田村张家院子3号", "兴田村李家湾1号", "兴田村李家湾2号"}
    assert delivery.missing_households(adopted, search="李户主2").rows[0].head == "李户主2"
    assert delivery.unit_progress([adopted.unit_id]) == {adopted.unit_id: (6, 3)}


def test_a_household_that_left_the_register_no_longer_counts(adopted, households):
    home = households["李家湾"][0]
    leaving.deregister_household(home, {"status": "moved", "status_on": TODAY}, today=TODAY)
    progress = {p.grid_name: p for p in delivery.progress_by_grid(adopted.unit)}
    assert progress["李家湾"].households == 2
    assert delivery.missing_households(adopted).total == 5


@pytest.mark.parametrize("change, field, words", [
    ({"receiver": "other"}, "receiver", "不是这一户的成员"),
    ({"receiver": None}, "receiver", "本户成员"),
    ({"deliverer": ""}, "deliverer", "不能为空"),
    ({"form": "leaflet"}, "form", "小册子或海报"),
    ({"delivered_on": TODAY + timedelta(days=1)}, "delivered_on", "还没到"),
    ({"delivered_on": DAY - timedelta(days=1)}, "delivered_on", "早于这一版的审定日期")])
def test_a_bad_delivery_is_refused_and_nothing_saved(adopted, households, change, field, words):
    home = households["张家院子"][0]
    data = {"household": home, "form": "booklet", "delivered_on": TODAY,
            "receiver": delivery.household_members(home)[0], "deliverer": "王网格员", **change}
    if change.get("receiver") == "other":
        data["receiver"] = delivery.household_members(households["李家湾"][0])[0]
    with pytest.raises(ValidationError) as refused:
        delivery.save_delivery(adopted, data, today=TODAY)
    assert words in refused.value.problems[field]
    assert not CovenantDelivery.select().exists()


def test_a_receiver_who_left_the_register_or_a_second_delivery_is_refused(adopted, households):
    home = households["张家院子"][0]
    member = delivery.household_members(home)[1]
    Resident.update(status="dead").where(Resident.id == member.id).execute()
    with pytest.raises(ValidationError, match="已经注销"):
        give(adopted, home, Resident.get_by_id(member.id))
    give(adopted, home)
    with pytest.raises(ValidationError, match="不用重复登记"):
        give(adopted, home)
    assert CovenantDelivery.select().count() == 1


def test_only_the_current_version_is_delivered(draft, households):
    with pytest.raises(ValidationError, match="不是现行"):
        give(draft, households["张家院子"][0])


def test_findings_no_current_not_filed_and_not_reached_after_the_set_days(draft, households):
    found = rules.covenant_findings(None, today=TODAY)
    assert [f.rule for f in found] == ["没有现行村规民约"]
    walk(draft, "vote", TODAY - timedelta(days=31))
    found = {f.rule: f for f in rules.covenant_findings(None, today=TODAY)}
    assert set(found) == {"村规民约未备案", "村规民约未发放到户"}
    assert "还有6户（共6户在册）" in found["村规民约未发放到户"].message
    rules.set_delivery_days(draft.unit, 45)
    assert {f.rule for f in rules.covenant_findings(None, today=TODAY)} == {"村规民约未备案"}
    with pytest.raises(ValidationError, match="应在1到365之间"):
        rules.set_delivery_days(draft.unit, 0)
    assert rules.delivery_days(draft.unit) == 45


def test_everyone_reached_and_filed_is_clean(adopted, households):
    for homes in households.values():
        for home in homes:
            give(adopted, home)
    assert rules.covenant_findings(None, today=TODAY + timedelta(days=90)) == []
    assert versions.current_version(adopted.unit).filed_on == DAY
