"""Helpers shared by the backup, restore and start-up tests."""
from __future__ import annotations

from pathlib import Path

from dongan_desk.ledgers.roster import rules as roster
from dongan_desk.store.models import Grid


def add_resident(name: str):
    """Save a resident (in a courtyard grid made on first use) through the domain, as a form does."""
    grid = Grid.get_or_none(Grid.level == 3) or roster.save_grid(
        {"name": "朱家湾", "parent": Grid.get(Grid.level == 2)}).record
    household = roster.save_household({"grid": grid, "address": "兴田村1组1号"}).record
    return roster.save_resident({"household": household, "name": name}).record


def damage(path: Path) -> None:
    """Overwrite the file from page 2 on, keeping SQLite's header: it still looks like a
    database, but its integrity check fails."""
    size = Path(path).stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xff" * (size - 4096))
