"""The card's list of the dossier's documents (name, type, date, size), newest first, as a
section the card's page budget cuts ("… N more documents in the binder"). A visit pack says
beside each what became of it: printed after the card, kept in the binder only, or not
printed because it could not be read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from app.document_kinds import kind_name
from app.i18n import _, file_size, n_
from app.pdf import style as s
from app.pdf.card_budget import Rows, Section
from app.pdf.card_parts import DATE_W, _day, short_date
from app.pdf.fonts import ITALIC

if TYPE_CHECKING:
    from app.services.dto import AttachmentView

MAX_DOCUMENT_ROWS = 40  # more never fit on one page at 9 pt
KIND_W, SIZE_W = 118.0, 58.0


def _row(doc: AttachmentView, remark: str, warn: bool, width: float) -> Flowable:
    name = s.markup(doc.filename, 160)
    if remark:
        color = s.WARN_HEX if warn else s.MUTED_HEX
        name += f'  <font name="{ITALIC}" color="{color}">{s.markup(remark, 120)}</font>'
    return s.Row([s.para(name, s.BODY), s.plain(kind_name(doc.mime, doc.filename), s.SMALL),
                  s.plain(short_date(_day(doc.added_at)), s.SMALL),
                  s.para(file_size(doc.size), s.BODY_RIGHT)],
                 [width - KIND_W - DATE_W - SIZE_W, KIND_W, DATE_W, SIZE_W],
                 top=2, bottom=2.5, rule=s.RULE)


def listed(docs: list[AttachmentView]) -> list[AttachmentView]:
    """The documents the card lists, in its order: not those in the trash, newest first."""
    return sorted((d for d in docs if not d.trashed), key=lambda d: d.added_at, reverse=True)


def ordered(docs: list[AttachmentView],
            remarks: Mapping[str, tuple[str, bool]]) -> list[AttachmentView]:
    """The card's order: newest first; in a pack, those printed after the card first, then
    those that could not be, then those kept in the binder only (the pack prints them in
    this order too)."""
    def rank(doc: AttachmentView) -> int:
        remark = remarks.get(doc.id)
        if remark is None:
            return 0
        return 0 if remark[0] == printed_remark() else 1 if remark[1] else 2

    return sorted(listed(docs), key=rank)


def printed_remark() -> str:
    return _("printed after this card")


def documents(docs: list[AttachmentView], width: float,
              remarks: Mapping[str, tuple[str, bool]] | None = None) -> Section:
    """The documents section; `remarks` maps a document's id to what the pack did with it
    (and whether that is a warning)."""
    said = remarks or {}
    shown = ordered(docs, said)
    rows = shown[:MAX_DOCUMENT_ROWS]

    def row(i: int) -> Flowable:
        remark, warn = said.get(rows[i].id, ("", False))
        return _row(rows[i], remark, warn, width)

    return Section(_("Documents"), Rows(len(rows), row), len(shown), lambda left: n_(
        "… {count} more document in the binder", "… {count} more documents in the binder",
        left), width, 1, 3)
