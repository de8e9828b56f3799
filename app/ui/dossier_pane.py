"""The selected dossier's card, read-only for now: identity, next step, last conversation,
recent history and notes.  The card editor of the next issue takes its place."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.i18n import long_date
from app.services.dto import DossierDetail, EventView
from app.services.validate import PRIORITY_NAMES

RECENT_EVENTS = 5


def _e(text: str) -> str:
    return escape(text).replace("\n", "<br>")


class DossierPane(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(14, 12, 14, 12)
        self._layout.setSpacing(10)
        self.header = self._label()
        self.contacts = self._label()
        self.next_step = self._label(boxed=True)
        self.last_talk = self._label()
        self.history = self._label()
        self.notes = self._label()
        self._layout.addStretch(1)
        self.setWidget(body)
        self.dossier_id: str | None = None
        self.show_dossier(None)

    def _label(self, boxed: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setOpenExternalLinks(True)
        if boxed:
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMargin(8)
            label.setStyleSheet("QLabel { background: #fbf7e9; border: 1px solid #d8cfae; "
                                "border-radius: 4px; }")
        self._layout.addWidget(label)
        return label

    def show_dossier(self, d: DossierDetail | None) -> None:
        self.dossier_id = d.id if d else None
        parts = (self.header, self.contacts, self.next_step, self.last_talk, self.history,
                 self.notes)
        if d is None:
            self.header.setText(f"<p style='color:#8a857c'>{_e(self.tr('No dossier selected'))}"
                                "</p>")
            for part in parts[1:]:
                part.hide()
            return
        for part in parts:
            part.show()
        role = " · ".join(_e(x) for x in (d.position, d.company) if x)
        self.header.setText(f"<div style='font-size:16pt; font-weight:600'>{_e(d.name)}</div>"
                            f"<div>{role}</div>")
        lines = [f"☎ <a href='tel:{_e(p.e164 or p.number)}'>{_e(p.number)}</a> "
                 f"<span style='color:#8a857c'>{_e(p.label)}</span>" for p in d.phones]
        lines += [f"✉ <a href='mailto:{_e(e.address)}'>{_e(e.address)}</a> "
                  f"<span style='color:#8a857c'>{_e(e.label)}</span>" for e in d.emails]
        if d.address:
            lines.append(_e(d.address))
        self.contacts.setText("<br>".join(lines) or _e(self.tr("No phone or e-mail yet")))
        self.contacts.setVisible(True)
        self.next_step.setText(self._next_step(d))
        contacts = [e for e in d.events if e.kind == "contact"]
        if contacts:
            self.last_talk.setText(f"<b>{_e(self.tr('Last conversation'))}</b><br>"
                                   + self._event(contacts[0], full=True))
        self.last_talk.setVisible(bool(contacts))
        older = d.events[1:1 + RECENT_EVENTS] if contacts and d.events[0] is contacts[0] \
            else d.events[:RECENT_EVENTS]
        if older:
            self.history.setText(f"<b>{_e(self.tr('History'))}</b><br>"
                                 + "<br>".join(self._event(e) for e in older))
        self.history.setVisible(bool(older))
        if d.notes:
            self.notes.setText(f"<b>{_e(self.tr('Notes'))}</b><br>{_e(d.notes)}")
        self.notes.setVisible(bool(d.notes))

    def _next_step(self, d: DossierDetail) -> str:
        if d.archived:
            return _e(self.tr("Archived: {reason}").format(reason=d.archive_reason))
        if d.next_contact is None:
            return _e(self.tr("No next contact agreed (Undated)"))
        when = long_date(d.next_contact) + (f", {d.time}" if d.time else "")
        extra = [self.tr("priority {name}").format(
            name=self.tr(PRIORITY_NAMES[d.priority]))] if d.priority != 2 else []
        if d.fixed:
            extra.append(self.tr("fixed appointment"))
        out = f"<b>{_e(self.tr('Next'))}: {_e(when)}</b>"
        if d.purpose:
            out += f"<br>{_e(d.purpose)}"
        if extra:
            out += f"<br><span style='color:#8a857c'>{_e(', '.join(extra))}</span>"
        return out

    def _event(self, e: EventView, full: bool = False) -> str:
        when = e.at.astimezone().strftime("%Y-%m-%d")
        head = f"<span style='color:#8a857c'>{when} · {_e(self.tr(e.channel))}</span> "
        body = _e(e.summary)
        if e.outcome:
            body += f" — <i>{_e(e.outcome)}</i>"
        if full and (e.offer or e.amount):
            offer = e.offer + (f" ({e.amount} {e.currency})" if e.amount else "")
            body += "<br>" + _e(self.tr("Offered: {offer}").format(offer=offer.strip()))
        return head + body
