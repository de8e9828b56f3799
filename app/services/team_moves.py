"""Moving between a solo binder and a team binder: `team pull` makes a solo binder of one's
own open dossiers (a laptop going offline), `team push` brings a solo binder up (as the
current person's dossiers), or brings a pulled one back, merging what changed on both sides.

Both are a handover under the hood, as a colleague's would be: the same file format, the
same all-or-nothing merge in one transaction, the same bases telling "changed here" from
"changed there". The file is a temporary one beside the target, never left behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import InvalidInput
from app.i18n import _
from app.services.handover_log import IN, OUT
from app.store import team_people
from app.store.database import remove_new_binder

if TYPE_CHECKING:
    from app.clock import Clock
    from app.services.binder import Services
    from app.services.dto import MergeSummary


@dataclass(frozen=True)
class Pushed:
    """What a push did: how many dossiers went up, and whether it brought a pulled binder
    back (a merge with conflicts resolved) rather than uploading a new one."""

    dossiers: int
    merged_back: bool
    summary: MergeSummary


@contextmanager
def _handover_file(beside: Path) -> Iterator[Path]:
    """A temporary handover file's name in `beside`'s folder, removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=".ringbinder-", suffix=".rbh",
                                    dir=beside.parent if beside.parent.is_dir() else None)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _team_only(team: Services) -> None:
    if not team.team or team.people.me is None:
        raise InvalidInput(_("Pull and push move dossiers between a team binder and a solo "
                             "binder: give a team binder (postgresql://…)."))


def pull(team: Services, target: Path, clock: Clock | None = None) -> int:
    """Make a new solo binder at `target` of the current person's open dossiers, with their
    history, documents and forms; returns how many. All or nothing: a binder is made only
    when everything is in it."""
    from app.services.binder import open_services

    _team_only(team)
    target = Path(target).expanduser().absolute()
    if target.exists():
        raise InvalidInput(_("{path} exists already; pull into a new file.").format(
            path=target))
    me = team.people.me
    assert me is not None
    with team.db.read() as session:
        ids = team_people.open_ids_of(session, me.key)
    if not ids:
        raise InvalidInput(_("You have no open dossiers in this team binder to take along."))
    with _handover_file(target) as carried:
        team.handover.export(carried, ids=ids, to_person=me.name)
        try:
            with open_services(target, clock or team.clock, create=True) as solo:
                solo.handover.merge(carried)
                solo.settings.update(owner_name=me.name)
        except BaseException:
            remove_new_binder(target)  # nothing of it left: the file, its journal, its lock
            raise
    return len(ids)


def push(source: Path, team: Services, clock: Clock | None = None) -> Pushed:
    """Bring the solo binder at `source` into the team binder, all or nothing: a binder
    pulled from this team binder goes back as a return of that pull (what changed on both
    sides merged as a handover is); any other binder is uploaded whole as the current
    person's dossiers."""
    from app.services.binder import open_services

    _team_only(team)
    source = Path(source).expanduser().absolute()
    handed_out = {e.handover_id for e in team.handover.log.entries(OUT)}
    with open_services(source, clock or team.clock) as solo, \
            _handover_file(source) as carried:
        pulled = [e for e in solo.handover.log.entries(IN) if e.handover_id in handed_out]
        if pulled:
            exported = solo.handover.return_handover(carried, pulled[0].handover_id)
        else:
            with solo.db.read() as session:
                ids = team_people.all_ids(session)
            if not ids:
                raise InvalidInput(_("{path} holds no dossiers to push.").format(path=source))
            exported = solo.handover.export(carried, ids=ids, to_person=team.people.me.name
                                            if team.people.me else "")
        summary = team.handover.merge(carried)
    return Pushed(exported.counts.get("dossiers", 0), bool(pulled), summary)
