"""The editable identity of a dossier: every field saves itself, and every save can be undone.

Typing restarts a short timer; when it fires (or the field loses focus, the dossier changes,
the window closes) the changed fields are saved, each in its own transaction, and each save
goes on the window's undo stack.  A refused value is shown under its field and not saved.

Each save says what it was typed over: a field someone else changed meanwhile (a colleague
in a team binder) is not written over. The field keeps what was typed and shows what is
there now, with "Keep mine" and "Take theirs"; until one is chosen it is not saved.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.errors import EditConflict, RingbinderError
from app.i18n import _
from app.labels import status_names
from app.services.dto import DossierDetail
from app.ui.mnemonics import give_letters, mark
from app.ui.operations import BinderBridge

SAVE_DELAY_MS = 700


class EditCommand(QUndoCommand):
    """One saved edit of one field; the first save is done before the command is pushed."""

    def __init__(self, bridge: BinderBridge, dossier_id: str, field: str, old: Any, new: Any,
                 text: str) -> None:
        super().__init__(text)
        self._bridge, self._id, self._field = bridge, dossier_id, field
        self._old, self._new = old, new
        self._skip = True

    def _apply(self, value: Any, over: Any) -> None:
        update = self._bridge.services.dossiers.update
        if self._bridge.run(lambda: update(self._id, base={self._field: over},
                                           **{self._field: value})) is None:
            self.setObsolete(True)  # refused, or changed meanwhile by someone else

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._apply(self._new, self._old)

    def undo(self) -> None:
        self._apply(self._old, self._new)


def _lines(values: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label}: {value}" if label else value for label, value in values)


class _Field(QObject):
    """One editor bound to one field of the dossier."""

    edited = Signal()

    def __init__(self, name: str, label: str, widget: QWidget,
                 read: Callable[[DossierDetail], Any]) -> None:
        super().__init__(widget)
        self.name, self.label, self.widget, self.read = name, label, widget, read
        self.saved_value: Any = None
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.error.linkActivated.connect(self._choose)
        # what someone else put in this field meanwhile, while a choice is due (see flush)
        self.theirs: Any = None
        self.in_conflict = False
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t: self.edited.emit())
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._typed)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i: self.edited.emit())
        self._loading = False

    def _typed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            text = w.toPlainText()
            if self.name in ("phones", "emails"):
                return [line for line in text.splitlines() if line.strip()]
            return text
        assert isinstance(w, QComboBox)
        return w.currentData()

    def load(self, detail: DossierDetail) -> None:
        value = self.read(detail)
        self.saved_value = self.value_of(value)
        self._loading = True
        w = self.widget
        # an editor already showing the value is left as it is: setting the same text again
        # lays the editor out again (most of a card's fields are the same when it is read
        # again after a save, and many are empty from one card to the next)
        if isinstance(w, QLineEdit):
            if w.text() != value:
                w.setText(value)
                w.setCursorPosition(0)
        elif isinstance(w, QPlainTextEdit):
            if w.toPlainText() != value:
                w.setPlainText(value)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        self._loading = False
        self.show_error("")

    def value_of(self, shown: Any) -> Any:
        if self.name in ("phones", "emails"):
            return [line for line in str(shown).splitlines() if line.strip()]
        return shown

    def changed(self) -> bool:
        return self.value() != self.saved_value

    def show_error(self, message: str) -> None:
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def show_conflict(self, theirs: Any) -> None:
        """Someone else changed this field meanwhile: keep what was typed, show theirs,
        and offer the choice."""
        self.in_conflict, self.theirs = True, theirs
        shown = "\n".join(theirs) if isinstance(theirs, list) else str(theirs)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.setText(
            html.escape(_("Someone else changed this meanwhile to: {value}").format(
                value=shown[:500] or _("(empty)"))).replace("\n", "<br>")
            + f" <a href='mine'>{html.escape(_('Keep mine'))}</a>"
            + f" · <a href='theirs'>{html.escape(_('Take theirs'))}</a>")
        self.error.setVisible(True)

    def _choose(self, which: str) -> None:
        """Keep mine: saved over theirs on the next save. Take theirs: the field shows it."""
        if not self.in_conflict:
            return
        self.in_conflict = False
        theirs, self.theirs = self.theirs, None
        if which == "theirs":
            self.saved_value = theirs
            self._loading = True
            shown = "\n".join(theirs) if isinstance(theirs, list) else theirs
            w = self.widget
            if isinstance(w, QLineEdit):
                w.setText(shown)
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText(shown)
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(shown)))
            self._loading = False
            self.show_error("")
        else:
            self.saved_value = theirs  # what the save is now typed over
            self.show_error("")
            self.edited.emit()


class CardFields(QWidget):
    """The identity part of the card.  `dirty` fields are saved by `flush()`."""

    def __init__(self, bridge: BinderBridge, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.undo_stack = undo_stack
        self.dossier_id: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, _Field] = {}
        status = QComboBox()
        for key, shown in status_names().items():  # in the binder's order of statuses
            status.addItem(shown, key)
        name = QLineEdit()
        big = QFont(name.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        name.setFont(big)
        # plain labels: their Alt+letters are given out by the card (app/ui/mnemonics.py)
        specs: list[tuple[str, str, QWidget, Callable[[DossierDetail], Any]]] = [
            ("name", _("Name"), name, lambda d: d.name),
            ("position", _("Position"), QLineEdit(), lambda d: d.position),
            ("company", _("Company"), QLineEdit(), lambda d: d.company),
            ("department", _("Department"), QLineEdit(), lambda d: d.department),
            ("phones", _("Phones"), self._small_text(_("mobile: +48 600 123 456"), 3),
             lambda d: _lines([(p.label, p.number) for p in d.phones])),
            ("emails", _("E-mails"), self._small_text(_("work: name@company.com"), 3),
             lambda d: _lines([(e.label, e.address) for e in d.emails])),
            ("address", _("Address"), self._small_text(""), lambda d: d.address),
            ("website", _("Website"), QLineEdit(), lambda d: d.website),
            ("source", _("How we met"), QLineEdit(), lambda d: d.source),
            ("segment", _("Segment"), QLineEdit(), lambda d: d.segment),
            ("tags", _("Tags"), QLineEdit(), lambda d: d.tags),
            ("status", _("Status"), status, lambda d: d.status),
            ("notes", _("Notes"), self._small_text("", rows=5), lambda d: d.notes),
        ]
        self.labels: dict[str, QLabel] = {}
        for key, label, widget, read in specs:
            field = _Field(key, label, widget, read)
            field.edited.connect(self._timer.start)
            widget.installEventFilter(self)
            label_widget = QLabel(label)
            label_widget.setBuddy(widget)
            layout.addRow(label_widget, widget)
            layout.addRow("", field.error)
            self.labels[key] = label_widget
            self.fields[key] = field
        self.give_letters(set(), list(self.fields))

    # the fields most often gone to, which get their Alt+letters before the card's tabs
    FIRST_LETTERS = ("name", "phones", "emails", "company", "notes")

    def give_letters(self, taken: set[str], keys: list[str]) -> set[str]:
        """Mark the labels of `keys`, in order, each with a letter not in `taken` (the
        menus', the card's tabs'); returns the letters given."""
        letters = give_letters([self.fields[k].label for k in keys], taken)
        for key, letter in zip(keys, letters, strict=True):
            self.labels[key].setText(mark(self.fields[key].label, letter))
        return {x for x in letters if x}

    @staticmethod
    def _small_text(placeholder: str, rows: int = 2) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * rows + 12)
        return edit

    def eventFilter(self, watched: QObject, event: object) -> bool:
        from PySide6.QtCore import QEvent

        if getattr(event, "type", lambda: None)() == QEvent.Type.FocusOut:
            self.flush()
        return False

    def show_dossier(self, detail: DossierDetail | None) -> None:
        """Show a dossier; for the one already shown, keep what is being typed."""
        if detail is None or detail.id != self.dossier_id:
            self.flush()
            self._set_conflicts_aside()
        same = detail is not None and detail.id == self.dossier_id
        self.dossier_id = detail.id if detail else None
        self.setEnabled(detail is not None and not self.bridge.services.readonly)
        if detail is None:
            return
        for field in self.fields.values():
            if same and (field.changed() or field.widget.hasFocus()):
                continue
            field.load(detail)

    def _set_conflicts_aside(self) -> None:
        """Leaving a dossier with a conflict not chosen: what was typed is not written over
        a colleague's change, and not lost either: it goes to the clipboard, and the window
        says so. So does what could not be saved while a team binder's server was lost."""
        waiting = [f for f in self.fields.values() if f.in_conflict]
        unsaved = [f for f in self.fields.values() if f.changed() and not f.in_conflict] \
            if self.dossier_id is not None and self.bridge.services.readonly else []
        if not waiting and not unsaved:
            return
        from PySide6.QtGui import QGuiApplication

        kept = "\n\n".join(f"{f.label}:\n" + ("\n".join(f.value()) if isinstance(
            f.value(), list) else str(f.value())) for f in waiting + unsaved)
        QGuiApplication.clipboard().setText(kept)
        for field in waiting:
            field.in_conflict = False
            field.show_error("")
        if waiting:
            self.bridge.failed.emit(_(
                "What you typed in {fields} was not saved over a colleague's change; it is "
                "on the clipboard.").format(fields=", ".join(f.label for f in waiting)))
        if unsaved:
            self.bridge.failed.emit(_(
                "What you typed in {fields} could not be saved while the team binder was out "
                "of reach; it is on the clipboard.").format(
                    fields=", ".join(f.label for f in unsaved)))

    def unsaved_work(self) -> str | None:
        """The fields typed into but not saved yet (waiting for the save, refused, or
        typed before a team binder's server was lost: kept until it is back)."""
        if self.dossier_id is None:
            return None
        changed = [f.label for f in self.fields.values() if f.changed()]
        if not changed:
            return None
        return _("changes to the card ({fields})").format(fields=", ".join(changed))

    def flush(self) -> None:
        """Save every changed field now (each in its own transaction, each undoable)."""
        self._timer.stop()
        if self.dossier_id is None or self.bridge.services.readonly:
            return
        dossier_id = self.dossier_id
        for field in self.fields.values():
            if not field.changed() or field.in_conflict:  # a conflict waits for a choice
                continue
            update = self.bridge.services.dossiers.update  # the writer, once there is a write
            new = field.value()
            try:  # announced on the change path: the row and the card, no count
                self.bridge.write(partial(update, dossier_id, base={field.name: field.saved_value},
                                          **{field.name: new}))
            except EditConflict as exc:
                field.show_conflict(exc.conflicts[0][2])
                continue
            except RingbinderError as exc:
                field.show_error(str(exc))
                continue
            field.show_error("")
            old, field.saved_value = field.saved_value, new
            self.undo_stack.push(EditCommand(self.bridge, dossier_id, field.name, old, new,
                                             _("Edit {field}").format(field=field.label)))
