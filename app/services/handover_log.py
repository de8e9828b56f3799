"""The handovers a binder wrote and took over: the list the window shows, and what "Return
handover" sends back (the dossiers that came in, plus those added since) and to whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from app.errors import InvalidInput
from app.handover import payload as p
from app.i18n import _
from app.store import handover_records
from app.store.models import HandoverRecord

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

OUT, IN = "out", "in"


@dataclass(frozen=True)
class HandoverEntry:
    handover_id: str
    direction: str  # OUT: written here; IN: taken over here
    from_name: str
    to_name: str
    period: p.Period | None
    file_created_at: datetime
    dossiers: int
    done_at: datetime


@dataclass(frozen=True)
class ReturnPlan:
    """What returning a taken-over handover sends: its dossiers (as they are now) and the
    dossiers added to this binder since, to the colleague who handed it over."""

    entry: HandoverEntry
    ids: list[str]
    added: list[tuple[str, str]]  # (id, name), created here after the takeover

    def chosen(self, include_added: bool = True) -> list[str]:
        return self.ids + ([i for i, _name in self.added] if include_added else [])


def record(session: Session, direction: str, handover_id: str, header: p.Header,
           uuids: list[str]) -> None:
    """Log a handover; `done_at` is the database's clock, like every record's created_at
    that a return compares it with."""
    period = header.period
    session.add(HandoverRecord(
        handover_id=handover_id, direction=direction, from_name=header.from_name,
        to_name=header.to_name, period_start=period.start if period else None,
        period_end=period.end if period else None, file_created_at=header.created_at,
        dossier_uuids=uuids, dossiers=len(uuids)))


def _entry(r: HandoverRecord) -> HandoverEntry:
    period = None if r.period_start is None or r.period_end is None else p.Period(
        r.period_start, r.period_end)
    return HandoverEntry(r.handover_id, r.direction, r.from_name, r.to_name, period,
                         r.file_created_at, r.dossiers, r.done_at)


class HandoverLog:
    def __init__(self, services: Services) -> None:
        self._s = services

    def entries(self, direction: str | None = None) -> list[HandoverEntry]:
        """Newest first."""
        with self._s.db.read() as session:
            return [_entry(r) for r in handover_records.records(session, direction)]

    def return_plan(self, handover_id: str | None = None) -> ReturnPlan:
        """The return of a taken-over handover (the latest, unless named)."""
        with self._s.db.read() as session:
            taken = handover_records.latest(session, IN, handover_id)
            if taken is None:
                raise InvalidInput(_("This binder has not taken over a handover, so there is "
                                     "nothing to return.") if handover_id is None else
                                   _("This binder has not taken over that handover."))
            uuids: list[str] = list(taken.dossier_uuids)
            present = handover_records.present(session, uuids)
            came = set(uuids)
            added = [(uuid, name) for uuid, name in handover_records.created_after(
                session, taken.done_at) if uuid not in came]
            return ReturnPlan(_entry(taken), [u for u in uuids if u in present], added)
