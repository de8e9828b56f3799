"""The selected dossier's card: who, how to reach them, the next step and the last
conversation always at the top; below, the editable details, the whole history (with
amendments), the documents and the forms."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, long_date, short_date_time
from app.labels import channel_names
from app.services.dto import DossierDetail, EventView
from app.ui.card_fields import CardFields
from app.ui.documents_view import DocumentsView
from app.ui.mnemonics import give_letters, mark
from app.ui.operations import BinderBridge
from app.ui.rich_view import RichView


def _e(text: str) -> str:
    return escape(text).replace("\n", "<br>")


SLACK_LINES = 5  # how much taller than its card needs the summary may stay


class _CardColumn(QWidget):
    """The card's column, hinted at the width it has once shown: Qt hints a column of
    wrapped labels by laying each out again at the widest child's own hint (the hidden
    History label's), then at the real width to paint: every label of a card laid out twice
    per selection (a fifth of a switch of insert)."""

    def sizeHint(self) -> QSize:
        width = self.width()
        if not self.isVisible() or width <= 0 or self.layout() is None:
            return super().sizeHint()
        return QSize(width, self.heightForWidth(width))


class DossierPane(QScrollArea):
    """Signals: logRequested() for Ctrl+L's button, amendRequested(event id),
    addFormRequested(); files dropped on the card become its documents."""

    logRequested = Signal()
    amendRequested = Signal(str)
    addFormRequested = Signal()

    def __init__(self, bridge: BinderBridge, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)  # drops on the card reach the viewport first
        body = _CardColumn()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(14, 12, 14, 12)
        self._layout.setSpacing(10)
        # the summary above the tabs, kept as tall as the last cards' within a few lines:
        # the tabs stay in place from card to card (the fields do not jump as the arrow
        # keys go down the list), and a switch repaints what changed, not a card moved down
        self.summary = QWidget()
        self._summary = QVBoxLayout(self.summary)
        self._kept = (-1, 0)  # the summary's height kept, at a width
        self._summary.setContentsMargins(0, 0, 0, 0)
        self._summary.setSpacing(10)
        self._layout.addWidget(self.summary)
        self.header = self._label()
        self.contacts = self._label()
        self.next_step = self._label(boxed=True)
        self.log_button = QPushButton(_("Log a contact… (Ctrl+L)"))
        self.log_button.clicked.connect(self.logRequested)
        row = QHBoxLayout()
        row.addWidget(self.log_button)
        row.addStretch(1)
        self._summary.addLayout(row)
        self.last_talk = self._label()
        self._summary.addStretch(1)

        self.tabs = QTabWidget()
        self.fields = CardFields(bridge, undo_stack)
        self.history = RichView()
        self.history.linkActivated.connect(self._history_link)
        self.documents = DocumentsView(bridge)
        self.forms = QWidget()
        self.form_widgets: list[QWidget] = []
        self._forms_shown: tuple[str | None, list[str]] = (None, [])
        self.forms_layout = QVBoxLayout(self.forms)
        self.add_form_button = QPushButton(_("Add a form…"))
        self.add_form_button.clicked.connect(self.addFormRequested)
        self.forms_layout.addWidget(self.add_form_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.forms_layout.addStretch(1)
        self._tab_names = {self.fields: _("Details"), self.history: _("History"),
                           self.documents: _("Documents"), self.forms: _("Forms")}
        self._tab_letters: dict[QWidget, str] = {}
        for widget, title in self._tab_names.items():
            self.tabs.addTab(widget, title)
        self._layout.addWidget(self.tabs)
        self._layout.addStretch(1)
        self.setWidget(body)
        self.dossier_id: str | None = None
        self._detail: DossierDetail | None = None
        self._stale: set[QWidget] = set()  # tabs not yet showing the current detail
        self.tabs.currentChanged.connect(lambda _index: self._fill_current_tab())
        self.give_letters(set())
        self.show_dossier(None)

    def give_letters(self, taken: set[str]) -> None:
        """Alt+letters for the card's main fields, its tabs, then its other fields, none of
        them in `taken` (the menus' own: Alt+D is the Dossier menu's, in any language)."""
        fields = self.fields
        taken = set(taken) | fields.give_letters(taken, list(fields.FIRST_LETTERS))
        letters = give_letters(self._tab_names.values(), taken)
        self._tab_letters = dict(zip(self._tab_names, letters, strict=True))
        for widget, title in self._tab_names.items():
            self.tabs.setTabText(self.tabs.indexOf(widget), mark(title, self._tab_letters[widget]))
        self._name_forms_tab(len(self._detail.forms) if self._detail else 0)
        fields.give_letters(taken | set(letters) - {""},
                            [k for k in fields.fields if k not in fields.FIRST_LETTERS])

    def _show_forms(self, d: DossierDetail | None) -> None:
        """One filled-in form widget per form; kept while the same forms are shown, so a
        refresh never disturbs what is being typed."""
        from app.ui.form_fill import FilledFormWidget

        shown = (d.id if d else None, [f.id for f in d.forms] if d else [])
        if shown == self._forms_shown:
            return
        for widget in self.form_widgets:
            flush = getattr(widget, "flush", None)
            if flush is not None:
                flush()
            widget.deleteLater()
        self.form_widgets = []
        self._forms_shown = shown
        for n, form in enumerate(d.forms if d else []):
            widget = FilledFormWidget(self.bridge.services, form, bridge=self.bridge)
            self.forms_layout.insertWidget(n, widget)
            self.form_widgets.append(widget)
        self.add_form_button.setEnabled(d is not None and not self.bridge.services.readonly)
        self._name_forms_tab(len(self.form_widgets))

    def _name_forms_tab(self, count: int) -> None:
        """Renamed only when the count changes: Qt lays the tab bar out and repaints the
        whole card below it for any name set, the same one included."""
        index = self.tabs.indexOf(self.forms)
        name = self._tab_names[self.forms]
        text = mark(_("{forms} ({count})").format(forms=name, count=count) if count else name,
                    self._tab_letters.get(self.forms, ""))
        if self.tabs.tabText(index) != text:
            self.tabs.setTabText(index, text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if event.size().width() != event.oldSize().width():  # the summary's lines rewrap
            self._kept = (-1, 0)
            self.summary.setMinimumHeight(0)
        super().resizeEvent(event)

    def _history_link(self, link: str) -> None:
        if link.startswith("amend:"):
            self.amendRequested.emit(link.removeprefix("amend:"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.dossier_id and not self.bridge.services.readonly:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.documents.add_files(paths):
            event.acceptProposedAction()
            self.tabs.setCurrentWidget(self.documents)

    def _label(self, boxed: bool = False) -> RichView:
        label = RichView()
        if boxed:
            label.document().setDocumentMargin(8)
            label.setStyleSheet("QTextBrowser { background: #fbf7e9; border: 1px solid "
                                "#d8cfae; border-radius: 4px; }")
        self._summary.addWidget(label)
        return label

    def _fill_current_tab(self) -> None:
        """The history and the forms are laid out when their tab is shown (a switch of
        insert lays out only the tab in view: a long history is most of a card's cost)."""
        widget = self.tabs.currentWidget()
        if widget not in self._stale:
            return
        self._stale.discard(widget)
        if widget is self.history:
            self._show_history(self._detail)
        elif widget is self.forms:
            self._show_forms(self._detail)

    def show_dossier(self, d: DossierDetail | None, empty_insert: bool = False) -> None:
        """Show a dossier's card; none, "No dossier selected" (nothing at all beside an
        empty insert, whose list says what to do next)."""
        self.dossier_id = d.id if d else None
        self._detail = d
        self.fields.show_dossier(d)
        self.documents.show_documents(d.id if d else None, d.attachments if d else [])
        self._stale = {self.history, self.forms}
        self._name_forms_tab(len(d.forms) if d else 0)
        self.add_form_button.setEnabled(d is not None and not self.bridge.services.readonly)
        self._fill_current_tab()
        parts = (self.header, self.contacts, self.next_step, self.last_talk, self.tabs,
                 self.log_button)
        if d is None:
            none = "" if empty_insert else _e(_("No dossier selected"))
            self.header.setText(f"<p style='color:#8a857c'>{none}</p>")
            for part in parts[1:]:
                part.hide()
            self._keep_summary_steady()
            return
        for part in parts:
            part.show()
        self.log_button.setEnabled(not d.archived and not self.bridge.services.readonly)
        role = " · ".join(_e(x) for x in (d.position, d.company) if x)
        self.header.setText(f"<div style='font-size:16pt; font-weight:600'>{_e(d.name)}</div>"
                            f"<div>{role}</div>")
        lines = [f"☎ <a href='tel:{_e(p.e164 or p.number)}'>{_e(p.number)}</a> "
                 f"<span style='color:#8a857c'>{_e(p.label)}</span>" for p in d.phones]
        lines += [f"✉ <a href='mailto:{_e(e.address)}'>{_e(e.address)}</a> "
                  f"<span style='color:#8a857c'>{_e(e.label)}</span>" for e in d.emails]
        self.contacts.setText("<br>".join(lines) or _e(_("No phone or e-mail yet")))
        self.next_step.setText(self._next_step(d))
        contacts = [e for e in d.events if e.kind in ("contact", "amend")]
        # said even when there has been none: a new lead's card reads so at a glance, and
        # the summary keeps its shape from card to card
        last = (self._event(contacts[0], full=True) if contacts else
                f"<span style='color:#8a857c'>{_e(_('No contact yet'))}</span>")
        self.last_talk.setText(f"<b>{_e(_('Last conversation'))}</b><br>{last}")
        self._keep_summary_steady()

    def _keep_summary_steady(self) -> None:
        """The summary as tall as this card needs, or as the last cards' if that is at most a
        few lines more (at the width it has: its labels are laid out once, there)."""
        width = self.summary.width()
        kept_width, kept = self._kept
        if not self.summary.isVisible():
            width, need = -1, 0
        else:
            need = self._summary.totalHeightForWidth(width)
        slack = SLACK_LINES * self.fontMetrics().lineSpacing()
        if kept_width != width or not need <= kept <= need + slack:
            kept = need
        self._kept = (width, kept)
        self.summary.setMinimumHeight(kept)

    def _show_history(self, d: DossierDetail | None) -> None:
        if d is None:
            self.history.clear()
            return
        amended = {e.amends for e in d.events if e.amends}
        timeline = [self._event(e, full=True, amend=not self.bridge.services.readonly,
                                corrected=e.id in amended) for e in d.events]
        self.history.setText("<br><br>".join(timeline) or _e(_("No contact yet")))

    def _next_step(self, d: DossierDetail) -> str:
        if d.archived:
            return _e(_("Archived: {reason}").format(reason=d.archive_reason))
        if d.next_contact is None:
            return _e(_("No next contact agreed (Undated)"))
        when = long_date(d.next_contact) + (f", {d.time}" if d.time else "")
        extra = {1: [_("high priority")], 3: [_("low priority")]}.get(d.priority, [])
        if d.fixed:
            extra.append(_("fixed appointment"))
        out = "<b>" + _e(_("Next: {when}").format(when=when)) + "</b>"
        if d.purpose:
            out += f"<br>{_e(d.purpose)}"
        if extra:
            out += f"<br><span style='color:#8a857c'>{_e(', '.join(extra))}</span>"
        return out

    def _event(self, e: EventView, full: bool = False, amend: bool = False,
               corrected: bool = False) -> str:
        when = short_date_time(e.at.astimezone())
        kind = {"archive": _("archived"), "restore": _("restored"),
                "amend": _("correction")}.get(e.kind) or channel_names().get(e.channel,
                                                                          e.channel)
        head = f"<span style='color:#8a857c'>{when} · {_e(kind)}</span> "
        body = _e(e.summary)
        if e.outcome:
            body += f" — <i>{_e(e.outcome)}</i>"
        if full and (e.offer or e.amount):
            offer = e.offer + (f" ({e.amount} {e.currency})" if e.amount else "")
            body += "<br>" + _e(_("Offered: {offer}").format(offer=offer.strip()))
        if corrected:
            corrected_text = _e(_("(corrected)"))
            body = f"<s>{body}</s> <span style='color:#8a857c'>{corrected_text}</span>"
        if amend and e.kind in ("contact", "amend"):
            link = _e(_("amend"))
            body += f" <a href='amend:{e.id}'>{link}</a>"
        return head + body
