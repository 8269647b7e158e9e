"""The 四调 ladder on crafted cases: escalation with reasons, dates, agreements, follow-ups."""
from datetime import date

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.mediation.ladder import (delete_last_step, ladder_path, next_tier,
                                                  path_text, save_agreement, save_follow_up,
                                                  save_step)
from dongan_desk.ledgers.mediation.queries import case_file
from dongan_desk.ledgers.mediation.models import Agreement, Dispute, FollowUp, MediationStep

from tests.mediation_cases import (TODAY, accept, agreement_data, outsider, settle_at_tier_two,
                                   step_data)


def reload(dispute):
    return Dispute.get_by_id(dispute.id)


def test_fail_at_tier_one_escalate_and_settle_at_tier_two(village):
    dispute = settle_at_tier_two(village)
    case = case_file(dispute)
    assert [s.tier for s in case.steps] == [1, 2]
    assert case.status_label == "调解成功" and case.closed_on == date(2026, 3, 10)
    assert case.path_text == "院户亲情调 ✗ 上升 → 村规民约调 ✓ 调解成功"
    assert case.path[0].reason == "双方分歧较大"
    assert case.agreement.items == ["乙方于五日内拆除猪圈越界部分；", "甲方不再追究。"]
    assert case.agreement.copies == 3  # two parties and the committee
    assert case.agreement.confirmation_deadline == date(2026, 4, 9)
    assert next_tier(reload(dispute)) is None
    with pytest.raises(ValidationError, match="不能再记录调解"):
        save_step(reload(dispute), step_data(date(2026, 3, 11), "again"), today=TODAY)


def test_escalating_needs_a_reason_and_goes_exactly_one_tier_up(village):
    dispute = accept(village)
    with pytest.raises(ValidationError, match="上升原因不能为空"):
        save_step(dispute, step_data(date(2026, 3, 3), "escalate", escalation_reason=""), today=TODAY)
    assert MediationStep.select().count() == 0
    save_step(dispute, step_data(date(2026, 3, 3), "again"), today=TODAY)
    assert next_tier(dispute) == 1  # 本级继续
    save_step(dispute, step_data(date(2026, 3, 4), "escalate"), today=TODAY)
    assert next_tier(dispute) == 2
    step = save_step(dispute, step_data(date(2026, 3, 6), "escalate"), today=TODAY).record
    assert step.tier == 2 and step.covenant_clause == "《兴田村村规民约》第八条"
    assert reload(dispute).status == "open" and next_tier(dispute) == 3
    save_step(dispute, step_data(date(2026, 3, 8), "escalate"), today=TODAY)
    assert reload(dispute).status == "transferred"  # the tribunal is next
    assert path_text(ladder_path(reload(dispute))) == (
        "院户亲情调（2次） ✗ 上升 → 村规民约调 ✗ 上升 → 支部说事调 ✗ 上升 → 司法权威调 … 进行中")
    with pytest.raises(ValidationError, match="最高一级"):
        save_step(reload(dispute), step_data(date(2026, 3, 9), "escalate"), today=TODAY)
    save_step(reload(dispute), step_data(date(2026, 3, 9), "failed"), today=TODAY)
    assert reload(dispute).status == "failed" and reload(dispute).closed_on == date(2026, 3, 9)


def test_tier_two_needs_the_covenant_clause_it_relied_on(village):
    dispute = accept(village)
    save_step(dispute, step_data(date(2026, 3, 3), "escalate"), today=TODAY)
    with pytest.raises(ValidationError, match="村规民约条款不能为空"):
        save_step(dispute, step_data(date(2026, 3, 4), "again", covenant_clause=""), today=TODAY)
    other = accept(village)
    step = save_step(other, step_data(date(2026, 3, 3), "again", covenant_clause="第三条"), today=TODAY)
    assert step.record.covenant_clause == ""  # only tier 2 relies on the village rules


def test_a_step_before_acceptance_or_in_the_future_is_refused(village):
    dispute = accept(village, accepted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError, match="早于受理日期"):
        save_step(dispute, step_data(date(2026, 3, 1), "again"), today=TODAY)
    with pytest.raises(ValidationError, match="还没到"):
        save_step(dispute, step_data(date(2026, 5, 21), "again"), today=TODAY)
    save_step(dispute, step_data(date(2026, 3, 10), "again"), today=TODAY)
    with pytest.raises(ValidationError, match="上一次调解"):
        save_step(dispute, step_data(date(2026, 3, 9), "again"), today=TODAY)
    assert MediationStep.select().count() == 1


def test_success_without_agreement_content_is_refused_and_nothing_saved(village):
    dispute = accept(village)
    with pytest.raises(ValidationError, match="必须填写达成的协议内容"):
        save_step(dispute, step_data(date(2026, 3, 3), "settled"), today=TODAY)
    with pytest.raises(ValidationError, match="协议内容"):
        save_step(dispute, step_data(date(2026, 3, 3), "settled"),
                  agreement=agreement_data(date(2026, 3, 3), items="\n 1、 \n"), today=TODAY)
    assert MediationStep.select().count() == 0 and Agreement.select().count() == 0
    assert reload(dispute).status == "open"


def test_an_agreement_deadline_before_its_effective_date_is_refused(village):
    dispute = accept(village)
    bad = agreement_data(date(2026, 3, 5), perform_by=date(2026, 3, 4))
    with pytest.raises(ValidationError) as caught:
        save_step(dispute, step_data(date(2026, 3, 3), "settled"), agreement=bad, today=TODAY)
    assert "早于协议生效日期" in caught.value.problems["agreement.perform_by"]
    early = agreement_data(date(2026, 3, 2))
    with pytest.raises(ValidationError, match="不能早于达成协议的调解日期"):
        save_step(dispute, step_data(date(2026, 3, 3), "settled"), agreement=early, today=TODAY)
    assert MediationStep.select().count() == 0 and Agreement.select().count() == 0


def test_an_oral_agreement_has_no_judicial_confirmation(village):
    dispute = accept(village, [outsider("甲"), outsider("乙"), outsider("丙")])
    save_step(dispute, step_data(date(2026, 3, 3), "settled"),
              agreement=agreement_data(date(2026, 3, 3), kind="oral",
                                       confirmation_applied_on=date(2026, 3, 4)), today=TODAY)
    agreement = Agreement.get(Agreement.dispute == dispute)
    assert agreement.kind == "oral" and agreement.confirmation_applied_on is None
    assert agreement.copies == 4


def test_editing_the_agreement_and_recording_performance(village):
    dispute = settle_at_tier_two(village)
    data = agreement_data(date(2026, 3, 10), perform_by=date(2026, 3, 20),
                          confirmation_applied_on=date(2026, 4, 15), performance="partial")
    result = save_agreement(reload(dispute), data, today=TODAY)
    assert result.record.performance == "partial"
    assert any("超过协议生效后30日" in w for w in result.warnings)
    with pytest.raises(ValidationError, match="只有调解成功"):
        save_agreement(accept(village), data, today=TODAY)


def test_follow_ups_after_the_agreement_only(village):
    dispute = settle_at_tier_two(village)
    visit = {"visited_on": date(2026, 3, 9), "visitor": "王调解", "reason": "了解协议履行情况",
             "situation": "已拆除越界部分", "satisfaction": "satisfied", "performance": "done"}
    with pytest.raises(ValidationError, match="早于协议生效日期"):
        save_follow_up(dispute, visit, today=TODAY)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        save_follow_up(dispute, {**visit, "visited_on": date(2026, 6, 1)}, today=TODAY)
    save_follow_up(dispute, {**visit, "visited_on": date(2026, 3, 25)}, today=TODAY)
    assert Agreement.get(Agreement.dispute == dispute).performance == "done"
    assert [f.situation for f in case_file(dispute).follow_ups] == ["已拆除越界部分"]
    with pytest.raises(ValidationError, match="还没有协议"):
        save_follow_up(accept(village), visit, today=TODAY)


def test_only_the_last_step_may_change_its_result(village):
    dispute = accept(village)
    first = save_step(dispute, step_data(date(2026, 3, 3), "escalate"), today=TODAY).record
    save_step(dispute, step_data(date(2026, 3, 5), "again"), today=TODAY)
    with pytest.raises(ValidationError, match="只有最后一次"):
        save_step(dispute, step_data(date(2026, 3, 3), "again"), step=first, today=TODAY)
    fixed = save_step(dispute, step_data(date(2026, 3, 4), "escalate", place="祠堂"), step=first,
                      today=TODAY).record
    assert (fixed.place, fixed.held_on) == ("祠堂", date(2026, 3, 4))
    with pytest.raises(ValidationError, match="下一次调解"):
        save_step(dispute, step_data(date(2026, 3, 6), "escalate"), step=first, today=TODAY)


def test_deleting_the_settling_step_reopens_the_case(village):
    dispute = settle_at_tier_two(village)
    save_follow_up(dispute, {"visited_on": date(2026, 3, 25), "visitor": "王调解",
                             "reason": "回访", "situation": "已履行"}, today=TODAY)
    delete_last_step(reload(dispute))
    assert reload(dispute).status == "open" and reload(dispute).closed_on is None
    assert Agreement.select().count() == 0 and FollowUp.select().count() == 0
    assert next_tier(reload(dispute)) == 2
