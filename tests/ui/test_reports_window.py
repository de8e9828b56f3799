"""The Reports window: opened from the Go menu by the keyboard, it shows the known binder's
figures in its tabs (the picture and the table), follows the period, and saves what it
shows as a PDF or a CSV."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from app.ui.reports_window import ReportsWindow
from tests.pdf.pdfcheck import all_text, read
from tests.report_binder import build
from tests.ui.test_mnemonics import alt_key


@pytest.fixture
def reports(qtbot, make_window, services, clock) -> ReportsWindow:
    build(services, clock)
    window = make_window(services)
    keys = window.actions_["reports"].shortcut()[0]
    window.list.setFocus()
    qtbot.keyClick(window.list, keys.key(), keys.keyboardModifiers())
    dialog = window.dialog
    assert isinstance(dialog, ReportsWindow)
    qtbot.waitUntil(lambda: "activity" in dialog.shown)
    yield dialog
    dialog.close()


def _tab(qtbot, dialog: ReportsWindow, kind: str) -> None:
    dialog.tabs.setCurrentIndex(dialog.KINDS.index(kind))
    qtbot.waitUntil(lambda: kind in dialog.shown)


def _column(dialog: ReportsWindow, kind: str, column: int) -> list[str]:
    model = dialog.pages[kind].model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_menu_opens_reports_by_the_keyboard(qtbot, make_window, services):
    window = make_window(services)
    go = next(a for a in window.menuBar().actions() if a.text() == "&Go")
    window.list.setFocus()
    alt_key(window.list, go.text())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is go.menu())
    qtbot.keyClick(go.menu(), Qt.Key.Key_R)  # &Reports…
    qtbot.waitUntil(lambda: isinstance(window.dialog, ReportsWindow))
    assert window.dialog.tabs.tabText(0) == "Activity"
    window.dialog.close()


def test_activity_shows_the_figures_the_chart_and_the_days(qtbot, reports):
    page = reports.pages["activity"]
    assert "Contacts: 12 (Call 6, Visit 2, Meeting 1, E-mail 2, Letter 1)" in page.figures.text()
    assert "postponed: 2" in page.figures.text()
    assert page.chart.chart is not None and page.chart.chart.title == \
        "Contacts per day, by channel"
    assert page.model.rowCount() == 28
    assert "Nov 10, 2026" in _column(reports, "activity", 0)
    assert not page.chart.grab().isNull()


def test_pipeline_and_lost_tabs_show_their_figures(qtbot, reports):
    _tab(qtbot, reports, "pipeline")
    text = reports.pages["pipeline"].figures.text()
    assert "Offers: 5 (€3,000.50, PLN\u00a01,750.25)" in text
    assert "orders: 1" in text and ": 14" in text
    _tab(qtbot, reports, "lost")
    assert _column(reports, "lost", 0) == ["not interested", "went with a competitor"]
    assert _column(reports, "lost", 2) == ["3", "1"]


def test_workload_marks_the_day_over_capacity_and_needs_no_period(qtbot, reports):
    _tab(qtbot, reports, "workload")
    assert not reports.first.isEnabled()
    page = reports.pages["workload"]
    assert "1 day over capacity" in page.figures.text()
    chart = page.chart.chart
    assert chart is not None and chart.bar_colours is not None
    assert chart.bar_colours[9] == "#B4481B"  # Thu 3 Dec: 3 dossiers, capacity 2
    # the table is the CSV's, day by day: Thursday 3 December holds 3 against 2
    row = _column(reports, "workload", 0).index("Dec 3, 2026")
    assert (_column(reports, "workload", 1)[row], _column(reports, "workload", 2)[row]) == \
        ("3", "2")


def test_a_new_period_reads_the_report_again(qtbot, reports):
    reports.first.setDate(QDate(2026, 11, 17))
    qtbot.waitUntil(lambda: "activity" in reports.shown
                    and reports.shown["activity"].report.first == date(2026, 11, 17))
    assert "Contacts: 4 (Call 2, E-mail 1, Letter 1)" in reports.pages["activity"].figures.text()
    assert reports.pages["activity"].model.rowCount() == 8


def test_the_period_is_typed_as_every_date_is_and_a_day_that_is_not_reads_nothing(
        qtbot, reports):
    qtbot.waitUntil(lambda: "activity" in reports.shown)
    reports.first.edit.clear()
    qtbot.keyClicks(reports.first.edit, "11/17/2026")
    qtbot.waitUntil(lambda: reports.shown["activity"].report.first == date(2026, 11, 17)
                    if "activity" in reports.shown else False)
    reports.first.edit.clear()
    qtbot.keyClicks(reports.first.edit, "2/31")
    assert reports.period_note.text() == "'2/31': February has no day 31."
    assert "activity" not in reports.shown or \
        reports.shown["activity"].report.first == date(2026, 11, 17)


def test_saving_writes_the_pdf_and_the_csv_of_what_is_shown(qtbot, reports, tmp_path):
    _tab(qtbot, reports, "lost")
    pdf, table = tmp_path / "lost.pdf", tmp_path / "lost.csv"
    reports.save(pdf)
    qtbot.waitUntil(lambda: getattr(reports, "saved", None) == pdf)
    assert "Lost in the period: 3" in all_text(read(pdf))
    reports.save(table)
    qtbot.waitUntil(lambda: getattr(reports, "saved", None) == table)
    with table.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["Reason", "In the period", "Last 12 months"],
                    ["not interested", "2", "3"], ["went with a competitor", "1", "1"]]


def test_in_polish_the_reports_speak_polish(qtbot, make_window, services, clock):
    from app.i18n import set_locale

    build(services, clock)
    set_locale("pl_PL")
    try:
        window = make_window(services)
        dialog = ReportsWindow(window.parts, window)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: "activity" in dialog.shown)
        assert [dialog.tabs.tabText(i) for i in range(4)] == [
            "Aktywność", "Lejek sprzedaży", "Utraceni klienci", "Obciążenie"]
        assert "Kontakty: 12 (Telefon 6" in dialog.pages["activity"].figures.text()
        assert "10 lis 2026" in _column(dialog, "activity", 0)
    finally:
        set_locale("en_US")
