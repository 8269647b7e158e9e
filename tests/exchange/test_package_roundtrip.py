"""The 报送包 end to end: a village exports, the township imports, every field arrives."""
import datetime as dt

from dongan_desk.units import home_unit
from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.package import INFO_SHEET, export_package
from tests.exchange.village_life import snapshot
from dongan_desk.store.scope import (exported_fields, foreign_keys, local_models, model_title,
                                     synced_models, unit_query)
from dongan_desk.ledgers.registry import ALL_MODELS
from dongan_desk.store.models import BaseModel, ImportRecord, Resident, Unit
from tests.access_helpers import open_package


def export_from(office, stick, when=None):
    with office.open():
        return export_package(home_unit(), stick, now=when)


def import_into(office, path):
    with office.open():
        return apply(preview(read_package(path)))


def test_every_field_of_every_record_arrives(village_pc, township_pc, stick):
    with village_pc.open():
        code = home_unit().code
        source = snapshot(code)
        Resident.update(note="=SUM(A1:A3)").where(Resident.id == 1).execute()
        Resident.update(note="+86 138").where(Resident.id == 2).execute()
        Resident.update(note="-1").where(Resident.id == 3).execute()
        Resident.update(name="@张三").where(Resident.id == 4).execute()
        source = snapshot(code)
    result = export_from(village_pc, stick)
    assert all(count > 0 for title, count in result.info.rows.items()), result.info.rows
    import_into(township_pc, result.path)
    with township_pc.open():
        arrived = snapshot(code)
        assert Resident.get(Resident.note == "=SUM(A1:A3)").note == "=SUM(A1:A3)"
        assert Resident.select().where(Resident.name == "@张三").exists()
    assert arrived.keys() == source.keys()
    for title in source:
        assert arrived[title] == source[title], title


def test_the_package_is_readable_in_excel(village_pc, stick):
    result = export_from(village_pc, stick)
    wb = open_package(result.path, read_only=True)
    assert wb.sheetnames[0] == INFO_SHEET
    people = wb[model_title(Resident)]
    header = next(people.iter_rows(max_row=1, values_only=True))
    assert header[0] == "唯一标识" and "姓名" in header and "身份证号" in header
    first = next(people.iter_rows(min_row=2, max_row=2, values_only=True))
    birth = first[header.index("出生日期")]
    assert isinstance(birth, dt.datetime)  # a real date, not text
    assert first[header.index("党员")] in ("是", "否")
    wb.close()
    wb = open_package(result.path)
    assert wb[model_title(Resident)].freeze_panes == "A2"
    assert result.path.name.startswith(f"东安台账_{result.info.unit_name}_")


def test_every_record_type_travels_or_is_declared_local():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    defined = set(subclasses(BaseModel))
    assert defined <= set(ALL_MODELS), f"models not in ALL_MODELS: {defined - set(ALL_MODELS)}"
    assert set(synced_models()) | set(local_models()) == set(ALL_MODELS)
    for model in synced_models():
        assert getattr(model._meta, "verbose_name", None), f"{model.__name__} needs a Chinese name"


def test_same_file_twice_changes_nothing(village_pc, township_pc, stick):
    result = export_from(village_pc, stick)
    import_into(township_pc, result.path)
    with township_pc.open():
        again = preview(read_package(result.path))
        assert again.status == "same" and "已经导入过" in again.message
        assert ImportRecord.select().count() == 1


def test_older_after_newer_is_refused(village_pc, township_pc, stick):
    older = export_from(village_pc, stick, dt.datetime(2026, 11, 1, 9, 0))
    newer = export_from(village_pc, stick, dt.datetime(2026, 11, 2, 9, 0))
    import_into(township_pc, newer.path)
    with township_pc.open():
        late = preview(read_package(older.path))
        assert late.status == "older" and "旧" in late.message and not late.importable


def test_a_deletion_travels(village_pc, township_pc, stick):
    import_into(township_pc, export_from(village_pc, stick, dt.datetime(2026, 11, 1)).path)
    with village_pc.open():
        gone = Resident.select().where(Resident.relation != "户主").order_by(Resident.id.desc()).first()
        gone_uid = gone.uid
        gone.delete_instance(recursive=True)  # with whatever referred to this person
    newer = export_from(village_pc, stick, dt.datetime(2026, 11, 2))
    with township_pc.open():
        change = preview(read_package(newer.path))
        people = next(c for c in change.changes if c.title == model_title(Resident))
        assert people.removed == 1
        apply(change)
        assert not Resident.select().where(Resident.uid == gone_uid).exists()
