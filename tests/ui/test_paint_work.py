"""What a switch of insert costs the window beyond its reads: each wrapped label of the card
laid out once, a screenful of rows read first, and painting done on the GUI thread."""

from __future__ import annotations

import os
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QUrl
from PySide6.QtWidgets import QLineEdit, QWidget

from app.ui.insert_model import FIRST_PAGE
from app.ui.rich_view import RichView
from tests.ui.conftest import click_tab, listed


def test_each_text_of_a_cards_summary_is_laid_out_at_the_width_it_is_shown_at(
        qtbot, make_window, demo_services):
    """Bugs fixed: Qt hinted the card's column at its widest child's hint (the hidden
    History label's), so every label was laid out at that width too, then at its own; and a
    QLabel lays its text out again on every paint and twice for a height asked at a new
    width. The summary's texts are laid out at their own width, and no copy is measured."""
    window = make_window(demo_services)
    pane = window.pane
    views = [pane.header, pane.contacts, pane.next_step, pane.last_talk]
    assert all(isinstance(view, RichView) for view in views)
    for key in ("2026-11-25", "2026-11-26", "2026-11-27"):
        click_tab(qtbot, window, key)
        qtbot.wait(1)  # the layout and the paint the switch asked for
        assert listed(window)[0] in pane.header.text()
        for view in views:
            if view.isVisible():
                assert view.document().textWidth() == view.viewport().width(), view.text()
                assert view._heights == {}, view.text()[:40]
                assert view.height() >= view.heightForWidth(view.width()), view.text()


def test_the_cards_links_open_and_its_text_can_be_selected(qtbot, make_window,
                                                          demo_services):
    """The summary reads as labels did: a phone number is a link the system opens (here
    Qt's handler for tel: links, as a dialer would get it), and the text can be selected."""
    from PySide6.QtCore import Slot
    from PySide6.QtGui import QDesktopServices, QTextCursor

    class Dialer(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.called: list[str] = []

        @Slot(QUrl)
        def dial(self, url: QUrl) -> None:
            self.called.append(url.toString())

    window = make_window(demo_services)
    click_tab(qtbot, window, "2026-11-26")
    qtbot.wait(1)
    d = demo_services.dossiers.get(window.pane.dossier_id)
    contacts = window.pane.contacts
    cursor = contacts.document().find(d.phones[0].number)
    cursor.setPosition(cursor.selectionStart() + 2, QTextCursor.MoveMode.MoveAnchor)
    where = contacts.cursorRect(cursor).center()
    dialer = Dialer()
    QDesktopServices.setUrlHandler("tel", dialer, "dial")
    try:
        qtbot.mouseClick(contacts.viewport(), Qt.MouseButton.LeftButton, pos=where)
    finally:
        QDesktopServices.unsetUrlHandler("tel")
    assert dialer.called == [QUrl(f"tel:{d.phones[0].e164 or d.phones[0].number}").toString()]
    flags = window.pane.header.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse


def test_an_amend_link_of_the_history_clicked_asks_to_amend_its_contact(
        qtbot, make_window, demo_services):
    """The History tab is shown as the summary is (laid out once, however long); its
    "amend" links, clicked, ask to correct their contact."""
    from PySide6.QtGui import QTextCursor

    window = make_window(demo_services)
    pane = window.pane
    row = next(r for t in demo_services.views.tabs() if t.key not in ("archive", "overdue")
               for r in demo_services.views.list_insert(t.key)
               if demo_services.dossiers.get(r.id).events)
    window.jump_to(row.id)
    pane.tabs.setCurrentWidget(pane.history)
    qtbot.wait(1)
    assert isinstance(pane.history, RichView)
    newest = next(e for e in demo_services.dossiers.get(row.id).events
                  if e.kind in ("contact", "amend"))
    cursor = pane.history.document().find("amend")  # the first link: the newest contact's
    cursor.setPosition(cursor.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    with qtbot.waitSignal(pane.amendRequested) as asked:
        qtbot.mouseClick(pane.history.viewport(), Qt.MouseButton.LeftButton,
                         pos=pane.history.cursorRect(cursor).center())
    assert asked.args == [newest.id]


def test_the_list_reads_a_screenful_first_and_the_rest_as_it_scrolls(qtbot, make_window,
                                                                     demo_services):
    day = "2026-11-26"
    ids = [r.id for t in demo_services.views.tabs() if t.key not in ("archive", "overdue")
           for r in demo_services.views.list_insert(t.key)]
    demo_services.filing.move(ids, date.fromisoformat(day))
    window = make_window(demo_services)
    click_tab(qtbot, window, day)
    model = window.list.model_
    assert len(ids) > FIRST_PAGE
    assert model.rowCount() == FIRST_PAGE and model.canFetchMore()
    bar = window.list.verticalScrollBar()
    for _ in range(100):  # the user scrolls to the end, the next pages come
        if not model.canFetchMore():
            break
        bar.setValue(bar.maximum())
        qtbot.wait(1)
    assert not model.canFetchMore()
    assert listed(window) == [r.name for r in demo_services.views.list_insert(day)]


def test_a_list_taller_than_the_first_page_is_filled(qtbot, make_window, demo_services):
    """The first page is short (a 1080-px screen's worth): on a taller screen Qt asks for
    the next as soon as the last row read is in view, so no blank is left under it."""
    day = "2026-11-26"
    ids = [r.id for t in demo_services.views.tabs() if t.key not in ("archive", "overdue")
           for r in demo_services.views.list_insert(t.key)]
    demo_services.filing.move(ids, date.fromisoformat(day))
    window = make_window(demo_services)
    window.resize(1000, 2000)
    click_tab(qtbot, window, day)
    view = window.list
    qtbot.waitUntil(lambda: view.model_.rowCount() > FIRST_PAGE)
    last = view.visualRect(view.model_.index(view.model_.rowCount() - 1))
    assert last.bottom() >= view.viewport().height() or not view.model_.canFetchMore()


def test_the_window_paints_on_its_own_thread():
    """Qt's raster engine handed tall fills to a thread pool and waited for it: a scroll
    bar's paint took 4 ms on two cores. The window turns that off unless the user set it."""
    import app.ui.app  # noqa: F401  (what the GUI imports first)

    assert os.environ.get("QT_NO_GUI_THREADPOOL")


class _Paints(QObject):
    """The regions painted on the watched widgets."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.regions: dict[QWidget, list[QRect]] = {w: [] for w in widgets}
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self.regions:
            self.regions[watched].append(event.rect())  # type: ignore[attr-defined]
        return False


def test_an_autosaved_edit_repaints_its_row_and_not_the_whole_card(qtbot, make_window,
                                                                    demo_services):
    """Bugs fixed: Qt's list view repainted every row for one changed (4.8 ms an edit at
    100k), and the Forms tab renamed to its own name repainted the card below it."""
    window = make_window(demo_services)
    click_tab(qtbot, window, "2026-11-26")
    qtbot.wait(1)
    view = window.list
    company = window.pane.fields.fields["company"].widget
    assert isinstance(company, QLineEdit)
    paints = _Paints(view.viewport(), window.pane.tabs.tabBar())
    qtbot.wait(100)  # what opening the insert still has to paint, on a busy machine
    for regions in paints.regions.values():
        regions.clear()
    company.setText("Frutas Peña S.L.")
    window.pane.fields.flush()
    qtbot.wait(20)  # Qt's delayed layout of the list included
    assert view.model_.rows()[view.currentIndex().row()].company == "Frutas Peña S.L."
    row = view.visualRect(view.currentIndex())
    painted = paints.regions[view.viewport()]
    assert painted and all(row.contains(r) for r in painted), (row, painted)
    assert paints.regions[window.pane.tabs.tabBar()] == []


def test_text_fields_look_the_same_with_their_frames_drawn_once(qtbot):
    """The panel cache draws a field's frame once per look, and it looks as the style's."""
    from PySide6.QtGui import QImage, QPainter, QPixmapCache
    from PySide6.QtWidgets import (
        QApplication,
        QPlainTextEdit,
        QProxyStyle,
        QStyle,
        QStyleFactory,
        QStyleOption,
    )

    from app.ui.panel_cache import PanelCache

    class Counted(QProxyStyle):
        """The style itself, counting the panels it is asked to draw."""

        drawn = 0

        def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                          painter: QPainter, widget: QWidget | None = None) -> None:
            if element in (QStyle.PrimitiveElement.PE_PanelLineEdit,
                           QStyle.PrimitiveElement.PE_Frame):
                Counted.drawn += 1
            super().drawPrimitive(element, option, painter, widget)

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    name = app.style().name()
    base = QStyleFactory.create(name)
    cached = PanelCache(Counted(QStyleFactory.create(name)))

    def picture(widget: QWidget, style: QStyle) -> QImage:
        widget.setStyle(style)
        image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        widget.render(image)
        return image

    for widget in (QLineEdit("Frutas Peña S.L."), QPlainTextEdit("mobile: +48 728 654 893")):
        qtbot.addWidget(widget)
        widget.resize(446, 54)
        widget.show()
        own = picture(widget, base)
        QPixmapCache.clear()  # (the window's own style may be a panel cache too)
        assert picture(widget, cached) == own
        drawn = Counted.drawn
        assert drawn
        assert picture(widget, cached) == own  # the second time from the cache
        assert Counted.drawn == drawn


def test_the_cards_tabs_stay_in_place_from_card_to_card(qtbot, make_window, demo_services):
    """Going down a day's cards with the arrow key, the Details tab stays where it was
    unless a card needs more room (or a few lines less): the fields do not jump, and a
    switch repaints what changed, not a whole card moved. No label is ever cut."""
    from app.ui.dossier_pane import SLACK_LINES

    day = "2026-11-26"
    ids = [r.id for t in demo_services.views.tabs() if t.key not in ("archive", "overdue")
           for r in demo_services.views.list_insert(t.key)]
    demo_services.filing.move(ids[::10][:12], date.fromisoformat(day))  # cards of all kinds
    window = make_window(demo_services)
    click_tab(qtbot, window, day)
    pane = window.pane
    labels = [pane.header, pane.contacts, pane.next_step, pane.last_talk]
    window.list.setFocus()
    slack = SLACK_LINES * pane.fontMetrics().lineSpacing()
    seen: list[tuple[int, int, int]] = []  # (the summary's need, its height, the tabs' y)
    for _ in range(min(12, len(listed(window)))):
        qtbot.wait(1)
        for label in labels:
            if label.isVisible():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
        need = pane._summary.totalHeightForWidth(pane.summary.width())
        seen.append((need, pane.summary.height(), pane.tabs.y()))
        qtbot.keyClick(window.list, Qt.Key.Key_Down)
    kept_in_place = 0
    for (_need, height, y), (need, _height, next_y) in pairwise(seen):
        if need <= height <= need + slack:  # this card fits in the room the last one had
            assert next_y == y, seen
            kept_in_place += need != height
    assert kept_in_place, seen  # a shorter card left the tabs where they were


def test_the_cards_follow_the_lists_font(qtbot, make_window, demo_services):
    """The cards' fonts and colours are made once, and anew when the list's change."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    window = make_window(demo_services)
    view = window.list

    def card_height() -> int:
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        return view.delegate.sizeHint(option, view.model_.index(0)).height()

    before = card_height()
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    assert card_height() > before * 1.5
