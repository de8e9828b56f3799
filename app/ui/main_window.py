"""The main window: assembles the tab strip, the insert list, the dossier card and search.

It owns no business rules: every change goes through the bridge to the services, and each
part subscribes to the bridge's one `changed` signal and updates only what it shows (a
refile: two counts and one row; an identity edit: one row and the card, no count).  The
printing, handover, import and export parts are given `Parts` (the services, the clock, the
bridge and the window as a small `Host`) and built on their first use.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.binder import InsertKind, Postpone
from app.clock import Clock
from app.i18n import _, month_name, n_, weekday_name
from app.services import Services
from app.services.dto import Changes, DossierRow, Tab
from app.ui.day_load import full_day_question
from app.ui.dialogs import DatePickDialog, ReasonDialog, RebalanceDialog, archive_text
from app.ui.dossier_pane import DossierPane
from app.ui.host import Parts
from app.ui.insert_list import InsertList
from app.ui.menus import build_menus
from app.ui.mnemonics import letter_of
from app.ui.operations import ArchiveCommand, BinderBridge, RefileCommand
from app.ui.search_box import SearchBox
from app.ui.tab_strip import TabStrip

if TYPE_CHECKING:
    from app.binder import RebalancePlan, Strip
    from app.binder.spread import SpreadPlan
    from app.ui.export_dialog import ExportActions
    from app.ui.handover_actions import HandoverActions
    from app.ui.import_actions import ImportActions
    from app.ui.print_actions import PrintActions
    from app.ui.restore_backup import RestoreOffer
    from app.ui.team_watch import TeamWatch
    from app.ui.tray import Reminders

DAY_CHECK_MS = 30_000


def load_text(today: int | None, capacity: int, overdue: int) -> str:
    """The status line's load: "0 of 20 today" read as none done yet, so it says what is
    filed for today against the capacity, then what is overdue."""
    parts = []
    if today is not None:
        parts.append(n_("{count} filed for today", "{count} filed for today", today))
        if capacity and today > capacity:
            parts.append(n_("{count} over capacity", "{count} over capacity",
                            today - capacity))
        elif capacity:
            parts.append(_("capacity {capacity}").format(capacity=capacity))
    if overdue:
        parts.append(_("{count} overdue").format(count=overdue))
    return " · ".join(parts)


class MainWindow(QMainWindow):
    """Signals: openBinder(path, create) when the user asks for another binder file."""

    openBinder = Signal(Path, bool)

    def __init__(self, services: Services, clock: Clock, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.clock = clock
        self.settings = settings
        self.today = clock.today()
        self.bridge = BinderBridge(services, self)
        self.undo_stack = QUndoStack(self)
        self.dialog: QDialog | None = None  # the open refiling dialog, if any
        # the banner's offer of a backup, over a damaged binder (set by the AppController)
        self.restore_offer: RestoreOffer | None = None
        self.reminders: Reminders | None = None  # the tray and its timer (the AppController's)
        self._selecting = False  # show_insert is selecting: it shows the card itself
        self._card_serial = -1  # the bridge's announcement during which the card was read
        self._strip_inserts: Strip | None = None  # the strip's inserts, for list membership
        self._overdue = 0  # the Overdue insert's count, as the strip shows it
        self.parts = Parts(services, clock, settings, self.bridge, self)
        self._printing: PrintActions | None = None
        self._handover: HandoverActions | None = None
        self._imports: ImportActions | None = None
        self._exports: ExportActions | None = None

        self.strip = TabStrip()
        self.list = InsertList()
        self.pane = DossierPane(self.bridge, self.undo_stack)
        self.search = SearchBox(services.views.search)
        self.load_label = QLabel()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fff4c2; padding: 6px 10px; }")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.banner.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.load_label)

        self.actions_ = build_menus(self)
        # the menus own their Alt+letters; the card takes others
        self.pane.give_letters({letter_of(a.text()) for a in self.menuBar().actions()})
        self._connect()
        self._update_title()
        self.reload_tabs()
        self._restore_state()
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start(DAY_CHECK_MS)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # a method, not a lambda: the connection must end with the window
            app.applicationStateChanged.connect(self._application_state_changed)
        self._set_writable(not services.readonly)
        self.team_watch: TeamWatch | None = None  # a team binder: others' changes shown
        if services.team:
            from app.ui.team_watch import TeamWatch

            self.team_watch = TeamWatch(self)

    # -- wiring --------------------------------------------------------------------------
    def _connect(self) -> None:
        self.strip.currentChanged.connect(self.show_insert)
        self.strip.dossiersDropped.connect(self.refile_to_insert)
        self.list.stepRequested.connect(self.strip.step)
        self.list.todayRequested.connect(self.go_today)
        self.list.emptyActionRequested.connect(self.go_overdue)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.search.dossierChosen.connect(self.jump_to)
        self.search.leaveRequested.connect(self._back_to_the_list)
        self.pane.logRequested.connect(self.log_contact)
        self.pane.amendRequested.connect(self.amend)
        self.pane.addFormRequested.connect(self.add_form)
        self.pane.documents.failed.connect(self.show_error)
        # the parts, in this order: the counts, then the list (which may make another card
        # current, and read it), then the card (read again only if not read just now)
        self.bridge.changed.connect(self._strip_changed)
        self.bridge.changed.connect(self._list_changed)
        self.bridge.changed.connect(self._card_changed)
        self.bridge.failed.connect(self.show_error)

    # -- the parts built on first use ------------------------------------------------------
    @property
    def printing(self) -> PrintActions:
        if self._printing is None:
            from app.ui.print_actions import PrintActions

            self._printing = PrintActions(self.parts)
        return self._printing

    @property
    def handover(self) -> HandoverActions:
        if self._handover is None:
            from app.ui.handover_actions import HandoverActions

            self._handover = HandoverActions(self.parts, self.printing)
        return self._handover

    @property
    def imports(self) -> ImportActions:
        if self._imports is None:
            from app.ui.import_actions import ImportActions

            self._imports = ImportActions(self.parts)
        return self._imports

    @property
    def exports(self) -> ExportActions:
        if self._exports is None:
            from app.ui.export_dialog import ExportActions

            self._exports = ExportActions(self.parts)
        return self._exports

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """The first file dragged onto the window builds the import part, which from then on
        watches the window's drags itself (a contacts file or a calendar opens the wizard)."""
        if self._imports is None and event.mimeData().hasUrls():
            self.imports.eventFilter(self, event)
            return
        super().dragEnterEvent(event)

    # -- the Host its parts see -------------------------------------------------------------
    def widget(self) -> QWidget:
        return self

    def show_status(self, message: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def current_tab(self) -> Tab | None:
        return self.strip.current_tab()

    def selected_ids(self) -> list[str]:
        return self.list.selected_ids() or ([self.pane.dossier_id] if self.pane.dossier_id
                                            else [])

    def _set_writable(self, writable: bool) -> None:
        for name in ("postpone_day", "postpone_working_day", "postpone_week", "pick_date",
                     "archive", "rebalance", "spread_overdue", "undo", "redo", "new_dossier",
                     "log_contact", "form_templates", "return_handover", "import", "undo_import",
                     "new_proposal", "proposal_templates"):
            self.actions_[name].setEnabled(writable)
        self.list.setDragEnabled(writable)
        self.strip.setAcceptDrops(writable)
        self.setAcceptDrops(writable)  # a contacts file or calendar dropped: the import

    def _update_title(self) -> None:
        from app.ui.team_menu import window_title

        self.setWindowTitle(window_title(self.services))

    # -- showing -------------------------------------------------------------------------
    def reload_tabs(self) -> None:
        self._strip_inserts = strip = self.services.views.strip(self.today)
        tabs = self.services.views.tabs(strip)
        capacity = self.services.settings.get().daily_capacity
        self.strip.set_tabs(tabs, self.today, capacity)
        today = next((t for t in tabs if t.kind is InsertKind.DAY), None)
        overdue = next((t.count for t in tabs if t.kind is InsertKind.OVERDUE), 0)
        self.load_label.setText(load_text(today.count if today else None, capacity, overdue))
        self._overdue = overdue
        self._say_when_empty()

    def show_insert(self, key: str, keep: list[str] | None = None, fallback_row: int = 0) -> None:
        """List the dossiers of an insert and select `keep` (or the row at `fallback_row`)."""
        if self.strip.current_key() != key:
            self.strip.set_current(key, notify=False)
        tab = self.strip.current_tab()
        self.list.delegate.show_dates = tab is not None and (
            tab.kind is not InsertKind.DAY or tab.first != tab.last)
        views, strip = self.services.views, self._inserts()
        self.list.model_.set_source(
            lambda offset, limit: views.list_insert(key, limit, offset, strip))
        self._say_when_empty()
        # select_ids moves the current card (the signal would load it): loaded once, below
        self._selecting = True
        try:
            self.list.select_ids(keep or [], fallback_row)
        finally:
            self._selecting = False
        self._show_current()

    def _say_when_empty(self) -> None:
        """What the list says if the insert is (or becomes) empty: today's, that the day is
        done and what is overdue, with a button there; another, that nothing is filed."""
        tab = self.strip.current_tab()
        message, action = "", ""
        if tab is None:
            pass
        elif tab.key == self.strip.today_key():
            if self._overdue:
                message = n_("Done for today — {count} overdue",
                             "Done for today — {count} overdue", self._overdue)
                action = _("Go to Overdue")
            else:
                message = _("Done for today, and nothing overdue.")
        elif tab.kind is InsertKind.DAY and tab.day is not None:
            day = tab.day
            when = f"{weekday_name(day)} {day.day} {month_name(day.month, 'abbreviated')}"
            message = _("Nothing filed for {day}").format(day=when)
        elif tab.kind is InsertKind.MONTH:
            message = _("Nothing filed for {day}").format(day=tab.label)
        else:
            message = {InsertKind.OVERDUE: _("Nothing overdue."),
                       InsertKind.LATER: _("Nothing filed for later."),
                       InsertKind.UNDATED: _("Every dossier has its next contact."),
                       InsertKind.ARCHIVE: _("Nothing archived yet.")}.get(tab.kind, "")
        self.list.set_empty_state(message, action)

    def go_overdue(self) -> None:
        key = next((t.key for t in self.strip.tabs() if t.kind is InsertKind.OVERDUE), None)
        if key:
            self.show_insert(key)
            self.list.setFocus()

    def _current_changed(self, *_indexes: object) -> None:
        """Another card made current by the user (a click, the arrow keys): show it."""
        if not self._selecting:
            self._show_current()

    def _show_current(self) -> None:
        self._load_card(self.list.current_id())

    def _load_card(self, dossier_id: str | None) -> None:
        self._card_serial = self.bridge.serial
        self.pane.show_dossier(self.services.views.card(dossier_id) if dossier_id else None,
                               empty_insert=not self.list.model_.rowCount())

    def go_today(self) -> None:
        key = self.strip.today_key()
        if key:
            self.show_insert(key)

    def jump_to(self, dossier_id: str) -> None:
        """Open the insert a dossier is filed under and select it (from search)."""
        found = self.services.views.rows_by_id([dossier_id])  # the card is read once, below
        if not found:
            return
        insert = self._inserts().insert_for(found[0].next_contact,
                                                                   found[0].archived)
        self.show_insert(insert.key, [dossier_id])
        self.list.setFocus()

    def _inserts(self) -> Strip:
        """The strip's inserts as last counted (made anew with the counts, each day)."""
        if self._strip_inserts is None:
            self._strip_inserts = self.services.views.strip(self.today)
        return self._strip_inserts

    # -- the parts' subscriptions to the bridge ----------------------------------------------
    def _strip_changed(self, changes: Changes) -> None:
        if changes.settings or changes.everything:
            self.today = self.clock.today()
        if changes.counts:
            self.reload_tabs()

    def _list_changed(self, changes: Changes) -> None:
        """Rows updated or removed in place when that is all that changed; else the insert
        listed again, keeping the selection (or the next dossier, after one left)."""
        key = self.strip.current_key() or self.strip.today_key()
        if not key:
            return
        if (changes.settings or changes.everything or key != self.strip.current_key()
                or not self._update_rows(key, changes)):
            self.show_insert(key, self.list.selected_ids(), self.list.currentIndex().row())

    def _update_rows(self, key: str, changes: Changes) -> bool:
        """The list brought up to date without reading the insert again: False when it must
        be (a dossier came in, or one moved within the insert, or a date changed without a
        named dossier)."""
        model = self.list.model_
        listed = {r.id: n for n, r in enumerate(model.rows()) if r.id in changes.dossiers}
        if self._insert_touched(key, changes) and not changes.dossiers:
            return False
        if not listed and not self._insert_touched(key, changes):
            return True  # nothing this insert shows
        strip = self._inserts()
        fresh = {r.id: r for r in self.services.views.rows_by_id(sorted(changes.dossiers))}
        gone: list[int] = []
        replaced: list[tuple[int, DossierRow]] = []
        for dossier_id, row in fresh.items():
            here = strip.insert_for(row.next_contact, row.archived).key == key
            n = listed.get(dossier_id)
            if n is None:
                if here:
                    return False  # it came in: its place in the working order is read
                continue
            old = model.rows()[n]
            if not here:
                gone.append(n)
            elif ((old.next_contact, old.time, old.priority)
                  != (row.next_contact, row.time, row.priority)):
                return False  # it moved within the insert
            else:
                replaced.append((n, row))
        gone += [n for dossier_id, n in listed.items() if dossier_id not in fresh]  # deleted
        for n, row in replaced:
            model.replace_row(n, row)
        if gone:
            left = {i for i, n in listed.items() if n in gone}
            keep = [i for i in self.list.selected_ids() if i not in left]
            row_now = self.list.currentIndex().row()
            current = self.list.current_id()
            self._selecting = True
            try:
                model.remove_rows(gone)
                self.list.select_ids(keep, row_now)
            finally:
                self._selecting = False
            if self.list.current_id() != current or current != self.pane.dossier_id:
                self._show_current()
        return True

    def _insert_touched(self, key: str, changes: Changes) -> bool:
        """Whether the dates (or the archive) an operation left or reached are this insert's."""
        strip = self._inserts()
        if changes.archive and strip.insert_for(None, True).key == key:
            return True
        return any(strip.insert_for(when, False).key == key for when in changes.dates)

    def _card_changed(self, changes: Changes) -> None:
        shown = self.pane.dossier_id
        if shown is None or self._card_serial == self.bridge.serial:
            return  # no card, or read during this very announcement
        if changes.everything or changes.settings or shown in changes.dossiers:
            self._load_card(shown)

    def _application_state_changed(self, _state: Qt.ApplicationState) -> None:
        self.check_day()

    def check_day(self) -> None:
        """Past midnight, or a laptop woken the next day: the strip moves on by itself."""
        today = self.clock.today()
        if today == self.today:
            return
        was_today = self.strip.current_key() == self.strip.today_key()
        self.today = today
        self.reload_tabs()
        if was_today or self.strip.current_key() is None:
            self.go_today()
        else:
            self.show_insert(self.strip.current_key() or "")

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Ringbinder"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- refiling ------------------------------------------------------------------------
    def _targets(self) -> list[str]:
        return self.list.selected_ids() if not self.services.readonly else []

    def refile(self, targets: dict[str, date | None], text: str,
               keep_time: bool = True) -> None:
        if targets:
            self.undo_stack.push(RefileCommand(self.bridge, targets, text, keep_time))

    def postpone(self, step: Postpone) -> None:
        ids = self._targets()
        if not ids:
            return
        texts = {Postpone.DAY: _("Postpone by a day"),
                 Postpone.WORKING_DAY: _("Postpone to the next working day"),
                 Postpone.WEEK: _("Postpone by a week")}
        targets = self.services.filing.postpone_targets(ids, step)
        self.refile(dict(targets), texts[step])

    def refile_to_insert(self, key: str, ids: list[str]) -> None:
        """Dossiers dropped on a tab: refile them under that insert."""
        if self.services.readonly:
            return
        tab = self._inserts().get(key)
        if tab is None:
            return
        if tab.kind is InsertKind.ARCHIVE:
            self.archive(ids)
            return
        if not tab.accepts_filing:
            return
        when = tab.filing_date()

        def file(day: date | None) -> None:
            self.refile(dict.fromkeys(ids, day),
                        n_("Refile {count} dossier", "Refile {count} dossiers", len(ids)))

        # a day without room for them asks first, offering the nearest day with room
        question = full_day_question(self, self.services, when, ids, file) \
            if tab.kind is InsertKind.DAY and when is not None else None
        if question is None:
            file(when)
        else:
            self.open_dialog(question)

    def pick_date(self) -> None:
        ids = self._targets()
        if not ids:
            return
        first = self.services.dossiers.get(ids[0])
        current = [s.date for s in self.services.filing.schedules(ids)]
        dialog = DatePickDialog(self.today, first.next_contact, self, services=self.services,
                                name=first.name, count=len(ids), current=current)
        dialog.accepted.connect(lambda: self.refile(
            dict.fromkeys(ids, dialog.chosen()), _("Refile to a date")))
        self.open_dialog(dialog)

    def archive(self, ids: list[str] | None = None) -> None:
        ids = ids or self._targets()
        if not ids:
            return
        names = self._names(ids)
        dialog = ReasonDialog(names, self)
        dialog.accepted.connect(lambda: self.undo_stack.push(ArchiveCommand(
            self.bridge, ids, dialog.text(), archive_text(names), _("Archiving undone"))))
        self.open_dialog(dialog)

    def _names(self, ids: list[str]) -> list[str]:
        """The dossiers' names, from the list where it shows them (a drop, the selection)."""
        shown = {r.id: r.name for r in self.list.model_.rows()}
        missing = [i for i in ids if i not in shown]
        if missing:
            shown.update({r.id: r.name for r in self.services.views.rows_by_id(missing)})
        return [shown.get(i, "") for i in ids]

    def name_archive_action(self) -> None:
        """Archive… names what it will archive, set when a menu showing it opens (the
        toolbar keeps its short word, so a change of selection changes no widget)."""
        names = self.list.selected_names()
        if len(names) == 1:
            name = names[0] if len(names[0]) <= 40 else names[0][:39] + "…"
            text = _("&Archive {name}…").format(name=name.replace("&", "&&"))
        elif names:
            text = n_("&Archive {count} dossier…", "&Archive {count} dossiers…", len(names))
        else:
            text = _("&Archive…")
        self.actions_["archive"].setText(text)

    def rebalance(self) -> None:
        tab = self.strip.current_tab()
        if tab is None or tab.kind is not InsertKind.DAY:
            self.statusBar().showMessage(_("Only a day can be rebalanced."), 5000)
            return
        def planned(move_recent: bool, earlier: bool = True
                    ) -> tuple[RebalancePlan, dict[str, str]]:
            plan = self.services.filing.plan_rebalance(tab.key, move_recent=move_recent,
                                                       earlier=earlier)
            # read, not taken from the list: a long day's moves may be past its first page
            named = [d for d, _when in plan.moves] + [d for d, _why in plan.unplaced]
            return plan, {r.id: r.name for r in self.services.views.rows_by_id(named)}

        dialog = RebalanceDialog(*planned(False), self, replan=planned,
                                 recent_days=self.services.settings.get().recent_days)
        dialog.accepted.connect(lambda: self.refile(
            dict(dialog.plan.moves), _("Rebalance {day}").format(day=tab.label),
            keep_time=False))
        self.open_dialog(dialog)

    def spread_overdue(self) -> None:
        """The overdue refiled over the next working days, once the user saw where."""
        from app.services.filing import SPREAD_DAYS
        from app.ui.plan_dialogs import SpreadDialog

        services = self.services

        def planned(days: int) -> tuple[SpreadPlan, dict[str, DossierRow]]:
            plan = services.filing.plan_spread(days)
            named = [d for d, _when in plan.moves] + [d for d, _why in plan.unplaced]
            return plan, {r.id: r for r in services.views.rows_by_id(named)}

        def loads(first: date, last: date) -> dict[date, int]:
            return {d: load.count for d, load in services.loads.loads(first, last).items()}

        settings = services.settings.get()
        dialog = SpreadDialog(planned, SPREAD_DAYS, settings.daily_capacity,
                              settings.recent_days, loads, self)
        dialog.accepted.connect(lambda: self.refile(dialog.targets(),
                                                    _("Spread the overdue"), keep_time=False))
        self.open_dialog(dialog)

    # -- the card --------------------------------------------------------------------------
    def new_dossier(self) -> None:
        from app.ui.dossier_dialogs import NewDossierDialog

        dialog = NewDossierDialog(self.services, self, bridge=self.bridge)
        dialog.created.connect(self._created)
        dialog.openExisting.connect(self.jump_to)
        self.open_dialog(dialog)

    def _created(self, dossier_id: str) -> None:
        self.jump_to(dossier_id)  # announced by the dialog, through the bridge
        self.pane.tabs.setCurrentWidget(self.pane.fields)

    def log_contact(self) -> None:
        """Ctrl+L: write down the conversation and refile; the next dossier comes up."""
        dossier_id = self.list.current_id()
        if dossier_id is None or self.services.readonly:
            return
        from app.ui.log_contact import LogContactDialog

        self.pane.fields.flush()
        dialog = LogContactDialog(self.services, dossier_id, self, bridge=self.bridge)
        dialog.finished.connect(self._back_to_the_list)  # on to the next sheet
        self.open_dialog(dialog)

    def _back_to_the_list(self) -> None:
        self.activateWindow()
        self.list.setFocus()

    def amend(self, event_id: str) -> None:
        from app.ui.dossier_dialogs import AmendDialog

        if self.pane.dossier_id is None:
            return
        detail = self.services.dossiers.get(self.pane.dossier_id)
        event = next((e for e in detail.events if e.id == event_id), None)
        if event is None:
            return
        dialog = AmendDialog(self.services, event, self, bridge=self.bridge)
        self.open_dialog(dialog)

    def add_form(self) -> None:
        dossier_id = self.pane.dossier_id
        if dossier_id is None or self.services.readonly:
            return
        from app.ui.form_fill import AddFormDialog

        dialog = AddFormDialog(self.services, dossier_id, self, bridge=self.bridge)
        dialog.form_added.connect(self._form_added)
        self.open_dialog(dialog)

    def _form_added(self, _form_id: str, _changes: Changes) -> None:
        self.pane.tabs.setCurrentWidget(self.pane.forms)

    def edit_form_templates(self) -> None:
        from app.ui.form_templates import FormTemplateEditor

        self.open_dialog(FormTemplateEditor(self.services, self, bridge=self.bridge))

    def open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        dialog.activateWindow()  # the keyboard goes to the dialog at once

    # -- state ---------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 768)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([760, 560])
        # the last insert, if it was left today; in the morning the binder opens at today
        key = self.settings.value("binder/last_insert")
        left_on = self.settings.value("binder/last_insert_day")
        if key and left_on == self.today.isoformat() and self.strip.index_of(str(key)) >= 0:
            self.show_insert(str(key))
        else:
            self.go_today()

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        if key := self.strip.current_key():
            self.settings.setValue("binder/last_insert", key)
            self.settings.setValue("binder/last_insert_day", self.today.isoformat())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pane.fields.flush()
        self.save_state()
        self._day_timer.stop()
        if self.team_watch is not None:
            self.team_watch.stop()
        if self.reminders is not None:
            self.reminders.stop()
        super().closeEvent(event)

    def add_action(self, action: QAction, shortcut: QKeySequence | None = None) -> None:
        if shortcut is not None:
            action.setShortcut(shortcut)
        self.addAction(action)
