"""Filing dossiers in the binder: schedule, log a contact, move, rebalance, archive, restore.

Each operation is one transaction and returns the Changes it made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from app.binder import (
    InsertKind,
    Postpone,
    RebalanceItem,
    RebalancePlan,
    Stays,
    WorkCalendar,
    plan_rebalance,
    postponed,
)
from app.binder.limits import DATE_MAX
from app.binder.spread import OverdueItem, SpreadPlan, plan_spread
from app.errors import EditConflict, InvalidInput, NotFound
from app.i18n import _, n_
from app.services import validate as v
from app.services.dossiers import find_dossier
from app.services.dto import Changes
from app.store import dossier_reads, plan_reads
from app.store.models import ContactEvent, Dossier

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services


@dataclass
class NextStep:
    """When and why the next contact happens (None date = no date agreed: Undated)."""

    date: date | None = None
    time: str | None = None
    purpose: str = ""
    priority: str | int | None = None
    fixed: bool = False


@dataclass(frozen=True)
class Schedule:
    """Where a dossier is filed, exactly: what an undo puts back."""

    id: str
    date: date | None
    time: str | None
    fixed: bool
    scheduled_at: datetime | None = None  # when the date was set: an undo keeps it too


@dataclass
class ContactLog:
    """One conversation as the salesperson writes it down."""

    channel: str
    summary: str
    outcome: str
    offer: str = ""
    amount: str | None = None
    currency: str = ""


SPREAD_DAYS = 10  # working days the overdue are spread over, unless told
MAX_SPREAD_DAYS = 60


def stays_text(reason: Stays, recent_days: int, spread_days: int | None = None) -> str:
    """Why a dossier of the excess (or of the overdue, with `spread_days`) stays, as the
    window and the command line say it."""
    if reason is Stays.FIXED:
        return _("a fixed appointment: agree a new one with the client") \
            if spread_days is not None else _("a fixed appointment")
    if reason is Stays.RECENT:
        return n_("date set within the last {count} day", "date set within the last {count} days",
                  recent_days)
    if spread_days is not None:
        return n_("no room in the next {count} working day",
                  "no room in the next {count} working days", spread_days)
    return _("no day with room in the inserts or the next month")


class FilingService:
    def __init__(self, services: Services) -> None:
        self._s = services

    # -- checks shared by the operations ---------------------------------------------------
    def _check_step(self, step: NextStep) -> tuple[date | None, str | None, str, int | None]:
        when = step.date
        if when is not None:
            v.future_date(when, self._s.clock.today())
        time = v.parse_time(step.time)
        if time and when is None:
            raise InvalidInput(_("A time needs a next-contact date."))
        priority = None if step.priority is None else v.parse_priority(step.priority)
        return when, time, v.text_field("purpose", step.purpose), priority

    @staticmethod
    def _not_archived(dossier: Dossier) -> None:
        if dossier.archived:
            raise InvalidInput(_("{name} is archived; restore the dossier first.").format(
                name=dossier.full_name))

    def _refile(self, dossier: Dossier, when: date | None) -> None:
        """Every change of a next contact is stamped: rebalancing leaves a date just set
        alone and moves the longest-standing first."""
        if dossier.next_contact != when:
            dossier.scheduled_at = self._s.clock.now()
        dossier.next_contact = when

    def _apply_step(self, dossier: Dossier, when: date | None, time: str | None, purpose: str,
                    priority: int | None, fixed: bool) -> None:
        """The next step replaces the old one; the priority stays unless a new one is given.
        A date given here was agreed now, even the same date again."""
        if when is not None:
            dossier.scheduled_at = self._s.clock.now()
            dossier.next_contact = when
        else:
            self._refile(dossier, None)
        dossier.next_time = time
        dossier.purpose = purpose
        if priority is not None:
            dossier.priority = priority
        dossier.fixed = bool(fixed) and when is not None

    def _archive(self, session: Session, dossier: Dossier, reason: str) -> None:
        now = self._s.clock.now()
        dossier.archived = True
        dossier.archived_at = now
        dossier.archive_reason = reason
        self._refile(dossier, None)
        dossier.next_time = None
        dossier.fixed = False
        session.add(ContactEvent(dossier_pk=dossier.pk, at=now, kind="archive",
                                 channel="other", summary=reason))

    # -- operations ------------------------------------------------------------------------
    def schedule(self, dossier_id: str, step: NextStep) -> Changes:
        """File the dossier under the insert of its next contact."""
        when, time, purpose, priority = self._check_step(step)
        with self._s.db.write() as session:
            dossier = find_dossier(session, dossier_id)
            self._not_archived(dossier)
            changes = Changes({dossier.uuid}, {dossier.next_contact, when})
            self._apply_step(dossier, when, time, purpose, priority, step.fixed)
        return changes

    def log_contact(self, dossier_id: str, log: ContactLog, step: NextStep | None = None,
                    archive_reason: str | None = None) -> Changes:
        """Append the conversation to the history and refile the dossier, in one transaction.

        With an archive reason the dossier goes to the Archive; with no next date, to Undated.
        """
        channel = v.parse_channel(log.channel)
        summary = v.text_field("summary", log.summary, required=True)
        outcome = v.text_field("outcome", log.outcome, required=True)
        offer = v.text_field("offer", log.offer)
        amount = v.parse_amount(log.amount)
        step = step or NextStep()
        if archive_reason is not None:
            archive_reason = v.text_field("reason", archive_reason, required=True)
            if step.date is not None:
                raise InvalidInput(_("Either a next contact or archive, not both."))
        when, time, purpose, priority = self._check_step(step)
        currency = v.parse_currency(log.currency or self._s.settings.get().currency) \
            if amount else ""
        with self._s.db.write() as session:
            dossier = find_dossier(session, dossier_id)
            self._not_archived(dossier)
            changes = Changes({dossier.uuid}, {dossier.next_contact, when})
            session.add(ContactEvent(
                dossier_pk=dossier.pk, at=self._s.clock.now(), kind="contact", channel=channel,
                summary=summary, outcome=outcome, offer=offer, amount=amount,
                currency=currency, next_contact=when))
            if dossier.status == "prospect":
                dossier.status = "active"
            if archive_reason is not None:
                self._archive(session, dossier, archive_reason)
                changes.archive = True
            else:
                self._apply_step(dossier, when, time, purpose, priority, step.fixed)
        return changes

    def amend(self, event_id: str, log: ContactLog) -> tuple[str, Changes]:
        """Correct a logged contact: history is never edited, so the correction is a new
        event that names the one it corrects."""
        channel = v.parse_channel(log.channel)
        summary = v.text_field("summary", log.summary, required=True)
        outcome = v.text_field("outcome", log.outcome)
        offer = v.text_field("offer", log.offer)
        amount = v.parse_amount(log.amount)
        currency = v.parse_currency(log.currency or self._s.settings.get().currency) \
            if amount else ""
        with self._s.db.write() as session:
            original = dossier_reads.contact_event(session, event_id)
            if original is None:
                raise NotFound(_("There is no history event '{id}'.").format(id=event_id))
            event = ContactEvent(
                dossier_pk=original.dossier_pk, at=self._s.clock.now(), kind="amend",
                channel=channel, summary=summary, outcome=outcome, offer=offer, amount=amount,
                currency=currency, amends_uuid=original.uuid)
            session.add(event)
            session.flush()
            return event.uuid, Changes({original.dossier.uuid})

    def move(self, dossier_ids: Sequence[str], when: date | None) -> Changes:
        """Refile one or many dossiers to another date (None: Undated), keeping their time."""
        if not dossier_ids:
            raise InvalidInput(_("Name at least one dossier to move."))
        return self.move_each({dossier_id: when for dossier_id in dossier_ids})

    def move_each(self, targets: Mapping[str, date | None], *, keep_time: bool = True
                  ) -> Changes:
        """Refile each dossier to its own date, all in one transaction (or none). Without
        `keep_time` (a rebalance or a spread: the binder chose the day, not the client) the
        time agreed for the old day goes: kept, it double-booked the new day and set off a
        reminder at an hour nobody agreed."""
        today = self._s.clock.today()
        for when in set(targets.values()):
            if when is not None:
                v.future_date(when, today, _("The new date"))
        changes = Changes()
        with self._s.db.write() as session:
            for dossier_id, when in targets.items():
                dossier = find_dossier(session, dossier_id, lock=True)
                self._not_archived(dossier)
                changes.dossiers.add(dossier.uuid)
                changes.dates |= {dossier.next_contact, when}
                self._refile(dossier, when)
                if when is None or not keep_time:
                    dossier.next_time = None
                if when is None:
                    dossier.fixed = False
        return changes

    def postpone_targets(self, dossier_ids: Sequence[str], step: Postpone) -> dict[str, date]:
        """Where "postpone" would refile each dossier (see app.binder.postpone)."""
        settings = self._s.settings.get()
        cal = WorkCalendar(settings.holiday_country or None)
        today = self._s.clock.today()
        # a date stored before dates were bounded (9999-12-31) counts from the last one, so
        # the move that follows refuses it with a message instead of overflowing here
        return {s.id: postponed(s.date and min(s.date, DATE_MAX), today, step, cal)
                for s in self.schedules(dossier_ids)}

    def schedules(self, dossier_ids: Sequence[str]) -> list[Schedule]:
        with self._s.db.read() as session:
            found = [find_dossier(session, i) for i in dossier_ids]
            return [Schedule(d.uuid, d.next_contact, d.next_time, d.fixed, d.scheduled_at)
                    for d in found]

    def put_back(self, schedules: Sequence[Schedule],
                 expected: Mapping[str, date | None] | None = None) -> Changes:
        """Refile dossiers exactly where they were, a past date included (undo of a move).

        `expected`: where the move being undone filed each one. A dossier refiled since by
        someone else (a colleague in a team binder) is not taken from where they put it:
        the whole undo is refused, naming it, and nothing changes."""
        changes = Changes()
        with self._s.db.write() as session:
            for item in schedules:
                dossier = find_dossier(session, item.id, lock=True)
                if expected is not None and item.id in expected and \
                        dossier.next_contact != expected[item.id]:
                    raise EditConflict(_(
                        "{name} was refiled meanwhile by someone else; the move was not "
                        "undone.").format(name=dossier.full_name), dossier.uuid,
                        [("next_contact", item.date, dossier.next_contact)])
                self._not_archived(dossier)
                changes.dossiers.add(dossier.uuid)
                changes.dates |= {dossier.next_contact, item.date}
                dossier.next_contact = item.date
                dossier.next_time = item.time
                dossier.fixed = item.fixed
                dossier.scheduled_at = item.scheduled_at
        return changes

    def unarchive(self, schedules: Sequence[Schedule], reason: str) -> Changes:
        """Bring dossiers back from the archive exactly where they were (undo of archive)."""
        reason = v.text_field("reason", reason, required=True)
        changes = Changes(archive=True)
        with self._s.db.write() as session:
            for item in schedules:
                dossier = find_dossier(session, item.id)
                if not dossier.archived:
                    raise InvalidInput(_("{name} is not archived.").format(
                        name=dossier.full_name))
                dossier.archived = False
                dossier.archived_at = None
                dossier.archive_reason = ""
                dossier.next_contact = item.date
                dossier.next_time = item.time
                dossier.fixed = item.fixed
                dossier.scheduled_at = item.scheduled_at
                session.add(ContactEvent(dossier_pk=dossier.pk, at=self._s.clock.now(),
                                         kind="restore", channel="other", summary=reason,
                                         next_contact=item.date))
                changes.dossiers.add(dossier.uuid)
                changes.dates.add(item.date)
        return changes

    def _recent(self) -> Callable[[datetime | None], bool]:
        """Whether a date set at a given time was just agreed (the binder's setting, in
        days, today included)."""
        days = self._s.settings.get().recent_days
        today = self._s.clock.now().date()
        return lambda set_at: set_at is not None and (today - set_at.date()).days < days

    def plan_rebalance(self, key: str, *, move_recent: bool = False,
                       earlier: bool = True) -> RebalancePlan:
        """What "rebalance this day" would do: the excess moves to the nearest working days
        with room of the day inserts (`earlier`: those before it too, never before today),
        else to the first month's; fixed appointments and dates just agreed (unless
        `move_recent`) stay, and the plan says why each of the excess stays."""
        views = self._s.views
        strip = views.strip()
        insert = views.resolve(key, strip)
        if insert.kind is not InsertKind.DAY or insert.day is None:
            raise InvalidInput(_("Only a day can be rebalanced, not '{key}'.").format(key=key))
        day = insert.day
        recent = self._recent()
        with self._s.db.read() as session:
            found = plan_reads.open_filed_between(session, insert.first or day,
                                                  insert.last or day, self._s.scope)
            items = [RebalanceItem(uuid, priority, fixed, time, set_at, recent(set_at))
                     for uuid, priority, fixed, time, set_at in found]
        counts = {t.day: t.count for t in views.tabs(strip) if t.day is not None}
        days = [i.day for i in strip.days  # never past the last date a binder holds
                if i.day and i.day != day and i.day <= DATE_MAX and i.working]
        later = [d for d in days if d > day]
        before = [d for d in days if d < day] if earlier else []
        months: list[date] = []
        month = next((i for i in strip if i.kind is InsertKind.MONTH), None)
        if month is not None and month.first and month.last and month.last <= DATE_MAX:
            loads = self._s.loads
            cal = loads.calendar()
            for when, load in loads.loads(month.first, month.last).items():
                if cal.is_working(when):
                    months.append(when)
                    counts[when] = load.count
        return plan_rebalance(day, items, self._s.settings.get().daily_capacity, later,
                              counts, earlier=before, months=months, move_recent=move_recent)

    def apply_rebalance(self, plan: RebalancePlan) -> Changes:
        """Carry out a plan in one transaction (every move, or none)."""
        return self._apply_moves(plan.day, plan.moves)

    def _apply_moves(self, source: date | None, moves: Sequence[tuple[str, date]]) -> Changes:
        """Refile each dossier as planned, refusing the whole plan when one of them was
        fixed, archived or refiled since (`source`: the day they were planned from, None
        for the overdue)."""
        today = self._s.clock.today()
        held = None if source is None else self._s.views.strip().insert_for(source)
        changes = Changes()
        with self._s.db.write() as session:
            for dossier_id, when in moves:
                dossier = find_dossier(session, dossier_id)
                current = dossier.next_contact
                still = current is not None and (current < today if held is None
                                                 else held.holds(current))
                if dossier.fixed or dossier.archived or not still:
                    raise InvalidInput(_("The binder changed since the plan was made."))
                changes.dossiers.add(dossier.uuid)
                changes.dates |= {dossier.next_contact, when}
                self._refile(dossier, when)
                dossier.next_time = None  # agreed for the old day (see move_each)
        return changes

    def plan_spread(self, days: int = SPREAD_DAYS) -> SpreadPlan:
        """What "spread the overdue" would do: every overdue dossier refiled over the next
        `days` working days (today first when it is one), within the daily capacity, the
        highest priority and the longest overdue on the earliest days."""
        if not 1 <= days <= MAX_SPREAD_DAYS:
            raise InvalidInput(_("Spread over 1 to {max} working days.").format(
                max=MAX_SPREAD_DAYS))
        today = self._s.clock.today()
        loads = self._s.loads
        cal = loads.calendar()
        working: list[date] = []
        when = today
        while len(working) < days and when <= DATE_MAX:
            if cal.is_working(when):
                working.append(when)
            when += timedelta(days=1)
        with self._s.db.read() as session:
            found = plan_reads.open_overdue(session, today, self._s.scope)
            items = [OverdueItem(uuid, due, priority, fixed)
                     for uuid, due, priority, fixed in found if due is not None]
        counts = {d: load.count for d, load in loads.loads(today, working[-1]).items()} \
            if working else {}
        return plan_spread(items, working, self._s.settings.get().daily_capacity, counts)

    def apply_spread(self, plan: SpreadPlan) -> Changes:
        """Carry out a spread in one transaction (every move, or none: a dossier refiled or
        archived since the plan refuses it)."""
        return self._apply_moves(None, plan.moves)

    def archive(self, dossier_id: str, reason: str) -> Changes:
        return self.archive_many([dossier_id], reason)

    def archive_many(self, dossier_ids: Sequence[str], reason: str) -> Changes:
        """Archive dossiers with one reason, all in one transaction."""
        reason = v.text_field("reason", reason, required=True)
        changes = Changes(archive=True)
        with self._s.db.write() as session:
            for dossier_id in dossier_ids:
                dossier = find_dossier(session, dossier_id)
                self._not_archived(dossier)
                changes.dossiers.add(dossier.uuid)
                changes.dates.add(dossier.next_contact)
                self._archive(session, dossier, reason)
        return changes

    def restore(self, dossier_id: str, reason: str, step: NextStep | None = None) -> Changes:
        """Bring an archived dossier back, to a date or to Undated."""
        reason = v.text_field("reason", reason, required=True)
        when, time, purpose, priority = self._check_step(step or NextStep())
        with self._s.db.write() as session:
            dossier = find_dossier(session, dossier_id)
            if not dossier.archived:
                raise InvalidInput(_("{name} is not archived.").format(name=dossier.full_name))
            dossier.archived = False
            dossier.archived_at = None
            dossier.archive_reason = ""
            self._apply_step(dossier, when, time, purpose, priority,
                             bool(step and step.fixed))
            session.add(ContactEvent(dossier_pk=dossier.pk, at=self._s.clock.now(),
                                     kind="restore", channel="other", summary=reason,
                                     next_contact=when))
            return Changes({dossier.uuid}, {when}, archive=True)
