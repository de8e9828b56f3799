"""Qt's model tester (QAbstractItemModelTester, through pytest-qt's qtmodeltester) on every
item model of app/ui while it changes: reset, appended to, rows refiled away, edited, put
back by undo.  The tester watches each model from `check` to the end of the test and any
broken promise (a row count that disagrees with the signals, an index out of range, data of
the wrong type) is a Qt warning, which fails the test (qt_log_level_fail).

The models: InsertModel (the insert list and the search results), HandoverListModel (a
handover file's dossiers), RowsModel, MappingModel and ChoiceModel (the import wizard).
None of them sorts (the services hand the rows over in working order), so there is no sort
to watch.  Real services on a real binder in tmp_path throughout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from app.binder import InsertKind
from app.handover.agenda import group_by_insert
from app.i18n import _
from app.services.demo import generate_demo
from app.ui.handover_model import HandoverListModel
from app.ui.import_review import CHOICE_ROLE
from app.ui.import_wizard import ImportWizard
from app.ui.insert_model import PAGE, InsertModel
from tests.conftest import TODAY
from tests.handover.conftest import PASSPHRASE, filled  # noqa: F401 (a fixture)
from tests.ui.conftest import (
    CTRL,
    CTRL_SHIFT,
    add,
    click_tab,
    counts,
    drop_on_tab,
    listed,
    select_names,
    shortcut,
    type_keys,
)
from tests.ui.test_import_wizard import CSV, go

TODAY_KEY = TODAY.isoformat()


# -- the insert list ---------------------------------------------------------------------------

def test_the_insert_list_while_switched_refiled_dropped_and_undone(qtbot, qtmodeltester,
                                                                    known, services):
    window = known
    model = window.list.model_
    qtmodeltester.check(model)
    click_tab(qtbot, window, "2026-11-25")  # reset to another insert
    click_tab(qtbot, window, "2026-11-28")  # to an empty one
    assert model.rowCount() == 0
    click_tab(qtbot, window, TODAY_KEY)
    assert model.rowCount() == 4
    # postponed by a day: the row leaves the insert
    select_names(window, ["Beata Kowalska"])
    shortcut(qtbot, window, Qt.Key.Key_1)
    assert listed(window) == ["Zofia Nowak", "Adam Smith", "Carlos Ruiz"]
    # two dragged onto a month: both leave
    select_names(window, ["Zofia Nowak", "Carlos Ruiz"])
    assert drop_on_tab(window, "2026-12") == (True, True)
    assert listed(window) == ["Adam Smith"]
    # undone and redone: the rows come back and leave again
    shortcut(qtbot, window, Qt.Key.Key_Z)
    assert listed(window) == ["Zofia Nowak", "Adam Smith", "Carlos Ruiz"]
    shortcut(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert listed(window) == ["Adam Smith"]
    # the last one postponed: the insert is empty
    select_names(window, ["Adam Smith"])
    shortcut(qtbot, window, Qt.Key.Key_1)
    assert model.rowCount() == 0 and counts(window)[TODAY_KEY] == 0


def test_the_insert_list_while_a_name_is_edited_on_the_card(qtbot, qtmodeltester, known,
                                                           known_ids, services):
    window = known
    qtmodeltester.check(window.list.model_)
    select_names(window, ["Adam Smith"])
    assert window.pane.dossier_id == known_ids["Adam Smith"]
    widget = window.pane.fields.fields["name"].widget
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    type_keys(qtbot, widget, "Adam Smithson")
    window.pane.fields.flush()
    assert services.dossiers.get(known_ids["Adam Smith"]).name == "Adam Smithson"
    qtbot.waitUntil(lambda: "Adam Smithson" in listed(window))
    window.list.setFocus()
    window.actions_["undo"].trigger()
    qtbot.waitUntil(lambda: "Adam Smith" in listed(window))


def test_the_insert_model_reset_and_appended_page_by_page(qtbot, qtmodeltester, demo_services):
    """Fed by the binder a page at a time: each page is an append the tester checks."""
    services = demo_services
    generate_demo(services, 300, seed=7)
    day = date(2026, 11, 26)
    ids = [r.id for t in services.views.tabs()
           if t.kind not in (InsertKind.ARCHIVE, InsertKind.OVERDUE)
           for r in services.views.list_insert(t.key)]
    services.filing.move(ids, day)
    expected = services.views.list_insert(day.isoformat())
    assert len(expected) > PAGE
    model = InsertModel()
    qtmodeltester.check(model)
    model.set_rows(services.views.list_insert(TODAY_KEY))  # a reset with rows
    model.set_rows([])  # and an empty one
    model.set_source(lambda offset, limit: services.views.list_insert(TODAY_KEY, limit, offset))
    assert not model.canFetchMore()  # one page: all of it
    model.set_rows([])
    # a long insert: Qt's tester cannot watch the reset of a model that can fetch more (it
    # runs its checks, which fetch, before it counts the reset as over), so this model is
    # watched from once its first page is in
    model = InsertModel()
    model.set_source(lambda offset, limit: services.views.list_insert(day.isoformat(), limit,
                                                                      offset))
    assert model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert [r.id for r in model.rows()] == [r.id for r in expected]
    assert model.load_until(expected[-1].id) == len(expected) - 1


def test_the_search_results_as_the_query_grows_and_shrinks(qtbot, qtmodeltester, window):
    results = window.search.results
    qtmodeltester.check(results)
    window.search.setFocus()
    for text in ("a", "an", "ana", "anaxq", "an", ""):
        window.search.clear()
        qtbot.keyClicks(window.search, text)
        QApplication.processEvents()
    assert results.rowCount() == 0 or window.search.text() == ""


# -- a handover file ---------------------------------------------------------------------------

@pytest.fixture
def handover(filled, tmp_path):  # noqa: F811 (a fixture)
    """A real handover file of the `filled` binder, opened and checked as the window does."""
    out = tmp_path / "handover.rbh"
    services = filled.services
    services.handover.export(out, ids=list(filled.ids.values()), to_person="Piotr Nowak",
                             passphrase=PASSPHRASE)
    return services.handover.inspect(out, PASSPHRASE)


def headers() -> list[str]:
    return [_("Client"), _("Company"), _("Phone"), _("Next step"), _("Last conversation")]


def test_the_handover_list_model(qtbot, qtmodeltester, handover, filled):  # noqa: F811
    groups = group_by_insert(handover, filled.services.settings.get().strip, TODAY)
    model = HandoverListModel(groups, headers())
    qtmodeltester.check(model)
    dossiers = sum(len(ds) for _insert, ds in groups)
    assert model.rowCount() == len(groups) + dossiers == len(groups) + len(filled.ids)
    assert model.columnCount() == 5 and model.heading_rows[0] == 0
    # a heading is enabled but not selectable; a dossier's row is both
    heading, first = model.index(0, 0), model.first_dossier()
    assert not model.flags(heading) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(first) & Qt.ItemFlag.ItemIsSelectable
    assert model.dossier(heading) is None and model.dossier(first) is not None
    assert model.dossier(QModelIndex()) is None
    # every cell read, as a view (and a screen reader) would
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole):
                model.index(row, column).data(role)
    assert sorted(model.names()) == sorted(filled.ids)


def test_an_empty_handover_list_model(qtbot, qtmodeltester):
    model = HandoverListModel([], headers())
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and not model.first_dossier().isValid()


def test_the_handover_window_model_under_its_table(qtbot, qtmodeltester, handover,
                                                   filled, tmp_path):  # noqa: F811
    from app.ui.handover_window import HandoverWindow

    viewer = HandoverWindow(handover, tmp_path / "handover.rbh", TODAY,
                            filled.services.settings.get().strip)
    qtbot.addWidget(viewer)
    qtmodeltester.check(viewer.model)
    viewer.show()
    qtbot.waitExposed(viewer)
    for _row in range(viewer.model.rowCount()):  # down every row, headings skipped
        qtbot.keyClick(viewer.table, Qt.Key.Key_Down)
    assert viewer.model.dossier(viewer.table.currentIndex()) is not None


# -- the import wizard ---------------------------------------------------------------------------

def test_the_import_wizards_models_while_a_file_is_read_mapped_and_reviewed(
        qtbot, qtmodeltester, make_window, services, tmp_path: Path):
    add(services, "Łukasz Żółć", None, phones=["+48 600 123 456"])  # one duplicate
    path = tmp_path / "contacts.csv"
    path.write_text(CSV + "Ewa,,,not a phone,not an e-mail\n", encoding="utf-8")
    window = make_window(services)
    wizard = window.imports.import_file(path)
    mapping = wizard.preview_page.mapping.model_
    review = wizard.review_page
    for model in (mapping, review.duplicates_model, review.problems_model):
        qtmodeltester.check(model)  # from before the file is read
    go(qtbot, wizard, ImportWizard.FORMAT)
    go(qtbot, wizard, ImportWizard.PREVIEW)
    assert mapping.rowCount() == 5  # the choosers' row and four of the file
    family = wizard.preview_page.mapping.combos[1]
    family.setCurrentIndex(family.findData(""))  # a column ignored: read again, mapped again
    qtbot.waitUntil(lambda: 1 not in wizard.preview.mapping and not wizard.busy(),
                    timeout=10_000)
    go(qtbot, wizard, ImportWizard.REVIEW)
    duplicates = review.duplicates_model
    assert duplicates.rowCount() == 1
    last = duplicates.columnCount() - 1
    assert duplicates.setData(duplicates.index(0, last), "new", CHOICE_ROLE)
    duplicates.set_all("update")
    assert duplicates.index(0, last).data(CHOICE_ROLE) == "update"
    assert review.problems_model.rowCount() >= 1  # Ewa's phone and e-mail
    wizard.reject()
