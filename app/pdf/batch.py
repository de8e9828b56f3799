"""The day's batch: the agenda sheet of an insert, then one card per dossier, in one PDF.

Cards are drawn one after the other on the same canvas as their details arrive, so a batch
of a hundred never holds a hundred dossiers in memory, reports its progress after each card
and can be stopped between two cards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, BinaryIO

from app.errors import Cancelled
from app.i18n import _
from app.pdf import style as s
from app.pdf.agenda import Agenda, draw_agenda
from app.pdf.card import draw_card

if TYPE_CHECKING:
    from app.services.dto import DossierDetail

Progress = Callable[[int, int], None]


def write_batch(out: str | BinaryIO, agenda: Agenda, details: Iterable[DossierDetail],
                info: s.PrintInfo, *, total: int | None = None,
                progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> int:
    """Write the agenda then a card per dossier; returns the pages written.

    `progress(done, total)` is called before the first card and after each one;
    `cancelled()` is asked before each card, and when it says yes Cancelled is raised
    before anything is saved (the caller throws the partial output away).
    """
    total = len(agenda.rows) if total is None else total
    canvas = s.new_canvas(out, info, s.tidy(f"{agenda.big} {agenda.title}", 120))
    pages = draw_agenda(canvas, agenda, info)
    if progress:
        progress(0, total)
    for done, detail in enumerate(details, 1):
        if cancelled and cancelled():
            raise Cancelled(_("Printing was cancelled; no file was written."))
        draw_card(canvas, detail, info)
        pages += 1
        if progress:
            progress(done, total)
    if cancelled and cancelled():
        raise Cancelled(_("Printing was cancelled; no file was written."))
    canvas.save()
    return pages
