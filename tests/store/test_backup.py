"""Daily copies of the binder: made on the first write of the day by any front end, only of
a good binder, checked, kept 7 daily + 4 weekly; and `backup list` / `backup restore`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.services.dossiers import NewDossier
from app.store import open_binder
from app.store.backup import backup_folder, backup_if_due, backups, check, prune
from tests.conftest import TODAY

pytestmark = pytest.mark.file_binder  # copies of a binder file

NOON = datetime(2026, 11, 24, 12, 0)


def corrupt(path: Path) -> None:
    """Damage a closed binder as a failing disk would: junk over two pages in the middle of
    the file, the header intact, so it still opens but `PRAGMA quick_check` fails."""
    page = 4096
    size = path.stat().st_size
    assert size >= 20 * page
    with path.open("r+b") as fh:
        fh.seek(size // 2 // page * page)
        fh.write(b"\xa5" * 2 * page)


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT full_name FROM dossiers"))
    finally:
        conn.close()


@pytest.fixture(scope="session")
def _rich_binder_file(tmp_path_factory: pytest.TempPathFactory, _empty_binder_file: Path) -> Path:
    """A binder of 60 demo clients (large enough to damage a page in the middle), made once."""
    path = tmp_path_factory.mktemp("rich") / "rich.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    with open_services(path, FixedClock(TODAY)) as services:
        generate_demo(services, 60, seed=3)
    return path


@pytest.fixture
def rich(tmp_path: Path, _rich_binder_file: Path) -> Path:
    path = tmp_path / "binder.rbinder"
    shutil.copyfile(_rich_binder_file, path)
    return path


def cli(binder: Path, *args: str, today: date = TODAY) -> int:
    return main(["--binder", str(binder), "--today", today.isoformat(), *args])


def test_the_first_write_of_the_day_from_the_cli_makes_the_days_copy(rich, capsys):
    before = names_in(rich)
    assert cli(rich, "tabs") == 0  # reading makes no copy
    assert backups(rich) == []
    assert cli(rich, "add", "--name", "Ana Ruiz") == 0
    (copy,) = backups(rich)
    assert copy.taken.date() == TODAY
    assert names_in(copy.path) == before  # made before the write
    assert cli(rich, "add", "--name", "Bea Lund") == 0
    assert len(backups(rich)) == 1  # one a day
    assert cli(rich, "add", "--name", "Cai Wen", today=TODAY + timedelta(days=1)) == 0
    newest = backups(rich)[0]
    assert newest.taken.date() == TODAY + timedelta(days=1)
    assert {"Ana Ruiz", "Bea Lund"} <= set(names_in(newest.path))
    assert "Cai Wen" not in names_in(newest.path)


def test_a_window_left_open_past_midnight_backs_up_on_the_next_days_first_write(rich):
    clock = FixedClock(TODAY)
    with open_services(rich, clock) as services:
        services.daily_backup = True  # as the front ends set it
        services.dossiers.create(NewDossier(name="Ana Ruiz"))
        services.dossiers.create(NewDossier(name="Bea Lund"))
        assert [b.taken.date() for b in backups(rich)] == [TODAY]
        clock.set_today(TODAY + timedelta(days=1))
        services.dossiers.create(NewDossier(name="Cai Wen"))
        assert [b.taken.date() for b in backups(rich)] == [TODAY + timedelta(days=1), TODAY]


def test_an_empty_new_binder_gets_no_copy(tmp_path):
    binder = tmp_path / "new.rbinder"
    assert main(["--binder", str(binder), "settings", "--owner", "Ana"]) == 0
    assert not backup_folder(binder).exists()


def test_a_copy_holds_the_binder_is_checked_and_needs_no_side_files(services):
    services.dossiers.create(NewDossier(name="Ana Ruiz"))  # the binder is open and in use
    first = backup_if_due(services.path, NOON)
    assert first is not None and first.exists()
    assert backup_if_due(services.path, NOON + timedelta(hours=5)) is None
    assert names_in(first) == ["Ana Ruiz"]
    assert check(first) is None
    assert sorted(p.name for p in backup_folder(services.path).iterdir()) == [first.name]


def test_a_damaged_binder_is_never_copied(rich):
    backup_if_due(rich, NOON - timedelta(days=1))
    corrupt(rich)
    assert backup_if_due(rich, NOON) is None
    assert [b.taken.date() for b in backups(rich)] == [TODAY - timedelta(days=1)]


def test_leftovers_of_a_copy_cut_short_are_cleaned(services):
    services.dossiers.create(NewDossier(name="Ana Ruiz"))
    folder = backup_folder(services.path)
    folder.mkdir()
    for end in (".part", ".part-journal", ".part-wal", ".part-shm"):
        (folder / f"binder-20261123-120000.rbinder{end}").write_bytes(b"x" * 100)
    copy = backup_if_due(services.path, NOON)
    assert sorted(p.name for p in folder.iterdir()) == [copy.name]


def test_seven_daily_and_four_weekly_copies_are_kept(binder_path):
    folder = backup_folder(binder_path)
    folder.mkdir()
    day = date(2026, 9, 1)
    while day <= TODAY:  # a copy every day, two on some days
        for hour in (9, 17) if day.day % 3 == 0 else (9,):
            stamp = datetime.combine(day, datetime.min.time()).replace(hour=hour)
            (folder / f"binder-{stamp:%Y%m%d-%H%M%S}.rbinder").write_bytes(b"")
        day += timedelta(days=1)
    prune(binder_path)
    kept = [b.taken for b in backups(binder_path)]
    # the last 7 days (Wed 18 - Tue 24 Nov), the newest of each day
    daily = [datetime(2026, 11, d, 17 if d % 3 == 0 else 9) for d in range(24, 17, -1)]
    # then the newest (Sunday's) copy of each of the 4 weeks before week 47
    weekly = [datetime(2026, 11, 15, 17), datetime(2026, 11, 8, 9), datetime(2026, 11, 1, 9),
              datetime(2026, 10, 25, 9)]
    assert kept == daily + weekly


def test_backup_list_shows_the_copies_newest_first_and_which_are_good(rich, capsys):
    backup_if_due(rich, NOON - timedelta(days=2))
    older = backup_if_due(rich, NOON - timedelta(days=1))
    backup_if_due(rich, NOON)
    corrupt(older)
    capsys.readouterr()
    assert cli(rich, "backup", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(Path(r["file"]).name[7:15], r["good"]) for r in listed] == [
        ("20261124", True), ("20261123", False), ("20261122", True)]
    assert all(r["size"] > 0 for r in listed)
    assert cli(rich, "backup", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Nov 24, 2026, 12:00\u202fPM" in lines[0] and lines[0].endswith("good")
    assert lines[1].endswith("DAMAGED")


def test_restore_keeps_the_current_binder_aside_and_brings_the_copy_back(services, capsys):
    services.dossiers.create(NewDossier(name="Ana Ruiz"))
    copy = backup_if_due(services.path, NOON)
    services.dossiers.create(NewDossier(name="Bea Lund"))
    services.close()
    binder = services.path
    assert cli(binder, "backup", "restore", copy.name) == 0  # a name from `backup list`
    assert "kept as" in capsys.readouterr().out
    (aside,) = binder.parent.glob("binder.rbinder.before-restore-*")
    assert names_in(aside) == ["Ana Ruiz", "Bea Lund"]
    with open_services(binder, FixedClock(TODAY)) as restored:
        assert [r.name for r in restored.views.search("a")] == ["Ana Ruiz"]
    assert copy.exists()  # the backup itself stays


def test_restore_sets_the_old_journal_aside_with_the_old_binder(services):
    """An unfinished WAL of the replaced binder must not be replayed over the restored one."""
    services.dossiers.create(NewDossier(name="Ana Ruiz"))
    copy = backup_if_due(services.path, NOON)
    services.close()
    binder = services.path
    conn = sqlite3.connect(binder)  # a write left in the WAL, as a killed Ringbinder leaves it
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE dossiers SET full_name = 'Changed'")
    conn.commit()
    wal = binder.with_name(binder.name + "-wal")
    kept_wal = wal.read_bytes()
    conn.close()
    wal.write_bytes(kept_wal)
    assert cli(binder, "backup", "restore", str(copy)) == 0
    assert not wal.exists()
    assert names_in(binder) == ["Ana Ruiz"]
    assert check(binder) is None
    (aside,) = binder.parent.glob("binder.rbinder.before-restore-*[0-9]")
    assert names_in(aside) == ["Changed"]


def test_restore_works_when_the_binder_is_damaged_or_missing(rich, capsys):
    copy = backup_if_due(rich, NOON)
    good = names_in(rich)
    corrupt(rich)
    assert cli(rich, "backup", "restore", str(copy)) == 0
    assert names_in(rich) == good and check(rich) is None
    rich.unlink()
    assert cli(rich, "backup", "restore", str(copy)) == 0
    assert names_in(rich) == good
    assert len(list(rich.parent.glob("binder.rbinder.before-restore-*[0-9]"))) == 1  # damaged


def test_restore_is_refused_while_another_ringbinder_holds_the_binder(services, capsys):
    services.dossiers.create(NewDossier(name="Ana Ruiz"))
    copy = backup_if_due(services.path, NOON)
    services.dossiers.create(NewDossier(name="Bea Lund"))
    assert cli(services.path, "backup", "restore", str(copy)) == 2
    err = capsys.readouterr().err
    assert "open in another Ringbinder" in err and err.count("\n") == 1
    assert not list(services.path.parent.glob("*.before-restore-*"))
    assert names_in(services.path) == ["Ana Ruiz", "Bea Lund"]


def test_restore_refuses_a_file_that_is_not_a_good_binder(rich, tmp_path, capsys):
    before = rich.read_bytes()
    text = tmp_path / "notes.rbinder"
    text.write_text("not a binder\n" * 100)
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).executescript("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
    damaged = tmp_path / "damaged.rbinder"
    shutil.copyfile(rich, damaged)
    corrupt(damaged)
    for bad, why in ((text, "not a Ringbinder binder"), (foreign, "not a Ringbinder binder"),
                     (damaged, "damaged"), (tmp_path / "nowhere.rbinder", "no binder copy")):
        assert cli(rich, "backup", "restore", str(bad)) == 2
        err = capsys.readouterr().err
        assert why in err and err.count("\n") == 1
    assert rich.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_the_services_make_todays_copy_and_a_reader_makes_none(services, clock):
    services.dossiers.create(NewDossier(name="Ana Ruiz"))
    copy = services.back_up()
    assert copy is not None and copy.exists()
    assert services.back_up() is None  # already made today
    services.close()
    with open_services(services.path, clock, readonly=True) as reader:
        assert reader.back_up() is None


def test_a_binder_held_by_this_process_refuses_restore_too(rich):
    """The writer lock is per open binder, not per process (filelock, is_singleton=False)."""
    copy = backup_if_due(rich, NOON)
    held = open_binder(rich)
    try:
        assert cli(rich, "backup", "restore", str(copy)) == 2
    finally:
        held.close()
    assert cli(rich, "backup", "restore", str(copy)) == 0


def test_a_copy_dated_ahead_neither_stops_the_daily_copy_nor_is_pruned(rich):
    """A write with `--today` far ahead (or under a clock set wrong) made a copy named after
    that day; later days must still get their copies, and the rotation counts from today."""
    assert cli(rich, "add", "--name", "Ana Ruiz", today=date(2999, 6, 1)) == 0
    (ahead,) = backups(rich)
    for n in range(1, 10):
        assert cli(rich, "add", "--name", f"Client {n}", today=TODAY + timedelta(days=n)) == 0
    dates = [b.taken.date() for b in backups(rich)]
    assert dates[0] == date(2999, 6, 1) and ahead.path.exists()
    # today's copy was made each day, and the rotation kept the last seven of them
    assert dates[1:] == [TODAY + timedelta(days=n) for n in range(9, 2, -1)]


def test_a_binder_whose_name_holds_glob_characters_is_backed_up_and_rotated(tmp_path, capsys):
    binder = tmp_path / "Clients [2026] *.rbinder"
    assert main(["--binder", str(binder), "--today", TODAY.isoformat(), "add",
                 "--name", "Ana Ruiz"]) == 0
    for n in range(1, 10):
        assert cli(binder, "add", "--name", f"Client {n}", today=TODAY + timedelta(days=n)) == 0
    assert len(backups(binder)) == 7
    capsys.readouterr()
    assert cli(binder, "backup", "list") == 0
    assert capsys.readouterr().out.count("good") == 7


def test_restore_into_a_place_that_cannot_hold_a_binder_is_one_line(rich, tmp_path, capsys):
    copy = backup_if_due(rich, NOON)
    under_a_file = tmp_path / "notes.txt"
    under_a_file.write_text("mine\n")
    assert cli(under_a_file / "binder.rbinder", "backup", "restore", str(copy)) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and err.count("\n") == 1
    assert under_a_file.read_text() == "mine\n"
