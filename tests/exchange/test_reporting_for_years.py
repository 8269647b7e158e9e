"""A village PC reinstalled, replaced or restored, a unit code corrected, a stick with leftovers:
报送 goes on, and nothing happens silently."""
import datetime as dt
import shutil
import sqlite3

import pytest

from dongan_desk.units import UnitSpec, apply_unit_change, home_unit, plan_unit_change, setup_village
from dongan_desk.exchange.access import set_home_access_code
from dongan_desk.exchange.errors import PackageError
from dongan_desk.exchange.import_jobs import check_file, collect_files, import_checked, receipt_path
from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.package import export_package
from dongan_desk.fileio import STALE_TEMP_SECONDS
from dongan_desk.store.models import ImportRecord, Resident, Unit

from tests.exchange.offices import Office, link, write_zip_bomb

T0 = dt.datetime(2026, 9, 30, 9, 0, 0)
MONTH = dt.timedelta(days=30)


def export_at(office, folder, when):
    folder.mkdir(parents=True, exist_ok=True)
    with office.open():
        return export_package(home_unit(), folder, now=when).path


def township_takes(office, path, reason=""):
    with office.open():
        return apply(preview(read_package(path)), rebaseline_reason=reason)


def months(village_pc, township_pc, tmp_path, count):
    for month in range(count):
        path = export_at(village_pc, tmp_path / f"m{month}", T0 + month * MONTH)
        assert township_takes(township_pc, path).seq == month + 1


def test_a_reinstalled_village_pc_is_taken_back_with_a_reason_and_numbering_goes_on(
        village_pc, township_pc, tmp_path):
    months(village_pc, township_pc, tmp_path, 3)
    with village_pc.open():
        code = home_unit().code
        people = Resident.select().count()
    # The PC is reinstalled: a new database, the same village and 接入码, its 花名册 typed in again.
    fresh = Office(tmp_path / "new-pc" / "dongan.db")
    fresh.path.parent.mkdir()
    with fresh.open():
        setup_village(UnitSpec("兴田村（重装）", "兴田", code))
    link(fresh, township_pc)
    first = export_at(fresh, tmp_path / "after", T0 + 4 * MONTH)
    with township_pc.open():
        seen = preview(read_package(first))
        assert seen.status == "rebaseline" and seen.needs_reason
        assert "第 3 次" in seen.message and "重装" in seen.message
        with pytest.raises(PackageError):  # never silently
            apply(seen)
        assert Resident.select().count() == people
        record = apply(seen, rebaseline_reason="村里电脑重装系统")
        assert record.rebaseline_reason == "村里电脑重装系统" and record.seq == 1
        assert Resident.select().count() == 0  # the township now holds what the new PC has
    second = export_at(fresh, tmp_path / "after2", T0 + 5 * MONTH)
    assert township_takes(township_pc, second).seq == 2


def test_a_village_restored_from_an_old_backup_goes_on_and_a_truly_old_file_stays_refused(
        village_pc, township_pc, tmp_path):
    saved = tmp_path / "backup.db"
    months(village_pc, township_pc, tmp_path, 1)
    with village_pc.open():
        source = sqlite3.connect(village_pc.path)
        target = sqlite3.connect(saved)
        source.backup(target)
        source.close(), target.close()
    months_files = [export_at(village_pc, tmp_path / f"n{i}", T0 + (i + 1) * MONTH) for i in range(2)]
    for path in months_files:
        township_takes(township_pc, path)
    old_file = months_files[0]
    with township_pc.open():
        again = preview(read_package(old_file))
        assert again.status == "older" and "旧" in again.message
    shutil.copy(saved, village_pc.path)  # restored: it last exported 第1次
    for suffix in ("-wal", "-shm"):
        village_pc.path.with_name(village_pc.path.name + suffix).unlink(missing_ok=True)
    restored = export_at(village_pc, tmp_path / "restored", T0 + 6 * MONTH)
    with township_pc.open():
        seen = preview(read_package(restored))
    assert seen.status == "rebaseline" and seen.package.info.seq == 2
    assert township_takes(township_pc, restored, reason="从11月的备份恢复").seq == 2
    with township_pc.open():
        shown = ImportRecord.select().where(ImportRecord.rebaseline_reason != "").get()
        assert shown.rebaseline_reason == "从11月的备份恢复"


def test_a_corrected_unit_code_follows_to_the_township(village_pc, township_pc, tmp_path):
    months(village_pc, township_pc, tmp_path, 1)
    with village_pc.open():
        home = home_unit()
        old_code = home.code
        change = plan_unit_change(home, UnitSpec(home.name, home.short_name, "５００２２９１１５０９９"))
        assert any("曾用代码" in line for line in change.consequences)
        apply_unit_change(change)
        assert home_unit().code == "500229115099"
    path = export_at(village_pc, tmp_path / "new-code", T0 + MONTH)
    with township_pc.open():
        seen = preview(read_package(path))
        assert seen.status == "new" and any("500229115099" in note for note in seen.notes)
        apply(seen)
        assert Unit.get_or_none(Unit.code == old_code) is None
        assert Unit.get(Unit.code == "500229115099").import_records.count() == 2


@pytest.mark.parametrize("typed, fragment", [("５００２abc", "12位数字"), ("abc", "12位数字"),
                                             ("50022911520", "12位数字"), ("500229115000", "000")])
def test_a_malformed_village_code_is_refused_with_what_it_should_look_like(tmp_path, typed, fragment):
    from dongan_desk.errors import ValidationError
    office = Office(tmp_path / "v.db")
    with office.open():
        with pytest.raises(ValidationError) as caught:
            setup_village(UnitSpec("兴田村", "兴田", typed))
        assert fragment in caught.value.problems["code"]
        assert "500229115201" in caught.value.problems["code"] or fragment == "000"
        assert not Unit.select().exists()


def test_full_width_digits_are_normalised_and_a_foreign_village_is_warned_about(tmp_path):
    from dongan_desk.units import add_village, setup_township
    office = Office(tmp_path / "t.db")
    with office.open():
        setup_township(UnitSpec("东安镇", "东安", "５００２２９ １１５０００"), [])
        assert home_unit().code == "500229115000"
        unit, warnings = add_village(UnitSpec("外镇的村", "外", "500229116201"))
        assert unit.code == "500229116201" and "前9位" in warnings[0]


def test_a_killed_export_leaves_nothing_the_next_export_and_import_trip_over(village_pc, township_pc,
                                                                            tmp_path):
    import os
    stick = tmp_path / "stick"
    stick.mkdir()
    leftover = stick / ".东安台账_东安社区（示例）_20261101-090000-0a1b2c3d.tmp.xlsx"
    leftover.write_bytes(b"PK\x03\x04half a workbook")
    fresh = stick / ".东安台账_东安社区（示例）_20261101-090500-ffffffff.tmp.xlsx"
    fresh.write_bytes(b"PK\x03\x04being written")
    old = leftover.stat().st_mtime - STALE_TEMP_SECONDS - 60
    os.utime(leftover, (old, old))
    assert collect_files([stick]) == []  # import skips our temp files, old or new
    path = export_at(village_pc, stick, T0)
    assert not leftover.exists() and fresh.exists()  # only what a killed save left long ago
    with township_pc.open():
        outcomes = [import_checked(check_file(p), "东安镇") for p in collect_files([stick])]
    assert [o.status for o in outcomes] == ["accepted"] and outcomes[0].path == path


def test_every_receipt_is_kept(village_pc, township_pc, tmp_path):
    path = export_at(village_pc, tmp_path / "stick", T0)
    with township_pc.open():
        assert import_checked(check_file(path), "东安镇").status == "accepted"
        assert import_checked(check_file(path), "东安镇").status == "same"
    text = receipt_path(path).read_text(encoding="utf-8-sig")
    assert text.index("结果：已导入") < text.index("结果：重复，未改动")


def test_a_zip_bomb_is_refused_from_its_index_before_anything_is_unpacked(township_pc, tmp_path):
    bomb = tmp_path / "东安台账_兴田村_20261101-090000.xlsx"
    write_zip_bomb(bomb)
    with township_pc.open():
        outcome = check_file(bomb)
    assert outcome.status == "refused" and "解压后有" in outcome.message
