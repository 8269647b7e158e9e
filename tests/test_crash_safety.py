"""A power cut at any moment: the program (a subprocess saving, importing, exporting and
backing up) is killed with SIGKILL at random points, many times. After each kill the database
opens, passes its integrity check and holds every record whose save had completed; no import
is half there; every backup and export on disk is whole."""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dongan_desk.store import integrity
from dongan_desk.store.backup import list_backups
from dongan_desk.store.database import close_database, quick_check
from dongan_desk.store.opening import open_database
from dongan_desk.store.models import Resident
from dongan_desk.store.restore import inspect_backup

CHILD = str(Path(__file__).resolve().parent / "crash_child.py")
ROUNDS = 30
BATCH = 200

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def run_and_kill(args: list[str], delay: float) -> list[str]:
    """Start the child, let it work ``delay`` seconds after it is ready, kill it, and return
    the lines it had printed (each printed only after its work had completed)."""
    child = subprocess.Popen([sys.executable, CHILD, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    ready = child.stdout.readline().strip()
    assert ready == "READY", child.stderr.read()
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, "the child stopped by itself (a crash?)"
    return out.splitlines()


def check_after_kill(data_dir: Path, saved: set[str], imported: set[str], seen: set[Path]) -> None:
    database = data_dir / "dongan.db"
    assert integrity.check_file(database, full=True) == []
    open_database(database)  # what the next start does
    try:
        assert quick_check() == []
        uids = {r.uid for r in Resident.select(Resident.uid)}
        missing = saved - uids
        assert not missing, f"{len(missing)} saved records lost"
        batches = _batch_counts()
        assert imported <= set(batches), "a completed import is missing"
        assert all(count == BATCH for count in batches.values()), f"half an import: {batches}"
    finally:
        close_database()
    for path in set(list_backups(database)) - seen:
        inspect_backup(path)  # raises if a backup on disk is not whole
        seen.add(path)
    export = data_dir / "exports" / "花名册.xlsx"
    if export.exists():
        from openpyxl import load_workbook
        with open(export, "rb") as fh:
            load_workbook(fh, read_only=True).close()


def _batch_counts() -> dict[str, int]:
    from peewee import fn
    query = (Resident.select(Resident.note, fn.COUNT(Resident.id))
             .where(Resident.note.startswith("batch-")).group_by(Resident.note))
    return dict(query.tuples())


def test_killed_at_random_points_the_database_keeps_every_completed_save(tmp_path):
    rng = random.Random(20260315)
    (tmp_path / "exports").mkdir()
    saved: set[str] = set()
    imported: set[str] = set()
    kinds: set[str] = set()
    seen_backups: set[Path] = set()
    for round_no in range(ROUNDS):
        lines = run_and_kill([str(tmp_path), "work", str(rng.randrange(1 << 30))],
                             rng.uniform(0.05, 0.7))
        for line in lines:
            kind, _, value = line.partition(" ")
            kinds.add(kind)
            if kind == "SAVED":
                saved.add(value)
            elif kind == "IMPORTED":
                imported.add(value)
        check_after_kill(tmp_path, saved, imported, seen_backups)
    # The kills landed among all kinds of work, and plenty of it completed.
    assert {"SAVED", "IMPORTED", "EXPORTED", "BACKUP"} <= kinds
    assert len(saved) > ROUNDS


def test_killed_during_restores_the_database_is_one_backup_or_the_other(tmp_path):
    import shutil
    from crash_child import household, import_batch
    from dongan_desk.store.backup import backup_now

    def backup_to(folder):  # plain backups outside backups/ (a stick's are encrypted: test_stick_backup)
        return Path(shutil.copy(backup_now("测试"), folder))

    database = tmp_path / "dongan.db"
    sources = tmp_path / "stick"  # outside backups/, where restores prune
    sources.mkdir()
    open_database(database)
    home = household()
    rng = random.Random(7)
    for _ in range(5):
        import_batch(home, rng)
    small = backup_to(sources)
    for _ in range(20):
        import_batch(home, rng)
    big = backup_to(sources)
    close_database()
    sizes = {5 * BATCH, 25 * BATCH}
    for round_no in range(10):
        run_and_kill([str(tmp_path), "restore", str(round_no), str(small), str(big)],
                     rng.uniform(0.0, 0.8))
        assert integrity.check_file(database, full=True) == []
        open_database(database)
        try:
            assert Resident.select().count() in sizes
        finally:
            close_database()
