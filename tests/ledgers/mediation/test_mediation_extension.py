"""The one-month limit extended with both parties' consent (issue 12): refused without consent,
a reason or a sensible date; the 期限提醒 then counts from the extended date."""
from datetime import date

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.mediation.deadlines import (EXTENDED_LABEL, OVERDUE, cancel_extension,
                                                     case_limit, deadlines, extend_limit,
                                                     extension_text)
from dongan_desk.ledgers.mediation.ladder import save_step
from dongan_desk.ledgers.mediation.models import Dispute

from tests.mediation_cases import accept, step_data

ACCEPTED = date(2026, 3, 2)   # the limit: 2026-04-02
AGREED = date(2026, 3, 30)


@pytest.fixture
def case(village):
    return accept(village, accepted_on=ACCEPTED, today=ACCEPTED)


def refused(case, **changes) -> dict:
    args = dict(extended_to=date(2026, 4, 20), reason="需等待伤情鉴定结果", consent=True, on=AGREED,
                today=AGREED)
    args.update(changes)
    with pytest.raises(ValidationError) as caught:
        extend_limit(Dispute.get_by_id(case.id), **args)
    assert Dispute.get_by_id(case.id).extended_to is None  # nothing saved
    return caught.value.problems


def test_refused_without_both_parties_consent(case):
    assert "双方当事人同意" in refused(case, consent=False)["consent"]


def test_refused_without_a_reason(case):
    assert "延期原因" in refused(case, reason="  ")["reason"]


def test_refused_unless_the_new_date_is_after_the_current_limit(case):
    assert "应晚于现在的期限2026-04-02" in refused(case, extended_to=date(2026, 4, 2))["extended_to"]
    assert "请填写延长后的调解期限" in refused(case, extended_to=None)["extended_to"]


def test_refused_when_the_new_date_is_absurd(case):
    assert "每次最多延长一个月，即到2026-05-02" in refused(case, extended_to=date(2027, 4, 2))["extended_to"]
    assert "同意延期的日期" in refused(case, on=date(2026, 3, 1))["extended_on"]  # before acceptance


def test_refused_with_every_problem_at_once(case):
    problems = refused(case, consent=False, reason="", extended_to=date(2026, 3, 20))
    assert set(problems) == {"consent", "reason", "extended_to"}


def test_a_settled_case_needs_no_extension(case):
    save_step(Dispute.get_by_id(case.id), step_data(date(2026, 3, 5), "failed"), today=AGREED)
    with pytest.raises(ValidationError, match="不需要延长调解期限"):
        extend_limit(Dispute.get_by_id(case.id), date(2026, 4, 20), "原因", True, on=AGREED, today=AGREED)


def test_the_deadline_counts_from_the_extended_date(case):
    assert [d.kind for d in deadlines(today=date(2026, 4, 10))] == [OVERDUE]  # a month has passed
    dispute = extend_limit(Dispute.get_by_id(case.id), date(2026, 4, 20), "需等待伤情鉴定结果", True,
                           on=AGREED, today=AGREED)
    assert case_limit(dispute) == date(2026, 4, 20)
    assert deadlines(today=date(2026, 4, 10)) == []  # within the extended limit
    assert deadlines(today=date(2026, 4, 20)) == []  # the last day
    late = deadlines(today=date(2026, 4, 25))
    assert [(d.kind, d.due_on, d.days_left) for d in late] == [(OVERDUE, date(2026, 4, 20), -5)]
    assert late[0].kind_label == EXTENDED_LABEL
    assert "已延期至2026-04-20（需等待伤情鉴定结果）" in late[0].detail
    assert extension_text(Dispute.get_by_id(case.id)) == "已延期至2026-04-20（需等待伤情鉴定结果）"
    saved = Dispute.get_by_id(case.id)
    assert (saved.extended_on, saved.extension_consent) == (AGREED, True)


def test_extended_again_from_the_extended_limit_and_cancelled(case):
    dispute = extend_limit(Dispute.get_by_id(case.id), date(2026, 4, 20), "鉴定", True, on=AGREED, today=AGREED)
    again = extend_limit(dispute, date(2026, 5, 20), "鉴定结果未出", True, on=date(2026, 4, 18),
                         today=date(2026, 4, 18))
    assert case_limit(again) == date(2026, 5, 20)
    cancel_extension(again)
    assert case_limit(Dispute.get_by_id(case.id)) == date(2026, 4, 2)
    assert extension_text(Dispute.get_by_id(case.id)) == ""
