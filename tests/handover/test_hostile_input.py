"""A handover file, or a passphrase file, comes from outside: a device, an endless pipe, a zip
bomb, text no program can store, dates the calendar cannot compute with. Each is refused with
one line and exit 2 (or, for free text, made valid and taken), and the binder is unchanged."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.errors import HandoverDamaged, HandoverTooLarge, InvalidInput
from app.handover import container, unpack
from app.handover import payload as p
from app.services import open_services
from tests.cli.test_cli import assert_refused, run_cli
from tests.conftest import TODAY
from tests.handover.conftest import (
    CLIENTS,
    FAST_N,
    NOT_ONE_LINE,
    PASSPHRASE,
    Filled,
    one_line_texts,
)
from tests.helpers import binder_digest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parents[2]


@pytest.fixture
def plain(filled: Filled, tmp_path: Path) -> bytes:
    """A real file without a passphrase: the owner's whole planned work."""
    target = tmp_path / "plain.rbh"
    filled.services.handover.export(target)
    return target.read_bytes()


@pytest.fixture
def taker(tmp_path: Path, _empty_binder_file: Path) -> Path:
    """The colleague's binder, closed: the CLI opens it."""
    path = tmp_path / "taker.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    return path


def altered(data: bytes, head: Callable[[dict], None] | None = None,
            body: Callable[[dict], None] | None = None) -> bytes:
    """A plain file changed as a hostile program would write it, with its digest made
    valid again: the header and the workload as JSON (lone surrogates as \\ud800 escapes)."""
    end = data.index(b"\n", len(container.MAGIC))
    header = json.loads(data[len(container.MAGIC):end])
    packed = data[end + 1:-container.DIGEST_BYTES]
    if body is not None:
        workload = json.loads(zlib.decompress(packed))
        body(workload)
        packed = zlib.compress(json.dumps(workload).encode("ascii"))
    if head is not None:
        head(header)
    header["body_bytes"] = len(packed)
    prefix = container.MAGIC + json.dumps(header).encode("ascii") + b"\n"
    return prefix + packed + hashlib.sha256(prefix + packed).digest()


def write(tmp_path: Path, data: bytes, name: str = "h.rbh") -> str:
    (tmp_path / name).write_bytes(data)
    return str(tmp_path / name)


def feed_fifo(path: Path, start: bytes, filler: bytes) -> threading.Thread:
    """A named pipe that gives `start`, then `filler` for ever (until the reader stops)."""
    os.mkfifo(path)

    def writer() -> None:
        try:
            with path.open("wb") as stream:
                stream.write(start)
                while True:
                    stream.write(filler)
        except OSError:  # the reader closed the pipe: what a refusal does
            pass
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return thread


# -- unbounded input -----------------------------------------------------------------------

def test_dev_zero_as_the_handover_file_is_refused_at_once(taker):
    before = binder_digest(taker)
    for action in (["import", "/dev/zero"], ["report", "/dev/zero", "-o", "/dev/null"]):
        assert_refused(run_cli(taker, "handover", *action), "not a Ringbinder handover file")
    assert binder_digest(taker) == before


def test_an_endless_pipe_is_read_no_further_than_the_file_can_be(taker, plain, tmp_path):
    """Through the CLI: a header that never ends is refused after 64 KiB; a real header
    followed by endless bytes after the size it declares."""
    before = binder_digest(taker)
    endless_header = tmp_path / "header.fifo"
    thread = feed_fifo(endless_header, container.MAGIC + b'{"from":"', b"x" * 65536)
    assert_refused(run_cli(taker, "handover", "import", str(endless_header)),
                   "damaged or was altered")
    thread.join()
    endless_body = tmp_path / "body.fifo"
    thread = feed_fifo(endless_body, plain, b"\0" * 65536)
    assert_refused(run_cli(taker, "handover", "import", str(endless_body)),
                   "damaged or was altered")
    thread.join()
    assert binder_digest(taker) == before


def test_a_pipe_whose_header_declares_no_size_is_read_no_further(taker, tmp_path):
    before = binder_digest(taker)
    pipe = tmp_path / "h.fifo"
    thread, written = counted_fifo(pipe, container.MAGIC + b"{}\n")
    with open_services(taker, FixedClock(TODAY)) as services, \
            pytest.raises(HandoverDamaged, match="damaged or was altered"):
        services.handover.merge(pipe)
    thread.join()
    assert written[0] < 4 * unpack.READ_CHUNK, f"{written[0]:,} bytes written"
    assert binder_digest(taker) == before


def counted_fifo(path: Path, start: bytes) -> tuple[threading.Thread, list[int]]:
    """A named pipe that gives `start`, then zeros until the reader closes it; and how many
    bytes it managed to write, as the writer counts them (the pipe holds 64 KiB)."""
    os.mkfifo(path)
    written = [0]

    def writer() -> None:
        fd = os.open(path, os.O_WRONLY)
        try:
            data = memoryview(start + b"\0" * 65536)
            while True:
                done = os.write(fd, data)
                written[0] += done
                data = data[done:] if done < len(data) else memoryview(b"\0" * 65536)
        except BrokenPipeError:  # the reader closed the pipe: what a refusal does
            pass
        finally:
            os.close(fd)
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return thread, written


def test_a_pipe_whose_header_declares_a_huge_body_is_refused_after_the_header(taker, plain,
                                                                             tmp_path):
    """A header declaring 2 GB is refused as soon as it is read: not read on to 1 GiB."""
    end = plain.index(b"\n", len(container.MAGIC))
    head = json.loads(plain[len(container.MAGIC):end])
    head["body_bytes"] = 2 * 10**9
    pipe = tmp_path / "huge.fifo"
    thread, written = counted_fifo(
        pipe, container.MAGIC + json.dumps(head).encode("ascii") + b"\n")
    before = binder_digest(taker)
    assert_refused(run_cli(taker, "handover", "import", str(pipe)), "too large",
                   "at most 1024 MB")
    thread.join()
    assert written[0] < 4 * unpack.READ_CHUNK, f"{written[0]:,} bytes written"
    assert binder_digest(taker) == before


# The child's own high-water mark: /proc's VmHWM starts afresh at exec, while ru_maxrss
# carries over the parent's RSS at fork (a pytest process of 400 MB late in the suite).
PEAK = """
def peak():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status
                    if line.startswith("VmHWM:"))
"""

READ_PEAK = PEAK + """
import sys
from app.errors import HandoverDamaged
from app.handover import container
before = peak()
with open(sys.argv[1], "rb") as stream:
    data = container.read_limited(stream)
try:
    container.read_header(data)
except HandoverDamaged:
    print(peak() - before)
"""


def test_a_large_file_is_read_and_checked_without_copies(plain, tmp_path):
    """A 256 MiB file (its digest wrong) takes about its size in memory to be read and
    refused, not two or three times it (bytes(), body and digest slices)."""
    size = 256 * 2**20
    end = plain.index(b"\n", len(container.MAGIC))
    head = json.loads(plain[len(container.MAGIC):end])
    head["body_bytes"] = size
    path = tmp_path / "large.rbh"
    with path.open("wb") as stream:
        stream.write(container.MAGIC + json.dumps(head).encode("ascii") + b"\n")
        stream.truncate(stream.tell() + size + container.DIGEST_BYTES)  # zeros, sparse
    child = subprocess.run([sys.executable, "-c", READ_PEAK, str(path)], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    grew = int(child.stdout)
    assert grew < 1.4 * size, f"{grew / 2**20:.0f} MiB to read {size / 2**20:.0f} MiB"


def test_a_passphrase_file_is_read_only_on_its_first_line(taker, plain, tmp_path):
    """/dev/zero or a long first line: refused after 1 KiB; a long passphrase on the first
    line, with more lines after it, still works."""
    file = write(tmp_path, plain)
    long_line = tmp_path / "long.txt"
    long_line.write_bytes(b"x" * 5000 + b"\n")
    before = binder_digest(taker)
    for secret in ("/dev/zero", str(long_line)):
        assert_refused(run_cli(taker, "handover", "import", file, "--passphrase-file", secret),
                       "is longer than 1024 bytes")
        out = tmp_path / "out.rbh"
        assert_refused(run_cli(taker, "handover", "export", "-o", str(out),
                               "--passphrase-file", secret), "is longer than 1024 bytes")
        assert not out.exists()
    assert binder_digest(taker) == before
    longest = tmp_path / "longest.txt"
    longest.write_bytes(b"\xef\xbb\xbf" + "ż".encode() * 512 + b"\r\n" + b"y" * 10_000)
    run = run_cli(taker, "handover", "export", "-o", str(tmp_path / "ok.rbh"),
                  "--passphrase-file", str(longest))
    assert run.code == 0, run.err
    assert container.open_file((tmp_path / "ok.rbh").read_bytes(), "ż" * 512)


# -- zip bombs -----------------------------------------------------------------------------

def _bomb(plain: bytes, inflated: int) -> bytes:
    """A digest-valid file of no dossiers whose body inflates to `inflated` bytes of blanks
    (JSON allows them), packed some 1000:1."""
    deflater = zlib.compressobj(9)
    parts = [deflater.compress(b'{"dossiers":[],"templates":[]}')]
    blanks = b" " * 2**20
    parts += [deflater.compress(blanks) for _ in range(inflated // len(blanks))]
    return sealed(plain, b"".join(parts) + deflater.flush())


def element_bomb(plain: bytes, unit: bytes, inflated: int = 63 * 2**20) -> bytes:
    """A digest-valid file of some 64 KB whose body inflates, within the unpacked bounds,
    to `inflated` bytes of tiny JSON elements: `unit` ("{}," or '"ab",') repeated, each a
    Python object of 50 to 70 bytes once parsed (1.5 GB for "{},")."""
    deflater = zlib.compressobj(9)
    block = unit * (2**20 // len(unit))
    parts = [deflater.compress(b'{"dossiers":[')]
    parts += [deflater.compress(block) for _ in range(inflated // len(block))]
    parts.append(deflater.compress(unit.rstrip(b",") + b'],"templates":[]}'))
    return sealed(plain, b"".join(parts) + deflater.flush())


def sealed(plain: bytes, packed: bytes, *, zero_counts: bool = True) -> bytes:
    """`packed` as the body of a digest-valid file with the header of `plain` (its counts
    made 0 when `zero_counts`)."""
    end = plain.index(b"\n", len(container.MAGIC))
    header = json.loads(plain[len(container.MAGIC):end])
    if zero_counts:
        header["counts"] = dict.fromkeys(header["counts"], 0)
    header["body_bytes"] = len(packed)
    prefix = container.MAGIC + json.dumps(header).encode("ascii") + b"\n"
    return prefix + packed + hashlib.sha256(prefix + packed).digest()


def test_a_zip_bomb_is_refused_relative_to_its_packed_size(taker, plain, tmp_path):
    bomb = _bomb(plain, 100 * 2**20)
    assert len(bomb) < 200_000  # 100 MiB from some 100 KB: under the old 3 GiB bound
    before = binder_digest(taker)
    assert_refused(run_cli(taker, "handover", "import", write(tmp_path, bomb)),
                   "unpacks to more than 64 MB")
    assert binder_digest(taker) == before


CLI_PEAK = PEAK + """
import contextlib, io, json, sys
from app.cli import main
err = io.StringIO()
with contextlib.redirect_stderr(err):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "err": err.getvalue(),
                  "peak": peak()}))
"""


@pytest.mark.parametrize("unit", [b"{},", b'"ab",'])
def test_a_body_of_tiny_elements_is_refused_before_it_is_parsed(taker, plain, tmp_path,
                                                                 unit):
    """Through app.cli.main in a child, its peak memory measured: the body is counted,
    not parsed (json.loads took 1.68 GB for "{},")."""
    bomb = element_bomb(plain, unit)
    assert len(bomb) < 100_000
    before = binder_digest(taker)
    child = subprocess.run(
        [sys.executable, "-c", CLI_PEAK, "--binder", str(taker), "--today", TODAY.isoformat(),
         "handover", "import", write(tmp_path, bomb)],
        cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(child.stdout)
    assert result["code"] == 2, result
    assert result["err"].startswith("ringbinder") and result["err"].count("\n") == 1
    assert "too many elements" in result["err"], result["err"]
    assert result["peak"] < 400 * 10**6, f"peak {result['peak'] / 10**6:.0f} MB"
    assert binder_digest(taker) == before


def test_the_parsed_bound_leaves_room_for_real_files(plain):
    """Measured by tests/bench/handover.py's 10,000 dossiers: an estimate of 220 MiB from
    7.9 MB packed, 261 MiB from 40 MB with 200 documents; a small real file is far below
    its floor."""
    mib = 2**20
    assert unpack.parsed_limit(7_932_855) > 6 * 220 * mib  # the 10,000 dossiers
    assert unpack.parsed_limit(40 * mib) == unpack.PARSED_MAX > 5.8 * 261 * mib
    assert unpack.parsed_limit(60_000) == 128 * mib  # a 64 KB bomb gets little
    end = plain.index(b"\n", len(container.MAGIC))
    packed = plain[end + 1:-container.DIGEST_BYTES]
    estimate = unpack.parsed_estimate(zlib.decompress(packed))
    assert estimate * 20 < unpack.parsed_limit(len(packed))


def test_the_unpacked_bound_leaves_room_for_real_files():
    """Measured by tests/bench/handover.py at 10,000 dossiers: 5.9:1 without documents
    (7.9 MB packed), 2.2:1 with 200 documents (40 MB); documents' base64 packs 8:1 at most."""
    mib = 2**20
    assert unpack.unpack_limit(100_000) == 64 * mib  # a small file: the floor
    assert unpack.unpack_limit(7_932_855) == 50 * 7_932_855  # the 10,000 dossiers
    assert unpack.unpack_limit(40 * mib) == 512 * mib  # never more than 512 MiB
    assert unpack.unpack_limit(7_932_855) > 8 * 5.91 * 7_932_855  # 8 times the need


def test_bytes_after_the_stream_or_a_stream_cut_short_are_damage(plain):
    end = plain.index(b"\n", len(container.MAGIC))
    packed = plain[end + 1:-container.DIGEST_BYTES]
    for body in (packed + b"tail", packed[:-10], zlib.compress(b"{}")[:-4]):
        head = json.loads(plain[len(container.MAGIC):end])
        head["body_bytes"] = len(body)
        prefix = container.MAGIC + json.dumps(head).encode("ascii") + b"\n"
        with pytest.raises(HandoverDamaged):
            container.open_file(prefix + body + hashlib.sha256(prefix + body).digest())


# -- text and dates from outside -----------------------------------------------------------

def test_lone_surrogates_and_control_characters_become_valid_text(taker, plain, tmp_path,
                                                                  filled):
    first = filled.ids[CLIENTS[0][0]]

    def names(head: dict) -> None:
        head["from"] = "\ud800Łucja\x07 Kowalczyk\u202e"
        head["to"] = "Ana\r\nRuiz\x1b[2J"

    def notes(workload: dict) -> None:
        for d in workload["dossiers"]:
            if d["uuid"] == first:
                d["notes"] = "Notatki \udc00 koniec"
    data = altered(plain, names, notes)
    assert b"\\ud800" in data
    run = run_cli(taker, "handover", "import", write(tmp_path, data))
    assert run.code == 0, run.err
    with open_services(taker, FixedClock(TODAY)) as services:
        (entry,) = services.handover.log.entries()
        assert (entry.from_name, entry.to_name) == ("\ufffdŁucja Kowalczyk", "Ana Ruiz [2J")
        assert services.dossiers.get(first).notes == "Notatki \ufffd koniec"


HOSTILE = "Evil\ud800\u0000\nName\u202e"


def test_every_one_line_text_of_a_dossier_is_made_one_line(taker, plain, tmp_path, filled):
    """Names, labels, numbers, an event's outcome, a form's labels: controls (ESC, NUL,
    line breaks, C1) and bidirectional overrides become a space; notes, the address and an
    event's summary keep their lines and tabs and lose the other controls."""
    first = filled.ids[CLIENTS[0][0]]

    def hostile(workload: dict) -> None:
        d = next(d for d in workload["dossiers"] if d["uuid"] == first)
        d["full_name"] = HOSTILE
        for key in ("sort_name", "position", "company", "website", "source", "segment",
                    "tags", "purpose", "archive_reason"):
            d[key] = f"{key}\x1b[31m\u0085\u2066x\r\n\t\x9b2J\u2028"
        for item in d["phones"] + d["emails"]:
            item["label"] = "work\x00\x1b]0;pwned\x07"
        d["emails"][0]["address"] = "a@b.pl\n\u202e"
        d["phones"][0]["number"] = "+48 600\x1b[2J 100 200"
        d["notes"] = "Notes\x00 one\r\ntwo\rthree\x1b[2J\tfour\u202e\u2028five"
        d["address"] = "Street 1\n00-001 City\x07"
        event = d["events"][0]
        event["outcome"], event["offer"] = "yes\nno\x1b[2J", "\u202eoffer\x00"
        event["summary"] = "line one\nline two\x00"
        for form in d["forms"]:
            form["title"] = "Raport\n\x1b[2J"
            for form_field in form["fields"]:
                form_field["label"] = form_field["label"] + "\x1b[31m\n"
        for template in workload["templates"]:
            template["name"] += "\x00\n"
            for form_field in template["fields"]:
                form_field["label"] = form_field["label"] + "\x1b[31m\n"

    run = run_cli(taker, "handover", "import", write(tmp_path, altered(plain, body=hostile)))
    assert run.code == 0, run.err
    with open_services(taker, FixedClock(TODAY)) as services:
        detail = services.dossiers.get(first)
        assert detail.name == "Evil\ufffd Name"
        assert detail.company == "company [31m x 2J"
        assert detail.notes == "Notes one\ntwo\nthree[2J\tfour\nfive"
        assert detail.address == "Street 1\n00-001 City"
        assert any(e.summary == "line one\nline two" for e in detail.events)
        bad = [(place, text) for place, text in one_line_texts(detail)
               if set(text) & NOT_ONE_LINE]
        assert not bad, bad
        templates = services.forms.templates()
        assert all(not set(t.name) & NOT_ONE_LINE for t in templates)
    shown = run_cli(taker, "show", first)
    assert shown.code == 0 and "Evil\ufffd Name" in shown.out and "\x1b" not in shown.out
    found = run_cli(taker, "search", "Evil")
    assert "\x1b" not in found.out and "\x00" not in found.out


def test_a_form_nested_as_deep_as_json_allows_is_refused_as_damaged(plain):
    """Its text is made plain value by value, which must not end in a RecursionError."""
    end = plain.index(b"\n", len(container.MAGIC))
    workload = json.loads(zlib.decompress(plain[end + 1:-container.DIGEST_BYTES]))
    workload["templates"][0]["fields"] = "NESTED"
    text = json.dumps(workload).replace('"NESTED"', "[" * 950 + "]" * 950)
    packed = zlib.compress(text.encode("ascii"))
    with pytest.raises(HandoverDamaged):
        container.open_file(sealed(plain, packed, zero_counts=False))


def test_a_lone_surrogate_in_an_id_is_refused_naming_the_place(taker, plain, tmp_path):
    def bad_id(workload: dict) -> None:
        workload["dossiers"][0]["uuid"] = "\ud800" + workload["dossiers"][0]["uuid"][1:]
    before = binder_digest(taker)
    assert_refused(run_cli(taker, "handover", "import", write(tmp_path, altered(
        plain, body=bad_id))), "dossiers[0].uuid is not well formed")
    assert binder_digest(taker) == before


@pytest.mark.parametrize("change, message", [
    (lambda w: w["dossiers"][0].update(next_contact="9999-12-31"),
     "dossiers[0].next_contact is outside the years 1900 to 2999"),
    (lambda w: w["dossiers"][0].update(next_contact="1899-12-31"),
     "next_contact is outside the years 1900 to 2999"),
    (lambda w: next(d for d in w["dossiers"] if d["events"])["events"][0].update(
        at="0001-01-01T00:00:00.000000Z"), "].events[0].at is outside the years 1900 to 2999"),
    (lambda w: w["dossiers"][0].update(updated_at="3000-01-01T00:00:00.000000Z"),
     "updated_at is outside the years"),
])
def test_dates_outside_the_calendar_are_refused(taker, plain, tmp_path, change, message):
    before = binder_digest(taker)
    assert_refused(run_cli(taker, "handover", "import", write(tmp_path, altered(
        plain, body=change))), message)
    assert binder_digest(taker) == before


def test_header_dates_outside_the_calendar_are_refused_and_the_ends_are_taken(plain):
    for change in (lambda h: h.update(created_at="9999-12-31T23:59:59.000000Z"),
                   lambda h: h.update(period={"from": "2026-11-24", "to": "3000-01-01"})):
        with pytest.raises(HandoverDamaged, match="damaged or was altered"):
            container.open_file(altered(plain, change))
    ends = altered(plain, lambda h: h.update(period={"from": "1900-01-01", "to": "2999-12-31"}))
    assert container.read_header(ends).header.period.end.year == 2999


# -- secrets -------------------------------------------------------------------------------

def test_new_files_use_scrypt_2_17_and_the_passphrase_is_kept_nowhere(taker, tmp_path,
                                                                     filled):
    secret = tmp_path / "secret.txt"
    secret.write_text("Żółta łódź 2026\n", encoding="utf-8")
    owner = filled.services.path
    filled.services.close()
    out = tmp_path / "h.rbh"
    run = run_cli(owner, "handover", "export", "-o", str(out), "--passphrase-file", str(secret))
    assert run.code == 0, run.err
    info = container.read_header(out.read_bytes())
    assert (info.kdf["n"], info.kdf["r"], info.kdf["p"]) == (2**17, 8, 1)
    run = run_cli(taker, "handover", "import", str(out), "--passphrase-file", str(secret))
    assert run.code == 0, run.err
    needle = "Żółta łódź 2026".encode()
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != secret]
    assert out in written and taker in written and owner in written
    for path in written:  # the file, both binders, their backups and journals
        assert needle not in path.read_bytes(), path


def test_a_file_of_the_old_parameters_and_a_short_passphrase_still_opens(taker, tmp_path):
    """data/old-n15-kot.rbh was written by Ringbinder before N=2^17 and the 8-character
    rule: N=2^15 and the passphrase "kot"."""
    old = DATA / "old-n15-kot.rbh"
    assert container.read_header(old.read_bytes()).kdf["n"] == 2**15
    secret = tmp_path / "kot.txt"
    secret.write_text("kot\n", encoding="utf-8")
    run = run_cli(taker, "handover", "import", str(old), "--passphrase-file", str(secret))
    assert run.code == 0, run.err
    assert "4 new dossiers" in run.out


def test_a_short_passphrase_is_refused_for_a_new_file(filled, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("kot1234\n", encoding="utf-8")  # 7 characters
    services = filled.services
    with pytest.raises(InvalidInput, match="at least 8 characters"):
        services.handover.export(tmp_path / "s.rbh", passphrase="kot1234")
    services.handover.scrypt_n = FAST_N
    services.handover.export(tmp_path / "ok.rbh", passphrase="kot12345")
    assert container.open_file((tmp_path / "ok.rbh").read_bytes(), "kot12345")
    owner = services.path
    services.close()
    for action in ("export", "return"):
        out = tmp_path / f"{action}.rbh"
        assert_refused(run_cli(owner, "handover", action, "-o", str(out),
                               "--passphrase-file", str(short)), "at least 8 characters")
        assert not out.exists()
    assert not (tmp_path / "s.rbh").exists()


def test_export_refuses_a_file_the_colleague_could_not_open(filled, tmp_path):
    """The bound on unpacking is checked when writing too: 70 dossiers of 1 MB of the same
    letter pack 1000:1, past the 64 MiB a file so small may unpack to."""
    handover = filled.services.handover.workload()

    def bloated(count: int) -> p.Handover:
        dossiers = [dataclasses.replace(
            handover.workload.dossiers[0], uuid=str(uuid.uuid4()), notes="x" * 1_000_000,
            phones=[], emails=[], events=[], documents=[], forms=[]) for _ in range(count)]
        return dataclasses.replace(handover, workload=dataclasses.replace(
            handover.workload, dossiers=dossiers))
    with pytest.raises(HandoverTooLarge, match="more than 64 MB"):
        container.pack(bloated(70))
    assert len(container.open_file(container.pack(bloated(60))).workload.dossiers) == 60


def test_a_header_may_ask_for_the_new_scrypt_cost_but_not_for_more(filled, tmp_path):
    """N=2^17, r=8 (128 MiB) is what new files use; a header asking for 256 MiB is refused
    before any of it is spent, as damage."""
    target = tmp_path / "s.rbh"
    filled.services.handover.export(target, passphrase=PASSPHRASE)
    sealed = target.read_bytes()
    fast = f'"n":{FAST_N},'.encode()
    assert fast in sealed and b'"r":8,' in sealed
    ours = sealed.replace(fast, b'"n":131072,', 1)
    assert container.read_header(ours).kdf["n"] == 2**17
    for greedy in (sealed.replace(fast, b'"n":262144,', 1),  # 256 MiB
                   ours.replace(b'"r":8,', b'"r":16,', 1)):  # 256 MiB another way
        with pytest.raises(HandoverDamaged, match="damaged or was altered"):
            container.open_file(greedy, PASSPHRASE)
