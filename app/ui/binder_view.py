"""The binder as the window shows it: the strip of inserts with their counts (and the load in
the status bar), the insert listed, and the card of its current dossier.  Moving between
inserts (today, the overdue, a dossier found, the next day come) shows the three together,
and each subscribes to the bridge's one `changed` signal and updates only what it shows (a
refile: two counts and one row; an identity edit: one row and the card, no count).

The window owns the widgets and the day (`window.today`); this keeps what showing them
together needs: the strip's inserts as last counted, the Overdue count, whether a selection
is under way, and during which announcement the card was read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.binder import InsertKind
from app.i18n import _, month_name, n_, weekday_name
from app.services.dto import Changes, DossierRow

if TYPE_CHECKING:
    from app.binder import Strip
    from app.ui.main_window import MainWindow


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


class BinderView(QObject):
    """The window's strip, list and card, shown together and kept up to date."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._selecting = False  # show_insert is selecting: it shows the card itself
        self._card_serial = -1  # the bridge's announcement during which the card was read
        self._strip_inserts: Strip | None = None  # the strip's inserts, for list membership
        self._overdue = 0  # the Overdue insert's count, as the strip shows it

    # -- showing -------------------------------------------------------------------------
    def reload_tabs(self) -> None:
        window = self.window
        self._strip_inserts = strip = window.services.views.strip(window.today)
        tabs = window.services.views.tabs(strip)
        capacity = window.services.settings.get().daily_capacity
        window.strip.set_tabs(tabs, window.today, capacity)
        today = next((t for t in tabs if t.kind is InsertKind.DAY), None)
        overdue = next((t.count for t in tabs if t.kind is InsertKind.OVERDUE), 0)
        window.load_label.setText(load_text(today.count if today else None, capacity, overdue))
        self._overdue = overdue
        self._say_when_empty()

    def show_insert(self, key: str, keep: list[str] | None = None, fallback_row: int = 0) -> None:
        """List the dossiers of an insert and select `keep` (or the row at `fallback_row`)."""
        window = self.window
        if window.strip.current_key() != key:
            window.strip.set_current(key, notify=False)
        tab = window.strip.current_tab()
        window.list.delegate.show_dates = tab is not None and (
            tab.kind is not InsertKind.DAY or tab.first != tab.last)
        views, strip = window.services.views, self.inserts()
        window.list.model_.set_source(
            lambda offset, limit: views.list_insert(key, limit, offset, strip))
        self._say_when_empty()
        # select_ids moves the current card (the signal would load it): loaded once, below
        self._selecting = True
        try:
            window.list.select_ids(keep or [], fallback_row)
        finally:
            self._selecting = False
        self._show_current()

    def _say_when_empty(self) -> None:
        """What the list says if the insert is (or becomes) empty: today's, that the day is
        done and what is overdue, with a button there; another, that nothing is filed."""
        tab = self.window.strip.current_tab()
        message, action = "", ""
        if tab is None:
            pass
        elif tab.key == self.window.strip.today_key():
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
        self.window.list.set_empty_state(message, action)

    def go_overdue(self) -> None:
        window = self.window
        key = next((t.key for t in window.strip.tabs() if t.kind is InsertKind.OVERDUE), None)
        if key:
            window.show_insert(key)
            window.list.setFocus()

    def current_changed(self, *_indexes: object) -> None:
        """Another card made current by the user (a click, the arrow keys): show it."""
        if not self._selecting:
            self._show_current()

    def _show_current(self) -> None:
        self._load_card(self.window.list.current_id())

    def _load_card(self, dossier_id: str | None) -> None:
        window = self.window
        self._card_serial = window.bridge.serial
        window.pane.show_dossier(window.services.views.card(dossier_id) if dossier_id else None,
                                 empty_insert=not window.list.model_.rowCount())

    def go_today(self) -> None:
        key = self.window.strip.today_key()
        if key:
            self.window.show_insert(key)

    def jump_to(self, dossier_id: str) -> None:
        """Open the insert a dossier is filed under and select it (from search)."""
        window = self.window
        found = window.services.views.rows_by_id([dossier_id])  # the card is read once, below
        if not found:
            return
        insert = self.inserts().insert_for(found[0].next_contact, found[0].archived)
        window.show_insert(insert.key, [dossier_id])
        window.list.setFocus()

    def inserts(self) -> Strip:
        """The strip's inserts as last counted (made anew with the counts, each day)."""
        if self._strip_inserts is None:
            self._strip_inserts = self.window.services.views.strip(self.window.today)
        return self._strip_inserts

    def check_day(self) -> None:
        """Past midnight, or a laptop woken the next day: the strip moves on by itself."""
        window = self.window
        today = window.clock.today()
        if today == window.today:
            return
        was_today = window.strip.current_key() == window.strip.today_key()
        window.today = today
        self.reload_tabs()
        if was_today or window.strip.current_key() is None:
            window.go_today()
        else:
            window.show_insert(window.strip.current_key() or "")

    # -- the parts' subscriptions to the bridge ----------------------------------------------
    def strip_changed(self, changes: Changes) -> None:
        if changes.settings or changes.everything:
            self.window.today = self.window.clock.today()
        if changes.counts:
            self.reload_tabs()

    def list_changed(self, changes: Changes) -> None:
        """Rows updated or removed in place when that is all that changed; else the insert
        listed again, keeping the selection (or the next dossier, after one left)."""
        window = self.window
        key = window.strip.current_key() or window.strip.today_key()
        if not key:
            return
        if (changes.settings or changes.everything or key != window.strip.current_key()
                or not self._update_rows(key, changes)):
            window.show_insert(key, window.list.selected_ids(), window.list.currentIndex().row())

    def _update_rows(self, key: str, changes: Changes) -> bool:
        """The list brought up to date without reading the insert again: False when it must
        be (a dossier came in, or one moved within the insert, or a date changed without a
        named dossier)."""
        window = self.window
        model = window.list.model_
        listed = {r.id: n for n, r in enumerate(model.rows()) if r.id in changes.dossiers}
        if self._insert_touched(key, changes) and not changes.dossiers:
            return False
        if not listed and not self._insert_touched(key, changes):
            return True  # nothing this insert shows
        strip = self.inserts()
        fresh = {r.id: r for r in window.services.views.rows_by_id(sorted(changes.dossiers))}
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
            keep = [i for i in window.list.selected_ids() if i not in left]
            row_now = window.list.currentIndex().row()
            current = window.list.current_id()
            self._selecting = True
            try:
                model.remove_rows(gone)
                window.list.select_ids(keep, row_now)
            finally:
                self._selecting = False
            if window.list.current_id() != current or current != window.pane.dossier_id:
                self._show_current()
        return True

    def _insert_touched(self, key: str, changes: Changes) -> bool:
        """Whether the dates (or the archive) an operation left or reached are this insert's."""
        strip = self.inserts()
        if changes.archive and strip.insert_for(None, True).key == key:
            return True
        return any(strip.insert_for(when, False).key == key for when in changes.dates)

    def card_changed(self, changes: Changes) -> None:
        shown = self.window.pane.dossier_id
        if shown is None or self._card_serial == self.window.bridge.serial:
            return  # no card, or read during this very announcement
        if changes.everything or changes.settings or shown in changes.dossiers:
            self._load_card(shown)
