"""Taking over a handover: the preview says what arrives and the conflicts dialog shows both
values of each conflict in full, lets the user pick a side per row (mouse or keyboard) and
hands the choices back in the shape the merge takes; Cancel changes nothing."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.services import open_services
from app.services.dto import MergeConflict, MergeSummary
from app.ui.handover_conflicts import (
    COL_FIELD,
    COL_MINE,
    COL_NAME,
    COL_THEIRS,
    ConflictDialog,
)
from app.ui.handover_merge import MergePreviewDialog
from tests.handover.conftest import FAST_N, PASSPHRASE, filled  # noqa: F401 (a fixture)

NOTES_MINE = "Prefers calls after 10:00.\nDecision maker: the CFO.\nWants 10% off."
NOTES_THEIRS = "Met at the Poznań fair.\nWants samples before December."


def _filing(day: str | None, time: str | None = None, purpose: str = "", priority: int = 2,
            fixed: bool = False, archived: bool = False, reason: str = "") -> dict:
    return {"next_contact": day, "next_time": time, "purpose": purpose, "priority": priority,
            "fixed": fixed, "archived": archived,
            "archived_at": "2026-11-23T14:02:11.000000Z" if archived else None,
            "archive_reason": reason}


CONFLICTS = [
    {"id": "u1", "name": "Małgorzata Wiśniewska", "field": "company",
     "mine": {"company": "Przędzalnia Łódź S.A."}, "theirs": {"company": "Przędzalnia Łódź"},
     "resolution": "mine"},
    {"id": "u1", "name": "Małgorzata Wiśniewska", "field": "notes",
     "mine": {"notes": NOTES_MINE}, "theirs": {"notes": NOTES_THEIRS}, "resolution": "theirs"},
    {"id": "u2", "name": "Дмитрий Соколов", "field": "filing",
     "mine": _filing("2026-11-27", "09:30", "Отправить договор", priority=1, fixed=True),
     "theirs": _filing("2026-12-03", purpose="Call about the contract", archived=True,
                       reason="Ушёл к конкуренту"),
     "resolution": "theirs"},
    {"id": "u3", "name": "José Ñúñez García", "field": "phones",
     "mine": [["mobile", "+48 600 123 456", "+48600123456"], ["office", "+34 91 123 45 67", ""]],
     "theirs": [["mobile", "+48 600 123 457", "+48600123457"]], "resolution": "mine"},
    {"id": "u4", "name": "Анастасия Кузнецова", "field": "emails",
     "mine": [["work", "a.kuznetsova@uralchem.ru"]], "theirs": [], "resolution": "mine"},
]
DEFAULTS = {(c["id"], c["field"]): c["resolution"] for c in CONFLICTS}

SUMMARY = {
    "policy": "newest", "new": 12, "updated": 3, "events_added": 45, "documents_added": 2,
    "forms_added": 0, "templates_added": 0, "documents_updated": 1,
    "new_dossiers": [{"id": "n1", "name": "Grzegorz Brzęczyszczykiewicz"},
                     {"id": "n2", "name": "Олег Петров"}],
    "updated_dossiers": [{"id": "u1", "name": "Małgorzata Wiśniewska",
                          "fields": ["filing", "notes"]}],
    "conflicts": CONFLICTS,
}


@pytest.fixture
def conflicts_dialog(qtbot):
    dialog = ConflictDialog([MergeConflict.from_json(c) for c in CONFLICTS])
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def preview(qtbot):
    def make(summary: dict | MergeSummary = SUMMARY,
             banner: str = "From Łucja to Piotr") -> MergePreviewDialog:
        if not isinstance(summary, MergeSummary):  # as `handover import --json` writes it
            summary = MergeSummary.from_json(summary)
        dialog = MergePreviewDialog(summary, banner)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def cell(dialog: ConflictDialog, row: int, column: int) -> str:
    return dialog.table.item(row, column).text()


def kept(dialog: ConflictDialog) -> list[str]:
    """Which value each row shows as kept (marked and tinted), read off the cells."""
    sides = []
    for row in range(dialog.table.rowCount()):
        marked = [side for side, column in (("mine", COL_MINE), ("theirs", COL_THEIRS))
                  if dialog.table.item(row, column).data(Qt.ItemDataRole.AccessibleDescriptionRole)
                  == "kept"]
        assert len(marked) == 1
        sides.append(marked[0])
    return sides


def click_cell(qtbot, dialog: ConflictDialog, row: int, column: int) -> None:
    table = dialog.table
    centre = table.visualItemRect(table.item(row, column)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def click(qtbot, dialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


# -- the conflicts dialog ------------------------------------------------------------------

def test_both_values_are_shown_in_full_and_readable(qtbot, conflicts_dialog):
    d = conflicts_dialog
    assert d.windowTitle() == "Resolve conflicts"
    assert [cell(d, r, COL_NAME) for r in range(5)] == [c["name"] for c in CONFLICTS]
    assert [cell(d, r, COL_FIELD) for r in range(5)] == [
        "Company", "Notes", "Next contact", "Phones", "E-mails"]
    assert (cell(d, 0, COL_MINE), cell(d, 0, COL_THEIRS)) == (
        "Przędzalnia Łódź S.A.", "Przędzalnia Łódź")
    assert (cell(d, 1, COL_MINE), cell(d, 1, COL_THEIRS)) == (NOTES_MINE, NOTES_THEIRS)
    from datetime import date
    from datetime import time as day_time

    from app.i18n import long_date, short_time

    long_day, time = long_date(date(2026, 11, 27)), short_time(day_time(9, 30))
    assert long_day == "Friday, November 27, 2026" and time == "9:30\u202fAM"  # en_US
    mine_filing = cell(d, 2, COL_MINE).splitlines()
    assert mine_filing[0] == f"{long_day}, {time}"
    assert "Purpose: Отправить договор" in mine_filing
    assert {"High priority", "Fixed appointment"} <= set(mine_filing)
    theirs_filing = cell(d, 2, COL_THEIRS)
    assert long_date(date(2026, 12, 3)) in theirs_filing
    assert "Archived: Ушёл к конкуренту" in theirs_filing
    assert cell(d, 3, COL_MINE).splitlines() == ["mobile: +48 600 123 456",
                                                  "office: +34 91 123 45 67"]
    assert cell(d, 3, COL_THEIRS) == "mobile: +48 600 123 457"
    assert (cell(d, 4, COL_MINE), cell(d, 4, COL_THEIRS)) == (
        "work: a.kuznetsova@uralchem.ru", "(empty)")
    # every row tall enough for its longest value once the layout has settled: nothing cut
    table = d.table
    qtbot.waitUntil(lambda: all(table.rowHeight(r) >= table.sizeHintForRow(r)
                                for r in range(table.rowCount())))
    assert table.rowHeight(1) > table.rowHeight(0)  # the notes wrap onto several lines
    assert "Space" in table.toolTip()


def test_the_defaults_follow_each_conflicts_resolution(conflicts_dialog):
    assert conflicts_dialog.resolutions() == DEFAULTS
    assert kept(conflicts_dialog) == [c["resolution"] for c in CONFLICTS]
    assert conflicts_dialog.tally.text() == "3 keep this binder's value, 2 take the file's"


def test_take_all_theirs_then_ok_gives_theirs_everywhere(qtbot, conflicts_dialog):
    d = conflicts_dialog
    qtbot.mouseClick(d.take_all_theirs, Qt.MouseButton.LeftButton)
    assert kept(d) == ["theirs"] * 5
    click(qtbot, d, QDialogButtonBox.StandardButton.Ok)
    assert d.result() == QDialog.DialogCode.Accepted
    assert d.resolutions() == {key: "theirs" for key in DEFAULTS}
    qtbot.mouseClick(d.keep_all_mine, Qt.MouseButton.LeftButton)
    assert set(d.resolutions().values()) == {"mine"}


def test_clicking_a_value_keeps_it_in_that_row_only(qtbot, conflicts_dialog):
    d = conflicts_dialog
    click_cell(qtbot, d, 0, COL_THEIRS)
    assert d.resolutions() == {**DEFAULTS, ("u1", "company"): "theirs"}
    click_cell(qtbot, d, 0, COL_THEIRS)  # again: stays
    click_cell(qtbot, d, 0, COL_NAME)  # the name only selects the row
    assert d.resolutions() == {**DEFAULTS, ("u1", "company"): "theirs"}
    click_cell(qtbot, d, 2, COL_MINE)
    assert d.resolutions() == {**DEFAULTS, ("u1", "company"): "theirs", ("u2", "filing"): "mine"}
    assert kept(d) == ["theirs", "theirs", "mine", "mine", "mine"]


def test_the_keyboard_switches_the_current_row(qtbot, conflicts_dialog):
    d = conflicts_dialog
    assert d.table.hasFocus() and d.table.currentRow() == 0
    qtbot.keyClick(d.table, Qt.Key.Key_Down)
    assert d.table.currentRow() == 1
    qtbot.keyClick(d.table, Qt.Key.Key_Space)
    assert d.resolutions() == {**DEFAULTS, ("u1", "notes"): "mine"}
    qtbot.keyClick(d.table, Qt.Key.Key_Space)
    assert d.resolutions() == DEFAULTS
    qtbot.keyClick(d.table, Qt.Key.Key_Down)
    qtbot.keyClick(d.table, Qt.Key.Key_Left)  # the left column: this binder's
    qtbot.keyClick(d.table, Qt.Key.Key_Left)
    assert d.resolutions() == {**DEFAULTS, ("u2", "filing"): "mine"}
    qtbot.keyClick(d.table, Qt.Key.Key_Right)
    assert d.resolutions() == DEFAULTS
    assert d.tally.text() == "3 keep this binder's value, 2 take the file's"


# -- the preview ---------------------------------------------------------------------------

def test_the_preview_says_what_arrives_and_omits_what_is_zero(preview):
    dialog = preview()
    assert dialog.windowTitle() == "Take over handover"
    assert dialog.banner.text() == "From Łucja to Piotr"
    text = dialog.counts.text()
    for sentence in ("12 new dossiers", "3 dossiers updated", "45 history entries added",
                     "2 documents added", "1 document updated"):
        assert sentence in text
    assert "form" not in text  # forms_added, templates_added and forms_updated are 0
    assert dialog.take_over.isEnabled() and dialog.take_over.isDefault()
    assert dialog.take_over.text().replace("&", "") == "Take over"
    tree = dialog.lists
    shown = [tree.topLevelItem(0).child(n).text(0) for n in range(2)]
    assert shown == ["Grzegorz Brzęczyszczykiewicz", "Олег Петров"]
    assert tree.topLevelItem(1).child(0).text(0) == "Małgorzata Wiśniewska: Next contact, Notes"
    assert dialog.conflicts_line.text() == (
        "5 conflicts — 3 keep this binder's value, 2 take the file's")
    assert dialog.resolutions() == DEFAULTS


def test_one_of_each_reads_in_the_singular(preview):
    dialog = preview({"new": 1, "updated": 0, "events_added": 1, "forms_added": 1,
                      "templates_added": 1, "new_dossiers": [{"id": "n", "name": "Ana"}],
                      "conflicts": CONFLICTS[:1]})
    assert dialog.counts.text().splitlines()[1:] == [
        "•  1 new dossier", "•  1 history entry added", "•  1 form added",
        "•  1 form template added"]
    assert dialog.conflicts_line.text() == (
        "1 conflict — 1 keeps this binder's value, 0 take the file's")


def test_resolving_updates_the_line_and_cancel_keeps_the_choices(qtbot, preview):
    dialog = preview()
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    conflicts = dialog.conflict_dialog
    qtbot.waitExposed(conflicts)
    assert conflicts.isModal() and conflicts.resolutions() == DEFAULTS
    qtbot.mouseClick(conflicts.take_all_theirs, Qt.MouseButton.LeftButton)
    click(qtbot, conflicts, QDialogButtonBox.StandardButton.Ok)
    assert dialog.conflicts_line.text() == (
        "5 conflicts — 0 keep this binder's value, 5 take the file's")
    assert dialog.resolutions() == {key: "theirs" for key in DEFAULTS}
    # opened again, it starts from the choices made; Cancel throws away what changed
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    again = dialog.conflict_dialog
    qtbot.waitExposed(again)
    assert kept(again) == ["theirs"] * 5
    click_cell(qtbot, again, 3, COL_MINE)
    qtbot.mouseClick(again.keep_all_mine, Qt.MouseButton.LeftButton)
    click(qtbot, again, QDialogButtonBox.StandardButton.Cancel)
    assert dialog.resolutions() == {key: "theirs" for key in DEFAULTS}
    assert dialog.conflicts_line.text() == (
        "5 conflicts — 0 keep this binder's value, 5 take the file's")
    click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_file_with_nothing_new_says_so(preview):
    dialog = preview({"policy": "newest", "new": 0, "updated": 0, "events_added": 0,
                      "documents_added": 0, "forms_added": 0, "templates_added": 0,
                      "new_dossiers": [], "updated_dossiers": [], "conflicts": []})
    assert dialog.counts.text() == (
        "Nothing to take over: this binder already has everything in this file.")
    assert not dialog.take_over.isEnabled()
    assert dialog.lists.isHidden() and dialog.conflicts_box is None
    assert dialog.resolutions() == {}


def test_without_conflicts_there_is_no_conflicts_section(preview):
    dialog = preview({**SUMMARY, "conflicts": []})
    assert dialog.conflicts_box is None and dialog.resolve_button is None
    assert "12 new dossiers" in dialog.counts.text()


def test_only_conflicts_still_offer_the_take_over(preview):
    dialog = preview({"new": 0, "updated": 0, "conflicts": CONFLICTS[1:2]})
    assert dialog.counts.text() == "Nothing new in this file apart from the conflicts below."
    assert dialog.take_over.isEnabled() and dialog.lists.isHidden()


# -- end to end over real binders ----------------------------------------------------------

def test_the_choices_made_in_the_dialogs_decide_the_merge(
        qtbot, preview, filled, tmp_path, _empty_binder_file, clock):  # noqa: F811 (fixture)
    owner = filled.services
    ids = list(filled.ids.values())
    first, second = ids[0], ids[1]
    out, back = tmp_path / "out.rbh", tmp_path / "back.rbh"
    path = tmp_path / "colleague.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    with open_services(path, clock) as colleague:
        colleague.handover.scrypt_n = FAST_N
        owner.handover.export(out, ids=ids, passphrase=PASSPHRASE)
        colleague.handover.merge(out, PASSPHRASE)
        colleague.dossiers.update(first, notes="Od kolegi:\nchce próbki")
        colleague.dossiers.update(second, company="Северсталь")
        colleague.handover.export(back, ids=ids, passphrase=PASSPHRASE)
    owner.dossiers.update(first, notes="Moje notatki")
    owner.dossiers.update(second, company="Северсталь-Логистика АО")
    summary = owner.handover.preview(back, PASSPHRASE, policy="mine")
    dialog = preview(summary)
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    conflicts = dialog.conflict_dialog
    qtbot.waitExposed(conflicts)
    rows = {cell(conflicts, r, COL_FIELD): r for r in range(conflicts.table.rowCount())}
    assert set(rows) == {"Notes", "Company"}
    assert cell(conflicts, rows["Notes"], COL_THEIRS) == "Od kolegi:\nchce próbki"
    assert cell(conflicts, rows["Company"], COL_MINE) == "Северсталь-Логистика АО"
    click_cell(qtbot, conflicts, rows["Notes"], COL_THEIRS)
    click(qtbot, conflicts, QDialogButtonBox.StandardButton.Ok)
    click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    owner.handover.merge(back, PASSPHRASE, policy="mine", resolutions=dialog.resolutions())
    assert owner.dossiers.get(first).notes == "Od kolegi:\nchce próbki"
    assert owner.dossiers.get(second).company == "Северсталь-Логистика АО"
