"""The 报送包's password (DESIGN §2, issue 13): every package leaves the village PC as a
password-protected .xlsx, so a USB stick lost on the way to the township shows nobody the
village's residents.

The protection is Excel's own, ECMA-376 "Agile" encryption (AES-256, SHA-512, 100,000 hash
rounds), made by msoffcrypto-tool: Excel and WPS open the file when the clerk types the
village's 接入码, exactly as it is printed (``K7QM-3XWA-9TPR-CE4H``). The file on the stick is
an OLE compound file, not a zip: nothing in it (sheet names, residents) is readable without the
code. Everything here works on bytes in memory: the program never writes a clear copy of a
package to disk, on the stick or beside it.

msoffcrypto-tool marks its encryption experimental; tests/exchange/test_protected_packages.py
checks the round trip (every sheet and cell), and LIBRARY-NOTES.md says what was seen."""
from __future__ import annotations

import io
from typing import Iterable

import msoffcrypto
from msoffcrypto import exceptions as office_errors
from msoffcrypto.format.ooxml import OOXMLFile

# The first bytes of every OLE compound file (an encrypted .xlsx, an old .xls/.doc).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel's own rounds (msoffcrypto-tool writes them too). A file asking for more is refused
# before its key is derived: the rounds are read from the file, and pure-Python hashing of
# a made-up 2,000,000,000 rounds would hang the import for hours.
MAX_SPIN_COUNT = 1_000_000


class NotOpened(ValueError):
    """None of the passwords tried opens the file."""


class Damaged(ValueError):
    """The file is encrypted but incomplete or altered (``str()`` says what msoffcrypto saw)."""


def is_protected(data: bytes) -> bool:
    """An OLE compound file (what an encrypted .xlsx is); a plain .xlsx is a zip."""
    return data[:len(OLE_MAGIC)] == OLE_MAGIC


def protect(workbook: bytes, password: str) -> bytes:
    """The .xlsx bytes ``workbook`` encrypted with ``password`` (an OLE file, in memory)."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(workbook)).encrypt(password, out)
    return out.getvalue()


def _office_file(data: bytes) -> OOXMLFile:
    """The encrypted workbook's container, checked before any key is derived."""
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
    except office_errors.FileFormatError as exc:
        raise Damaged(f"不是加密的 Excel 工作簿（{exc}）") from exc
    except Exception as exc:  # noqa: BLE001 - olefile raises its own kinds on a broken file
        raise Damaged(f"文件结构不完整（{exc}）") from exc
    if not isinstance(office, OOXMLFile) or getattr(office, "type", "") != "agile":
        raise Damaged("这是其他 Office 文件（例如旧的 .xls），不是加密的 .xlsx")
    spin = office.info.get("spinValue", 0)
    if not 0 < spin <= MAX_SPIN_COUNT:
        raise Damaged(f"加密参数不合常规（{spin} 轮）")
    return office


def unprotect(data: bytes, passwords: Iterable[str], check_password: bool = True) -> tuple[bytes, str]:
    """The workbook inside ``data`` and the password that opened it, tried in the order given.

    Raises :class:`NotOpened` when no password opens it, :class:`Damaged` when one does but
    the content is incomplete or altered (a stick pulled out mid-write, an edited byte).
    Each password is checked first (a second key derivation, ~60 ms) so that a wrong one is
    told apart from damage; ``check_password=False`` skips that for the read-back of a file
    just written with a known password (any failure is then :class:`Damaged`)."""
    office = _office_file(data)
    tried: set[str] = set()
    for password in passwords:
        if not password or password in tried:
            continue
        tried.add(password)
        try:
            office.load_key(password=password, verify_password=check_password)
        except office_errors.InvalidKeyError:
            continue
        except Exception as exc:  # noqa: BLE001 - a broken EncryptionInfo
            raise Damaged(f"加密信息不完整（{exc}）") from exc
        out = io.BytesIO()
        try:
            office.decrypt(out, verify_integrity=True)
        except Exception as exc:  # noqa: BLE001 - integrity check, short stream, bad padding
            raise Damaged(f"加密的内容不完整或被改动过（{exc}）") from exc
        return out.getvalue(), password
    raise NotOpened()
