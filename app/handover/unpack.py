"""Unpacking a handover body within bounds: a file from outside may be a zip bomb, or hold
millions of tiny elements that json.loads would make gigabytes of objects of, so the body is
refused as soon as it passes a bound set by its packed size, before the memory is spent."""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

from app.errors import HandoverTooLarge
from app.handover.reader import damaged
from app.i18n import _
from app.safe_text import valid_text

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


def too_large_parsed() -> HandoverTooLarge:
    """Within the unpacked bound but holding too many tiny elements (see ELEMENT_COST)."""
    return HandoverTooLarge(_(
        "The handover file holds too many elements for its size; it is refused."))


def too_large_unpacked(limit: int) -> HandoverTooLarge:
    """More than unpack_limit once inflated: a zip bomb."""
    return HandoverTooLarge(_(
        "The handover file unpacks to more than {size} MB; it is refused.").format(
            size=max(1, limit // 2**20)))


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
    fed = 0
    tail: bytes | memoryview = b""
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
        raise damaged() from None
    if not inflater.eof or inflater.unused_data or tail or fed < len(body):
        raise damaged()
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


def unpack(body: bytes | memoryview, max_unpacked: int) -> Any:
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
        return valid_text(value) if escaped else value
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise damaged() from None
