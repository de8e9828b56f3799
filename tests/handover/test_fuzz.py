"""Truncated, bit-flipped and spliced variants of real handover files: every one is refused
with InvalidInput (or, were it possible, opens identical) and nothing else is ever raised.
And files a hostile program wrote, digest and all: header fields, dossiers' texts and
document names holding lone surrogates, control characters, paths, huge sizes or counts,
and bodies of millions of tiny elements; each is refused with one line (exit 2) or imported
as valid text with every one-line text on one line, and a refused one leaves the binder as
it was."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sqlite3
import unicodedata
import zlib
from dataclasses import fields, is_dataclass
from datetime import timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.handover import container
from app.services import open_services
from tests.conftest import TODAY
from tests.handover.conftest import NOT_ONE_LINE, PASSPHRASE, one_line_texts
from tests.handover.test_hostile_input import element_bomb
from tests.helpers import binder_digest

# a fast sample in the suite; `make bench` runs thousands
EXAMPLES = int(os.environ.get("RINGBINDER_FUZZ_EXAMPLES", "200"))


@pytest.fixture(scope="module")
def files(tmp_path_factory, _empty_binder_file):
    """Two small real files of the same binder (one encrypted, one not) and what they hold."""
    import shutil

    from app.clock import FixedClock
    from app.services import open_services
    from tests.handover.conftest import Filled, filled

    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copyfile(_empty_binder_file, folder / "b.rbinder")
    with open_services(folder / "b.rbinder", FixedClock(TODAY)) as services:
        made: Filled = filled.__wrapped__(services)
        sealed_path, plain_path = folder / "s.rbh", folder / "p.rbh"
        made.services.handover.export(sealed_path, ids=list(made.ids.values())[:3],
                                      passphrase=PASSPHRASE)
        made.services.handover.export(plain_path, start=TODAY, end=TODAY + timedelta(days=3))
    sealed, plain = sealed_path.read_bytes(), plain_path.read_bytes()
    # the binder the variants are merged into: it took the plain file over already
    taker = folder / "taker.rbinder"
    shutil.copyfile(_empty_binder_file, taker)
    with open_services(taker, FixedClock(TODAY)) as services:
        services.handover.merge(plain_path)
    originals = Originals({sealed: container.open_file(sealed, PASSPHRASE),
                           plain: container.open_file(plain)})
    originals.taker = taker
    return originals


class Originals(dict):
    def __repr__(self) -> str:  # hypothesis prints its arguments; keep that short
        return f"<{len(self)} handover files>"


HOSTILE_TEXT = ["\ud800", "a\udc00b", "\udfff\ud800", "\x00", "a\x00b", "\x1b[2J", "line\nbreak",
                "tab\tand\rreturn", "\u202eexe.pdf", "\u2028", "../../x", "..\\..\\evil.bat",
                "/etc/passwd", "C:\\Windows\\x.dll", "..", ".", "CON", "n" * 255, "ż" * 255,
                "x" * 100_000, "", " "]
HOSTILE_VALUES = [*HOSTILE_TEXT, 2**40, 2**63, -1, 10**30, 0, None, True, [], {}, 1.5,
                  "9999-12-31", "0001-01-01", "1899-12-31T23:59:59.999999Z",
                  "2999-12-31T23:59:59.999999Z"]
HEADER_PLACES = [("from",), ("to",), ("created_at",), ("binder_id",), ("period",),
                 ("period", "from"), ("period", "to"), ("body_bytes",), ("version",),
                 ("counts", "dossiers"), ("counts", "events"), ("counts", "documents")]
BODY_PLACES = [("documents", "filename"), ("documents", "size"), ("documents", "mime"),
               ("documents", "sha256"), ("documents", "added_at"), ("full_name",),
               ("notes",), ("next_contact",), ("next_time",), ("events", "summary"),
               ("company",), ("tags",), ("address",), ("purpose",), ("phones", "label"),
               ("phones", "number"), ("emails", "address"), ("events", "outcome"),
               ("events", "currency")]
# bodies of tiny elements, some 64 KB packed and 63 MiB inflated: 0.4 to 1.5 GB once parsed
BOMB_UNITS = [b"{},", b'"ab",', b"[],", b"1000,"]


def _variants():
    position = st.integers(min_value=0, max_value=10**9)
    truncate = st.tuples(st.just("truncate"), position)
    flip = st.tuples(st.just("flip"), position, st.integers(0, 7))
    splice = st.tuples(st.just("splice"), position, position, st.booleans())
    text = st.one_of(st.sampled_from(HOSTILE_VALUES),
                     st.text(st.characters(codec=None, exclude_categories=()), max_size=300))
    header = st.tuples(st.just("header"), st.sampled_from(HEADER_PLACES), text)
    body = st.tuples(st.just("body"), st.sampled_from(BODY_PLACES), text, position)
    bomb = st.tuples(st.just("bomb"), st.sampled_from(BOMB_UNITS))
    return st.one_of(truncate, flip, splice, header, body, bomb)


@cache
def _bomb(plain: bytes, unit: bytes) -> bytes:
    return element_bomb(plain, unit)


def _resealed(plain: bytes, variant: tuple) -> bytes:
    """The plain file as a hostile program would write it: one header field, or one field
    of a dossier (or of its first document), set to the variant's value; the body packed
    and the digest computed again, so that the change reaches the strict reader."""
    end = plain.index(b"\n", len(container.MAGIC))
    head = json.loads(plain[len(container.MAGIC):end])
    packed = plain[end + 1:-container.DIGEST_BYTES]
    kind, place, value = variant[:3]
    if kind == "header":
        target = head
        for key in place[:-1]:
            target = target.setdefault(key, {}) if isinstance(target.get(key), dict) else target
        target[place[-1]] = value
    else:
        workload = json.loads(zlib.decompress(packed))
        dossiers = [d for d in workload["dossiers"] if len(place) == 1 or d[place[0]]]
        assert dossiers, "the fuzzed file holds dossiers with documents and events"
        dossier = dossiers[variant[3] % len(dossiers)]
        (dossier[place[0]][0] if len(place) == 2 else dossier)[place[-1]] = value
        packed = zlib.compress(json.dumps(workload).encode("ascii"))
        head["body_bytes"] = len(packed)
    prefix = container.MAGIC + json.dumps(head).encode("ascii") + b"\n"
    return prefix + packed + hashlib.sha256(prefix + packed).digest()


def _one_line(text: str) -> bool:
    """Text that can be stored and printed on one line: no lone surrogate, no control
    character, no line or paragraph separator, no bidirectional override."""
    return not any(unicodedata.category(c) in ("Cs", "Cc", "Zl", "Zp") for c in text) \
        and not set(text) & NOT_ONE_LINE


def _one_line_texts(record: Any, where: str = "") -> list[tuple[str, str]]:
    """(place, text) for every one-line text of a record read from a file, nested records
    and forms' fields included: every text but those marked as lines (notes, address…) or
    as given (a document's name, made a safe name when stored)."""
    found = []
    for f in fields(record):
        value, place = getattr(record, f.name), f"{where}.{f.name}"
        if isinstance(value, str) and not f.metadata.get("lines") \
                and not f.metadata.get("as_given"):  # a document's name: made safe later
            found.append((place, value))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if is_dataclass(item):
                    found += _one_line_texts(item, f"{place}[{i}]")
                elif isinstance(item, dict):  # a form's field
                    found += [(f"{place}[{i}].{k}", v) for k, v in item.items()
                              if isinstance(v, str)]
    return found


def _broken(files: Originals, which: bool, variant: tuple) -> bytes:
    sealed, plain = files
    data = sealed if which else plain
    other = plain if which else sealed
    kind = variant[0]
    if kind in ("header", "body"):
        return _resealed(plain, variant)
    if kind == "bomb":
        return _bomb(plain, variant[1])
    if kind == "truncate":
        broken = data[:variant[1] % len(data)]
    elif kind == "flip":
        at = variant[1] % len(data)
        broken = data[:at] + bytes([data[at] ^ (1 << variant[2])]) + data[at + 1:]
    else:  # the start of one file with the end of another (or of itself, shifted)
        source = other if variant[3] else data
        cut, resume = variant[1] % len(data), variant[2] % len(source)
        broken = data[:cut] + source[resume:]
    return broken


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.booleans(), variant=_variants())
def test_every_variant_is_refused_or_identical(files, which, variant):
    broken = _broken(files, which, variant)
    try:
        opened = container.open_file(broken, PASSPHRASE)
    except InvalidInput as exc:
        assert str(exc) and "\n" not in str(exc)
        str(exc).encode("utf-8")  # printable: no lone surrogate quoted from the file
        return
    assert variant[0] != "bomb"
    if variant[0] in ("header", "body"):  # taken: as valid text, the names on one line
        header = opened.header
        assert _one_line(header.from_name) and _one_line(header.to_name), header
        bad = [(place, text) for place, text in _one_line_texts(opened.workload)
               if not _one_line(text)]
        assert not bad, bad
        return
    # what opened must be one of the originals, whole (a splice can rebuild one exactly)
    assert broken in files and opened == files[broken]


@settings(max_examples=max(EXAMPLES // 4, 20), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(which=st.booleans(), variant=_variants())
def test_merging_a_variant_leaves_the_binder_as_it_was(files, tmp_path_factory, which, variant):
    """Through the CLI, into a real binder: refused with exit 2 and one line, and not one
    byte of it changed; or, for a variant that is an original whole, merged again with
    nothing new; or, for a hostile header or body that is valid, imported with every
    document kept under a plain base name."""
    from tests.cli.test_cli import run_cli

    broken = _broken(files, which, variant)
    folder = tmp_path_factory.mktemp("variant")
    path, secret = folder / "v.rbh", folder / "secret.txt"
    path.write_bytes(broken)
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    before = binder_digest(files.taker)
    run = run_cli(files.taker, "handover", "import", str(path), "--passphrase-file",
                  str(secret))
    if run.code == 0:
        assert broken in files or variant[0] in ("header", "body"), run.out
        conn = sqlite3.connect(f"file:{files.taker}?mode=ro", uri=True)
        try:
            names = [n for (n,) in conn.execute("SELECT filename FROM attachments")]
            ids = [u for (u,) in conn.execute("SELECT uuid FROM dossiers")]
        finally:
            conn.close()
        for name in names:
            assert name and name not in (".", "..") and len(name.encode()) <= 255, name
            assert not set(name) & set("/\\:") and _one_line(name), repr(name)
        with open_services(files.taker, readonly=True) as services:
            for dossier_id in ids:
                bad = [(place, text) for place, text
                       in one_line_texts(services.dossiers.get(dossier_id))
                       if not _one_line(text)]
                assert not bad, (dossier_id, bad)
        return
    assert run.code == 2, run.err
    assert run.err.startswith("ringbinder") and run.err.count("\n") == 1, run.err
    assert binder_digest(files.taker) == before


def test_the_fuzz_stayed_within_300_mb():
    """`make bench` (RINGBINDER_FUZZ_EXAMPLES set): the peak memory of this process over
    every variant above, zip bombs and huge declared sizes included. Last in this file."""
    if "RINGBINDER_FUZZ_EXAMPLES" not in os.environ:
        pytest.skip("measured by make bench")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    assert peak < 300 * 10**6, f"peak {peak / 10**6:.0f} MB"
