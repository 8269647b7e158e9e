"""The 舆情 log: who may find, the refusals with nothing saved, the township's limits, the
findings, and a dispute opened from an incident."""
from datetime import timedelta

import pytest

from dongan_desk.errors import ValidationError
from dongan_desk.findings import all_findings
from dongan_desk.ledgers.mediation.cases import save_dispute
from dongan_desk.ledgers.mediation.categories import ensure_categories
from dongan_desk.ledgers.mediation.models import Dispute, DisputeCategory
from dongan_desk.ledgers.online import groups, incidents, limits
from dongan_desk.ledgers.online.models import OpinionIncident
from dongan_desk.ledgers.online.queries import IncidentFilter, counts_by_month, search_incidents
from dongan_desk.store.models import AuditEntry

from online_fixtures import NOW, TODAY, incident_data, small  # noqa: F401


def save(v, **changes):
    return incidents.save_incident(v.unit, incident_data(v, **changes), now=NOW)


def refused(v, field, **changes):
    before = (OpinionIncident.select().count(), AuditEntry.select().count())
    with pytest.raises(ValidationError) as caught:
        save(v, **changes)
    assert (OpinionIncident.select().count(), AuditEntry.select().count()) == before
    return caught.value.problems[field]


def test_an_incident_found_online_by_a_grid_worker_is_logged(small):
    record = save(small).record
    assert (record.finder_name, record.finder_role, record.group.name) == ("王秀英", "worker", "兴田村民群")
    page = search_incidents(IncidentFilter([small.unit.id]))
    assert page.total == 1 and page.rows[0].where == "兴田村民群"
    assert page.rows[0].report_state(limits.limits_for(small.unit), NOW) == "—"


def test_who_finds_it_is_named_by_their_part_in_the_village(small):
    assert save(small, finder=small.head).record.finder_role == "head"
    assert save(small, finder=small.party).record.finder_role == "party"
    groups.save_admin(small.unit, {"resident": small.plain, "appointed_on": TODAY}, today=TODAY)
    assert save(small, finder=small.plain).record.finder_role == "admin"
    assert "不是本村的网络管理员、院落长、网格员或党员" in refused(small, "finder", finder=small.other)


def test_offline_needs_its_courtyard(small):
    assert "哪个院落网格" in refused(small, "grid", channel="offline", group=None)
    record = save(small, channel="offline", group=None, grid=small.courtyard).record
    assert record.grid.name == "王家院子" and record.group is None


def test_a_found_time_in_the_future_is_refused(small):
    message = refused(small, "found_at", found_at=NOW + timedelta(hours=3))
    assert "晚于现在" in message
    assert save(small, found_at=NOW + timedelta(minutes=5)).record  # a clock a little fast


def test_a_grave_incident_without_its_report_is_refused(small):
    message = refused(small, "reported_at", level="grave")
    assert message.startswith("重大舆情须在发现后2小时内上报镇里")
    record = save(small, level="grave", reported_to="镇平安建设办张主任",
                  reported_at=NOW - timedelta(minutes=30)).record
    assert record.late_reason == ""


def test_a_report_past_its_limit_needs_the_reason_and_stays_marked_late(small):
    found = NOW - timedelta(hours=30)
    late = dict(level="major", found_at=found, reported_to="镇平安建设办", reported_at=NOW - timedelta(hours=2))
    message = refused(small, "late_reason", **late)
    assert "较大舆情应在发现后24小时内" in message and "实际28小时后才上报" in message
    record = save(small, **late, late_reason="管理员外出务工，次日才看到群消息").record
    row = search_incidents(IncidentFilter(state="late")).rows[0]
    assert row.id == record.id and row.report_state(limits.limits_for(small.unit), NOW) == "迟报"
    # On time, a reason typed anyway is not kept.
    quick = save(small, level="major", reported_to="镇平安建设办", reported_at=NOW,
                 late_reason="无").record
    assert quick.late_reason == ""


def test_the_limits_set_change_what_is_late(small):
    assert "重大舆情上报时限要填1到72" in _limits_problem(small, grave_hours="0")["grave_hours"]
    assert "不能比较大舆情还长" in _limits_problem(small, grave_hours="30")["grave_hours"]
    limits.save_limits(small.unit, {"grave_hours": "4", "major_hours": "48", "close_days": "10"})
    assert limits.limits_for(small.unit) == limits.ReportLimits(4, 48, 10)
    found = NOW - timedelta(hours=30)
    save(small, level="major", found_at=found, reported_to="镇平安建设办", reported_at=NOW)


def _limits_problem(v, **changes):
    data = {"grave_hours": "2", "major_hours": "24", "close_days": "7", **changes}
    with pytest.raises(ValidationError) as caught:
        limits.save_limits(v.unit, data)
    return caught.value.problems


def test_a_major_incident_may_wait_for_its_report_until_its_limit(small):
    result = save(small, level="major")
    assert result.warnings[0].startswith("这条较大舆情须在") and "前上报镇里" in result.warnings[0]
    assert [f.rule for f in all_findings() if f.target.startswith("incident:")] == []
    old = save(small, level="major", found_at=NOW - timedelta(hours=25)).record
    overdue = [f for f in all_findings() if f.rule == "舆情逾期未上报"]
    assert [f.target for f in overdue] == [f"incident:{old.id}"]
    assert "超过24小时仍未上报镇里" in overdue[0].message
    assert "要先上报镇里，才能办结" in refused(small, "closed_on", level="major",
                                           result="已澄清", closed_on=TODAY)


def test_open_incidents_past_the_close_limit_are_findings_until_settled(small):
    record = save(small, found_at=NOW - timedelta(days=8)).record
    assert [f.target for f in all_findings() if f.rule == "舆情未办结"] == [f"incident:{record.id}"]
    assert "办结前请写明处置结果" in refused(small, "result", closed_on=TODAY)
    incidents.save_incident(small.unit, {
        "handling": "网格员在群内发布澄清说明", "handled_by": "王秀英", "handled_at": NOW - timedelta(days=7),
        "guidance": "私下提醒转发人核实后再发", "result": "已澄清，群内议论平息", "closed_on": TODAY},
        record, now=NOW)
    assert [f for f in all_findings() if f.rule == "舆情未办结"] == []
    assert OpinionIncident.get_by_id(record.id).subject == "群内转发不实的征地补偿消息"  # kept


def test_times_out_of_order_are_refused(small):
    assert "早于发现时间" in refused(small, "handled_at", handled_at=NOW - timedelta(hours=5),
                                   handling="删帖")
    assert "请同时写明上报给镇里" in refused(small, "reported_to", reported_at=NOW)
    assert "请用一句话写明" in refused(small, "subject", subject="  ")


def test_counts_by_level_and_month(small):
    save(small)
    save(small, level="grave", reported_to="镇平安建设办", reported_at=NOW)
    row = counts_by_month([small.unit.id], NOW.year)[NOW.month - 1]
    assert (row.by_level, row.total, row.online) == ({"general": 1, "major": 0, "grave": 1}, 2, 2)


def test_a_dispute_opens_from_an_incident_filled_in(small):
    plain = save(small).record
    with pytest.raises(ValidationError) as caught:
        incidents.dispute_draft(plain)
    assert "涉及矛盾纠纷" in caught.value.message
    record = save(small, channel="offline", group=None, grid=small.courtyard, place="王家院坝",
                  subject="两户因排水沟争吵", summary="王德福与李大山因排水沟堵塞在院坝争吵。",
                  is_dispute=True, involved=small.other).record
    draft = incidents.dispute_draft(record)
    assert draft.data["accepted_on"] == record.found_at.date()
    assert "两户因排水沟争吵" in draft.data["facts"] and "王家院子，王家院坝" in draft.data["facts"]
    assert [p["name"] for p in draft.parties] == ["李大山"]
    ensure_categories(small.unit)
    category = DisputeCategory.get(DisputeCategory.unit == small.unit, DisputeCategory.name == "邻里")
    from dongan_desk.ledgers.mediation.cases import party_from_resident
    case = save_dispute({**draft.data, "category": category},
                        [*draft.parties, party_from_resident(small.head)], unit=small.unit).record
    incidents.link_dispute(record, case)
    assert OpinionIncident.get_by_id(record.id).dispute.number == Dispute.get().number
    with pytest.raises(ValidationError) as caught:
        incidents.dispute_draft(OpinionIncident.get_by_id(record.id))
    assert "已经转为矛盾纠纷" in caught.value.message
    with pytest.raises(ValidationError):
        incidents.delete_incident(OpinionIncident.get_by_id(record.id))
