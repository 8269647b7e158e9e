"""Accepting a case: numbering, parties, bad input refused with nothing saved."""
from datetime import date
from decimal import Decimal

import pytest

from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.mediation.cases import (find_by_number, new_dispute_draft,
                                                 party_from_resident, save_dispute, undo_withdraw,
                                                 withdraw_dispute)
from dongan_desk.ledgers.mediation.categories import categories, install_default_categories
from dongan_desk.ledgers.mediation.ladder import save_step
from dongan_desk.ledgers.mediation.queries import ACTIVE, DisputeFilter, case_file, search_disputes
from dongan_desk.ledgers.mediation.models import Dispute, DisputeParty
from dongan_desk.store.models import Unit

from tests.mediation_cases import (ID_C, TODAY, accept, case_data, category, make_residents,
                                   outsider, step_data)


def nothing_saved():
    return Dispute.select().count() == 0 and DisputeParty.select().count() == 0


def test_numbers_count_per_unit_per_year(township):
    village = Unit.get(Unit.short_name == "兴田")
    other = Unit.get(Unit.short_name == "德安")
    first = accept(township)
    second = accept(township, accepted_on=date(2026, 4, 1))
    last_year = accept(township, accepted_on=date(2025, 12, 31))
    assert [first.number, second.number, last_year.number] == [
        "（2026）东安人调字第1号", "（2026）东安人调字第2号", "（2025）东安人调字第1号"]
    # Villages number their own cases; written here directly, as a village PC would have.
    for unit in (village, other):
        Dispute.create(unit=unit, year=2026, serial=1, accepted_on=date(2026, 1, 5),
                       source="apply", category=first.category, facts="x")
    assert find_by_number("(2026)德安人调字第1号").unit_id == other.id
    assert find_by_number("（2026）东安人调字第2号").id == second.id
    assert find_by_number("（2026）东安人调字第9号") is None
    with pytest.raises(ValidationError, match="不是调解案件编号"):
        find_by_number("第二号")


def test_a_resident_party_is_filled_in_from_the_roster(village):
    li, wang = make_residents(village)
    values = party_from_resident(li, on=date(2026, 3, 2))
    assert (values["name"], values["gender"], values["age"]) == ("李秀英", "女", 76)
    assert values["address"] == "东安镇兴田村3组17号" and values["phone"] == "13812345678"
    dispute = accept(village, [values, party_from_resident(wang, on=date(2026, 3, 2))])
    parties = case_file(dispute, on=date(2026, 3, 2)).parties
    assert [(p.side, p.name, p.gender, p.age, p.from_roster) for p in parties] == [
        ("甲方", "李秀英", "女", 76, True), ("乙方", "王建国", "男", 40, True)]
    with pytest.raises(ValidationError, match="当事人"):
        roster.delete_resident(li)


def test_fewer_than_two_parties_is_refused_and_nothing_saved(village):
    with pytest.raises(ValidationError, match="至少要有2个当事人"):
        accept(village, [outsider()])
    with pytest.raises(ValidationError, match="至少要有2个当事人"):
        accept(village, [])
    assert nothing_saved()


def test_a_bad_party_id_number_is_refused_naming_the_party(village):
    bad = ID_C[:-1] + "9"
    with pytest.raises(ValidationError) as caught:
        accept(village, [outsider("张甲"), outsider("李乙", id_number=bad)])
    assert "乙方李乙的身份证号有误" in caught.value.message and "校验" in caught.value.message
    with pytest.raises(ValidationError, match="15位"):
        accept(village, [outsider("张甲", id_number="110105491231002"), outsider("李乙")])
    assert nothing_saved()


def test_an_outsider_with_an_id_number_gets_gender_and_age_from_it(village):
    dispute = accept(village, [outsider("张甲", id_number=ID_C, gender="男", age=99), outsider("李乙")])
    party = dispute.parties.order_by(DisputeParty.position).first()
    assert (party.gender, party.age, party.id_number) == ("女", 35, ID_C)  # born 1990-03-07, accepted 2026-03-02


def test_the_same_person_twice_is_refused(village):
    li, _ = make_residents(village)
    with pytest.raises(ValidationError, match="重复"):
        accept(village, [party_from_resident(li), party_from_resident(li)])
    assert nothing_saved()


def test_other_bad_case_fields_are_refused_all_at_once(village):
    with pytest.raises(ValidationError) as caught:
        accept(village, accepted_on=date(2026, 6, 1), facts=" ", amount="一千", source="")
    problems = caught.value.problems
    assert set(problems) >= {"accepted_on", "facts", "amount", "source"}
    assert "晚于今天" in problems["accepted_on"] and "不是金额" in problems["amount"]
    assert nothing_saved()


def test_amounts_are_read_as_clerks_type_them(village):
    assert accept(village, amount="１２,３４５.６元").amount == Decimal("12345.60")
    assert accept(village, amount="").amount == Decimal("0.00")
    with pytest.raises(ValidationError, match="负数"):
        accept(village, amount="-5")


def test_only_a_grave_or_major_case_may_start_above_tier_one(village):
    with pytest.raises(ValidationError, match="重大纠纷"):
        accept(village, start_tier=4, risk_level="normal", start_reason="急")
    with pytest.raises(ValidationError, match="越级的原因"):
        accept(village, start_tier=4, risk_level="grave")
    with pytest.raises(ValidationError, match="重大纠纷"):
        accept(village, start_tier=4, risk_level="major", start_reason="金额大")
    assert nothing_saved()
    major = accept(village, start_tier=3, risk_level="major", start_reason="涉及多户")
    assert major.status == "open"
    grave = accept(village, start_tier=4, risk_level="grave", start_reason="群体性纠纷，对立严重")
    assert grave.status == "transferred" and grave.choice_label("status", grave.status) == "已移交人民法庭"


def test_editing_keeps_the_number_and_checks_against_steps(village):
    dispute = accept(village)
    save_step(dispute, step_data(date(2026, 3, 5), "again"), today=TODAY)
    parties = [outsider("张甲"), outsider("李乙"), outsider("王丙")]
    edited = save_dispute(case_data(village, facts="更正后的情况"), parties, dispute, today=TODAY).record
    assert edited.number == dispute.number and edited.parties.count() == 3
    with pytest.raises(ValidationError, match="第一次调解"):
        save_dispute(case_data(village, accepted_on=date(2026, 3, 6)), parties, dispute, today=TODAY)
    with pytest.raises(ValidationError, match="2026年"):
        save_dispute(case_data(village, accepted_on=date(2025, 3, 6)), parties, dispute, today=TODAY)
    with pytest.raises(ValidationError, match="起始层级不能再改"):
        save_dispute(case_data(village, start_tier=3, risk_level="major", start_reason="x"),
                     parties, dispute, today=TODAY)
    assert Dispute.get_by_id(dispute.id).facts == "更正后的情况"


def test_a_draft_from_a_visit_is_completed_and_saved(village):
    li, wang = make_residents(village)
    draft = new_dispute_draft([li], date(2026, 3, 1), "走访发现：李秀英与邻居因排水沟发生争执。")
    assert draft.data["source"] == "initiative" and [p["name"] for p in draft.parties] == ["李秀英"]
    with pytest.raises(ValidationError, match="至少要有2个当事人"):
        save_dispute({**draft.data, "category": category(village)}, draft.parties, unit=village,
                     today=TODAY)
    draft.parties.append(party_from_resident(wang))
    dispute = save_dispute({**draft.data, "category": category(village)}, draft.parties,
                           unit=village, today=TODAY).record
    assert dispute.source == "initiative" and dispute.facts.startswith("走访发现")


def test_withdrawing_and_undoing_it(village):
    dispute = accept(village)
    save_step(dispute, step_data(date(2026, 3, 4), "again"), today=TODAY)
    with pytest.raises(ValidationError, match="撤回日期"):
        withdraw_dispute(dispute, date(2026, 3, 3), "当事人自行和解", today=TODAY)
    withdraw_dispute(dispute, date(2026, 3, 8), "当事人自行和解", today=TODAY)
    assert (dispute.status, dispute.closed_on) == ("withdrawn", date(2026, 3, 8))
    with pytest.raises(ValidationError, match="不能再记录调解"):
        save_step(dispute, step_data(date(2026, 3, 9), "again"), today=TODAY)
    undo_withdraw(dispute)
    assert Dispute.get_by_id(dispute.id).status == "open"


def test_the_list_searches_by_name_number_and_status(village):
    li, wang = make_residents(village)
    first = accept(village, [party_from_resident(li), party_from_resident(wang)])
    second = accept(village, facts="承包地界争议")
    save_step(second, step_data(date(2026, 3, 3), "failed"), today=TODAY)
    assert [r.number for r in search_disputes(DisputeFilter(text="李秀英")).rows] == [first.number]
    assert [r.id for r in search_disputes(DisputeFilter(text="第2号")).rows] == [second.id]
    assert [r.id for r in search_disputes(DisputeFilter(text="地界")).rows] == [second.id]
    assert [r.id for r in search_disputes(DisputeFilter(status=ACTIVE)).rows] == [first.id]
    failed = search_disputes(DisputeFilter(status="failed"))
    assert failed.total == 1 and failed.rows[0].status == "调解不成功"
    assert failed.rows[0].parties == "张甲、李乙" and failed.rows[0].tier == "院户亲情调"
    save_step(first, step_data(date(2026, 3, 4), "escalate"), today=TODAY)
    waiting = search_disputes(DisputeFilter(status=ACTIVE)).rows[0]
    assert waiting.tier == "村规民约调"  # escalated: it now waits at tier 2


def test_the_township_reads_but_never_writes_a_village_case(township):
    village = Unit.get(Unit.short_name == "兴田")
    install_default_categories(village)  # as a village's snapshot would bring it
    data = case_data(township, category=categories(village)[0])
    with pytest.raises(ValidationError, match="只能在该单位的电脑上修改"):
        save_dispute(data, [outsider("甲"), outsider("乙")], unit=village, today=TODAY)
    assert nothing_saved()
