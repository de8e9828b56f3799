"""The client information card: everything needed at the meeting, on exactly one page.

The page is built as platypus flowables (app.pdf.card_parts) and measured before anything is
drawn. The header, the ways to reach the client and the next-step / last-conversation boxes
always print (their texts are capped, so they cannot outgrow the page; the company wraps,
never clipped); the offers, documents, forms, notes and history share what is left
(app.pdf.card_budget) by importance: each first gets its heading and count line, then its
least (the latest offers, every form's title and required fields, the notes' first lines,
the first documents), then all the offers, then the notes whole if they can be (at 9 pt when
long), then the latest two events, then as much of the notes as fits, then the forms' other
fields, then every document, then the older history, which takes whatever is left, so the
page fills on A4 and Letter alike. Each section cut says how much more is in the binder (each
form its own count, the notes in characters); one without room for a single row still prints
its heading over that count, never vanishes. Nothing is ever shrunk below 9 pt. The page is
drawn into one Frame on one canvas page: even a measuring mistake could only leave something
out, never start a second page or draw over something else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, BinaryIO

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame
from reportlab.platypus.doctemplate import LayoutError

from app.i18n import _
from app.pdf import style as s
from app.pdf.card_budget import ALL, WHOLE, Notes, share
from app.pdf.card_documents import documents
from app.pdf.card_parts import (
    HIGH_PRIORITY,
    boxes,
    channel_name,
    contacts,
    forms,
    header,
    history,
    offers,
    writing_space,
)
from app.pdf.card_parts import qr as _qr
from app.pdf.fonts import register_fonts
from app.pdf.style import measure

if TYPE_CHECKING:
    from app.services.dto import DossierDetail

__all__ = ["HIGH_PRIORITY", "_qr", "card_flowables", "channel_name", "draw_card", "place",
           "render_card"]

MARGIN = 44.0
FOOTER_ZONE = 24.0  # between the frame and the bottom margin: the footer line


Remarks = Mapping[str, tuple[str, bool]]  # a document's id: what a pack did with it, a warning?


def card_flowables(detail: DossierDetail, width: float, height: float,
                   remarks: Remarks | None = None) -> list[Flowable]:
    """The card's content for a frame of this size, already cut to fit it; `remarks` say
    beside each document what a visit pack did with it."""
    register_fonts()  # measuring needs the font metrics
    amended = {e.amends for e in detail.events if e.amends}
    events = [e for e in detail.events if e.id not in amended]  # corrections replace originals
    last = next((e for e in events if e.kind in ("contact", "amend")), None)
    older = [e for e in events if e is not last]
    offered = [e for e in events if e.offer or e.amount]

    fixed = header(detail, width) + contacts(detail, width) + boxes(detail, last, width)
    room = height - measure(fixed, width) - 1.0  # a point of slack against rounding
    made, filled, noted, past = (offers(offered, width), forms(detail, width),
                                 Notes(detail.notes, width), history(older, width))
    kept = documents(detail.attachments, width, remarks)
    # by importance (after each one's heading and count line): each section's least (the
    # latest offers, each form's required fields, the first lines of the notes), the first
    # three documents (a pack lists first those printed after the card), then all the offers,
    # then the notes if they can print whole, then the two events before the last
    # conversation, then as much of the notes as fits, then every form's fields, every
    # document, then the older history
    rounds = [(made, 2), (filled, 1), (noted, 6), (kept, 3), (made, ALL), (noted, WHOLE),
              (past, 2), (noted, ALL), (filled, ALL), (kept, ALL), (past, ALL)]
    shared, room = share([made, kept, filled, noted, past], rounds, room)
    return fixed + shared + writing_space(width, room)


def place(frame: Frame, flowables: list[Flowable], canvas: Canvas) -> int:
    """Draw flowables into the frame until one does not fit; returns how many were drawn.
    Never splits and never moves to another page."""
    drawn = 0
    for flowable in flowables:
        try:
            if not frame.add(flowable, canvas, trySplit=0):
                break
        except LayoutError:
            break
        drawn += 1
    return drawn


def draw_card(canvas: Canvas, detail: DossierDetail, info: s.PrintInfo,
              remarks: Remarks | None = None) -> int:
    """Draw the dossier's card as the canvas's next page (exactly one page); returns how
    many prepared parts the frame refused (0, unless the measuring went wrong)."""
    width, height = info.size
    inner_w = width - 2 * MARGIN
    inner_h = height - 2 * MARGIN - FOOTER_ZONE
    frame = Frame(MARGIN, MARGIN + FOOTER_ZONE, inner_w, inner_h, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    flowables = card_flowables(detail, inner_w, inner_h, remarks)
    left_out = len(flowables) - place(frame, flowables, canvas)
    s.footer(canvas, info, s.printed_line(info), _("Dossier {id}").format(id=detail.id),
             MARGIN)
    canvas.showPage()
    return left_out


def render_card(out: str | BinaryIO, detail: DossierDetail, info: s.PrintInfo) -> int:
    """Write the card as a one-page PDF to a path or a binary stream; returns 1 (pages)."""
    canvas = s.new_canvas(out, info, s.tidy(detail.name, 200))
    draw_card(canvas, detail, info)
    canvas.save()
    return 1
