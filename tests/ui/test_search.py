"""Search (Ctrl+F): instant results as the user types, accents or not; Enter or a pick jumps
to the dossier's insert and selects it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.ui.conftest import add, listed, press, selected_names, type_search


@pytest.fixture
def people(services):
    """Spanish, Polish and Russian names with their marks, filed under different inserts."""
    ids = {
        "José Ángel García Pérez": add(services, "José Ángel García Pérez", date(2026, 12, 10),
                                       company="Construcciones Ibéricas"),
        "Marta García Ruiz": add(services, "Marta García Ruiz", None),
        "Łukasz Żółkiewski": add(services, "Łukasz Żółkiewski", date(2027, 3, 15)),
        "Фёдор Ёлкин": add(services, "Фёдор Ёлкин", date(2026, 11, 26)),
        "Анна Соколова": add(services, "Анна Соколова", TODAY),
        "Fernando Díaz": add(services, "Fernando Díaz", TODAY),
        "Carlos Ruiz": add(services, "Carlos Ruiz", TODAY),
    }
    services.filing.archive(ids["Fernando Díaz"], "company closed")
    return ids


@pytest.fixture
def window(make_window, services, people):
    return make_window(services)


@pytest.mark.parametrize(("typed", "expected"), [
    ("garcia", ["José Ángel García Pérez", "Marta García Ruiz"]),
    ("García", ["José Ángel García Pérez", "Marta García Ruiz"]),
    ("jose angel", ["José Ángel García Pérez"]),
    ("ibericas", ["José Ángel García Pérez"]),  # the company too
    ("lukasz", ["Łukasz Żółkiewski"]),
    ("Żółk", ["Łukasz Żółkiewski"]),
    ("zolkiewski", ["Łukasz Żółkiewski"]),
    ("Ёлкин", ["Фёдор Ёлкин"]),
    ("елкин", ["Фёдор Ёлкин"]),
    ("федор", ["Фёдор Ёлкин"]),
    ("Соко", ["Анна Соколова"]),
    ("ruiz", ["Carlos Ruiz", "Marta García Ruiz"]),
])
def test_typing_shows_instant_results(qtbot, window, typed, expected):
    assert sorted(type_search(qtbot, window, typed)) == sorted(expected)


def test_results_follow_each_keystroke_and_clear_with_the_text(qtbot, window):
    assert sorted(type_search(qtbot, window, "ga")) == ["José Ángel García Pérez",
                                                        "Marta García Ruiz"]
    qtbot.keyClicks(window.search, "rcia p")
    popup = window.search.completer_.popup()
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "José Ángel García Pérez"]
    assert type_search(qtbot, window, "xyzzy") == []
    window.search.clear()
    assert window.search.results.rowCount() == 0


def test_enter_jumps_to_the_best_match(qtbot, window, people, services):
    assert type_search(qtbot, window, "Żółk") == ["Łukasz Żółkiewski"]
    press(qtbot, window, Qt.Key.Key_Return)
    assert not window.search.completer_.popup().isVisible()
    assert window.strip.current_key() == "2027-03"
    assert selected_names(window) == ["Łukasz Żółkiewski"]
    assert window.pane.dossier_id == people["Łukasz Żółkiewski"]
    assert window.list.hasFocus()  # ready to work on the dossier from the keyboard

    type_search(qtbot, window, "елкин")
    press(qtbot, window, Qt.Key.Key_Enter)
    assert window.strip.current_key() == "2026-11-26"
    assert selected_names(window) == ["Фёдор Ёлкин"]


def test_picking_a_result_that_is_not_the_first(qtbot, window, people):
    names = type_search(qtbot, window, "garcia")
    wanted = names[1]
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Return)
    assert selected_names(window) == [wanted]
    assert window.pane.dossier_id == people[wanted]
    assert window.strip.current_key() == (
        "undated" if wanted == "Marta García Ruiz" else "2026-12-10")


def test_clicking_a_result_jumps_to_it(qtbot, window, people):
    names = type_search(qtbot, window, "ruiz")
    popup = window.search.completer_.popup()
    row = names.index("Marta García Ruiz")
    rect = popup.visualRect(popup.model().index(row, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.strip.current_key() == "undated"
    assert listed(window) == ["Marta García Ruiz"]
    assert selected_names(window) == ["Marta García Ruiz"]


def test_an_archived_dossier_is_found_in_the_archive(qtbot, window, people):
    assert type_search(qtbot, window, "diaz") == ["Fernando Díaz"]
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.strip.current_key() == "archive"
    assert selected_names(window) == ["Fernando Díaz"]
    assert "Archived: company closed" in window.pane.next_step.text()


def test_search_across_a_demo_binder(qtbot, make_window, demo_services):
    """A Polish name typed without its letters' marks ("ł" as "l") finds its dossier."""
    names = [r.name for t in demo_services.views.tabs()
             for r in demo_services.views.list_insert(t.key)]
    word = next(w for n in names for w in n.split() if "ł" in w and len(w) > 4)
    window = make_window(demo_services)
    found = type_search(qtbot, window, word.lower().replace("ł", "l"))
    assert found and word in found[0]
    press(qtbot, window, Qt.Key.Key_Return)
    assert selected_names(window) == [found[0]]
    assert window.strip.current_key() is not None


def test_two_clients_of_one_name_are_told_apart(qtbot, make_window, services):
    """Each result is a small card: the name with the company, the main phone and the next
    contact's date, not the name alone."""
    add(services, "Marta Nowak", date(2026, 12, 3), company="Drukarnia Nowak",
        phones=["+48 600 123 456"])
    add(services, "Marta Nowak", date(2027, 2, 10), company="Piekarnia Kowalski",
        phones=["+48 601 987 654"])
    window = make_window(services)
    assert type_search(qtbot, window, "marta nowak") == ["Marta Nowak", "Marta Nowak"]
    popup = window.search.completer_.popup()
    assert popup.itemDelegate() is window.search.delegate
    line = popup.fontMetrics().height()
    assert popup.sizeHintForRow(0) >= 4 * line  # a card: four lines, not one
    first, second = (popup.viewport().grab(popup.visualRect(popup.model().index(r, 0)))
                     for r in range(2))
    assert first.toImage() != second.toImage()
    assert popup.width() > window.search.width()  # room for the company and the phone


def test_escape_clears_the_search_then_leaves_it(qtbot, window):
    assert type_search(qtbot, window, "garcia")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.search.hasFocus()
    assert not window.search.completer_.popup().isVisible()
    assert window.search.results.rowCount() == 0
    key = window.strip.current_key()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.list.hasFocus()  # back to the insert, as it was
    assert window.strip.current_key() == key
