"""A handover file, read-only, in its own window: who handed it over to whom and for which
days, its dossiers under the inserts they fall in, and the selected dossier in full. Nothing
here touches the binder; "Take over" asks the window's owner to merge it."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.binder import InsertKind, StripSettings
from app.handover import payload as p
from app.handover.agenda import group_by_insert, heading_label, last_conversation
from app.i18n import long_date, money, n_, short_date

UUID_ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandoverWindow", text)


def banner_text(header: p.Header, counts: dict[str, int]) -> str:
    """"Łucja Kowalczyk handed over to Piotr Nowak on 24 Nov 2026, for …": the banner of the
    window and the head of the merge preview."""
    who = escape(header.from_name) or _tr("someone")
    to = escape(header.to_name) or _tr("a colleague")
    made = long_date(header.created_at.astimezone().date())
    text = _tr("<b>{who}</b> handed over to <b>{to}</b> on {day}").format(
        who=who, to=to, day=made)
    if header.period is not None:
        text += _tr(", for {start} to {end}").format(
            start=long_date(header.period.start), end=long_date(header.period.end))
    parts = [n_("{count} dossier", "{count} dossiers", counts["dossiers"]),
             n_("{count} history entry", "{count} history entries", counts["events"]),
             n_("{count} document", "{count} documents", counts["documents"])]
    if counts.get("forms"):
        parts.append(n_("{count} form", "{count} forms", counts["forms"]))
    return f"{text}.<br>{' · '.join(parts)}"


def _phones(d: p.Dossier) -> str:
    return ", ".join(x.number for x in sorted(d.phones, key=lambda x: x.position))


def _value(value: object) -> str:
    if isinstance(value, bool):
        return _tr("yes") if value else _tr("no")
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
            escape(_tr("Archived:")), escape(d.archive_reason)))
    elif d.next_contact is not None:
        when = long_date(d.next_contact) + (f" {d.next_time}" if d.next_time else "")
        out.append("<p><b>{}</b> {} — {}</p>".format(
            escape(_tr("Next contact:")), escape(when),
            escape(d.purpose) or "…"))
    if d.notes:
        out.append(f"<p>{escape(d.notes).replace(chr(10), '<br>')}</p>")
    if d.events:
        out.append("<h3>{}</h3><ul>".format(escape(_tr("History"))))
        for e in sorted(d.events, key=lambda e: (e.at, e.uuid), reverse=True):
            day = short_date(e.at.astimezone().date())
            offer = " · ".join(x for x in (e.offer, money(e.amount, e.currency)
                                           if e.amount else "") if x)
            out.append("<li><b>{}</b> {} {}</li>".format(
                escape(day), escape(e.summary),
                _lines("", escape(e.outcome) and "→ " + escape(e.outcome), escape(offer))))
        out.append("</ul>")
    if d.documents:
        out.append("<h3>{}</h3><ul>".format(escape(_tr("Documents"))))
        for a in d.documents:
            trashed = " " + escape(_tr("(in the trash)")) \
                if a.trashed_at else ""
            out.append(f"<li>{escape(a.filename)}{trashed}</li>")
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
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.handover = handover
        self.path = path
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("{file} — handover (read-only) — Ringbinder").format(
            file=path.name))
        self.banner = QLabel(banner_text(handover.header, handover.workload.counts()) + "<br>"
                             + self.tr("Read-only: nothing here changes your binder until "
                                       "you take it over."))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #e4efff; padding: 8px 10px; }")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Client"), self.tr("Company"), self.tr("Phone"),
                                   self.tr("Next step"), self.tr("Last conversation")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self._by_uuid = {d.uuid: d for d in handover.workload.dossiers}
        self._fill(strip, today)  # filed as this binder would file them today
        self.tree.currentItemChanged.connect(lambda item, _old: self._show(item))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        bar = QToolBar(self.tr("Handover"), self)
        bar.setMovable(False)
        self.take_over = QAction(self.tr("&Take over…"), self)
        self.take_over.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.take_over.setToolTip(self.tr("Merge these dossiers into your binder, after a "
                                          "preview (Ctrl+Shift+T)"))
        self.take_over.setEnabled(can_take_over)
        self.take_over.triggered.connect(self.takeOverRequested)
        self.print_report = QAction(self.tr("&Print report…"), self)
        self.print_report.setShortcut(QKeySequence.StandardKey.Print)
        self.print_report.triggered.connect(self.reportRequested)
        close = QAction(self.tr("&Close"), self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        for action in (self.take_over, self.print_report, close):
            bar.addAction(action)
            self.addAction(action)
        self.addToolBar(bar)
        self.resize(1200, 720)
        splitter.setSizes([700, 500])

    def _fill(self, strip: StripSettings | None, today: date) -> None:
        items = []
        first = None
        for insert, dossiers in group_by_insert(self.handover, strip, today):
            one_day = insert.kind is InsertKind.DAY and insert.first == insert.last
            heading = QTreeWidgetItem([f"{heading_label(insert)} ({len(dossiers)})"])
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            heading.setFirstColumnSpanned(True)
            for d in dossiers:
                talk = last_conversation(d)
                next_step = " ".join(x for x in (
                    short_date(d.next_contact) if d.next_contact and not one_day else "",
                    d.next_time or "",
                    d.purpose) if x)
                row = QTreeWidgetItem([d.full_name, d.company, _phones(d),
                                       d.archive_reason if d.archived else next_step,
                                       talk.outcome or talk.summary if talk else ""])
                row.setData(0, UUID_ROLE, d.uuid)
                heading.addChild(row)
                first = first or row
            items.append(heading)
        self.tree.addTopLevelItems(items)
        for item in items:  # the spans only hold once the items are in the tree
            item.setFirstColumnSpanned(True)
        self.tree.expandAll()
        for column, width in enumerate((210, 160, 130, 220)):
            self.tree.setColumnWidth(column, width)
        if first is not None:
            self.tree.setCurrentItem(first)
            self._show(first)

    def _show(self, item: QTreeWidgetItem | None) -> None:
        uuid = item.data(0, UUID_ROLE) if item is not None else None
        dossier = self._by_uuid.get(uuid) if uuid else None
        self.detail.setHtml(dossier_html(dossier) if dossier else "")

    def dossier_names(self) -> list[str]:
        """The names as listed, heading by heading (for the tests and the screen reader)."""
        return [self.tree.topLevelItem(i).child(j).text(0)
                for i in range(self.tree.topLevelItemCount())
                for j in range(self.tree.topLevelItem(i).childCount())]

    def taken_over(self) -> None:
        self.take_over.setEnabled(False)
        self.banner.setText(self.banner.text().rsplit("<br>", 1)[0] + "<br>" + self.tr(
            "Taken over: these dossiers are now in your binder."))
