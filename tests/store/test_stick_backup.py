"""备份到U盘 is encrypted (issue 13): a lost stick shows nothing; the backup restores with the
village's 接入码 or the 恢复码; a wrong password, a file cut short or altered, change nothing;
old plain backups still restore."""
import hashlib
import io
import sys
import types

import pytest

from dongan_desk.store import envelope, integrity
from dongan_desk.store.backup import BackupError, backup_now, backup_to, list_backups
from dongan_desk.store.models import Resident
from dongan_desk.store.restore import (PASSWORD_PROMPT, BackupPasswordNeeded, WrongBackupPassword,
                                       inspect_backup, restore)

from backup_helpers import add_resident
from tests.access_helpers import TEST_ACCESS_CODE, village_has_code

RECOVERY_CODE = "WXYZ-2345-6789-KMNP-QRST"


def _stand_in_kek(code: str, salt: bytes) -> bytes:
    bare = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(bare) != 20:
        raise ValueError("恢复码应为20位")
    return hashlib.scrypt(bare.encode(), salt=b"stand-in" + salt, n=2 ** 10, r=8, p=1, dklen=32)


@pytest.fixture
def recovery(monkeypatch):
    """store/recovery.py's interface (the accounts part), stood in: the unit's 恢复码 is set."""
    salt = b"s" * 16
    module = types.ModuleType("dongan_desk.store.recovery")
    module.recovery_wrap_key = lambda: (salt, _stand_in_kek(RECOVERY_CODE, salt))
    module.recovery_kek = _stand_in_kek
    monkeypatch.setitem(sys.modules, "dongan_desk.store.recovery", module)
    return module


@pytest.fixture
def no_recovery(monkeypatch):
    module = types.ModuleType("dongan_desk.store.recovery")
    module.recovery_wrap_key = lambda: None
    module.recovery_kek = _stand_in_kek
    monkeypatch.setitem(sys.modules, "dongan_desk.store.recovery", module)


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


@pytest.fixture
def office(village, database, no_recovery):
    """A village PC with its 接入码 and three residents."""
    village_has_code()
    for name in ("张三", "李四", "王五"):
        add_resident(name)
    return database


def names() -> set[str]:
    return {r.name for r in Resident.select()}


def staged_files(database) -> list[str]:
    return sorted(p.name for p in database.parent.iterdir() if p.name.startswith("."))


def test_the_backup_on_the_stick_is_encrypted_and_restores_with_the_access_code(office, stick):
    target = backup_to(stick)
    assert target.parent == stick and target.suffix == ".dbak" and "-备份-" in target.name
    data = target.read_bytes()
    assert data.startswith(envelope.MAGIC) and b"SQLite format 3" not in data
    for clear in ("张三", "李四", "王五", "兴田村1组1号", TEST_ACCESS_CODE):  # the unit's name is in clear
        for encoding in ("utf-8", "utf-16-le"):
            assert clear.encode(encoding) not in data, clear
    add_resident("后来录入")
    result = restore(target, password="abcd efgh jkmn pqrs")  # typed as a clerk types it
    assert names() == {"张三", "李四", "王五"}
    assert result.info.encrypted and result.info.residents == 3 and result.info.unit_name == "兴田村"
    assert "后来录入" in {n for n in _names_in(result.previous)}
    assert integrity.check_file(office) == [] and staged_files(office) == []
    assert list(stick.iterdir()) == [target]


def _names_in(path):
    conn = integrity.connect_read_only(path, immutable=True)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM resident")}
    finally:
        conn.close()


def test_it_restores_with_the_recovery_code_too(village, database, recovery, stick):
    village_has_code()
    add_resident("张三")
    target = backup_to(stick)
    header = envelope.read_header(io.BytesIO(target.read_bytes()))
    assert header.kinds == [envelope.KIND_ACCESS, envelope.KIND_RECOVERY]
    add_resident("李四")
    restore(target, password=RECOVERY_CODE.lower())
    assert names() == {"张三"}


def test_a_township_without_an_access_code_backs_up_with_the_recovery_code(township, recovery, stick):
    target = backup_to(stick)
    assert envelope.read_header(io.BytesIO(target.read_bytes())).kinds == [envelope.KIND_RECOVERY]
    assert inspect_backup(target, RECOVERY_CODE).unit_name == "东安镇"


def test_without_a_password_it_asks_for_one_and_says_whose_backup_it_is(office, stick):
    target = backup_to(stick)
    with pytest.raises(BackupPasswordNeeded) as caught:
        inspect_backup(target)
    assert str(caught.value) == "这份备份已加密：请输入本村接入码或恢复码。"
    assert PASSWORD_PROMPT in str(caught.value)
    assert caught.value.header.unit_name == "兴田村" and caught.value.header.unit_code == "500229115001"
    with pytest.raises(BackupPasswordNeeded):
        restore(target)
    assert names() == {"张三", "李四", "王五"}


@pytest.mark.parametrize("typed", ["WXYZ-2345-6789-KMNP", RECOVERY_CODE, "我忘了", "1234"])
def test_a_wrong_password_is_told_and_nothing_changes(office, stick, typed):
    target = backup_to(stick)
    add_resident("后来录入")
    before = list_backups()
    with pytest.raises(WrongBackupPassword) as caught:
        restore(target, password=typed)
    message = str(caught.value)
    assert "打不开" in message and "当前数据没有改动" in message and "问镇里" in message
    assert names() == {"张三", "李四", "王五", "后来录入"}
    assert list_backups() == before  # not even the 恢复前 backup was made
    assert staged_files(office) == []


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 4 KiB: a small test database makes many of them."""
    monkeypatch.setattr(envelope, "CHUNK", 4096)


def _chunks(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """Where the header ends, and (start, end) of each chunk with its length prefix."""
    import struct
    pos = len(envelope.MAGIC) + 4 + struct.unpack(">I", data[len(envelope.MAGIC):len(envelope.MAGIC) + 4])[0]
    first, spans = pos, []
    while pos < len(data):
        size = struct.unpack(">I", data[pos:pos + 4])[0]
        spans.append((pos, pos + 4 + size))
        pos += 4 + size
    return first, spans


def _cut(data, spans, first):
    return {
        "in the header": data[:first - 10],
        "after the header": data[:first],
        "in a chunk": data[:spans[1][0] + 100],
        "at a chunk's end, the last ones missing": data[:spans[-2][1]],
        "the last bytes": data[:-5],
    }


@pytest.mark.parametrize("where", ["in the header", "after the header", "in a chunk",
                                   "at a chunk's end, the last ones missing", "the last bytes"])
def test_a_backup_cut_short_is_told_and_nothing_changes(office, stick, small_chunks, where):
    target = backup_to(stick)
    data = target.read_bytes()
    first, spans = _chunks(data)
    assert len(spans) > 5
    target.write_bytes(_cut(data, spans, first)[where])
    add_resident("后来录入")
    with pytest.raises(BackupError) as caught:
        restore(target, password=TEST_ACCESS_CODE)
    assert "不完整或已损坏" in str(caught.value) and "当前数据没有改动" in str(caught.value)
    assert not isinstance(caught.value, WrongBackupPassword)
    assert names() == {"张三", "李四", "王五", "后来录入"} and staged_files(office) == []


def _altered(kind, data, spans, first):
    data = bytearray(data)
    if kind == "a byte of a chunk":
        data[spans[2][0] + 50] ^= 0x01
    elif kind == "the unit named in the header":
        data[:first] = bytes(data[:first]).replace("兴田村".encode(), "德安村".encode())
    elif kind == "two chunks swapped":
        (a0, a1), (b0, b1) = spans[1], spans[2]
        data[a0:b1] = bytes(data[b0:b1]) + bytes(data[a0:a1])
    elif kind == "something added at the end":
        data += b"\0" * 20
    return bytes(data)


@pytest.mark.parametrize("kind", ["a byte of a chunk", "the unit named in the header",
                                  "two chunks swapped", "something added at the end"])
def test_an_altered_backup_is_refused(office, stick, small_chunks, kind):
    target = backup_to(stick)
    data = target.read_bytes()
    first, spans = _chunks(data)
    target.write_bytes(_altered(kind, data, spans, first))
    with pytest.raises(BackupError) as caught:
        inspect_backup(target, TEST_ACCESS_CODE)
    assert "不完整或已损坏" in str(caught.value)
    assert staged_files(office) == []


def test_an_old_plain_backup_on_a_stick_still_restores_without_a_password(office, stick):
    plain = stick / "兴田村-备份-20260101-080000-手动.db"
    plain.write_bytes(backup_now("手动").read_bytes())
    add_resident("后来录入")
    info = inspect_backup(plain)
    assert not info.encrypted and info.residents == 3
    restore(plain)
    assert names() == {"张三", "李四", "王五"}


def test_the_daily_backups_on_the_pc_stay_plain(office):
    assert backup_now("每日").read_bytes().startswith(b"SQLite format 3\0")


def test_a_pc_with_no_password_yet_does_not_back_up_in_clear(village, database, no_recovery, stick):
    add_resident("张三")
    with pytest.raises(BackupError) as caught:
        backup_to(stick)
    assert "接入码" in str(caught.value) and "恢复码" in str(caught.value)
    assert list(stick.iterdir()) == [] and staged_files(database) == []


def test_a_stick_pulled_out_while_writing_leaves_nothing(office, stick, monkeypatch):
    real = envelope.write_encrypted

    def pulled_out(source, size, out, *args, **kwargs):
        out.write(b"DONGAN")
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(envelope, "write_encrypted", pulled_out)
    with pytest.raises(BackupError) as caught:
        backup_to(stick)
    monkeypatch.setattr(envelope, "write_encrypted", real)
    assert "U 盘" in str(caught.value) or "读写" in str(caught.value) or "失败" in str(caught.value)
    assert list(stick.iterdir()) == [] and staged_files(office) == []


def test_progress_goes_from_start_to_end(office, stick, small_chunks):
    seen = []
    backup_to(stick, progress=seen.append)
    assert seen and seen == sorted(seen) and 0 <= seen[0] and seen[-1] == pytest.approx(1.0)


def test_a_killed_backups_plain_copy_is_removed_by_the_next(office, stick):
    import os
    import time
    left = office.with_name(".stick-0a1b2c3d.db")
    left.write_bytes(b"plain copy")
    old = time.time() - 3600
    os.utime(left, (old, old))
    backup_to(stick)
    assert not left.exists()


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 3 * 4096])
def test_the_envelope_round_trips_every_size_and_refuses_a_missing_last_chunk(small_chunks, size):
    clear = bytes(range(256)) * (size // 256) + bytes(size % 256)
    wrap = envelope.access_wrap(TEST_ACCESS_CODE)
    out = io.BytesIO()
    digest = envelope.write_encrypted(io.BytesIO(clear), size, out, [wrap], unit_name="兴田村",
                                      unit_code="500229115001", made_at=_now(), schema=3)
    assert digest == hashlib.sha256(clear).digest()
    data = out.getvalue()
    fh = io.BytesIO(data)
    header = envelope.read_header(fh)
    key, kind = envelope.unwrap(header, TEST_ACCESS_CODE)
    back = io.BytesIO()
    envelope.decrypt_stream(fh, header, key, back)
    assert back.getvalue() == clear and kind == envelope.KIND_ACCESS
    first, spans = _chunks(data)
    if len(spans) > 1:
        fh = io.BytesIO(data[:spans[-2][1]])
        header = envelope.read_header(fh)
        with pytest.raises(envelope.Damaged):
            envelope.decrypt_stream(fh, header, key, io.BytesIO())


def test_a_header_asking_for_huge_scrypt_memory_is_refused_before_deriving(small_chunks):
    wrap = envelope.Wrap(envelope.KIND_ACCESS, b"s" * 16, b"k" * 32, {"n": 2 ** 24, "r": 8, "p": 1})
    out = io.BytesIO()
    envelope.write_encrypted(io.BytesIO(b"x"), 1, out, [wrap], unit_name="", unit_code="",
                             made_at=_now(), schema=3)
    header = envelope.read_header(io.BytesIO(out.getvalue()))
    with pytest.raises(envelope.Damaged):
        envelope.unwrap(header, TEST_ACCESS_CODE)


def _now():
    import datetime as dt
    return dt.datetime(2026, 12, 1, 9, 30)


def test_with_the_real_recovery_module_when_it_is_there(village, database, stick):
    """store/recovery.py itself (the accounts part), when this build has it."""
    recovery = pytest.importorskip("dongan_desk.store.recovery")
    if not hasattr(recovery, "store_recovery_code"):
        pytest.skip("store/recovery.py has no store_recovery_code")
    code = recovery.new_recovery_code()
    recovery.store_recovery_code(code)
    add_resident("张三")
    target = backup_to(stick)
    add_resident("李四")
    restore(target, password=code)
    assert names() == {"张三"}
