"""`ringbinder due`: today's appointments still to come, as a script or a user reads them."""

from __future__ import annotations

import json

from tests.cli.test_cli import run_cli


def _add(binder, name: str, *args: str, today: str = "2026-11-24") -> str:
    run = run_cli(binder, "add", "--name", name, *args, today=today)
    assert run.code == 0, run.err
    return run.out.strip()


def test_due_json_lists_the_timed_dossiers_coming_within_the_minutes(tmp_path):
    binder = tmp_path / "b.rbinder"
    ana = _add(binder, "Ana López", "--company", "Acme", "--next", "2026-11-24", "--time",
               "14:30", "--purpose", "Visit", "--fixed", "--phone", "+34 600 111 222")
    _add(binder, "Ben Ruiz", "--next", "2026-11-24", "--time", "09:00")
    _add(binder, "Carla Gómez", "--next", "2026-11-24", "--time", "16:00")
    _add(binder, "Dora No Time", "--next", "2026-11-24")
    _add(binder, "Eve Tomorrow", "--next", "2026-11-25", "--time", "14:30")

    run = run_cli(binder, "due", "--at", "14:00", "--within", "45", "--json")
    assert run.code == 0, run.err
    listed = json.loads(run.out)
    assert [d["name"] for d in listed] == ["Ana López"]
    assert set(listed[0]) == {"id", "name", "company", "time", "purpose", "fixed", "phone"}
    assert (listed[0]["id"], listed[0]["time"], listed[0]["purpose"], listed[0]["fixed"]) == (
        ana, "14:30", "Visit", True)

    everything_left = json.loads(run_cli(binder, "due", "--at", "10:00", "--json").out)
    assert [d["name"] for d in everything_left] == ["Ana López", "Carla Gómez"]
    # another day (--today) has its own appointments
    tomorrow = run_cli(binder, "due", "--at", "08:00", "--json", today="2026-11-25")
    assert [d["name"] for d in json.loads(tomorrow.out)] == ["Eve Tomorrow"]


def test_due_without_json_is_a_readable_table_and_bad_minutes_are_refused(tmp_path):
    binder = tmp_path / "b.rbinder"
    _add(binder, "Ana López", "--company", "Acme", "--next", "2026-11-24", "--time", "14:30",
         "--purpose", "Visit", "--fixed")
    run = run_cli(binder, "due", "--at", "14:00")
    assert run.code == 0
    line = run.out.replace("\u202f", " ").strip()
    assert line.startswith("2:30 PM F ") and "Ana López · Acme" in line and "Visit" in line
    assert run_cli(binder, "due", "--at", "15:00").out.strip() == "(none)"

    bad = run_cli(binder, "due", "--within", "soon")
    assert bad.code == 2 and "soon" in bad.err
    assert run_cli(binder, "due", "--at", "25:00").code == 2
