"""A 报送包 on a USB stick shows nothing without the village's 接入码 (issue 13): it is an
Excel-encrypted .xlsx whose password is the code as printed; the township opens it in memory
with the code it issued (or the one it re-issued from), and refuses, with a 回执, what no code
opens or what was cut short."""
import datetime as dt
import io
import zipfile

import pytest
from msoffcrypto.method.ecma376_agile import ECMA376Agile
from openpyxl import load_workbook

from dongan_desk.exchange import package as package_module
from dongan_desk.exchange import protection, reader
from dongan_desk.exchange.access import access_code_of, issue_access_code
from dongan_desk.exchange.import_jobs import check_file, import_checked, receipt_path
from dongan_desk.exchange.package import export_package
from dongan_desk.fileio import FileWriteError
from dongan_desk.sample.fake_people import VILLAGES
from dongan_desk.sample.town import build_sample
from dongan_desk.store.models import ExportRecord, ImportRecord, Resident, Unit
from dongan_desk.units import UnitSpec, home_unit, setup_township

from tests.exchange.offices import Office, link, write_zip_bomb

T0 = dt.datetime(2026, 11, 30, 9, 0, 0)


@pytest.fixture
def offices(tmp_path):
    """A township that issued each village a code of its own, and one village PC linked to it."""
    village, township = Office(tmp_path / "village.db"), Office(tmp_path / "township.db")
    with village.open():
        build_sample("village", seed=7)
    with township.open():
        setup_township(UnitSpec("东安镇", "东安", "500229115000"),
                       [UnitSpec(name + "（示例）", short, code) for name, short, code in VILLAGES])
        codes = {access_code_of(u) for u in Unit.select().where(Unit.kind == "village")}
        assert len(codes) == len(VILLAGES)  # no two villages share a code
    code = link(village, township)
    return village, township, code


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


def export(office, folder, when=T0):
    with office.open():
        return export_package(home_unit(), folder, now=when)


def import_file(office, path):
    with office.open():
        return import_checked(check_file(path), "东安镇")


def test_the_package_on_the_stick_is_encrypted_and_opens_with_the_code_as_printed(
        offices, stick, monkeypatch):
    village, township, code = offices
    made = {}
    real_protect = package_module.protect

    def keep_workbook(workbook, password):
        made["workbook"], made["password"] = workbook, password
        return real_protect(workbook, password)

    monkeypatch.setattr(package_module, "protect", keep_workbook)
    result = export(village, stick)
    with village.open():
        names = [r.name for r in Resident.select(Resident.name).limit(200)]
        id_numbers = [r.id_number for r in Resident.select(Resident.id_number).limit(50) if r.id_number]
    assert made["password"] == code and len(code) == 19 and code.count("-") == 3  # as printed
    data = result.path.read_bytes()
    assert data.startswith(protection.OLE_MAGIC) and not zipfile.is_zipfile(result.path)
    for clear in [*names, *id_numbers, "人员", "说明", "xl/worksheets"]:
        for encoding in ("utf-8", "utf-16-le"):
            assert clear.encode(encoding) not in data, clear
    # msoffcrypto's decryption gives back, byte for byte, the workbook that was encrypted ...
    opened, password = protection.unprotect(data, ["ABCD-EFGH-JKMN-PQRS", code.replace("-", ""), code])
    assert password == code and opened == made["workbook"]
    # ... and openpyxl reads every sheet and cell of it as of the workbook written.
    decrypted = load_workbook(io.BytesIO(opened), read_only=True)
    written = load_workbook(io.BytesIO(made["workbook"]), read_only=True)
    assert decrypted.sheetnames == written.sheetnames and "说明" in decrypted.sheetnames
    for title in written.sheetnames:
        assert (list(decrypted[title].iter_rows(values_only=True))
                == list(written[title].iter_rows(values_only=True))), title
    info = {row[0]: row[1] for row in decrypted["说明"].iter_rows(max_col=2, values_only=True) if row[0]}
    assert info["单位名称"] == result.info.unit_name and info["报送序号"] == 1
    decrypted.close(), written.close()
    # Nothing in clear was left beside it.
    assert [p.name for p in stick.iterdir()] == [result.path.name]


def test_the_township_imports_a_protected_package_with_the_code_it_issued(offices, stick):
    village, township, code = offices
    with village.open():
        people = Resident.select().count()
        unit_code = home_unit().code
    result = export(village, stick)
    outcome = import_file(township, result.path)
    assert outcome.status == "accepted", outcome.message
    assert outcome.preview.package.protected
    with township.open():
        unit = Unit.get(Unit.code == unit_code)
        assert Resident.select().where(Resident.unit == unit).count() == people
        assert ImportRecord.get().sealed
    assert "已导入" in receipt_path(result.path).read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in stick.iterdir()) == sorted([result.path.name, receipt_path(result.path).name])


def test_the_file_name_names_the_village_whose_code_is_tried_first(offices, stick):
    village, township, code = offices
    result = export(village, stick)
    with township.open():
        tried = reader.package_passwords(result.path.name)
        others = {access_code_of(u) for u in Unit.select().where(Unit.kind == "village")}
    assert tried[0] == code and set(tried) == others
    renamed = result.path.rename(stick / "报送.xlsx")  # a name that names nobody: every code is tried
    assert import_file(township, renamed).status == "accepted"


def test_a_package_no_code_opens_is_refused_with_what_to_check_and_a_receipt(offices, stick):
    village, township, code = offices
    with village.open():
        from dongan_desk.exchange.access import set_home_access_code
        set_home_access_code(home_unit(), "WXYZ-2345-6789-KMNP")  # not what the township issued
    result = export(village, stick)
    outcome = import_file(township, result.path)
    assert outcome.status == "refused"
    assert outcome.message == f"{result.path.name}：{reader.NOT_OPENED}"
    assert "本机保存的各村接入码都打不开" in outcome.message and "请和村里核对接入码" in outcome.message
    text = receipt_path(result.path).read_text(encoding="utf-8-sig")
    assert "结果：已拒收" in text and "设了密码" in text
    with township.open():
        assert Resident.select().count() == 0 and ImportRecord.select().count() == 0


def test_a_village_that_typed_another_villages_code_is_refused_by_the_seal(offices, stick):
    """The other village's code opens the file; the seal says it is not this village's."""
    village, township, code = offices
    with township.open():
        other = access_code_of(Unit.get(Unit.code == VILLAGES[1][2]))
    with village.open():
        from dongan_desk.exchange.access import set_home_access_code
        set_home_access_code(home_unit(), other)
    outcome = import_file(township, export(village, stick).path)
    assert outcome.status == "refused" and "封记不符" in outcome.message


def test_after_a_code_is_reissued_old_packages_still_import_and_a_new_one_on_the_old_code_is_told(
        offices, stick, tmp_path):
    village, township, old_code = offices
    old_package = export(village, stick, T0).path  # made and carried before the code changed
    with village.open():
        unit_code = home_unit().code
    with township.open():
        new_code = issue_access_code(Unit.get(Unit.code == unit_code))  # the clerk lost the old one
    assert new_code != old_code
    outcome = import_file(township, old_package)
    assert outcome.status == "accepted", outcome.message
    assert any("以前的接入码" in note for note in outcome.preview.notes)
    # A package the village made after the re-issue, still with the old code typed in:
    late_folder = tmp_path / "late"
    late_folder.mkdir()
    late = export(village, late_folder, dt.datetime.now().replace(microsecond=0) + dt.timedelta(hours=1)).path
    refused = import_file(township, late)
    assert refused.status == "refused"
    assert "已经停用的旧接入码" in refused.message and "新接入码交给村里" in refused.message
    link(village, township)  # the village types in the new code
    newest_folder = tmp_path / "newest"
    newest_folder.mkdir()
    newest = export(village, newest_folder, dt.datetime.now().replace(microsecond=0) + dt.timedelta(hours=2))
    assert import_file(township, newest.path).status == "accepted"


@pytest.mark.parametrize("kept", [1000, 0.5, -1024])
def test_a_protected_package_cut_short_is_refused_as_damaged(offices, stick, kept):
    """(A cut of less than the last 512-byte sector's padding loses nothing and is no damage.)"""
    village, township, _ = offices
    path = export(village, stick).path
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * kept) if isinstance(kept, float) else kept])
    outcome = import_file(township, path)
    assert outcome.status == "refused"
    assert "已损坏" in outcome.message and "重新导出" in outcome.message
    assert "已拒收" in receipt_path(path).read_text(encoding="utf-8-sig")


def test_a_protected_package_with_one_byte_changed_is_refused(offices, stick):
    village, township, _ = offices
    path = export(village, stick).path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    outcome = import_file(township, path)
    assert outcome.status == "refused" and "已损坏" in outcome.message


def test_a_protected_zip_bomb_is_refused_before_it_is_unpacked(offices, tmp_path):
    _, township, code = offices
    bomb = io.BytesIO()
    write_zip_bomb(bomb)
    path = tmp_path / "东安台账_东安社区（示例）_20261101-090000.xlsx"
    path.write_bytes(ECMA376Agile.encrypt(code, io.BytesIO(bomb.getvalue())))  # made by hand
    outcome = import_file(township, path)
    assert outcome.status == "refused" and "解压后有" in outcome.message


def test_a_file_asking_for_endless_hash_rounds_is_refused_without_trying(offices, tmp_path, monkeypatch):
    _, township, code = offices
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    path = tmp_path / "rounds.xlsx"
    path.write_bytes(ECMA376Agile.encrypt(code, io.BytesIO(plain.getvalue()),
                                          spin_count=protection.MAX_SPIN_COUNT + 1))
    monkeypatch.setattr(ECMA376Agile, "makekey_from_password",
                        lambda *a: pytest.fail("a key was derived"))
    outcome = import_file(township, path)
    assert outcome.status == "refused" and "已损坏" in outcome.message and "加密参数" in outcome.message


def test_an_encryption_that_does_not_read_back_leaves_nothing(offices, stick, monkeypatch):
    village, _, _ = offices
    monkeypatch.setattr(package_module, "protect", lambda workbook, password:
                        protection.protect(workbook, password)[:-4096])
    with village.open():
        with pytest.raises(FileWriteError) as caught:
            export_package(home_unit(), stick)
        assert ExportRecord.select().count() == 0
    assert "读回检查不通过" in str(caught.value)
    assert list(stick.iterdir()) == []


def test_an_old_xls_renamed_is_not_taken_for_a_package(offices, tmp_path):
    _, township, _ = offices
    path = tmp_path / "东安台账_东安社区（示例）_20261101-090000.xlsx"
    path.write_bytes(protection.OLE_MAGIC + b"\0" * 1000)
    outcome = import_file(township, path)
    assert outcome.status == "refused" and "已损坏" in outcome.message
