"""The agenda sheet of an insert: what the paper insert shows when the binder is opened at
it, the day's number large, then the dossiers in working order to tick off one by one.

A day rarely holds more than a sheet's worth; a month insert may, and then the list goes on
to further pages with its header row repeated (nothing is ever left out of an agenda).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer

from app.i18n import _, n_, short_date
from app.pdf import style as s
from app.pdf.fonts import BOLD, REGULAR

if TYPE_CHECKING:
    from app.services.dto import DossierRow

MARGIN = 44.0
FOOTER_ZONE = 24.0
HIGH_PRIORITY = 1

CELL = s.style("agenda-cell", 9, leading=11.5)
CELL_BOLD = s.style("agenda-name", 9.5, font=BOLD, leading=11.5)
CELL_SMALL = s.style("agenda-small", 9, color=s.MUTED, leading=11.5)
HEAD = s.style("agenda-head", 9, font=BOLD, color=s.MUTED, leading=11)
TIME = s.style("agenda-time", 9.5, font=BOLD, leading=11.5)
TIME_FIXED = s.style("agenda-time-fixed", 9.5, font=BOLD, color=s.ACCENT, leading=11.5)
EMPTY = s.style("agenda-empty", 11, color=s.MUTED, leading=15)
BOX = s.style("box", 11, color=s.MUTED, leading=12)


@dataclass(frozen=True)
class Agenda:
    """What the sheet shows: `big` in very large type ('24', 'December', 'Overdue'), the
    `title` beside it ('Tuesday' / 'November 2026'), and the dossiers in working order.
    `dated` prints each dossier's date too, for inserts that span several days."""

    big: str
    title: str
    subtitle: str
    rows: Sequence[DossierRow]
    dated: bool = False
    # the overdue pile, which a day's sheet mentions (how many, and the oldest few): on
    # paper, the dossiers whose day has passed are still in the binder, waiting
    overdue: int = 0
    oldest: Sequence[DossierRow] = ()


class _Masthead(Flowable):
    """The top of the first sheet: the number as on the paper insert, the date beside it."""

    def __init__(self, agenda: Agenda, width: float) -> None:
        super().__init__()
        self.agenda, self.width = agenda, width
        big = s.tidy(agenda.big, 40)
        size = 84.0 if len(big) <= 2 else 56.0
        self.size = min(size, (width * 0.62) / max(stringWidth(big, BOLD, 1), 0.01))
        self.big = big
        self.height = max(self.size * 0.76, 60.0) + 12

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, a = self.canv, self.agenda
        base = 12.0
        c.setFillColor(s.ACCENT)
        c.setFont(BOLD, self.size)
        c.drawString(-self.size * 0.04, base, self.big)
        x = stringWidth(self.big, BOLD, self.size) + 16
        c.setFillColor(s.INK)
        c.setFont(BOLD, 20)
        c.drawString(x, base + 38, s.tidy(a.title, 60))
        c.setFont(REGULAR, 13)
        c.setFillColor(s.MUTED)
        c.drawString(x, base + 19, s.tidy(a.subtitle, 80))
        fixed = sum(1 for r in a.rows if r.fixed)
        count = n_("{count} dossier", "{count} dossiers", len(a.rows))
        if fixed:
            count += " · " + n_("{count} fixed appointment", "{count} fixed appointments", fixed)
        if a.overdue:
            count += " · " + n_("{count} overdue", "{count} overdue", a.overdue)
        c.setFont(REGULAR, 10)
        c.drawString(x, base + 3, count)
        c.setFillColor(s.ACCENT)
        c.rect(0, 0, self.width, 1.6, stroke=0, fill=1)


def _time_cell(row: DossierRow, dated: bool) -> list[Flowable]:
    cell: list[Flowable] = []
    if dated:
        when = short_date(row.next_contact) if row.next_contact else "—"
        cell.append(s.plain(s.line_text(when), CELL_SMALL))
    if row.time:
        cell.append(s.plain(s.line_text(row.time), TIME_FIXED if row.fixed else TIME))
    elif not dated:
        cell.append(s.plain("—", CELL_SMALL))
    if row.fixed:
        cell.append(s.plain(_("fixed"), CELL_SMALL))
    return cell


def _name_cell(row: DossierRow) -> list[Flowable]:
    name = s.one_line(row.name, 120)
    if row.priority == HIGH_PRIORITY:
        name = f'<font color="{s.WARN_HEX}">!</font> {name}'
    return [s.para(name, CELL_BOLD)]


_PADDING = (3.5, 4.5)  # above and below a row's cells (the header row: 2 above)
_GAP = 8.0  # after each cell but the last


class AgendaTable(Flowable):
    """The header row and the dossiers' rows, laid out and drawn as a reportlab Table of them
    with the agenda's style was (cells top-aligned, 8 pt after each but the last, a line
    under each row), without a Table's cost: each row is measured once. It splits between
    rows as the Table did, the header row repeated on the next page (`continued`: there the
    Table drew the rows' thin line over the header's too)."""

    def __init__(self, head: s.Row, rows: list[s.Row], width: float,
                 continued: bool = False) -> None:
        super().__init__()
        self.head, self.rows, self.width = head, rows, width
        self.continued = continued
        self.hAlign = "LEFT"

    def _heights(self) -> list[float]:
        return [row.wrap(self.width, 1e6)[1] for row in (self.head, *self.rows)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = sum(self._heights())
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The rows that fit (the header row counted), then the rest under the header row
        again; nothing when not even one row fits under the header."""
        fit, used = 0, 0.0
        for height in self._heights():
            if used + height > availHeight:
                break
            used += height
            fit += 1
        if fit <= 1:
            return []
        if fit == len(self.rows) + 1:
            return [self]
        return [AgendaTable(self.head, self.rows[:fit - 1], self.width, self.continued),
                AgendaTable(self.head, self.rows[fit - 1:], self.width, continued=True)]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Drawn in place: the rows top down, then the lines under them (round caps, as the
        Table drew its lines)."""
        top = y + self.height
        bottoms = []
        for row, height in zip((self.head, *self.rows), self._heights(), strict=True):
            top -= height
            row.drawOn(canvas, x, top)
            bottoms.append(top)
        canvas.saveState()
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.setStrokeColor(s.INK)
        canvas.setLineWidth(0.8)
        canvas.line(x, bottoms[0], x + self.width, bottoms[0])
        ruled = bottoms if self.continued else bottoms[1:]
        if ruled:
            canvas.setStrokeColor(s.RULE)
            canvas.setLineWidth(0.3)
            for bottom in ruled:
                canvas.line(x, bottom, x + self.width, bottom)
        canvas.restoreState()

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


def agenda_table(agenda: Agenda, width: float) -> AgendaTable:
    """The dossiers as rows to tick off: time, client, company, purpose, phone."""
    time_w = 76.0 if agenda.dated else 44.0
    rest = width - 16.0 - time_w - 96.0
    widths = [16.0, time_w, rest * 0.37, rest * 0.30, rest * 0.33, 96.0]
    head = ["", _("Date") if agenda.dated else _("Time"), _("Client"), _("Company"),
            _("Purpose"), _("Phone")]
    top, bottom = _PADDING
    rows = [s.Row([
        s.plain("☐", BOX),
        s.Stack(_time_cell(r, agenda.dated)),
        s.Stack(_name_cell(r)),
        s.plain(s.line_text(r.company), CELL),  # wraps, never clipped (its legal form)
        s.plain(s.line_text(r.purpose, 300), CELL),
        s.plain(s.line_text(r.phone, 40), CELL),
    ], widths, gap=_GAP, top=top, bottom=bottom) for r in agenda.rows]
    header = s.Row([s.plain(h, HEAD) for h in head], widths, gap=_GAP, top=2, bottom=bottom)
    return AgendaTable(header, rows, width)


def _legend(agenda: Agenda) -> list[Flowable]:
    marks = []
    if any(r.priority == HIGH_PRIORITY for r in agenda.rows):
        high = _("high priority")
        marks.append(f'<font color="{s.WARN_HEX}"><b>!</b></font> {high}')
    return [Spacer(1, 8), Paragraph("   ·   ".join(marks), s.SMALL)] if marks else []


OLDEST = 5  # overdue dossiers listed on a day's sheet


def _overdue(agenda: Agenda, width: float) -> list[Flowable]:
    """The overdue pile under the day's list: how many, the oldest few, and how to print
    them all."""
    if not agenda.overdue:
        return []
    title = n_("{count} overdue dossier, not on this sheet",
               "{count} overdue dossiers, not on this sheet", agenda.overdue)
    flow: list[Flowable] = [Spacer(1, 16), s.Heading(title, width, color=s.WARN),
                            Spacer(1, 4)]
    if agenda.oldest:
        flow.append(agenda_table(Agenda("", "", "", agenda.oldest, dated=True), width))
    left = agenda.overdue - len(agenda.oldest)
    hint = (n_("… and {count} more: print them all with “ringbinder print day overdue”.",
               "… and {count} more: print them all with “ringbinder print day overdue”.",
               left) if left > 0 else
            _("Print them with their cards: “ringbinder print day overdue”."))
    return [*flow, Spacer(1, 4), Paragraph(s.markup(hint), s.SMALL)]


def draw_agenda(canvas: Canvas, agenda: Agenda, info: s.PrintInfo) -> int:
    """Draw the agenda as the canvas's next page(s); returns how many pages it took."""
    width, height = info.size
    inner_w = width - 2 * MARGIN
    pending: list[Flowable] = [_Masthead(agenda, inner_w), Spacer(1, 14)]
    if agenda.rows:
        pending += [agenda_table(agenda, inner_w), *_legend(agenda)]
    else:
        pending.append(Paragraph(_("Nothing is filed under this insert."), EMPTY))
    pending += _overdue(agenda, inner_w)
    pages = 0
    while pending:
        pages += 1
        top = height - MARGIN
        if pages > 1:  # a continuation: a line says whose list this is
            canvas.setFont(BOLD, 11)
            canvas.setFillColor(s.INK)
            canvas.drawString(MARGIN, top - 11, _("{title} (continued)").format(
                title=s.tidy(f"{agenda.big} {agenda.title}", 80)))
            top -= 26
        frame = Frame(MARGIN, MARGIN + FOOTER_ZONE, inner_w, top - MARGIN - FOOTER_ZONE,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        _fill(frame, pending, canvas)
        s.footer(canvas, info, s.printed_line(info),
                 _("Agenda · page {page}").format(page=pages), MARGIN)
        canvas.showPage()
    return pages


def _fill(frame: Frame, pending: list[Flowable], canvas: Canvas) -> None:
    """Place flowables until the frame is full, splitting the one that straddles its end;
    one that fits no page at all is dropped rather than looping forever."""
    while pending:
        head = pending[0]
        if frame.add(head, canvas, trySplit=0):
            pending.pop(0)
            continue
        parts = frame.split(head, canvas)
        if len(parts) > 1 and frame.add(parts[0], canvas, trySplit=0):
            pending[0:1] = parts[1:]
            return
        # it fits no empty page either
        if frame._atTop:  # type: ignore[attr-defined]  # private, not in reportlab's stub
            pending.pop(0)
        return


def render_agenda(out: str | BinaryIO, agenda: Agenda, info: s.PrintInfo) -> int:
    """Write the agenda alone as a PDF; returns its pages."""
    canvas = s.new_canvas(out, info, s.tidy(f"{agenda.big} {agenda.title}", 120))
    pages = draw_agenda(canvas, agenda, info)
    canvas.save()
    return pages
