"""``main.py backup [--out DIR]`` and ``main.py restore FILE``, run in fresh processes."""
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dongan_desk.store import integrity

from backup_helpers import damage
from cli_helpers import main_py as run

ROOT = Path(__file__).resolve().parent.parent


def residents(data_dir) -> int:
    with sqlite3.connect(data_dir / "dongan.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM resident").fetchone()[0]


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    assert run(folder, "demo", "--size", "village").returncode == 0
    return folder


def test_backup_into_backups_and_to_a_stick(data_dir, tmp_path):
    done = run(data_dir, "backup")
    assert done.returncode == 0, done.stderr
    [made] = (data_dir / "backups").glob("*-手动.db")
    assert str(made) in done.stdout
    stick = tmp_path / "U盘"
    stick.mkdir()
    out = run(data_dir, "backup", "--out", str(stick))
    assert out.returncode == 0 and len(list(stick.iterdir())) == 1, out.stderr
    missing = run(data_dir, "backup", "--out", str(tmp_path / "拔出的U盘"))
    assert missing.returncode == 2 and "找不到文件夹" in missing.stderr


def test_restore_a_backup_then_the_state_before_it(data_dir, tmp_path):
    assert run(data_dir, "backup").returncode == 0
    [saved] = (data_dir / "backups").glob("*-手动.db")
    with sqlite3.connect(data_dir / "dongan.db") as conn:  # records lost since the backup
        conn.execute("DELETE FROM resident_category")
        conn.execute("DELETE FROM grid_member")
        conn.execute("DELETE FROM resident WHERE id > 10")
    assert residents(data_dir) == 10
    done = run(data_dir, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert "已从备份恢复" in done.stdout and "恢复前的数据已留存为" in done.stdout
    assert residents(data_dir) > 900
    [before] = (data_dir / "backups").glob("*-恢复前.db")
    back = run(data_dir, "restore", str(before))
    assert back.returncode == 0 and residents(data_dir) == 10


def test_restore_repairs_a_damaged_database(data_dir):
    run(data_dir, "backup")
    damage(data_dir / "dongan.db")
    assert run(data_dir, "check").returncode != 0
    [saved] = (data_dir / "backups").glob("*-手动.db")
    done = run(data_dir, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert integrity.check_file(data_dir / "dongan.db") == []
    assert list((data_dir / "backups").glob("损坏-*.db"))


def test_restore_is_refused_for_a_wrong_file_or_while_the_program_is_open(data_dir, tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("这不是数据库" * 100, encoding="utf-8")
    refused = run(data_dir, "restore", str(notes))
    assert refused.returncode == 2 and "不是东安台账的备份文件" in refused.stderr
    run(data_dir, "backup")
    [saved] = (data_dir / "backups").glob("*-手动.db")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from dongan_desk.single_instance import acquire
        lock = acquire({str(data_dir)!r})
        print("READY", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "READY"
        busy = run(data_dir, "restore", str(saved))
    finally:
        holder.kill()
        holder.wait(10)
    assert busy.returncode == 2 and "已经打开" in busy.stderr and "请先关闭程序窗口" in busy.stderr


def test_restore_a_stick_backup_with_the_recovery_code_after_the_pc_lost_its_data(tmp_path):
    """A village PC reinstalled: the encrypted copy on the stick comes back with the 恢复码 of
    the printed slip (DONGAN_BACKUP_CODE, or typed on the terminal)."""
    from cli_helpers import CODE
    folder = tmp_path / "data"
    made = run(folder, "demo", "--size", "village")
    assert made.returncode == 0, made.stderr
    recovery_code = CODE.search(made.stdout).group(1)
    stick = tmp_path / "U盘"
    stick.mkdir()
    assert run(folder, "backup", "--out", str(stick)).returncode == 0
    [copy] = stick.glob("*.dbak")
    people = residents(folder)
    with sqlite3.connect(folder / "dongan.db") as conn:
        conn.execute("DELETE FROM resident_category")
        conn.execute("DELETE FROM grid_member")
        conn.execute("DELETE FROM resident WHERE id > 10")
    asked = run(folder, "restore", str(copy))
    assert asked.returncode == 2 and "DONGAN_BACKUP_CODE" in asked.stderr and residents(folder) == 10
    wrong = run(folder, "restore", str(copy), env={"DONGAN_BACKUP_CODE": "ABCD-EFGH-JKMN-PQRS-TUVW"})
    assert wrong.returncode == 2 and residents(folder) == 10, wrong.stderr
    done = run(folder, "restore", str(copy), env={"DONGAN_BACKUP_CODE": recovery_code})
    assert done.returncode == 0, done.stderr
    assert residents(folder) == people
    with sqlite3.connect(folder / "dongan.db") as conn:
        action, detail = conn.execute(
            "SELECT action, detail FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    assert action == "restore" and copy.name in detail
