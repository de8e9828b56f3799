"""The handover report: the handed-over work on paper, for a colleague without the app.

The dossiers are grouped by the insert their next contact falls in, as the binder's strip
would file them on the report's day (the handover's first day, else the day the file was
made), and each gets a compact block: who, how to reach them (phones and e-mails), the next
step, how the last conversation ended, the latest offers with their amounts, the forms'
filled-in values and the notes, trimmed: what the colleague needs to carry on. A block
never breaks across pages, and an insert's heading never ends a page alone; a page that
goes on with an insert repeats its heading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from reportlab.platypus import Flowable, Frame, Paragraph, Spacer

from app.binder import StripSettings
from app.handover.agenda import group_by_insert, last_conversation
from app.i18n import _, insert_label, n_, short_date
from app.pdf import style as s
from app.pdf.card import HIGH_PRIORITY, channel_name
from app.pdf.card_parts import form_value, money
from app.pdf.fonts import BOLD, register_fonts

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from app.handover.payload import Dossier, Handover

MARGIN = 44.0
FOOTER_ZONE = 24.0
BIG = 1e6
MAX_PHONES = 4
MAX_EMAILS = 3
MAX_OFFERS = 3  # the latest; the rest are counted
MAX_NOTES = 400  # characters of notes: the colleague has the file for the rest
MAX_FORMS_TEXT = 1200  # of the forms' values, as markup
LEFT_SHARE = 0.42  # of the width: who and how to reach them; the rest: next and last

TITLE = s.style("handover-title", 24, font=BOLD, color=s.ACCENT, leading=28)
PEOPLE = s.style("handover-people", 13, font=BOLD, leading=17)
META = s.style("handover-meta", 9.5, color=s.MUTED, leading=13)
NAME = s.style("handover-name", 10.5, font=BOLD, leading=13.5)
EMPTY = s.style("handover-empty", 11, color=s.MUTED, leading=15)


# -- the parts -----------------------------------------------------------------------------

def _people(handover: Handover) -> tuple[str, str]:
    """Who hands over to whom, plain text; a binder without an owner's name set gives
    'the salesperson' (not a bare '—'), a file for no one in particular 'a colleague'."""
    header = handover.header
    return (s.line_text(header.from_name, 120) or _("the salesperson"),
            s.line_text(header.to_name, 120) or _("a colleague"))


def _masthead(handover: Handover, width: float) -> list[Flowable]:
    header = handover.header
    people = " → ".join(s.escape(x) for x in _people(handover))
    if header.period is not None:
        period = _("Period {first} – {last}").format(first=short_date(header.period.start),
                                                     last=short_date(header.period.end))
    else:
        period = _("No period: chosen or all planned dossiers")
    counts = handover.workload.counts()
    meta = [period,
            _("created {date}").format(date=short_date(header.created_at.astimezone().date())),
            n_("{count} dossier", "{count} dossiers", counts["dossiers"]),
            n_("{count} event", "{count} events", counts["events"]),
            n_("{count} document", "{count} documents", counts["documents"])]
    return [Paragraph(_("Handover"), TITLE), Spacer(1, 4), Paragraph(people, PEOPLE),
            Spacer(1, 3), Paragraph(s.SEP.join(meta), META), Spacer(1, 6),
            s.Row([None], [width], top=0, bottom=0, rule=s.ACCENT), Spacer(1, 12)]


def _label(text: str) -> str:
    return f'<font color="{s.ACCENT_HEX}"><b>{text}</b></font>'


def _next_label() -> str:
    return _label(_("Next:"))


def _last_label() -> str:
    return _label(_("Last:"))


def _next_step(d: Dossier) -> str:
    if d.archived:
        archived = _("Archived")
        return f"{_next_label()} {archived} — {s.one_line(d.archive_reason, 200)}"
    if d.next_contact is None:
        undated = _("no date set")
        return f"{_next_label()} {undated}" + (
            f" — {s.one_line(d.purpose, 300)}" if d.purpose.strip() else "")
    when = short_date(d.next_contact)
    if d.next_time:
        when += f", {d.next_time}"
    text = f"{_next_label()} <b>{s.one_line(when)}</b>"
    if d.fixed:
        fixed = _("fixed")
        text += f' <font color="{s.MUTED_HEX}">({fixed})</font>'
    if d.purpose.strip():
        text += f" — {s.one_line(d.purpose, 300)}"
    return text


def _last_talk(d: Dossier) -> str:
    event = last_conversation(d)
    if event is None:
        none = _("no conversation yet")
        return f"{_last_label()} <i>{none}</i>"
    when = f"{channel_name(event)}, {short_date(event.at.astimezone().date())}"
    text = f'{_last_label()} <font color="{s.MUTED_HEX}">{s.one_line(when)}</font> '
    text += s.one_line(event.summary, 300) or "—"
    if event.outcome.strip():
        text += f" — {s.one_line(event.outcome, 200)}"
    return text


def _offers(d: Dossier) -> str:
    """The latest offers made, with their amounts: what the colleague must honour."""
    made = sorted((e for e in d.events if e.offer.strip() or e.amount), key=lambda e: e.at,
                  reverse=True)
    if not made:
        return ""
    items = []
    for e in made[:MAX_OFFERS]:
        item = f'<font color="{s.MUTED_HEX}">{short_date(e.at.astimezone().date())}</font> '
        item += s.one_line(e.offer, 120) or _("Amount quoted")
        if e.amount:
            item += f" <b>{s.one_line(money(e.amount, e.currency))}</b>"
        items.append(item)
    more = len(made) - MAX_OFFERS
    if more > 0:
        items.append(n_("… {count} earlier offer in the binder",
                        "… {count} earlier offers in the binder", more))
    return _label(_("Offers:")) + " " + "; ".join(items)


def _forms(d: Dossier) -> str:
    """The forms' filled-in values, each form's title first; empty fields left out."""
    parts = []
    for form in d.forms:
        fields = sorted(form.fields, key=lambda f: not f.get("required"))  # required first
        filled = [f"{s.one_line(str(f.get('label', '')), 80)}: {form_value(f, raw)}"
                  for f in fields if (raw := form.values.get(f.get("name"))) not in (None, "")]
        if filled:
            parts.append(f"<b>{s.one_line(form.title, 120)}</b> " + "; ".join(filled))
    if not parts:
        return ""
    text = _label(_("Forms:")) + " " + s.SEP.join(parts)
    return text if len(text) <= MAX_FORMS_TEXT else _clipped(text)


def _clipped(markup: str) -> str:
    """Markup cut at a `; ` between values before MAX_FORMS_TEXT, with its mark."""
    cut = markup.rfind("; ", 0, MAX_FORMS_TEXT)
    more = _("… more in the binder")
    return f'{markup[:cut]} <font color="{s.MUTED_HEX}">{more}</font>' if cut > 0 else markup


def _notes(d: Dossier) -> str:
    """The notes, trimmed: enough to know what the client is like."""
    if not d.notes.strip():
        return ""
    return _label(_("Notes:")) + " " + s.one_line(d.notes, MAX_NOTES)


def _block(d: Dossier, width: float) -> s.Row:
    """One dossier: who and their phones on the left, next step and last talk on the right."""
    name = s.one_line(d.full_name, 160)
    if d.priority == HIGH_PRIORITY:
        name = f'<font color="{s.WARN_HEX}">!</font> {name}'
    left: list[Flowable] = [Paragraph(name, NAME)]
    title = s.SEP.join(s.one_line(x) for x in (d.position, d.company) if x.strip())
    if title:
        left.append(Paragraph(title, s.SMALL))
    phones = sorted(d.phones, key=lambda p: p.position)
    for phone in phones[:MAX_PHONES]:
        label = f' <font color="{s.MUTED_HEX}">{s.one_line(phone.label, 30)}</font>' \
            if phone.label.strip() else ""
        left.append(Paragraph(f"☎ {s.one_line(phone.number, 40)}{label}", s.BODY))
    if len(phones) > MAX_PHONES:
        left.append(Paragraph(n_("… {count} more phone", "… {count} more phones",
                                 len(phones) - MAX_PHONES), s.SMALL_ITALIC))
    if not phones:
        left.append(Paragraph(_("no phone"), s.SMALL_ITALIC))
    for email in sorted(d.emails, key=lambda e: e.position)[:MAX_EMAILS]:
        left.append(Paragraph(f"✉ {s.one_line(email.address, 120)}", s.BODY))
    right = [Paragraph(_next_step(d), s.BODY), Spacer(1, 2), Paragraph(_last_talk(d), s.BODY)]
    right += [p for text in (_offers(d), _forms(d), _notes(d)) if text
              for p in (Spacer(1, 2), Paragraph(text, s.BODY))]
    left_w = width * LEFT_SHARE
    return s.Row([_Stack(left), _Stack(right)], [left_w, width - left_w], gap=12, top=6,
                 bottom=7, rule=s.RULE)


class _Stack(Flowable):
    """Flowables one under the other, as one cell of a Row."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._heights = [p.wrap(availWidth, BIG)[1] for p in self.parts]
        self.height = sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, h in zip(self.parts, self._heights, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y)


# -- the pages -----------------------------------------------------------------------------

def render_handover_report(out: str | BinaryIO, handover: Handover, info: s.PrintInfo,
                           settings: StripSettings | None = None) -> int:
    """Write the report as a PDF to a path or a binary stream; returns its pages.
    `settings` are the strip's rules (calendar days by default)."""
    register_fonts()
    owner, colleague = _people(handover)
    title = _("Handover {owner} → {colleague}").format(owner=owner, colleague=colleague)
    canvas = s.new_canvas(out, info, title)
    width, height = info.size
    inner_w = width - 2 * MARGIN
    # units: (insert label, whether it opens the insert, flowables kept on one page)
    units: list[tuple[str, bool, list[Flowable]]] = []
    for insert, dossiers in group_by_insert(handover, settings):
        label = insert_label(insert, first_day=True)
        count = n_("{count} dossier", "{count} dossiers", len(dossiers))
        heading = [Spacer(1, 8), s.Heading(f"{label} · {count}", inner_w), Spacer(1, 2)]
        for i, d in enumerate(dossiers):
            units.append((label, i == 0, [*heading, _block(d, inner_w)] if i == 0
                          else [_block(d, inner_w)]))
    pending: list[Flowable] = _masthead(handover, inner_w)
    if not units:
        pending.append(Paragraph(_("Nothing was handed over."), EMPTY))
    pages = 0
    while pages == 0 or units or pending:
        pages += 1
        frame = Frame(MARGIN, MARGIN + FOOTER_ZONE, inner_w, height - 2 * MARGIN - FOOTER_ZONE,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        _fill_page(frame, canvas, pending, units, inner_w)
        s.footer(canvas, info, s.printed_line(info),
                 _("Handover report · page {page}").format(page=pages), MARGIN)
        canvas.showPage()
    canvas.save()
    return pages


def _fill_page(frame: Frame, canvas: Canvas, pending: list[Flowable],
               units: list[tuple[str, bool, list[Flowable]]], width: float) -> None:
    """Fill one page: what is left over first, then whole units while they fit. A page that
    goes on with an insert starts with its heading, marked continued. Only a unit taller
    than a page is broken (between its flowables); a flowable taller than a page is left
    out rather than looping forever."""
    fresh = True  # nothing of substance on the page yet: whatever comes must go here
    if units and not pending and not units[0][1]:
        heading = s.Heading(_("{title} (continued)").format(title=units[0][0]), width)
        frame.add(heading, canvas)
        frame.add(Spacer(1, 2), canvas)
    while True:
        while pending:
            # trySplit: a flowable too tall for an empty page is refused, not raised
            if not frame.add(pending[0], canvas, trySplit=1) and not fresh:
                return
            pending.pop(0)
            fresh = False
        if not units:
            return
        parts = units[0][2]
        # the room left in the frame: its private cursor, which reportlab's stub omits
        room = frame._y - frame._y1p  # type: ignore[attr-defined]  # private, not in stub
        if s.measure(parts, width) > room and not fresh:
            return
        units.pop(0)
        pending[:] = parts
