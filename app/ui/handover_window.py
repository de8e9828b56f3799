"""A handover file, read-only, in its own window: who handed it over to whom and for which
days, its dossiers under the inserts they fall in, and the selected dossier in full. Nothing
here touches the binder; "Take over" asks the window's owner to merge it."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.binder import Insert, StripSettings
from app.filenames import safe_document_name
from app.handover import payload as p
from app.handover.agenda import group_by_insert
from app.i18n import _, long_date, money, n_, short_date
from app.ui.handover_model import HandoverListModel

UUID_ROLE = Qt.ItemDataRole.UserRole


def banner_text(header: p.Header, counts: dict[str, int]) -> str:
    """"Łucja Kowalczyk handed over to Piotr Nowak on 24 Nov 2026, for …": the banner of the
    window and the head of the merge preview."""
    who = escape(header.from_name) or _("someone")
    to = escape(header.to_name) or _("a colleague")
    made = long_date(header.created_at.astimezone().date())
    text = _("<b>{who}</b> handed over to <b>{to}</b> on {day}").format(
        who=who, to=to, day=made)
    if header.period is not None:
        text += _(", for {start} to {end}").format(
            start=long_date(header.period.start), end=long_date(header.period.end))
    parts = [n_("{count} dossier", "{count} dossiers", counts["dossiers"]),
             n_("{count} history entry", "{count} history entries", counts["events"]),
             n_("{count} document", "{count} documents", counts["documents"])]
    if counts.get("forms"):
        parts.append(n_("{count} form", "{count} forms", counts["forms"]))
    return f"{text}.<br>{' · '.join(parts)}"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _lines(*parts: str) -> str:
    return "<br>".join(part for part in parts if part)


def dossier_html(d: p.Dossier) -> str:
    """The dossier as the colleague reads it: card, next step, history, documents, forms."""
    out = [f"<h2>{escape(d.full_name)}</h2>"]
    who = " · ".join(escape(x) for x in (d.position, d.company) if x)
    out.append(f"<p>{_lines(who, escape(d.address).replace(chr(10), '<br>'))}</p>")
    reach = [f"{escape(x.label)}: {escape(x.number)}" if x.label else escape(x.number)
             for x in sorted(d.phones, key=lambda x: x.position)]
    reach += [escape(x.address) for x in sorted(d.emails, key=lambda x: x.position)]
    if reach:
        out.append(f"<p>{'<br>'.join(reach)}</p>")
    if d.archived:
        out.append("<p><b>{}</b> {}</p>".format(
            escape(_("Archived:")), escape(d.archive_reason)))
    elif d.next_contact is not None:
        when = long_date(d.next_contact) + (f" {d.next_time}" if d.next_time else "")
        out.append("<p><b>{}</b> {} — {}</p>".format(
            escape(_("Next contact:")), escape(when),
            escape(d.purpose) or "…"))
    if d.notes:
        out.append(f"<p>{escape(d.notes).replace(chr(10), '<br>')}</p>")
    if d.events:
        out.append("<h3>{}</h3><ul>".format(escape(_("History"))))
        for e in sorted(d.events, key=lambda e: (e.at, e.uuid), reverse=True):
            day = short_date(e.at.astimezone().date())
            offer = " · ".join(x for x in (e.offer, money(e.amount, e.currency)
                                           if e.amount else "") if x)
            out.append("<li><b>{}</b> {} {}</li>".format(
                escape(day), escape(e.summary),
                _lines("", escape(e.outcome) and "→ " + escape(e.outcome), escape(offer))))
        out.append("</ul>")
    if d.documents:
        out.append("<h3>{}</h3><ul>".format(escape(_("Documents"))))
        for a in d.documents:
            trashed = " " + escape(_("(in the trash)")) \
                if a.trashed_at else ""
            # the name it will have once taken over, never the path a file may carry
            out.append(f"<li>{escape(safe_document_name(a.filename))}{trashed}</li>")
        out.append("</ul>")
    for f in d.forms:
        labels = {x.get("name"): x.get("label", x.get("name")) for x in f.fields
                  if isinstance(x, dict)}
        rows = "".join(f"<li>{escape(str(labels.get(k, k)))}: {escape(_value(v))}</li>"
                       for k, v in f.values.items() if v not in (None, ""))
        out.append(f"<h3>{escape(f.title)}</h3><ul>{rows}</ul>")
    return "".join(out)


class HandoverWindow(QMainWindow):
    """Signals: takeOverRequested and reportRequested, for the main window's actions."""

    takeOverRequested = Signal()
    reportRequested = Signal()

    def __init__(self, handover: p.Handover, path: Path, today: date,
                 strip: StripSettings | None = None, can_take_over: bool = True,
                 groups: list[tuple[Insert, list[p.Dossier]]] | None = None,
                 counts: dict[str, int] | None = None, parent: QWidget | None = None) -> None:
        """`groups` (the dossiers under their inserts, from group_by_insert) and `counts`
        (the workload's), when a worker has already made them; else they are made here."""
        super().__init__(parent, Qt.WindowType.Window)
        self.handover = handover
        self.path = path
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("{file} — handover (read-only) — Ringbinder").format(
            file=path.name))
        self.counts = counts or handover.workload.counts()
        self.banner = QLabel(banner_text(handover.header, self.counts) + "<br>"
                             + _("Read-only: nothing here changes your binder until "
                                       "you take it over."))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #e4efff; padding: 8px 10px; }")
        self.table = QTableView()
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 6)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        # filed as this binder would file them today
        self._fill(groups if groups is not None else group_by_insert(handover, strip, today))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        bar = QToolBar(_("Handover"), self)
        bar.setMovable(False)
        self.take_over = QAction(_("&Take over…"), self)
        self.take_over.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.take_over.setToolTip(_("Merge these dossiers into your binder, after a "
                                          "preview (Ctrl+Shift+T)"))
        self.take_over.setEnabled(can_take_over)
        self.take_over.triggered.connect(self.takeOverRequested)
        self.print_report = QAction(_("&Print report…"), self)
        self.print_report.setShortcut(QKeySequence.StandardKey.Print)
        self.print_report.triggered.connect(self.reportRequested)
        close = QAction(_("&Close"), self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        for action in (self.take_over, self.print_report, close):
            bar.addAction(action)
            self.addAction(action)
        self.addToolBar(bar)
        self.resize(1200, 720)
        splitter.setSizes([700, 500])

    def _fill(self, groups: list[tuple[Insert, list[p.Dossier]]]) -> None:
        self.model = HandoverListModel(groups, [
            _("Client"), _("Company"), _("Phone"), _("Next step"),
            _("Last conversation")])
        self.table.setModel(self.model)
        for row in self.model.heading_rows:  # a heading across the whole row
            self.table.setSpan(row, 0, 1, self.model.columnCount())
        for column, width in enumerate((210, 160, 130, 220)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentChanged.connect(lambda index, _old: self._show(index))
        first = self.model.first_dossier()
        if first.isValid():
            self.table.setCurrentIndex(first)

    def _show(self, index: QModelIndex) -> None:
        dossier = self.model.dossier(index)
        self.detail.setHtml(dossier_html(dossier) if dossier else "")

    def dossier_names(self) -> list[str]:
        """The names as listed, heading by heading (for the tests and the screen reader)."""
        return self.model.names()

    def taken_over(self) -> None:
        self.take_over.setEnabled(False)
        self.banner.setText(self.banner.text().rsplit("<br>", 1)[0] + "<br>" + _(
            "Taken over: these dossiers are now in your binder."))
