"""A write transaction on each database a binder lives on, for the bulk writer's tests: a
solo binder (SQLite, as open_binder makes it) and a team binder (a migrated PostgreSQL
database of the test's own, tests/pg.py). On both, the search index is watched: what the
writer hands it is recorded (on SQLite also written to FTS5, so search still finds it). On
PostgreSQL the recorder stands in for the index (app/store/pg_search.py is written apart),
the flush listener's too: these tests check what the writers give an index, not how that
index keeps it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.store import open_binder, search, upkeep
from tests.store.test_migrations_postgres import migrate

Write = Callable[[], AbstractContextManager[Session]]


class Recorder:
    """A search index that records the rows it is given (and passes them on, if it has an
    index behind it)."""

    def __init__(self, behind: Any = None) -> None:
        self.behind = behind
        self.added: list[tuple[Any, ...]] = []
        self.dropped: list[int] = []
        self.refreshed: list[int] = []

    def add(self, run: Any, rows: list[tuple[Any, ...]]) -> None:
        self.added += rows
        if self.behind is not None:
            self.behind.add(run, rows)

    def refresh(self, conn: Any, pks: Sequence[int], texts: Sequence[Any]) -> None:
        self.refreshed += pks
        if self.behind is not None:
            self.behind.refresh(conn, pks, texts)

    def drop(self, conn: Any, pks: Sequence[int]) -> None:
        self.dropped += pks
        if self.behind is not None:
            self.behind.drop(conn, pks)

    def bulk(self, conn: Any) -> AbstractContextManager[None]:
        return nullcontext() if self.behind is None else self.behind.bulk(conn)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.behind, name)


@pytest.fixture
def sqlite_db(binder_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Write]:
    recorder = Recorder(search.INDEX)
    monkeypatch.setattr(search, "INDEX", recorder)
    monkeypatch.setattr(upkeep, "INDEX", recorder, raising=False)  # the flush listener's
    db = open_binder(binder_path)
    try:
        yield db.write
    finally:
        db.close()


@pytest.fixture
def pg_db(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Write]:
    migrate(pg_url)
    recorder = Recorder()
    monkeypatch.setattr(search, "_team", recorder)
    # the flush listener's index too (FTS5's, until it asks search.index_for)
    monkeypatch.setattr(upkeep, "INDEX", recorder, raising=False)
    engine = sa.create_engine(pg_url)

    @contextmanager
    def write() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    try:
        yield write
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "pg"])
def db(request: pytest.FixtureRequest) -> Write:
    """A write transaction on a binder's database, each in turn."""
    return request.getfixturevalue(f"{request.param}_db")  # type: ignore[no-any-return]


def recorded(write: Write) -> Recorder:
    """The recorder watching the index of the database `write` writes to."""
    with write() as session:
        index = search.index_for(session.connection().dialect.name)
    assert isinstance(index, Recorder)
    return index
