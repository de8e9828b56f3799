"""Printing to PDF: a dossier's card, an insert's batch (agenda + cards), the paper inserts;
with documents, a visit pack: each card followed by its dossier's PDFs and images.

Printing only reads the binder, so it works on a binder opened read-only. Every PDF is
written to a temporary file beside the target and renamed into place once complete: an
unknown id, an unwritable folder, a full disk or a cancelled batch leave no partial file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.binder import InsertKind
from app.errors import InvalidInput
from app.i18n import (
    _,
    current_locale,
    insert_label,
    long_date,
    month_label,
    month_name,
    n_,
    weekday_name,
)
from app.services.dto import DossierDetail, DossierRow
from app.services.print_reads import read_details

if TYPE_CHECKING:
    from app.binder import Insert
    from app.pdf.agenda import Agenda
    from app.pdf.enclosures import Pack
    from app.pdf.style import PrintInfo
    from app.services.binder import Services

# reportlab is imported on the first print, not when a binder is opened: the app and
# every CLI command start without it
Progress = Callable[[int, int], None]

MAX_INSERT_MONTHS = 36


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # read once at import, while nothing else runs


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """A stream whose content becomes `target` only if the block completes; on any error
    the temporary file is removed and the target is left as it was."""
    target = Path(target)
    if target.is_dir():
        raise InvalidInput(_("'{path}' is a folder; give a file name for the PDF.").format(
            path=target))
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                    dir=target.parent)
    except OSError as exc:
        raise InvalidInput(_("Cannot write '{path}': {reason}.").format(
            path=target, reason=exc.strerror or exc)) from None
    done = False
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _FILE_MODE)
        os.replace(temp, target)
        done = True
    except OSError as exc:
        raise InvalidInput(_("Cannot write '{path}': {reason}.").format(
            path=target, reason=exc.strerror or exc)) from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def agenda_for(insert: Insert, rows: list[DossierRow],
               overdue: Sequence[DossierRow] = ()) -> Agenda:
    """The agenda sheet's headline for an insert: a day's number, a month's name, a label;
    a day's sheet also mentions the overdue pile (oldest first)."""
    from app.pdf.agenda import OLDEST, Agenda

    if insert.kind is InsertKind.DAY and insert.day is not None:
        day = insert.day
        return Agenda(str(day.day), weekday_name(day, "wide"), month_label(day.year, day.month),
                      rows, overdue=len(overdue), oldest=overdue[:OLDEST])
    if insert.kind is InsertKind.MONTH and insert.month is not None:
        year, month = insert.month
        return Agenda(month_name(month), str(year), "", rows, dated=True)
    first = long_date(insert.first) if insert.first else ""
    return Agenda(insert_label(insert), "", first, rows, dated=True)


@dataclass(frozen=True)
class Printed:
    """A visit pack written: its pages, and a warning for each document that is listed on
    its card but could not be printed (a damaged PDF, one locked with a password)."""

    pages: int
    warnings: list[str] = field(default_factory=list)


class PrintService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def info(self, page_size: str | None = None) -> PrintInfo:
        """Print details (also for the handover report); without a paper size, the one
        the user's locale uses (A4/Letter)."""
        from app.pdf.style import PrintInfo, locale_page_size, page_size_name
        from app.preferences import paper

        # the paper asked for, else the one chosen in the settings, else the locale's
        page_size = page_size or paper() or locale_page_size(current_locale())
        return PrintInfo(self._s.salesperson, self._s.clock.today(),
                         page_size_name(page_size))

    def _detail(self, dossier_id: str) -> DossierDetail:
        """A dossier's card as DossierService.get reads it, in plain SQL on the binder's read
        connection (views.card, which also resolves an id given by its beginning)."""
        return self._s.views.card(dossier_id)

    def card(self, dossier_id: str, target: Path, page_size: str | None = None) -> int:
        """Write one dossier's card (one page) to `target`; returns the pages (1)."""
        from app.pdf.card import render_card

        info = self.info(page_size)
        detail = self._detail(dossier_id)
        with atomic_file(target) as stream:
            return render_card(stream, detail, info)

    def _pack(self, info: PrintInfo) -> Pack:
        from app.pdf.enclosures import Pack

        return Pack(lambda attachment_id: self._s.attachments.read(attachment_id).data, info)

    def card_with_documents(self, dossier_id: str, target: Path,
                            page_size: str | None = None) -> Printed:
        """Write one dossier's card followed by its documents (PDFs' pages, images as
        pages; the rest listed on the card as in the binder)."""
        from app.pdf.batch import write_batch

        info = self.info(page_size)
        detail = self._detail(dossier_id)
        pack = self._pack(info)
        with atomic_file(target) as stream:
            pages = write_batch(stream, None, [detail], info, total=1, pack=pack,
                                title=detail.name)
        return Printed(pages, pack.warnings)

    def day_with_documents(self, key: str, target: Path, progress: Progress | None = None,
                           cancelled: Callable[[], bool] | None = None,
                           page_size: str | None = None) -> Printed:
        """As day(), each card followed by its dossier's documents; progress counts the
        dossiers."""
        pack = self._pack(self.info(page_size))
        return Printed(self.day(key, target, progress, cancelled, page_size, pack=pack),
                       pack.warnings)

    def selection_with_documents(self, dossier_ids: list[str], target: Path,
                                 progress: Progress | None = None,
                                 cancelled: Callable[[], bool] | None = None,
                                 page_size: str | None = None) -> Printed:
        """As selection(), each card followed by its dossier's documents."""
        pack = self._pack(self.info(page_size))
        return Printed(self.selection(dossier_ids, target, progress, cancelled, page_size,
                                      pack=pack), pack.warnings)

    def day(self, key: str, target: Path, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None, page_size: str | None = None,
            pack: Pack | None = None) -> int:
        """Write an insert's agenda then a card per dossier (KEY as in `list`); returns the
        pages. `progress(done, total)` follows the cards; `cancelled()` stops the batch."""
        from app.pdf.batch import write_batch

        info = self.info(page_size)
        insert = self._s.views.resolve(key)
        rows = self._s.views.list_insert(key)
        overdue = (self._overdue() if insert.kind is InsertKind.DAY else [])
        # the cards read a chunk at a time, each chunk in one short read (six statements),
        # then drawn: a read on a writable binder holds its write lock, which the window
        # must not wait for while a month's pack is drawn (a dossier deleted since the
        # agenda was listed has no card)
        details = (d for d in self._details([row.id for row in rows]) if d)
        with atomic_file(target) as stream:
            return write_batch(stream, agenda_for(insert, rows, overdue), details, info,
                               total=len(rows), progress=progress, cancelled=cancelled,
                               pack=pack)

    def _overdue(self) -> list[DossierRow]:
        """The overdue dossiers, the oldest first."""
        rows = self._s.views.list_insert("overdue")
        return sorted(rows, key=lambda r: (r.next_contact or date.min, r.time or ""))

    def _details(self, ids: list[str]) -> Iterator[DossierDetail | None]:
        return read_details(self._s.db.reader, ids)  # a short read a chunk, drawn outside it

    def selection(self, dossier_ids: list[str], target: Path, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None, page_size: str | None = None,
                  pack: Pack | None = None) -> int:
        """Write an agenda of chosen dossiers then their cards, in the order given."""
        from app.pdf.agenda import Agenda
        from app.pdf.batch import write_batch

        if not dossier_ids:
            raise InvalidInput(_("Choose at least one dossier to print."))
        info = self.info(page_size)
        found = list(self._details([i.strip().lower() for i in dossier_ids]))
        # an id given by its beginning, or one that names no dossier, as a single card's
        details = [d or self._s.dossiers.get(i) for d, i in zip(found, dossier_ids, strict=True)]
        rows = [DossierRow(d.id, d.name, d.company, d.position, d.phone, d.next_contact, d.time,
                           d.purpose, d.priority, d.fixed, d.archived) for d in details]
        agenda = Agenda(str(len(rows)), n_("{count} dossier", "{count} dossiers", len(rows)),
                        long_date(self._s.clock.today()), rows, dated=True)
        with atomic_file(target) as stream:
            return write_batch(stream, agenda, iter(details), info, total=len(rows),
                               progress=progress, cancelled=cancelled, pack=pack)

    def inserts(self, target: Path, months: int = 12, page_size: str | None = None) -> int:
        """Write the paper inserts: 1–31, then `months` month sheets from next month (this
        month's work sits on the day sheets, as in the binder); returns the pages."""
        if not 0 <= months <= MAX_INSERT_MONTHS:
            raise InvalidInput(_("The number of month inserts is 0 to {max}.").format(
                max=MAX_INSERT_MONTHS))
        from app.pdf.inserts import render_inserts

        info = self.info(page_size)
        today = self._s.clock.today()
        start = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        with atomic_file(target) as stream:
            return render_inserts(stream, info, start, months)
