"""vCard bytes as unfolded property lines: the encoding of the whole file found (UTF-16 and
UTF-32 with or without a BOM re-encoded as UTF-8), line breaks and folds undone as bytes (a
fold may split a UTF-8 character), quoted-printable soft breaks joined, base64 data and
comments dropped. The work is bounded (MAX_LINES, MAX_HEADER) for hostile files."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.errors import InvalidInput
from app.i18n import _

MAX_LINES = 2_000_000  # unfolded lines: bounds the work on a file of tiny lines
MAX_HEADER = 16_384  # a property's name and parameters, up to the colon

_PROP_START = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+[ \t]*[;:]")
_FOLD = re.compile(rb"\n[ \t]")  # a line break and the whitespace that make a fold
_BLOCK = 1 << 20  # bytes split into lines at a time
_QP_HEADER = re.compile(rb"QUOTED-PRINTABLE", re.I)
_QUOTED = re.compile(rb'"[^"]*"')
_B64_HEADER = re.compile(rb";[ \t]*(?:ENCODING[ \t]*=[ \t]*(?:B|BASE64)|BASE64)[ \t]*(?=[;:]|$)",
                         re.I)


def to_bytes(data: bytes) -> tuple[bytes, str, bool]:
    """The file as bytes whose structure is ASCII: a UTF-16 or UTF-32 file (with or without
    a BOM) is re-encoded as UTF-8, since its lines cannot be split as bytes."""
    for bom, codec in ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                       (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")):
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, "replace")
            return text.encode("utf-8", "replace"), codec, True
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig", True
    head = data[:4096]
    half = len(head) // 2
    if half >= 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        codec = ""
        if even > half * 0.3 and odd < half * 0.05:
            codec = "utf-16-be"
        elif odd > half * 0.3 and even < half * 0.05:
            codec = "utf-16-le"
        if codec:
            text = data[: len(data) // 2 * 2].decode(codec, "replace")
            return text.encode("utf-8", "replace"), codec, True
    return data, "utf-8", False


def logical_lines(data: bytes) -> Iterator[bytes]:
    """The property lines, unfolded as bytes (a fold may split a UTF-8 character): a line
    beginning with a space or TAB continues the previous one (exactly one whitespace
    removed), a quoted-printable line ending in `=` continues on the next whatever it
    begins with, unindented base64 (2.1) and comment lines are dropped. Line breaks and
    folds are undone in C (bytes.replace, re.sub, bytes.split); Python sees each unfolded
    line once, and each distinct header once."""
    # a line break: CR CR LF (iOS 6), CR LF, a lone CR (classic Mac) or LF
    data = data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\n " in data or b"\n\t" in data:
        data = _FOLD.sub(b"", data)
    qp_parts: list[bytes] | None = None
    b64 = False
    kinds: dict[bytes, tuple[bool, bool, bool]] = {}  # header -> _kind
    for count, chunk in enumerate(_split_lines(data), 1):
        if count > MAX_LINES:
            raise InvalidInput(_("The file has more than {count} lines; it is not read as "
                                 "vCard.").format(count=MAX_LINES))
        if qp_parts is not None:  # after a quoted-printable soft break
            stripped = chunk.rstrip(b" \t")
            if stripped.endswith(b"="):
                qp_parts.append(stripped[:-1])
                continue
            qp_parts.append(chunk)
            yield b"".join(qp_parts)
            qp_parts = None
            continue
        colon = _header_end(chunk)
        header = chunk[:colon] if colon >= 0 else chunk[:MAX_HEADER]
        kind = kinds.get(header) if colon >= 0 else None
        if kind is None:
            kind = _kind(chunk, header)
            if colon >= 0 and len(header) <= 512 and len(kinds) < 4096:
                kinds[header] = kind  # a property starting the line ends at its colon
        if kind[0]:
            b64 = kind[1]
            if b64:
                yield chunk[: colon + 1]  # a photo or key: its data is never read
            elif kind[2] and chunk.rstrip(b" \t").endswith(b"="):
                qp_parts = [chunk.rstrip(b" \t")[:-1]]
            else:
                yield chunk
        elif not (b64 and chunk.strip()):
            b64 = False  # a blank line ends a 2.1 photo; a comment line is dropped
    if qp_parts is not None:
        yield b"".join(qp_parts)


def _header_end(chunk: bytes) -> int:
    """Where the name and parameters end: the first colon outside double quotes (a quoted
    parameter value may hold one), or -1."""
    colon = chunk.find(b":", 0, MAX_HEADER)
    if colon < 0 or b'"' not in chunk[:colon]:
        return colon
    quoted = False
    for index, byte in enumerate(chunk[:MAX_HEADER]):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return index
    return -1


def _kind(chunk: bytes, header: bytes) -> tuple[bool, bool, bool]:
    """Whether the line starts a property, and whether its header (up to the first colon)
    says base64 and quoted-printable."""
    if not _PROP_START.match(chunk):
        return False, False, False
    if b";" not in header:
        return True, False, False
    if b'"' in header:  # a quoted parameter value says nothing of the encoding
        header = _QUOTED.sub(b'""', header)
    return True, bool(_B64_HEADER.search(header)), bool(_QP_HEADER.search(header))


def _split_lines(data: bytes) -> Iterator[bytes]:
    """data.split(b"\\n") a block of about a megabyte at a time, so that a file of tiny
    lines never becomes one list of millions."""
    start = 0
    while True:
        cut = data.find(b"\n", start + _BLOCK)
        if cut < 0:
            yield from data[start:].split(b"\n")
            return
        yield from data[start:cut].split(b"\n")
        start = cut + 1
