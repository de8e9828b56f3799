"""The export writes the body straight from the binder's rows (app/handover/rows_json.py): it
must be, character for character, the JSON the records' writer makes of the same dossiers,
and the bases it records must be merge.field_values of them."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import fields

import pytest

from app.handover import container, rows_json
from app.handover import merge as m
from app.handover import payload as p
from app.services.demo import generate_demo
from app.store import handover_reads as reads
from tests.handover.conftest import FAST_N


def _body(path) -> str:
    data = path.read_bytes()
    end = data.index(b"\n", len(container.MAGIC))
    return zlib.decompress(data[end + 1:-container.DIGEST_BYTES]).decode("utf-8")


def _bases(binder) -> dict[str, object]:
    conn = sqlite3.connect(binder)
    try:
        return {u: json.loads(b) for u, b in conn.execute(
            "SELECT dossier_uuid, base FROM handover_bases ORDER BY pk")}
    finally:
        conn.close()


@pytest.mark.parametrize("columns, cls", [
    (reads.DOSSIER, p.Dossier), (reads.PHONE, p.Phone), (reads.EMAIL, p.Email),
    (reads.EVENT, p.Event), (reads.DOCUMENT, p.Document), (reads.FORM, p.Form),
    (reads.TEMPLATE, p.Template)])
def test_the_stored_columns_are_the_records_fields(columns, cls):
    lists = {"phones", "emails", "events", "documents", "forms"}
    assert columns == tuple(f.name for f in fields(cls) if f.name not in lists)


def _check(services, tmp_path, **chosen):
    expected = services.handover.workload(**chosen)
    target = tmp_path / "h.rbh"
    summary = services.handover.export(target, **chosen)
    assert _body(target) == "".join(p.workload_json(expected.workload))
    assert summary.counts == expected.workload.counts()
    assert _bases(services.db.path) == {
        d.uuid: json.loads(json.dumps(m.field_values(d))) for d in expected.workload.dossiers}


def test_the_filled_binder_is_written_as_its_records_are(filled, tmp_path):
    _check(filled.services, tmp_path, ids=list(filled.ids.values()), to_person="Iñaki")


def test_a_demo_binder_is_written_as_its_records_are(services, tmp_path):
    generate_demo(services, 150, seed=5)
    services.handover.scrypt_n = FAST_N
    _check(services, tmp_path)


def test_a_timestamp_not_in_the_stored_form_is_written_in_it():
    assert rows_json.stamp("2026-11-24T09:30:00.000000Z") == '"2026-11-24T09:30:00.000000Z"'
    assert rows_json.stamp("2026-11-24T09:30:00.5Z") == '"2026-11-24T09:30:00.500000Z"'


def test_the_key_is_scrypts_whichever_library_derives_it():
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    salt = bytes(range(container.SALT_BYTES))
    expected = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(
        "Zażółć gęślą jaźń".encode())
    # the passphrase is read in its NFC form: "ż" typed as "z" and a combining dot
    assert container._key("Zaz\u0307o\u0301łc\u0301 gęślą jaźń", salt, 2**14, 8, 1) == expected


def _add_event(filled, dossier: str, uuid: str, at: str, summary: str, outcome: str,
               amount: str | None, currency: str, next_contact: str | None) -> None:
    """A contact event written straight into the binder, as another program could."""
    conn = sqlite3.connect(filled.services.db.path)
    with conn:
        conn.execute(
            "INSERT INTO contact_events (dossier_pk, uuid, at, kind, channel, summary, "
            "outcome, offer, amount, currency, next_contact, amends_uuid, updated_at) "
            "SELECT pk, ?, ?, 'contact', 'call', ?, ?, '', ?, ?, ?, NULL, "
            "'2026-11-20T08:00:00.000000Z' FROM dossiers WHERE uuid = ?",
            (uuid, at, summary, outcome, amount, currency, next_contact, dossier))
    conn.close()


def test_events_with_every_kind_of_character_are_written_as_json_dumps_writes_them(
        filled, tmp_path):
    """The events' JSON is made by SQLite's json_object: its escapes must be Python's."""
    first = filled.ids["Małgorzata Wiśniewska-Żółkiewska"]
    text = "".join(map(chr, range(0, 0x80))) + "\u2028\u2029 Żółć ёж \U0001f600 \\ \" /"
    _add_event(filled, first, "0d6c2a4e-6f0a-4f43-9a51-3f7c0b5d9e11",
               "2026-11-20T08:00:00.000000Z", text, text, "12.50", "EUR", "2026-12-01")
    _check(filled.services, tmp_path, ids=[first])


def test_an_event_time_not_in_the_stored_form_is_written_by_python(filled, tmp_path):
    first = filled.ids["Małgorzata Wiśniewska-Żółkiewska"]
    _add_event(filled, first, "0d6c2a4e-6f0a-4f43-9a51-3f7c0b5d9e12",
               "2026-11-20T08:00:00.5Z", "s", "o", None, "", None)
    _check(filled.services, tmp_path, ids=[first])
    body = _body(tmp_path / "h.rbh")
    assert '"at":"2026-11-20T08:00:00.500000Z"' in body


def test_the_stream_checksum_is_combined_from_the_pieces_as_zlib_would():
    import os
    import random

    from app.handover import deflate

    rng = random.Random(14)
    for _ in range(300):
        a, b = os.urandom(rng.randint(0, 200_000)), os.urandom(rng.randint(0, 200_000))
        assert deflate.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == \
            zlib.adler32(a + b)
    body = b'{"data":"' + b"QUJD" * 600_000 + b'"}' + os.urandom(1_500_000).hex().encode()
    deflater = deflate.Deflater()
    for start in range(0, len(body), 300_000):
        deflater.feed(body[start:start + 300_000])
    assert zlib.decompress(deflater.finish()) == body
