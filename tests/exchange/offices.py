"""Several PCs in one test process: each office is a database file, opened one at a time (the
program keeps one database open at a time)."""
from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

from dongan_desk.store.database import close_database
from dongan_desk.store.opening import open_database


class Office:
    def __init__(self, path: Path):
        self.path = path

    @contextlib.contextmanager
    def open(self):
        open_database(self.path)
        try:
            yield
        finally:
            close_database()


def link(village: Office, township: Office) -> str:
    """Give the village PC the 接入码 the township issued for it, as its clerk types it in."""
    from dongan_desk.units import home_unit
    from dongan_desk.exchange.access import access_code_of, set_home_access_code
    from dongan_desk.store.models import Unit
    with village.open():
        code = home_unit().code
    with township.open():
        issued = access_code_of(Unit.get(Unit.code == code))
    with village.open():
        set_home_access_code(home_unit(), issued)
    return issued


def write_zip_bomb(out) -> None:
    """An .xlsx-looking zip whose index says it unpacks to 120 MB (``out``: a path or a file)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w") as member:
            chunk = b"<si><t>a</t></si>" * 65536
            for _ in range(120 * 1024 * 1024 // len(chunk)):
                member.write(chunk)
