"""The day's batch: the agenda sheet of an insert, then one card per dossier, in one PDF;
as a visit pack, each card followed by its dossier's documents (app.pdf.enclosures).

Cards are drawn one after the other on the same canvas as their details arrive, so a batch
of a hundred never holds a hundred dossiers in memory, reports its progress after each card
and can be stopped between two cards. A pack's canvas goes to a spooled temporary file
first, and its documents' pages are merged in after the last card.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, BinaryIO

from app.errors import Cancelled
from app.i18n import _
from app.pdf import style as s
from app.pdf.agenda import Agenda, draw_agenda
from app.pdf.card import draw_card

if TYPE_CHECKING:
    from app.pdf.enclosures import Pack
    from app.services.dto import DossierDetail

Progress = Callable[[int, int], None]
SPOOL = 32 * 2**20  # a pack's drawn pages are kept in memory up to this, then on disk


def write_batch(out: str | BinaryIO, agenda: Agenda | None, details: Iterable[DossierDetail],
                info: s.PrintInfo, *, total: int | None = None,
                progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None, pack: Pack | None = None,
                title: str = "") -> int:
    """Write the agenda (if any) then a card per dossier, with `pack` each card followed by
    its documents; returns the pages written.

    `progress(done, total)` is called before the first card and after each one;
    `cancelled()` is asked before each card, and when it says yes Cancelled is raised
    before anything is saved (the caller throws the partial output away).
    """
    total = (len(agenda.rows) if agenda else 0) if total is None else total
    spool = tempfile.SpooledTemporaryFile(SPOOL) if pack else None  # noqa: SIM115  # closed below
    title = s.tidy(f"{agenda.big} {agenda.title}", 120) if agenda else s.tidy(title, 200)
    try:
        canvas = s.new_canvas(out if spool is None else spool, info, title)
        pages = draw_agenda(canvas, agenda, info) if agenda else 0
        drawn = pages  # the pages on the canvas (a pack's PDFs are merged in later)
        if progress:
            progress(0, total)
        for done, detail in enumerate(details, 1):
            if cancelled and cancelled():
                raise Cancelled(_("Printing was cancelled; no file was written."))
            dossier = pack.prepare(detail) if pack else None
            draw_card(canvas, detail, info, dossier.remarks if dossier else None)
            pages, drawn = pages + 1, drawn + 1
            if pack and dossier:
                added, on_canvas = pack.follow(canvas, dossier, drawn)
                pages, drawn = pages + added, drawn + on_canvas
            if progress:
                progress(done, total)
        if cancelled and cancelled():
            raise Cancelled(_("Printing was cancelled; no file was written."))
        canvas.save()
        if pack is None or spool is None:
            return pages
        spool.seek(0)
        return pack.merge(spool, out, cancelled)
    finally:
        if spool is not None:
            spool.close()
