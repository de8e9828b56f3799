"""A team binder's connections with a real password (tests/pg.py `password_login`): every
connection the binder makes (the ORM's, the plain reads', the listener's) reaches the server
with a password holding spaces and a URL's own characters, and no message shows it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from app.clock import FixedClock
from app.services import open_services
from app.services.dossiers import NewDossier
from app.store.team_db import unreachable
from tests.conftest import TODAY
from tests.pg import database_owned_by, password_login

SECRET = "pa:ss@w/ord ñ%20?#"


def test_a_password_with_spaces_and_url_characters_opens_every_connection(pg_cluster):
    password_login(pg_cluster, "olga_pw", SECRET)
    url = database_owned_by(pg_cluster, "spaced_password", "olga_pw")
    address = url.replace("olga_pw@", f"olga_pw:{quote(SECRET, safe='')}@")
    with open_services(address, FixedClock(TODAY), create=True) as services:
        services.dossiers.create(NewDossier(name="Ольга Петрова", next_contact=TODAY))
        assert [r.name for r in services.views.list_insert("today")] == ["Ольга Петрова"]
        assert services.views.search("петров")  # the plain reads' own connection
        assert SECRET not in services.db.location


def test_the_servers_answer_never_shows_the_password():
    for said in (f"password {SECRET} refused", f'invalid URI "{quote(SECRET, safe="")}"',
                 f"bad {quote(SECRET)}"):
        message = str(unreachable("postgresql://olga_pw@server/sales", Exception(said),
                                  SECRET))
        assert "***" in message and "pa:ss" not in message and "pa%3Ass" not in message


def test_the_plain_reads_connect_as_the_address_says_its_options_first():
    """An address's options (`?user=`, several `?host=`) are libpq's to read, as the ORM's
    connection reads them, not a second value that breaks the plain reads' connection."""
    from psycopg.conninfo import conninfo_to_dict
    from sqlalchemy import create_engine

    from app.store.team_db import TeamDB

    engine = create_engine("postgresql+psycopg://anna:p%20w@server:5433/sales"
                           "?user=bob&host=a&host=b&sslmode=require")
    assert conninfo_to_dict(TeamDB("x", engine).dsn) == {
        "user": "bob", "password": "p w", "dbname": "sales", "host": "a,b", "port": "5433",
        "sslmode": "require"}
    engine.dispose()


def test_a_short_password_does_not_garble_the_message():
    said = "password authentication failed for user"
    assert said in str(unreachable("postgresql://a@server/db", Exception(said), "a"))


def test_a_read_within_a_read_and_one_after_a_failed_read_each_give_their_own_rows(
        pg_binder_url):
    """A thread's read cursors are kept for its next reads: a read made inside another
    gets a cursor of its own, and a cursor whose statement failed is not given again."""
    import psycopg

    with open_services(pg_binder_url, FixedClock(TODAY), create=True) as services:
        db = services.db
        with db.reader() as outer:
            outer.execute("SELECT n FROM generate_series(1, 3) n")
            with db.reader() as inner:
                assert inner.execute("SELECT ?", (42,)).fetchall() == [(42,)]
            assert outer.fetchall() == [(1,), (2,), (3,)]
        with pytest.raises(psycopg.Error), db.reader() as failed:
            failed.execute("SELECT no_such_column")
        for _ in range(3):
            with db.reader() as cur:
                assert cur.execute("SELECT count(*) FROM users").fetchone()[0] >= 1
