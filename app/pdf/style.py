"""What every printed page shares: paper sizes, colours, type styles and text clean-up.

All sizes are in points. No style goes below 9 pt: the card is read across a table.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date
from typing import IO, Literal

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from app.errors import InvalidInput
from app.i18n import _, short_date
from app.pdf.fonts import BOLD, ITALIC, REGULAR, register_fonts
from app.pdf.text import Line as Line  # the quick text flowables: s.plain(), s.para()
from app.pdf.text import escape, hyphenate
from app.pdf.text import para as para
from app.pdf.text import paragraph as paragraph
from app.pdf.text import plain as plain

PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
LETTER_TERRITORIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO"}
MIN_SIZE = 9.0

MUTED_HEX, ACCENT_HEX, WARN_HEX = "#5F6B7A", "#1D5C87", "#B4481B"  # for <font color=…>
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor(MUTED_HEX)
ACCENT = colors.HexColor(ACCENT_HEX)
TINT = colors.HexColor("#EDF4FA")
PALE = colors.HexColor("#F5F7FA")
RULE = colors.HexColor("#CBD2D9")
WARN = colors.HexColor(WARN_HEX)
# our <font color="#…"> found by name: reportlab tries a colour it does not know as a Python
# literal first (ast.literal_eval, then its safe eval): 23 µs a colour instead of 2
colors.toColor.setExtraColorsNameSpace({**colors.toColor.extraColorsNS, MUTED_HEX: MUTED,
                                        ACCENT_HEX: ACCENT, WARN_HEX: WARN})

# streams as raw binary, not ASCII85: a quarter smaller, and encoding in pure Python was a
# tenth of a batch's time
rl_config.useA85 = 0


class _QuickFlate(pdfdoc.PDFStreamFilterZCompress):
    """Deflate at zlib's level 1 instead of its default 6: the pages and the fonts' subsets
    of a card are deflated in about half the time (a tenth of a card's) for a file 5-15 %
    larger, read by every viewer alike."""

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


pdfdoc.PDFZCompress = _QuickFlate()  # looked up by reportlab each time it writes a stream

# between items on one line: held to the words on both sides by no-break spaces, so a
# line never ends or starts with it
SEP = "\u00a0·\u00a0"
MAX_WORD = 60  # a longer run without a space is clipped: nobody reads 500 characters of "aaaa"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")


@dataclass(frozen=True)
class PrintInfo:
    """What a printed page says about itself: who printed it, when, on which paper."""

    owner: str
    printed: date
    page_size: str = "A4"

    @property
    def size(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page_size]


def page_size_name(name: str) -> str:
    """'a4', 'letter' → the canonical name; anything else is refused."""
    for known in PAGE_SIZES:
        if known.lower() == name.strip().lower():
            return known
    raise InvalidInput(_("Unknown paper size '{name}'; use A4 or Letter.").format(name=name))


def locale_page_size(locale_name: str) -> str:
    """The paper a locale's territory uses: Letter in North America and a few others."""
    territory = locale_name.replace("-", "_").split("_")[-1].upper()
    return "Letter" if territory in LETTER_TERRITORIES else "A4"


def tidy(text: str | None, limit: int | None = None) -> str:
    """Text as it can be printed: no control characters, no run of letters longer than
    MAX_WORD (clipped with '…'), at most `limit` characters (clipped with '…')."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")
                        .replace("\t", " ")).strip()
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    if len(text) > MAX_WORD:
        text = _LONG_WORD.sub(lambda m: m.group(0)[:MAX_WORD] + "…", text)
    return text


def markup(text: str | None, limit: int | None = None) -> str:
    """tidy() escaped for a Paragraph, line breaks kept."""
    return escape(tidy(text, limit)).replace("\n", "<br/>")


_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def line_text(text: str | None, limit: int | None = None) -> str:
    """tidy() with line breaks and runs of spaces turned into one space, not escaped: for
    plain(). No-break spaces stay (an amount's '1 040,00 zł' is never broken)."""
    return _BREAKING_SPACE.sub(" ", tidy(text, limit)).strip(" ")


def one_line(text: str | None, limit: int | None = None) -> str:
    """markup() with line breaks turned into spaces: for table cells and headings."""
    return escape(line_text(text, limit))


def style(name: str, size: float = 9.5, *, font: str = REGULAR, color: colors.Color = INK,
          leading: float | None = None, alignment: Literal[0, 1, 2, 4] = TA_LEFT
          ) -> ParagraphStyle:
    if size < MIN_SIZE:
        raise ValueError(f"{name}: {size} pt is below the readable minimum")
    return ParagraphStyle(name, fontName=font, fontSize=size,
                          leading=leading or round(size * 1.3, 1), textColor=color,
                          splitLongWords=1, embeddedHyphenation=2, alignment=alignment,
                          # a word broken gets its hyphen (a callable: the stub says str)
                          hyphenationLang=hyphenate)  # type: ignore[arg-type]


BODY = style("body", 9.5)
SMALL = style("small", 9, color=MUTED)
SMALL_ITALIC = style("small-italic", 9, font=ITALIC, color=MUTED)
LABEL = style("label", 9, color=MUTED)
BODY_RIGHT = style("body-right", 9.5, alignment=TA_RIGHT)


class Gap(Spacer):
    """Vertical space: a Spacer that draws nothing without saving the canvas's state,
    moving its origin and restoring it to do so (a card has dozens)."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        return None


class Row(Flowable):
    """Cells side by side at fixed widths, tops aligned: one line of a table without a
    Table's cost (a card has dozens of rows, and a Table measures its cells again at every
    step). Measured once per width; an optional hairline runs under it."""

    def __init__(self, cells: list[Flowable | None], widths: list[float], *, gap: float = 6,
                 top: float = 1.5, bottom: float = 1.5, rule: colors.Color | None = None
                 ) -> None:
        super().__init__()
        self.cells, self.widths, self.gap = cells, widths, gap
        self.top, self.bottom, self.rule = top, bottom, rule
        self.width = sum(widths)
        self._measured: tuple[float, list[float]] | None = None

    def _measure(self) -> tuple[float, list[float]]:
        """(the tallest cell's height, each cell's height), measured at the first call."""
        if self._measured is None:
            last = len(self.cells) - 1
            heights = [cell.wrap(w - (0 if i == last else self.gap), 1e6)[1] if cell else 0.0
                       for i, (cell, w) in enumerate(zip(self.cells, self.widths, strict=True))]
            self._measured = (max(heights, default=0.0), heights)
        return self._measured

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = self._measure()[0] + self.top + self.bottom
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Drawn in place: each cell at its own offset, without saving the state and moving
        the origin for the row as well (a card has dozens of rows)."""
        if self._measured is None:
            self.wrap(self.width, 1e6)
        _tallest, heights = self._measure()
        left = x
        for cell, w, h in zip(self.cells, self.widths, heights, strict=True):
            if cell is not None:
                cell.drawOn(canvas, left, y + self.height - self.top - h)
            left += w
        if self.rule is not None:
            canvas.saveState()
            canvas.setStrokeColor(self.rule)
            canvas.setLineWidth(0.3)
            canvas.line(x, y, x + self.width, y)
            canvas.restoreState()

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


class Stack(Flowable):
    """Flowables one under the other, left-aligned, as a table cell holding a list of them
    places them; measured once per width (a Table measures its cells again at every step)."""

    def __init__(self, items: list[Flowable]) -> None:
        super().__init__()
        self.items = items
        self._measured: tuple[float, list[float], float] | None = None  # width, heights, total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._measured is None or self._measured[0] != availWidth:
            heights, widest, total = [], 0.0, 0.0
            for item in self.items:
                w, h = item.wrap(availWidth, availHeight)
                heights.append(h)
                widest = max(widest, w)
                total += h + item.getSpaceBefore() + item.getSpaceAfter()
            if self.items:  # as a Table counts a cell's list: not the outer spaces
                total -= self.items[0].getSpaceBefore() + self.items[-1].getSpaceAfter()
            self._measured = (availWidth, heights, total)
            self.width = widest
        self.height = self._measured[2]
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Drawn in place, as Row is (left-aligned: _sW moves nothing)."""
        assert self._measured is not None
        top = y + self.height + (self.items[0].getSpaceBefore() if self.items else 0.0)
        for item, h in zip(self.items, self._measured[1], strict=True):
            top -= item.getSpaceBefore() + h
            item.drawOn(canvas, x, top)
            top -= item.getSpaceAfter()

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


class Heading(Flowable):
    """A section title: small accent capitals over a hairline, as on a printed form."""

    def __init__(self, text: str, width: float, color: colors.Color = ACCENT) -> None:
        super().__init__()
        self.text = " ".join(text.upper().split())
        self.width = width
        self.color = color
        self.height = 16.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.color)
        c.setFont(BOLD, 9)
        c.drawString(0, 5, self.text, charSpace=0.6)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(0, 1.5, self.width, 1.5)


def printed_line(info: PrintInfo) -> str:
    """'Printed Nov 24, 2026 by Anna Nowak': whose paper this is, and how fresh."""
    printed = short_date(info.printed)
    if info.owner.strip():
        return _("Printed {date} by {owner}").format(date=printed, owner=tidy(info.owner, 80))
    return _("Printed {date}").format(date=printed)


def footer(canvas: Canvas, info: PrintInfo, left: str, right: str, margin: float) -> None:
    """The line at the foot of a page: what it is and when it was printed."""
    width, _height = info.size
    y = margin - 4
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(margin, y + 14, width - margin, y + 14)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(margin, y, left)
    canvas.drawRightString(width - margin, y, right)


def new_canvas(out: str | IO[bytes], info: PrintInfo, title: str) -> Canvas:
    """A canvas with the document's metadata set, compressed, fonts ready."""
    register_fonts()
    # the initial font goes into every page's resources: ours, not Helvetica (base-14)
    canvas = Canvas(out, pagesize=info.size, pageCompression=1,
                    initialFontName=REGULAR,  # type: ignore[arg-type]  # stub says float
                    initialFontSize=MIN_SIZE, initialLeading=MIN_SIZE * 1.2)
    canvas.setTitle(title)
    canvas.setAuthor(info.owner or "Ringbinder")
    canvas.setCreator("Ringbinder")
    canvas.setSubject(_("Printed from Ringbinder"))
    return canvas


def measure(flowables: list[Flowable], width: float) -> float:
    """The height a Frame gives these flowables, measured exactly as it will place them."""
    unbounded = 1e6
    return sum(f.wrap(width, unbounded)[1] + f.getSpaceBefore() + f.getSpaceAfter()
               for f in flowables)
