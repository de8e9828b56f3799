"""The migrations on PostgreSQL (a team binder's server): `upgrade head` on a fresh database
gives the tables and columns a solo binder has, a contact event cannot be changed there
either, the strip's counts table holds the same rows after the same writes, and the schema
goes down to nothing and back up. Run against a real server (tests/pg.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from app.store.database import MIGRATIONS_DIR
from app.store.models import Base
from app.store.schema import SCHEMA_HEAD

# each database's search index: FTS5's virtual table and its shadow tables on SQLite, the
# table of app/store/pg_search.py on PostgreSQL (migration 0010); each has its own SearchIndex
FTS = "dossier_fts"
PG_SEARCH = "dossier_search"
STAMP = "2026-11-24T09:00:00.000000Z"


def migrate(url: str, target: str = "head", *, down: bool = False) -> None:
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, target)
    finally:
        engine.dispose()


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[sa.Engine]:
    migrate(pg_url)
    engine = sa.create_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(binder_path: Path) -> Iterator[sa.Engine]:
    """A solo binder as open_binder migrates it."""
    engine = sa.create_engine(f"sqlite:///{binder_path}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "pg"])
def engine(request: pytest.FixtureRequest) -> sa.Engine:
    return request.getfixturevalue(f"{request.param}_engine")


def schema(engine: sa.Engine) -> dict[str, dict]:
    """Each table's columns (name, generic type, nullable), primary key and foreign keys."""
    inspector = sa.inspect(engine)
    tables = {}
    for table in inspector.get_table_names():
        if table.startswith(FTS) or table == PG_SEARCH:
            continue
        columns = [(c["name"], _generic(c["type"]), c["nullable"])
                   for c in inspector.get_columns(table)]
        foreign = sorted((tuple(f["constrained_columns"]), f["referred_table"],
                          tuple(f["referred_columns"]))
                         for f in inspector.get_foreign_keys(table))
        tables[table] = {
            "columns": sorted(columns),
            "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": foreign,
        }
    return tables


def _generic(kind: sa.types.TypeEngine) -> str:
    """The type as the models mean it (VARCHAR(200), DATE, BOOLEAN, JSON…), whatever each
    dialect calls it."""
    length = getattr(kind, "length", None)
    return f"{kind._type_affinity.__name__}({length})" if length else \
        kind._type_affinity.__name__


def test_upgrade_head_gives_the_solo_binder_s_tables_and_columns(pg_engine, sqlite_engine):
    on_sqlite, on_postgres = schema(sqlite_engine), schema(pg_engine)
    assert {"dossiers", "contact_events", "dossier_counts", "proposal_templates"} \
        <= set(on_postgres)
    assert sorted(on_postgres) == sorted(on_sqlite)
    assert FTS in sa.inspect(sqlite_engine).get_table_names()  # the tables left out
    assert PG_SEARCH in sa.inspect(pg_engine).get_table_names()
    assert PG_SEARCH not in sa.inspect(sqlite_engine).get_table_names()
    for table in on_sqlite:
        assert on_postgres[table] == on_sqlite[table], table
    heads = []
    for engine in (sqlite_engine, pg_engine):
        with engine.connect() as conn:
            heads.append(conn.execute(sa.text("SELECT version_num FROM alembic_version"))
                         .scalar_one())
    assert heads[0] == heads[1] == SCHEMA_HEAD


def plain(name: str) -> sa.TableClause:
    """A table of the models as plain SQL sees it: dates, booleans and numbers typed (each
    dialect stores them its way), the rest text as written; no model types, no defaults."""
    kept = (sa.Date, sa.Boolean, sa.Integer)
    return sa.table(name, *(
        sa.column(c.name, c.type if isinstance(c.type, kept) else sa.String())
        for c in Base.metadata.tables[name].columns))


def _dossier(conn: sa.Connection, name: str, day: date | None, *, archived: bool = False
             ) -> int:
    dossiers = plain("dossiers")
    values = {c.name: "" for c in Base.metadata.tables["dossiers"].c
              if not c.nullable and c.name != "pk"}
    values.update(full_name=name, sort_name=name, status="lead", priority=2, fixed=False,
                  archived=archived, next_contact=day, uuid=str(uuid.uuid4()),
                  created_at=STAMP, updated_at=STAMP)
    return conn.execute(dossiers.insert().values(values).returning(dossiers.c.pk)).scalar_one()


def test_a_contact_event_cannot_be_changed(engine):
    events = plain("contact_events")
    with engine.begin() as conn:
        pk = _dossier(conn, "Ana Ruiz", date(2026, 11, 24))
        conn.execute(events.insert().values(
            dossier_pk=pk, at=STAMP, kind="call", channel="phone", summary="Called",
            outcome="Wants a quote", offer="", currency="EUR", uuid=str(uuid.uuid4()),
            updated_at=STAMP))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(events.update().values(outcome="Not interested"))
    with engine.connect() as conn:
        assert conn.execute(sa.select(events.c.outcome)).scalars().all() == ["Wants a quote"]


def _writes(engine: sa.Engine) -> list[tuple]:
    """A day of filing: inserts, refilings, archives, an unarchive, deletes; the counts
    table afterwards, in order."""
    mon, tue, wed = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
    with engine.begin() as conn:
        dossiers = plain("dossiers")
        c = dossiers.c
        pks = {name: _dossier(conn, name, day) for name, day in [
            ("Ana", mon), ("Bea", mon), ("Carl", tue), ("Dora", tue), ("Emil", None),
            ("Fay", None), ("Gus", wed)]}
        pks["Old"] = _dossier(conn, "Old", mon, archived=True)

        def update(name: str, **values: object) -> None:
            conn.execute(dossiers.update().where(c.pk == pks[name]).values(**values))

        update("Ana", next_contact=tue)  # refiled
        update("Bea", next_contact=mon, notes="same day, another field")  # no move
        update("Carl", archived=True, archived_at=STAMP)  # archived
        update("Emil", next_contact=wed)  # dated
        update("Gus", next_contact=None)  # undated
        update("Old", archived=False, next_contact=wed)  # back from the archive
        conn.execute(dossiers.delete().where(c.pk.in_([pks["Dora"], pks["Fay"]])))
        conn.execute(dossiers.update().where(c.next_contact == wed)
                     .values(next_contact=tue))  # a whole day moved at once
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(
            "SELECT archived, day, n FROM dossier_counts ORDER BY archived, day"))]


def test_the_counts_table_holds_the_same_rows_on_both(pg_engine, sqlite_engine):
    on_sqlite = _writes(sqlite_engine)
    assert on_sqlite == [(0, "", 1), (0, "2026-11-23", 1), (0, "2026-11-24", 3),
                         (1, "2026-11-24", 1)]
    assert _writes(pg_engine) == on_sqlite


def test_the_schema_goes_down_to_nothing_and_back_up_on_postgresql(pg_engine, pg_url):
    before = schema(pg_engine)
    migrate(pg_url, "base", down=True)
    assert set(sa.inspect(pg_engine).get_table_names()) <= {"alembic_version"}
    with pg_engine.connect() as conn:
        functions = conn.execute(sa.text(
            "SELECT proname FROM pg_proc JOIN pg_namespace n ON n.oid = pronamespace "
            "WHERE nspname = 'public'")).scalars().all()
    assert functions == []
    migrate(pg_url)
    assert schema(pg_engine) == before
    assert _writes(pg_engine) == [(0, "", 1), (0, "2026-11-23", 1), (0, "2026-11-24", 3),
                                  (1, "2026-11-24", 1)]
