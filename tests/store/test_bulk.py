"""The store's one bulk writer, on a solo binder (SQLite) and a team binder (PostgreSQL): what
it writes is what the unit of work would have written, index rows and list summaries
included, and it reads back the same on both databases; keys come from PostgreSQL's
sequences, so the ORM's inserts after it work; a failure leaves nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.services.demo import SHAPE
from app.store import bulk
from app.store.bulk_documents import NewDocument, insert_documents
from app.store.bulk_run import new_keys
from app.store.fts import refresh
from app.store.handover_writes import add_events
from app.store.models import (
    Attachment,
    ContactEvent,
    Dossier,
    FilledForm,
    FormTemplate,
    HandoverBase,
    Phone,
)
from tests.store.bulk_databases import Write, recorded

INDEX_ROW = ("SELECT f.name, f.company, f.phones, f.emails, f.notes, f.history, d.main_phone, "
             "d.last_outcome FROM dossier_fts f JOIN dossiers d ON d.pk = f.rowid "
             "WHERE f.rowid = {pk}")
AT = [datetime(2026, 1, d, 9, tzinfo=UTC) for d in (1, 2, 3)]
STAMP = "2026-01-04T10:00:00.000000Z"


def _new() -> list[bulk.NewDossier]:
    """Dossiers as an import gives them: Python values, most columns left to defaults."""
    return [
        bulk.NewDossier(
            {"full_name": "Łukasz Żółć", "company": "Hurtownia", "notes": "50% off? 'yes'",
             "next_contact": date(2026, 12, 1), "next_time": "09:30", "fixed": True,
             "scheduled_at": AT[2], "priority": 3},
            phones=[{"label": "mobile", "number": "+48 600 123 456", "e164": "+48600123456"},
                    {"label": "office", "number": "+48 22 123 45 67", "e164": "+48221234567"}],
            emails=[{"label": "", "address": "lz@example.com"}],
            events=[{"at": AT[0], "kind": "contact", "channel": "call", "summary": "a",
                     "outcome": "first", "offer": ""},
                    {"at": AT[1], "kind": "contact", "channel": "call", "summary": "b",
                     "outcome": "second", "offer": "oferta", "amount": "1200.00",
                     "currency": "PLN", "next_contact": date(2026, 12, 1)},
                    {"at": AT[2], "kind": "note", "channel": "other", "summary": "c",
                     "outcome": "", "offer": ""}]),
        bulk.NewDossier({"full_name": "Ана Руис"}),
        bulk.NewDossier({"full_name": "Bea Lund", "archived": True, "archived_at": AT[1]},
                        emails=[{"label": "work", "address": "bea@example.com"},
                                {"label": "", "address": "b@example.org"}]),
    ]


def _stored() -> list[bulk.StoredDossier]:
    """Dossiers as the demo and a merge give them: stored rows (the demo's shape)."""
    def row(n: int, name: str, next_contact: str | None, fixed: int) -> bulk.Row:
        return (f"00000000-0000-4000-8000-00000000000{n}", STAMP, STAMP, name, name.lower(),
                "", "", "", "Firma", "demo", "active", "", next_contact, None, "", 2, fixed,
                0, None, "", next_contact and STAMP)

    def event(n: int, kind: str, outcome: str) -> bulk.Row:
        return (f"00000000-0000-4000-8000-0000000001{n:02d}", STAMP, STAMP, kind, "call",
                "summary", outcome, "", None, "", None, None)
    return [
        (row(1, "Carla Gómez", "2026-12-02", 1),
         [(str(uuid.uuid4()), STAMP, "mobile", "+34 600 000 001", "+34600000001", 0)],
         [(str(uuid.uuid4()), STAMP, "work", "carla@example.es", 0)],
         [event(1, "contact", "Interested"), event(2, "move", ""), event(3, "note", "")]),
        (row(2, "Dan Brown", None, 0), [], [], []),
    ]


def _read_back(write: Write) -> list[tuple[object, ...]]:
    """What a user sees of the binder's dossiers: their columns, phones, e-mails and history,
    as the ORM reads them, by name."""
    out = []
    with write() as session:
        for d in session.scalars(select(Dossier).order_by(Dossier.full_name)):
            history = session.execute(
                select(ContactEvent.at, ContactEvent.kind,
                       ContactEvent.channel, ContactEvent.summary, ContactEvent.outcome,
                       ContactEvent.offer, ContactEvent.amount, ContactEvent.currency,
                       ContactEvent.next_contact)
                .where(ContactEvent.dossier_pk == d.pk)
                .order_by(ContactEvent.at, ContactEvent.pk)).all()
            out.append((
                d.full_name, d.sort_name, d.company, d.notes, d.status, d.source, d.priority,
                d.next_contact, d.next_time, d.fixed, d.scheduled_at, d.archived,
                d.archived_at, d.birthday, d.main_phone, d.last_outcome,
                [(p.label, p.number, p.e164, p.position) for p in d.phones],
                [(e.label, e.address, e.position) for e in d.emails],
                [tuple(e) for e in history]))
    return out


def _write_both_ways(write: Write) -> list[int]:
    with write() as session:
        return (bulk.insert_dossiers(session, _new())
                + bulk.insert_stored(session, SHAPE, _stored()))


def test_new_uuids_are_random_version_4_text():
    made = bulk.new_uuids(2000)
    assert len(set(made)) == 2000
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)


@pytest.mark.file_binder  # FTS5's rows (tests/store/test_search_postgres.py: PostgreSQL's)
def test_bulk_dossiers_are_indexed_as_a_refresh_from_the_tables_indexes_them(services):
    with services.db.write() as session:
        pks = bulk.insert_dossiers(session, _new()[:1])
        conn = session.connection()
        written = conn.exec_driver_sql(
            INDEX_ROW.format(pk=pks[0])).one()
        refresh(conn, pks)  # what the flush listener would have made from the tables
        refreshed = conn.exec_driver_sql(
            INDEX_ROW.format(pk=pks[0])).one()
    assert written == refreshed
    assert written[-2:] == ("+48 600 123 456", "second")
    (row,) = services.views.search("lukasz 600123")
    assert (row.name, row.phone) == ("Łukasz Żółć", "+48 600 123 456")


def test_dossiers_read_back_the_same_on_both_databases(sqlite_db, pg_db):
    _write_both_ways(sqlite_db)
    _write_both_ways(pg_db)
    on_sqlite, on_pg = _read_back(sqlite_db), _read_back(pg_db)
    assert on_sqlite == on_pg
    assert [d[0] for d in on_pg] == ["Bea Lund", "Carla Gómez", "Dan Brown", "Łukasz Żółć",
                                     "Ана Руис"]
    # and the index was handed the same rows (but for the keys, each database's own)
    assert ([r[1:] for r in recorded(sqlite_db).added]
            == [r[1:] for r in recorded(pg_db).added])


def test_what_the_writer_stores_is_what_the_user_gave(db):
    _write_both_ways(db)
    by_name = {d[0]: d for d in _read_back(db)}
    lukasz = by_name["Łukasz Żółć"]
    assert lukasz[1:14] == ("lukasz zolc", "Hurtownia", "50% off? 'yes'", "prospect", "", 3,
                            date(2026, 12, 1), "09:30", True, AT[2], False, None, None)
    assert lukasz[-2] == [("", "lz@example.com", 0)]
    assert lukasz[-1] == [
        (AT[0], "contact", "call", "a", "first", "", None, "", None),
        (AT[1], "contact", "call", "b", "second", "oferta", "1200.00", "PLN", date(2026, 12, 1)),
        (AT[2], "note", "other", "c", "", "", None, "", None)]
    bea = by_name["Bea Lund"]
    assert (bea[11], bea[12], bea[-2]) == (True, AT[1], [
        ("work", "bea@example.com", 0), ("", "b@example.org", 1)])
    carla = by_name["Carla Gómez"]
    assert (carla[7], carla[9], carla[10], carla[11]) == (
        date(2026, 12, 2), True, datetime(2026, 1, 4, 10, tzinfo=UTC), False)


def test_main_phone_and_last_outcome_are_derived_from_the_same_rows(db):
    _write_both_ways(db)
    derived = {d[0]: d[14:16] for d in _read_back(db)}
    assert derived == {
        "Łukasz Żółć": ("+48 600 123 456", "second"),  # the note after it changes nothing
        "Ана Руис": ("", ""),
        "Bea Lund": ("", ""),
        "Carla Gómez": ("+34 600 000 001", "Interested"),
        "Dan Brown": ("", ""),
    }
    rows = {r[1]: r for r in recorded(db).added}
    assert rows["lukasz zolc"][5:] == ("lz@example.com", "50% off? 'yes'",
                                       "a first  b second oferta c  ")
    assert "48600123456" in rows["lukasz zolc"][4]


def test_an_orm_insert_after_a_bulk_write_gets_a_key_of_its_own(db):
    pks = _write_both_ways(db)
    with db() as session:
        pk = session.execute(select(Dossier.pk).order_by(Dossier.pk.desc())).first()
        assert pk is not None and pk[0] == max(pks)
        pdf = NewDocument(pks[0], str(uuid.uuid4()), STAMP, "offer.pdf", "application/pdf",
                          "0" * 64, b"%PDF-1.4")
        (document,) = insert_documents(session, [pdf])
    with db() as session:  # the unit of work: its keys from the sequences, on PostgreSQL
        row = Dossier(full_name="Later Client", phones=[Phone(number="+1 555 0100")])
        session.add(row)
        session.add(Attachment(dossier_pk=pks[0], filename="later.pdf"))
        session.add(ContactEvent(dossier_pk=pks[1], kind="note", summary="later"))
        session.flush()
        assert row.pk > max(pks)
        assert session.scalar(select(func.max(Attachment.pk))) == document + 1
    with db() as session:
        assert session.get(Dossier, row.pk).main_phone == "+1 555 0100"  # the listener's
        assert bulk.insert_dossiers(session, _new()[1:2])[0] > row.pk


def test_two_writers_at_once_take_different_keys(pg_db):
    with pg_db() as first, pg_db() as second:
        mine, theirs = new_keys(first, Dossier, 3), new_keys(second, Dossier, 3)
        assert not set(mine) & set(theirs)


def test_a_failure_halfway_leaves_nothing(db, monkeypatch):
    monkeypatch.setattr(bulk, "WRITE_CHUNK", 2)  # the failing dossier in the second lot
    new = _new()
    new.append(bulk.NewDossier({"full_name": "Broken", "priority": 9}))  # 1 to 3
    with pytest.raises(IntegrityError), db() as session:
        bulk.insert_dossiers(session, new)
    with pytest.raises(IntegrityError), db() as session:
        stored = _stored()
        stored.append((stored[1][0], [], [], []))  # the same UUID again
        bulk.insert_stored(session, SHAPE, stored)
    with db() as session:
        for model in (Dossier, Phone, ContactEvent):
            assert session.scalar(select(func.count()).select_from(model)) == 0
    assert _write_both_ways(db)  # and the binder takes the next write


def test_scheduled_stamps_go_on_the_dossiers_named(db):
    with db() as session:
        pks = bulk.insert_stored(session, SHAPE, _stored())
        more = bulk.insert_dossiers(session, [bulk.NewDossier(
            {"full_name": "Eve", "next_contact": date(2026, 12, 3)})])
        bulk.stamp_scheduled(session, [pks[0], *more], AT[0])  # not consecutive
    with db() as session:
        stamps = dict(session.execute(select(Dossier.full_name, Dossier.scheduled_at)).all())
    assert stamps == {"Carla Gómez": AT[0], "Dan Brown": None, "Eve": AT[0]}


def test_bulk_rows_of_any_table_and_a_delete(db):
    with db() as session:
        (pk,) = bulk.insert_dossiers(session, _new()[:1])
        fields = [{"name": "interest", "type": "choice", "choices": ["low", "high"]}]
        bulk.bulk_insert(session, FormTemplate, [dict(
            uuid=str(uuid.uuid4()), updated_at=AT[0], name="Visit", description="",
            fields=fields)])
        bulk.bulk_insert(session, FilledForm, [dict(
            dossier_pk=pk, uuid=str(uuid.uuid4()), updated_at=AT[0], template_uuid=None,
            title="Visit", fields=fields, values={"interest": "high", "demo": True},
            created_at=AT[1])])
    with db() as session:
        form = session.scalars(select(FilledForm)).one()
        assert (form.fields, form.values, form.created_at) == (
            fields, {"interest": "high", "demo": True}, AT[1])
        bulk.delete_dossiers(session, [pk])
    with db() as session:
        assert session.scalar(select(func.count()).select_from(FilledForm)) == 0
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0
    assert recorded(db).dropped == [pk]


def test_a_handover_s_bases_are_recorded(db):
    with db() as session:
        bulk.insert_bases(session, "h" * 64, [(str(uuid.UUID(int=n)), f'{{"n": {n}}}')
                                              for n in (1, 2)])
    with db() as session:
        bases = session.execute(select(HandoverBase.dossier_uuid, HandoverBase.base)
                                .order_by(HandoverBase.pk)).all()
    assert bases == [(str(uuid.UUID(int=1)), {"n": 1}), (str(uuid.UUID(int=2)), {"n": 2})]


def test_history_added_in_bulk_to_dossiers_already_there(db):
    """A merge's new events for dossiers the binder holds: written in one INSERT, then their
    dossiers' list summaries and index rows made again from the tables."""
    with db() as session:
        pks = bulk.insert_dossiers(session, _new()[:2])
        add_events(session, [dict(
            uuid=str(uuid.uuid4()), updated_at=AT[2], dossier_pk=pk, at=AT[2], kind="contact",
            channel="visit", summary="merged", outcome=f"merged {n}", offer="", amount=None,
            currency="", next_contact=None, amends_uuid=None) for n, pk in enumerate(pks)])
    derived = {d[0]: (d[15], d[-1][-1][:5]) for d in _read_back(db)}
    assert derived == {"Łukasz Żółć": ("merged 0", (AT[2], "contact", "visit", "merged",
                                                    "merged 0")),
                       "Ана Руис": ("merged 1", (AT[2], "contact", "visit", "merged",
                                                 "merged 1"))}
    assert sorted(recorded(db).refreshed) == pks
