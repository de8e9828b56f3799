"""Other people's changes to a team binder, as `Changes`, moments after they commit them;
and word when the server is lost and back (see app/store/team_listen.py).

A binder file has no one else writing to it: watching it is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.services.dto import Changes

if TYPE_CHECKING:
    from app.services.binder import Services
    from app.store.team_listen import Notice


def watch(services: Services, on_change: Callable[[Changes], None],
          on_connection: Callable[[bool], None] | None = None) -> Callable[[], None]:
    """Call `on_change(Changes)` for each batch of others' committed changes, and
    `on_connection(False)` when the server is lost (the binder is read-only meanwhile),
    `on_connection(True)` when it is back, followed by `on_change(Changes.all())`: what
    happened in between is known only by reading everything again. Both are called on the
    listener's own thread, the services told first (`Services.changed_elsewhere`). Returns
    the function that stops watching."""
    from app.store.team_db import TeamDB

    db = services.db
    if not isinstance(db, TeamDB):
        return _nothing
    from app.store.team_listen import TeamListener

    def changed(changes: Changes) -> None:
        services.changed_elsewhere(changes)  # what the services keep (the settings) forgotten
        on_change(changes)

    def noticed(notice: Notice) -> None:
        changed(changes_of(notice))

    def reachable(up: bool) -> None:
        if on_connection is not None:
            on_connection(up)
        if up:
            changed(Changes.all())

    return TeamListener(db, noticed, reachable).start().stop


def changes_of(notice: Notice) -> Changes:
    """A listener's Notice as the Changes an operation would have announced."""
    return Changes(dossiers=set(notice.dossiers), dates=set(notice.dates),
                   archive=notice.archive, settings=notice.settings,
                   templates=notice.templates, everything=notice.everything)


def _nothing() -> None:
    """Stops watching a binder file: there was nothing to watch."""
