"""The `ringbinder` command's entry. What a quick read of a team binder (`tabs`, `list`,
`search` with `--binder postgresql://…`) does first, before the command line is loaded and
parsed in full: reach the binder's keeper, or fork one (app/store/team_keeper.py). Forked
this early, the keeper imports psycopg and connects on another CPU while this process loads
the command line, parses it and loads the quick read (~45 ms), so a first command after a
pause costs about what the keeper's start costs, not that plus the loading.

The arguments are only scanned here, as far as the options before the command and the
command's name; app.cli parses them all and takes the keeper reached here only when both
readings agree (`taken`). A scan that misreads costs at most a keeper of an address the
user gave.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from app.store.team_keeper import KeptCursor
    from app.store.team_keeper_fork import Starting

    Reached: TypeAlias = tuple[KeptCursor, int] | Starting | None

QUICK = frozenset({"tabs", "list", "search"})  # app.cli.QUICK_COMMANDS
_reached: dict[str, Reached] = {}  # the address scanned, and what was reached for it


def main(argv: Sequence[str] | None = None) -> int:
    """The `ringbinder` command (app.cli.main), the keeper of a quick read reached first,
    before app.cli is even imported."""
    import sys

    start(sys.argv[1:] if argv is None else argv)
    from app.cli import main as run_command

    return run_command(argv)


def start(argv: Sequence[str]) -> None:
    """Reach or fork the keeper when `argv` asks a quick read of a team binder (and no
    help): only ever a head start, so what goes wrong here is left to app.cli to say."""
    address = _quick_address(argv)
    if (address is None or not address.isprintable()
            or any(word in ("-h", "--help", "--version") for word in argv)):
        return
    from app.team_address import is_team_address

    if is_team_address(address):
        from app.store.team_keeper import reach

        _reached.clear()
        # no pipe left, an address urllib cannot read: the command's own reading says
        with contextlib.suppress(OSError, ValueError):
            _reached[address] = reach(address)


def taken(address: str) -> Reached:
    """The keeper reached as the command started, when it was for this address; else
    reached now."""
    if address in _reached:
        return _reached.pop(address)
    from app.store.team_keeper import reach

    return reach(address)


def _quick_address(argv: Sequence[str]) -> str | None:
    """The --binder of a quick read of one's own dossiers (no --of), scanned."""
    address = None
    words = iter(argv)
    for word in words:
        if word == "--binder":
            address = next(words, None)
        elif word.startswith("--binder="):
            address = word.partition("=")[2]
        elif word == "--of" or word.startswith("--of="):
            return None  # someone else's: the full path
        elif word == "--today":
            next(words, None)
        elif not word.startswith("-"):
            return address if word in QUICK else None
    return None
