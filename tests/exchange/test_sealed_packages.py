"""What import trusts is sealed: a 说明 page or data edited by hand is refused, whoever edits it."""
import datetime as dt

import pytest
from dongan_desk.units import home_unit
from dongan_desk.exchange.errors import PackageError
from dongan_desk.exchange.importer import apply, preview
from dongan_desk.exchange.reader import read_package
from dongan_desk.exchange.package import INFO_KEYS, INFO_SHEET, export_package
from dongan_desk.exchange.schema import Checksum
from dongan_desk.store.models import ImportRecord, Resident, Unit
from tests.access_helpers import open_package, save_package

LABELS = dict(INFO_KEYS)
T0 = dt.datetime(2026, 11, 30, 9, 0, 0)


def export_at(office, folder, when):
    folder.mkdir(exist_ok=True)
    with office.open():
        return export_package(home_unit(), folder, now=when).path


def edit_info(path, out, **changes):
    """The 说明 page edited in Excel (opened and saved with the 接入码): the values of the rows
    labelled like ``changes``' keys."""
    wb = open_package(path)
    ws = wb[INFO_SHEET]
    for row in ws.iter_rows(min_col=1, max_col=2):
        for key, value in changes.items():
            if row[0].value == LABELS[key]:
                row[1].value = value
    return save_package(wb, out)


def refusal(office, path) -> str:
    with office.open():
        with pytest.raises(PackageError) as caught:
            preview(read_package(path))
        return str(caught.value)


def test_a_unit_code_changed_on_the_info_page_to_another_listed_village_is_refused(
        village_pc, township_pc, tmp_path):
    path = export_at(village_pc, tmp_path / "o1", T0)
    forged = edit_info(path, tmp_path / "forged.xlsx", unit_code="500229115201")
    assert "改动过" in refusal(township_pc, forged)
    with township_pc.open():
        other = Unit.get(Unit.code == "500229115201")
        assert Resident.select().join_from(Resident, Unit).where(Unit.id == other.id).count() == 0
        assert not ImportRecord.select().where(ImportRecord.status == "accepted").exists()


def test_a_seq_raised_by_hand_is_refused_and_the_genuine_next_package_still_imports(
        village_pc, township_pc, tmp_path):
    first = export_at(village_pc, tmp_path / "o1", T0)
    with township_pc.open():
        apply(preview(read_package(first)))
    second = export_at(village_pc, tmp_path / "o2", T0 + dt.timedelta(days=30))
    raised = edit_info(second, tmp_path / "raised.xlsx", seq=9)
    assert "改动过" in refusal(township_pc, raised)
    with township_pc.open():
        assert apply(preview(read_package(second))).seq == 2


def test_a_checksum_recomputed_by_someone_without_the_access_code_does_not_match_the_seal(
        village_pc, township_pc, tmp_path):
    """SHA-256 anyone can recompute; the seal needs the 接入码."""
    path = export_at(village_pc, tmp_path / "o1", T0)
    with township_pc.open():
        package = read_package(path)
    wb = open_package(path)
    info_rows = {row[0].value: row[1] for row in wb[INFO_SHEET].iter_rows(min_col=1, max_col=2)}
    # Recompute the checksum exactly as the program does, over the package as it reads it.
    with township_pc.open():
        from dongan_desk.exchange.package import info_values
        checksum = Checksum()
        from dongan_desk.exchange.schema import money_positions
        from dongan_desk.store.scope import exported_fields, model_title
        for model, rows in package.rows.items():
            checksum.sheet(model_title(model))
            for row in rows:
                checksum.row(row, money_positions(exported_fields(model)))
        info = package.info
        info.unit_name = "被改过的名字"
        checksum.info(info_values(info))
    info_rows[LABELS["unit_name"]].value = "被改过的名字"
    info_rows[LABELS["checksum"]].value = checksum.hexdigest()
    # Without the 接入码 it cannot be encrypted again; a plain file is what a package of an
    # older version looks like, and the township still reads those: the seal refuses it.
    save_package(wb, tmp_path / "recomputed.xlsx", code=None)
    message = refusal(township_pc, tmp_path / "recomputed.xlsx")
    assert "封记不符" in message


def test_a_package_sealed_with_another_code_is_refused_with_what_to_check(village_pc, township_pc,
                                                                         tmp_path):
    from dongan_desk.exchange.access import set_home_access_code
    with village_pc.open():
        set_home_access_code(home_unit(), "WXYZ-2345-6789-KMNP")
    path = export_at(village_pc, tmp_path / "o1", T0)
    message = refusal(township_pc, path)  # its password is that code too: nothing here opens it
    assert "设了密码" in message and "核对接入码" in message


def test_a_village_without_an_access_code_is_told_before_anything_is_written(village_pc, tmp_path):
    from dongan_desk.exchange.access import MissingAccessCode
    from dongan_desk.store.models import AccessCode
    folder = tmp_path / "stick"
    folder.mkdir()
    with village_pc.open():
        AccessCode.delete().execute()
        with pytest.raises(MissingAccessCode) as caught:
            export_package(home_unit(), folder)
    assert "接入码" in str(caught.value) and "设置" in str(caught.value)
    assert list(folder.iterdir()) == []


def test_an_info_page_without_a_version_says_what_it_is(village_pc, township_pc, tmp_path):
    path = export_at(village_pc, tmp_path / "o1", T0)
    broken = edit_info(path, tmp_path / "noversion.xlsx", schema=None)
    message = refusal(township_pc, broken)
    assert "缺少数据版本" in message and "None" not in message


def test_a_package_from_a_newer_version_is_refused(village_pc, township_pc, tmp_path):
    path = export_at(village_pc, tmp_path / "o1", T0)
    newer = edit_info(path, tmp_path / "newer.xlsx", schema=99)
    assert "更新版本" in refusal(township_pc, newer)
