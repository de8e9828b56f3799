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
import re
import unicodedata
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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
from app.i18n import _

MAGIC = b"RINGBINDER-HANDOVER\n"
MAX_HEADER_BYTES = 64 * 1024
MAX_FILE_BYTES = 2**30  # read at most this much, also from a device or a pipe
MAX_UNPACKED_BYTES = 512 * 2**20  # inflated, whatever the file's size
# and inflated at most UNPACK_RATIO times the packed body (or UNPACK_FLOOR for small
# files): the writer packs documents' base64 by Huffman coding alone (at most 8:1), and
# the JSON of real dossiers packs about 6:1 (see tests/bench/handover.py), so only a
# crafted file (a "zip bomb") comes near
UNPACK_RATIO, UNPACK_FLOOR = 50, 64 * 2**20
READ_CHUNK = 1 << 20  # bytes read, and inflated, at a time
# json.loads makes a Python object of some 100 bytes (with its pointer) per element, so
# 64 MiB of "{},{},…" would take 1.5 GB: the elements are counted first (commas and
# opening brackets, in C) and a body whose estimate passes its budget is refused unparsed.
# The budget: PARSED_RATIO times the packed body (PARSED_FLOOR for a small file), at most
# PARSED_MAX. tests/bench/handover.py's 10,000 dossiers and 100,000 events estimate
# 220 MiB from 7.9 MB packed (28:1; json.loads takes 105 MiB), 261 MiB with 200 documents
# (40 MB packed): real files stay some 6 times below (6.9, 5.9); a bomb of 64 KB gets
# 128 MiB.
ELEMENT_COST = 100
PARSED_RATIO, PARSED_FLOOR, PARSED_MAX = 200, 128 * 2**20, 3 * 2**29  # 1.5 GiB at most
DIGEST_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1  # ~0.4 s and 128 MiB to try one passphrase
SCRYPT_MAX_MEMORY = 160 * 2**20  # a header asking for more is refused, not obeyed
MIN_PASSPHRASE = 8  # characters, for a new file (an older file opens with a shorter one)
SALT_BYTES, NONCE_BYTES = 16, 12
ZLIB_LEVEL = 6
COMPRESS_CHUNK = 1 << 20  # bytes deflated as one piece, at most
DATA_KEY, MIN_BASE64_RUN = b'"data":"', 16 * 1024  # a document's bytes in the JSON
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


def _damaged() -> HandoverDamaged:
    return HandoverDamaged(_(
        "The handover file is damaged or was altered (for example cut short in copying); "
        "it cannot be opened. Ask for the file again."))


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


def too_large_parsed() -> HandoverTooLarge:
    """Within the unpacked bound but holding too many tiny elements (see ELEMENT_COST)."""
    return HandoverTooLarge(_(
        "The handover file holds too many elements for its size; it is refused."))


def too_large_unpacked(limit: int) -> HandoverTooLarge:
    """More than unpack_limit once inflated: a zip bomb."""
    return HandoverTooLarge(_(
        "The handover file unpacks to more than {size} MB; it is refused.").format(
            size=max(1, limit // 2**20)))


def _key(passphrase: str, salt: bytes, n: int, r: int, par: int) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
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

def _pieces(data: bytes) -> Iterator[tuple[bytes, bool]]:
    """`data` cut into pieces to deflate apart, each with whether it is a document's base64
    text (`"data":"…"`, long): such text has no repeats worth finding, and Huffman coding
    alone packs it as small several times faster. Where the cuts fall only changes the
    speed and the size, never what inflates."""
    def cut(start: int, end: int, base64_text: bool) -> Iterator[tuple[bytes, bool]]:
        for at in range(start, end, COMPRESS_CHUNK):
            yield data[at:min(end, at + COMPRESS_CHUNK)], base64_text

    done = pos = 0
    while (found := data.find(DATA_KEY, pos)) >= 0:
        start = found + len(DATA_KEY)
        end = data.find(b'"', start)
        if end < 0:
            break
        if end - start >= MIN_BASE64_RUN:
            yield from cut(done, start, False)
            yield from cut(start, end, True)
            done = end
        pos = end
    yield from cut(done, len(data), False)


def _deflate(piece: bytes, base64_text: bool) -> bytes:
    """A raw deflate piece, ending on a byte boundary (not the last block)."""
    deflater = zlib.compressobj(
        ZLIB_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, 8,
        zlib.Z_HUFFMAN_ONLY if base64_text else zlib.Z_DEFAULT_STRATEGY)
    return deflater.compress(piece) + deflater.flush(zlib.Z_SYNC_FLUSH)


class _Deflater:
    """One zlib stream made from the pieces fed to it, deflated on the other cores while
    the next piece is being made (zlib lets other threads run), each ending on a byte
    boundary so that they join into one stream, as pigz does. A body of up to
    COMPRESS_CHUNK is deflated in one go, as zlib.compress does it."""

    def __init__(self) -> None:
        self._small: list[bytes] = []
        self._size = 0
        self._adler = zlib.adler32(b"")
        self._pool: ThreadPoolExecutor | None = None
        self._parts: list[Future[bytes]] = []

    def feed(self, data: bytes) -> None:
        self._adler = zlib.adler32(data, self._adler)
        if self._pool is None:
            self._small.append(data)
            self._size += len(data)
            if self._size <= COMPRESS_CHUNK:
                return
            self._pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))
            data, self._small = b"".join(self._small), []
        for piece, base64_text in _pieces(data):
            self._parts.append(self._pool.submit(_deflate, piece, base64_text))

    def finish(self) -> bytes:
        if self._pool is None:
            return zlib.compress(b"".join(self._small), ZLIB_LEVEL)
        try:
            deflated = [part.result() for part in self._parts]
        finally:
            self.close()
        end = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
        header = b"\x78\x9c"  # deflate, 32 KiB window, default level: as zlib.compress
        return header + b"".join(deflated) + end + self._adler.to_bytes(4, "big")

    def close(self) -> None:
        """Stop the threads (what is left undone is dropped); finish() does it too."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _compress(data: bytes) -> bytes:
    """`data` as one zlib stream (see _Deflater)."""
    deflater = _Deflater()
    try:
        deflater.feed(data)
        return deflater.finish()
    finally:
        deflater.close()


def pack(handover: p.Handover, passphrase: str | None = None, *,
         scrypt_n: int = SCRYPT_N) -> bytes:
    """The whole file. With a passphrase the body is encrypted; a passphrase too short to
    protect it is refused (check_new_passphrase)."""
    check_new_passphrase(passphrase)
    deflater = _Deflater()
    unpacked = 0
    try:
        with gc_paused():
            for text in p.workload_json(handover.workload):
                data = text.encode("utf-8")
                unpacked += len(data)
                deflater.feed(data)
        body = deflater.finish()
    finally:
        deflater.close()
    if unpacked > unpack_limit(len(body)):  # the colleague's Ringbinder would refuse it
        raise HandoverTooLarge(_(
            "The handover would unpack to more than {size} MB, more than Ringbinder opens; "
            "hand over fewer dossiers.").format(size=unpack_limit(len(body)) // 2**20))
    head: dict[str, Any] = p.header_to_dict(handover.header)
    head["counts"] = handover.workload.counts()
    key = nonce = None
    if passphrase is None:
        head["protection"] = {"cipher": PLAIN, "digest": "sha256"}
        head["body_bytes"] = len(body)
    else:
        salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
        key = _key(passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P)
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
        return prefix + body + hashlib.sha256(prefix + body).digest()
    assert nonce is not None
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
        raise _damaged()
    try:
        value = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise _damaged() from None
    if len(value) != size:
        raise _damaged()
    return value


def _int(raw: Any, low: int, high: int) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
        raise _damaged()
    return raw


def _kdf(raw: Any) -> dict[str, Any]:
    """The scrypt parameters, bounded so that an altered header cannot make us spend
    gigabytes or minutes before the tag check refuses it."""
    if not isinstance(raw, dict) or set(raw) != {"cipher", "kdf", "n", "r", "p", "salt",
                                                 "nonce"}:
        raise _damaged()
    if raw["cipher"] != CIPHER or raw["kdf"] != KDF:
        raise _damaged()
    n, r, par = _int(raw["n"], 2, 2**20), _int(raw["r"], 1, 32), _int(raw["p"], 1, 4)
    if n & (n - 1) or 128 * n * r * par > SCRYPT_MAX_MEMORY:
        raise _damaged()
    return {"n": n, "r": r, "p": par, "salt": _b64(raw["salt"], SALT_BYTES),
            "nonce": _b64(raw["nonce"], NONCE_BYTES)}


def _counts(raw: Any) -> dict[str, int]:
    keys = {"dossiers", "events", "documents", "forms", "templates"}
    if not isinstance(raw, dict) or set(raw) != keys:
        raise _damaged()
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
            raise _damaged()
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
        raise _damaged()
    prefix = bytes(data[:end + 1])
    view = memoryview(data)
    try:
        head = reader.valid_text(json.loads(prefix[len(MAGIC):].decode("ascii")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged() from None
    if not isinstance(head, dict):
        raise _damaged()
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
            raise _damaged()
        kdf = None
        if len(data) < end + 1 + DIGEST_BYTES:
            raise _damaged()
        body, digest = view[end + 1:-DIGEST_BYTES], bytes(view[-DIGEST_BYTES:])
        if check_digest and hashlib.sha256(view[:-DIGEST_BYTES]).digest() != digest:
            raise _damaged()
    if len(body) != body_bytes:
        raise _damaged()
    try:
        header = reader.header_from_dict(head)
    except HandoverDamaged:
        raise _damaged() from None  # the header itself is bad: say so plainly
    return _Parsed(FileInfo(header, counts, encrypted, kdf), prefix, body, digest)


def read_header(data: Data, *, max_file: int | None = None) -> FileInfo:
    """Who handed over to whom, when and for which period, without the passphrase."""
    return _parse(data, max_file or MAX_FILE_BYTES).info


def unpack_limit(packed: int, max_unpacked: int = MAX_UNPACKED_BYTES) -> int:
    """How many bytes a body of `packed` bytes may inflate to: at most `max_unpacked`, and
    at most UNPACK_RATIO times its size (UNPACK_FLOOR for a small file); no real file
    comes near, a zip bomb is refused at the bound."""
    return min(max_unpacked, max(UNPACK_FLOOR, UNPACK_RATIO * packed))


def _inflate(body: bytes | memoryview, limit: int) -> bytearray:
    """The body inflated a chunk at a time, refused as soon as it passes `limit`: a zip
    bomb never takes more memory than that."""
    inflater = zlib.decompressobj()
    out = bytearray()
    fed, tail = 0, b""
    try:
        while not inflater.eof:
            if not tail and fed < len(body):
                tail = body[fed:fed + READ_CHUNK]
                fed += len(tail)
            more = inflater.decompress(tail, READ_CHUNK)
            tail = inflater.unconsumed_tail
            if len(out) + len(more) > limit:
                raise too_large_unpacked(limit)
            out += more
            if not more and not tail and fed >= len(body):
                break  # cut short: no more input, and zlib holds nothing more
    except zlib.error:
        raise _damaged() from None
    if not inflater.eof or inflater.unused_data or tail or fed < len(body):
        raise _damaged()
    return out


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")  # \ud800 to \udfff in JSON text


def parsed_limit(packed: int) -> int:
    """The most a body of `packed` bytes may estimate once parsed (see ELEMENT_COST)."""
    return min(PARSED_MAX, max(PARSED_FLOOR, PARSED_RATIO * packed))


def parsed_estimate(text: bytes | bytearray) -> int:
    """About how many bytes json.loads takes for `text`, counted in C (some 60 ms for the
    45 MB body of 10,000 dossiers): its length, and ELEMENT_COST for each element (a comma
    or an opening bracket starts one; a key and its value share their comma)."""
    return len(text) + ELEMENT_COST * (
        text.count(b",") + text.count(b"{") + text.count(b"["))


def _unpack(body: bytes | memoryview, max_unpacked: int) -> Any:
    """The workload's JSON, inflated within its bound and refused unparsed when it would
    take too much memory as objects; strings are made valid text only when the JSON holds
    a surrogate escape (never in a file Ringbinder wrote)."""
    raw = _inflate(body, unpack_limit(len(body), max_unpacked))
    if parsed_estimate(raw) > parsed_limit(len(body)):
        raise too_large_parsed()
    escaped = _SURROGATE_ESCAPE.search(raw) is not None  # may be a lone surrogate
    try:
        text = raw.decode("utf-8")
        del raw
        value = json.loads(text)
        return reader.valid_text(value) if escaped else value
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged() from None


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
        value = _unpack(body, max_unpacked or MAX_UNPACKED_BYTES)
        try:
            workload = reader.workload_from_dict(value)
        except RecursionError:  # a form's JSON nested as deep as json.loads allows
            raise _damaged() from None
    if workload.counts() != parsed.info.counts:
        raise _damaged()
    return p.Handover(parsed.info.header, workload)
