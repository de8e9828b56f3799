"""The search index on both databases: the same dossiers, written through the ORM (so the
flush listener of app/store/upkeep.py keeps the index), are found alike in a binder file
(FTS5) and on PostgreSQL (app/store/pg_search.py): folding, word beginnings, phones, e-mails,
history, names only for a lone short word, many matches by name, edits, deletions and a
rebuild. Run against a real server (tests/pg.py)."""

from __future__ import annotations

import itertools
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.store import fts5, pg_search, upkeep
from app.store.binder_db import make_engine
from app.store.dialect import QmarkCursor
from app.store.fold import sort_key
from app.store.models import ContactEvent, Dossier, Email, Phone
from app.store.search import SearchIndex, index_for
from tests.pg import Cluster, create_database
from tests.store.test_migrations_postgres import migrate

# the index rows as each index holds them, key first, in key order: FTS5 the folded texts,
# PostgreSQL (migration 0014) the name, the phones and the words (as PostgreSQL writes them)
ROWS = {
    "sqlite": "SELECT rowid, name, company, position, phones, emails, notes, history "
              "FROM dossier_fts ORDER BY rowid",
    "postgresql": "SELECT dossier_pk, name, phones, terms::text, name_terms::text "
                  "FROM dossier_search ORDER BY dossier_pk",
}


_copies = itertools.count(1)


class Binder:
    """A binder on one database, written through the ORM and searched through its index."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.index: SearchIndex = index_for(self.dialect)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def add(self, name: str, company: str = "", *, phones: tuple[str, ...] = (),
            emails: tuple[str, ...] = (), notes: str = "", position: str = "",
            history: tuple[tuple[str, str], ...] = ()) -> int:
        with self.write() as session:
            dossier = Dossier(
                full_name=name, sort_name=sort_key(name), company=company, position=position,
                notes=notes,
                phones=[Phone(number=n, e164="+" + "".join(c for c in n if c.isdigit()),
                              position=i) for i, n in enumerate(phones)],
                emails=[Email(address=a, position=i) for i, a in enumerate(emails)])
            session.add(dossier)
            session.flush()
            for summary, outcome in history:
                session.add(ContactEvent(dossier_pk=dossier.pk, summary=summary,
                                         outcome=outcome))
            return dossier.pk

    @contextmanager
    def cursor(self) -> Iterator[object]:
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            cur = raw.cursor() if self.dialect == "sqlite" else QmarkCursor(raw.cursor())
            try:
                yield cur
            finally:
                cur.close()

    def search(self, typed: str, limit: int = 50) -> list[str]:
        if not self.index.wants(typed):
            return []
        with self.cursor() as cur:
            return [row[1] for row in self.index.search(cur, typed, limit)]

    def many_matches(self, typed: str, over: int | None = None) -> bool:
        with self.cursor() as cur:
            return self.index.many_matches(cur, typed, over)

    def index_rows(self) -> list[tuple]:
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(ROWS[self.dialect])]

    def as_stored(self, rows: list[tuple]) -> list[tuple]:
        """FTS5's index rows as this PostgreSQL binder's table would hold them."""
        with self.engine.connect() as conn:
            return [tuple(conn.exec_driver_sql(
                "SELECT %s, %s, %s, CAST(%s AS tsvector)::text, CAST(%s AS tsvector)::text",
                pg_search.stored(row)).one()) for row in rows]

    def made_rows(self) -> list[tuple]:
        """The index rows (FTS5's form) a refresh makes of the tables."""
        with self.engine.connect() as conn:
            pks = list(conn.exec_driver_sql("SELECT pk FROM dossiers ORDER BY pk").scalars())
            return sorted(fts5.index_row(t) for t in upkeep.read_texts(conn, pks))


@pytest.fixture(scope="session")
def _migrated_pg(pg_cluster: Cluster) -> str:
    """A database migrated to head, made once: each test's is a copy of it (migrating is
    the slow part)."""
    url = create_database(pg_cluster, "search_template")
    migrate(url)
    return url


def _pg_copy(cluster: Cluster, template: str, hint: str) -> str:
    import psycopg

    name = f"s{next(_copies)}_{hint.lower()}"[:60]
    with psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres",
                         dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
    return cluster.url(name)


@contextmanager
def _binder_on(url: str) -> Iterator[Binder]:
    engine = sa.create_engine(url)
    try:
        yield Binder(engine)
    finally:
        engine.dispose()


@pytest.fixture
def pg_binder(pg_cluster: Cluster, _migrated_pg: str) -> Iterator[Binder]:
    with _binder_on(_pg_copy(pg_cluster, _migrated_pg, "search")) as binder:
        yield binder


@pytest.fixture
def sqlite_binder(binder_path: Path) -> Iterator[Binder]:
    engine = make_engine(binder_path, readonly=False)  # as a solo binder is opened
    yield Binder(engine)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def binder(request: pytest.FixtureRequest) -> Binder:
    name = "pg_binder" if request.param == "postgresql" else "sqlite_binder"
    return request.getfixturevalue(name)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def with_clients(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 _empty_binder_file: Path) -> Iterator[Binder]:
    """The four clients in a binder of each kind, made once for the tests that only read."""
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        with _binder_on(_pg_copy(cluster, request.getfixturevalue("_migrated_pg"),
                                 "clients")) as binder:
            clients_in(binder)
            yield binder
        return
    path = tmp_path_factory.mktemp("clients") / "binder.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    engine = make_engine(path, readonly=False)
    binder = Binder(engine)
    clients_in(binder)
    yield binder
    engine.dispose()


def clients_in(binder: Binder) -> dict[str, int]:
    return {
        "lukasz": binder.add("Łukasz Wróblewski", "Zakłady Mięsne Sp. z o.o.",
                             phones=("+48 600 123 456",), emails=("l.wroblewski@zaklady.pl",)),
        "pena": binder.add("María José Peña Núñez", "Construcciones Ibáñez",
                           phones=("+34 612 345 678",), emails=("mjpena@ibanez.es",),
                           history=(("Presentación de la hormigonera nueva",
                                     "Pide presupuesto"),)),
        "yolkin": binder.add("Фёдор Ёлкин-Смирнов", "ООО «Север»",
                             phones=("+7 912 345-67-89",)),
        "smith": binder.add("John Smith", "Acme Ltd", phones=("+44 7400 123456",),
                            emails=("john_smith@acme.co.uk",), notes="Prefers e-mail"),
    }


@pytest.fixture
def clients(binder: Binder) -> dict[str, int]:
    return clients_in(binder)


LUKASZ, PENA, YOLKIN, SMITH = ("Łukasz Wróblewski", "María José Peña Núñez",
                               "Фёдор Ёлкин-Смирнов", "John Smith")


@pytest.mark.parametrize(("typed", "expected"), [
    # folding: accents, ł, ё, case
    ("lukasz", [LUKASZ]), ("Łukasz", [LUKASZ]), ("LUKASZ", [LUKASZ]),
    ("zaklady miesne", [LUKASZ]), ("Peña", [PENA]), ("nunez", [PENA]), ("ibanez", [PENA]),
    ("елкин", [YOLKIN]), ("Ёлкин", [YOLKIN]), ("федор", [YOLKIN]), ("север", [YOLKIN]),
    # a hyphen parts words, as a space does
    ("смирнов", [YOLKIN]), ("ёлкин-смирнов", [YOLKIN]), ("e mail", [SMITH]),
    # word beginnings, every word
    ("Łu", [LUKASZ]), ("lukasz wr", [LUKASZ]), ("maria j", [PENA]), ("ёл", [YOLKIN]),
    ("joh", [SMITH]), ("john peña", []), ("ukasz", []), ("roblewski", []),
    # phones: as written, fragments, with and without the country code
    ("600123456", [LUKASZ]), ("48600123456", [LUKASZ]), ("+48 600 123 456", [LUKASZ]),
    ("600 123", [LUKASZ]), ("600 12", [LUKASZ]), ("612345678", [PENA]),
    ("912 345", [YOLKIN]), ("9123456789", [YOLKIN]), ("7400123456", [SMITH]),
    ("23456", []),
    # e-mails: each part is a word; an underscore parts words too
    ("mjpena@ibanez.es", [PENA]), ("l.wroblewski", [LUKASZ]), ("acme", [SMITH]),
    ("john_smith@acme.co.uk", [SMITH]), ("smith", [SMITH]), ("john_sm", [SMITH]),
    ("smith_john", []), ("zaklady_pl", [LUKASZ]), ("pl_zaklady", []),
    # a phrase stays within one column, as in FTS5 ("Ltd" ends the company, the phones next)
    ("ltd_44", []),
    # the history
    ("hormigonera", [PENA]), ("presentacion hormig", [PENA]), ("presupuesto", [PENA]),
    # nothing to look for, no query syntax leaking through
    ("", []), ("  ", []), ('"*()-', []), ('Peña" OR "x', []), ("_", []), ("_ smith", [SMITH]),
    ("nonexistentword", []),
])
def test_found_alike_on_both_databases(with_clients, typed, expected):
    assert with_clients.search(typed) == expected


def test_the_index_rows_hold_the_same_folded_texts_on_both(sqlite_binder, pg_binder):
    clients_in(sqlite_binder)
    clients_in(pg_binder)
    on_sqlite, on_postgres = sqlite_binder.index_rows(), pg_binder.index_rows()
    assert pg_binder.as_stored(on_sqlite) == on_postgres
    assert on_sqlite[0][1:4] == ("lukasz wroblewski", "zaklady miesne sp. z o.o.", "")
    assert on_postgres[0][1:3] == ("lukasz wroblewski", "+48 600 123 456 48600123456 600123456")
    assert "'zaklady':" in on_postgres[0][3] and on_postgres[0][4] == "'lukasz' 'wroblewski'"


def test_one_or_two_letters_find_names_beginning_with_them(binder):
    for name in ("María Peña", "Marek Nowak", "Ana Ruiz", "Ольга Смирнова"):
        binder.add(name, notes="mama called")
    assert binder.search("m") == ["Marek Nowak", "María Peña"]  # unranked: by name
    assert binder.search("ma") == ["Marek Nowak", "María Peña"]
    assert binder.search("ол") == ["Ольга Смирнова"]
    assert binder.search("ca") == []  # "called", in the notes only
    # from three letters on, every field counts again (here the notes)
    assert len(binder.search("mam")) == 4


def test_a_common_beginning_with_many_matches_comes_by_name(binder, monkeypatch):
    for name in ("Marta Zamora", "Mario Alba", "Marcos Ruiz", "Ana Mar"):
        binder.add(name)
    monkeypatch.setattr(fts5, "RANKED_MATCHES", 3)
    assert binder.search("mar") == ["Ana Mar", "Marcos Ruiz", "Mario Alba", "Marta Zamora"]
    assert binder.search("mar", limit=2) == ["Mario Alba", "Marta Zamora"]  # the first two
    monkeypatch.setattr(fts5, "RANKED_MATCHES", 10)
    assert sorted(binder.search("mar")) == [
        "Ana Mar", "Marcos Ruiz", "Mario Alba", "Marta Zamora"]  # all, ranked
    assert binder.many_matches("mar", over=3)
    assert not binder.many_matches("mar", over=4)
    assert not binder.many_matches("zzz", over=0)
    assert not binder.many_matches("_", over=0)


def test_a_name_outranks_the_notes_and_ties_come_in_key_order(binder):
    binder.add("Ana Ruiz", notes="met Carla Nowak at the fair")
    binder.add("Carla Nowak")
    binder.add("Carla Nowak", "Drukarnia")
    binder.add("Piotr Carlsson")
    assert binder.search("carla") == ["Carla Nowak", "Carla Nowak", "Ana Ruiz"]
    assert binder.search("carl")[-1] == "Ana Ruiz"
    assert binder.search("carla", limit=1) == ["Carla Nowak"]


def test_the_index_follows_edits_and_deletions(binder, clients):
    with binder.write() as session:
        smith = session.get(Dossier, clients["smith"])
        smith.full_name = "Jane Doe"
        smith.sort_name = sort_key("Jane Doe")
        smith.phones = [Phone(number="+44 7800 654321", e164="+447800654321")]
        smith.emails = [Email(address="jane@doe.co.uk")]
    assert binder.search("john") == []
    assert binder.search("7400123456") == []
    assert binder.search("jane") == ["Jane Doe"]
    assert binder.search("7800654321") == ["Jane Doe"]
    assert binder.search("jane@doe.co.uk") == ["Jane Doe"]
    assert binder.search("acme") == ["Jane Doe"]  # the company was not changed
    with binder.write() as session:
        session.add(ContactEvent(dossier_pk=clients["lukasz"], summary="Wizyta w Łodzi",
                                 outcome="Zamówienie"))
    assert binder.search("lodz") == [LUKASZ]
    with binder.write() as session:
        session.delete(session.get(Dossier, clients["pena"]))
    assert binder.search("pena") == []
    assert binder.search("hormigonera") == []
    assert len(binder.index_rows()) == 3


def test_dropped_and_cleared_rows_are_not_found_and_a_rebuild_finds_them_again(binder,
                                                                              clients):
    before = binder.index_rows()
    with binder.engine.begin() as conn:
        binder.index.drop(conn, [clients["pena"], clients["smith"]])
    assert binder.search("pena") == [] and binder.search("smith") == []
    assert binder.search("lukasz") == [LUKASZ]
    with binder.engine.begin() as conn:
        binder.index.clear(conn)
        conn.exec_driver_sql("UPDATE dossiers SET main_phone = '', last_outcome = ''")
    assert binder.index_rows() == [] and binder.search("lukasz") == []
    with binder.engine.begin() as conn:
        upkeep.rebuild(conn)
        phones = conn.exec_driver_sql(
            "SELECT main_phone, last_outcome FROM dossiers ORDER BY pk").all()
    assert binder.index_rows() == before
    assert binder.search("hormigonera") == [PENA]
    assert [tuple(p) for p in phones][1] == ("+34 612 345 678", "Pide presupuesto")


def test_rows_added_in_bulk_are_those_a_refresh_makes(pg_binder):
    """`add` (the bulk writers' way: SQLite-style SQL run by executemany) writes the rows
    a refresh from the tables makes."""
    clients = clients_in(pg_binder)
    before = pg_binder.index_rows()
    with pg_binder.engine.begin() as conn:
        pg_binder.index.clear(conn)
        from app.store.dialect import run

        pg_binder.index.add(lambda sql, rows: run(conn, sql, rows), pg_binder.made_rows())
    assert pg_binder.index_rows() == before
    assert pg_binder.search("presupuesto") == [PENA]
    assert len(clients) == 4


WORDS = ("Łukasz", "Łucja", "Małgorzata", "Paweł", "María", "José", "Peña", "Núñez", "Ana",
         "Marta", "Marek", "Nowak", "Kowalski", "Wiśniewska", "Фёдор", "Ёлкин", "Ольга",
         "Смирнова", "Соколов", "García", "Ruiz", "Díaz", "Zamora", "Alba", "Ibáñez")
TYPED = ("lukasz", "luc", "malgo", "pawel", "maria", "jose pena", "nunez", "ana", "mar",
         "marek nowak", "kowal", "wisniewska", "федор", "елкин", "ольга смир", "соколов",
         "garcia ruiz", "diaz", "zamora", "alba", "ibanez", "600", "600 1", "48 60",
         "presupuesto", "pedido", "llamar", "ruiz acme", "m", "ма", "e", "zz")


def _random_binder(binder: Binder, seed: int = 7, dossiers: int = 120) -> None:
    rng = random.Random(seed)
    for n in range(dossiers):
        name = " ".join(rng.sample(WORDS, rng.choice((2, 3))))
        binder.add(
            name, rng.choice(("", "Acme", "Ruiz S.L.", "Nowak i Syn", "ООО Север")),
            phones=tuple(f"+48 600 {rng.randrange(10**6):06d}"
                         for _ in range(rng.randrange(3))),
            emails=(f"c{n}@x.example",) if n % 3 else (),
            notes=" ".join(rng.sample(WORDS, rng.randrange(5))),
            history=tuple((rng.choice(("Llamar", "Pedido enviado", "Oferta")),
                           rng.choice(("Pide presupuesto", "", "Sin interés")))
                          for _ in range(rng.randrange(3))))


@pytest.mark.parametrize("count", [3, 4, 7, 8, 9])
def test_around_the_ranking_limit_the_same_dossiers_come_on_both(sqlite_binder, pg_binder,
                                                                 monkeypatch, count):
    """RANKED_MATCHES at 3 (`most`, 4, on PostgreSQL): 3 matches come ranked, 4 to 7 the
    first by key of them all gathered, 8 and more the first by key read in key order
    (migration 0014's three ways): the same two on both, in the same order."""
    monkeypatch.setattr(fts5, "RANKED_MATCHES", 3)
    for binder in (sqlite_binder, pg_binder):
        for n in range(count):  # a later key sorts first by name; every other one has the
            binder.add(f"{chr(ord('z') - n)}oe" + ("" if n % 2 else " Quokka"),  # word in
                       notes="a quokka" if n % 2 else "")  # its name, the others in notes
    found = [binder.search("quokka", limit=2) for binder in (sqlite_binder, pg_binder)]
    assert found[0] == found[1]
    assert found[0] == (["zoe Quokka", "xoe Quokka"] if count < 4  # the names' matches
                        else ["yoe", "zoe Quokka"])  # the first two keys, by name


def test_many_dossiers_are_found_alike_on_both(sqlite_binder, pg_binder, monkeypatch):
    """The same 120 random dossiers: the same matches for every query typed, in the same
    order where the order is by name (a short word, many matches), the same best match
    (a match in the name) where it is ranked."""
    for binder in (sqlite_binder, pg_binder):
        _random_binder(binder)
    assert pg_binder.as_stored(sqlite_binder.index_rows()) == pg_binder.index_rows()
    for over in (1000, 20):
        monkeypatch.setattr(fts5, "RANKED_MATCHES", over)
        for typed in TYPED:
            every = [b.search(typed, limit=1000) for b in (sqlite_binder, pg_binder)]
            assert sorted(every[0]) == sorted(every[1]), typed
            if sqlite_binder.many_matches(typed) or len(typed) < 3:
                assert sqlite_binder.search(typed) == pg_binder.search(typed), typed
            assert sqlite_binder.many_matches(typed) == pg_binder.many_matches(typed)
    found = sqlite_binder.search("zamora")
    assert found and "Zamora" in found[0] and "Zamora" in pg_binder.search("zamora")[0]


def test_two_colleagues_adding_to_one_dossier_at_once_both_are_indexed(pg_binder):
    """A team binder: two transactions add history to one dossier at the same time (neither
    changes the dossier's row). The second's refresh waits for the first to commit, then
    reads the texts again: no duplicate index row, both entries found."""
    import threading

    pk = pg_binder.add("Ana Ruiz")
    first = Session(pg_binder.engine)
    first.begin()
    first.add(ContactEvent(dossier_pk=pk, summary="Hormigonera", outcome=""))
    first.flush()  # its index row refreshed, not committed
    failed: list[BaseException] = []

    def second() -> None:
        try:
            with pg_binder.write() as session:
                session.add(ContactEvent(dossier_pk=pk, summary="Presupuesto", outcome=""))
        except BaseException as exc:  # reported below
            failed.append(exc)

    other = threading.Thread(target=second)
    other.start()
    other.join(0.5)
    assert other.is_alive()  # waiting for the first
    first.commit()
    first.close()
    other.join(10)
    assert not failed
    assert pg_binder.search("hormigonera presupuesto") == ["Ana Ruiz"]


def test_a_search_is_one_statement_whatever_is_typed(pg_binder):
    """Every keystroke's search runs the same statement with the text bound (migration
    0013): planned once per connection, and a quote typed in a name is only a quote."""
    pg_binder.add("Seán O'Brien", phones=["+353 87 123 4567"])
    pg_binder.add("Brien Walsh")
    seen: list[str] = []
    with pg_binder.engine.connect() as conn:
        cur = QmarkCursor(conn.connection.driver_connection.cursor(), trace=seen.append)
        for typed in ("o'brien", "sean o", "87123", "walsh"):
            assert pg_binder.index.search(cur, typed, 50), typed
    assert len(seen) == 4 and len(set(seen)) == 1
    assert "brien" not in seen[0] and "87123" not in seen[0]
    assert pg_binder.search("o'brien") == ["Seán O'Brien"]
