"""The tab strip: its tabs are the engine's inserts, and the user moves between them."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QRegion
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from app.binder import InsertKind, build_strip
from app.binder.calendar import WorkCalendar
from app.i18n import month_name, set_locale
from app.ui.tab_paint import COUNT_LEGIBLE_POINTS, count_text
from app.ui.tab_strip import STRIP_HEIGHT, TabStrip
from tests.conftest import TODAY
from tests.ui.conftest import DEMO_CLIENTS, add, click_tab, counts, listed

CTRL = Qt.KeyboardModifier.ControlModifier


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def assert_strip_is_the_engines(qtbot, window, services, today: date,
                                total: int = DEMO_CLIENTS) -> None:
    """The tabs on screen are the engine's inserts, with the engine's counts, and each tab's
    count is the number of cards its insert lists."""
    shown = window.strip.tabs()
    engine = services.views.tabs()
    inserts = list(build_strip(today, services.settings.get().strip))
    assert [t.key for t in shown] == [t.key for t in engine] == [i.key for i in inserts]
    assert [(t.kind, t.day, t.first, t.last, t.working, t.count) for t in shown] == [
        (t.kind, t.day, t.first, t.last, t.working, t.count) for t in engine]
    assert [t.kind for t in shown] == [i.kind for i in inserts]
    assert sum(t.count for t in shown) == total  # every dossier under exactly one tab
    # the binder opens at today's insert
    first_day = next(t for t in shown if t.kind is InsertKind.DAY)
    assert window.strip.current_key() == first_day.key
    assert window.load_label.text().startswith(
        f"{first_day.count} filed for today · ")
    # walking the strip with the arrow keys shows each insert's cards, as many as its count
    window.strip.setFocus()
    qtbot.keyClick(window.strip, Qt.Key.Key_Home)
    for _ in range(window.strip.index_of(first_day.key)):
        qtbot.keyClick(window.strip, Qt.Key.Key_Left)
    for n, tab in enumerate(shown):
        assert window.strip.current_key() == tab.key
        names = listed(window)
        assert len(names) == tab.count, tab.key
        assert names == [r.name for r in services.views.list_insert(tab.key)]
        if n + 1 < len(shown):
            qtbot.keyClick(window.strip, Qt.Key.Key_Right)
    # every tab is on screen: no horizontal scrolling at the default 1366 pixels
    rects = [window.strip.tab_rect(t.key) for t in shown]
    assert rects[0].left() >= 0 and rects[-1].right() <= window.strip.width()
    assert all(a.right() <= b.left() for a, b in itertools.pairwise(rects))


@pytest.fixture
def open_on(make_window, demo_services, clock):
    """Open the demo binder's window as if today were `day`."""

    def open_(day: date):
        clock.set_today(day)
        return make_window(demo_services)

    return open_


@pytest.mark.parametrize(("today", "full", "last_day", "first_month", "last_month"), [
    (date(2026, 11, 24), "Tuesday, November 24, 2026", date(2026, 12, 23), "2026-12", "2027-11"),
    # no 31 February: the sheets run to the end of February
    (date(2027, 1, 31), "Sunday, January 31, 2027", date(2027, 2, 28), "2027-03", "2028-02"),
    (date(2028, 2, 29), "Tuesday, February 29, 2028", date(2028, 3, 28), "2028-03", "2029-02"),
    # over the year's end
    (date(2026, 12, 31), "Thursday, December 31, 2026", date(2027, 1, 30), "2027-01", "2027-12"),
])
def test_calendar_strip_matches_the_engine(qtbot, open_on, demo_services, today, full,
                                           last_day, first_month, last_month):
    window = open_on(today)
    tabs = window.strip.tabs()
    assert tabs[0].kind is InsertKind.OVERDUE and tabs[0].label == "Overdue"
    assert [t.label for t in tabs[-3:]] == ["Later", "Undated", "Archive"]
    days = [t for t in tabs if t.kind is InsertKind.DAY]
    assert [t.day for t in days] == days_between(today, last_day)  # one sheet a day
    assert [t.working for t in days] == [d.weekday() < 5 for d in days_between(today, last_day)]
    months = [t.key for t in tabs if t.kind is InsertKind.MONTH]
    assert len(months) == 12 and months[0] == first_month and months[-1] == last_month
    assert window.strip.today_key() == today.isoformat()
    count = window.strip.tabs()[1].count
    assert window.strip.describe(1) == f"{full}\n{count} of 20 dossiers"
    assert_strip_is_the_engines(qtbot, window, demo_services, today)


def test_working_days_strip_has_no_weekend_or_holiday_tab(qtbot, open_on, demo_services,
                                                           clock):
    demo_services.settings.update(tab_mode="working_days", holiday_country="PL")
    today = date(2026, 11, 5)  # a Thursday; 11 November is Poland's Independence Day
    clock.set_today(today)
    holiday_client = add(demo_services, "Bożena Świętochowska", date(2026, 11, 11))
    window = open_on(today)
    assert_strip_is_the_engines(qtbot, window, demo_services, today, DEMO_CLIENTS + 1)
    days = [t for t in window.strip.tabs() if t.kind is InsertKind.DAY]
    cal = WorkCalendar("PL")
    working = [d for d in days_between(today, date(2026, 12, 4)) if cal.is_working(d)]
    assert [t.day for t in days] == working
    assert date(2026, 11, 11) not in working and date(2026, 11, 7) not in working
    assert all(t.day.weekday() < 5 for t in days)
    # a dossier due on the holiday is filed under the next working day, as the tooltip says
    click_tab(qtbot, window, "2026-11-12")
    assert "Bożena Świętochowska" in listed(window)
    index = window.strip.index_of("2026-11-12")
    assert "includes 2026-11-11 to 2026-11-12" in window.strip.describe(index)
    assert holiday_client in {r.id for r in window.list.model_.rows()}


def test_clicking_a_tab_shows_its_dossiers_in_working_order(qtbot, known):
    window = known
    # the time agreed first, then by priority, then by name
    assert listed(window) == ["Zofia Nowak", "Beata Kowalska", "Adam Smith", "Carlos Ruiz"]
    assert window.pane.dossier_id is not None and "Zofia Nowak" in window.pane.header.text()
    click_tab(qtbot, window, "2026-11-25")
    assert window.strip.current_key() == "2026-11-25"
    assert listed(window) == ["Олег Петров", "María José Fernández"]
    assert "Олег Петров" in window.pane.header.text()  # the first card is opened beside
    click_tab(qtbot, window, "2026-12")  # the rest of December, by date
    assert listed(window) == ["Ana Belén Torres", "Ewa Zielińska"]
    assert window.list.delegate.show_dates  # a month's cards show their dates
    click_tab(qtbot, window, "2026-11-26")
    assert listed(window) == []
    assert window.pane.dossier_id is None and "Олег Петров" not in window.pane.header.text()
    assert window.list.empty.message.text() == "Nothing filed for Thu 26 Nov"


def test_keyboard_moves_between_inserts_and_back_to_today(qtbot, known):
    window = known
    strip = window.strip
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_PageDown, CTRL)
    assert strip.current_key() == "2026-11-25" and "Олег Петров" in listed(window)
    qtbot.keyClick(window.list, Qt.Key.Key_PageDown, CTRL)
    assert strip.current_key() == "2026-11-26"
    qtbot.keyClick(window.list, Qt.Key.Key_PageUp, CTRL)
    assert strip.current_key() == "2026-11-25"
    qtbot.keyClick(window.list, Qt.Key.Key_Right)  # arrows in the list move between inserts
    assert strip.current_key() == "2026-11-26"
    qtbot.keyClick(window.list, Qt.Key.Key_Left)
    qtbot.keyClick(window.list, Qt.Key.Key_Left)
    assert strip.current_key() == "2026-11-24"
    qtbot.keyClick(window.list, Qt.Key.Key_Left)
    assert strip.current_key() == "overdue"
    qtbot.keyClick(window.list, Qt.Key.Key_Left)  # nothing before Overdue
    assert strip.current_key() == "overdue"
    qtbot.keyClick(window.list, Qt.Key.Key_T, CTRL)  # back to today
    assert strip.current_key() == "2026-11-24" and "Zofia Nowak" in listed(window)
    click_tab(qtbot, window, "2026-12")
    qtbot.keyClick(strip, Qt.Key.Key_Right)  # and on the strip
    assert strip.current_key() == "2027-01"
    qtbot.keyClick(strip, Qt.Key.Key_Left)
    qtbot.keyClick(strip, Qt.Key.Key_Left)
    assert strip.current_key() == "2026-12-23"
    qtbot.keyClick(strip, Qt.Key.Key_Home)
    assert strip.current_key() == "2026-11-24" and "Zofia Nowak" in listed(window)
    click_tab(qtbot, window, "archive")
    qtbot.keyClick(strip, Qt.Key.Key_Right)  # nothing after the Archive
    assert strip.current_key() == "archive"
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Home)
    assert strip.current_key() == "2026-11-24"


def test_hovering_a_tab_tells_its_full_date_and_load(qtbot, known):
    window = known
    strip = window.strip
    today = strip.index_of("2026-11-24")
    assert strip.describe(today) == "Tuesday, November 24, 2026\n4 of 20 dossiers"
    assert strip.describe(strip.index_of("2026-11-25")) == (
        "Wednesday, November 25, 2026\n2 of 20 dossiers")
    assert strip.describe(strip.index_of("2026-12")) == "December 2026\n2 dossiers"
    assert strip.describe(strip.index_of("later")) == "Later\n0 dossiers"
    qtbot.mouseMove(strip, strip.tab_rect("2026-11-25").center().toPoint())
    qtbot.waitUntil(lambda: QToolTip.text() == strip.describe(strip.index_of("2026-11-25")))


def test_an_overloaded_day_says_so(qtbot, services, make_window):
    services.settings.update(daily_capacity=3)
    for name in ("Iker Álvarez", "Paweł Wójcik", "Ирина Соколова", "Lucía Gómez"):
        add(services, name, TODAY)
    window = make_window(services)
    today = window.strip.tabs()[window.strip.index_of("2026-11-24")]
    assert today.over_capacity and today.count == 4
    assert window.strip.describe(1) == (
        "Tuesday, November 24, 2026\n4 of 3 dossiers — over capacity")
    assert window.load_label.text() == "4 filed for today · 1 over capacity"


@pytest.mark.parametrize("today", [TODAY, date(2026, 12, 31)])  # 30 and 31 day sheets
def test_the_default_window_fits_a_laptop_screen(open_on, today):
    """All inserts fit 1366x768 without scrolling; at 1920 they breathe."""
    window = open_on(today)
    window.resize(1366, 768)
    strip = window.strip
    rects = [strip.tab_rect(t.key) for t in strip.tabs()]
    assert window.width() == 1366 and len(rects) >= 46
    assert rects[0].left() >= 0 and rects[-1].right() <= strip.width()
    day = strip.tab_rect(today.isoformat())
    shown = counts(window)
    window.resize(1920, 1080)
    assert strip.tab_rect(today.isoformat()).width() > day.width() * 1.3
    assert strip.tab_rect("archive").right() <= strip.width()
    assert counts(window) == shown


def test_a_long_working_days_horizon_scrolls_to_the_chosen_tab(qtbot, open_on, demo_services):
    """Three months of working-day sheets do not fit 1366 pixels: the strip scrolls so that
    the insert the user moves to is always in sight."""
    demo_services.settings.update(tab_mode="working_days", holiday_country="ES",
                                  horizon_months=3)
    window = open_on(TODAY)
    window.resize(1366, 768)
    strip = window.strip
    assert strip.tab_rect("archive").right() > strip.width()  # out of sight at first
    assert strip.tab_rect("2026-11-24").left() >= 0
    strip.setFocus()
    for _ in range(len(strip.tabs())):
        qtbot.keyClick(strip, Qt.Key.Key_Right)
    assert strip.current_key() == "archive"
    archive = strip.tab_rect("archive")
    assert archive.left() >= 0 and archive.right() <= strip.width()
    qtbot.keyClick(strip, Qt.Key.Key_Home)
    assert strip.current_key() == "2026-11-24"
    today = strip.tab_rect("2026-11-24")
    assert today.left() >= 0 and today.right() <= strip.width()
    click_tab(qtbot, window, "2026-11-25")  # a visible tab can be clicked
    assert strip.current_key() == "2026-11-25"


@pytest.mark.parametrize("today", [date(2026, 11, 30), date(2026, 12, 31), TODAY])
def test_month_names_above_the_strip_never_run_into_each_other(open_on, today):
    """On the last day of a month its one tab carries its month's name: shortened, it stays
    over that tab instead of running into the next month's ("NovemDecember")."""
    window = open_on(today)
    window.resize(1366, 768)
    strip = window.strip
    font = strip._small_font()
    metrics = QFontMetrics(font)
    headings = strip.month_headings(font)
    assert len(headings) == 2
    for name, rect in headings:
        assert name and metrics.horizontalAdvance(name) <= rect.width()
    (first, first_rect), (_second, second_rect) = headings
    assert first_rect.right() <= second_rect.left()
    if today.day >= 30:  # one tab: the short name, whole
        assert first == {11: "Nov", 12: "Dec"}[today.month]


# -- painting from cached pixmaps --------------------------------------------------------------

class DirectStrip(TabStrip):
    """The strip painted tab by tab on every paint, without the pixmaps: the reference."""

    CACHED = False


class Painted(QObject):
    """The regions a widget is asked to paint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.regions: list[QRegion] = []
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.regions.append(QRegion(event.region()))
        return False

    def union(self) -> QRegion:
        whole = QRegion()
        for region in self.regions:
            whole = whole.united(region)
        return whole


@pytest.fixture
def rendered(monkeypatch):
    """The indexes of the tabs painted into a pixmap (not taken from the cache), in order."""
    done: list[int] = []
    render = TabStrip._render_tab

    def counted(self, index):
        done.append(index)
        return render(self, index)

    monkeypatch.setattr(TabStrip, "_render_tab", counted)
    return done


def a_strip(qtbot, services, cls=TabStrip, width=1366, tabs=None):
    strip = cls()
    qtbot.addWidget(strip)
    strip.set_tabs(tabs or services.views.tabs(), TODAY, services.settings.get().daily_capacity)
    strip.set_current(TODAY.isoformat(), notify=False)
    strip.resize(width, STRIP_HEIGHT)
    strip.show()
    qtbot.waitExposed(strip)
    QApplication.processEvents()  # the first paint done
    return strip


def with_count(tabs, key, count):
    return [replace(t, count=count, over_capacity=t.kind is InsertKind.DAY and count > 20)
            if t.key == key else t for t in tabs]


@pytest.mark.parametrize("width", [1366, 1920, 700])  # 700: too narrow, the strip scrolls
def test_the_strip_from_pixmaps_looks_exactly_as_painted_directly(qtbot, services, known_ids,
                                                                   width):
    tabs = with_count(services.views.tabs(), "2026-11-26", 1264)
    cached = a_strip(qtbot, services, width=width, tabs=tabs)
    direct = a_strip(qtbot, services, DirectStrip, width=width, tabs=tabs)
    states = [
        lambda s: None,
        lambda s: s.set_current("2026-12", notify=False),  # a month, with its year
        lambda s: s.set_current("later", notify=False),  # a named tab, bold
        lambda s: s._set_hover(s.index_of("2026-11-25")),
        lambda s: s._set_drop(s.index_of("2026-11-27")),
        lambda s: s.set_current("archive", notify=False),  # scrolled to, when narrow
    ]
    for n, state in enumerate(states):
        state(cached)
        state(direct)
        assert cached.grab().toImage() == direct.grab().toImage(), n
        QApplication.processEvents()  # the partial repaint on screen too
        assert cached.grab().toImage() == direct.grab().toImage(), n


def test_a_new_count_repaints_only_its_tab(qtbot, services, known_ids, rendered):
    strip = a_strip(qtbot, services)
    tabs = strip.tabs()
    strip.grab()  # every tab in the cache
    rendered.clear()
    painted = Painted(strip)
    strip.set_tabs(with_count(tabs, "2026-11-25", 3), TODAY, 20)
    QApplication.processEvents()
    index = strip.index_of("2026-11-25")
    assert rendered == [index]  # painted anew: this tab only
    assert painted.union() == QRegion(strip._areas[index])  # and only its pixels
    # the same counts again: nothing to paint
    painted.regions.clear()
    strip.set_tabs(strip.tabs(), TODAY, 20)
    QApplication.processEvents()
    assert painted.regions == [] and rendered == [index]


def test_a_switch_repaints_the_old_and_the_new_tab(qtbot, services, known_ids, rendered):
    strip = a_strip(qtbot, services)
    strip.grab()
    painted = Painted(strip)
    old, new = strip.index_of(TODAY.isoformat()), strip.index_of("2026-12")
    with qtbot.waitSignal(strip.currentChanged) as signal:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton,
                         pos=strip.tab_rect("2026-12").center().toPoint())
    assert signal.args == ["2026-12"]
    QApplication.processEvents()
    assert sorted(rendered[-2:]) == [old, new]
    assert painted.union() == QRegion(strip._areas[old]).united(QRegion(strip._areas[new]))
    # back again: both looks are in the cache
    rendered.clear()
    strip.set_current(TODAY.isoformat(), notify=False)
    strip.grab()
    assert rendered == []


def test_the_pixmaps_are_painted_anew_on_a_new_font_palette_or_size(qtbot, services,
                                                                    known_ids, rendered):
    strip = a_strip(qtbot, services)
    direct = a_strip(qtbot, services, DirectStrip)
    strip.grab()
    count = len(strip.tabs())
    for change in (lambda s: s.setFont(QFont(s.font().family(), 13)),
                   lambda s: s.setPalette(QPalette(QColor("#203040"))),
                   lambda s: s.resize(1600, STRIP_HEIGHT)):
        rendered.clear()
        change(strip)
        change(direct)
        QApplication.processEvents()
        assert strip.grab().toImage() == direct.grab().toImage()
        assert len(rendered) >= count  # none drawn from the pixmaps of before
        assert len(strip._pixmaps) <= 2 * count  # nor kept


def test_a_count_in_thousands_fits_its_day_tab(qtbot, services, known_ids):
    strip = a_strip(qtbot, services, tabs=with_count(services.views.tabs(), "2026-11-26", 1264))
    tab = strip.tabs()[strip.index_of("2026-11-26")]
    width = strip.tab_rect(tab.key).width() - 2
    font = strip.count_font(tab, strip._small, width)
    assert font.bold() and QFontMetrics(font).horizontalAdvance("1264") <= width
    assert strip.count_font(replace(tab, count=12), strip._small, width).pointSizeF() == (
        strip._small.pointSizeF())  # a count that fits keeps its size


@pytest.mark.parametrize(("width", "count", "shown"), [
    (1920, 1264, "1264"), (1366, 1264, "1.3k"), (1100, 1264, "1k"), (1100, 12_345, "12k")])
def test_a_count_too_long_for_its_tab_is_shown_in_thousands(qtbot, services, known_ids,
                                                            width, count, shown):
    """Whole while it can be read; in a narrow window "1.3k", the tooltip saying it whole."""
    strip = a_strip(qtbot, services, width=width,
                    tabs=with_count(services.views.tabs(), "2026-11-26", count))
    index = strip.index_of("2026-11-26")
    tab = strip.tabs()[index]
    room = strip.tab_rect(tab.key).width() - 2
    text, font = count_text(tab, strip._small, room)
    assert text == shown
    assert QFontMetrics(font).horizontalAdvance(text) <= room
    assert font.pointSizeF() >= COUNT_LEGIBLE_POINTS
    assert f"{count} of 20 dossiers" in strip.describe(index)


@pytest.mark.parametrize("language", ["en_US", "pl_PL", "ru_RU"])
@pytest.mark.parametrize("width", [1366, 1100])
@pytest.mark.parametrize("today", [date(2026, 11, 30), date(2026, 11, 29), date(2026, 12, 31)])
def test_month_names_stay_whole_and_apart_in_each_language(qtbot, demo_services, clock,
                                                           language, width, today):
    """Polish and Russian short names are longer ("нояб"): over a month's one tab the name
    reaches over the next month's tabs, which keeps room for its own; none is cut."""
    set_locale(language)
    try:
        clock.set_today(today)
        strip = TabStrip()
        qtbot.addWidget(strip)
        strip.resize(width, STRIP_HEIGHT)
        strip.set_tabs(demo_services.views.tabs(demo_services.views.strip(today)), today, 20)
        metrics = QFontMetrics(strip._small_font())
        headings = strip.month_headings()
        months = [today.month, today.month % 12 + 1]
        assert len(headings) == 2
        for (name, rect), month in zip(headings, months, strict=True):
            whole = {month_name(month).lower(),
                     month_name(month, "abbreviated").rstrip(".").lower()}
            assert name.lower() in whole  # the name or its short form, never cut
            assert metrics.horizontalAdvance(name) <= rect.width() + 0.5
        (_first, first_rect), (_second, second_rect) = headings
        assert first_rect.right() < second_rect.left()
        first_tab = strip._rects[next(i for i, t in enumerate(strip.tabs()) if t.day)]
        assert first_rect.left() >= first_tab.left()  # over its own month's first tab
    finally:
        set_locale("en_US")
