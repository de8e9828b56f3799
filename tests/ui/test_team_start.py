"""Starting the app on a team binder (`ringbinder --binder postgresql://… gui`): the
connection is made off the GUI thread, and a server that wants a password the app does not
know asks for it in the connect dialog rather than ending with an error; cancelling there
ends the app. Against a real server whose login needs its password (tests/pg.py)."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from app.ui.app import AppController
from app.ui.connect_dialog import ConnectDialog
from app.ui.team_passwords import PASSWORDS
from tests.pg import database_owned_by, password_login

SECRET = "pa:ss@w/ord ñ"


@pytest.fixture(autouse=True)
def _fresh_passwords(monkeypatch):
    monkeypatch.setattr(PASSWORDS, "_known", {})
    monkeypatch.setattr(PASSWORDS, "_keep", {})


@pytest.fixture
def starting(clock, ui_settings):
    """The app as `gui` starts it, before any window (team binders opened in background)."""
    app = AppController(clock, ui_settings)
    app.check_in_background = False
    app.daily_backup = False
    app.reminders = False
    yield app
    app.shut_down()


@pytest.fixture
def address(pg_cluster, request) -> str:
    """An empty database of a manager whose login needs a password, the address without it
    (as typed on the command line)."""
    password_login(pg_cluster, "marta_pw", SECRET)
    url = database_owned_by(pg_cluster, request.node.name, "marta_pw")
    return url.replace("postgresql+psycopg://", "postgresql://")


def _asked(qtbot, app: AppController) -> ConnectDialog:
    qtbot.waitUntil(lambda: app.asking is not None, timeout=15000)
    dialog = app.asking
    assert isinstance(dialog, ConnectDialog) and dialog.isVisible()
    return dialog


def test_a_password_the_app_does_not_know_is_asked_for_at_the_start(qtbot, starting, address):
    started = time.perf_counter()
    assert starting.open(address, create=True)  # returns at once: connecting in background
    assert time.perf_counter() - started < 1.0 and starting.window is None
    dialog = _asked(qtbot, starting)
    assert "password" in dialog.error.text()
    assert (dialog.login.text(), dialog.database.text()) == (
        "marta_pw", address.rsplit("/", 1)[1])
    dialog.password_field.setText("wrong")
    dialog.accept()
    again = _asked(qtbot, starting)  # a wrong one: asked again, with the server's answer
    assert "password authentication failed" in again.error.text()
    again.password_field.setText(SECRET)
    again.accept()
    qtbot.waitUntil(lambda: starting.window is not None or starting.asking is not None,
                    timeout=30000)
    assert starting.asking is None, starting.asking.error.text()
    window = starting.window
    assert window.services.team and window.services.people.me.manager  # the binder made
    assert SECRET not in window.windowTitle() and not starting.gave_up


def test_cancelling_the_question_at_the_start_ends_the_app(qtbot, starting, address):
    starting.open(address, create=True)
    _asked(qtbot, starting).reject()
    assert starting.gave_up and starting.window is None and starting.asking is None


def test_a_password_in_the_address_is_not_shown_while_connecting(qtbot, starting, address):
    given = address.replace("marta_pw@", f"marta_pw:{quote(SECRET, safe='')}@")
    starting.open(given, create=True)
    label = starting.connecting.dialog.labelText()
    assert "marta_pw@" in label and "pa" not in label.split("@")[0].split("//")[1]
    assert SECRET not in label and quote(SECRET, safe="") not in label
    qtbot.waitUntil(lambda: starting.window is not None, timeout=30000)


def test_cancelling_while_connecting_at_the_start_ends_the_app_at_once(qtbot, starting,
                                                                        address):
    starting.open(address, create=True)
    from PySide6.QtWidgets import QPushButton

    # the user's Cancel, before the server has answered
    starting.connecting.dialog.findChild(QPushButton).click()
    assert starting.gave_up and starting.window is None
