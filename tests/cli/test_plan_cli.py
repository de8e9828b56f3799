"""`ringbinder spread-overdue` and `rebalance` as a user runs them: the plan shown first, a dry
run that changes nothing, what stays and why."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.binder.calendar import WorkCalendar
from tests.cli.conftest import demo_template
from tests.cli.test_cli import TODAY, add, assert_refused, day, run_cli
from tests.helpers import binder_digest


def rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT * FROM dossiers ORDER BY pk").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def _demo_template(tmp_path_factory) -> Path:
    """150 demo clients of seed 3 (`demo` and `binder` are tests/cli/conftest.py's)."""
    return demo_template(tmp_path_factory, 150)


def overdue(path: Path) -> list[dict]:
    return run_cli(path, "list", "overdue", "--json").json()


def test_a_dry_run_prints_the_plan_and_changes_nothing(demo):
    before, digest = rows(demo), binder_digest(demo)
    late = overdue(demo)
    assert len(late) > 5

    run = run_cli(demo, "spread-overdue", "--dry-run")
    assert run.code == 0, run.err
    assert "Dry run: nothing was changed." in run.out
    for row in late:  # every overdue dossier is named, with where it would go or why not
        assert row["id"][:8] in run.out and row["name"] in run.out
    assert rows(demo) == before and binder_digest(demo) == digest

    plan = run_cli(demo, "spread-overdue", "--dry-run", "--json").json()
    assert plan["applied"] is False
    assert {m["id"] for m in plan["moves"]} | {u["id"] for u in plan["unplaced"]} == \
        {r["id"] for r in late}
    assert rows(demo) == before


def test_spreading_refiles_the_overdue_on_working_days_within_capacity(demo):
    late = {r["id"]: r for r in overdue(demo)}
    run = run_cli(demo, "spread-overdue", "--days", "5", "--json")
    plan = run.json()
    assert plan["applied"] is True
    cal = WorkCalendar()
    days = [date.fromisoformat(d["date"]) for d in plan["days"]]
    assert all(cal.is_working(d) and d >= date.fromisoformat(TODAY) for d in days)
    assert len({*days}) <= 5
    assert all(d["load"] <= d["capacity"] for d in plan["days"])
    still = {r["id"] for r in overdue(demo)}
    assert still == {u["id"] for u in plan["unplaced"]}
    for move in plan["moves"]:
        assert move["from"] == late[move["id"]]["next_contact"]
        assert move["id"] in {r["id"] for r in run_cli(demo, "list", move["to"], "--json")
                              .json()}
    assert all(u["reason"] in ("fixed", "no_room") for u in plan["unplaced"])


def test_nothing_overdue_says_so(binder):
    add(binder, "Ana López", "--next", day(2))
    run = run_cli(binder, "spread-overdue")
    assert run.code == 0 and run.out == "Nothing is overdue.\n"


def test_days_out_of_range_are_refused_and_change_nothing(demo):
    digest = binder_digest(demo)
    assert_refused(run_cli(demo, "spread-overdue", "--days", "0"), "1 to 60")
    assert binder_digest(demo) == digest


def test_rebalance_says_why_the_rest_stays(binder):
    assert run_cli(binder, "settings", "--capacity", "1").code == 0
    a = add(binder, "Ana López", "--next", day(2))
    b = add(binder, "Bruno Díaz", "--next", day(2))
    run = run_cli(binder, "rebalance", day(2), "--dry-run")
    assert run.code == 0
    assert "date set within the last 2 days" in run.out  # both were filed just now
    assert "Nothing can move" in run.out and "within its capacity" not in run.out
    assert f"{a[:8]} stays" in run.out or f"{b[:8]} stays" in run.out
    run = run_cli(binder, "rebalance", day(2), "--move-recent")
    assert "Moved 1 dossier." in run.out
    settings = run_cli(binder, "settings", "--recent-days", "0", "--json").json()
    assert settings["recent_days"] == 0


def test_rebalance_later_only_keeps_the_days_before_as_they_are(binder):
    assert run_cli(binder, "settings", "--capacity", "1", "--recent-days", "0").code == 0
    add(binder, "Ana López", "--next", day(2))
    add(binder, "Bruno Díaz", "--next", day(2))
    add(binder, "Cid Ruiz", "--next", day(3))
    run = run_cli(binder, "rebalance", day(2), "--dry-run")
    assert day(1) in run.out  # the nearest day with room is the one before
    run = run_cli(binder, "rebalance", day(2), "--dry-run", "--later-only")
    assert run.code == 0 and day(1) not in run.out and day(6) in run.out  # Monday
