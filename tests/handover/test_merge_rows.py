"""The rows a merge writes for new dossiers: made straight from the file's checked records as
the binder stores them, they are the rows the store's general bulk writer makes of the same
records, with the index rows and list summaries a refresh from the tables would make."""

from __future__ import annotations

import shutil
from operator import attrgetter

from app.handover import payload as p
from app.handover import rows_json
from app.services import open_services
from app.store import bulk
from app.store import handover_reads as reads
from app.store.fts import refresh

TABLES = {
    # every column, the time the date was set last (where a merge and the writer differ)
    "dossiers": "SELECT *, scheduled_at FROM dossiers ORDER BY pk",
    "phones": "SELECT * FROM phones ORDER BY pk",
    "emails": "SELECT * FROM emails ORDER BY pk",
    "contact_events": "SELECT * FROM contact_events ORDER BY pk",
    "index": "SELECT rowid, * FROM dossier_fts ORDER BY rowid",
}


def _stamp_column(services) -> int:
    """Where `scheduled_at` is among the dossiers' columns as `SELECT *` gives them."""
    with services.db.read() as session:
        names = [r[1] for r in session.connection().exec_driver_sql(
            "PRAGMA table_info(dossiers)")]
    return names.index("scheduled_at")


def _rows(services):
    with services.db.read() as session:
        conn = session.connection()
        return {name: [tuple(r) for r in conn.exec_driver_sql(sql)]
                for name, sql in TABLES.items()}


def _general(d: p.Dossier) -> bulk.NewDossier:
    """A record as the store's general bulk writer takes it (dicts of Python values)."""
    return bulk.NewDossier(
        columns={name: getattr(d, name) for name in reads.DOSSIER},
        phones=[{name: getattr(x, name) for name in reads.PHONE} for x in d.phones],
        emails=[{name: getattr(x, name) for name in reads.EMAIL} for x in d.emails],
        events=[{name: getattr(e, name) for name in reads.EVENT}
                for e in sorted(d.events, key=attrgetter("at"))])


def test_new_dossiers_are_stored_as_the_general_bulk_writer_stores_them(
        filled, colleague, tmp_path, _empty_binder_file, clock):
    path = tmp_path / "all.handover"
    filled.services.handover.export(path, ids=list(filled.ids.values()))
    colleague.handover.merge(path)
    other_path = tmp_path / "other.rbinder"
    shutil.copyfile(_empty_binder_file, other_path)
    with open_services(other_path, clock) as other:
        records = other.handover.inspect(path).workload.dossiers
        with other.db.write() as session:
            bulk.insert_dossiers(session, [_general(d) for d in records])
        expected = _rows(other)
    written = _rows(colleague)
    # but for the time their dates were set in this binder: the merge's (the last column)
    assert len({row[-1] for row in written["dossiers"]} - {None}) == 1
    stamp = _stamp_column(colleague)
    for rows in (written, expected):
        rows["dossiers"] = [row[:stamp] + row[stamp + 1:-1] for row in rows["dossiers"]]
    assert written == expected
    assert len(written["dossiers"]) == len(filled.ids)
    assert len(written["contact_events"]) == sum(len(d.events) for d in records)


def test_new_dossiers_index_rows_and_summaries_are_a_refresh_s(filled, colleague, tmp_path):
    path = tmp_path / "all.handover"
    filled.services.handover.export(path, ids=list(filled.ids.values()))
    colleague.handover.merge(path)
    written = _rows(colleague)
    with colleague.db.write() as session:
        refresh(session.connection(), [row[0] for row in written["dossiers"]])
    assert _rows(colleague) == written


def test_a_record_s_stored_row_reads_back_as_the_record(filled):
    workload = filled.services.handover.workload(ids=list(filled.ids.values())).workload
    kinds = ((p.Phone, reads.PHONE, "phones"), (p.Email, reads.EMAIL, "emails"),
             (p.Event, reads.EVENT, "events"))
    seen = 0
    for d in workload.dossiers:
        stored = rows_json.stored_maker(p.Dossier, reads.DOSSIER)(d)
        assert rows_json.record_maker(p.Dossier, reads.DOSSIER)(
            (0, *stored), d.phones, d.emails, d.events, d.documents, d.forms) == d
        for cls, columns, name in kinds:
            for item in getattr(d, name):
                row = rows_json.stored_maker(cls, columns)(item)
                assert rows_json.record_maker(cls, columns)((0, *row)) == item
                seen += 1
    assert seen > len(workload.dossiers)
