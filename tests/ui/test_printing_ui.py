"""Printing from the window: Ctrl+P for the card, a batch for the insert or a selection in a
worker with progress, Cancel leaves no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.ui.conftest import add, select_names


@pytest.fixture
def printed(monkeypatch, tmp_path):
    """Where the window is told to write, and what it showed."""
    shown: list[Path] = []
    target = {"path": tmp_path / "out.pdf"}
    from app.ui.print_actions import PrintActions

    monkeypatch.setattr(PrintActions, "ask_path", lambda self, suggested: target["path"])
    monkeypatch.setattr(PrintActions, "show_pdf", lambda self, path: shown.append(path))
    return target, shown


@pytest.fixture
def day_window(make_window, services):
    for name in ("Łukasz Żółć", "María Peña", "Иван Иванович Иванов"):
        add(services, name, TODAY)
    return make_window(services)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_ctrl_p_prints_the_selected_card_and_opens_it(qtbot, day_window, printed):
    target, shown = printed
    select_names(day_window, ["María Peña"])
    qtbot.keyClick(day_window.list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert shown == [target["path"]]
    reader = PdfReader(target["path"])
    assert len(reader.pages) == 1 and "María Peña" in reader.pages[0].extract_text()


def test_the_insert_prints_as_an_agenda_and_its_cards_in_a_worker(qtbot, day_window, printed):
    target, shown = printed
    day_window.printing.print_insert()
    task = day_window.printing.task
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    assert shown == [target["path"]], day_window.statusBar().currentMessage()
    text = text_of(target["path"])
    assert len(PdfReader(target["path"]).pages) == 4
    for name in ("Łukasz Żółć", "María Peña", "Иван Иванович Иванов"):
        assert name in text


def test_a_selection_prints_as_a_batch(qtbot, day_window, printed):
    target, _shown = printed
    select_names(day_window, ["Łukasz Żółć", "Иван Иванович Иванов"])
    day_window.printing.print_card()
    with qtbot.waitSignal(day_window.printing.task.done, timeout=20_000):
        pass
    assert len(PdfReader(target["path"]).pages) == 3
    assert "María Peña" not in text_of(target["path"])


def test_cancel_leaves_no_file(qtbot, day_window, printed):
    target, shown = printed
    day_window.printing.print_insert()
    task = day_window.printing.task
    task.cancel()
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    assert not target["path"].exists() and shown == []
    assert [p.name for p in target["path"].parent.iterdir() if p.suffix != ".rbinder"
            and "rbinder" not in p.name and p.suffix != ".ini"] == []


def test_an_unwritable_place_gets_a_message_and_no_file(qtbot, day_window, printed, tmp_path):
    target, shown = printed
    target["path"] = tmp_path / "no" / "such" / "folder" / "card.pdf"
    day_window.printing.print_card()
    assert shown == [] and not (tmp_path / "no").exists()
    assert "Cannot write" in day_window.statusBar().currentMessage()
