"""Printing to PDF with reportlab: the client card, an insert's agenda and batch, the paper
inserts. Pure rendering from the services' plain records: no database, no Qt.

    render_card(out, detail, info)            one dossier's card, always exactly one page
    render_agenda(out, agenda, info)          an insert's agenda sheet
    write_batch(out, agenda, details, info)   the agenda, then a card per dossier
    render_inserts(out, info, start, months)  sheets 1-31, then the month sheets

`out` is a path or a binary stream; `info` (PrintInfo) says who prints, when, on which paper.
The draw_* forms put the same pages on a canvas the caller owns.
"""

from app.pdf import uri_pattern  # noqa: F401  (first: before reportlab.platypus, see its doc)
from app.pdf.agenda import Agenda, draw_agenda, render_agenda
from app.pdf.batch import write_batch
from app.pdf.card import draw_card, render_card
from app.pdf.fonts import register_fonts
from app.pdf.inserts import draw_inserts, render_inserts
from app.pdf.style import PAGE_SIZES, PrintInfo, locale_page_size, page_size_name

__all__ = [
    "PAGE_SIZES",
    "Agenda",
    "PrintInfo",
    "draw_agenda",
    "draw_card",
    "draw_inserts",
    "locale_page_size",
    "page_size_name",
    "register_fonts",
    "render_agenda",
    "render_card",
    "render_inserts",
    "write_batch",
]
