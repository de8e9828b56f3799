"""The quick read path of `tabs`, `list KEY` and `search WORDS`: a plain sqlite3 connection,
read-only, and the same queries and strip rules as the services (app.services.views), with
none of SQLAlchemy, the services or Qt loaded, so that these commands start like a tool.

Only an up-to-date binder that opens cleanly is read here. Anything else — no file, not a
binder, a binder of a newer version or one that needs a migration, SQLite meeting damage —
is left to the full path (None), which opens the binder as it always has and says what is
wrong in its own words (or migrates it), so nothing changes for the user. The printing of
the three commands lives here too, shared with the full path (app/cli_commands.py).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.clock import Clock
from app.i18n import _
from app.services.contract import row_json, tab_json
from app.services.rows import DossierRow, Tab

if TYPE_CHECKING:
    from app.store.search import SearchIndex

QUICK_COMMANDS = ("tabs", "list", "search")


def write_json(value: Any) -> None:
    """The value as `json.dump(value, ensure_ascii=False, indent=2)` writes it, then a line
    end; a list of flat records (a long insert's rows) is written in one piece with the C
    string encoder, as the indenting encoder of the json module does it in pure Python."""
    text = _flat_records(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(text + "\n")


def _flat_records(value: Any) -> str | None:
    """json.dumps(value, ensure_ascii=False, indent=2) for a list of dicts of str keys and
    str, int, bool or None values; None for anything else."""
    if not isinstance(value, list) or not value:
        return None
    from json.encoder import encode_basestring as quoted  # ensure_ascii=False's encoder

    records = []
    for record in value:
        if not isinstance(record, dict) or not record:
            return None
        fields = []
        for key, item in record.items():
            if not isinstance(key, str):
                return None
            if isinstance(item, str):
                shown = quoted(item)
            elif item is None:
                shown = "null"
            elif item is True:
                shown = "true"
            elif item is False:
                shown = "false"
            elif type(item) is int:
                shown = int.__repr__(item)
            else:
                return None
            fields.append(f"    {quoted(key)}: {shown}")
        records.append("  {\n" + ",\n".join(fields) + "\n  }")
    return "[\n" + ",\n".join(records) + "\n]"


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def print_rows(rows: Sequence[DossierRow], as_json: bool) -> int:
    """`list` and `search`: one line per dossier, or the JSON of the contract."""
    if as_json:
        write_json([row_json(r) for r in rows])
        return 0
    for r in rows:
        when = r.next_contact.isoformat() if r.next_contact else "—"
        flags = ("!" if r.priority == 1 else " ") + ("F" if r.fixed else " ")
        out(f"{r.id[:8]}  {when} {r.time or '     '} {flags} {r.name} · {r.company} · "
            f"{r.phone}  {r.purpose}".rstrip())
    if not rows:
        out(_("(none)"))
    return 0


def print_tabs(tabs: Sequence[Tab], as_json: bool) -> int:
    """`tabs`: one line per insert, or the JSON of the contract."""
    if as_json:
        write_json([tab_json(t) for t in tabs])
        return 0
    for t in tabs:
        mark = "  " + _("over capacity") if t.over_capacity else ""
        out(f"{t.key:<11} {t.label:<20} {t.count:>6}{mark}")
    return 0


def _connect(path: Path) -> sqlite3.Connection | None:
    """A read-only connection, in a read transaction, on an up-to-date binder; None when
    the file is anything else (the full path then says what)."""
    from app.store.schema import BUSY_TIMEOUT_MS, SCHEMA_HEAD, SQLITE_MAGIC, readonly_uri

    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return None
        conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("BEGIN")
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if {"alembic_version", "binder_settings"} <= tables and conn.execute(
                "SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_HEAD,)]:
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None


def run_quick(args: argparse.Namespace, clock: Clock) -> int | None:
    """Answer `tabs`, `list` or `search` on the quick path; None: take the full path."""
    from app.services import views

    if isinstance(args.binder, str):  # a team binder: one's own dossiers (--of: full path)
        if getattr(args, "of", None):
            return None
        return _run_team(args, clock)
    from app.preferences import default_binder_path

    path = (args.binder or default_binder_path()).expanduser().absolute()
    conn = _connect(path)
    if conn is None:
        return None
    try:
        answer = _read(conn.cursor(), args, clock, None, views.INDEX)
    except sqlite3.Error:  # damage met, or a file changed under us: the full path says what
        return None
    finally:
        conn.close()
    return None if answer is None else _print(args, answer)


def _run_team(args: argparse.Namespace, clock: Clock) -> int | None:
    """The quick read of a team binder: on the connection a keeper holds (no psycopg to
    load, no connection to make) or one forked as the command started (`args.reached`,
    see app.cli.run), else the direct way, after which a keeper is started for the next
    commands (app/store/team_keeper.py)."""
    from app.services import views
    from app.store import team_keeper
    from app.store.team_keeper_fork import Starting

    index = views.index_for_team()
    reached = (args.reached if hasattr(args, "reached")
               else team_keeper.reach(args.binder))
    if isinstance(reached, Starting):
        kept = reached.reader()
        if kept is None and not reached.locked:  # it could not connect: the full path
            return None  # says why (or asks for the password), with no third try
    else:
        kept = reached
    if kept is not None:
        cursor, owner = kept
        try:
            answer = _read(cursor, args, clock, owner, index)
        except team_keeper.KeptError:
            answer = kept = None  # the keeper failed midway: read again, the direct way
        finally:
            cursor.close()  # before printing: the keeper serves the next command at once
        if kept is not None:
            return None if answer is None else _print(args, answer)
    from app.store.team_keeper_serve import connect_team

    team = connect_team(args.binder)  # as the keeper connects
    if team is None:
        return None
    conn, owner = team
    import psycopg

    from app.store.dialect import QmarkCursor

    try:
        answer = _read(QmarkCursor(conn.cursor(), converted=True), args, clock, owner, index)
    except psycopg.Error:  # the full path says what
        return None
    finally:
        conn.close()
    if answer is None:
        return None
    printed = _print(args, answer)
    team_keeper.start_keeper(args.binder)  # after the answer, not waited for (one already
    return printed  # there, or starting, makes it end at once)


def _read(cur: Any, args: argparse.Namespace, clock: Clock, owner: int | None,
          index: SearchIndex) -> list[Tab] | list[DossierRow] | None:
    """The tabs or rows the command asks for; None when the binder has no settings row."""
    from app.binder import StripSettings, TabMode, build_strip
    from app.services import views
    from app.store import queries

    settings = queries.binder_settings(cur)  # the one reading of the settings row
    if settings is None:
        return None
    mode, horizon, capacity, country = settings[2:6]
    strip = build_strip(clock.today(), StripSettings(TabMode(mode), horizon, country or None))
    if args.command == "tabs":
        return views.tabs_of(cur, strip, capacity, owner)
    if args.command == "list":
        return views.rows_of(cur, views.resolve(strip, args.key), owner=owner)
    return views.found(cur, args.text, index=index)


def _print(args: argparse.Namespace, answer: list[Tab] | list[DossierRow]) -> int:
    if args.command == "tabs":
        return print_tabs(answer, args.json)  # type: ignore[arg-type]
    return print_rows(answer, args.json)  # type: ignore[arg-type]
