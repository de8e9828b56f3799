"""The strip's counts table (migration 0007_insert_counts): whatever writes the dossiers —
the services through the ORM, the bulk writer, a delete — the table kept by the triggers is
exactly what `GROUP BY archived, next_contact` over the dossiers gives."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.clock import FixedClock
from app.errors import RingbinderError
from app.services import open_services
from app.services.dossiers import NewDossier
from app.services.filing import NextStep
from app.store import bulk, queries
from app.store.models import Dossier
from tests.conftest import TODAY
from tests.helpers import undo_team_users

GROUPED = "SELECT archived, next_contact, count(*) FROM dossiers GROUP BY archived, next_contact"


def _counts(path: Path) -> tuple[list[tuple], list[tuple]]:
    """(the counts table as queries.counts_by_date reads it, the GROUP BY), both sorted."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        kept = queries.counts_by_date(conn.cursor())
        grouped = conn.execute(GROUPED).fetchall()
    finally:
        conn.close()

    def order(rows: list[tuple]) -> list[tuple]:
        return sorted(rows, key=lambda r: (r[0], r[1] or "", r[2]))

    return order(kept), order(grouped)


days = st.one_of(st.none(), st.integers(-3, 3).map(lambda n: TODAY + timedelta(days=n)))
creates = st.tuples(st.just("create"), days)
ops = st.one_of(
    creates, creates,
    st.tuples(st.just("move"), st.integers(0, 30), days),
    st.tuples(st.just("archive"), st.integers(0, 30)),
    st.tuples(st.just("restore"), st.integers(0, 30), days),
    st.tuples(st.just("bulk"), st.lists(st.tuples(days, st.booleans()), max_size=6)),
    st.tuples(st.just("bulk_delete"), st.lists(st.integers(0, 30), max_size=3)),
    st.tuples(st.just("orm_delete"), st.integers(0, 30)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(ops, min_size=4, max_size=30))
def test_the_counts_table_is_the_group_by_after_any_writes(_empty_binder_file, steps):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.rbinder"
        shutil.copyfile(_empty_binder_file, path)
        with open_services(path, FixedClock(TODAY)) as services:
            ids: list[str] = []
            for step in steps:
                kind = step[0]
                pick = ids[step[1] % len(ids)] if ids and isinstance(step[1], int) else None
                try:
                    if kind == "create":
                        ids.append(services.dossiers.create(
                            NewDossier(name=f"Client {len(ids)}", next_contact=step[1]))[0])
                    elif kind == "move" and pick:
                        services.filing.move([pick], step[2])
                    elif kind == "archive" and pick:
                        services.filing.archive(pick, "done")
                    elif kind == "restore" and pick:
                        services.filing.restore(pick, "back", NextStep(step[2]))
                    elif kind == "bulk":
                        with services.db.write() as session:
                            pks = bulk.insert_dossiers(session, [bulk.NewDossier(
                                {"full_name": "Bulk", "next_contact": when, "archived": gone})
                                for when, gone in step[1]])
                            ids.extend(session.scalars(select(Dossier.uuid).where(
                                Dossier.pk.in_(pks)).order_by(Dossier.pk)))
                    elif kind == "bulk_delete" and ids:
                        gone = {ids[i % len(ids)] for i in step[1]}
                        with services.db.write() as session:
                            bulk.delete_dossiers(session, list(session.scalars(
                                select(Dossier.pk).where(Dossier.uuid.in_(gone)))))
                        ids = [i for i in ids if i not in gone]
                    elif kind == "orm_delete" and pick:
                        with services.db.write() as session:
                            session.delete(session.scalars(
                                select(Dossier).where(Dossier.uuid == pick)).one())
                        ids.remove(pick)
                except RingbinderError:  # refused (an archived dossier moved): nothing written
                    pass
        kept, grouped = _counts(path)
        assert kept == grouped


def test_a_binder_at_0006_is_counted_when_it_migrates(binder_path, clock):
    with open_services(binder_path, clock) as services:
        for n, when in enumerate([TODAY, TODAY, None, TODAY + timedelta(days=40), None]):
            services.dossiers.create(NewDossier(name=f"Client {n}", next_contact=when))
        archived, _changes = services.dossiers.create(NewDossier(name="Gone", next_contact=TODAY))
        services.filing.archive(archived, "lost")
    conn = sqlite3.connect(binder_path)
    try:  # back to 0006: what 0008's and 0007's downgrades leave, as an older Ringbinder wrote it
        undo_team_users(conn)  # 0012's
        for name in ("dossier_counts_insert", "dossier_counts_delete", "dossier_counts_update"):
            conn.execute(f"DROP TRIGGER {name}")  # 0007's
        conn.execute("DROP TABLE dossier_counts")
        conn.execute("DROP TABLE proposal_templates")  # 0009's
        conn.execute("ALTER TABLE dossiers DROP COLUMN scheduled_at")
        conn.execute("ALTER TABLE binder_settings DROP COLUMN recent_days")
        conn.execute("UPDATE alembic_version SET version_num = '0006_imports'")
        # refiled by the older version, with no trigger to see it
        conn.execute("UPDATE dossiers SET next_contact = '2027-06-01' "
                     "WHERE full_name = 'Client 0'")
        conn.commit()
    finally:
        conn.close()

    with open_services(binder_path, clock) as services:  # migrates to head
        tabs = {t.key: t.count for t in services.views.tabs()}
    kept, grouped = _counts(binder_path)
    assert kept == grouped
    assert (tabs[TODAY.isoformat()], tabs["undated"], tabs["archive"]) == (1, 2, 1)
    assert tabs["2027-06"] == 1 and sum(tabs.values()) == 6


def test_the_first_version_s_binder_is_counted_and_kept_after_migrating(tmp_path, clock):
    """From 0001 to head: the counts table is filled and its triggers stand (a later
    migration that copied the dossiers table in batch mode would drop them with it)."""
    from tests.store.test_database import DATA

    path = tmp_path / "binder-0001.rbinder"
    shutil.copyfile(DATA / "binder-0001.rbinder", path)
    with open_services(path, clock) as services:
        services.dossiers.create(NewDossier(name="After", next_contact=TODAY))
    kept, grouped = _counts(path)
    assert kept == grouped and kept
    conn = sqlite3.connect(path)
    try:
        triggers = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'dossiers'")}
    finally:
        conn.close()
    assert {"dossier_counts_insert", "dossier_counts_delete",
            "dossier_counts_update"} <= triggers
