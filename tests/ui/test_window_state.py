"""The window over time: the date changing while it is open, its size, splitter and last
insert remembered, and its models checked by Qt's model tester."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication

from app.binder import InsertKind
from app.services.demo import generate_demo
from app.ui.insert_model import ID_ROLE
from app.ui.main_window import DAY_CHECK_MS
from tests.conftest import TODAY
from tests.ui.conftest import (
    TOMORROW,
    click_tab,
    counts,
    listed,
    press,
    select_names,
    selected_names,
    type_search,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def first_day(window) -> date:
    return next(t.day for t in window.strip.tabs() if t.kind is InsertKind.DAY)


# -- the date changes while the window is open ---------------------------------------------

def test_past_midnight_the_strip_moves_on_to_the_new_today(known, clock):
    window = known
    assert window.strip.current_key() == "2026-11-24"
    clock.set_today(TOMORROW)
    window.check_day()
    assert first_day(window) == TOMORROW and window.strip.today_key() == "2026-11-25"
    assert window.strip.current_key() == "2026-11-25"  # today's insert was shown: still is
    assert listed(window) == ["Олег Петров", "María José Fernández"]
    assert selected_names(window) == ["Олег Петров"]
    tabs = window.strip.tabs()
    assert tabs[-3].key == "later" and [t.key for t in tabs if t.kind is InsertKind.DAY][-1] \
        == "2026-12-24"  # the window of sheets moved on by a day
    assert counts(window)["overdue"] == 5  # yesterday's four joined the overdue one
    assert window.load_label.text() == "2 filed for today · capacity 20 · 5 overdue"
    window.check_day()  # nothing changes when the day has not
    assert window.strip.current_key() == "2026-11-25"


def test_another_insert_stays_open_when_the_day_changes(qtbot, known, clock):
    window = known
    click_tab(qtbot, window, "2026-12")
    clock.set_today(TOMORROW)
    window.check_day()
    assert window.strip.today_key() == "2026-11-25"
    assert window.strip.current_key() == "2026-12"
    assert listed(window) == ["Ewa Zielińska"]  # 24 December has a sheet of its own now


def test_an_insert_that_has_gone_gives_way_to_today(qtbot, known, clock):
    """A laptop woken three days later: the sheet the user left is in the past."""
    window = known
    click_tab(qtbot, window, "2026-11-25")
    clock.set_today(date(2026, 11, 27))
    window.check_day()
    assert window.strip.current_key() == "2026-11-27"
    assert listed(window) == ["Tomasz Wiśniewski"]
    assert counts(window)["overdue"] == 7


def test_the_timer_notices_the_new_day_by_itself(qtbot, known, clock):
    window = known
    timer = window._day_timer
    assert timer.isActive() and timer.interval() == DAY_CHECK_MS
    clock.set_today(TOMORROW)
    timer.setInterval(5)  # rather than wait half a minute
    qtbot.waitUntil(lambda: window.strip.today_key() == "2026-11-25", timeout=2000)
    assert window.strip.current_key() == "2026-11-25"
    assert "Олег Петров" in listed(window)


def test_waking_the_application_checks_the_day(qtbot, known, clock):
    window = known
    clock.set_today(TOMORROW)
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert window.strip.current_key() == "2026-11-25"


def test_refiling_after_midnight_uses_the_new_today(qtbot, known, clock, services, known_ids):
    window = known
    clock.set_today(TOMORROW)
    window.check_day()
    click_tab(qtbot, window, "overdue")
    assert "Zofia Nowak" in listed(window)
    select_names(window, ["Zofia Nowak"])
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_1, CTRL)  # overdue + a day: the new tomorrow
    assert services.dossiers.get(known_ids["Zofia Nowak"]).next_contact == TOMORROW + timedelta(1)


# -- state kept between sessions -------------------------------------------------------------

def test_size_splitter_and_last_insert_are_remembered(qtbot, make_window, services, known_ids,
                                                      ui_settings, clock, tmp_path):
    assert ui_settings.fileName().startswith(str(tmp_path))  # never the user's own settings
    window = make_window(services)
    window.resize(1300, 700)
    window.splitter.setSizes([650, 400])
    sizes = window.splitter.sizes()
    click_tab(qtbot, window, "2026-12")
    window.close()
    stored = QSettings(ui_settings.fileName(), QSettings.Format.IniFormat)
    assert stored.value("binder/last_insert") == "2026-12"
    assert stored.value("binder/last_insert_day") == "2026-11-24"

    again = make_window(services, QSettings(ui_settings.fileName(),
                                            QSettings.Format.IniFormat))
    assert again.size() == QSize(1300, 700)
    assert again.splitter.sizes() == sizes
    assert again.strip.current_key() == "2026-12"  # the same day: where the user left off
    assert listed(again) == ["Ana Belén Torres", "Ewa Zielińska"]
    again.close()

    clock.set_today(TOMORROW)  # the next morning the binder opens at today
    morning = make_window(services, QSettings(ui_settings.fileName(),
                                              QSettings.Format.IniFormat))
    assert morning.strip.current_key() == "2026-11-25"
    assert morning.size() == QSize(1300, 700)


def test_a_fresh_window_opens_at_today_in_laptop_size(make_window, services, known_ids):
    window = make_window(services)
    assert window.size() == QSize(1366, 768)
    assert window.strip.current_key() == "2026-11-24"
    assert window.windowTitle() == "binder.rbinder — Ringbinder"


# -- the models ------------------------------------------------------------------------------

def test_the_insert_model_passes_the_model_tester(qtbot, qtmodeltester, window):
    # the tester is attached once the archive shows: when its first page does not fill the
    # list, Qt's view reads the next one from within the model's reset signal, before the
    # tester (connected after the view) hears that the reset is over
    click_tab(qtbot, window, "archive")
    qtmodeltester.check(window.list.model_)
    while window.list.model_.canFetchMore():  # the further pages, as scrolling reads them
        window.list.model_.fetchMore()
    assert window.list.model_.rowCount() == next(
        t.count for t in window.services.views.tabs() if t.key == "archive")
    click_tab(qtbot, window, "2026-11-28")  # an empty day
    assert window.list.model_.rowCount() == 0
    qtmodeltester.check(window.list.model_)


def test_the_search_results_model_passes_the_model_tester(qtbot, qtmodeltester, window):
    qtbot.keyClicks(window.search, "an")
    assert window.search.results.rowCount() > 0
    qtmodeltester.check(window.search.results)


@pytest.fixture
def long_insert(demo_services):
    """Over four hundred dossiers under one day (the list reads them a page at a time)."""
    services = demo_services
    generate_demo(services, 320, seed=7)
    day = TODAY + timedelta(days=2)
    ids = [r.id for t in services.views.tabs()
           if t.kind not in (InsertKind.ARCHIVE, InsertKind.OVERDUE)
           for r in services.views.list_insert(t.key)]
    services.filing.move(ids, day)
    return day.isoformat(), services.views.list_insert(day.isoformat())


def test_a_long_insert_loads_as_the_user_scrolls(qtbot, qtmodeltester, make_window,
                                                 demo_services, long_insert):
    key, expected = long_insert
    window = make_window(demo_services)
    click_tab(qtbot, window, key)
    assert counts(window)[key] == len(expected) > 400
    # the tester watches every page the view reads from here on (it cannot watch a reset of
    # a model that can fetch more: it fetches during the reset itself)
    qtmodeltester.check(window.list.model_)
    for _ in range(len(expected)):
        window.list.scrollToBottom()
        QApplication.processEvents()
        if window.list.model_.rowCount() == len(expected):
            break
    assert listed(window) == [r.name for r in expected]


def test_search_jumps_to_the_last_dossier_of_a_long_insert(qtbot, make_window, demo_services,
                                                           long_insert):
    key, expected = long_insert
    window = make_window(demo_services)
    last = expected[-1]
    type_search(qtbot, window, last.name)
    results = window.search.completer_.popup().model()
    row = next(r for r in range(results.rowCount())
               if results.index(r, 0).data(ID_ROLE) == last.id)
    for _ in range(row + 1):
        press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.strip.current_key() == key
    assert window.list.selected_ids() == [last.id]
    assert window.pane.dossier_id == last.id
    assert listed(window) == [r.name for r in expected]
