"""Deadlines, statistics, the versioned category list and the sample cases."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.findings import all_findings
from dongan_desk.ledgers.mediation.categories import (add_category, categories, category_version,
                                                      rename_category, retire_category)
from dongan_desk.ledgers.mediation.deadlines import (CONFIRMATION, FOLLOW_UP, OVERDUE, deadlines,
                                                     one_month_before)
from dongan_desk.ledgers.mediation.ladder import (next_tier, save_agreement, save_follow_up,
                                                  save_step)
from dongan_desk.ledgers.mediation.queries import case_file
from dongan_desk.ledgers.mediation.stats import Period, by_category, by_tier, ledger, quarter_of
from dongan_desk.sample.town import build_sample
from dongan_desk.ledgers.mediation.models import Agreement, Dispute, FollowUp, MediationStep

from tests.mediation_cases import (TODAY, accept, agreement_data, category, settle_at_tier_two,
                                   step_data)


def settle(unit, day, **agreement):
    dispute = accept(unit, accepted_on=day, today=day)
    save_step(dispute, step_data(day, "settled"), agreement=agreement_data(day, **agreement), today=day)
    return dispute


def kinds(found):
    return sorted((d.kind, d.dispute_id) for d in found)


def test_month_arithmetic():
    assert one_month_before(date(2026, 3, 31)) == date(2026, 2, 28)
    assert one_month_before(date(2026, 1, 15)) == date(2025, 12, 15)


def test_open_more_than_a_month_is_a_deadline(village):
    old = accept(village, accepted_on=date(2026, 4, 19))
    just = accept(village, accepted_on=date(2026, 4, 20))
    settled = settle(village, date(2026, 1, 5))
    save_follow_up(settled, {"visited_on": date(2026, 1, 20), "visitor": "王", "reason": "回访",
                             "situation": "已履行"}, today=TODAY)
    found = deadlines(today=TODAY)
    assert kinds(found) == [(OVERDUE, old.id)]
    assert found[0].due_on == date(2026, 5, 19) and found[0].days_left == -1
    assert "已超过1天" in found[0].message and just.id not in [d.dispute_id for d in found]


def test_follow_up_falls_due_a_week_after_the_performance_deadline(village):
    day = date(2026, 4, 1)
    due = settle(village, day, perform_by=date(2026, 5, 10), kind="oral")  # due 5-17, passed
    soon = settle(village, day, perform_by=date(2026, 5, 19), kind="oral")  # due 5-26, in 6 days
    later = settle(village, day, perform_by=date(2026, 6, 30), kind="oral")
    visited = settle(village, day, perform_by=date(2026, 5, 1), kind="oral")
    save_follow_up(visited, {"visited_on": date(2026, 5, 8), "visitor": "王", "reason": "回访",
                             "situation": "已履行"}, today=TODAY)
    found = deadlines(today=TODAY, kinds=(FOLLOW_UP,))
    assert kinds(found) == [(FOLLOW_UP, due.id), (FOLLOW_UP, soon.id)]
    assert [d.days_left for d in found] == [-3, 6]
    assert later.id not in [d.dispute_id for d in found]


def test_confirmation_windows_closing_within_seven_days(village):
    closing = settle(village, TODAY - timedelta(days=25))       # deadline in 5 days
    today_last = settle(village, TODAY - timedelta(days=30))    # deadline today
    settle(village, TODAY - timedelta(days=22))                 # 8 days left: not yet
    settle(village, TODAY - timedelta(days=31))                 # closed yesterday
    settle(village, TODAY - timedelta(days=26), kind="oral")    # oral: no 司法确认
    applied = settle(village, TODAY - timedelta(days=27))
    save_agreement(Dispute.get_by_id(applied.id), agreement_data(
        TODAY - timedelta(days=27), confirmation_applied_on=TODAY - timedelta(days=2)), today=TODAY)
    found = deadlines(today=TODAY, kinds=(CONFIRMATION,))
    assert [(d.dispute_id, d.days_left) for d in found] == [(today_last.id, 0), (closing.id, 5)]
    assert "今天到期" in found[0].message


def test_deadlines_join_the_findings(village):
    today = date.today()
    accept(village, accepted_on=today - timedelta(days=45), today=today)
    settle(village, today - timedelta(days=28))  # 司法确认 in 2 days; 回访 due since 21 days
    rules = sorted(f.rule for f in all_findings() if f.target.startswith("dispute:"))
    assert rules == ["司法确认申请期将满", "调解协议待回访", "调解超过一个月未结"]


def test_statistics_by_category_and_by_tier(village):
    settle_at_tier_two(village)                                   # 邻里, settled at tier 2, written
    settle(village, date(2026, 4, 1), kind="oral", amount="300")  # 邻里, settled at tier 1, oral
    failed = accept(village, category=category(village, "合同"), accepted_on=date(2026, 4, 2))
    save_step(failed, step_data(date(2026, 4, 3), "failed"), today=TODAY)
    accept(village, accepted_on=date(2025, 12, 1))  # outside the period
    period = Period(date(2026, 1, 1), date(2026, 6, 30))
    rows = {s.category: s for s in by_category(period=period)}
    assert list(rows)[-1] == "其他" and len(rows) == 15
    neighbours = rows["邻里"]
    assert (neighbours.accepted, neighbours.settled, neighbours.written, neighbours.oral) == (2, 2, 1, 1)
    assert neighbours.amount == Decimal("800.00") and neighbours.rate == 1.0
    assert (rows["合同"].accepted, rows["合同"].settled, rows["合同"].rate) == (1, 0, 0.0)
    assert rows["物业"].rate is None
    tiers = by_tier(period=period)
    assert [(t.mediated, t.settled, t.escalated, t.failed) for t in tiers] == [
        (3, 1, 1, 1), (1, 1, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)]
    assert by_category()[1].accepted == 3  # without a period the 2025 case counts too


def test_the_ledger_has_one_line_per_case_with_its_path(village):
    settle_at_tier_two(village)
    accept(village)
    lines = ledger()
    assert [line.number for line in lines] == ["（2026）兴田人调字第1号", "（2026）兴田人调字第2号"]
    assert lines[0].path == "院户亲情调 ✗ 上升 → 村规民约调 ✓ 调解成功"
    assert lines[0].agreement_kind == "书面协议" and lines[0].confirmation_deadline == date(2026, 4, 9)
    assert lines[1].status == "调解中" and lines[1].agreement_amount is None


def test_quarters():
    period, name = quarter_of(date(2026, 11, 28))
    assert (period.start, period.end, name) == (date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度")
    assert quarter_of(date(2026, 2, 1))[0].end == date(2026, 3, 31)


def test_the_category_list_is_versioned(village):
    neighbours = category(village, "邻里")
    old_case = accept(village, category=neighbours)
    assert category_version(village) == 1 and len(categories(village)) == 15
    renamed = rename_category(neighbours, "邻里纠纷")
    add_category(village, "赡养")
    retire_category(category(village, "物业"))
    assert category_version(village) == 4
    names = [c.name for c in categories(village)]
    assert "邻里纠纷" in names and "邻里" not in names and "物业" not in names and "赡养" in names
    first = [c.name for c in categories(village, version=1)]
    assert "邻里" in first and "赡养" not in first and "物业" in first
    assert case_file(old_case).category == "邻里"  # filed under the old name, kept
    assert renamed.replaces_id == neighbours.id
    with pytest.raises(ValidationError, match="已停用"):
        accept(village, category=neighbours)
    with pytest.raises(ValidationError, match="已经在列表里"):
        add_category(village, "赡养")


def test_the_sample_village_has_every_tier_and_status_and_keeps_the_rules(database):
    today = date(2026, 11, 28)
    build_sample("village", today=today)
    disputes = list(Dispute.select())
    assert len(disputes) == 90
    assert {d.status for d in disputes} == {"open", "settled", "failed", "transferred", "withdrawn"}
    assert {s.tier for s in MediationStep.select()} == {1, 2, 3, 4}
    assert Agreement.select().count() == sum(d.status == "settled" for d in disputes)
    assert {a.kind for a in Agreement.select()} == {"written", "oral"}
    assert FollowUp.select().count() > 30
    for d in disputes:  # the sample obeys the same ladder rules as a clerk's input
        steps = list(d.steps.order_by(MediationStep.held_on, MediationStep.id))
        assert d.parties.count() >= 2
        assert all(d.accepted_on <= s.held_on <= today for s in steps)
        tier = d.start_tier
        for s in steps:
            assert s.tier == tier
            tier = tier + 1 if s.result == "escalate" else tier
        if d.status == "settled":
            assert steps[-1].result == "settled"
        if d.status in ("open", "transferred"):
            assert next_tier(d) == tier and (d.status == "transferred") == (tier == 4)
    assert {k for k in (d.kind for d in deadlines(today=today))} == {OVERDUE, FOLLOW_UP, CONFIRMATION}
