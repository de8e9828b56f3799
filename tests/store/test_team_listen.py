"""Others' changes heard on a team binder (issue 17): the notes the triggers of migration
0011 send at commit, a watcher on a second Services turning them into Changes within
moments, and a listener whose connection is killed reporting it lost, then back, with the
binder readable and writable again. A real server (tests/pg.py), no mocks."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from app.clock import FixedClock
from app.errors import ReadOnlyBinder
from app.services import Services, open_services
from app.services.dossiers import NewDossier
from app.services.dto import Changes
from app.store.team_listen import Notice
from tests.conftest import TODAY
from tests.pg import as_login

DELIVERY_S = 2.0
TOMORROW = date(2026, 11, 25)
FRIDAY = date(2026, 11, 27)


def dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def two(pg_binder_url: str, clock: FixedClock) -> Iterator[tuple[Services, Services]]:
    """Two users' Services on one team binder."""
    mine, theirs = open_services(pg_binder_url, clock), open_services(pg_binder_url, clock)
    yield mine, theirs
    mine.close()
    theirs.close()


@pytest.fixture
def notes(pg_binder_url: str) -> Iterator[queue.Queue[dict]]:
    """The raw notes on the channel, as any session listening to it gets them."""
    got: queue.Queue[dict] = queue.Queue()
    stop = threading.Event()
    conn = psycopg.connect(dsn(pg_binder_url), autocommit=True)
    conn.execute("LISTEN ringbinder")

    def run() -> None:
        while not stop.is_set():
            for note in conn.notifies(timeout=0.1):
                got.put(json.loads(note.payload))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield got
    stop.set()
    thread.join()
    conn.close()


def drain(got: queue.Queue, settle_s: float = 0.3) -> list:
    """The notes sent so far, each list in it as a set (PostgreSQL orders them as it may)."""
    time.sleep(settle_s)
    out = []
    while not got.empty():
        note = got.get_nowait()
        out.append({k: set(v) if isinstance(v, list) else v for k, v in note.items()})
    return out


def new(services: Services, name: str, when: date | None) -> str:
    return services.dossiers.create(NewDossier(name, next_contact=when))[0]


def test_a_refile_sends_its_dossier_and_both_dates(two, notes):
    mine, _theirs = two
    ana = new(mine, "Ana Ruiz", TOMORROW)
    assert {"d": {ana}, "t": {TOMORROW.isoformat()}} in drain(notes)
    mine.filing.move_each({ana: FRIDAY})
    said = drain(notes)
    assert {"d": {ana}, "t": {TOMORROW.isoformat(), FRIDAY.isoformat()}} in said
    mine.filing.move_each({ana: None})  # to Undated: null says so
    assert {"d": {ana}, "t": {None, FRIDAY.isoformat()}} in drain(notes)
    mine.filing.archive_many([ana], "moved away")
    assert {"d": {ana}, "t": {None}, "a": 1} in drain(notes)


def test_a_card_edit_names_its_dossier_without_dates_and_settings_say_so(two, notes):
    mine, _theirs = two
    ana = new(mine, "Ana Ruiz", TOMORROW)
    drain(notes)
    mine.dossiers.update(ana, company="Acme", phones=["+48 600 123 456"])
    said = drain(notes)
    assert said and all(note == {"d": {ana}} for note in said)
    mine.settings.update(daily_capacity=12)
    assert drain(notes) == [{"s": 1}]


def test_a_statement_without_rows_sends_nothing_and_a_bulk_one_says_all(
        two, notes, pg_binder_url):
    mine, _theirs = two
    for n in range(3):
        new(mine, f"Client {n}", TOMORROW)
    drain(notes)
    with psycopg.connect(dsn(pg_binder_url)) as conn:
        conn.execute("UPDATE dossiers SET priority = 2 WHERE full_name = 'nobody'")
    assert drain(notes) == []
    with psycopg.connect(dsn(pg_binder_url)) as conn:
        conn.execute(
            "INSERT INTO dossiers (full_name, sort_name, given_name, family_name, department,"
            " position, company, address, website, source, segment, tags, status, notes,"
            " purpose, priority, fixed, archived, archive_reason, main_phone, last_outcome,"
            " uuid, updated_at, created_at, next_contact) SELECT 'Bulk ' || n, 'bulk', '', '',"
            " '', '', '', '', '', '', '', '', 'prospect', '', '', 2, false, false, '', '', '',"
            " gen_random_uuid()::text, '2026-11-24T09:00:00.000000Z',"
            " '2026-11-24T09:00:00.000000Z', DATE '2026-11-25' FROM generate_series(1, 150) n")
    assert drain(notes) == [{"all": 1}]
    with psycopg.connect(dsn(pg_binder_url)) as conn:  # row by row, in one transaction
        for n in range(80):
            conn.execute("UPDATE dossiers SET next_contact = %s WHERE full_name = %s",
                         (date(2026, 12, 1 + n % 28), f"Bulk {n + 1}"))
    said = drain(notes)
    assert len(said) <= 51 and said[-1] == {"all": 1}


def test_a_refile_reaches_another_users_watcher_within_two_seconds(two):
    mine, theirs = two
    ana = new(mine, "Ana Ruiz", TOMORROW)
    heard: queue.Queue[Changes] = queue.Queue()
    theirs.watch(heard.put)
    wait_listening(theirs)
    started = time.monotonic()
    mine.filing.move_each({ana: FRIDAY})
    changes = heard.get(timeout=DELIVERY_S)
    assert time.monotonic() - started < DELIVERY_S
    assert ana in changes.dossiers
    assert {TOMORROW, FRIDAY} <= changes.dates
    assert not changes.everything


def test_a_dossier_given_to_a_colleague_reaches_their_strip(pg_binder_url, clock):
    """Each person signs in with a login of their own (a salesperson is no superuser): the
    notes are sent all the same, and a reassignment names the date it moves between strips."""
    people = {login: open_services(as_login(pg_binder_url, login), clock)
              for login in ("boss", "anna", "piotr")}
    try:
        heard: queue.Queue[Changes] = queue.Queue()
        people["piotr"].watch(heard.put)
        wait_listening(people["piotr"])
        ana = new(people["anna"], "Ana Ruiz", TOMORROW)
        people["anna"].filing.move_each({ana: FRIDAY})
        changes = _gather(heard)
        assert ana in changes.dossiers and {TOMORROW, FRIDAY} <= changes.dates
        people["boss"].people.reassign([ana], "piotr")
        changes = _gather(heard)
        assert ana in changes.dossiers and changes.dates == {FRIDAY}
        assert [r.name for r in people["piotr"].views.list_insert(FRIDAY.isoformat())] == [
            "Ana Ruiz"]
    finally:
        for services in people.values():
            services.close()


def _gather(heard: queue.Queue[Changes]) -> Changes:
    """What arrives within a moment, merged (a create and a refile may come apart)."""
    changes = heard.get(timeout=DELIVERY_S)
    time.sleep(0.3)
    while not heard.empty():
        changes.merge(heard.get_nowait())
    return changes


def test_a_settings_change_elsewhere_is_read_again_by_the_watcher(two):
    mine, theirs = two
    assert theirs.settings.get().daily_capacity == 20  # kept by their services
    heard: queue.Queue[Changes] = queue.Queue()
    theirs.watch(heard.put)
    wait_listening(theirs)
    mine.settings.update(daily_capacity=12)
    assert heard.get(timeout=DELIVERY_S).settings
    assert theirs.settings.get().daily_capacity == 12


def test_a_watcher_does_not_hear_its_own_writes(two):
    mine, theirs = two
    heard: queue.Queue[Changes] = queue.Queue()
    mine.watch(heard.put)
    wait_listening(mine)
    new(mine, "Ana Ruiz", TOMORROW)  # shown by the window that made it
    beata = new(theirs, "Beata Kowalska", FRIDAY)
    changes = heard.get(timeout=DELIVERY_S)
    assert changes.dossiers == {beata} and changes.dates == {FRIDAY}
    assert heard.empty()


def test_a_killed_listener_is_lost_then_back_and_the_binder_works_again(
        two, pg_binder_url, pg_cluster):
    mine, theirs = two
    ana = new(mine, "Ana Ruiz", TOMORROW)
    mine.views.card(ana)  # this thread's read connection, about to be killed too
    states: queue.Queue[bool] = queue.Queue()
    heard: queue.Queue[Changes] = queue.Queue()
    mine.watch(heard.put, states.put)
    wait_listening(mine)
    database = pg_binder_url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", port=pg_cluster.port, user="postgres",
                         dbname="postgres", autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()", (database,)).fetchone()
    assert killed and killed[0] >= 2  # the listener, the reads and the pool's, both users'
    assert states.get(timeout=DELIVERY_S) is False
    assert states.get(timeout=DELIVERY_S) is True
    assert heard.get(timeout=DELIVERY_S).everything  # what happened meanwhile: read it all
    assert not mine.readonly
    assert mine.views.card(ana).name == "Ana Ruiz"  # a new read connection
    mine.filing.move_each({ana: FRIDAY})  # the pool's dead connections are replaced
    assert theirs.views.card(ana).next_contact == FRIDAY


def test_a_lost_binder_is_read_only_until_it_is_back(two):
    mine, _theirs = two
    ana = new(mine, "Ana Ruiz", TOMORROW)
    mine.db.offline = True  # as the listener sets it when the server is lost
    assert mine.readonly
    with pytest.raises(ReadOnlyBinder):
        mine.filing.move_each({ana: FRIDAY})
    mine.db.offline = False
    mine.filing.move_each({ana: FRIDAY})


def test_watching_a_binder_file_does_nothing(binder_path: Path, clock: FixedClock):
    with open_services(binder_path, clock) as services:
        stop = services.watch(lambda _c: None, lambda _up: None)
        stop()


def test_a_note_that_cannot_be_read_says_everything():
    assert Notice.of("not json").everything
    assert Notice.of('{"d": 5}').everything
    note = Notice.of('{"d": ["x"], "t": ["2026-11-24", null], "a": 1}')
    assert (note.dossiers, note.dates, note.archive) == ({"x"}, {TODAY, None}, True)


def wait_listening(services: Services, listeners: int = 1) -> None:
    """Until the watcher's LISTEN is in place (a note sent before it is not heard)."""
    deadline = time.monotonic() + DELIVERY_S
    while time.monotonic() < deadline:
        if _listeners(services) >= listeners:
            return
        time.sleep(0.01)
    raise AssertionError("the watcher never listened")


def _listeners(services: Services) -> int:
    with services.db.reader() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN ringbinder'"
                    " AND datname = current_database()")
        return int(cur.fetchone()[0])
