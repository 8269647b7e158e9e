"""红白事报备 on crafted data: the village's limits, marks for broken limits, refusals, the
支客士's certificate on the event date, and the lists (next 7 days, by month and kind)."""
from datetime import date, timedelta

import pytest

from dongan_desk.ledgers.council import ceremony, emcees
from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.ledgers.council.ceremony import (Limits, check_limits, get_limits, save_filing,
                                                  save_limits)
from dongan_desk.ledgers.council.queries import (FilingFilter, filing_months, filings_by_month,
                                                 household_choices, search_filings,
                                                 upcoming_filings)
from dongan_desk.errors import ValidationError
from dongan_desk.ledgers.council.models import CeremonyFiling
from dongan_desk.store.models import Grid, Household, Resident, Unit

TODAY = date(2026, 11, 28)


@pytest.fixture
def household(village):
    grid = roster.save_grid({"name": "张家院子", "parent": Grid.get(Grid.level == 2)}).record
    home = roster.save_household({"grid": grid, "address": "兴田村3组17号"}).record
    roster.save_resident({"household": home, "name": "张德明"}, today=TODAY)
    return home


def wedding(**changes):
    data = {"kind": "wedding", "subject": "张德明之子结婚", "start_on": TODAY + timedelta(days=10),
            "end_on": TODAY + timedelta(days=11), "place": "自家院坝", "tables": "18",
            "guests": "160", "filed_on": TODAY, "received_by": "李文书"}
    data.update(changes)
    return data


def file(village, household, **changes):
    return save_filing(village, {"household": household, **wedding(**changes)}, today=TODAY)


# ---- limits ---------------------------------------------------------------------------------

def test_limits_default_then_edited_and_kept_per_unit(village):
    assert get_limits(village) == Limits()
    data = {f.name: str(getattr(Limits(), f.name)) for f in ceremony.LIMIT_FIELDS}
    data.update(max_tables="15", banned_kinds=["school"])
    save_limits(village, data)
    assert get_limits(village).max_tables == 15
    assert get_limits(village).banned_kinds == ("school",)
    assert "每场宴席不超过15桌" in ceremony.limit_lines(get_limits(village))


@pytest.mark.parametrize("changes, words", [
    ({"max_tables": "-1"}, "每场最多桌数"),
    ({"max_days_wedding": "两天"}, "婚事最多办理天数"),
    ({"max_guests": "999999"}, "每场最多人数"),
    ({"banned_kinds": ["wedding"]}, "婚事和丧事不能"),
])
def test_bad_limits_are_refused_and_the_old_ones_kept(village, changes, words):
    data = {f.name: str(getattr(Limits(), f.name)) for f in ceremony.LIMIT_FIELDS}
    data.update(changes)
    with pytest.raises(ValidationError) as caught:
        save_limits(village, data)
    assert words in caught.value.message
    assert get_limits(village) == Limits()


@pytest.mark.parametrize("kind, start, end, tables, guests, filed, expected", [
    ("wedding", date(2026, 12, 10), date(2026, 12, 11), 20, 200, date(2026, 12, 1), []),
    ("wedding", date(2026, 12, 10), date(2026, 12, 10), 21, 100, date(2026, 12, 1), ["桌数21桌"]),
    ("wedding", date(2026, 12, 10), date(2026, 12, 12), 10, 201, date(2026, 12, 1),
     ["人数201人", "办理3天，超过婚事限额2天"]),
    ("wedding", date(2026, 12, 10), date(2026, 12, 10), 10, 100, date(2026, 12, 5),
     ["婚事应至少提前7天报备，实际提前5天"]),
    ("funeral", date(2026, 12, 10), date(2026, 12, 12), 10, 100, date(2026, 12, 11), []),
    ("funeral", date(2026, 12, 10), date(2026, 12, 13), 10, 100, date(2026, 12, 13),
     ["办理4天，超过丧事限额3天", "丧事开始后第3天才报备"]),
    ("birthday", date(2026, 12, 10), date(2026, 12, 10), 5, 50, date(2026, 12, 12),
     ["寿宴应至少提前3天报备，实际开始后2天报备"]),
])
def test_check_limits(kind, start, end, tables, guests, filed, expected):
    found = check_limits(kind, start, end, tables, guests, filed, Limits())
    assert len(found) == len(expected)
    for sentence, words in zip(found, expected):
        assert words in sentence


def test_zero_means_no_limit_and_a_banned_kind_is_marked():
    limits = Limits(max_tables=0, banned_kinds=("school",))
    assert check_limits("wedding", date(2026, 12, 10), date(2026, 12, 10), 80, 150,
                        date(2026, 11, 1), limits) == []
    assert check_limits("school", date(2026, 12, 10), date(2026, 12, 10), 3, 30,
                        date(2026, 11, 1), limits) == ["本村不操办升学宴席"]


# ---- saving a filing -------------------------------------------------------------------------

def test_a_filing_within_the_limits_is_saved_unmarked_with_the_head_as_host(village, household):
    result = file(village, household)
    filing = CeremonyFiling.get_by_id(result.record.id)
    assert (filing.host_name, filing.tables, filing.guests, filing.breaches) == ("张德明", 18, 160, "")
    assert result.warnings == []


def test_a_filing_that_breaks_a_limit_needs_a_note_then_is_marked(village, household):
    with pytest.raises(ValidationError) as caught:
        file(village, household, tables="26")
    assert "超出了本村的限额" in caught.value.message and "桌数26桌" in caught.value.message
    assert CeremonyFiling.select().count() == 0
    result = file(village, household, tables="26", breach_note="已劝导，主家坚持，按实登记")
    filing = CeremonyFiling.get_by_id(result.record.id)
    assert filing.breaches == "桌数26桌，超过限额20桌"
    assert filing.breach_note.startswith("已劝导")
    rows = search_filings(FilingFilter([village.id], breaches_only=True)).rows
    assert [r.id for r in rows] == [filing.id]


def test_limits_changed_in_settings_apply_to_new_filings(village, household):
    data = {f.name: str(getattr(Limits(), f.name)) for f in ceremony.LIMIT_FIELDS}
    save_limits(village, {**data, "max_tables": "15"})
    with pytest.raises(ValidationError) as caught:
        file(village, household)
    assert "桌数18桌，超过限额15桌" in caught.value.message


@pytest.mark.parametrize("changes, words", [
    ({"end_on": TODAY + timedelta(days=9)}, "结束日期"),
    ({"tables": "-3"}, "不能是负数"),
    ({"tables": "三十"}, "要填整数"),
    ({"tables": "2000"}, "太多了"),
    ({"guests": "900000"}, "太多了"),
    ({"tables": "2", "guests": "300"}, "平均每桌超过"),
    ({"start_on": None}, "开始日期"),
    ({"filed_on": TODAY + timedelta(days=1)}, "报备日期不能晚于今天"),
    ({"end_on": TODAY + timedelta(days=40)}, "超过15天"),
    ({"kind": "party"}, "类别"),
])
def test_nonsense_is_refused_and_nothing_saved(village, household, changes, words):
    with pytest.raises(ValidationError) as caught:
        file(village, household, **changes)
    assert words in caught.value.message
    assert CeremonyFiling.select().count() == 0


def test_a_host_outside_the_unit_is_refused(village, household):
    other = Unit.create(name="德安村", short_name="德安", code="500229115002", kind="village")
    outsider = Household.create(unit=other, grid=household.grid, address="德安村1组1号")
    with pytest.raises(ValidationError) as caught:
        file(village, outsider)
    assert "不是兴田村的" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        save_filing(village, wedding(), today=TODAY)
    assert "请选择主家" in caught.value.message
    assert CeremonyFiling.select().count() == 0


def test_an_emcee_without_a_valid_certificate_on_the_day_is_warned(village, household):
    expires = TODAY + timedelta(days=10)  # valid on the first day, expired on the second
    someone = emcees.save_emcee(village, {"name": "向支客", "certificate_no": "兴田支客证2024001",
                                           "certificate_issued_on": date(2024, 1, 1),
                                           "certificate_expires_on": expires}).record
    result = file(village, household, emcee=someone)
    assert any("向支客" in w and "没有有效的上岗证" in w and "2026-12-09" in w for w in result.warnings)
    fine = emcees.save_emcee(village, {"name": "谭支客", "certificate_no": "兴田支客证2026001",
                                        "certificate_issued_on": date(2026, 1, 1),
                                        "certificate_expires_on": date(2028, 12, 31)}).record
    assert file(village, household, emcee=fine).warnings == []


def test_supervision_outcome(village, household):
    filing = file(village, household, start_on=TODAY - timedelta(days=3),
                  end_on=TODAY - timedelta(days=2), filed_on=TODAY - timedelta(days=12)).record
    with pytest.raises(ValidationError) as caught:
        ceremony.record_supervision(filing, {"outcome": "problem", "supervisor": "王理事"}, today=TODAY)
    assert "存在什么问题" in caught.value.message
    ceremony.record_supervision(filing, {"outcome": "problem", "supervisor": "王理事",
                                         "problem": "燃放烟花", "supervision": "到场劝导"}, today=TODAY)
    row = search_filings(FilingFilter([village.id])).rows[0]
    assert (row.outcome_label, row.problem) == ("存在问题", "燃放烟花")
    future = file(village, household).record
    with pytest.raises(ValidationError) as caught:
        ceremony.record_supervision(future, {"outcome": "compliant", "supervisor": "王"}, today=TODAY)
    assert "还不能填写监督结果" in caught.value.message


# ---- lists -------------------------------------------------------------------------------------

def test_next_seven_days_includes_events_under_way_and_excludes_later_ones(village, household):
    def at(start, days=1, filed=None):
        return file(village, household, kind="funeral", start_on=start,
                    end_on=start + timedelta(days=days - 1), filed_on=filed or min(start, TODAY),
                    tables="10", guests="100").record.id
    under_way = at(TODAY - timedelta(days=1), days=3)
    today_event = at(TODAY)
    last_day = at(TODAY + timedelta(days=6))
    at(TODAY + timedelta(days=7))                # the eighth day: not in the list
    at(TODAY - timedelta(days=3), days=2)        # over yesterday
    assert [r.id for r in upcoming_filings([village.id], TODAY)] == [under_way, today_event, last_day]


def test_filings_by_month_and_kind(village, household):
    for start, kind, tables in ((date(2026, 3, 5), "wedding", "10"), (date(2026, 3, 20), "wedding", "30"),
                                (date(2026, 3, 21), "funeral", "12"), (date(2026, 7, 1), "birthday", "5"),
                                (date(2025, 3, 1), "wedding", "8")):
        file(village, household, kind=kind, start_on=start, end_on=start, tables=tables,
             guests="60", filed_on=start - timedelta(days=10), breach_note="按实登记")
    table = filings_by_month([village.id], 2026)
    assert len(table) == 12
    assert table[2].by_kind == {"wedding": 2, "funeral": 1}
    assert (table[2].total, table[2].breaches) == (3, 1)
    assert table[6].by_kind == {"birthday": 1}
    assert sum(row.total for row in table) == 4
    assert filing_months([village.id]) == ["2026-07", "2026-03", "2025-03"]
    march = search_filings(FilingFilter([village.id], month="2026-03", kind="wedding")).rows
    assert [r.tables for r in march] == [30, 10]


def test_household_choices_find_by_name_or_address(village, household):
    assert [c.id for c in household_choices(village.id, "张德明")] == [household.id]
    assert [c.id for c in household_choices(village.id, "3组17")] == [household.id]
    assert household_choices(village.id, "无此人") == []
    assert household_choices(village.id, "张德明")[0].label.startswith("张德明")


def test_deleting_the_household_keeps_the_filing_with_the_host_name(village, household):
    filing = file(village, household).record
    roster.delete_household(household)
    kept = CeremonyFiling.get_by_id(filing.id)
    assert kept.household_id is None and kept.host_name == "张德明"
    assert not Resident.select().exists()


def test_a_bad_warning_period_refuses_the_whole_save(village):
    data = {f.name: str(getattr(Limits(), f.name)) for f in ceremony.LIMIT_FIELDS}
    with pytest.raises(ValidationError) as caught:
        save_limits(village, {**data, "max_tables": "12", "certificate_warn_days": "400"})
    assert "提醒天数" in caught.value.message
    assert get_limits(village).max_tables == 20 and emcees.warn_days(village) == 30
    save_limits(village, {**data, "certificate_warn_days": "60"})
    assert emcees.warn_days(village) == 60
