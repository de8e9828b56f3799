"""Migration 0008_schedule_stamps: every dossier gets the time its next contact was set
(from `updated_at`, the nearest thing an older binder knows) and the binder the "just
agreed" setting, with nothing else changed; and a binder of the first version gets there."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

from app.clock import FixedClock
from app.services import open_services
from app.services.dossiers import NewDossier
from app.store.schema import SCHEMA_HEAD
from tests.conftest import TODAY
from tests.helpers import undo_team_users
from tests.store.test_database import DATA, sqlite_rows

OLD_STAMP = "2026-10-02T08:15:00.000000Z"
KEPT = "SELECT uuid, full_name, next_contact, next_time, priority, fixed, archived, updated_at " \
       "FROM dossiers ORDER BY uuid"


def _back_to_0007(path: Path) -> None:
    """What 0008's downgrade leaves, as the previous version wrote it: the dossiers changed
    on a day long ago, with no stamp column."""
    conn = sqlite3.connect(path)
    try:
        undo_team_users(conn)
        conn.execute("DROP TABLE proposal_templates")  # 0009's
        conn.execute("ALTER TABLE dossiers DROP COLUMN scheduled_at")
        conn.execute("ALTER TABLE binder_settings DROP COLUMN recent_days")
        conn.execute("UPDATE dossiers SET updated_at = ?", (OLD_STAMP,))
        conn.execute("UPDATE alembic_version SET version_num = '0007_insert_counts'")
        conn.commit()
    finally:
        conn.close()


def test_a_binder_at_0007_keeps_every_dossier_and_gets_their_stamps(binder_path, clock):
    with open_services(binder_path, clock) as services:
        ids = [services.dossiers.create(NewDossier(f"Client {n}", next_contact=when))[0]
               for n, when in enumerate([TODAY, TODAY + timedelta(days=2), None, TODAY])]
        services.filing.archive(ids[3], "lost")
    _back_to_0007(binder_path)
    before = sqlite_rows(binder_path, KEPT)

    with open_services(binder_path, clock) as services:  # migrates to head
        assert services.settings.get().recent_days == 2
        tabs = {t.key: t.count for t in services.views.tabs()}
    assert sqlite_rows(binder_path, "SELECT version_num FROM alembic_version") == [
        (SCHEMA_HEAD,)]
    assert sqlite_rows(binder_path, KEPT) == before and len(before) == 4
    assert sqlite_rows(binder_path, "SELECT DISTINCT scheduled_at FROM dossiers") == [
        (OLD_STAMP,)]
    assert tabs[TODAY.isoformat()] == 1 and tabs["archive"] == 1
    # the counts' triggers of 0007 survive (the table was not copied)
    triggers = {r[0] for r in sqlite_rows(
        binder_path, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"dossier_counts_insert", "dossier_counts_update"} <= triggers


def test_dates_set_before_the_upgrade_may_be_rebalanced(binder_path, clock):
    """Stamped from a change long ago, no old dossier counts as just agreed."""
    with open_services(binder_path, clock) as services:
        services.settings.update(daily_capacity=1)
        for n in range(3):
            services.dossiers.create(NewDossier(f"Client {n}", next_contact=TODAY))
    _back_to_0007(binder_path)
    with open_services(binder_path, clock) as services:
        plan = services.filing.plan_rebalance("today")
    assert len(plan.moves) == 2 and plan.unplaced == []


def test_the_first_version_s_binder_gets_a_stamp_for_every_dossier(tmp_path):
    path = tmp_path / "binder-0001.rbinder"
    shutil.copyfile(DATA / "binder-0001.rbinder", path)
    count = sqlite_rows(path, "SELECT count(*) FROM dossiers")
    with open_services(path, FixedClock(TODAY)) as services:
        assert len(services.views.list_insert("today")) == 1
    assert sqlite_rows(path, "SELECT count(*) FROM dossiers") == count == [(5,)]
    assert sqlite_rows(path, "SELECT count(*) FROM dossiers WHERE scheduled_at IS NULL "
                             "OR scheduled_at != updated_at") == [(0,)]
