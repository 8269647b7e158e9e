"""The same 接入码 on a test's village PC and its township PC (as the clerks would type it), and
the one way tests open a 报送包 as Excel/WPS do: with the 接入码 as its password."""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from dongan_desk.units import home_unit, villages
from dongan_desk.exchange import protection
from dongan_desk.exchange.access import set_home_access_code, store_access_code
from dongan_desk.store.models import AccessCode

TEST_ACCESS_CODE = "ABCD-EFGH-JKMN-PQRS"


def village_has_code() -> None:
    set_home_access_code(home_unit(), TEST_ACCESS_CODE)


def township_has_codes() -> None:
    for village in villages():
        store_access_code(village, TEST_ACCESS_CODE)


def township_issued(code: str = TEST_ACCESS_CODE) -> None:
    """As if the township had issued ``code`` to every village when it listed them (no former
    codes kept: nothing was re-issued)."""
    AccessCode.update(code=code).execute()


def package_bytes(path: Path, code: str = TEST_ACCESS_CODE) -> bytes:
    """The workbook inside a 报送包, decrypted in memory (a plain file of an older version as it is)."""
    data = Path(path).read_bytes()
    return protection.unprotect(data, [code])[0] if protection.is_protected(data) else data


def open_package(path: Path, code: str = TEST_ACCESS_CODE, **options):
    """The 报送包 as an openpyxl workbook, opened with its password as a clerk does in Excel."""
    return load_workbook(io.BytesIO(package_bytes(path, code)), **options)


def save_package(wb, path: Path, code: str | None = TEST_ACCESS_CODE) -> Path:
    """Save a workbook as Excel does after a clerk edited a 报送包: with its password kept
    (``code=None``: saved without one, as someone without the 接入码 would make a file)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    Path(path).write_bytes(protection.protect(data, code) if code else data)
    return Path(path)
