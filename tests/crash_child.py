"""The program at work, to be killed (SIGKILL) by tests/test_crash_safety.py at random points.

``python tests/crash_child.py DATA_DIR work SEED``: saves residents one by one, "imports" batches
of 200 in one transaction, exports a workbook and backs up, in a seeded random order, printing
(flushed) after each has completed: ``SAVED uid``, ``IMPORTED batch``, ``EXPORTED``, ``BACKUP``.

``python tests/crash_child.py DATA_DIR restore SEED A.db B.db``: restores A and B in turn,
printing ``RESTORED name`` after each.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dongan_desk.ledgers.roster import rules as roster  # noqa: E402
from dongan_desk.units import UnitSpec, is_set_up, setup_village  # noqa: E402
from dongan_desk.store.backup import backup_now  # noqa: E402
from dongan_desk.store.database import db  # noqa: E402
from dongan_desk.store.opening import open_database  # noqa: E402
from dongan_desk.store.models import Grid, Household, Resident, new_uid, now  # noqa: E402
from dongan_desk.store.restore import restore  # noqa: E402

BATCH = 200


def household() -> Household:
    if not is_set_up():
        setup_village(UnitSpec("兴田村", "兴田", "500229115001"))
    found = Household.get_or_none()
    if found:
        return found
    grid = roster.save_grid({"name": "朱家湾", "parent": Grid.get(Grid.level == 2)}).record
    return roster.save_household({"grid": grid, "address": "兴田村1组1号"}).record


def import_batch(home: Household, rng: random.Random) -> str:
    """Like the township import: many rows replaced in one transaction."""
    batch = f"batch-{rng.getrandbits(48):012x}"
    stamp = now()
    rows = [{"uid": new_uid(), "unit": home.unit_id, "household": home.id, "name": f"导入{i}",
             "note": batch, "created_at": stamp, "updated_at": stamp} for i in range(BATCH)]
    with db.atomic():
        for start in range(0, BATCH, 50):
            Resident.insert_many(rows[start:start + 50]).execute()
    return batch


def export(data_dir: Path) -> None:
    from openpyxl import Workbook

    from dongan_desk.exchange.report_sheet import save_workbook_atomic, write_report_sheet
    import datetime as dt
    wb = Workbook()
    rows = [[r.name, r.note] for r in Resident.select().limit(300)]
    write_report_sheet(wb.active, title="花名册", unit_name="兴田村", period="2026年",
                       fill_date=dt.date.today(), headers=["姓名", "备注"], rows=rows)
    save_workbook_atomic(wb, data_dir / "exports" / "花名册.xlsx")


def work(data_dir: Path, rng: random.Random) -> None:
    open_database(data_dir / "dongan.db")
    home = household()
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        pick = rng.random()
        if pick < 0.65:
            uid = roster.save_resident({"household": home, "name": f"居民{n}"}).record.uid
            print(f"SAVED {uid}", flush=True)
        elif pick < 0.8:
            print(f"IMPORTED {import_batch(home, rng)}", flush=True)
        elif pick < 0.9:
            export(data_dir)
            print("EXPORTED", flush=True)
        else:
            print(f"BACKUP {backup_now('测试').name}", flush=True)


def restore_loop(data_dir: Path, files: list[str]) -> None:
    open_database(data_dir / "dongan.db")
    print("READY", flush=True)
    while True:
        for name in files:
            restore(Path(name))
            print(f"RESTORED {Path(name).name}", flush=True)


if __name__ == "__main__":
    folder, mode, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    if mode == "work":
        work(folder, random.Random(seed))
    else:
        restore_loop(folder, sys.argv[4:])
