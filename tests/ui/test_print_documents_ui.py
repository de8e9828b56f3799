"""The File menu's "Print with documents": a check box remembered in the settings, which the
card (Ctrl+P) and the insert's batch (Ctrl+Shift+P) honour; a document that could not be
printed is said after saving, not dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.pdf.test_print_documents import photo, proposal
from tests.ui.conftest import add, select_names


@pytest.fixture
def printed(monkeypatch, tmp_path):
    shown: list[Path] = []
    target = tmp_path / "out.pdf"
    from app.ui.print_actions import PrintActions

    monkeypatch.setattr(PrintActions, "ask_path", lambda self, suggested: target)
    monkeypatch.setattr(PrintActions, "show_pdf", lambda self, path: shown.append(path))
    return target, shown


@pytest.fixture
def with_docs(services):
    maria = add(services, "María Peña", TODAY)
    services.attachments.add(maria, "proposal.pdf", proposal(2))
    services.attachments.add(maria, "site.jpg", photo())
    services.attachments.add(maria, "broken.pdf", b"%PDF-1.4 not a PDF")
    add(services, "Łukasz Żółć", TODAY)
    return services


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def wait_for(qtbot, window) -> None:
    task = window.printing.task
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass


def test_the_check_box_is_off_at_first_and_remembered(make_window, with_docs, ui_settings):
    window = make_window(with_docs)
    action = window.actions_["print_with_documents"]
    assert action.isCheckable() and not action.isChecked()
    assert action in window.menuBar().actions()[0].menu().actions()  # in the File menu
    action.trigger()
    assert ui_settings.value("print/with_documents", type=bool) is True
    again = make_window(with_docs)
    assert again.actions_["print_with_documents"].isChecked()


def test_ctrl_p_with_documents_prints_the_card_and_its_documents(qtbot, make_window,
                                                                 with_docs, printed):
    target, shown = printed
    window = make_window(with_docs)
    window.actions_["print_with_documents"].trigger()
    select_names(window, ["María Peña"])
    qtbot.keyClick(window.list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, window)
    assert shown == [target]
    reader = PdfReader(target)
    assert len(reader.pages) == 1 + 1 + 2  # the card, the photo, the proposal
    assert "María Peña · proposal.pdf" in text_of(target).replace("\xa0", " ")
    # the damaged one: listed on the card, and said in the window
    assert "broken.pdf" in window.statusBar().currentMessage()
    assert window.printing.last_warnings == [
        "María Peña: broken.pdf is not printed: it could not be read as a PDF."]


def test_the_insert_batch_honours_the_check_box(qtbot, make_window, with_docs, printed):
    target, _shown = printed
    window = make_window(with_docs)
    window.printing.print_insert()
    wait_for(qtbot, window)
    assert len(PdfReader(target).pages) == 3  # unchecked: the agenda and two cards
    assert window.printing.last_warnings == []

    window.actions_["print_with_documents"].trigger()
    qtbot.keyClick(window.list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    wait_for(qtbot, window)
    assert len(PdfReader(target).pages) == 3 + 1 + 2
    assert "Proposal page 2" in text_of(target)
    assert len(window.printing.last_warnings) == 1
