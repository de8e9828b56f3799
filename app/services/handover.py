"""Handing the planned work to a colleague: choosing the dossiers, writing the handover file,
reading one back, and merging it into the binder (rules in app/handover/merge.py).

Export only reads the binder, in one read transaction so that the file is a consistent
snapshot, and it works on a binder opened read-only. The file is built in memory and written
through printing.atomic_file: bad input, a full disk or an unwritable folder leave no file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.binder.limits import DATE_MAX
from app.errors import InvalidInput
from app.handover import container, rows_json
from app.handover import merge as m
from app.handover import payload as p
from app.i18n import _
from app.services import handover_log as log
from app.services import handover_rows as rows_
from app.services import validate as v
from app.services.dto import ArrivingDossier, MergeConflict, MergeSummary, UpdatedDossier
from app.services.printing import atomic_file
from app.store import bulk, team_people
from app.store import handover_reads as reads
from app.store.models import (
    BinderSettings,
    Dossier,
    HandoverRecord,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

Progress = Callable[[int, int], None]
DEFAULT_DAYS = 14  # a start date alone hands over two weeks
MAX_PERSON = 200


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]
    period: p.Period | None
    encrypted: bool
    size: int  # bytes written


def merge_summary(plan: m.MergePlan) -> MergeSummary:
    """What a merge plan does, counted, with its conflicts."""
    changed = [u for u in plan.updates if u.fields]
    return MergeSummary(
        policy=plan.policy,
        new=len(plan.new),
        updated=len(changed),
        events_added=sum(len(d.events) for d in plan.new)
        + sum(len(u.events) for u in plan.updates),
        documents_added=sum(len(d.documents) for d in plan.new)
        + sum(len(u.documents) for u in plan.updates),
        forms_added=sum(len(d.forms) for d in plan.new)
        + sum(len(u.forms) for u in plan.updates),
        documents_updated=sum(len(u.changed_documents) for u in plan.updates),
        forms_updated=sum(len(u.changed_forms) for u in plan.updates),
        templates_added=len(plan.templates),
        new_dossiers=tuple(ArrivingDossier(d.uuid, d.full_name) for d in plan.new),
        updated_dossiers=tuple(UpdatedDossier(u.uuid, u.name, tuple(sorted(u.fields)))
                               for u in changed),
        conflicts=tuple(MergeConflict(c.dossier, c.name, c.field, c.mine, c.theirs,
                                      c.resolution) for c in plan.conflicts))


def handover_id(header: p.Header) -> str:
    """A stable name for one handover file: the digest of its header, so the format needs
    no extra field."""
    text = json.dumps(p.header_to_dict(header), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


def _steps(progress: Progress | None, total: int) -> Callable[[], None]:
    """A step counter for work done in a few big steps (read, compare, write, commit)."""
    done = 0
    if progress is not None:
        progress(0, total)

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    return step


class HandoverService:
    def __init__(self, services: Services) -> None:
        self._s = services
        self.scrypt_n = container.SCRYPT_N  # tests lower it; the file records what was used
        self.max_file = container.MAX_FILE_BYTES  # the most read of a handover file
        self.log = log.HandoverLog(services)

    def period(self, start: date | None, end: date | None) -> p.Period:
        """The handed-over days: from `start` (today) to `end` (two weeks later)."""
        start = v.in_range(start or self._s.clock.today(), _("The first day"))
        end = v.in_range(end or min(start + timedelta(days=DEFAULT_DAYS), DATE_MAX),
                         _("The last day"))
        if end < start:
            raise InvalidInput(_("The handover period ends ({end}) before it starts ({start})."
                                 ).format(start=start.isoformat(), end=end.isoformat()))
        return p.Period(start, end)

    @staticmethod
    def _planned(period: p.Period | None, overdue: bool = False) -> Any:
        """The condition on dossiers of the period: not archived, dated within it (or, with
        `overdue`, before its end); without a period, every dated one."""
        condition = Dossier.archived.is_(False) & Dossier.next_contact.is_not(None)
        if period is not None and overdue:  # and what was due before it and is not done
            return condition & (Dossier.next_contact <= period.end)
        if period is not None:
            return condition & Dossier.next_contact.between(period.start, period.end)
        return condition

    def count(self, start: date | None = None, end: date | None = None,
              overdue: bool = False) -> int:
        """How many dossiers a period (or, with neither date, everything planned) hands
        over: the export dialog says it as the user picks the days."""
        period = self.period(start, end) if start or end else None
        with self._s.db.read() as session:
            return session.scalar(select(func.count()).select_from(Dossier).where(
                self._planned(period, overdue))) or 0

    def _request(self, start: date | None, end: date | None, ids: list[str] | None,
                 to_person: str) -> tuple[p.Period | None, str]:
        """The period asked for (None: chosen ids, or everything planned) and the colleague's
        name, checked before anything is read."""
        if ids is not None and (start is not None or end is not None):
            raise InvalidInput(_("Hand over either a period or chosen dossiers, not both."))
        if ids is not None and not ids:
            raise InvalidInput(_("No dossiers were chosen to hand over."))
        to_person = to_person.strip()
        if len(to_person) > MAX_PERSON:
            raise InvalidInput(_("The colleague's name is longer than {count} characters.")
                               .format(count=MAX_PERSON))
        return (self.period(start, end) if start or end else None), to_person

    def _chosen(self, session: Session, period: p.Period | None, ids: list[str] | None,
                to_person: str, overdue: bool) -> tuple[list[int], p.Header]:
        """The dossiers handed over (their pks) and the file's header, read in `session`."""
        pks = rows_.pks_of(session, ids) if ids is not None else \
            list(session.scalars(select(Dossier.pk).where(self._planned(period, overdue))))
        settings = session.get_one(BinderSettings, 1)
        header = p.Header(from_name=self._s.salesperson, to_name=to_person,
                          created_at=self._s.clock.now(), period=period,
                          binder_id=settings.uuid)
        return pks, header

    @container.gc_paused()  # hundreds of thousands of objects: see gc_paused
    def workload(self, *, start: date | None = None, end: date | None = None,
                 ids: list[str] | None = None, to_person: str = "", overdue: bool = False,
                 progress: Progress | None = None) -> p.Handover:
        """What `export` writes, as records: the non-archived dossiers due in [start, end],
        or the chosen ids, or (neither) everything planned; `overdue` adds the period's
        overdue ones (due before it, not done); with all their history, documents (trashed
        ones marked), forms, and every form template."""
        period, to_person = self._request(start, end, ids, to_person)
        with self._s.db.read() as session:
            pks, header = self._chosen(session, period, ids, to_person, overdue)
            dossiers = sorted(rows_.read_payloads(session, pks, progress=progress).values(),
                              key=rows_.working_order)
            templates = rows_json.templates(reads.template_rows(session))
        return p.Handover(header, p.Workload(dossiers, templates))

    @container.gc_paused()
    def export(self, target: Path, *, start: date | None = None, end: date | None = None,
               ids: list[str] | None = None, to_person: str = "", overdue: bool = False,
               passphrase: str | None = None, progress: Progress | None = None
               ) -> ExportSummary:
        """Write the handover file (encrypted with a passphrase); all or nothing. The file
        holds what `workload` gives, written straight from the binder's rows (read in one
        transaction, one query per table) in one streaming pass; the bases of the dossiers
        handed over are recorded in one statement."""
        target = Path(target)
        container.check_new_passphrase(passphrase)  # before the work, not after
        if target.is_dir():
            raise InvalidInput(_("'{path}' is a folder; give a file name for the handover.")
                               .format(path=target))
        period, to_person = self._request(start, end, ids, to_person)
        with self._s.db.read() as session:
            pks, header = self._chosen(session, period, ids, to_person, overdue)
            if progress is not None:
                progress(0, len(pks))
            texts = reads.event_texts(session, pks)  # None: some event needs Python's writer
            rows = rows_.read_rows(session, pks, with_events=texts is None)
            rows.event_texts = texts
            templates = reads.template_rows(session)
        dossiers = sorted(rows.dossiers, key=rows_json.working_order)
        counts = rows_json.counts(rows, dossiers, len(templates))
        remember = not self._s.db.readonly  # a read-only binder hands over without it
        bases: list[tuple[str, str]] = []

        def body() -> Iterator[str]:
            yield from rows_json.workload_json(rows, dossiers, templates, progress)
            if remember:  # made while the other cores deflate the last pieces
                bases.extend(rows_json.bases(rows, dossiers))

        data = container.pack_json(header, counts, body(), passphrase,
                                   scrypt_n=self.scrypt_n)
        with atomic_file(target) as stream:
            stream.write(data)
        if progress is not None:
            progress(len(dossiers), len(dossiers))
        if remember:
            hid = handover_id(header)
            with self._s.db.write() as session:
                bulk.insert_bases(session, hid, bases)
                log.record(session, log.OUT, hid, header, [d[1] for d in dossiers])
        return ExportSummary(target, counts, header.period, passphrase is not None, len(data))

    def return_handover(self, target: Path, handover_id: str | None = None, *,
                        include_added: bool = True, passphrase: str | None = None,
                        progress: Progress | None = None) -> ExportSummary:
        """Send a taken-over handover (the latest, unless named) back to whoever handed it
        over: its dossiers as they are now, and the ones added here since."""
        plan = self.log.return_plan(handover_id)
        return self.export(target, ids=plan.chosen(include_added),
                           to_person=plan.entry.from_name, passphrase=passphrase,
                           progress=progress)

    def _read(self, path: Path) -> container.Data:
        """The file's bytes, at most max_file of them: read in chunks and stopped there, so
        that a device or a pipe given as the file (/dev/zero) cannot fill the memory."""
        path = Path(path)
        try:
            if path.stat().st_size > self.max_file:  # a plain file: refused before reading
                raise container.too_large(self.max_file)
            with path.open("rb") as stream:
                return container.read_limited(stream, self.max_file)
        except OSError as exc:
            raise InvalidInput(_("Cannot read '{path}': {reason}.").format(
                path=path, reason=exc.strerror or exc)) from None

    def read_header(self, path: Path) -> container.FileInfo:
        """Who handed over to whom and for which period, without the passphrase."""
        return container.read_header(self._read(path), max_file=self.max_file)

    def inspect(self, path: Path, passphrase: str | None = None) -> p.Handover:
        """The handover file's contents, checked, without touching the binder."""
        return container.open_file(self._read(path), passphrase, max_file=self.max_file)

    def report(self, path: Path | p.Handover, target: Path, passphrase: str | None = None,
               page_size: str | None = None) -> int:
        """Write the handover report (a PDF of the handed-over work, by insert) to `target`;
        returns its pages. Only the file is read; the binder gives the printer's name and its
        strip rules. The file is checked completely before anything is written."""
        from app.pdf.handover_report import render_handover_report

        handover = self._opened(path, passphrase)
        info = self._s.printing.info(page_size)
        strip = self._s.settings.get().strip
        with atomic_file(target) as stream:
            return render_handover_report(stream, handover, info, strip)

    # -- merging ---------------------------------------------------------------------------
    @staticmethod
    def _record_bases(session: Session, hid: str, bases: Mapping[str, dict[str, Any]]
                      ) -> None:
        """Note what both sides agree on now, in one statement: every dossier of a handover."""
        encode = rows_json.JSON_TEXT.encode
        bulk.insert_bases(session, hid, [(uuid, encode(base)) for uuid, base in bases.items()])

    @container.gc_paused()
    def _plan(self, session: Session, handover: p.Handover, policy: str,
              resolutions: Mapping[tuple[str, str], str] | None
              ) -> tuple[m.MergePlan, dict[str, Dossier], dict[str, dict[str, Any]]]:
        """The merge plan against the binder as this session sees it, the matched rows and
        their current bases."""
        workload = handover.workload
        # plain SQL in the store, one statement a table (app/store/handover_reads.py)
        uuids = [d.uuid for d in workload.dossiers]
        matched = reads.pks_by_uuid(session, uuids)
        bases = {uuid: json.loads(base)
                 for uuid, base in reads.newest_bases(session, uuids).items()}
        known = reads.known_item_uuids(
            session, [uuid for d in workload.dossiers for uuid in m.item_uuids(d)])
        templates = reads.template_uuids(session)
        # the matched dossiers as records, without documents' bytes nor their history: the
        # plan unions events by UUID against `known`
        local = {d.uuid: d for d in rows_.read_payloads(
            session, matched.values(), with_data=False, with_events=False).values()}
        plan = m.plan_merge(workload, local, bases, known=known, known_templates=templates,
                            policy=policy, resolutions=resolutions)
        # ORM rows only of the dossiers the merge changes: apply_plan writes through them
        rows: dict[str, Dossier] = {}
        for chunk in rows_.chunks([u.uuid for u in plan.updates]):
            for row in session.scalars(select(Dossier).where(Dossier.uuid.in_(chunk)).options(
                    selectinload(Dossier.forms), selectinload(Dossier.attachments))):
                rows[row.uuid] = row
        return plan, rows, bases

    @staticmethod
    def _check_policy(policy: str) -> None:
        if policy not in m.POLICIES:
            raise InvalidInput(_("Unknown conflict policy '{policy}'; use {choices}.").format(
                policy=policy, choices=", ".join(m.POLICIES)))

    @container.gc_paused()
    def preview(self, path: Path | p.Handover, passphrase: str | None = None,
                policy: str = m.DEFAULT_POLICY, progress: Progress | None = None
                ) -> MergeSummary:
        """What `merge` would do (new, updated, conflicts and their default resolution),
        computed without writing anything. `path` may be a handover already opened (and so
        checked) by `inspect`, as the window holds it."""
        self._check_policy(policy)
        step = _steps(progress, 2)
        handover = self._opened(path, passphrase)
        step()
        with self._s.db.read() as session:
            plan, _rows, _bases = self._plan(session, handover, policy, None)
        step()
        return merge_summary(plan)

    def _opened(self, path: Path | p.Handover, passphrase: str | None) -> p.Handover:
        return path if isinstance(path, p.Handover) else self.inspect(path, passphrase)

    @container.gc_paused()  # the file's records stay alive throughout: see gc_paused
    def merge(self, path: Path | p.Handover, passphrase: str | None = None,
              policy: str = m.DEFAULT_POLICY,
              resolutions: Mapping[tuple[str, str], str] | None = None,
              progress: Progress | None = None) -> MergeSummary:
        """Merge the handover file into the binder, all or nothing, in one transaction;
        returns what it did (`handover import --json` prints its as_json()).

        The file is read and checked completely before the binder is touched, so a refused
        file (damaged, wrong passphrase, newer) changes nothing; or `path` is a handover
        `inspect` opened. `resolutions` maps (dossier UUID, field group) to "mine" or "theirs"
        and overrides the policy."""
        self._check_policy(policy)
        for choice in (resolutions or {}).values():
            if choice not in ("mine", "theirs"):
                raise InvalidInput(_("A conflict is resolved by 'mine' or 'theirs', not "
                                     "'{choice}'.").format(choice=choice))
        step = _steps(progress, 4)
        handover = self._opened(path, passphrase)
        step()
        with self._s.db.write() as session:
            plan, rows, bases = self._plan(session, handover, policy, resolutions)
            step()
            rows_.apply_plan(session, plan, rows, self._s.clock.now())
            if self._s.me is not None:  # a team binder: what arrives is the merger's
                team_people.give_unowned(session, [d.uuid for d in plan.new], self._s.me)
            step()
            # a base that did not change is not recorded again: a repeated import writes nothing
            hid = handover_id(handover.header)
            self._record_bases(session, hid,
                               {k: v for k, v in plan.bases.items() if bases.get(k) != v})
            if not session.scalar(select(HandoverRecord.pk).where(
                    HandoverRecord.handover_id == hid, HandoverRecord.direction == log.IN)):
                log.record(session, log.IN, hid, handover.header,
                           [d.uuid for d in handover.workload.dossiers])
        step()  # committed
        return merge_summary(plan)
