"""The window on a team binder (a real PostgreSQL, each person with a login of their own):
connecting through File → Connect to a team binder…, the password kept out of the settings
and the title, and the Team menu: whose dossiers are shown, reassigning, the team's load and
its people."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QMenu

from app.clock import FixedClock
from app.i18n import set_locale
from app.services import open_services
from app.services.dossiers import NewDossier
from app.ui.app import AppController
from app.ui.connect_dialog import ConnectDialog, connect_team
from app.ui.language import install_qt_translator
from app.ui.team_dialogs import (
    PeopleDialog,
    ReassignDialog,
    ReassignPeriodDialog,
    TeamLoadDialog,
)
from app.ui.team_menu import TeamMenu
from app.ui.team_passwords import PASSWORDS, Passwords, TeamAddress
from tests.conftest import TODAY
from tests.pg import as_login, give_binder_to
from tests.ui.conftest import counts, listed
from tests.ui.test_binder_files import recent_menu
from tests.ui.test_mnemonics import letter, menus_of, twice, widget_claims, window_claims
from tests.ui.test_translated_ui import english_messages, untranslated

SECRET = "s3cret-Ünïcode@pass"  # the test server trusts its logins: any password opens it


@pytest.fixture(autouse=True)
def _fresh_passwords(monkeypatch):
    """Each test starts with no password known in this session."""
    monkeypatch.setattr(PASSWORDS, "_known", {})
    monkeypatch.setattr(PASSWORDS, "_keep", {})


@pytest.fixture
def controller(clock, ui_settings, binder_path):
    app = AppController(clock, ui_settings)
    app.check_in_background = False
    app.daily_backup = False
    app.reminders = False
    app.connect_in_background = False  # these tests look at the window the open made
    app.open(binder_path)
    yield app
    app.shut_down()


@pytest.fixture
def team(pg_binder_url):
    """The manager (the binder's first person), then Anna and Piotr."""
    opened = {login: open_services(as_login(pg_binder_url, login), FixedClock(TODAY))
              for login in ("boss", "anna", "piotr")}
    yield opened
    for services in opened.values():
        services.close()


def team_menu(window) -> TeamMenu:
    found = window.findChild(TeamMenu, "team-menu")
    assert found is not None
    return found


def show_items(window) -> list[str]:
    menu = team_menu(window)
    menu.fill()
    return [a.text() for a in menu.show_menu.actions() if a.isVisible() and not a.isSeparator()]


def fill(dialog: ConnectDialog, url: str, password: str) -> None:
    parts = urlsplit(url)
    dialog.host.setText(parts.hostname)
    dialog.port.setValue(parts.port)
    dialog.database.setText(parts.path.lstrip("/"))
    dialog.login.setText(parts.username)
    dialog.password_field.setText(password)


def test_connecting_through_the_dialog_opens_the_window_on_the_team_binder(
        qtbot, controller, pg_binder_url, ui_settings, tmp_path):
    solo = controller.window
    dialog = connect_team(solo)
    assert solo.dialog is dialog and "pgpass" in dialog.help.text()
    assert not dialog.remember.isEnabled()  # no keyring on this machine: asked each time
    fill(dialog, pg_binder_url, SECRET)
    dialog.accept()

    window = controller.window
    assert window is not solo and window.services.team
    database = urlsplit(pg_binder_url).path.lstrip("/")
    server = f"127.0.0.1:{urlsplit(pg_binder_url).port}"
    assert window.windowTitle() == f"{database} — postgres @ {server} — Ringbinder"
    assert window.findChild(QMenu, "team-menu") is not None
    ui_settings.sync()
    stored = (tmp_path / "ui.ini").read_text(encoding="utf-8")
    shown = f"postgresql://postgres@{server}/{database}"
    assert shown in stored
    for secret in (SECRET, "s3cret"):
        assert secret not in stored and secret not in window.windowTitle()
    assert window.services.db.location == shown


def test_a_team_binder_is_connected_to_off_the_gui_thread(qtbot, controller, pg_binder_url):
    """From a window, the connection is made by a worker ("Connecting…" with Cancel), and
    the window is replaced once it is open; a refusal asks again in the connect dialog."""
    controller.connect_in_background = True
    solo = controller.window
    assert controller.open(pg_binder_url)
    assert controller.window is solo  # the GUI thread went on meanwhile
    qtbot.waitUntil(lambda: controller.window is not solo and controller.window.services.team,
                    timeout=10_000)
    team_window = controller.window
    missing = TeamAddress.parse(team_window.services.db.location)
    controller.open(TeamAddress(missing.host, missing.port, "no_such_database",
                                "postgres").shown)
    qtbot.waitUntil(lambda: isinstance(team_window.dialog, ConnectDialog), timeout=10_000)
    assert "no_such_database" in team_window.dialog.error.text()
    assert controller.window is team_window


def test_a_remembered_team_binder_opens_from_the_recent_list_or_asks(
        qtbot, controller, pg_binder_url):
    """Opened with a password once, it reopens without asking (this session's memory); a
    team binder that cannot be opened asks again in the dialog, with the server's answer."""
    assert controller.open(pg_binder_url.replace("postgres@", f"postgres:{SECRET}@"))
    shown = controller.window.services.db.location
    assert controller.open(shown)  # the recent list's address: no password in it
    missing = TeamAddress.parse(shown)
    nowhere = TeamAddress(missing.host, missing.port, "no_such_database", "postgres").shown
    window = controller.window
    assert not controller.open(nowhere)
    asked = window.dialog
    assert isinstance(asked, ConnectDialog) and asked.error.isVisibleTo(asked)
    assert "no_such_database" in asked.error.text() and asked.database.text() == \
        "no_such_database"
    assert SECRET not in asked.error.text()


def test_a_change_of_language_reopens_the_team_binder_without_asking(qtbot, controller,
                                                                    pg_binder_url):
    from app import preferences
    from app.ui.language import choose

    assert controller.open(pg_binder_url.replace("postgres@", f"postgres:{SECRET}@"))
    first = controller.window
    try:
        choose(first, "pl_PL")
        window = controller.window
        assert window is not first and window.services.team and window.dialog is None
        # reopened with this session's password (the server here trusts its logins)
        assert quote(SECRET, safe="") in PASSWORDS.complete(window.services.db.location)
        assert "— postgres @ 127.0.0.1:" in window.windowTitle()
        assert team_menu(window).menu.title() == "&Zespół"
    finally:
        preferences.save(language="")
        set_locale("en_US")
        install_qt_translator()


def test_the_password_stays_out_of_the_address_and_the_keyring_is_guarded():
    passwords = Passwords()
    address = "postgresql+psycopg://anna:p%40ss@server:5433/sales?sslmode=require"
    assert TeamAddress.parse(address).shown == \
        "postgresql://anna@server:5433/sales?sslmode=require"
    assert passwords.complete(address) == "postgresql://anna:p%40ss@server:5433/sales" \
        "?sslmode=require"
    # known for the session under the address without it
    assert "p%40ss" in passwords.complete("postgresql://anna@server:5433/sales?sslmode=require")
    passwords.offer("postgresql://anna@server:5433/sales", "new", keep=True)
    passwords.opened("postgresql://anna@server:5433/sales")  # no keyring here: not kept, no error
    passwords.failed("postgresql://anna@server:5433/sales")
    assert passwords.complete("postgresql://anna@server:5433/sales") == \
        "postgresql://anna@server:5433/sales"


def test_a_manager_shows_a_colleagues_dossiers(qtbot, make_window, team):
    for name in ("Ana Ruiz", "Łukasz Wróblewski"):
        team["anna"].dossiers.create(NewDossier(name=name, next_contact=TODAY))
    window = make_window(team["boss"])
    today = TODAY.isoformat()
    assert counts(window)[today] == 0
    assert show_items(window) == ["&My dossiers", "anna", "piotr", "&Everyone's dossiers"]

    menu = team_menu(window)
    anna = next(a for a in menu.colleagues if a.text() == "anna")
    anna.trigger()
    assert counts(window)[today] == 2
    window.go_today()
    assert listed(window) == ["Ana Ruiz", "Łukasz Wróblewski"]
    assert window.windowTitle().endswith("(showing anna) — Ringbinder")
    assert [a.text() for a in menu.group.actions() if a.isChecked()] == ["anna"]
    menu.everyone.trigger()
    assert "(showing everyone)" in window.windowTitle()
    window.actions_["show_mine"].trigger()
    assert counts(window)[today] == 0 and "showing" not in window.windowTitle()


def test_a_salesperson_sees_only_their_own(qtbot, make_window, team):
    window = make_window(team["anna"])
    assert show_items(window) == ["&My dossiers"]
    assert not window.actions_["team_load"].isVisible()
    assert not window.actions_["reassign_period"].isVisible()
    assert window.actions_["reassign"].isEnabled()


def test_reassigning_the_selected_dossier_moves_it_out_of_the_list(qtbot, make_window, team):
    anna = team["anna"]
    ana, _ = anna.dossiers.create(NewDossier(name="Ana Ruiz", next_contact=TODAY))
    anna.dossiers.create(NewDossier(name="Pablo Núñez", next_contact=TODAY))
    window = make_window(anna)
    window.go_today()
    window.list.select_ids([ana])
    window.actions_["reassign"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, ReassignDialog) and dialog.windowTitle() == "Reassign 1 dossier"
    assert dialog.chosen() == "boss"  # someone else than oneself, first by name
    dialog.person.setCurrentIndex(dialog.person.findData("piotr"))
    dialog.accept()
    assert listed(window) == ["Pablo Núñez"]
    assert counts(window)[TODAY.isoformat()] == 1
    assert [r.name for r in team["piotr"].views.list_insert("today")] == ["Ana Ruiz"]
    assert "1 dossier reassigned" in window.statusBar().currentMessage()
    assert window.undo_stack.undoText() == "Reassign 1 dossier"
    window.undo_stack.undo()  # Ctrl+Z: Ana is Anna's again
    assert sorted(listed(window)) == ["Ana Ruiz", "Pablo Núñez"]
    assert team["piotr"].views.list_insert("today") == []
    window.undo_stack.redo()
    assert listed(window) == ["Pablo Núñez"]


def test_a_refused_reassignment_is_said_in_the_dialog(qtbot, make_window, team):
    """Anna may not give away what is no longer hers (the manager gave it to Piotr)."""
    ana, _ = team["anna"].dossiers.create(NewDossier(name="Ana Ruiz", next_contact=TODAY))
    window = make_window(team["boss"])
    team_menu(window).everyone.trigger()
    window.go_today()
    window.list.select_ids([ana])
    anna_window = make_window(team["anna"])
    anna_window.go_today()
    anna_window.list.select_ids([ana])
    team["boss"].people.reassign([ana], "piotr")
    anna_window.actions_["reassign"].trigger()
    dialog = anna_window.dialog
    dialog.accept()
    assert dialog.isVisible() and "manager" in dialog.error.text()


def test_a_manager_reassigns_someones_inserts_and_sees_the_teams_load(qtbot, make_window,
                                                                      team):
    boss, piotr = team["boss"], team["piotr"]
    boss.settings.update(daily_capacity=2)
    for n in range(3):
        piotr.dossiers.create(NewDossier(name=f"Client {n}", next_contact=TODAY))
    window = make_window(boss)
    window.actions_["team_load"].trigger()
    load = window.dialog
    assert isinstance(load, TeamLoadDialog)
    assert load.count_at("piotr", TODAY) == 3 and load.count_at("anna", TODAY) == 0
    cell = load.table.item(2, 0)  # anna, boss, piotr
    assert cell.font().bold() and "1 day over" in load.note.text()
    load.table.cellDoubleClicked.emit(2, 0)  # Piotr's day: his dossiers, that day
    assert not load.isVisible() and "(showing piotr)" in window.windowTitle()
    assert listed(window) == ["Client 0", "Client 1", "Client 2"]

    window.actions_["reassign_period"].trigger()
    period = window.dialog
    assert isinstance(period, ReassignPeriodDialog)
    assert (period.source.currentData(), period.target.currentData()) == ("anna", "piotr")
    period.source.setCurrentIndex(period.source.findData("piotr"))
    period.target.setCurrentIndex(period.target.findData("anna"))
    period.accept()
    assert not period.isVisible()
    assert [r.name for r in team["anna"].views.list_insert("today")] == [
        "Client 0", "Client 1", "Client 2"]


def test_people_a_manager_adds_and_a_salesperson_only_sees(qtbot, make_window, team,
                                                            pg_binder_url):
    as_login(pg_binder_url, "maria")  # the server's administrator made her login
    give_binder_to(pg_binder_url, "boss")  # the manager's own: they let people in
    window = make_window(team["boss"])
    window.actions_["people"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, PeopleDialog) and dialog.table.rowCount() == 3
    dialog.login.setText("maria")
    dialog.name.setText("María Gómez")
    dialog.add()
    assert dialog.table.rowCount() == 4 and not dialog.error.isVisibleTo(dialog)
    dialog.close()
    assert "María Gómez (maria)" in show_items(window)

    seller = make_window(team["anna"])
    seller.actions_["people"].trigger()
    assert not seller.dialog.add_button.isVisibleTo(seller.dialog)


def test_a_manager_made_a_salesperson_elsewhere_sees_their_own_dossiers_again(
        qtbot, make_window, team, pg_binder_url):
    give_binder_to(pg_binder_url, "boss")
    team["boss"].people.set_role("anna", "manager")
    team["piotr"].dossiers.create(NewDossier(name="Piotr's client", next_contact=TODAY))
    window = make_window(team["anna"])
    team_menu(window).fill()  # the menu opened: her role read again
    team_menu(window).everyone.trigger()
    assert counts(window)[TODAY.isoformat()] == 1 and "showing everyone" in window.windowTitle()

    boss = make_window(team["boss"])
    boss.actions_["people"].trigger()
    dialog = boss.dialog
    assert isinstance(dialog, PeopleDialog)
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 1).text() == "boss")
    box = dialog.table.cellWidget(row, 2)
    box.setCurrentIndex(box.findData("salesperson"))  # the owner: refused
    assert "owns the binder's database" in dialog.error.text()
    qtbot.wait(50)
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 1).text() == "anna")
    box = dialog.table.cellWidget(row, 2)
    box.setCurrentIndex(box.findData("salesperson"))
    assert not dialog.error.isVisibleTo(dialog)

    assert show_items(window) == ["&My dossiers"]  # her Team menu opened again
    assert counts(window)[TODAY.isoformat()] == 0  # her own, not everyone's
    assert "showing" not in window.windowTitle()


@pytest.fixture(params=["en_US", "es_ES", "pl_PL", "ru_RU"])
def language(request):
    set_locale(request.param)
    install_qt_translator()
    yield request.param[:2]
    set_locale("en_US")
    install_qt_translator()


def test_the_team_menu_and_dialogs_speak_the_language_with_letters_of_their_own(
        language, qtbot, make_window, team):
    """No Alt+letter claimed twice in the menus, the window or a dialog of a team binder,
    and, translated, no English left in them."""
    window = make_window(team["boss"])
    english = english_messages("pl" if language == "en" else language)
    clashes, found = [], []
    for menu in menus_of(window):
        menu.aboutToShow.emit()
        items = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        if twice_ := twice([(letter(a.text()), a.text()) for a in items]):
            clashes.append((menu.title(), twice_))
        found += untranslated(menu, english)
    if twice_ := twice(window_claims(window)):
        clashes.append(("window", twice_))
    menu = team_menu(window)
    for opener in (lambda: connect_team(window), menu.reassign_period, menu.team_load,
                   menu.people):
        opener()
        dialog = window.dialog
        if twice_ := twice(widget_claims(dialog)):
            clashes.append((dialog.windowTitle(), twice_))
        found += untranslated(dialog, english)
        dialog.close()
    assert not clashes, clashes
    if language != "en":
        assert not found, found[:15]
        assert team_menu(window).menu.title() != "&Team"


@pytest.fixture
def desktop_keyring():
    """A keyring in memory, as a desktop's would keep the password. Its class is made after
    keyring chose this machine's backend, so that it is never chosen by itself."""
    before = keyring.get_keyring()

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.kept: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            self.kept.pop((service, username), None)

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def test_a_password_remembered_in_the_keyring_opens_the_binder_from_the_recent_list(
        qtbot, controller, pg_binder_url, desktop_keyring, ui_settings, tmp_path):
    dialog = connect_team(controller.window)
    assert dialog.remember.isEnabled() and not dialog.remember.isChecked()
    fill(dialog, pg_binder_url, SECRET)
    dialog.remember.setChecked(True)
    dialog.accept()
    shown = controller.window.services.db.location
    assert desktop_keyring.kept == {("Ringbinder", shown): SECRET}
    ui_settings.sync()
    assert SECRET not in (tmp_path / "ui.ini").read_text(encoding="utf-8")

    PASSWORDS._known.clear()  # another day: the keyring's password, found by the address
    assert recent_menu(controller.window)[0] == shown
    assert quote(SECRET, safe="") in PASSWORDS.complete(shown)
    first = controller.window
    file_menu = first.menuBar().actions()[0].menu()
    recent = next(a.menu() for a in file_menu.actions() if a.text() == "Open &recent")
    recent.actions()[0].trigger()
    assert controller.window is not first and controller.window.services.team

    again = connect_team(controller.window)  # unticked: forgotten in the keyring
    assert again.remember.isChecked() and again.database.text() == shown.rsplit("/", 1)[1]
    again.remember.setChecked(False)
    again.accept()
    assert desktop_keyring.kept == {}


def test_closing_the_app_while_connecting_lets_the_connection_go(qtbot, clock, ui_settings,
                                                                  binder_path, pg_binder_url):
    app = AppController(clock, ui_settings)
    app.check_in_background = False
    app.daily_backup = False
    app.reminders = False
    app.open(binder_path)
    app.open(pg_binder_url)
    app.shut_down()  # at once: no crash, no thread left running
    assert app.window is None
