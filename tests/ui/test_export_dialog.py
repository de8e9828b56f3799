"""File → Export…: a format and a scope, a file name offered, written in a worker; what is
written reads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.interchange.csv_contacts import read_csv
from app.interchange.vcard import read_vcard
from app.ui.export_dialog import BINDER, INSERT, SELECTED, ExportActions
from tests.conftest import TODAY
from tests.ui.conftest import add, select_names

WAIT = 10_000


@pytest.fixture
def asked(monkeypatch, tmp_path):
    """The save dialog: what it was offered, and the path the user picks."""
    offered: list[str] = []
    target = {"path": tmp_path / "out.vcf"}

    def ask(self, suggested: str, suffix: str) -> Path:
        offered.append(suggested)
        return target["path"]

    monkeypatch.setattr(ExportActions, "ask_path", ask)
    return target, offered


@pytest.fixture
def people(make_window, services):
    add(services, "Łukasz Żółć", TODAY, phones=["+48 600 123 456"], company="Żabka")
    add(services, "Иван Иванов", TODAY, emails=["ivan@romashka.ru"])
    add(services, "María Peña", None)
    return make_window(services)


def export(qtbot, window, fmt: str, scope: str) -> None:
    qtbot.keyClick(window.list, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.dialog
    dialog.choose(fmt, scope)
    dialog.accept()
    qtbot.waitUntil(lambda: window.exports.task is None, timeout=WAIT)


def test_the_whole_binder_as_vcard_reads_back(qtbot, people, asked):
    target, offered = asked
    export(qtbot, people, "vcard", BINDER)
    assert offered == ["binder.vcf"]
    names = {c.name for c in read_vcard(target["path"].read_bytes()).contacts}
    assert names == {"Łukasz Żółć", "Иван Иванов", "María Peña"}
    assert people.statusBar().currentMessage() == (
        f"Exported 3 contacts to {target['path']}")


def test_the_selection_as_outlook_csv(qtbot, people, asked):
    target, offered = asked
    target["path"] = target["path"].with_suffix(".csv")
    select_names(people, ["Łukasz Żółć", "Иван Иванов"])
    export(qtbot, people, "csv-outlook", SELECTED)
    assert offered == ["selected contacts (Outlook).csv"]
    names = {c.name for c in read_csv(target["path"].read_bytes()).contacts}
    assert names == {"Łukasz Żółć", "Иван Иванов"}


def test_the_open_insert_only(qtbot, people, asked):
    target, _offered = asked
    assert people.strip.current_key() == people.strip.today_key()
    export(qtbot, people, "vcard3", INSERT)
    names = {c.name for c in read_vcard(target["path"].read_bytes()).contacts}
    assert names == {"Łukasz Żółć", "Иван Иванов"}  # María is Undated
