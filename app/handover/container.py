"""The handover file on disk: one self-describing file that travels on USB sticks and in
e-mails, so it must say what it is without a passphrase, hide the client data with one, and
refuse to open when damaged or altered.

Layout (bytes):

    RINGBINDER-HANDOVER\\n                      the magic line
    {"binder_id":…,"version":1,…}\\n             the header: one line of ASCII JSON
    BODY                                         header["body_bytes"] bytes
    SHA-256                                      32 bytes, files without a passphrase only

BODY is the workload as zlib-compressed UTF-8 JSON (documents' bytes as base64 inside it).
With a passphrase BODY is that, encrypted with AES-256-GCM (its 16-byte tag at the end), the
key from scrypt with the parameters, salt and nonce the header names, and the magic and header
lines as associated data: an altered header fails like a wrong passphrase. Without one, the
SHA-256 over everything before it catches damage (not tampering: anyone can recompute it).
The header names the owner and the colleague, never a client.
"""

from __future__ import annotations

import base64
import binascii
import gc
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import (
    HandoverDamaged,
    HandoverTooLarge,
    InvalidInput,
    NotAHandover,
    PassphraseNeeded,
    WrongPassphrase,
)
from app.handover import payload as p
from app.handover import reader
from app.handover.deflate import Deflater
from app.handover.unpack import MAX_UNPACKED_BYTES, READ_CHUNK, unpack, unpack_limit
from app.i18n import _
from app.safe_text import valid_text

MAGIC = b"RINGBINDER-HANDOVER\n"
MAX_HEADER_BYTES = 64 * 1024
MAX_FILE_BYTES = 2**30  # read at most this much, also from a device or a pipe
DIGEST_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1  # ~0.4 s and 128 MiB to try one passphrase
SCRYPT_MAX_MEMORY = 160 * 2**20  # a header asking for more is refused, not obeyed
MIN_PASSPHRASE = 8  # characters, for a new file (an older file opens with a shorter one)
SALT_BYTES, NONCE_BYTES = 16, 12
CIPHER, KDF, PLAIN = "aes-256-gcm", "scrypt", "none"


@dataclass(frozen=True)
class FileInfo:
    """What the plain header says: readable without the passphrase. For an encrypted file it
    is only authenticated once the file is opened with the right passphrase."""

    header: p.Header
    counts: dict[str, int]
    encrypted: bool
    kdf: dict[str, Any] | None  # scrypt's n, r, p, salt and the nonce, when encrypted


def _not_handover() -> NotAHandover:
    return NotAHandover(_("This is not a Ringbinder handover file."))


def too_large(limit: int) -> HandoverTooLarge:
    """Refused before reading: a bigger file is a mistake or an attack, never a workload."""
    return HandoverTooLarge(_(
        "The handover file is too large: at most {size} MB can be opened.").format(
            size=limit // 2**20))


def check_new_passphrase(passphrase: str | None) -> None:
    """Refuse a passphrase too short to protect a new file (None: no passphrase, chosen
    plainly). An empty one would look protected and protect nothing; a short one falls to
    guessing however slow scrypt is. Files already written open with what they were given."""
    if passphrase is None:
        return
    if not passphrase:
        raise InvalidInput(_("The passphrase is empty; give one, or choose no passphrase."))
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE:
        raise InvalidInput(_("The passphrase needs at least {count} characters.").format(
            count=MIN_PASSPHRASE))


def _key(passphrase: str, salt: bytes, n: int, r: int, par: int) -> bytes:
    """The AES key from the passphrase by scrypt: through hashlib (OpenSSL's, as the
    cryptography package's is) when it has it, since it lets other threads run meanwhile
    (an export derives the key while it deflates the body); the same key either way."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    if hasattr(hashlib, "scrypt"):
        # OpenSSL wants 128 * r * (n + p + 2) bytes; maxmem only caps what it may take
        return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=par, dklen=32,
                              maxmem=128 * r * (n + par + 2) + 2**20)
    return Scrypt(salt=salt, length=32, n=n, r=r, p=par).derive(secret)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block: a handover makes and drops hundreds of
    thousands of objects, few of them in cycles, and each collection walks them all (a
    third of an export's time). Nested blocks and other threads are left as they were;
    whatever is left over is collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- writing -------------------------------------------------------------------------------

def pack(handover: p.Handover, passphrase: str | None = None, *,
         scrypt_n: int = SCRYPT_N) -> bytes:
    """The whole file. With a passphrase the body is encrypted; a passphrase too short to
    protect it is refused (check_new_passphrase)."""
    return pack_json(handover.header, handover.workload.counts(),
                     p.workload_json(handover.workload), passphrase, scrypt_n=scrypt_n)


def pack_json(header: p.Header, counts: dict[str, int], body_json: Iterable[str],
              passphrase: str | None = None, *, scrypt_n: int = SCRYPT_N) -> bytes:
    """The whole file, its body the JSON text given in pieces (payload.workload_json, or
    rows_json.workload_json straight from the binder's rows), deflated as it comes, and
    `counts` (Workload.counts()) in the header."""
    check_new_passphrase(passphrase)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    # the key is derived on another thread while the body is made and deflated
    deriving = None if passphrase is None else ThreadPoolExecutor(max_workers=1)
    pending = None if deriving is None or passphrase is None else deriving.submit(
        _key, passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P)
    deflater = Deflater()
    unpacked = 0
    try:
        with gc_paused():
            for text in body_json:
                data = text.encode("utf-8")
                unpacked += len(data)
                deflater.feed(data)
        body = deflater.finish()
        key = None if pending is None else pending.result()
    finally:
        deflater.close()
        if deriving is not None:
            deriving.shutdown(wait=False, cancel_futures=True)
    if unpacked > unpack_limit(len(body)):  # the colleague's Ringbinder would refuse it
        raise HandoverTooLarge(_(
            "The handover would unpack to more than {size} MB, more than Ringbinder opens; "
            "hand over fewer dossiers.").format(size=unpack_limit(len(body)) // 2**20))
    head: dict[str, Any] = p.header_to_dict(header)
    head["counts"] = counts
    if key is None:
        head["protection"] = {"cipher": PLAIN, "digest": "sha256"}
        head["body_bytes"] = len(body)
    else:
        head["protection"] = {
            "cipher": CIPHER, "kdf": KDF, "n": scrypt_n, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode("ascii"),
            "nonce": base64.b64encode(nonce).decode("ascii")}
        head["body_bytes"] = len(body) + 16
    if head["body_bytes"] + MAX_HEADER_BYTES + DIGEST_BYTES > MAX_FILE_BYTES:
        raise too_large(MAX_FILE_BYTES)
    prefix = MAGIC + json.dumps(head, sort_keys=True, separators=(",", ":")).encode("ascii") \
        + b"\n"
    if len(prefix) - len(MAGIC) > MAX_HEADER_BYTES:
        raise InvalidInput(_("The names in the handover header are too long."))
    if key is None:
        digest = hashlib.sha256(prefix)
        digest.update(body)
        return b"".join((prefix, body, digest.digest()))  # one copy of the body, not two
    return prefix + AESGCM(key).encrypt(nonce, body, prefix)


# -- reading -------------------------------------------------------------------------------

Data = bytes | bytearray  # a whole file, as read_limited or read_bytes() gives it


@dataclass(frozen=True)
class _Parsed:
    info: FileInfo
    prefix: bytes  # magic + header line: the associated data, or the digest's start
    body: memoryview  # into the file's bytes: a 1 GiB file is not copied again
    digest: bytes


def _b64(raw: Any, size: int) -> bytes:
    if not isinstance(raw, str):
        raise reader.damaged()
    try:
        value = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise reader.damaged() from None
    if len(value) != size:
        raise reader.damaged()
    return value


def _int(raw: Any, low: int, high: int) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
        raise reader.damaged()
    return raw


def _kdf(raw: Any) -> dict[str, Any]:
    """The scrypt parameters, bounded so that an altered header cannot make us spend
    gigabytes or minutes before the tag check refuses it."""
    if not isinstance(raw, dict) or set(raw) != {"cipher", "kdf", "n", "r", "p", "salt",
                                                 "nonce"}:
        raise reader.damaged()
    if raw["cipher"] != CIPHER or raw["kdf"] != KDF:
        raise reader.damaged()
    n, r, par = _int(raw["n"], 2, 2**20), _int(raw["r"], 1, 32), _int(raw["p"], 1, 4)
    if n & (n - 1) or 128 * n * r * par > SCRYPT_MAX_MEMORY:
        raise reader.damaged()
    return {"n": n, "r": r, "p": par, "salt": _b64(raw["salt"], SALT_BYTES),
            "nonce": _b64(raw["nonce"], NONCE_BYTES)}


def _counts(raw: Any) -> dict[str, int]:
    keys = {"dossiers", "events", "documents", "forms", "templates"}
    if not isinstance(raw, dict) or set(raw) != keys:
        raise reader.damaged()
    return {k: _int(v, 0, p.MAX_ITEMS * 100) for k, v in raw.items()}


def _declared_size(prefix: bytes | bytearray) -> int | None:
    """How long the file says it is, from its magic and header lines; None when the header
    does not say it plainly (the full check refuses such a file later)."""
    try:
        head = json.loads(prefix[len(MAGIC):].decode("ascii"))
        body, protection = head["body_bytes"], head["protection"]
    except (UnicodeDecodeError, ValueError, RecursionError, KeyError, TypeError):
        return None
    if not isinstance(body, int) or isinstance(body, bool) or body < 0 \
            or not isinstance(protection, dict):
        return None
    plain = protection.get("cipher") == PLAIN
    return len(prefix) + body + (DIGEST_BYTES if plain else 0)


def read_limited(stream: BinaryIO, max_file: int | None = None) -> bytearray:
    """A handover file's bytes, read in chunks and refused as soon as they cannot be one:
    not starting with the magic line, a header line that does not end, a declared size
    over `max_file`, more bytes than that. A device (/dev/zero), a pipe or a file that
    grows is stopped there: its size on disk says nothing (0 for a device). Reading stops
    at the declared size (plus one byte, to tell a longer file), or right after a header
    that declares none (the file is refused then, as damaged or newer). The bytes are
    returned as read, not copied: a 1 GiB file takes 1 GiB."""
    limit = max_file or MAX_FILE_BYTES
    want = limit + 1  # one byte more than allowed tells a file that is too long
    data = bytearray()
    header = False
    while len(data) < want:
        chunk = stream.read(min(READ_CHUNK, want - len(data)))
        if not chunk:
            break
        data += chunk
        if header:
            continue
        if not data.startswith(MAGIC[:len(data)]):
            raise _not_handover()
        end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER_BYTES + 1)
        if end >= 0:
            header = True
            declared = _declared_size(data[:end + 1])
            if declared is not None and declared > limit:
                raise too_large(limit)
            want = min(want, end + 1 if declared is None else declared + 1)
        elif len(data) > len(MAGIC) + MAX_HEADER_BYTES:
            raise reader.damaged()
    if len(data) > limit:
        raise too_large(limit)
    del data[want:]  # the first chunk may run past a header that declares no size
    return data


def _parse(data: Data, max_file: int, *, check_digest: bool = True) -> _Parsed:
    if len(data) > max_file:
        raise too_large(max_file)
    if not data.startswith(MAGIC):
        raise _not_handover()
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER_BYTES + 1)
    if end < 0:
        raise reader.damaged()
    prefix = bytes(data[:end + 1])
    view = memoryview(data)
    try:
        head = valid_text(json.loads(prefix[len(MAGIC):].decode("ascii")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise reader.damaged() from None
    if not isinstance(head, dict):
        raise reader.damaged()
    version = head.get("version")
    if (head.get("format") == p.FORMAT and isinstance(version, int)
            and not isinstance(version, bool) and version > p.VERSION):
        raise reader.newer_version(version)  # before anything else: its layout may differ
    protection = head.pop("protection", None)
    counts = _counts(head.pop("counts", None))
    body_bytes = _int(head.pop("body_bytes", None), 0, max_file)
    encrypted = isinstance(protection, dict) and protection.get("cipher") != PLAIN
    if encrypted:
        kdf: dict[str, Any] | None = _kdf(protection)
        body, digest = view[end + 1:], b""
    else:
        if protection != {"cipher": PLAIN, "digest": "sha256"}:
            raise reader.damaged()
        kdf = None
        if len(data) < end + 1 + DIGEST_BYTES:
            raise reader.damaged()
        body, digest = view[end + 1:-DIGEST_BYTES], bytes(view[-DIGEST_BYTES:])
        if check_digest and hashlib.sha256(view[:-DIGEST_BYTES]).digest() != digest:
            raise reader.damaged()
    if len(body) != body_bytes:
        raise reader.damaged()
    try:
        header = reader.header_from_dict(head)
    except HandoverDamaged:
        raise reader.damaged() from None  # the header itself is bad: say so plainly
    return _Parsed(FileInfo(header, counts, encrypted, kdf), prefix, body, digest)


def read_header(data: Data, *, max_file: int | None = None) -> FileInfo:
    """Who handed over to whom, when and for which period, without the passphrase."""
    return _parse(data, max_file or MAX_FILE_BYTES).info


def open_file(data: Data, passphrase: str | None = None, *, max_file: int | None = None,
              max_unpacked: int | None = None) -> p.Handover:
    """The whole handover, checked end to end; every refusal is an InvalidInput saying why
    (not a handover, damaged, wrong passphrase, passphrase needed, newer, too large)."""
    parsed = _parse(data, max_file or MAX_FILE_BYTES)
    body: bytes | memoryview = parsed.body
    kdf = parsed.info.kdf
    if kdf is not None:
        if not passphrase:
            raise PassphraseNeeded(_(
                "This handover file is protected by a passphrase; give it to open the file."))
        key = _key(passphrase, kdf["salt"], kdf["n"], kdf["r"], kdf["p"])
        try:
            body = AESGCM(key).decrypt(kdf["nonce"], body, parsed.prefix)
        except InvalidTag:
            raise WrongPassphrase(_("Wrong passphrase, or the file was altered.")) from None
    with gc_paused():
        value = unpack(body, max_unpacked or MAX_UNPACKED_BYTES)
        try:
            workload = reader.workload_from_dict(value)
        except RecursionError:  # a form's JSON nested as deep as json.loads allows
            raise reader.damaged() from None
    if workload.counts() != parsed.info.counts:
        raise reader.damaged()
    return p.Handover(parsed.info.header, workload)
