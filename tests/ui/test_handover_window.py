"""The handover from the main window: hand over (what, to whom, the passphrase), open a file
read-only in its own window, take it over after a preview, resolve a conflict, return it.

Real binders on both sides; the file dialogs and the passphrase prompt are the only seams."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit

from app.handover import container
from app.services import open_services
from app.ui.handover_export import HandoverExportDialog
from tests.conftest import TODAY
from tests.handover.conftest import FAST_N, PASSPHRASE, filled  # noqa: F401 (a fixture)
from tests.helpers import binder_digest
from tests.ui.conftest import add_overdue


@pytest.fixture
def colleague(tmp_path, _empty_binder_file, clock):
    path = tmp_path / "colleague.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    opened = open_services(path, clock)
    opened.settings.update(owner_name="Piotr Nowak")
    opened.handover.scrypt_n = FAST_N
    yield opened
    opened.close()


@pytest.fixture
def owner_file(filled, tmp_path):  # noqa: F811 (a fixture)
    out = tmp_path / "from-lucja.rbh"
    filled.services.handover.export(out, ids=list(filled.ids.values()), to_person="Piotr Nowak",
                                    passphrase=PASSPHRASE)
    return out


def _seams(window, tmp_path, passphrases=()):
    """Answer the file dialogs with tmp_path names and the prompt with `passphrases`."""
    asked = []
    answers = list(passphrases)

    def ask_passphrase(path, retry):
        asked.append(retry)
        return answers.pop(0) if answers else None

    window.handover.ask_passphrase = ask_passphrase
    window.handover.ask_save_path = lambda suggested: tmp_path / "out" / suggested
    (tmp_path / "out").mkdir(exist_ok=True)
    return asked


def _open(qtbot, window, path):
    window.handover.open_file(path)
    qtbot.waitUntil(lambda: window.handover.viewer is not None, timeout=10_000)
    return window.handover.viewer


def _preview(qtbot, window, path):
    """Open the file and ask to take it over: the viewer and the preview it leads to."""
    viewer = _open(qtbot, window, path)
    viewer.take_over.trigger()
    qtbot.waitUntil(lambda: window.handover.preview is not None, timeout=10_000)
    return viewer, window.handover.preview


def test_a_protected_file_asks_again_after_a_wrong_passphrase_and_opens_read_only(
        qtbot, make_window, colleague, owner_file, tmp_path):
    window = make_window(colleague)
    asked = _seams(window, tmp_path, ["wrong", PASSPHRASE])
    before = binder_digest(colleague.path)
    viewer = _open(qtbot, window, owner_file)
    assert asked == [False, True]  # asked, then told it was wrong and asked again
    banner = viewer.banner.text()
    assert "Łucja Kowalczyk" in banner and "Piotr Nowak" in banner and "Read-only" in banner
    assert "6 dossiers" in banner
    names = viewer.dossier_names()
    assert len(names) == 6 and "Дмитрий Соколов" in names
    # the strip's order: today's dossier first, the undated and the archived last
    assert names[0] == "Małgorzata Wiśniewska-Żółkiewska"
    assert names[-1] == "Begoña Ibáñez Muñoz"
    assert "Next contact:" in viewer.detail.toPlainText()  # the first one's next step
    assert "Rozmowa o cenach" in viewer.detail.toPlainText()  # and its history
    assert binder_digest(colleague.path) == before  # looking changes nothing


def test_a_damaged_file_is_refused_with_a_message(qtbot, make_window, colleague, owner_file,
                                                  tmp_path):
    window = make_window(colleague)
    _seams(window, tmp_path, [PASSPHRASE])
    damaged = tmp_path / "damaged.rbh"
    damaged.write_bytes(owner_file.read_bytes()[:-100])
    shown = []
    window.show_error = shown.append
    window.handover.open_file(damaged)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "damaged" in shown[0] and window.handover.viewer is None


def test_take_over_shows_the_preview_then_merges_everything(
        qtbot, make_window, colleague, owner_file, tmp_path, filled):  # noqa: F811
    window = make_window(colleague)
    _seams(window, tmp_path, [PASSPHRASE])
    viewer, preview = _preview(qtbot, window, owner_file)
    assert "6 new dossiers" in preview.counts.text()
    assert colleague.views.search("Соколов") == []  # nothing written before the choice
    preview.accept()
    qtbot.waitUntil(lambda: window.handover.last_summary is not None, timeout=10_000)
    assert window.handover.last_summary["new"] == 6
    assert [r.name for r in colleague.views.search("Соколов")] == ["Дмитрий Соколов"]
    assert not viewer.take_over.isEnabled() and "Taken over" in viewer.banner.text()
    today = window.strip.current_tab()
    assert today is not None and today.count >= 1  # the window shows the taken-over work


def test_a_conflict_is_resolved_field_by_field_in_the_dialog(
        qtbot, make_window, colleague, owner_file, tmp_path, filled):  # noqa: F811
    owner = filled.services
    first = filled.ids["Małgorzata Wiśniewska-Żółkiewska"]
    colleague.handover.merge(owner_file, PASSPHRASE)
    colleague.dossiers.update(first, notes="Colleague: call after 10", company="Their Co")
    back = tmp_path / "back.rbh"
    colleague.handover.return_handover(back, passphrase=PASSPHRASE)
    owner.dossiers.update(first, notes="Owner: prefers e-mail", company="Our Co")
    window = make_window(owner)
    _seams(window, tmp_path, [PASSPHRASE])
    _viewer, preview = _preview(qtbot, window, back)
    dialog = preview.resolve_conflicts()
    texts = " ".join(dialog.table.item(r, c).text() if dialog.table.item(r, c) else ""
                     for r in range(dialog.table.rowCount())
                     for c in range(dialog.table.columnCount()))
    assert "Owner: prefers e-mail" in texts and "Colleague: call after 10" in texts
    rows = {dialog.conflicts[r].field: r for r in range(dialog.table.rowCount())}
    dialog.choose(rows["notes"], "theirs")
    dialog.choose(rows["company"], "mine")
    dialog.accept()
    preview.accept()
    qtbot.waitUntil(lambda: window.handover.last_summary is not None, timeout=10_000)
    now = owner.dossiers.get(first)
    assert (now.notes, now.company) == ("Colleague: call after 10", "Our Co")


def test_hand_over_dialog_counts_the_period_and_insists_on_a_good_passphrase(
        qtbot, make_window, filled, tmp_path):  # noqa: F811
    window = make_window(filled.services)
    _seams(window, tmp_path)
    dialog = window.handover.hand_over()
    assert isinstance(dialog, HandoverExportDialog)
    # today and two weeks: Małgorzata (today), Дмитрий (+3), José (+14)
    assert "3 dossiers" in dialog.count_label.text()
    dialog.end.setDate(dialog.end.date().addDays(-10))
    assert "2 dossiers" in dialog.count_label.text()
    assert not dialog.ok.isEnabled()  # no passphrase yet
    dialog.secret.first.setText("long enough")
    dialog.secret.second.setText("long enougH")
    assert "differ" in dialog.status.text() and not dialog.ok.isEnabled()
    dialog.secret.second.setText("long enough")
    assert dialog.ok.isEnabled()
    dialog.to_person.setText("Ana Ruiz")
    dialog.accept()
    written = tmp_path / "out" / f"handover {TODAY.isoformat()} Ana Ruiz.rbh"
    qtbot.waitUntil(written.exists, timeout=10_000)
    info = container.read_header(written.read_bytes())
    assert info.encrypted and info.header.to_name == "Ana Ruiz"
    assert info.header.period.end == TODAY + timedelta(days=4)
    assert info.counts["dossiers"] == 2
    qtbot.waitUntil(lambda: "Handed over 2 dossiers" in window.statusBar().currentMessage())


def test_without_a_passphrase_the_dialog_warns_and_still_hands_over(
        qtbot, make_window, filled, tmp_path, clock):  # noqa: F811
    add_overdue(filled.services, clock, "Late", TODAY - timedelta(days=1))
    window = make_window(filled.services)
    dialog = window.handover.hand_over()
    assert "the overdue dossier" in dialog.overdue.text() and dialog.overdue.isChecked()
    assert "4 dossiers" in dialog.count_label.text()  # the period's 3 and the late one
    dialog.overdue.setChecked(False)
    assert "3 dossiers" in dialog.count_label.text()
    dialog.planned_button.setChecked(True)
    assert "5 dossiers" in dialog.count_label.text()  # every dated one not archived
    dialog.secret.setChecked(False)
    assert "anyone" in dialog.status.text() and dialog.ok.isEnabled()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_return_handover_is_one_action_back_to_the_owner(
        qtbot, make_window, colleague, owner_file, tmp_path):
    colleague.handover.merge(owner_file, PASSPHRASE)
    window = make_window(colleague)
    _seams(window, tmp_path)
    dialog = window.handover.return_handover()
    assert "6 dossiers Łucja Kowalczyk handed over" in dialog.intro.text()
    dialog.secret.setChecked(False)
    dialog.accept()
    out = tmp_path / "out" / f"handover returned {TODAY.isoformat()}.rbh"
    qtbot.waitUntil(out.exists, timeout=10_000)
    info = container.read_header(out.read_bytes())
    assert info.header.to_name == "Łucja Kowalczyk" and info.counts["dossiers"] == 6


def test_return_handover_without_a_taken_over_file_says_so(make_window, colleague):
    window = make_window(colleague)
    shown = []
    window.show_error = shown.append
    assert window.handover.return_handover() is None
    assert "nothing to return" in shown[0]


def test_print_report_from_the_window_writes_the_pdf(
        qtbot, make_window, colleague, owner_file, tmp_path):
    from pypdf import PdfReader

    window = make_window(colleague)
    _seams(window, tmp_path, [PASSPHRASE])
    target = tmp_path / "report.pdf"
    window.printing.ask_path = lambda suggested: target
    shown = []
    window.printing.show_pdf = shown.append
    viewer = _open(qtbot, window, owner_file)
    viewer.print_report.trigger()
    qtbot.waitUntil(lambda: shown == [target], timeout=20_000)
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Piotr Nowak" in text and "Соколов" in text


def test_a_binder_held_elsewhere_can_look_but_not_take_over(
        qtbot, make_window, owner_file, tmp_path, _empty_binder_file, clock):
    path = tmp_path / "held.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    with open_services(path, clock) as holder:  # another Ringbinder holds the binder
        holder.handover.scrypt_n = FAST_N
        readonly = open_services(path, clock, readonly=True)
        try:
            window = make_window(readonly)
            _seams(window, tmp_path, [PASSPHRASE])
            viewer = _open(qtbot, window, owner_file)
            assert len(viewer.dossier_names()) == 6
            assert not viewer.take_over.isEnabled()
            assert not window.actions_["return_handover"].isEnabled()
        finally:
            window.close()
            readonly.close()


def test_cancel_during_the_merge_writes_nothing(colleague, owner_file):
    """Cancel is honoured inside the merge's transaction: the binder stays as it was."""
    from app.errors import Cancelled
    from app.ui.handover_actions import _stoppable

    before = binder_digest(colleague.path)
    seen = []
    with pytest.raises(Cancelled):
        colleague.handover.merge(owner_file, PASSPHRASE, progress=_stoppable(
            lambda done, total: seen.append(done), lambda: len(seen) >= 2))
    assert binder_digest(colleague.path) == before and seen == [0, 1]
    assert colleague.handover.log.entries() == []


def test_the_open_dialog_starts_in_a_folder_with_no_name_typed(make_window, colleague,
                                                                ui_settings, tmp_path):
    """A remembered folder since removed (or no Documents folder) once came up as the file's
    name ("Documents"): the dialog opens in a folder that exists, its name field empty."""
    window = make_window(colleague)
    ui_settings.setValue("handover/folder", str(tmp_path / "removed since"))
    dialog = window.handover.open_file_dialog()
    assert dialog.findChild(QLineEdit, "fileNameEdit").text() == ""
    assert Path(dialog.directory().absolutePath()).is_dir()
    assert dialog.windowTitle() == "Open handover file"
    dialog.deleteLater()
    (tmp_path / "handovers").mkdir()
    ui_settings.setValue("handover/folder", str(tmp_path / "handovers"))
    dialog = window.handover.open_file_dialog()
    assert dialog.directory().absolutePath() == str(tmp_path / "handovers")
    assert dialog.findChild(QLineEdit, "fileNameEdit").text() == ""
    dialog.deleteLater()
