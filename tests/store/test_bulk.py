"""The store's one bulk writer: what it writes is what the unit of work would have written,
index rows and list summaries included."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from app.store import bulk
from app.store.fts import refresh

INDEX_ROW = ("SELECT f.name, f.company, f.phones, f.emails, f.notes, f.history, d.main_phone, "
             "d.last_outcome FROM dossier_fts f JOIN dossiers d ON d.pk = f.rowid "
             "WHERE f.rowid = {pk}")


def test_new_uuids_are_random_version_4_text():
    made = bulk.new_uuids(2000)
    assert len(set(made)) == 2000
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)


def test_bulk_dossiers_are_indexed_as_a_refresh_from_the_tables_indexes_them(services):
    at = [datetime(2026, 1, d, 9, tzinfo=UTC) for d in (1, 2, 3)]
    with services.db.write() as session:
        pks = bulk.insert_dossiers(session, [bulk.NewDossier(
            {"full_name": "Łukasz Żółć", "company": "Hurtownia", "notes": "pierwsza"},
            phones=[{"label": "mobile", "number": "+48 600 123 456", "e164": "+48600123456"}],
            emails=[{"label": "", "address": "lz@example.com"}],
            events=[{"at": at[0], "kind": "contact", "channel": "call", "summary": "a",
                     "outcome": "first", "offer": ""},
                    {"at": at[1], "kind": "contact", "channel": "call", "summary": "b",
                     "outcome": "second", "offer": "oferta"},
                    {"at": at[2], "kind": "note", "channel": "other", "summary": "c",
                     "outcome": "", "offer": ""}])])
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
