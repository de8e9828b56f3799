"""The Reports window (Go → Reports…): activity, pipeline, lost clients and the coming
weeks' load, each a picture first (painted here with QPainter from the service's Chart, as
the PDF draws it with reportlab) and a table second, for a period the user picks; saved as
a PDF or its table as CSV.

Every report is read on a thread of its own (a big binder's year of history is more than the
GUI thread may wait for); the window shows "Reading…" meanwhile and ignores an answer that a
newer question has overtaken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.date_field import DateField
from app.ui.worker import QuietTask

if TYPE_CHECKING:
    from app.services.report_views import Chart, Table
    from app.ui.host import Parts
    from app.ui.main_window import MainWindow

INK, MUTED, RULE, PALE = "#1F2933", "#5F6B7A", "#CBD2D9", "#F5F7FA"


@dataclass(frozen=True)
class Shown:
    """A report as the window shows it, made on the worker thread."""

    kind: str
    report: Any
    heading: tuple[str, str, list[str]]
    chart: Chart
    table: Table
    texts: list[list[str]]


def read_report(parts: Parts, kind: str, first: date | None, last: date | None) -> Shown:
    """Read and lay out one report (on a worker thread: no widget is touched)."""
    from app.services import report_views as views

    report = parts.services.reports.report(kind, first, last)
    made = views.report_table(report)  # the table Export CSV writes, row for row
    return Shown(kind, report, views.headline(report), views.chart(report), made,
                 views.texts(made))


class TableModel(QAbstractTableModel):
    """A report's table, its cells in the reader's words; numbers to the right."""

    def __init__(self) -> None:
        super().__init__()
        self._table: Table | None = None
        self._texts: list[list[str]] = []

    def show(self, table: Table, texts: list[list[str]]) -> None:
        self.beginResetModel()
        self._table, self._texts = table, texts
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                 ) -> int:
        return 0 if parent.isValid() else len(self._texts)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                 ) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._table is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and \
                self._table.kinds[index.column()] in ("int", "count", "amount"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and self._table is not None and \
                orientation == Qt.Orientation.Horizontal:
            return self._table.headers[section]
        return None


class ChartView(QWidget):
    """A report's Chart painted with QPainter: upright bars (stacked series, a limit line,
    days off shaded) or lying rows (the series side by side, each with its number)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.setAccessibleName(chart.title if chart else "")
        if chart is not None and chart.lying:  # as tall as its rows: the table gets the rest
            line = self.fontMetrics().height()
            rows = max(len(chart.labels), 1) * ((line + 4) * len(chart.series) + 10)
            self.setFixedHeight(min(2 * line + 8 + (line + 4 if chart.legend else 0) + rows,
                                    400))
        else:
            self.setMinimumHeight(220)
            self.setMaximumHeight(16777215)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.chart is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        font = QFont(self.font())
        metrics = QFontMetrics(font)
        line = metrics.height()
        w, h = float(self.width()), float(self.height())
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor(INK))
        p.drawText(QRectF(0, 0, w, line), Qt.AlignmentFlag.AlignLeft, self.chart.title)
        top = line + 4
        p.setFont(font)
        if self.chart.legend:
            x = 0.0
            for colour, text in self.chart.legend:
                p.fillRect(QRectF(x, top + line / 2 - 5, 10, 10), QColor(colour))
                p.setPen(QColor(MUTED))
                p.drawText(QRectF(x + 14, top, w, line), Qt.AlignmentFlag.AlignLeft, text)
                x += 14 + metrics.horizontalAdvance(text) + 18
            top += line + 4
        if self.chart.lying:
            self._lying(p, metrics, w, top, h)
        else:
            self._upright(p, metrics, w, top, h)
        p.end()

    def _upright(self, p: QPainter, metrics: QFontMetrics, w: float, top: float,
                 h: float) -> None:
        chart = self.chart
        assert chart is not None
        line = metrics.height()
        scale_top, step = chart.scale()
        left = metrics.horizontalAdvance(f"{scale_top:g}") + 8.0
        bottom = h - line - 4
        plot_h = bottom - top - line / 2
        k = plot_h / scale_top
        value = 0.0
        while value <= scale_top + 1e-9:
            y = bottom - value * k
            p.setPen(QPen(QColor(RULE), 1))
            p.drawLine(int(left), int(y), int(w), int(y))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, y - line / 2, left - 4, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:g}")
            value += step
        count = max(len(chart.labels), 1)
        slot = (w - left) / count
        bar = max(slot * 0.72, 1.0)
        for i, label in enumerate(chart.labels):
            x = left + i * slot
            if chart.shaded and chart.shaded[i]:
                p.fillRect(QRectF(x, bottom - plot_h, slot, plot_h), QColor(PALE))
            base = bottom
            for series in chart.series:
                height = series.values[i] * k
                if height > 0:
                    colour = chart.bar_colours[i] if chart.bar_colours else series.colour
                    p.fillRect(QRectF(x + (slot - bar) / 2, base - height, bar, height),
                               QColor(colour))
                    base -= height
            if chart.limits and chart.limits[i] > 0:
                y = bottom - chart.limits[i] * k
                p.setPen(QPen(QColor(INK), 2))
                p.drawLine(int(x), int(y), int(x + slot), int(y))
            if label:
                p.setPen(QColor(MUTED))
                if count <= 31:
                    p.drawText(QRectF(x - 10, bottom + 2, slot + 20, line),
                               Qt.AlignmentFlag.AlignHCenter, label)
                elif x + metrics.horizontalAdvance(label) <= w:  # none cut at the edge
                    p.drawText(QRectF(x, bottom + 2, 80, line), Qt.AlignmentFlag.AlignLeft,
                               label)

    def _lying(self, p: QPainter, metrics: QFontMetrics, w: float, top: float,
               h: float) -> None:
        chart = self.chart
        assert chart is not None
        line = metrics.height()
        labels = [metrics.elidedText(t, Qt.TextElideMode.ElideRight, int(w * 0.4))
                  for t in chart.labels]
        left = max((metrics.horizontalAdvance(t) for t in labels), default=0) + 10.0
        plot_w = w - left - metrics.horizontalAdvance("0000") - 8
        scale_top, _step = chart.scale()
        n = len(chart.series)
        rows = max(len(labels), 1)
        slot = min((h - top) / rows, (line + 4) * n + 10)
        bar = (slot - 8) / n
        for i, label in enumerate(labels):
            y0 = top + i * slot
            p.setPen(QColor(INK))
            p.drawText(QRectF(0, y0, left, slot), Qt.AlignmentFlag.AlignVCenter, label)
            for j, series in enumerate(chart.series):
                value = series.values[i]
                length = plot_w * value / scale_top
                y = y0 + 4 + j * bar
                if length > 0:
                    p.fillRect(QRectF(left, y, length, bar - 2), QColor(series.colour))
                p.setPen(QColor(MUTED))
                p.drawText(QRectF(left + length + 4, y, 60, bar - 2),
                           Qt.AlignmentFlag.AlignVCenter, f"{value:g}")


class ReportPage(QWidget):
    """One tab: the title and key figures, the picture, the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.period = QLabel()
        self.period.setStyleSheet(f"color: {MUTED};")
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = ChartView()
        self.model = TableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Table"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.period)
        layout.addWidget(self.figures)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.table, 2)

    def show_reading(self) -> None:
        self.figures.setText(_("Reading…"))

    def show_report(self, shown: Shown) -> None:
        title, period, figures = shown.heading
        self.title.setText(title)
        self.period.setText(period)
        self.figures.setText("\n".join(figures))
        self.chart.show_chart(shown.chart)
        self.model.show(shown.table, shown.texts)


class ReportsWindow(QDialog):
    """The four reports in tabs, over a period (the workload always looks 12 weeks ahead)."""

    KINDS = ("activity", "pipeline", "lost", "workload")

    def __init__(self, parts: Parts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.services.reports import default_period

        self.parts = parts
        self.setWindowTitle(_("Reports"))
        self.resize(900, 720)
        self.shown: dict[str, Shown] = {}
        self._asked: dict[str, tuple[date | None, date | None]] = {}
        self._tasks: set[QuietTask] = set()
        self._closed = False  # an answer that comes after the window closed is dropped
        first, last = default_period(parts.today())
        self.first = self._date_edit(first)
        self.last = self._date_edit(last)
        period = QHBoxLayout()
        from_label = QLabel(_("Period &from:"))
        from_label.setBuddy(self.first)
        to_label = QLabel(_("&until:"))
        to_label.setBuddy(self.last)
        self.period_note = QLabel()
        self.period_note.setStyleSheet(f"color: {MUTED};")
        for widget in (from_label, self.first, to_label, self.last):
            period.addWidget(widget)
        period.addSpacing(12)
        period.addWidget(self.period_note, 1)
        self.tabs = QTabWidget()
        self.pages: dict[str, ReportPage] = {}
        names = {"activity": _("Activity"), "pipeline": _("Pipeline"),
                 "lost": _("Lost clients"), "workload": _("Workload")}
        for kind in self.KINDS:
            self.pages[kind] = ReportPage()
            self.tabs.addTab(self.pages[kind], names[kind])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = QPushButton(_("Save as &PDF…"))
        self.csv_button = QPushButton(_("Export &CSV…"))
        self.buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.csv_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(lambda: self._ask_file("pdf"))
        self.csv_button.clicked.connect(lambda: self._ask_file("csv"))
        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.first.dateChanged.connect(lambda _d: self._period_changed())
        self.last.dateChanged.connect(lambda _d: self._period_changed())
        for edit in (self.first, self.last):  # a text that names no day: said at once
            edit.changed.connect(self._typed)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def _date_edit(self, day: date) -> DateField:
        """Typed as every date of the app is ("1.11", "15 oct", a full date) or picked with
        Alt+Down; the period's dates are in the past, so no load is shown beside them."""
        edit = DateField(self.parts.today())
        edit.setDate(day)
        return edit

    # -- what is shown ---------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.KINDS[self.tabs.currentIndex()]

    def period(self) -> tuple[date | None, date | None]:
        if self.kind == "workload":
            return None, None
        return self.first.day(), self.last.day()

    def _typed(self) -> None:
        error = self.first.error() or self.last.error()
        if error:
            self.period_note.setText(error)
        else:  # the note as the period stands (nothing is read again for the same period)
            self.refresh()

    def _period_changed(self) -> None:
        self.shown.clear()  # every report of a period is read again when shown
        self.refresh()

    def refresh(self) -> None:
        """Read the current tab's report for the period, unless it is shown already."""
        kind, (first, last) = self.kind, self.period()
        workload = kind == "workload"
        self.first.setEnabled(not workload)
        self.last.setEnabled(not workload)
        self.period_note.setText(_("The workload looks at the coming 12 weeks.")
                                 if workload else "")
        if not workload and (first is None or last is None):  # the field says why, in red
            self.period_note.setText(self.first.error() or self.last.error())
            return
        if first is not None and last is not None and last < first:
            self.period_note.setText(_("The period ends before it starts."))
            return
        if kind in self.shown or self._asked.get(kind) == (first, last):
            return
        self._asked[kind] = (first, last)
        self.pages[kind].show_reading()
        parts = self.parts
        task = QuietTask("report", lambda: read_report(parts, kind, first, last),
                         lambda shown: self._show(shown, first, last),
                         self._failed)
        self._tasks.add(task)
        task.done.connect(lambda: self._tasks.discard(task))
        task.start()

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def _show(self, shown: Shown, first: date | None, last: date | None) -> None:
        if self._closed or self._asked.get(shown.kind) != (first, last):
            return  # overtaken by a newer period
        self._asked.pop(shown.kind, None)
        self.shown[shown.kind] = shown
        self.pages[shown.kind].show_report(shown)

    def _failed(self, message: str) -> None:
        if self._closed:
            return
        self._asked.clear()
        self.parts.host.show_error(message)

    # -- saving ----------------------------------------------------------------------------
    def _ask_file(self, suffix: str) -> None:
        from app.filenames import safe_document_name

        shown = self.shown.get(self.kind)
        if shown is None:
            return
        folder = str(self.parts.settings.value("reports/folder") or Path.home())
        report = shown.report
        dates = f"{report.first.isoformat()} – {report.last.isoformat()}"
        name = safe_document_name(f"{shown.heading[0]} {dates}")
        pattern = _("PDF files (*.pdf)") if suffix == "pdf" else _("CSV files (*.csv)")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the report"), str(Path(folder) / f"{name}.{suffix}"), pattern)
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != f".{suffix}":
                path = path.with_name(path.name + f".{suffix}")
            self.parts.settings.setValue("reports/folder", str(path.parent))
            self.save(path)

    def save(self, path: Path) -> None:
        """Write the report shown as a PDF, or its table as CSV (by the file's suffix), on a
        thread of its own; the status bar says when it is written."""
        from app.i18n import n_

        shown = self.shown.get(self.kind)
        if shown is None:
            return
        reports, report = self.parts.services.reports, shown.report
        as_pdf = path.suffix.lower() == ".pdf"

        def work() -> int:
            return reports.save_pdf(report, path) if as_pdf else reports.save_csv(report, path)

        def written(count: int) -> None:
            if as_pdf:
                message = n_("Wrote {path} ({count} page).", "Wrote {path} ({count} pages).",
                             count, path=path)
            else:
                message = n_("Wrote {path} ({count} row).", "Wrote {path} ({count} rows).",
                             count, path=path)
            self.parts.host.show_status(message)
            self.saved = path

        task = QuietTask("report-save", work, written, self.parts.host.show_error)
        self._tasks.add(task)
        task.done.connect(lambda: self._tasks.discard(task))
        task.start()


def open_reports(window: MainWindow) -> None:
    """Go → Reports…: the window over the binder open now."""
    window.open_dialog(ReportsWindow(window.parts, window))

