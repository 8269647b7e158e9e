"""The second 报送 and after: a township that already holds a village's snapshot takes the next."""
from dongan_desk.ledgers.roster.rules import save_household, save_resident
from dongan_desk.units import home_unit
from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.package import export_package
from dongan_desk.store.models import Household, Resident


def _export(office, folder):
    with office.open():
        return export_package(home_unit(), folder)


def _import(office, path):
    with office.open():
        return apply(preview(read_package(path)))


def test_a_person_and_a_household_added_after_the_first_import_arrive(village_pc, township_pc,
                                                                      tmp_path):
    first, second = tmp_path / "o1", tmp_path / "o2"
    first.mkdir(), second.mkdir()
    assert _import(township_pc, _export(village_pc, first).path).status == "accepted"
    with village_pc.open():
        household = Household.select().first()
        save_resident({"household": household, "name": "新来的", "relation": "其他"})
        new_house = save_household({"grid": household.grid, "address": "新房子"}).record
        save_resident({"household": new_house, "name": "新户主", "relation": "户主"})
        people = Resident.select().count()
    record = _import(township_pc, _export(village_pc, second).path)
    assert record.status == "accepted"
    with township_pc.open():
        assert Resident.select().count() == people
        assert Resident.get(Resident.name == "新户主").household.address == "新房子"
