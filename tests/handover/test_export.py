"""Export and reading back: everything travels with its UUID, the right dossiers are chosen,
an encrypted file hides the clients, and each kind of bad file is refused with its message."""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from datetime import timedelta

import pytest

from app.errors import (
    HandoverDamaged,
    HandoverTooLarge,
    HandoverTooNew,
    NotAHandover,
    PassphraseNeeded,
    RingbinderError,
    WrongPassphrase,
)
from app.handover import container, reader
from app.handover import payload as p
from app.services import open_services
from app.services.demo import generate_demo
from app.services.dossiers import NewDossier
from tests.conftest import TODAY
from tests.handover.conftest import CLIENTS, FAST_N, PASSPHRASE, planned_ids


def _export(filled, tmp_path, name="h.rbh", **kw):
    target = tmp_path / name
    kw.setdefault("passphrase", PASSPHRASE)
    filled.services.handover.export(target, **kw)
    return target


def test_round_trip_gives_back_every_record_with_its_uuid(filled, tmp_path):
    s = filled.services
    path = _export(filled, tmp_path, ids=list(filled.ids.values()), to_person="Iñaki Ortúzar")
    handover = s.handover.inspect(path, PASSPHRASE)

    assert handover.header.from_name == "Łucja Kowalczyk"
    assert handover.header.to_name == "Iñaki Ortúzar"
    assert handover.header.binder_id == s.settings.get().binder_id
    assert handover.header.period is None
    by_id = {d.uuid: d for d in handover.workload.dossiers}
    assert set(by_id) == set(filled.ids.values())
    documents = {}
    for dossier_id, d in by_id.items():
        detail = s.dossiers.get(dossier_id)
        assert (d.full_name, d.company, d.notes, d.purpose) == (
            detail.name, detail.company, detail.notes, detail.purpose)
        assert (d.next_contact, d.next_time, d.priority, d.fixed, d.archived, d.status) == (
            detail.next_contact, detail.time, detail.priority, detail.fixed, detail.archived,
            detail.status)
        assert d.updated_at == detail.updated_at and d.created_at == detail.created_at
        assert [x.number for x in d.phones] == [x.number for x in detail.phones]
        assert [x.address for x in d.emails] == [x.address for x in detail.emails]
        assert {e.uuid: (e.at, e.kind, e.summary, e.outcome, e.amount, e.next_contact)
                for e in d.events} == {
            e.id: (e.at, e.kind, e.summary, e.outcome, e.amount, e.next_contact)
            for e in detail.events}
        assert {f.uuid: (f.title, f.values, f.fields, f.template_uuid) for f in d.forms} == {
            f.id: (f.title, f.values, f.fields, f.template) for f in detail.forms}
        documents.update({doc.uuid: doc for doc in d.documents})
    assert {k: v.data for k, v in documents.items()} == filled.documents  # byte for byte
    for doc_id, doc in documents.items():
        assert doc.data == s.attachments.read(doc_id).data
        assert doc.trashed_at is not None if doc.filename == "старый.txt" else doc.trashed_at \
            is None
    archived = by_id[filled.archived]
    assert archived.archived and archived.archive_reason == "Cerró el negocio"
    assert [e.kind for e in archived.events] == ["archive"]
    templates = {t.id: t for t in s.forms.templates()}
    assert {t.uuid: (t.name, t.fields) for t in handover.workload.templates} == {
        k: (t.name, [f.as_json() for f in t.fields]) for k, t in templates.items()}
    assert handover.workload == s.handover.workload(ids=list(filled.ids.values())).workload


def test_demo_binder_round_trips_exactly(services, tmp_path):
    generate_demo(services, 120, seed=3)
    services.handover.scrypt_n = FAST_N
    expected = services.handover.workload()
    services.handover.export(tmp_path / "plain.rbh")
    assert services.handover.inspect(tmp_path / "plain.rbh").workload == expected.workload
    # and the dict form reads back to the same objects
    raw = json.loads(json.dumps(p.workload_to_dict(expected.workload)))
    assert reader.workload_from_dict(raw) == expected.workload


def test_period_selection(filled, tmp_path):
    h = filled.services.handover
    default = h.workload(start=TODAY)
    assert default.header.period == p.Period(TODAY, TODAY + timedelta(days=14))
    assert {d.uuid for d in default.workload.dossiers} == planned_ids(
        filled, TODAY, TODAY + timedelta(days=14))
    assert len(default.workload.dossiers) == 3  # today+1, +3, +14; not +20, undated, archived
    short = h.workload(start=TODAY + timedelta(days=2), end=TODAY + timedelta(days=3))
    assert [d.full_name for d in short.workload.dossiers] == ["Дмитрий Соколов"]
    assert h.workload(end=TODAY + timedelta(days=1)).header.period == p.Period(
        TODAY, TODAY + timedelta(days=1))
    everything = h.workload()
    assert everything.header.period is None
    assert {d.uuid for d in everything.workload.dossiers} == planned_ids(
        filled, TODAY - timedelta(days=3650), TODAY + timedelta(days=3650))
    assert len(everything.workload.dossiers) == 4
    assert len(everything.workload.templates) == 2  # all templates, always


def test_id_selection_takes_exactly_the_chosen_ones_even_archived(filled):
    name = CLIENTS[4][0]  # undated
    chosen = [filled.ids[name], filled.archived[:8], filled.ids[name]]
    got = filled.services.handover.workload(ids=chosen)
    assert sorted(d.uuid for d in got.workload.dossiers) == sorted([filled.ids[name],
                                                                    filled.archived])


@pytest.mark.parametrize("kw", [
    {"ids": ["0badc0de-0000-4000-8000-000000000000"]},
    {"ids": []},
    {"ids": ["abc"]},
    {"ids": [], "start": TODAY},
    {"start": TODAY, "end": TODAY - timedelta(days=1)},
    {"to_person": "x" * 201},
    {"passphrase": ""},
])
def test_bad_choices_are_refused_and_leave_no_file(filled, tmp_path, kw):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RingbinderError):  # InvalidInput, or NotFound for an unknown id
        _export(filled, folder, **kw)
    assert list(folder.iterdir()) == []


def test_export_works_on_a_read_only_binder(filled, tmp_path, clock):
    path = filled.services.path
    filled.services.close()
    with open_services(path, clock, readonly=True) as ro:
        ro.handover.scrypt_n = FAST_N
        summary = ro.handover.export(tmp_path / "ro.rbh", passphrase=PASSPHRASE)
    assert summary.counts["dossiers"] == 4 and summary.encrypted


def test_an_encrypted_file_hides_every_client(filled, tmp_path):
    data = _export(filled, tmp_path, ids=list(filled.ids.values())).read_bytes()
    plain = _export(filled, tmp_path, "plain.rbh", ids=list(filled.ids.values()),
                    passphrase=None).read_bytes()
    secrets = []
    for dossier_id in filled.ids.values():
        d = filled.services.dossiers.get(dossier_id)
        secrets += [d.name, d.company, *(x.number for x in d.phones),
                    *(x.address for x in d.emails), d.name.split()[-1]]
    secrets += [x.e164 for d in container.open_file(plain).workload.dossiers for x in d.phones]
    assert len([x for x in secrets if x.startswith("+") and " " not in x]) == 6
    secrets += ["oferta.pdf", "Rozmowa o cenach", "Встреча"]
    unpacked = zlib.decompress(plain[plain.index(b"\n", 20) + 1:-32])
    for secret in secrets:
        raw = secret.encode("utf-8")
        assert raw in unpacked or secret in json.dumps(json.loads(unpacked))  # it did travel
        assert raw not in data, secret
        assert json.dumps(secret)[1:-1].encode() not in data, secret  # nor JSON-escaped
    for content in filled.documents.values():
        if content:
            assert content not in data and base64.b64encode(content) not in data
    info = container.read_header(data)
    assert info.encrypted and info.counts["dossiers"] == 6
    assert info.header.from_name == "Łucja Kowalczyk"


def test_read_header_needs_no_passphrase(filled, tmp_path):
    path = _export(filled, tmp_path, start=TODAY, to_person="Ana")
    info = filled.services.handover.read_header(path)
    assert (info.header.from_name, info.header.to_name) == ("Łucja Kowalczyk", "Ana")
    assert info.header.period == p.Period(TODAY, TODAY + timedelta(days=14))
    assert info.kdf is not None and info.kdf["n"] == FAST_N


# -- refusals ----------------------------------------------------------------------------

@pytest.fixture
def sealed(filled, tmp_path):
    return _export(filled, tmp_path, ids=list(filled.ids.values())).read_bytes()


@pytest.fixture
def plain(filled, tmp_path):
    return _export(filled, tmp_path, "p.rbh", start=TODAY, passphrase=None).read_bytes()


def test_wrong_passphrase(sealed):
    with pytest.raises(WrongPassphrase, match="Wrong passphrase, or the file was altered"):
        container.open_file(sealed, PASSPHRASE + " ")
    # the passphrase is compared as text: the same letters composed differently still open
    composed = container.open_file(sealed, PASSPHRASE)
    import unicodedata

    assert container.open_file(sealed, unicodedata.normalize("NFD", PASSPHRASE)) == composed


def test_missing_passphrase(sealed):
    for given in (None, ""):
        with pytest.raises(PassphraseNeeded, match="protected by a passphrase"):
            container.open_file(sealed, given)


def test_an_altered_header_is_refused_like_a_wrong_passphrase(sealed):
    altered = sealed.replace(b'"from":"\\u0141ucja', b'"from":"\\u0141UCJA', 1)
    assert altered != sealed
    assert container.read_header(altered).header.from_name == "ŁUCJA Kowalczyk"
    with pytest.raises(WrongPassphrase):
        container.open_file(altered, PASSPHRASE)


def _reseal_plain(data: bytes, change) -> bytes:
    """A plain file with its header changed and its digest recomputed (a 'valid' file)."""
    end = data.index(b"\n", len(container.MAGIC))
    head = json.loads(data[len(container.MAGIC):end])
    change(head)
    prefix = container.MAGIC + json.dumps(head).encode() + b"\n"
    body = data[end + 1:-32]
    return prefix + body + hashlib.sha256(prefix + body).digest()


def test_a_newer_version_is_refused_untouched(plain, sealed, tmp_path):
    newer = _reseal_plain(plain, lambda h: h.update(version=2, protection="rot13"))
    with pytest.raises(HandoverTooNew, match=r"newer Ringbinder \(format version 2;"):
        container.open_file(newer)
    with pytest.raises(HandoverTooNew):
        container.read_header(newer)
    encrypted_newer = sealed.replace(b'"version":1', b'"version":7')
    with pytest.raises(HandoverTooNew, match="version 7"):
        container.open_file(encrypted_newer, PASSPHRASE)
    (tmp_path / "n.rbh").write_bytes(newer)
    before = (tmp_path / "n.rbh").read_bytes()
    with pytest.raises(HandoverTooNew):
        container.open_file(before)
    assert (tmp_path / "n.rbh").read_bytes() == newer


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n", b"RINGBINDER", b"\x00" * 100,
                                  b"SQLite format 3\x00" + b"\x00" * 200])
def test_not_a_handover_file(data):
    with pytest.raises(NotAHandover, match="not a Ringbinder handover file"):
        container.open_file(data)


def test_damaged_files(plain, sealed):
    cases = [plain[:-1], plain[:len(plain) // 2], plain[:30], sealed[:-1],
             plain[:-40] + bytes([plain[-40] ^ 1]) + plain[-39:],
             plain + b"\n", sealed + b"x",
             plain[:plain.index(b"\n", 20)] + b" " + plain[plain.index(b"\n", 20) + 1:]]
    for case in cases:
        with pytest.raises(HandoverDamaged, match="damaged or was altered"):
            container.open_file(case, PASSPHRASE)
    flipped = sealed[:-40] + bytes([sealed[-40] ^ 0x80]) + sealed[-39:]
    with pytest.raises(WrongPassphrase):
        container.open_file(flipped, PASSPHRASE)


def test_too_large_and_zip_bombs_are_refused(plain, sealed):
    with pytest.raises(HandoverTooLarge, match="too large"):
        container.open_file(plain, max_file=len(plain) - 1)
    with pytest.raises(HandoverTooLarge, match="unpacks to more than"):
        container.open_file(sealed, PASSPHRASE, max_unpacked=1000)
    bomb_body = zlib.compress(b" " * 50_000_000, 9)

    def swap(head):
        head["body_bytes"] = len(bomb_body)
    end = plain.index(b"\n", len(container.MAGIC))
    bomb = _reseal_plain(plain[:end + 1] + bomb_body + b"0" * 32, swap)
    with pytest.raises(HandoverTooLarge):
        container.open_file(bomb, max_unpacked=10_000_000)


def _craft(plain: bytes, body: object) -> bytes:
    """A plain file with a digest-valid body: any JSON value, or raw bytes as given."""
    packed = zlib.compress(body if isinstance(body, bytes) else json.dumps(body).encode())
    end = plain.index(b"\n", len(container.MAGIC))
    head = json.loads(plain[len(container.MAGIC):end])
    head["body_bytes"] = len(packed)
    prefix = container.MAGIC + json.dumps(head).encode() + b"\n"
    return prefix + packed + hashlib.sha256(prefix + packed).digest()


def test_malformed_contents_are_refused_with_the_place_named(plain):
    good = p.workload_to_dict(container.open_file(plain).workload)

    def variant(path, value):
        raw = json.loads(json.dumps(good))
        target = raw
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return raw

    cases = {
        ("dossiers", 0, "full_name"): (5, "dossiers[0].full_name is not text"),
        ("dossiers", 0, "priority"): (9, "dossiers[0].priority is out of range"),
        ("dossiers", 0, "fixed"): ("yes", "is not true or false"),
        ("dossiers", 0, "uuid"): ("DROP TABLE", "dossiers[0].uuid is not well formed"),
        ("dossiers", 0, "status"): ("vip", "is not one of"),
        ("dossiers", 0, "next_contact"): ("2026-02-30", "next_contact is not a date"),
        ("dossiers", 0, "updated_at"): ("yesterday", "is not a UTC timestamp"),
        ("dossiers", 0, "events", 0, "at"): (None, "events[0].at is not a UTC timestamp"),
        ("dossiers", 0, "notes"): ("x" * (p.MAX_TEXT + 1), "is too long"),
        ("dossiers", 0, "phones"): ({}, "is not a list"),
        ("dossiers", 0, "emails"): (KeyError, "dossiers[0].emails is missing"),
        ("dossiers", 0, "extra"): (1, "unknown key 'extra'"),
        ("dossiers", 1, "uuid"): (good["dossiers"][0]["uuid"], "repeats the id"),
        ("templates",): ("none", "templates is not a list"),
    }
    for path, (value, message) in cases.items():
        with pytest.raises(HandoverDamaged, match=message.replace("[", r"\[").replace(
                "]", r"\]")):
            container.open_file(_craft(plain, variant(path, value)))
    with pytest.raises(HandoverDamaged):  # the counts in the header must match
        container.open_file(_craft(plain, {"dossiers": [], "templates": []}))
    for junk in (None, [], "x", [[[[]]]] * 3, {"dossiers": []}):
        with pytest.raises(HandoverDamaged):
            container.open_file(_craft(plain, junk))
    deep = b"[" * 100_000 + b"]" * 100_000  # json's recursion limit, not a crash
    with pytest.raises(HandoverDamaged):
        container.open_file(_craft(plain, deep))
    with pytest.raises(HandoverDamaged):  # not UTF-8
        container.open_file(_craft(plain, b"\xff\xfe"))


def test_documents_must_match_their_digest(filled, tmp_path):
    handover = filled.services.handover.workload(ids=[filled.ids[CLIENTS[0][0]]])
    raw = p.workload_to_dict(handover.workload)
    raw["dossiers"][0]["documents"][0]["data"] = "AAAA"
    with pytest.raises(HandoverDamaged, match="does not match its size or digest"):
        reader.workload_from_dict(raw)


def test_the_overdue_dossiers_come_along_when_asked(filled, tmp_path, clock):
    """Work due before the period and not done is still the colleague's to do."""
    services = filled.services
    clock.set_today(TODAY - timedelta(days=3))  # filed back then, overdue now
    late = services.dossiers.create(NewDossier(name="Ольга Запоздалова",
                                               next_contact=clock.today()))[0]
    clock.set_today(TODAY)
    end = TODAY + timedelta(days=4)
    assert services.handover.count(TODAY, end) == 2
    assert services.handover.count(TODAY, end, overdue=True) == 3
    without = services.handover.workload(start=TODAY, end=end)
    with_late = services.handover.workload(start=TODAY, end=end, overdue=True)
    assert late not in {d.uuid for d in without.workload.dossiers}
    assert late in {d.uuid for d in with_late.workload.dossiers}
    assert with_late.header.period == p.Period(TODAY, end)
