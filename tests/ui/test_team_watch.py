"""A window on a team binder keeps up with another user's changes within two seconds (the
strip's counts, the list, the card, but not what is being typed into it), and when its
server is lost it says so, turns read-only keeping what was typed, and comes back by
itself, saving it. A real server (tests/pg.py); the other user is a second Services."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from PySide6.QtGui import QGuiApplication

from app.binder import Postpone
from app.clock import FixedClock
from app.services import Services, open_services
from app.ui.team_watch import lost_text
from tests.conftest import TODAY
from tests.store.test_team_listen import wait_listening
from tests.ui.conftest import add, counts, listed, type_keys

DELIVERY_MS = 2000
TOMORROW = date(2026, 11, 25)
SHOT = Path(tempfile.gettempdir()) / "ringbinder-team-offline.png"  # to look at, not kept


@pytest.fixture
def team(pg_binder_url: str, clock: FixedClock) -> Iterator[tuple[Services, Services]]:
    """My Services and another user's, on one team binder with a few clients today."""
    mine, theirs = open_services(pg_binder_url, clock), open_services(pg_binder_url, clock)
    for name, fields in [("Zofia Nowak", {"time": "09:00"}), ("Adam Smith", {}),
                         ("Carlos Ruiz", {"company": "Frutas Ruiz S.L."}),
                         ("Beata Kowalska", {"time": "14:30"})]:
        add(theirs, name, TODAY, **fields)
    add(theirs, "Олег Петров", TOMORROW)
    yield mine, theirs
    mine.close()
    theirs.close()


@pytest.fixture
def window(team, make_window):
    mine, _theirs = team
    window = make_window(mine)
    wait_listening(mine)
    return window


def ids(services: Services) -> dict[str, str]:
    """Every listed dossier's id by its name."""
    strip = services.views.strip(TODAY)
    return {row.name: row.id for tab in services.views.tabs(strip)
            for row in services.views.list_insert(tab.key, 100, 0, strip)}


def test_another_users_refile_shows_within_two_seconds(qtbot, window, team):
    _mine, theirs = team
    today, tomorrow = window.strip.today_key(), _key_of(window, TOMORROW)
    before = counts(window)
    assert before[today] == 4 and "Adam Smith" in listed(window)
    theirs.filing.move_each({ids(theirs)["Adam Smith"]: TOMORROW})
    qtbot.waitUntil(lambda: counts(window)[today] == 3, timeout=DELIVERY_MS)
    assert counts(window)[tomorrow] == before[tomorrow] + 1
    qtbot.waitUntil(lambda: "Adam Smith" not in listed(window), timeout=DELIVERY_MS)


def test_a_refile_in_one_window_shows_in_the_other(qtbot, window, team, make_window):
    _mine, theirs = team
    other = make_window(theirs)  # the colleague's window, on the same team binder
    today = window.strip.today_key()
    other.show_insert(today, [ids(theirs)["Beata Kowalska"]])
    other.postpone(Postpone.DAY)  # Ctrl+1 there
    qtbot.waitUntil(lambda: "Beata Kowalska" not in listed(window), timeout=DELIVERY_MS)
    assert counts(window)[today] == 3
    assert counts(window)[_key_of(window, TOMORROW)] == 2
    other.undo_stack.undo()  # and back: the first window follows
    qtbot.waitUntil(lambda: "Beata Kowalska" in listed(window), timeout=DELIVERY_MS)
    assert counts(window)[today] == 4


def test_the_card_takes_others_edits_but_keeps_what_is_being_typed(qtbot, window, team):
    _mine, theirs = team
    carlos = ids(theirs)["Carlos Ruiz"]
    window.jump_to(carlos)
    notes = window.pane.fields.fields["notes"].widget
    notes.setFocus()
    type_keys(qtbot, notes, "Call after the fair")
    theirs.dossiers.update(carlos, company="Frutas Ruiz S.A.", notes="their note")
    company = window.pane.fields.fields["company"].widget
    qtbot.waitUntil(lambda: company.text() == "Frutas Ruiz S.A.", timeout=DELIVERY_MS)
    assert notes.toPlainText() == "Call after the fair"


def test_a_lost_server_turns_the_window_read_only_and_it_comes_back(
        qtbot, window, team, pg_binder_url, pg_cluster):
    mine, theirs = team
    carlos = ids(theirs)["Carlos Ruiz"]
    window.jump_to(carlos)
    notes = window.pane.fields.fields["notes"].widget
    notes.setFocus()
    type_keys(qtbot, notes, "Typed as the line dropped")
    database = pg_binder_url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", port=pg_cluster.port, user="postgres",
                         dbname="postgres", autocommit=True) as admin:
        # an outage: no new connection gets in, and those there are cut
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s", (database,))
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=DELIVERY_MS)
        assert window.banner.text() == lost_text()
        assert mine.readonly and "[read-only]" in window.windowTitle()
        assert not window.actions_["new_dossier"].isEnabled()
        assert not window.list.dragEnabled()
        assert not window.pane.fields.isEnabled() and not window.pane.log_button.isEnabled()
        assert notes.toPlainText() == "Typed as the line dropped"  # kept, not saved
        assert "Notes" in (window.pane.fields.unsaved_work() or "")  # a crash would say so
        window.pane.ensureWidgetVisible(notes)
        window.grab().save(str(SHOT))
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    assert not mine.readonly and "[read-only]" not in window.windowTitle()
    assert window.actions_["new_dossier"].isEnabled() and window.pane.fields.isEnabled()
    qtbot.waitUntil(lambda: theirs.dossiers.get(carlos).notes == "Typed as the line dropped",
                    timeout=DELIVERY_MS)
    theirs.filing.move_each({carlos: TOMORROW})  # and others' changes come through again
    qtbot.waitUntil(lambda: "Carlos Ruiz" not in listed(window), timeout=DELIVERY_MS)


def test_leaving_a_card_while_the_server_is_lost_puts_what_was_typed_on_the_clipboard(
        qtbot, window, team, pg_binder_url, pg_cluster):
    mine, theirs = team
    names = ids(theirs)
    window.jump_to(names["Carlos Ruiz"])
    notes = window.pane.fields.fields["notes"].widget
    notes.setFocus()
    type_keys(qtbot, notes, "Ask about the fair")
    database = pg_binder_url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", port=pg_cluster.port, user="postgres",
                         dbname="postgres", autocommit=True) as admin:
        # only the listener is cut, and kept out: the reads still get through
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND query = 'LISTEN ringbinder'", (database,))
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=DELIVERY_MS)
        window.jump_to(names["Adam Smith"])  # the user goes on to another card
        assert window.pane.dossier_id == names["Adam Smith"]
        assert QGuiApplication.clipboard().text() == "Notes:\nAsk about the fair"
        assert "clipboard" in window.statusBar().currentMessage()
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    assert mine.dossiers.get(names["Carlos Ruiz"]).notes == ""  # not written behind them


def _key_of(window, day: date) -> str:
    return next(t.key for t in window.strip.tabs() if t.day == day and t.first == t.last)


def test_a_binder_file_is_not_watched(make_window, services):
    window = make_window(services)
    assert window.team_watch is None
    window.close()
