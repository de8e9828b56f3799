"""The command line as a user or a script sees it: output, JSON shapes, exit codes, and a binder
left unchanged by every refused command.

Most runs go through app.cli.main in-process (fast); a few start the real entry points
(`python -m app` and the installed `ringbinder` script) to prove those work too.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cli import main
from tests.helpers import binder_digest

ROOT = Path(__file__).resolve().parents[2]
RINGBINDER = Path(sys.executable).parent / "ringbinder"
TODAY = "2026-11-24"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
ROW_KEYS = {"id", "name", "company", "position", "phone", "next_contact", "time", "purpose",
            "priority", "fixed"}
EVENT_KEYS = {"id", "at", "kind", "channel", "summary", "outcome", "offer", "amount",
              "currency", "next_contact", "amends"}
NO_SUCH_ID = "0badc0de-0000-4000-8000-000000000000"
CHILD_TIMEOUT = 30


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        assert self.code == 0, self.err
        return json.loads(self.out)


def run_cli(binder: Path, *args: str, today: str = TODAY) -> Run:
    """`ringbinder --binder BINDER --today TODAY ARGS…` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--binder", str(binder), "--today", today, *args])
        except SystemExit as exc:  # argparse: bad usage
            code = exc.code
    return Run(code, out.getvalue(), err.getvalue())


def assert_refused(run: Run, *fragments: str) -> None:
    """Exit status 2, nothing on stdout, and one line on stderr that says why."""
    assert run.code == 2, (run.out, run.err)
    assert run.out == ""
    assert run.err.startswith("ringbinder") and run.err.endswith("\n"), run.err
    assert run.err.count("\n") == 1, run.err
    for fragment in fragments:
        assert fragment in run.err


def day(offset: int) -> str:
    return (date.fromisoformat(TODAY) + timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def _demo_template(tmp_path_factory) -> Path:
    """The 60 demo clients of seed 3, filed as on 2026-11-24 (copied for each test by
    `demo`, tests/cli/conftest.py)."""
    from tests.cli.conftest import demo_template

    return demo_template(tmp_path_factory, 60)


def add(binder: Path, name: str, *options: str) -> str:
    run = run_cli(binder, "add", "--name", name, *options)
    assert run.code == 0, run.err
    return run.out.strip()


def names(binder: Path, key: str) -> list[str]:
    return [row["name"] for row in run_cli(binder, "list", key, "--json").json()]


# -- a second Ringbinder, in its own process ----------------------------------------------

HOLDER = """
import sys
from app.store import open_binder
db = open_binder(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
db.close()
"""


@contextlib.contextmanager
def held_by_another_process(path: Path) -> Iterator[None]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "holding\n", child.stderr.read()
        yield
    finally:
        with contextlib.suppress(BrokenPipeError):
            child.stdin.close()
        child.wait(timeout=CHILD_TIMEOUT)
        child.stdout.close()
        child.stderr.close()


# -- demo, tabs and list ---------------------------------------------------------------------

def test_demo_then_tabs_lists_every_insert_in_strip_order(binder):
    made = run_cli(binder, "demo", "--clients", "60", "--seed", "3")
    assert made.code == 0, made.err
    assert made.out == f"Added 60 demo dossiers to {binder}\n"

    tabs = run_cli(binder, "tabs", "--json").json()
    assert all(set(tab) == {"key", "kind", "label", "count", "over_capacity"} for tab in tabs)
    kinds = [tab["kind"] for tab in tabs]
    assert kinds == ["overdue"] + ["day"] * 30 + ["month"] * 12 + ["later", "undated", "archive"]
    keys = [tab["key"] for tab in tabs]
    assert keys[1:31] == [day(n) for n in range(30)]  # 2026-11-24 … 2026-12-23
    assert keys[1] == TODAY and keys[30] == "2026-12-23"
    assert keys[31:43] == ["2026-12"] + [f"2027-{m:02d}" for m in range(1, 12)]
    assert keys[0] == "overdue" and keys[43:] == ["later", "undated", "archive"]
    assert tabs[1]["label"] == "Tue 24 Nov" and tabs[31]["label"] == "December 2026"
    assert all(isinstance(t["count"], int) and isinstance(t["over_capacity"], bool)
               for t in tabs)
    assert sum(tab["count"] for tab in tabs) == 60
    for kind in ("overdue", "day", "month", "undated", "archive"):  # the demo fills them all
        assert sum(t["count"] for t in tabs if t["kind"] == kind) > 0, kind

    text = run_cli(binder, "tabs").out.splitlines()
    assert len(text) == len(tabs) and text[1].split()[:4] == [TODAY, "Tue", "24", "Nov"]


def test_every_tab_count_is_the_length_of_its_list(demo):
    for tab in run_cli(demo, "tabs", "--json").json():
        assert len(run_cli(demo, "list", tab["key"], "--json").json()) == tab["count"], tab


def test_the_same_seed_makes_the_same_binder(demo, tmp_path):
    again = tmp_path / "again.rbinder"
    assert run_cli(again, "demo", "--clients", "60", "--seed", "3").code == 0
    assert run_cli(again, "tabs", "--json").json() == run_cli(demo, "tabs", "--json").json()
    assert run_cli(again, "list", "overdue", "--json").json() == \
        run_cli(demo, "list", "overdue", "--json").json()


def _check_rows(rows: list[dict]) -> None:
    assert rows, "expected dossiers under this insert"
    for row in rows:
        assert set(row) == ROW_KEYS
        assert UUID.fullmatch(row["id"])
        assert row["name"] and isinstance(row["company"], str)
        assert isinstance(row["position"], str) and isinstance(row["purpose"], str)
        assert row["phone"] == "" or row["phone"].startswith("+")
        assert row["time"] is None or re.fullmatch(r"\d\d:\d\d", row["time"])
        assert row["priority"] in ("high", "normal", "low")
        assert isinstance(row["fixed"], bool)


def test_list_json_of_each_kind_of_insert(demo):
    tabs = run_cli(demo, "tabs", "--json").json()
    a_day = next(t["key"] for t in tabs if t["kind"] == "day" and t["count"] > 1)
    a_month = next(t["key"] for t in tabs if t["kind"] == "month" and t["count"] > 0)

    rows = run_cli(demo, "list", a_day, "--json").json()
    _check_rows(rows)
    assert {r["next_contact"] for r in rows} == {a_day}
    rank = {"high": 1, "normal": 2, "low": 3}
    order = [(r["time"] is None, r["time"] or "", rank[r["priority"]]) for r in rows]
    assert order == sorted(order)  # working order: timed first, by time, then priority

    rows = run_cli(demo, "list", a_month, "--json").json()
    _check_rows(rows)
    assert all(r["next_contact"].startswith(a_month + "-") for r in rows)
    assert [r["next_contact"] for r in rows] == sorted(r["next_contact"] for r in rows)

    rows = run_cli(demo, "list", "overdue", "--json").json()
    _check_rows(rows)
    assert all(r["next_contact"] < TODAY for r in rows)

    for key in ("undated", "archive"):
        rows = run_cli(demo, "list", key, "--json").json()
        _check_rows(rows)
        assert all(r["next_contact"] is None and r["time"] is None for r in rows)

    today = run_cli(demo, "list", "today", "--json").json()
    assert today == run_cli(demo, "list", TODAY, "--json").json()
    assert all(r["next_contact"] == TODAY for r in today)

    lines = run_cli(demo, "list", "overdue").out.splitlines()
    assert len(lines) == len(run_cli(demo, "list", "overdue", "--json").json())


# -- add, show, log, move, archive, search ---------------------------------------------------

def test_add_prints_an_id_that_show_returns(binder):
    run = run_cli(binder, "add", "--name", "  María Peña ", "--company", "Frutas Peña S.L.",
                  "--position", "Directora de compras", "--phone", "mobile: +34 612 345 678",
                  "--phone", "+34 912 345 678", "--email", "maria@frutaspena.es",
                  "--email", "office: pedidos@frutaspena.es", "--next", day(1),
                  "--time", "9:30", "--purpose", "Call about the quote", "--priority", "high",
                  "--fixed", "--notes", "Prefers mornings")
    assert run.code == 0, run.err
    dossier_id = run.out.strip()
    assert run.out == dossier_id + "\n" and UUID.fullmatch(dossier_id)

    shown = run_cli(binder, "show", dossier_id, "--json").json()
    assert ROW_KEYS | {"insert", "phones", "emails", "status", "notes", "events",
                       "attachments", "forms", "archived", "archive_reason"} <= set(shown)
    assert shown["id"] == dossier_id and shown["name"] == "María Peña"
    assert (shown["company"], shown["position"]) == ("Frutas Peña S.L.", "Directora de compras")
    assert shown["phones"] == [{"label": "mobile", "number": "+34 612 34 56 78"},
                               {"label": "", "number": "+34 912 34 56 78"}]
    assert shown["phone"] == "+34 612 34 56 78"
    assert shown["emails"] == [{"label": "", "address": "maria@frutaspena.es"},
                               {"label": "office", "address": "pedidos@frutaspena.es"}]
    assert (shown["next_contact"], shown["time"], shown["insert"]) == (day(1), "09:30", day(1))
    assert (shown["priority"], shown["fixed"]) == ("high", True)
    assert (shown["status"], shown["notes"], shown["archived"]) == (
        "prospect", "Prefers mornings", False)
    assert shown["events"] == [] and shown["attachments"] == [] and shown["forms"] == []

    assert run_cli(binder, "show", dossier_id[:8], "--json").json() == shown  # a short id
    text = run_cli(binder, "show", dossier_id[:8]).out
    assert "María Peña" in text and "+34 612 34 56 78" in text and f"id {dossier_id}" in text
    assert names(binder, day(1)) == ["María Peña"]


def test_a_day_lists_timed_dossiers_first_then_by_priority_and_name(binder):
    add(binder, "Zoe Low", "--next", day(2), "--priority", "low")
    add(binder, "Adam Normal", "--next", day(2))
    add(binder, "Bea High", "--next", day(2), "--priority", "high")
    add(binder, "Carl Late", "--next", day(2), "--time", "16:00")
    add(binder, "Dora Early", "--next", day(2), "--time", "08:15", "--priority", "low")
    assert names(binder, day(2)) == ["Dora Early", "Carl Late", "Bea High", "Adam Normal",
                                     "Zoe Low"]


def test_log_appends_to_the_history_and_refiles(binder):
    dossier_id = add(binder, "Jan Kowalski", "--next", TODAY, "--phone", "+48 600 123 456")
    assert names(binder, "today") == ["Jan Kowalski"]

    run = run_cli(binder, "log", dossier_id, "--channel", "call", "--summary", "Price list",
                  "--outcome", "Wants a quote", "--offer", "Quote 117", "--amount", "1 250,5",
                  "--currency", "pln", "--next", day(7), "--time", "10:00",
                  "--purpose", "Follow up the quote")
    assert run.code == 0, run.err
    assert run.out == f"Logged; Jan Kowalski is now filed under {day(7)}.\n"
    assert names(binder, "today") == []
    (row,) = run_cli(binder, "list", day(7), "--json").json()
    assert (row["id"], row["time"], row["purpose"]) == (dossier_id, "10:00", "Follow up the quote")

    run = run_cli(binder, "log", dossier_id, "--channel", "visit", "--summary", "Samples",
                  "--outcome", "Liked them", "--next", "2027-01-15")
    assert run.out == "Logged; Jan Kowalski is now filed under 2027-01.\n"
    assert names(binder, day(7)) == [] and names(binder, "2027-01") == ["Jan Kowalski"]

    shown = run_cli(binder, "show", dossier_id, "--json").json()
    assert shown["status"] == "active"
    newest, oldest = shown["events"]  # newest first
    assert all(set(e) >= EVENT_KEYS for e in shown["events"])
    assert (newest["channel"], newest["summary"], newest["outcome"]) == (
        "visit", "Samples", "Liked them")
    assert (newest["offer"], newest["amount"], newest["next_contact"]) == ("", None, "2027-01-15")
    assert (oldest["channel"], oldest["summary"], oldest["outcome"]) == (
        "call", "Price list", "Wants a quote")
    assert (oldest["offer"], oldest["amount"], oldest["currency"]) == ("Quote 117", "1250.50",
                                                                       "PLN")
    assert oldest["at"].endswith("Z") and oldest["at"] < newest["at"]
    assert UUID.fullmatch(newest["id"]) and newest["id"] != oldest["id"]
    assert [r["name"] for r in run_cli(binder, "search", "quote", "--json").json()] == [
        "Jan Kowalski"]

    run = run_cli(binder, "log", dossier_id, "--channel", "email", "--summary", "Sent terms",
                  "--outcome", "No answer", "--undated")  # no next step, as said: Undated
    assert run.out == "Logged; Jan Kowalski is now filed under undated.\n"
    assert names(binder, "undated") == ["Jan Kowalski"] and names(binder, "2027-01") == []


def test_log_keeps_the_purpose_and_a_fixed_appointments_time(binder):
    """Logged without --purpose the next step was left blank (the list showed an empty
    line), and a fixed appointment lost its time."""
    dossier_id = add(binder, "Jan Kowalski", "--next", TODAY, "--time", "13:15", "--fixed",
                     "--purpose", "Confirm the order")
    run = run_cli(binder, "log", dossier_id, "--channel", "call", "--summary", "Terms",
                  "--outcome", "Meet again", "--next", day(7), "--fixed")
    assert run.code == 0, run.err
    (row,) = run_cli(binder, "list", day(7), "--json").json()
    assert (row["purpose"], row["time"], row["fixed"]) == ("Confirm the order", "13:15", True)
    run = run_cli(binder, "log", dossier_id, "--channel", "call", "--summary", "Moved",
                  "--outcome", "Call instead", "--next", day(8), "--purpose", "Call back")
    (row,) = run_cli(binder, "list", day(8), "--json").json()
    assert (row["purpose"], row["time"], row["fixed"]) == ("Call back", None, False)


def test_a_log_or_move_that_double_books_a_day_says_so_on_stderr(binder):
    first = add(binder, "Ana López", "--next", day(3), "--time", "13:30")
    second = add(binder, "Jan Kowalski", "--next", day(2), "--time", "13:45")
    run = run_cli(binder, "move", second, day(3))
    assert run.code == 0 and run.out.startswith("Moved 1 dossier")
    assert "Double booking" in run.err and "Ana López" in run.err and "Jan Kowalski" in run.err
    run = run_cli(binder, "log", first, "--channel", "call", "--summary", "Moved",
                  "--outcome", "Later", "--next", day(4), "--time", "13:30")
    assert run.code == 0 and run.err == ""  # no longer on the same day


def test_log_archive_files_the_dossier_in_the_archive(binder):
    dossier_id = add(binder, "Jan Kowalski", "--next", day(3))
    run = run_cli(binder, "log", dossier_id, "--channel", "meeting", "--summary", "Contract",
                  "--outcome", "Signed", "--archive", "won: signed for 2027")
    assert run.code == 0, run.err
    assert run.out == "Logged; Jan Kowalski is now filed under archive.\n"
    assert names(binder, "archive") == ["Jan Kowalski"] and names(binder, day(3)) == []
    shown = run_cli(binder, "show", dossier_id, "--json").json()
    assert (shown["archived"], shown["archive_reason"]) == (True, "won: signed for 2027")
    assert (shown["insert"], shown["next_contact"]) == ("archive", None)
    assert [e["kind"] for e in shown["events"]] == ["archive", "contact"]


def test_log_without_a_next_step_is_refused_before_the_binder_is_touched(tmp_path):
    """Undated is where clients get forgotten: a script has to say so to file there."""
    path = tmp_path / "new.rbinder"
    run = run_cli(path, "log", NO_SUCH_ID, "--channel", "call", "--summary", "S",
                  "--outcome", "O")
    assert_refused(run, "say what comes next", "--undated")
    assert list(tmp_path.iterdir()) == []


def test_move_refiles_several_dossiers(binder):
    ana = add(binder, "Ana Ruiz", "--next", TODAY, "--time", "09:00")
    jan = add(binder, "Jan Kowalski", "--next", day(1))
    lea = add(binder, "Lea Stay", "--next", TODAY)

    run = run_cli(binder, "move", ana[:8], jan, day(5))
    assert (run.code, run.out) == (0, f"Moved 2 dossiers to {day(5)}.\n")
    assert names(binder, day(5)) == ["Ana Ruiz", "Jan Kowalski"]  # Ana keeps her 09:00
    assert names(binder, "today") == ["Lea Stay"] and names(binder, day(1)) == []

    assert run_cli(binder, "move", lea, "2027-03-02").out == "Moved 1 dossier to 2027-03.\n"
    assert names(binder, "2027-03") == ["Lea Stay"]
    assert run_cli(binder, "move", ana, "undated").out == "Moved 1 dossier to undated.\n"
    (row,) = run_cli(binder, "list", "undated", "--json").json()
    assert (row["name"], row["next_contact"], row["time"]) == ("Ana Ruiz", None, None)


def test_archive_takes_the_dossier_out_of_the_dates(binder):
    dossier_id = add(binder, "Ana Ruiz", "--next", day(4))
    run = run_cli(binder, "archive", dossier_id, "--reason", "lost: chose a competitor")
    assert (run.code, run.out) == (0, "Archived.\n")
    assert names(binder, day(4)) == [] and names(binder, "archive") == ["Ana Ruiz"]
    tabs = {t["key"]: t["count"] for t in run_cli(binder, "tabs", "--json").json()}
    assert tabs["archive"] == 1 and sum(tabs.values()) == 1
    shown = run_cli(binder, "show", dossier_id, "--json").json()
    assert shown["archive_reason"] == "lost: chose a competitor"
    assert shown["events"][0]["kind"] == "archive"
    assert shown["events"][0]["summary"] == "lost: chose a competitor"


def test_search_json_finds_by_name_company_phone_and_notes(binder):
    lukasz = add(binder, "Łukasz Wiśniewski", "--company", "Hurtownia Wiśnia",
                 "--phone", "+48 600 123 456", "--next", day(2))
    add(binder, "Ana Ruiz", "--company", "Frutas Ruiz", "--notes", "likes olives")

    rows = run_cli(binder, "search", "lukasz", "--json").json()
    _check_rows(rows)
    assert [(r["id"], r["name"], r["next_contact"]) for r in rows] == [
        (lukasz, "Łukasz Wiśniewski", day(2))]
    assert [r["name"] for r in run_cli(binder, "search", "WISNIA", "--json").json()] == [
        "Łukasz Wiśniewski"]
    assert [r["name"] for r in run_cli(binder, "search", "600123", "--json").json()] == [
        "Łukasz Wiśniewski"]
    assert [r["name"] for r in run_cli(binder, "search", "oliv", "--json").json()] == [
        "Ana Ruiz"]
    assert run_cli(binder, "search", "nobody", "--json").json() == []
    assert run_cli(binder, "search", "nobody").out == "(none)\n"


# -- refusals: exit 2, one line on stderr, the binder unchanged ------------------------------

@pytest.fixture
def filed(binder) -> tuple[Path, str]:
    """A binder with one dossier, Ana Ruiz, due today, and her id."""
    return binder, add(binder, "Ana Ruiz", "--next", TODAY, "--phone", "+34 612 345 678")


REFUSED = {
    "add: impossible date": (["add", "--name", "X", "--next", "2026-02-30"],
                             "2026-02-30 is not a day of the calendar"),
    "add: date not written YYYY-MM-DD": (["add", "--name", "X", "--next", "30/11/2026"],
                                         "YYYY-MM-DD"),
    "add: next before today": (["add", "--name", "X", "--next", "2026-11-23"], "before today"),
    "add: invalid phone": (["add", "--name", "X", "--phone", "+34 12"], "phone"),
    "add: phone that is text": (["add", "--name", "X", "--phone", "call me"], "phone"),
    "add: invalid e-mail": (["add", "--name", "X", "--email", "ana.example.com"], "e-mail"),
    "add: empty name": (["add", "--name", "   "], "name cannot be empty"),
    "add: time without a date": (["add", "--name", "X", "--time", "10:00"], "date"),
    "move: impossible date": (["move", "{id}", "2026-02-30"], "not a day of the calendar"),
    "move: before today": (["move", "{id}", "2026-11-01"], "before today"),
    "move: one unknown id of two": (["move", "{id}", NO_SUCH_ID, day(3)], NO_SUCH_ID),
    "show: unknown id": (["show", NO_SUCH_ID], NO_SUCH_ID),
    "show: no dossier": (["show", "nobody"], "There is no dossier 'nobody'"),
    "log: unknown id": (["log", NO_SUCH_ID, "--channel", "call", "--summary", "S",
                         "--outcome", "O", "--next", day(2)], NO_SUCH_ID),
    "log: empty summary": (["log", "{id}", "--channel", "call", "--summary", "  ",
                            "--outcome", "O", "--next", day(2)], "summary cannot be empty"),
    "log: next before today": (["log", "{id}", "--channel", "call", "--summary", "S",
                                "--outcome", "O", "--next", "2026-11-20"], "before today"),
    "log: impossible date": (["log", "{id}", "--channel", "call", "--summary", "S",
                              "--outcome", "O", "--next", "2026-11-31"], "not a day"),
    "log: unknown channel": (["log", "{id}", "--channel", "fax", "--summary", "S",
                              "--outcome", "O", "--next", day(2)], "channel"),
    "log: bad amount": (["log", "{id}", "--channel", "call", "--summary", "S",
                         "--outcome", "O", "--amount", "lots", "--next", day(2)], "amount"),
    "log: no next step": (["log", "{id}", "--channel", "call", "--summary", "S",
                           "--outcome", "O"], "--next YYYY-MM-DD, --archive REASON, or --undated"),
    "log: undated and a date": (["log", "{id}", "--channel", "call", "--summary", "S",
                                 "--outcome", "O", "--undated", "--next", day(2)],
                                "not allowed with"),
    "log: a time but undated": (["log", "{id}", "--channel", "call", "--summary", "S",
                                 "--outcome", "O", "--undated", "--time", "10:00"],
                                "A time needs a next-contact date."),
    "log: next and archive": (["log", "{id}", "--channel", "call", "--summary", "S",
                               "--outcome", "O", "--next", day(2), "--archive", "won"],
                              "not allowed with"),
    "archive: unknown id": (["archive", NO_SUCH_ID, "--reason", "lost"], NO_SUCH_ID),
    "archive: empty reason": (["archive", "{id}", "--reason", ""], "reason cannot be empty"),
    "list: unknown key": (["list", "tomorrow"], "There is no insert 'tomorrow'"),
    "list: impossible month": (["list", "2027-13"], "There is no insert '2027-13'"),
    "list: a day beyond the window": (["list", "2026-12-24"], "There is no insert"),
    "unknown command": (["frobnicate"], "invalid choice: 'frobnicate'"),
    "add without --name": (["add", "--company", "X"], "--name"),
    "log without --outcome": (["log", "{id}", "--channel", "call", "--summary", "S"],
                              "--outcome"),
    "archive without --reason": (["archive", "{id}"], "--reason"),
    "move without a date": (["move"], "required"),
    "show --json with a stray option": (["show", "{id}", "--yaml"], "unrecognized arguments"),
}


@pytest.mark.parametrize("argv, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_command_exits_2_and_changes_nothing(filed, argv, message):
    binder, dossier_id = filed
    before = binder_digest(binder)
    run = run_cli(binder, *(a.replace("{id}", dossier_id) for a in argv))
    assert_refused(run, message)
    assert binder_digest(binder) == before
    assert names(binder, "today") == ["Ana Ruiz"]


def test_an_impossible_today_is_refused(filed):
    binder, _ = filed
    before = binder_digest(binder)
    for argv in (["list", "today"], ["add", "--name", "X"], ["tabs"]):
        assert_refused(run_cli(binder, *argv, today="2026-02-30"),
                       "--today", "2026-02-30 is not a day of the calendar")
    assert binder_digest(binder) == before


def test_an_archived_dossier_cannot_be_logged_or_moved(filed):
    binder, dossier_id = filed
    assert run_cli(binder, "archive", dossier_id, "--reason", "lost").code == 0
    before = binder_digest(binder)
    assert_refused(run_cli(binder, "move", dossier_id, day(1)), "archived")
    assert_refused(run_cli(binder, "archive", dossier_id, "--reason", "again"), "archived")
    assert_refused(run_cli(binder, "log", dossier_id, "--channel", "call", "--summary", "S",
                           "--outcome", "O", "--next", day(1)), "archived")
    assert binder_digest(binder) == before


WRITES = [["add", "--name", "X"], ["demo", "--clients", "5"], ["archive", "{id}", "--reason", "r"],
          ["move", "{id}", day(1)], ["settings", "--owner", "Me"],
          ["log", "{id}", "--channel", "call", "--summary", "S", "--outcome", "O",
           "--next", day(1)]]
READS = [["tabs", "--json"], ["list", "today", "--json"], ["show", "{id}", "--json"],
         ["search", "ana", "--json"]]


def _argv(template: list[str], dossier_id: str = NO_SUCH_ID) -> list[str]:
    return [a.replace("{id}", dossier_id) for a in template]


NOT_A_BINDER = {"text": "is not a Ringbinder binder", "empty": "is not a Ringbinder binder",
                "foreign-sqlite": "not a Ringbinder binder", "folder": "is a folder"}


@pytest.mark.parametrize("make", NOT_A_BINDER)
def test_a_file_that_is_not_a_binder_is_refused_and_left_alone(tmp_path, make):
    path = tmp_path / "clients.rbinder"
    if make == "text":
        path.write_text("Ana Ruiz, +34 612 345 678\n", encoding="utf-8")
    elif make == "empty":
        path.write_bytes(b"")
    elif make == "foreign-sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.commit()
        conn.close()
    else:
        path.mkdir()
    state = None if path.is_dir() else path.read_bytes()
    for argv in READS:
        assert_refused(run_cli(path, *_argv(argv)), NOT_A_BINDER[make])
    assert [p.name for p in tmp_path.iterdir()] == ["clients.rbinder"]  # reading left no trace
    for argv in WRITES:
        assert_refused(run_cli(path, *_argv(argv)), NOT_A_BINDER[make])
    assert (None if path.is_dir() else path.read_bytes()) == state
    assert {p.name for p in tmp_path.iterdir()} == {"clients.rbinder"}


def test_a_missing_binder_is_created_only_by_commands_that_add(tmp_path):
    path = tmp_path / "new.rbinder"
    for argv in (*READS, ["move", NO_SUCH_ID, day(1)], ["archive", NO_SUCH_ID, "--reason", "r"]):
        assert_refused(run_cli(path, *_argv(argv)), "There is no binder")
    assert list(tmp_path.iterdir()) == []
    assert UUID.fullmatch(add(path, "Ana Ruiz"))


def test_a_binder_from_a_newer_version_is_refused_untouched(filed):
    binder, dossier_id = filed
    conn = sqlite3.connect(binder)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    before, raw = binder_digest(binder), binder.read_bytes()
    for argv in (*WRITES, *READS):
        assert_refused(run_cli(binder, *_argv(argv, dossier_id)), "newer Ringbinder")
    assert binder.read_bytes() == raw and binder_digest(binder) == before


def test_a_binder_held_by_another_process_refuses_writes_and_serves_reads(filed):
    binder, dossier_id = filed
    with held_by_another_process(binder):
        before = binder_digest(binder)
        for argv in WRITES:
            assert_refused(run_cli(binder, *_argv(argv, dossier_id)),
                           "already open by another Ringbinder")
        assert binder_digest(binder) == before

        tabs = run_cli(binder, "tabs", "--json").json()
        assert {t["key"]: t["count"] for t in tabs}[TODAY] == 1
        assert [r["id"] for r in run_cli(binder, "list", "today", "--json").json()] == [dossier_id]
        assert run_cli(binder, "show", dossier_id, "--json").json()["name"] == "Ana Ruiz"
        assert [r["id"] for r in run_cli(binder, "search", "ana", "--json").json()] == [
            dossier_id]
        assert "Ana Ruiz" in run_cli(binder, "list", "today").out
        assert binder_digest(binder) == before

    # the other Ringbinder has quit: writing works again
    assert run_cli(binder, "move", dossier_id, day(1)).code == 0
    assert names(binder, day(1)) == ["Ana Ruiz"]


# -- the real entry points -------------------------------------------------------------------

def _spawn(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(argv), cwd=ROOT, capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT)


def test_python_dash_m_app_and_the_ringbinder_script(binder):
    common = ["--binder", str(binder), "--today", TODAY]
    added = _spawn(sys.executable, "-m", "app", *common, "add", "--name", "Ana Ruiz",
                   "--next", day(1), "--phone", "+34 612 345 678")
    assert added.returncode == 0, added.stderr
    dossier_id = added.stdout.strip()
    assert UUID.fullmatch(dossier_id)

    assert RINGBINDER.exists()
    shown = _spawn(str(RINGBINDER), *common, "show", dossier_id, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["phones"] == [{"label": "", "number": "+34 612 34 56 78"}]

    listed = _spawn(str(RINGBINDER), *common, "list", day(1), "--json")
    assert [r["id"] for r in json.loads(listed.stdout)] == [dossier_id]

    before = binder_digest(binder)
    refused = _spawn(str(RINGBINDER), *common, "move", dossier_id, "2026-02-30")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "2026-02-30" in refused.stderr
    refused = _spawn(sys.executable, "-m", "app", *common, "show", NO_SUCH_ID)
    assert refused.returncode == 2
    assert refused.stderr == f"ringbinder: There is no dossier '{NO_SUCH_ID}' in this binder.\n"
    assert binder_digest(binder) == before

    version = _spawn(str(RINGBINDER), "--version")
    assert version.returncode == 0 and version.stdout.startswith("ringbinder ")


def test_show_json_carries_filled_forms_and_documents(binder):
    from datetime import date

    from app.clock import FixedClock
    from app.services import open_services

    ana = add(binder, "Ana Ruiz")
    with open_services(binder, FixedClock(date(2026, 11, 24))) as services:
        template = services.forms.save_template("Visit report", [
            {"label": "Fleet size", "type": "number", "required": True},
            {"label": "Interest", "type": "choice", "choices": ["low", "high"]}])
        form_id, _ = services.forms.add_form(ana, template)
        services.forms.fill(form_id, {"fleet_size": "12", "interest": "high"})
        services.attachments.add(ana, "oferta.pdf", b"%PDF")
    shown = json.loads(run_cli(binder, "show", ana, "--json").out)
    (form,) = shown["forms"]
    assert (form["id"], form["title"], form["template"]) == (form_id, "Visit report", template)
    assert form["values"] == {"fleet_size": "12", "interest": "high"}
    assert [f["label"] for f in form["fields"]] == ["Fleet size", "Interest"]
    (document,) = shown["attachments"]
    assert (document["filename"], document["size"], document["trashed"]) == ("oferta.pdf", 4,
                                                                              False)
