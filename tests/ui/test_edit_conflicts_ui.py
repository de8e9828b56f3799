"""A card field someone else changed while it was being typed into (a colleague in a team
binder): the typed text stays, theirs is shown under it with "Keep mine" and "Take theirs",
nothing is written until one is chosen, and leaving the dossier unchosen puts the typed text
on the clipboard rather than losing it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY
from tests.ui.conftest import add, type_keys


@pytest.fixture
def card(make_window, services):
    ana = add(services, "Ana Ruiz", TODAY, notes="Wants samples")
    other = add(services, "Pablo Núñez", TODAY)
    window = make_window(services)
    window.jump_to(ana)
    return window, ana, other


def _type_over_notes(qtbot, window, text):
    notes = window.pane.fields.fields["notes"]
    notes.widget.setFocus()
    notes.widget.selectAll()
    type_keys(qtbot, notes.widget, text)
    return notes


def _show(window, field):
    """Scroll the card to the field, and keep a picture of it (to look at)."""
    from PySide6.QtWidgets import QScrollArea

    area = field.widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(field.error)
    window.grab().save(str(window.property("shots") or "/tmp/edit-conflict.png"))


def test_keep_mine_saves_over_theirs_once_chosen(qtbot, card, services):
    window, ana, _other = card
    notes = _type_over_notes(qtbot, window, "Visit in March")
    services.dossiers.update(ana, notes="Wants samples and a price list")  # a colleague
    window.pane.fields.flush()
    assert notes.in_conflict and notes.error.isVisible()
    assert "Wants samples and a price list" in notes.error.text()
    assert notes.widget.toPlainText() == "Visit in March"  # nothing typed is lost
    assert services.dossiers.get(ana).notes == "Wants samples and a price list"
    window.pane.fields.flush()  # no save while the choice is due
    assert services.dossiers.get(ana).notes == "Wants samples and a price list"
    _show(window, notes)

    notes.error.linkActivated.emit("mine")
    window.pane.fields.flush()
    assert services.dossiers.get(ana).notes == "Visit in March"
    assert not notes.error.isVisible()


def test_take_theirs_shows_their_text(qtbot, card, services):
    window, ana, _other = card
    notes = _type_over_notes(qtbot, window, "Visit in March")
    services.dossiers.update(ana, notes="Call on Friday")
    window.pane.fields.flush()
    notes.error.linkActivated.emit("theirs")
    assert notes.widget.toPlainText() == "Call on Friday" and not notes.changed()
    window.pane.fields.flush()
    assert services.dossiers.get(ana).notes == "Call on Friday"


def test_leaving_the_dossier_unchosen_keeps_the_typed_text_on_the_clipboard(qtbot, card,
                                                                            services):
    window, ana, other = card
    _type_over_notes(qtbot, window, "Visit in March")
    services.dossiers.update(ana, notes="Call on Friday")
    window.pane.fields.flush()
    with qtbot.waitSignal(window.bridge.failed) as said:
        window.jump_to(other)
    assert "clipboard" in said.args[0]
    assert "Visit in March" in QApplication.clipboard().text()
    assert services.dossiers.get(ana).notes == "Call on Friday"
