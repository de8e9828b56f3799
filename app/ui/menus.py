"""The window's actions, menus, toolbar and context menu, with their shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QToolBar, QWidget

from app.binder import Postpone
from app.i18n import _
from app.services.binder import BINDER_SUFFIX
from app.ui.language import language_menu, paper_menu
from app.ui.team_passwords import is_team_address

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

MAX_RECENT = 8
WITH_DOCUMENTS = "print/with_documents"  # the File menu's check box, read by the printing


def recent_binders(window: MainWindow) -> list[str]:
    value = window.settings.value("binder/recent") or []
    return [str(v) for v in (value if isinstance(value, list) else [value])][:MAX_RECENT]


def remember_binder(window: MainWindow, path: Path | str) -> None:
    """Put a binder first in File → Open recent: a file's path, or a team binder's address
    (given without its password: see app/ui/team_passwords.py)."""
    recent = [str(path)] + [p for p in recent_binders(window) if p != str(path)]
    window.settings.setValue("binder/recent", recent[:MAX_RECENT])


def _ask_path(window: MainWindow, create: bool) -> None:
    folder = str(window.settings.value("binder/folder") or
                 (Path.home() if window.services.team else window.services.path.parent))
    pattern = _("Ringbinder binders (*{suffix})").format(suffix=BINDER_SUFFIX)
    if create:
        name, _filter = QFileDialog.getSaveFileName(
            window, _("New binder"), folder, pattern)
        if name and not name.endswith(BINDER_SUFFIX):
            name += BINDER_SUFFIX
    else:
        name, _filter = QFileDialog.getOpenFileName(
            window, _("Open binder"), folder, pattern)
    if name:
        window.settings.setValue("binder/folder", str(Path(name).parent))
        window.openBinder.emit(Path(name), create)


def _open_settings(window: MainWindow) -> None:
    from app.ui.settings_dialog import open_settings

    open_settings(window.parts, window.reminders)


def _open_reports(window: MainWindow) -> None:
    from app.ui.reports_window import open_reports

    open_reports(window)


def _connect_team(window: MainWindow) -> None:
    from app.ui.connect_dialog import connect_team

    connect_team(window)


def _open_recent(window: MainWindow, where: str) -> None:
    """A binder file by its path; a team binder by its address (its password is found, or
    asked: see AppController.open)."""
    window.openBinder.emit(where if is_team_address(where) else Path(where), False)


def _with_documents(window: MainWindow, action: QAction) -> QAction:
    """The check box the card print and the insert batch read: remembered in the settings
    (print/with_documents), like the folder printed to."""
    action.setCheckable(True)
    action.setChecked(bool(window.settings.value(WITH_DOCUMENTS, False, type=bool)))
    action.toggled.connect(lambda on: window.settings.setValue(WITH_DOCUMENTS, on))
    return action


def _new_proposal(window: MainWindow) -> None:
    from app.ui.proposal_dialog import new_proposal

    new_proposal(window)


def _proposal_templates(window: MainWindow) -> None:
    from app.ui.proposal_templates import edit_proposal_templates

    edit_proposal_templates(window)


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """The actions call the window's parts through lambdas: a part (printing, the handover,
    import, export) is built, and its modules imported, when its action is first used."""
    acts: dict[str, QAction] = {}

    def act(name: str, text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            slot: object = None, tip: str = "") -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        window.addAction(action)
        acts[name] = action
        return action

    menu = window.menuBar().addMenu(_("&File"))
    menu.addAction(act("new_binder", _("&New binder…"), "Ctrl+Shift+N",
                       lambda: _ask_path(window, True)))
    menu.addAction(act("open_binder", _("&Open binder…"), QKeySequence.StandardKey.Open,
                       lambda: _ask_path(window, False)))
    menu.addAction(act("connect_team", _("&Connect to a team binder…"), None,
                       lambda: _connect_team(window),
                       _("Open a team binder on a PostgreSQL server")))
    recent = menu.addMenu(_("Open &recent"))

    def fill_recent() -> None:
        recent.clear()
        for path in recent_binders(window):
            action = recent.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: _open_recent(window, p))
        recent.setEnabled(bool(recent.actions()))

    menu.aboutToShow.connect(fill_recent)
    menu.addSeparator()
    menu.addAction(act("print_card", _("&Print card…"), QKeySequence.StandardKey.Print,
                       lambda: window.printing.print_card(),
                       _("Print the selected card (several selected: a batch) (Ctrl+P)")))
    menu.addAction(act("print_insert", _("Print in&sert…"), "Ctrl+Shift+P",
                       lambda: window.printing.print_insert()))
    menu.addAction(act("print_paper_inserts", _("Print p&aper inserts…"), None,
                       lambda: window.printing.print_paper_inserts()))
    menu.addAction(_with_documents(window, act(
        "print_with_documents", _("Print with &documents"), None, None,
        _("Cards print followed by the dossier's PDFs and images; other documents are "
          "listed on the card"))))
    menu.addSeparator()
    menu.addAction(act("hand_over", _("&Hand over…"), "Ctrl+Shift+H",
                       lambda: window.handover.hand_over(),
                       _("Hand your planned work to a colleague in one file (Ctrl+Shift+H)")))
    menu.addAction(act("open_handover", _("Open hando&ver file…"), "Ctrl+Shift+O",
                       lambda: window.handover.open_file()))
    menu.addAction(act("return_handover", _("Re&turn handover…"), None,
                       lambda: window.handover.return_handover(),
                       _("Send a handover you took over back to its owner")))
    menu.addSeparator()
    menu.addAction(act("import", _("&Import…"), "Ctrl+Shift+I",
                       lambda: window.imports.import_file(),
                       _("Contacts from a vCard, CSV or Excel file, or appointments from "
                          "a calendar (Ctrl+Shift+I)")))
    menu.addAction(act("undo_import", _("Undo i&mport…"), None,
                       lambda: window.imports.undo_import()))
    menu.addAction(act("export", _("&Export…"), "Ctrl+Shift+E",
                       lambda: window.exports.export(),
                       _("Contacts as vCard or CSV, next contacts as a calendar "
                          "(Ctrl+Shift+E)")))
    menu.addSeparator()
    menu.addAction(act("quit", _("&Quit"), QKeySequence.StandardKey.Quit, window.close))

    def find() -> None:
        window.search.setFocus()
        window.search.selectAll()

    menu = window.menuBar().addMenu(_("&Edit"))
    undo = window.undo_stack.createUndoAction(window, _("&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, _("&Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for name, action in (("undo", undo), ("redo", redo)):
        window.addAction(action)
        acts[name] = action
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(act("find", _("&Find…"), QKeySequence.StandardKey.Find, find))

    menu = window.menuBar().addMenu(_("&Go"))
    menu.addAction(act("today", _("&Today"), "Ctrl+T", window.go_today,
                       _("Open today's insert (Ctrl+T, Home)")))
    menu.addAction(act("previous", _("&Previous insert"), "Ctrl+PgUp",
                       lambda: window.strip.step(-1)))
    menu.addAction(act("next", _("&Next insert"), "Ctrl+PgDown",
                       lambda: window.strip.step(1)))
    menu.addSeparator()
    menu.addAction(act("reports", _("&Reports…"), "Ctrl+Shift+T", lambda: _open_reports(window),
                       _("Your activity, pipeline, lost clients and the coming weeks' load "
                         "(Ctrl+Shift+T)")))

    menu = window.menuBar().addMenu(_("&Dossier"))
    menu.addAction(act("new_dossier", _("&New dossier…"), QKeySequence.StandardKey.New,
                       window.new_dossier))
    menu.addAction(act("log_contact", _("&Log a contact…"), "Ctrl+L", window.log_contact))
    menu.addAction(act("new_proposal", _("New &proposal…"), None,
                       lambda: _new_proposal(window)))
    menu.addSeparator()
    refile = [
        act("postpone_day", _("Postpone by a &day"), "Ctrl+1",
            lambda: window.postpone(Postpone.DAY)),
        act("postpone_working_day", _("Postpone to the next &working day"), "Ctrl+2",
            lambda: window.postpone(Postpone.WORKING_DAY)),
        act("postpone_week", _("Postpone by a w&eek"), "Ctrl+7",
            lambda: window.postpone(Postpone.WEEK)),
        act("pick_date", _("Refile to a da&te…"), "Ctrl+G", window.pick_date),
    ]
    for action in refile:
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(act("archive", _("&Archive…"), "Ctrl+Shift+A", lambda: window.archive()))
    acts["archive"].setIconText(_("Archive"))  # the toolbar's word, whatever the selection
    menu.aboutToShow.connect(window.name_archive_action)
    menu.addAction(act("rebalance", _("&Rebalance this day…"), "Ctrl+Shift+R",
                       window.rebalance))
    menu.addAction(act("spread_overdue", _("&Spread the overdue…"), "Ctrl+Shift+D",
                       window.spread_overdue))
    menu.addSeparator()
    menu.addAction(act("form_templates", _("&Form templates…"), "Ctrl+Shift+F",
                       window.edit_form_templates))
    menu.addAction(act("proposal_templates", _("Pr&oposal templates…"), None,
                       lambda: _proposal_templates(window)))

    if window.services.team:  # the Team menu: on a team binder only
        from app.ui.team_menu import TeamMenu

        TeamMenu(window, act)

    menu = window.menuBar().addMenu(_("&Settings"))
    menu.setObjectName("settings-menu")
    menu.addAction(act("binder_settings", _("&Binder settings…"), "Ctrl+,",
                       lambda: _open_settings(window)))
    menu.addSeparator()
    language_menu(window, menu)
    paper_menu(menu)

    # the list's context menu: the same refiling actions
    for action in [acts["log_contact"], *refile, acts["archive"], acts["print_card"]]:
        window.list.addAction(action)
    window.list.menuRequested.connect(window.name_archive_action)

    bar = QToolBar(_("Main"), window)
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    bar.addAction(acts["today"])
    bar.addSeparator()
    bar.addAction(acts["new_dossier"])
    bar.addAction(acts["log_contact"])
    bar.addAction(acts["postpone_day"])
    bar.addAction(acts["pick_date"])
    bar.addAction(acts["archive"])
    bar.addAction(acts["rebalance"])
    bar.addSeparator()
    bar.addAction(acts["print_card"])
    bar.addAction(acts["print_insert"])
    window.addToolBar(bar)
    # the search field beside the menus: a toolbar too long for the window (Russian labels
    # at 1366 px) would otherwise hide it behind its overflow button
    corner = QWidget(window)
    box = QHBoxLayout(corner)
    box.setContentsMargins(0, 1, 4, 1)
    window.search.setFixedWidth(280)
    box.addWidget(window.search)
    window.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)
    for action in acts.values():  # shortcuts in the tooltips
        if not action.shortcut().isEmpty() and not action.toolTip().endswith(")"):
            action.setToolTip(f"{action.text().replace('&', '').rstrip('…')} "
                              f"({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
    return acts
