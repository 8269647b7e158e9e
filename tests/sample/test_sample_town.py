from datetime import date

from dongan_desk.findings import all_findings
from dongan_desk.idnumbers import parse_id_number
from dongan_desk.sample.town import build_sample
from dongan_desk.units import home_unit
from dongan_desk.store.models import Grid, GridMember, Household, Resident


def test_sample_village_is_valid_and_shows_a_finding(database):
    build_sample("village", today=date(2026, 11, 28))
    assert "示例" in home_unit().name
    residents = list(Resident.select())
    assert 850 <= len(residents) <= 1150
    for person in residents:
        info = parse_id_number(person.id_number, today=date(2026, 11, 28))
        assert (info.gender, info.birth_date) == (person.gender, person.birth_date)
    assert Grid.select().where(Grid.level == 3).count() == 15
    assert GridMember.select().where(GridMember.role == "worker").count() == 15
    findings = all_findings()
    assert any(f.rule == "院落网格缺党员网格员" for f in findings)


def test_sample_town_matches_the_reference_town(database):
    build_sample("town", today=date(2026, 11, 28))
    assert home_unit().kind == "town"
    assert Household.select().count() == 9000
    assert 28_000 <= Resident.select().count() <= 32_000
    assert Grid.select().where(Grid.level == 3).count() == 450
    assert Resident.select().where(Resident.is_party_member == True).count() == 600  # noqa: E712
