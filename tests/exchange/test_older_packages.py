"""Packages live for years: a township on this version imports the package of every earlier
schema (kept in tests/fixtures/schema*/), says so in the 回执, and refuses a newer one."""
import shutil

import pytest
from peewee import CharField

from dongan_desk.sample.fake_people import VILLAGES
from dongan_desk.units import UnitSpec, setup_township
from dongan_desk.exchange import reader
from dongan_desk.exchange.import_jobs import check_file, import_checked, receipt_path
from dongan_desk.store import migrations
from dongan_desk.store.models import ImportRecord, Resident, Unit

from tests.access_helpers import township_has_codes
from tests.exchange.offices import Office
from tests.fixtures import FIXTURES

PACKAGES = sorted(FIXTURES.glob("schema*/package-schema*.xlsx"))


@pytest.fixture
def township(tmp_path):
    office = Office(tmp_path / "township.db")
    with office.open():
        setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                       [UnitSpec(n, s, c) for n, s, c in VILLAGES])
        township_has_codes()
    return office


def schema_of(path) -> int:
    return int(path.stem.removeprefix("package-schema"))


def test_there_is_a_package_of_this_schema_among_the_fixtures():
    """Each version leaves its package behind for the versions after it to prove."""
    assert migrations.SCHEMA_VERSION in [schema_of(p) for p in PACKAGES]


@pytest.mark.parametrize("fixture", PACKAGES, ids=lambda p: p.parent.name)
def test_the_package_of_every_schema_imports_with_every_record(township, tmp_path, fixture):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with township.open():
        outcome = import_checked(check_file(path), "东安镇")
        assert outcome.status == "accepted", outcome.message
        unit = Unit.get(Unit.code == "500229115001")
        assert unit.name == "东安社区（示例）"  # the village's own name comes with it
        people = Resident.select().where(Resident.unit == unit).count()
        assert people == outcome.preview.package.info.rows["人员"] == 67
        # A field the older schema lacks takes its default: everyone is 在册.
        assert {r.status for r in Resident.select().where(Resident.unit == unit)} == {"active"}
    receipt = receipt_path(path).read_text(encoding="utf-8-sig")
    older = schema_of(fixture) < migrations.SCHEMA_VERSION
    assert ("旧版本东安台账" in receipt) == older
    assert ("没有加封" in receipt) == (schema_of(fixture) < 2)


def test_an_unsealed_old_package_is_refused_once_the_village_has_sent_a_sealed_one(township, tmp_path):
    sealed, unsealed = tmp_path / "new.xlsx", tmp_path / "old.xlsx"
    shutil.copy(FIXTURES / "schema2" / "package-schema2.xlsx", sealed)
    shutil.copy(FIXTURES / "schema1" / "package-schema1.xlsx", unsealed)
    with township.open():
        assert import_checked(check_file(sealed), "东安镇").status == "accepted"
        outcome = check_file(unsealed)
        assert outcome.status == "refused" and "没有加封" in outcome.message
        assert ImportRecord.select().count() == 1


def test_a_record_type_or_field_the_old_package_lacks_means_none_or_the_default(township, tmp_path,
                                                                             monkeypatch):
    """As when a later version adds a ledger or a column: the schema-1 package lacks them."""
    path = tmp_path / "old.xlsx"
    shutil.copy(FIXTURES / "schema1" / "package-schema1.xlsx", path)
    new_field = CharField(default="（未填）", verbose_name="新栏目")
    new_field.bind(Resident, "new_column", set_attribute=False)
    real_fields, real_models = reader.exported_fields, reader.synced_models

    def fields(model):
        return real_fields(model) + ([new_field] if model is Resident else [])

    class LaterLedger:  # what synced_models() will list after a new ledger lands
        pass

    monkeypatch.setattr(reader, "exported_fields", fields)
    monkeypatch.setattr(reader, "model_title",
                        lambda m: "新台账" if m is LaterLedger else m._meta.verbose_name)
    monkeypatch.setattr(reader, "synced_models", lambda: [*real_models(), LaterLedger])
    with township.open():
        package = reader.read_package(path)
    assert package.rows[LaterLedger] == []
    residents = package.rows[Resident]
    assert len(residents) == 67 and {row[-1] for row in residents} == {"（未填）"}
    assert any("没有“新台账”表" in note for note in package.notes)
    assert any(note.startswith("“人员”表是旧版本的，没有") and "新栏目" in note for note in package.notes)



@pytest.mark.parametrize("fixture", [p for p in PACKAGES if schema_of(p) < 4],
                         ids=lambda p: p.parent.name)
def test_a_package_from_before_sensitive_categories_has_its_special_groups_sensitive(
        township, tmp_path, fixture):
    """Before schema 4 a package carried no 敏感类别: on the township its 特殊群体 are sensitive
    all the same (as the upgrade makes them on the village PC), so a 查看员 sees them masked."""
    from dongan_desk.store.models import Category
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with township.open():
        assert import_checked(check_file(path), "东安镇").status == "accepted"
        unit = Unit.get(Unit.code == "500229115001")
        categories = list(Category.select().where(Category.unit == unit))
        assert categories and all(c.sensitive == (c.group == "special") for c in categories)
