"""The binder's search index behind its interface: what the bulk writers index is what a
refresh from the tables makes, so an index made again from the tables finds the same."""

from __future__ import annotations

import pytest

from app.services.demo import generate_demo
from app.store import upkeep
from app.store.search import INDEX

INDEXED = ("SELECT f.rowid, f.name, f.company, f.position, f.phones, f.emails, f.notes, "
           "f.history, d.main_phone, d.last_outcome FROM dossiers d "
           "LEFT JOIN dossier_fts f ON f.rowid = d.pk ORDER BY d.pk")


@pytest.mark.file_binder  # FTS5's rows (tests/store/test_search_postgres.py: PostgreSQL's)
def test_an_index_made_again_from_the_tables_finds_what_the_demo_writer_indexed(services):
    generate_demo(services, 40)  # written in bulk (app/store/bulk.py)
    with services.db.write() as session:
        before = session.connection().exec_driver_sql(INDEXED).all()
    name = before[0][1]  # as the index folds it: what a user types without the marks
    found = services.views.search(name)
    assert found and all(r.phone for r in found)
    with services.db.write() as session:
        conn = session.connection()
        INDEX.clear(conn)
        conn.exec_driver_sql("UPDATE dossiers SET main_phone = '', last_outcome = ''")
    assert services.views.search(name) == []
    with services.db.write() as session:
        upkeep.rebuild(session.connection())
        after = session.connection().exec_driver_sql(INDEXED).all()
    assert after == before  # index rows, main phones and last outcomes
    assert services.views.search(name) == found
