"""The encrypted backup on a USB stick (备份到U盘, issue 13): a file nobody can read without the
village's 接入码 or the unit's 恢复码.

Envelope encryption with ``cryptography``'s AES-256-GCM and keys from ``hashlib.scrypt``; nothing
hand-made. A random 256-bit data key encrypts the database; it is wrapped once per password
(``Wrap``): with the village's 接入码 (the township keeps it: a clerk who lost it phones the
township) and with the 恢复码 printed at setup (``store/recovery.py`` keeps the key it makes, not
the code). The database is encrypted in chunks of 1 MiB, streamed, so a 100 MB database needs
no more than a few MiB of memory: chunk ``i`` has the nonce ``base + i`` and, as associated
data, the SHA-256 of the header, ``i`` and whether it is the last chunk: a chunk moved, dropped,
taken from another file, a header edited, or a file cut short (a stick pulled out) all fail.

The file::

    b"DONGAN-BACKUP\\n"       magic, 14 bytes
    u32 (big-endian)         length of the header
    header                   UTF-8 JSON: format, unit name and code, time, schema version,
                             chunk size, base nonce, the wraps (kind, salt, KDF, wrapped key)
    chunks                   u32 length, then AES-GCM ciphertext with its 16-byte tag

The header is readable without a password (the restore dialog shows whose backup it is and
when); nothing in it is trusted before the first chunk has decrypted against its hash."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .access_codes import normalize_access_code

MAGIC = b"DONGAN-BACKUP\n"
FORMAT = 1
SUFFIX = ".dbak"
CHUNK = 1024 * 1024
KIND_ACCESS = "access"      # the village's 接入码
KIND_RECOVERY = "recovery"  # the unit's 恢复码 (store/recovery.py)
# scrypt for the 接入码 (80 random bits; the KDF slows a guesser further): 32 MiB, ~0.1 s.
# hashlib.scrypt refuses more than 32 MiB unless maxmem says so (OpenSSL's default limit), and
# 128·r·n is exactly 32 MiB here, so maxmem is given. A file may not ask for more than
# MAX_SCRYPT_MEMORY: its header is read before anything in it is trusted.
SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}
MAX_SCRYPT_MEMORY = 128 * 1024 * 1024
_MAX_HEADER = 64 * 1024
_WRAP_AAD = b"DONGAN-BACKUP wrap "
Progress = Callable[[float], None]


class EnvelopeError(Exception):
    """Base of what reading an encrypted backup can meet."""


class NotEncryptedBackup(EnvelopeError):
    """Not one of our encrypted backups (no magic)."""


class Damaged(EnvelopeError):
    """Incomplete or altered: the header, a chunk, or the end is missing or does not decrypt."""


class WrongPassword(EnvelopeError):
    """The password opens none of the file's wraps."""


@dataclass(frozen=True)
class Wrap:
    """A key-encryption key for one kind of password, and how it was derived."""

    kind: str
    salt: bytes
    kek: bytes
    kdf: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Header:
    unit_name: str
    unit_code: str
    made_at: dt.datetime
    schema: int
    chunk_size: int
    nonce: bytes
    wraps: list[dict]
    raw: bytes  # the header's bytes, as the chunks' associated data hashes them
    format: int = FORMAT

    @property
    def kinds(self) -> list[str]:
        return [w.get("kind", "") for w in self.wraps]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def scrypt_key(secret: str, salt: bytes, kdf: dict) -> bytes:
    n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=MAX_SCRYPT_MEMORY, dklen=32)


def access_wrap(code: str) -> Wrap:
    """The wrap of a village's 接入码 (as stored: canonical, with dashes)."""
    salt = secrets.token_bytes(16)
    return Wrap(KIND_ACCESS, salt, scrypt_key(normalize_access_code(code), salt, SCRYPT), dict(SCRYPT))


def _nonce(base: bytes, index: int) -> bytes:
    return ((int.from_bytes(base, "big") + index) % (1 << 96)).to_bytes(12, "big")


def _chunk_aad(header_hash: bytes, index: int, final: bool) -> bytes:
    return header_hash + struct.pack(">QB", index, 1 if final else 0)


def write_encrypted(source: BinaryIO, size: int, out: BinaryIO, wraps: list[Wrap], *,
                    unit_name: str, unit_code: str, made_at: dt.datetime, schema: int,
                    progress: Progress | None = None) -> bytes:
    """Encrypt ``size`` bytes of ``source`` into ``out``; returns the SHA-256 of the clear bytes
    (the caller checks the written file against it)."""
    if not wraps:
        raise ValueError("no password to wrap the data key with")
    data_key = AESGCM.generate_key(bit_length=256)
    base = secrets.token_bytes(12)
    wrapped = []
    for wrap in wraps:
        nonce = secrets.token_bytes(12)
        key = AESGCM(wrap.kek).encrypt(nonce, data_key, _WRAP_AAD + wrap.kind.encode("ascii"))
        wrapped.append({"kind": wrap.kind, "salt": _b64(wrap.salt), "kdf": wrap.kdf,
                        "nonce": _b64(nonce), "key": _b64(key)})
    raw = json.dumps({"format": FORMAT, "unit_name": unit_name, "unit_code": unit_code,
                      "made_at": made_at.isoformat(timespec="seconds"), "schema": schema,
                      "chunk_size": CHUNK, "nonce": _b64(base), "wraps": wrapped},
                     ensure_ascii=False).encode("utf-8")
    out.write(MAGIC + struct.pack(">I", len(raw)) + raw)
    header_hash = hashlib.sha256(MAGIC + raw).digest()
    cipher, clear_hash = AESGCM(data_key), hashlib.sha256()
    index, done = 0, 0
    while True:
        chunk = source.read(min(CHUNK, size - done))
        done += len(chunk)
        final = done >= size or not chunk
        clear_hash.update(chunk)
        sealed = cipher.encrypt(_nonce(base, index), chunk, _chunk_aad(header_hash, index, final))
        out.write(struct.pack(">I", len(sealed)) + sealed)
        if progress is not None and size:
            progress(done / size)
        if final:
            return clear_hash.digest()
        index += 1


def is_encrypted_backup(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def read_header(fh: BinaryIO) -> Header:
    """The header at the start of ``fh`` (left positioned at the first chunk)."""
    if fh.read(len(MAGIC)) != MAGIC:
        raise NotEncryptedBackup()
    length = fh.read(4)
    if len(length) != 4 or not 0 < struct.unpack(">I", length)[0] <= _MAX_HEADER:
        raise Damaged("文件头不完整")
    raw = fh.read(struct.unpack(">I", length)[0])
    try:
        data = json.loads(raw.decode("utf-8"))
        header = Header(str(data["unit_name"]), str(data["unit_code"]),
                        dt.datetime.fromisoformat(data["made_at"]), int(data["schema"]),
                        int(data["chunk_size"]), _unb64(data["nonce"]), list(data["wraps"]), raw,
                        int(data["format"]))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise Damaged("文件头不完整或被改动过") from exc
    if header.format != FORMAT or not 0 < header.chunk_size <= 16 * CHUNK or len(header.nonce) != 12:
        raise Damaged(f"文件头写的格式（{header.format}）本程序不认识")
    return header


def _kek(wrap: dict, password: str) -> bytes | None:
    """The key a typed password gives for one wrap, or None when it cannot be of that kind."""
    salt, kind = _unb64(wrap["salt"]), wrap.get("kind")
    if kind == KIND_ACCESS:
        try:
            code = normalize_access_code(password)
        except ValueError:
            return None
        kdf = wrap.get("kdf") or {}
        if (128 * int(kdf.get("r", 0)) * int(kdf.get("n", 0)) > MAX_SCRYPT_MEMORY // 2
                or not 1 <= int(kdf.get("p", 0)) <= 4):
            raise Damaged("加密参数不合常规")
        return scrypt_key(code, salt, kdf)
    if kind == KIND_RECOVERY:
        try:
            from .recovery import recovery_kek  # the accounts part: the 恢复码's own derivation
        except ImportError:
            return None
        try:
            return recovery_kek(password, salt)
        except ValueError:  # not shaped like a 恢复码
            return None
    return None


def open_wrap(header: Header, kind: str, kek: bytes) -> bytes:
    """The data key from the wrap of ``kind`` with a key-encryption key known already (the
    check of a file just written); raises WrongPassword."""
    for wrap in header.wraps:
        if wrap.get("kind") == kind:
            try:
                return AESGCM(kek).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["key"]),
                                           _WRAP_AAD + kind.encode("ascii"))
            except InvalidTag:
                break
    raise WrongPassword()


def unwrap(header: Header, password: str) -> tuple[bytes, str]:
    """The data key and the kind of password that opened it; raises WrongPassword."""
    for wrap in header.wraps:
        try:
            kek = _kek(wrap, password)
            if kek is None:
                continue
            key = AESGCM(kek).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["key"]),
                                      _WRAP_AAD + str(wrap["kind"]).encode("ascii"))
        except InvalidTag:
            continue
        except (KeyError, TypeError, ValueError) as exc:
            raise Damaged("文件头里的密钥信息不完整") from exc
        return key, str(wrap["kind"])
    raise WrongPassword()


def decrypt_stream(fh: BinaryIO, header: Header, data_key: bytes, out: BinaryIO,
                   total: int | None = None, progress: Progress | None = None) -> bytes:
    """Decrypt the chunks after the header into ``out``; returns the SHA-256 of the clear bytes.
    Raises Damaged when a chunk fails, the last chunk is missing, or anything follows it."""
    header_hash = hashlib.sha256(MAGIC + header.raw).digest()
    cipher, clear_hash = AESGCM(data_key), hashlib.sha256()
    limit = header.chunk_size + 16
    index = 0
    while True:
        length = fh.read(4)
        if len(length) < 4:
            raise Damaged("文件不完整（缺少结尾）")
        size = struct.unpack(">I", length)[0]
        sealed = fh.read(size) if 16 <= size <= limit else b""
        if len(sealed) != size or not sealed:
            raise Damaged("文件不完整")
        final = len(sealed) < limit  # only the last chunk is short ...
        try:
            clear = cipher.decrypt(_nonce(header.nonce, index), sealed,
                                   _chunk_aad(header_hash, index, final))
        except InvalidTag:
            if final:
                raise Damaged(f"第 {index + 1} 段解不开：文件被改动过或不完整") from None
            try:  # ... or a full one that happens to be the last
                clear = cipher.decrypt(_nonce(header.nonce, index), sealed,
                                       _chunk_aad(header_hash, index, True))
                final = True
            except InvalidTag:
                raise Damaged(f"第 {index + 1} 段解不开：文件被改动过或不完整") from None
        out.write(clear)
        clear_hash.update(clear)
        if progress is not None and total:
            progress(min(1.0, fh.tell() / total))
        if final:
            if fh.read(1):
                raise Damaged("结尾之后还有多余的内容")
            return clear_hash.digest()
        index += 1
