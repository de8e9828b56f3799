"""A damaged binder in the window: read-only, a banner offering the newest good backup, and
after a confirmation the backup in its place and the binder writable again."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from app.cli import main
from app.services import open_services
from app.services.dossiers import NewDossier
from app.store.backup import backup_if_due, backups
from app.ui.app import AppController
from tests.store.test_backup import corrupt, names_in
from tests.ui.test_binder_files import app_names_kept


@pytest.fixture
def controller(clock, ui_settings):
    app = AppController(clock, ui_settings)
    yield app
    app.shut_down()


def test_the_banner_restores_the_newest_good_backup(qtbot, controller, clock, tmp_path,
                                                    _demo_binder_file, monkeypatch):
    binder = tmp_path / "binder.rbinder"
    shutil.copyfile(_demo_binder_file, binder)
    older = backup_if_due(binder, datetime(2026, 11, 23, 9, 0))
    with open_services(binder, clock) as services:
        services.dossiers.create(NewDossier(name="Zed Later"))
    newest = backup_if_due(binder, datetime(2026, 11, 24, 9, 0))
    with open_services(binder, clock) as services:
        services.dossiers.create(NewDossier(name="Lost Since"))
    corrupt(newest)  # the newest copy is bad too: the one before it is offered
    corrupt(binder)
    damaged = binder.read_bytes()

    assert controller.open(binder)
    opened = controller.window
    # the GUI thread opened it without checking: writable until the check in the background
    # reports the damage, then opened again read-only with the banner
    assert not opened.services.readonly and opened.services.damaged is None
    qtbot.waitUntil(lambda: controller.window is not opened, timeout=10_000)
    window = controller.window
    assert window.services.readonly and window.services.damaged is not None
    assert window.banner.isVisible() and "damaged" in window.banner.text()
    assert not window.actions_["new_dossier"].isEnabled()
    assert backups(binder)[0].path == newest  # no new copy made of the damaged binder

    asked = []

    def question(_parent, _title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    window.banner.linkActivated.emit("restore")  # the link in the banner, clicked
    qtbot.waitUntil(lambda: controller.window is not window, timeout=10_000)

    assert len(asked) == 1 and "Nov 23, 2026" in asked[0]
    restored = controller.window
    assert not restored.services.readonly and not restored.banner.isVisible()
    assert restored.actions_["new_dossier"].isEnabled()
    assert restored.services.views.search("Zed") == []
    assert names_in(binder) == names_in(older)
    (aside,) = tmp_path.glob("binder.rbinder.before-restore-*[0-9]")
    assert aside.read_bytes() == damaged  # kept aside as it was, never overwritten


def test_a_sound_binder_checked_after_its_open_stays_writable(qtbot, controller, tmp_path,
                                                              _demo_binder_file):
    binder = tmp_path / "binder.rbinder"
    shutil.copyfile(_demo_binder_file, binder)
    assert controller.open(binder)
    window = controller.window
    assert controller.checking is not None  # the check runs off the GUI thread
    qtbot.waitUntil(lambda: controller.checking is None, timeout=10_000)
    assert controller.window is window
    assert not window.services.readonly and window.services.damaged is None
    assert not window.banner.isVisible() and window.actions_["new_dossier"].isEnabled()
    qtbot.waitUntil(lambda: len(backups(binder)) == 1, timeout=10_000)  # checked sound: copied


def test_the_window_backs_up_at_open_and_on_the_first_write_past_midnight(
        qtbot, controller, clock, tmp_path, _demo_binder_file):
    binder = tmp_path / "binder.rbinder"
    shutil.copyfile(_demo_binder_file, binder)
    assert controller.open(binder)
    qtbot.waitUntil(lambda: len(backups(binder)) == 1, timeout=10_000)  # off the GUI thread
    clock.set_today(clock.today() + timedelta(days=1))  # the window stays open past midnight
    controller.window.services.dossiers.create(NewDossier(name="Ana Ruiz"))
    qtbot.waitUntil(lambda: len(backups(binder)) == 2, timeout=10_000)
    assert backups(binder)[0].taken.date() == clock.today()


def test_a_screenshot_makes_no_backup(tmp_path, _demo_binder_file):
    binder = tmp_path / "binder.rbinder"
    shutil.copyfile(_demo_binder_file, binder)
    with app_names_kept():
        assert main(["--binder", str(binder), "--today", "2026-11-24", "gui", "--screenshot",
                     str(tmp_path / "shot.png")]) == 0
    assert (tmp_path / "shot.png").exists() and backups(binder) == []
