"""The card's QR code: a phone's camera turns it into a call to the client's main number.

Encoded by segno with one fixed mask and drawn as one filled path of module-sized rectangles,
both kept per number (a switchboard's number is on many cards)."""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import TYPE_CHECKING

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, Spacer

from app.i18n import _
from app.pdf import style as s

if TYPE_CHECKING:
    from app.services.dto import DossierDetail

CAPTION = s.style("qr-caption", 9, color=s.MUTED, leading=11, alignment=TA_CENTER)


@lru_cache(maxsize=4096)
def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark modules of a QR code (level M), by segno with one fixed mask: trying all
    eight, as encoders do to pick the best, was a sixth of a day pack's time; any mask
    scans. A number printed on many cards (a switchboard) is encoded once."""
    code = segno.make_qr(value, error="m", mask=0, boost_error=False)
    return tuple(tuple(bool(m) for m in row) for row in code.matrix)


@lru_cache(maxsize=1024)
def qr_path(value: str) -> str:
    """The dark modules as PDF rectangles, one a run of them in a row, in units of one
    module with the origin at the code's lower left; written once per value."""
    modules = qr_modules(value)
    count = len(modules)
    ops = []
    for r, row in enumerate(modules):
        c = 0
        for dark, run in itertools.groupby(row):
            n = len(list(run))
            if dark:
                ops.append(f"{c} {count - r - 1} {n} 1 re")
            c += n
    return "\n".join(ops)


class _QrCode(Flowable):
    """A QR code drawn as one filled path, scaled from module units (the widget in
    reportlab.graphics draws a shape per module and encodes twice: most of a card's time)."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        self.value = value
        self.modules = qr_modules(value)
        self.width = self.height = size
        self.hAlign = "CENTER"

    def draw(self) -> None:
        box = self.width / len(self.modules)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.transform(box, 0, 0, box, 0, 0)
        canvas._code.append(f"{qr_path(self.value)} f")  # type: ignore[attr-defined]
        canvas.restoreState()


def qr(detail: DossierDetail, size: float = 64) -> list[Flowable]:
    """A code a phone's camera turns into a call to the main number."""
    if not detail.phones or not detail.phones[0].e164:
        return []
    return [_QrCode(f"tel:{detail.phones[0].e164}", size), Spacer(1, 4),
            s.plain(_("Scan to call"), CAPTION)]


