"""The client information card: everything needed at the meeting, on exactly one page.

The page is built as platypus flowables and measured before anything is drawn. The header,
the ways to reach the client and the next-step / last-conversation boxes always print (their
texts are capped, so they cannot outgrow the page); the offers, forms, notes and history
share what is left, in rounds: each first gets its least (a row or two, three lines of
notes), then a fair share, then as much as it wants, each round in that order of priority.
So when the page is full, the oldest history goes first, then the end of long notes
(clipped with "… continued in the binder"), then form fields and old offers, and each
section says how much more is in the binder. Nothing is ever shrunk below 9 pt. The page is
drawn into one Frame on one canvas page: even a measuring mistake could only leave
something out, never start a second page or draw over something else.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from app.i18n import _, long_date, money, n_, short_date
from app.pdf import style as s
from app.pdf.fonts import BOLD, ITALIC, REGULAR, register_fonts

if TYPE_CHECKING:
    from app.services.dto import DossierDetail, EventView

MARGIN = 44.0
FOOTER_ZONE = 24.0  # between the frame and the bottom margin: the footer line
GAP = 14.0  # between sections
BIG = 1e6
HIGH_PRIORITY = 1  # as stored: 1 high, 2 normal, 3 low
MAX_PHONES, MAX_EMAILS = 6, 3
MAX_HISTORY_ROWS = 60  # more rows than this never fit at 9 pt, whatever the paper
MAX_OFFERS = 6  # the latest offers; the history lists the older ones
ALL = 10**6  # rows: as many as there are
EPS = 0.01  # heights are sums of floats: compare with a hair of tolerance

NAME = s.style("card-name", 22, font=BOLD, leading=26)
NAME_LONG = s.style("card-name-long", 16, font=BOLD, leading=20)
TITLE = s.style("card-title", 12, leading=15.5)
META = s.style("card-meta", 9, color=s.MUTED, leading=12)
VALUE = s.style("card-value", 10, leading=13)
BOX_LABEL = s.style("box-label", 9, font=BOLD, color=s.ACCENT, leading=12)
BOX_DATE = s.style("box-date", 12.5, font=BOLD, leading=16)
BOX_TEXT = s.style("box-text", 10, leading=13.2)
BOX_NONE = s.style("box-none", 10, font=ITALIC, color=s.MUTED, leading=13.2)
BOX_WARN = s.style("box-warn", 9, font=BOLD, color=s.WARN, leading=12)
CAPTION = s.style("qr-caption", 9, color=s.MUTED, leading=11, alignment=TA_CENTER)
FORM_TITLE = s.style("form-title", 10, font=BOLD, leading=13)
MORE = s.SMALL_ITALIC


def channel_name(event: EventView) -> str:
    """'Call', 'Visit', … or what happened to the dossier ('Archived')."""
    kinds = {"archive": _("Archived"), "restore": _("Restored"), "note": _("Note")}
    if event.kind in kinds:
        return kinds[event.kind]
    return {"call": _("Call"), "visit": _("Visit"), "meeting": _("Meeting"),
            "email": _("E-mail"), "letter": _("Letter")}.get(event.channel, _("Other"))


def status_name(status: str) -> str:
    """What the client is to us, as the card's header says it."""
    return {"prospect": _("Prospect"), "active": _("Active client"), "dormant": _("Dormant"),
            "won": _("Won"), "lost": _("Lost")}.get(status, status)


def _day(moment: datetime) -> date:
    return moment.astimezone().date()


def _height(flowables: list[Flowable], width: float) -> float:
    """The height a Frame gives these flowables, measured exactly as it will place them."""
    total = 0.0
    for f in flowables:
        total += f.wrap(width, BIG)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _table(rows: list[list[Any]], widths: list[float], pad: float = 1.5) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]))
    return table


# -- the parts that always print ----------------------------------------------------------

class _Qr(Flowable):
    """A QR code drawn as one filled path (the widget in reportlab.graphics draws a shape
    per module and encodes twice: most of a card's time)."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        self.value = value
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(value)
        code.make()
        self.modules = code.modules
        self.width = self.height = size
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        count = len(self.modules)
        box = self.width / count
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            for dark, run in itertools.groupby(bool(m) for m in row):
                n = len(list(run))
                if dark:
                    path.rect(c * box, self.height - (r + 1) * box, n * box, box)
                c += n
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _qr(detail: DossierDetail, size: float = 64) -> list[Flowable]:
    """A code a phone's camera turns into a call to the main number."""
    if not detail.phones or not detail.phones[0].e164:
        return []
    return [_Qr(f"tel:{detail.phones[0].e164}", size), Spacer(1, 4),
            Paragraph(_("Scan to call"), CAPTION)]


def _header(detail: DossierDetail, width: float) -> list[Flowable]:
    name = s.one_line(detail.name, 200)
    left: list[Flowable] = [Paragraph(name, NAME if len(name) <= 40 else NAME_LONG)]
    title = " · ".join(s.one_line(x, 90) for x in (detail.position, detail.company) if x)
    if title:
        left += [Spacer(1, 3), Paragraph(title, TITLE)]
    meta = [status_name(detail.status)]
    if detail.archived:
        meta.insert(0, _("Archived"))
    meta.append(_("in the binder since {date}").format(date=short_date(_day(detail.created_at))))
    left += [Spacer(1, 4), Paragraph(" · ".join(meta), META)]
    qr = _qr(detail)
    qr_width = 84.0 if qr else 0.0
    table = _table([[left, qr]] if qr else [[left]],
                   [width - qr_width, qr_width] if qr else [width], pad=0)
    return [table, Spacer(1, 8), _Rule(width), Spacer(1, 10)]


class _Rule(Flowable):
    """The accent line under the header."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 1.6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(s.ACCENT)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)


def _contacts(detail: DossierDetail, width: float) -> list[Flowable]:
    """Phones on the left, e-mails, address and the rest on the right, labels aligned."""
    def group(label: str, values: list[str], total: int, more: str) -> list[tuple[str, str]]:
        rows = [(label if i == 0 else "", v) for i, v in enumerate(values)]
        if total > len(values):
            rows.append(("", f'<font name="{ITALIC}" color="{s.MUTED_HEX}">{more}</font>'))
        return rows

    left: list[tuple[str, str]] = []
    phones = []
    for i, p in enumerate(detail.phones[:MAX_PHONES]):
        number = s.one_line(p.number, 60)
        number = f"<b>{number}</b>" if i == 0 else number
        label = s.one_line(p.label, 40)
        phones.append(f'{number}  <font color="{s.MUTED_HEX}">{label}</font>' if label
                      else number)
    left += group(_("Phone"), phones, len(detail.phones), n_(
        "+ {count} more in the binder", "+ {count} more in the binder",
        len(detail.phones) - len(phones)))
    right: list[tuple[str, str]] = []
    emails = []
    for e in detail.emails[:MAX_EMAILS]:
        address = s.one_line(e.address, 120)
        label = s.one_line(e.label, 40)
        emails.append(f'{address}  <font color="{s.MUTED_HEX}">{label}</font>' if label
                      else address)
    right += group(_("E-mail"), emails, len(detail.emails), n_(
        "+ {count} more in the binder", "+ {count} more in the binder",
        len(detail.emails) - len(emails)))
    for label, value, limit in ((_("Address"), detail.address, 160),
                                (_("Website"), detail.website, 120),
                                (_("Met via"), detail.source, 120),
                                (_("Segment"), detail.segment, 120),
                                (_("Tags"), detail.tags, 160)):
        if value.strip():
            right.append((label, s.markup(value, limit)))
    if not left and not right:
        return []
    label_w, gutter = 54.0, 16.0
    value_w = (width - 2 * label_w - gutter) / 2

    def column(rows: list[tuple[str, str]]) -> Table | str:
        if not rows:
            return ""
        return _table([[Paragraph(label, s.LABEL) if label else "", Paragraph(value, VALUE)]
                       for label, value in rows], [label_w, value_w])

    outer = _table([[column(left), "", column(right)]], [label_w + value_w, gutter,
                                                          label_w + value_w], pad=0)
    return [outer, Spacer(1, GAP)]


def _next_step(detail: DossierDetail) -> list[Flowable]:
    cell: list[Flowable] = [Paragraph(_("Next step").upper(), BOX_LABEL), Spacer(1, 4)]
    if detail.archived:
        cell.append(Paragraph(_("Archived"), BOX_DATE))
        if detail.archive_reason:
            cell.append(Paragraph(s.markup(detail.archive_reason, 280), BOX_TEXT))
        return cell
    if detail.next_contact is None:
        cell.append(Paragraph(_("No next contact agreed yet"), BOX_NONE))
        return cell
    cell.append(Paragraph(s.one_line(long_date(detail.next_contact)), BOX_DATE))
    when = []
    if detail.time:
        when.append(f"<b>{s.one_line(detail.time)}</b>")
    if detail.fixed:
        when.append(_("fixed appointment"))
    if when:
        cell.append(Paragraph(" · ".join(when), BOX_TEXT))
    if detail.purpose:
        cell += [Spacer(1, 3), Paragraph(s.markup(detail.purpose, 200), BOX_TEXT)]
    if detail.priority == HIGH_PRIORITY:
        cell += [Spacer(1, 4), Paragraph(_("High priority").upper(), BOX_WARN)]
    return cell


def _last_conversation(event: EventView | None) -> list[Flowable]:
    cell: list[Flowable] = [Paragraph(_("Last conversation").upper(), BOX_LABEL), Spacer(1, 4)]
    if event is None:
        cell.append(Paragraph(_("No conversation logged yet"), BOX_NONE))
        return cell
    cell.append(Paragraph(f"{short_date(_day(event.at))} · {channel_name(event)}", s.SMALL))
    cell += [Spacer(1, 2), Paragraph(s.markup(event.summary, 300), BOX_TEXT)]
    if event.outcome:
        cell += [Spacer(1, 4), Paragraph(
            f'<font color="{s.MUTED_HEX}">{_("How it ended:")}</font> '
            f"<b>{s.markup(event.outcome, 300)}</b>", BOX_TEXT)]
    return cell


def _boxes(detail: DossierDetail, last: EventView | None, width: float) -> list[Flowable]:
    """The next step and the last conversation side by side: what the meeting is about."""
    gutter = 12.0
    half = (width - gutter) / 2
    table = Table([[_next_step(detail), "", _last_conversation(last)]],
                  colWidths=[half, gutter, half], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("BACKGROUND", (0, 0), (0, 0), s.TINT),
        ("BACKGROUND", (2, 0), (2, 0), s.PALE),
        ("LINEBEFORE", (0, 0), (0, 0), 3, s.ACCENT),
        ("LINEBEFORE", (2, 0), (2, 0), 3, s.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 11),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ("LEFTPADDING", (1, 0), (1, 0), 0),
        ("RIGHTPADDING", (1, 0), (1, 0), 0),
    ]))
    return [table]


# -- the parts that share what is left ----------------------------------------------------

class _Section:
    """A titled list of rows, newest or most important first, cut from the end to fit; a
    last line says how many rows are left in the binder."""

    def __init__(self, title: str, items: list[Flowable], total: int,
                 more: Callable[[int], str], width: float, least: int, soft: int) -> None:
        self.head: list[Flowable] = [Spacer(1, GAP), s.Heading(title, width), Spacer(1, 3)]
        self.items, self.total, self.more, self.width = items, total, more, width
        self.least, self.soft = least, soft  # rows it should keep when room is short / ample
        self._heights: list[float] = []
        self._head_h = _height(self.head, width) if items else 0.0
        self._more_h = _height([Paragraph("…", MORE)], width) + 2

    def _h(self, index: int) -> float:
        while len(self._heights) <= index:
            self._heights.append(_height([self.items[len(self._heights)]], width=self.width))
        return self._heights[index]

    def _more_line(self, left: int) -> list[Flowable]:
        return [Spacer(1, 2), Paragraph(self.more(left), MORE)]

    def reserve(self, rows: int, cap: float = BIG) -> float:
        """What the section needs to show its first rows (or all, if fewer); measuring
        stops once past `cap`, since more than that cannot be had anyway."""
        if not self.items:
            return 0.0
        shown = min(rows, len(self.items))
        need = self._head_h + (self._more_h if self.total > shown else 0.0)
        for i in range(shown):
            need += self._h(i)
            if need > cap:
                break
        return need

    def fit(self, budget: float) -> tuple[list[Flowable], float]:
        if not self.items:
            return [], 0.0
        used, shown = self._head_h, 0
        for i in range(len(self.items)):
            after = self._more_h if self.total > i + 1 else 0.0
            if used + self._h(i) + after > budget + EPS:
                break
            used += self._h(i)
            shown = i + 1
        left = self.total - shown
        if shown == 0:
            if self._head_h + self._more_h > budget + EPS:
                return [], 0.0
            return [*self.head, *self._more_line(left)], self._head_h + self._more_h
        flow = [*self.head, *self.items[:shown]]
        if left:
            flow += self._more_line(left)
            used += self._more_h
        return flow, used


class _Notes(_Section):
    """Free notes: one block of text clipped at a line, then '… continued in the binder'."""

    CHARS_PER_LINE = 110  # a generous average at 9.5 pt across the page

    def __init__(self, notes: str, width: float) -> None:
        self.text = s.tidy(notes)
        super().__init__(_("Notes"), [Paragraph("…", s.BODY)] if self.text else [], 1,
                         lambda _left: _("… continued in the binder"), width, 3, 8)
        self.line = s.BODY.leading

    def reserve(self, rows: int, cap: float = BIG) -> float:
        """Room for the first lines of the notes (all of them, if shorter)."""
        if not self.text:
            return 0.0
        return min(self._head_h + self._full_h(), self._head_h + rows * self.line +
                   self._more_h)

    def _paragraph(self, limit: int | None) -> Paragraph:
        text = self.text if limit is None or len(self.text) <= limit else self.text[:limit]
        return Paragraph(s.markup(text), s.BODY)

    def _full_h(self) -> float:
        if len(self.text) > 4000:  # longer than any page holds: no need to lay it all out
            return BIG
        return _height([self._paragraph(None)], self.width)

    def fit(self, budget: float) -> tuple[list[Flowable], float]:
        if not self.text:
            return [], 0.0
        room = budget - self._head_h
        full_h = self._full_h()
        if full_h <= room + EPS:
            return [*self.head, self._paragraph(None)], self._head_h + full_h
        room -= self._more_h
        if room < 2 * self.line:
            return [], 0.0
        lines = int(room / self.line) + 1
        for limit in (lines * self.CHARS_PER_LINE, lines * 220, None):
            whole = limit is None or len(self.text) <= limit
            parts = self._paragraph(limit).split(self.width, room)
            if not parts:
                return [], 0.0
            if len(parts) > 1:
                break  # the cut falls on the page
            if whole:  # all of it fits after all
                return [*self.head, parts[0]], self._head_h + _height([parts[0]], self.width)
        first = parts[0]
        first_h = _height([first], self.width)
        return [*self.head, first, *self._more_line(1)], self._head_h + first_h + self._more_h


def _offers(events: list[EventView], width: float) -> _Section:
    rows = []
    for e in events[:MAX_OFFERS]:
        text = s.markup(e.offer, 240) or _("Amount quoted")
        amount = money(e.amount, e.currency) if e.amount else ""
        rows.append(s.Row([Paragraph(short_date(_day(e.at)), s.SMALL),
                           Paragraph(text, s.BODY),
                           Paragraph(f"<b>{s.one_line(amount)}</b>", s.BODY_RIGHT)],
                          [78, width - 78 - 110, 110]))
    return _Section(_("Offers made"), rows, len(events), lambda left: n_(
        "… {count} earlier offer in the binder", "… {count} earlier offers in the binder",
        left), width, 1, 3)


def _value(field: dict, raw: object) -> str:
    """A form value as printed: 'yes'/'no', a local date, the text; '—' when empty."""
    if raw is None or raw == "":
        return f'<font color="{s.MUTED_HEX}">—</font>'
    kind = field.get("type")
    if kind == "yesno":
        return _("yes") if raw is True or str(raw).lower() == "true" else _("no")
    if kind == "date":
        try:
            return short_date(date.fromisoformat(str(raw)))
        except ValueError:
            pass
    return s.markup(str(raw), 200)


def _forms(detail: DossierDetail, width: float) -> _Section:
    label_w, gutter = 92.0, 16.0
    value_w = (width - 2 * label_w - gutter) / 2
    items: list[Flowable] = []
    total = 0
    for form in detail.forms:
        items.append(Paragraph(s.one_line(form.title, 120), FORM_TITLE))
        pairs = [(Paragraph(s.one_line(str(f.get("label", "")), 80), s.LABEL),
                  Paragraph(_value(f, form.values.get(f.get("name"))), s.BODY))
                 for f in form.fields]
        total += 1 + (len(pairs) + 1) // 2
        for i in range(0, len(pairs), 2):
            row = [*pairs[i], None, *(pairs[i + 1] if i + 1 < len(pairs) else (None, None))]
            items.append(s.Row(row, [label_w, value_w, gutter, label_w, value_w]))
        items.append(Spacer(1, 5))
        total += 1
    if items:
        items.pop()  # no space after the last form
        total -= 1
    return _Section(_("Forms"), items, total, lambda left: _(
        "… more fields in the binder"), width, 2, 7)


def _history(events: list[EventView], width: float) -> _Section:
    rows = []
    for e in events[:MAX_HISTORY_ROWS]:
        text = s.markup(e.summary, 240)
        if e.outcome:
            text += f" — {s.markup(e.outcome, 200)}"
        if e.offer or e.amount:
            offer = s.markup(e.offer, 120)
            if e.amount:
                offer = f"{offer} ({money(e.amount, e.currency)})".strip()
            text += f' <font color="{s.MUTED_HEX}">· {offer}</font>'
        if e.amends:
            text += f' <font color="{s.MUTED_HEX}">· {_("corrected")}</font>'
        rows.append(s.Row([Paragraph(short_date(_day(e.at)), s.SMALL),
                           Paragraph(channel_name(e), s.SMALL), Paragraph(text, s.BODY)],
                          [78, 62, width - 140], top=2.5, bottom=3, rule=s.RULE))
    return _Section(_("Recent history"), rows, len(events), lambda left: n_(
        "… {count} earlier event in the binder", "… {count} earlier events in the binder",
        left), width, 2, 4)


class _Lines(Flowable):
    """Ruled lines to write on during the meeting: the card goes to the table with a pen."""

    PITCH = 22.0

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = int(height / self.PITCH) * self.PITCH

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(s.RULE)
        self.canv.setLineWidth(0.5)
        y = self.height - self.PITCH
        while y >= -0.01:
            self.canv.line(0, y, self.width, y)
            y -= self.PITCH


def _writing_space(width: float, room: float) -> list[Flowable]:
    """What is left of the page, ruled for notes (when there is room for three lines)."""
    head = [Spacer(1, GAP), s.Heading(_("Notes from the meeting"), width)]
    lines = room - _height(head, width) - 1
    if lines < 3 * _Lines.PITCH:
        return []
    return [*head, _Lines(width, min(lines, 12 * _Lines.PITCH))]


# -- the page -----------------------------------------------------------------------------

def card_flowables(detail: DossierDetail, width: float, height: float) -> list[Flowable]:
    """The card's content for a frame of this size, already cut to fit it."""
    register_fonts()  # measuring needs the font metrics
    amended = {e.amends for e in detail.events if e.amends}
    events = [e for e in detail.events if e.id not in amended]  # corrections replace originals
    last = next((e for e in events if e.kind in ("contact", "amend")), None)
    history = [e for e in events if e is not last]
    offers = [e for e in events if e.offer or e.amount]

    fixed = (_header(detail, width) + _contacts(detail, width) + _boxes(detail, last, width))
    room = height - _height(fixed, width) - 1.0  # a point of slack against rounding
    sections: list[_Section] = [_offers(offers, width), _forms(detail, width),
                                _Notes(detail.notes, width), _history(history, width)]
    # room is shared in rounds: every section gets its least, then its soft share, then as
    # much as it wants, each round in order of priority; what a section leaves unused
    # passes on to the next
    shares = [0.0] * len(sections)
    for rows in (lambda sec: sec.least, lambda sec: sec.soft, lambda sec: ALL):
        for i, section in enumerate(sections):
            want = section.reserve(rows(section), cap=shares[i] + room)
            give = min(max(want - shares[i], 0.0), room)
            shares[i] += give
            room -= give
    flow = list(fixed)
    carry = 0.0
    for section, share in zip(sections, shares, strict=True):
        part, used = section.fit(share + carry)
        flow += part
        carry = share + carry - used
    room += carry
    return flow + _writing_space(width, room)


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


def draw_card(canvas: Canvas, detail: DossierDetail, info: s.PrintInfo) -> int:
    """Draw the dossier's card as the canvas's next page (exactly one page); returns how
    many prepared parts the frame refused (0, unless the measuring went wrong)."""
    width, height = info.size
    inner_w = width - 2 * MARGIN
    inner_h = height - 2 * MARGIN - FOOTER_ZONE
    frame = Frame(MARGIN, MARGIN + FOOTER_ZONE, inner_w, inner_h, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    flowables = card_flowables(detail, inner_w, inner_h)
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
