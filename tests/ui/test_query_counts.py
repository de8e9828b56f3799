"""What a user notices as speed, counted in SQL statements: a card selected is read once.

At 100k dossiers every read of the card is a full DossierService.get (the dossier, its
phones, e-mails, history, documents and forms), so a switch of insert or a click on another
card must not read it twice, nor the Documents tab look the dossier up again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import event

from app.services import Services
from app.services.dto import Changes
from tests.ui.conftest import click_tab, listed, select_names

# the card's full read (DossierService.get: the only read that takes the forms with it; an
# operation's own reads of its dossiers stop at the phones and e-mails), as SQLite runs it
CARD_TRACED = re.compile(r"^SELECT .* FROM filled_forms\b")
# the strip's counts, however the store keeps them
COUNT_READ = re.compile(r"^SELECT .*\b(FROM dossier_counts|GROUP BY archived, next_contact)")
# a page of an insert's list
LIST_READ = re.compile(r"^SELECT .* FROM dossiers d WHERE d\.archived = [01]")
# all a switch of insert runs (transactions aside): the insert's first page, then the card's
# read: the dossier, its phones, e-mails, history, documents and forms.  Before the card was
# read once: 25, the card read twice and the Documents tab's own query twice.
SWITCH_STATEMENTS = 7
# a click on another card: the card's read alone (12 before, with the Documents tab's query)
SELECT_STATEMENTS = 6


@contextmanager
def every_statement(services: Services) -> Iterator[list[str]]:
    """Every SQL statement SQLite runs inside the block, the plain-SQL reads on the driver's
    cursor included (SQLAlchemy's events do not see those): SQLite's own trace."""
    seen: list[str] = []
    recording = [True]

    def trace(statement: str) -> None:
        if recording[0] and not statement.startswith("--"):  # "--": a trigger's body
            seen.append(" ".join(statement.split()))

    def checkout(dbapi_connection: object, _record: object, _proxy: object) -> None:
        dbapi_connection.set_trace_callback(trace)  # type: ignore[attr-defined]

    engine = services.db.engine
    event.listen(engine, "checkout", checkout)
    services.db.trace_reads(trace)
    try:
        yield seen
    finally:
        recording[0] = False
        services.db.trace_reads(None)
        event.remove(engine, "checkout", checkout)


def matching(pattern: re.Pattern[str], seen: list[str]) -> int:
    return sum(1 for statement in seen if pattern.search(statement))


def card_reads(seen: list[str]) -> int:
    return matching(CARD_TRACED, seen)


def sql(seen: list[str]) -> list[str]:
    """The statements, transactions aside."""
    return [s for s in seen if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA"))]


def test_a_switch_of_insert_reads_the_card_once(qtbot, make_window, demo_services):
    window = make_window(demo_services)
    pane = window.pane
    pane.tabs.setCurrentWidget(pane.documents)
    with every_statement(demo_services) as seen:
        click_tab(qtbot, window, "2026-11-25")
    assert window.strip.current_key() == "2026-11-25"
    first = listed(window)[0]
    assert window.list.selected_ids() == [window.list.current_id()]
    assert pane.dossier_id == window.list.current_id()
    assert first in pane.header.text()
    assert pane.tabs.currentWidget() is pane.documents  # the tab the user was on stays
    assert pane.documents.dossier_id == pane.dossier_id
    assert card_reads(seen) == 1, seen
    assert len(sql(seen)) <= SWITCH_STATEMENTS, seen


def test_another_card_of_the_insert_is_read_once(qtbot, make_window, demo_services):
    window = make_window(demo_services)
    click_tab(qtbot, window, "2026-11-26")
    other = listed(window)[2]
    with every_statement(demo_services) as seen:
        select_names(window, [other])
    assert other in window.pane.header.text()
    assert window.pane.dossier_id == window.list.current_id()
    assert card_reads(seen) == 1, seen
    assert len(sql(seen)) <= SELECT_STATEMENTS, seen


def test_the_documents_tab_lists_the_cards_documents_and_its_trash(
        qtbot, make_window, demo_services, tmp_path):
    """The documents come with the card's detail, trashed ones told apart from the rest."""
    window = make_window(demo_services)
    documents = window.pane.documents

    def shown() -> list[str]:
        model = documents.model
        return [model.item(r).text().split("  (")[0] for r in range(model.rowCount())]

    for name in ("kept.txt", "binned.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    assert documents.add_files([tmp_path / "kept.txt", tmp_path / "binned.txt"]) == 2
    dossier_id = window.pane.dossier_id
    assert dossier_id is not None
    binned = next(a.id for a in demo_services.attachments.list(dossier_id)
                  if a.filename == "binned.txt")
    window.bridge.run(lambda: demo_services.attachments.trash(binned))  # the card redrawn
    assert shown() == ["kept.txt"]
    documents.trash_button.click()
    assert shown() == ["binned.txt"]
    with every_statement(demo_services) as seen:
        window.bridge.announce(Changes({dossier_id}))
    assert shown() == ["binned.txt"]  # the trash still shown, from the card's detail
    assert card_reads(seen) == 1, seen


# -- the one change path: each part updates only what it shows ----------------------------

def test_a_refile_updates_the_counts_once_and_takes_out_one_row(qtbot, make_window,
                                                                  demo_services):
    window = make_window(demo_services)
    click_tab(qtbot, window, "2026-11-26")
    before = listed(window)
    window.list.setFocus()
    select_names(window, [before[1]])
    counts_before = {t.key: t.count for t in window.strip.tabs()}
    with every_statement(demo_services) as seen:
        qtbot.keyClick(window.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert listed(window) == before[:1] + before[2:]  # one row out, the others in place
    assert window.pane.dossier_id == window.list.current_id()
    assert before[2] in window.pane.header.text()  # the next dossier comes up
    counts_after = {t.key: t.count for t in window.strip.tabs()}
    assert counts_after["2026-11-26"] == counts_before["2026-11-26"] - 1
    assert counts_after["2026-11-27"] == counts_before["2026-11-27"] + 1
    assert matching(COUNT_READ, seen) == 1, seen
    assert matching(LIST_READ, seen) == 0, seen  # the insert is not read again
    assert card_reads(seen) == 1, seen  # the next card, once


def test_an_identity_edit_updates_its_row_and_no_count(qtbot, make_window, demo_services):
    window = make_window(demo_services)
    click_tab(qtbot, window, "2026-11-26")
    name = listed(window)[0]
    select_names(window, [name])
    company = window.pane.fields.fields["company"].widget
    assert isinstance(company, QLineEdit)
    company.setText("Frutas Peña S.L.")
    with every_statement(demo_services) as seen:
        window.pane.fields.flush()
    row = window.list.model_.rows()[0]
    assert row.name == name and row.company == "Frutas Peña S.L."  # the row redrawn
    assert "Frutas Peña S.L." in window.pane.header.text()  # and the card
    assert matching(COUNT_READ, seen) == 0, seen
    assert matching(LIST_READ, seen) == 0, seen
    assert card_reads(seen) == 1, seen
    window.undo_stack.undo()  # undone through the same path
    assert window.list.model_.rows()[0].company != "Frutas Peña S.L."


def test_a_template_saved_is_announced_on_the_change_path(qtbot, make_window, demo_services):
    window = make_window(demo_services)
    window.edit_form_templates()
    editor = window.dialog
    assert editor is not None
    with qtbot.waitSignal(window.bridge.changed) as announced:
        editor.templates_changed.emit()
    assert announced.args[0].templates and not announced.args[0].counts
