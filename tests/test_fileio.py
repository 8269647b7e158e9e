import errno
import os
from pathlib import Path

import pytest

from dongan_desk import fileio
from dongan_desk.fileio import FileWriteError, atomic_write


def _writes(data: bytes):
    return lambda temp: Path(temp).write_bytes(data)


def _old_target(tmp_path: Path) -> Path:
    target = tmp_path / "报表.xlsx"
    target.write_bytes(b"old")
    return target


def _only(tmp_path: Path, target: Path) -> None:
    """No temporary file is left beside the target."""
    assert sorted(p.name for p in tmp_path.iterdir()) == ([target.name] if target.exists() else [])


def test_writes_new_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "新文件.pdf"
    assert atomic_write(target, _writes(b"new")) == target
    assert target.read_bytes() == b"new"
    _only(tmp_path, target)


def test_replaces_existing_file(tmp_path):
    target = _old_target(tmp_path)
    seen = []
    atomic_write(target, _writes(b"new"), verify=lambda p: seen.append(p.read_bytes()))
    assert target.read_bytes() == b"new"
    assert seen == [b"new"]
    _only(tmp_path, target)


def test_temp_file_is_in_target_folder_and_keeps_suffix(tmp_path):
    target = tmp_path / "r.xlsx"
    temps = []
    atomic_write(target, lambda temp: (temps.append(temp), temp.write_bytes(b"x")))
    assert temps[0].parent == tmp_path and temps[0].name.endswith(".xlsx")
    assert temps[0] != target and not temps[0].exists()


def test_writer_bug_propagates_and_old_file_survives(tmp_path):
    target = _old_target(tmp_path)

    def writer(temp):
        temp.write_bytes(b"half")
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        atomic_write(target, writer)
    assert target.read_bytes() == b"old"
    _only(tmp_path, target)


def test_disk_full(tmp_path):
    target = _old_target(tmp_path)

    def writer(temp):
        temp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(FileWriteError) as info:
        atomic_write(target, writer)
    assert info.value.kind == "disk_full"
    assert "空间已满" in str(info.value) and "换一个保存位置" in str(info.value)
    assert isinstance(info.value.__cause__, OSError)
    assert target.read_bytes() == b"old"
    _only(tmp_path, target)


def test_verify_failure_keeps_old_file(tmp_path):
    target = _old_target(tmp_path)

    def verify(temp):
        raise ValueError("not a workbook")

    with pytest.raises(FileWriteError) as info:
        atomic_write(target, _writes(b"bad"), verify=verify)
    assert info.value.kind == "verify_failed"
    assert "读回检查不通过" in str(info.value)
    assert target.read_bytes() == b"old"
    _only(tmp_path, target)


def test_folder_missing(tmp_path):
    target = tmp_path / "U盘" / "报表.xlsx"
    with pytest.raises(FileWriteError) as info:
        atomic_write(target, _writes(b"x"))
    assert info.value.kind == "folder_missing"
    assert "不存在" in str(info.value) and str(target.parent) in str(info.value)
    assert info.value.target == target


def test_no_permission_to_create(tmp_path, monkeypatch):
    # Tests may run as root, which ignores folder permissions: simulate the refusal.
    def refuse(target):
        raise PermissionError(errno.EACCES, "Permission denied", str(target.parent))

    monkeypatch.setattr(fileio, "_create_temp", refuse)
    with pytest.raises(FileWriteError) as info:
        atomic_write(tmp_path / "a.pdf", _writes(b"x"))
    assert info.value.kind == "no_permission"
    assert "没有权限" in str(info.value) and "桌面" in str(info.value)


def test_read_only_medium(tmp_path, monkeypatch):
    def refuse(target):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(fileio, "_create_temp", refuse)
    with pytest.raises(FileWriteError) as info:
        atomic_write(tmp_path / "a.pdf", _writes(b"x"))
    assert info.value.kind == "read_only"
    assert "只读" in str(info.value) and "写保护" in str(info.value)


def test_target_open_in_another_program(tmp_path, monkeypatch):
    # What Windows does when Excel holds the old file open.
    target = _old_target(tmp_path)

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(fileio.os, "replace", locked)
    with pytest.raises(FileWriteError) as info:
        atomic_write(target, _writes(b"new"))
    assert info.value.kind == "in_use"
    assert "Excel" in str(info.value) and "关闭" in str(info.value)
    assert target.read_bytes() == b"old"
    _only(tmp_path, target)


def test_windows_sharing_violation_is_in_use(tmp_path, monkeypatch):
    exc = OSError(errno.EINVAL, "The process cannot access the file")
    exc.winerror = 32  # ERROR_SHARING_VIOLATION

    def locked(src, dst):
        raise exc

    monkeypatch.setattr(fileio.os, "replace", locked)
    with pytest.raises(FileWriteError) as info:
        atomic_write(tmp_path / "new.pdf", _writes(b"x"))
    assert info.value.kind == "in_use"
    assert list(tmp_path.iterdir()) == []


def test_other_os_error_has_generic_message(tmp_path):
    def writer(temp):
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(FileWriteError) as info:
        atomic_write(tmp_path / "a.pdf", writer)
    assert info.value.kind == "other"
    assert "Input/output error" in str(info.value) and "原文件未改动" in str(info.value)


def test_data_is_synced_before_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(fileio.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(fileio.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b)))
    atomic_write(tmp_path / "a.pdf", _writes(b"x"))
    assert events.index("fsync") < events.index("replace")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_new_file_mode_follows_umask(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    target = tmp_path / "a.pdf"
    atomic_write(target, _writes(b"x"))
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
