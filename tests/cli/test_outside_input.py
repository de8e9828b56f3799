"""Extreme input on the command line: dates at the ends of the calendar, arguments that are
not valid text, settings that name no region, country or currency.  Each is refused with
one line and exit 2, leaving the binder as it was, or works."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.binder import Postpone
from app.clock import FixedClock
from app.errors import InvalidInput
from app.services import open_services
from tests.cli.test_cli import CHILD_TIMEOUT, ROOT, add, assert_refused, run_cli
from tests.helpers import binder_digest

RANGE = "(1900-01-01 to 2999-12-31)"
LAST = "2999-12-31"


@pytest.fixture
def filed(tmp_path) -> tuple[Path, str]:
    """A binder with one dossier, Ana Ruiz, due on 2026-11-24 (today), and her id."""
    binder = tmp_path / "binder.rbinder"
    return binder, add(binder, "Ana Ruiz", "--next", "2026-11-24")


# -- the ends of the calendar ----------------------------------------------------------------

@pytest.mark.parametrize("today", ["9999-12-31", "3000-01-01", "1899-12-31", "0001-01-01"])
def test_a_today_outside_the_calendar_is_refused(filed, today):
    binder, _ = filed
    before = binder_digest(binder)
    for argv in (["tabs"], ["list", "today"], ["add", "--name", "X"]):
        assert_refused(run_cli(binder, *argv, today=today), "--today", today, RANGE)
    assert binder_digest(binder) == before


def test_the_last_day_of_the_calendar_works(filed):
    binder, dossier_id = filed
    tabs = run_cli(binder, "tabs", "--json", today=LAST).json()
    keys = [t["key"] for t in tabs]
    assert keys[:2] == ["overdue", LAST] and "3000-12" in keys  # month inserts reach 3000
    assert {t["key"]: t["count"] for t in tabs}["overdue"] == 1  # Ana, due in 2026
    moved = run_cli(binder, "move", dossier_id, LAST, today=LAST)
    assert moved.code == 0, moved.err
    assert [r["name"] for r in run_cli(binder, "list", "today", "--json",
                                       today=LAST).json()] == ["Ana Ruiz"]


def test_the_first_day_of_the_calendar_works(tmp_path):
    binder = tmp_path / "binder.rbinder"
    assert run_cli(binder, "add", "--name", "Ana Ruiz", "--next", "1900-01-01",
                   today="1900-01-01").code == 0
    rows = run_cli(binder, "list", "today", "--json", today="1900-01-01").json()
    assert [r["next_contact"] for r in rows] == ["1900-01-01"]


OUTSIDE = {
    "add --next": (["add", "--name", "X", "--next", "9999-12-31"], "9999-12-31"),
    "log --next": (["log", "{id}", "--channel", "call", "--summary", "S", "--outcome", "O",
                    "--next", "9999-12-31"], "9999-12-31"),
    "log --next the day after the last": (["log", "{id}", "--channel", "call", "--summary",
                                           "S", "--outcome", "O", "--next", "3000-01-01"],
                                          "3000-01-01"),
    "move": (["move", "{id}", "9999-12-31"], "9999-12-31"),
    "restore --next": (["restore", "{id}", "--reason", "back", "--next", "3000-01-01"],
                       "3000-01-01"),
    "handover export --to": (["handover", "export", "-o", "{tmp}/h.rbh", "--no-passphrase",
                              "--to", "9999-12-31"], "9999-12-31"),
    "handover export --from": (["handover", "export", "-o", "{tmp}/h.rbh", "--no-passphrase",
                                "--from", "1899-12-31"], "1899-12-31"),
}


@pytest.mark.parametrize("argv, shown", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_a_date_outside_the_calendar_is_refused(filed, tmp_path, argv, shown):
    binder, dossier_id = filed
    before = binder_digest(binder)
    run = run_cli(binder, *(a.replace("{id}", dossier_id).replace("{tmp}", str(tmp_path))
                            for a in argv))
    assert_refused(run, shown, RANGE)
    assert binder_digest(binder) == before
    assert not (tmp_path / "h.rbh").exists()


def test_postponing_from_the_last_day_says_why_instead_of_overflowing(filed):
    """A date written by an older Ringbinder (which took 9999-12-31) can still be postponed
    from: the move is refused with the allowed range, the dossier stays where it was."""
    binder, dossier_id = filed
    with sqlite3.connect(binder) as conn:
        conn.execute("UPDATE dossiers SET next_contact = '9999-12-31'")
    conn.close()
    with open_services(binder, FixedClock(date.fromisoformat(LAST))) as services:
        for step in Postpone:
            targets = services.filing.postpone_targets([dossier_id], step)
            assert targets[dossier_id] > date.fromisoformat(LAST)
            with pytest.raises(InvalidInput, match=r"3000-01-0\d is outside"):
                services.filing.move_each(targets)
        assert services.dossiers.get(dossier_id).next_contact == date(9999, 12, 31)


def test_rebalancing_the_last_day_moves_nothing_past_it(tmp_path):
    binder = tmp_path / "binder.rbinder"
    assert run_cli(binder, "settings", "--capacity", "1", today=LAST).code == 0
    for name in ("Ana Ruiz", "Bea Sanz"):
        assert run_cli(binder, "add", "--name", name, "--next", LAST, today=LAST).code == 0
    before = binder_digest(binder)
    run = run_cli(binder, "rebalance", LAST, "--move-recent", today=LAST)  # just added
    assert run.code == 0, run.err
    assert "stays: no day with room" in run.out and "→" not in run.out
    assert binder_digest(binder) == before


def test_a_handover_near_the_last_day_ends_on_it(filed, tmp_path):
    binder, _ = filed
    run = run_cli(binder, "handover", "export", "-o", str(tmp_path / "h.rbh"),
                  "--no-passphrase", today="2999-12-25")
    assert run.code == 0, run.err
    assert (tmp_path / "h.rbh").exists()


# -- arguments that are not valid text -------------------------------------------------------

def _spawn_bytes(*argv: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *argv], cwd=ROOT,
                          capture_output=True, timeout=CHILD_TIMEOUT)


def test_invalid_utf8_in_an_argument_is_refused_in_one_line(tmp_path):
    binder = tmp_path / "binder.rbinder"
    run = _spawn_bytes("--binder", str(binder), "add", "--name", b"\xff\xfe bad")
    assert run.returncode == 2, run.stderr
    assert run.stdout == b""
    err = run.stderr.decode("utf-8")
    assert err.count("\n") == 1, err
    assert err == "ringbinder: an argument is not valid text (UTF-8): '\ufffd\ufffd bad'\n"
    assert not binder.exists()


def test_invalid_utf8_changes_nothing_in_an_existing_binder(filed):
    binder, dossier_id = filed
    before = binder_digest(binder)
    for argv in (["add", "--name", b"Ana \xe9"], ["search", b"\xc3"],
                 ["log", dossier_id, "--channel", "call", "--summary", b"\x80",
                  "--outcome", "O"], ["settings", "--owner", b"J\xf6rg"]):
        run = _spawn_bytes("--binder", str(binder), "--today", "2026-11-24", *argv)
        assert run.returncode == 2, run.stderr
        assert run.stderr.count(b"\n") == 1 and b"not valid text" in run.stderr
    assert binder_digest(binder) == before


def test_a_lone_surrogate_given_in_process_is_refused(filed):
    binder, _ = filed
    before = binder_digest(binder)
    assert_refused(run_cli(binder, "add", "--name", "Ana \ud800"), "not valid text",
                   "Ana ?")
    assert binder_digest(binder) == before


# -- settings that name nothing --------------------------------------------------------------

BAD_SETTINGS = {
    "phone region": (["--region", "??"], "'??' is not a phone region"),
    "phone region of three letters": (["--region", "ESP"], "'ESP' is not a phone region"),
    "holiday country": (["--country", "??"], "'??'"),
    "currency": (["--currency", "XYZ"], "'XYZ' is not a currency"),
    "currency not three letters": (["--currency", "EURO"], "'EURO' is not a currency"),
}


@pytest.mark.parametrize("argv, message", BAD_SETTINGS.values(), ids=BAD_SETTINGS.keys())
def test_a_setting_that_names_nothing_is_refused(filed, argv, message):
    binder, _ = filed
    before = binder_digest(binder)
    assert_refused(run_cli(binder, "settings", *argv), message)
    assert binder_digest(binder) == before


def test_known_region_country_and_currency_are_taken(filed):
    binder, _ = filed
    shown = run_cli(binder, "settings", "--region", "pl", "--country", " es ",
                    "--currency", "pln", "--json").json()
    assert (shown["phone_region"], shown["holiday_country"], shown["currency"]) == \
        ("PL", "ES", "PLN")
    cleared = run_cli(binder, "settings", "--region", "", "--country", "", "--json").json()
    assert (cleared["phone_region"], cleared["holiday_country"]) == ("", "")
