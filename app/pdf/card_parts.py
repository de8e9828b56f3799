"""The flowables of each part of the client card: the header with the QR code, the ways to
reach the client, the next-step and last-conversation boxes, the offers, forms and history
(as sections for app.pdf.card_budget to cut) and the ruled space for the meeting's notes.
The texts of the parts that always print are capped, so they cannot outgrow the page. The QR
code is app.pdf.qr's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from reportlab.lib import colors
from reportlab.platypus import Flowable

from app.i18n import _, current_locale, long_date, n_
from app.i18n import money as _money
from app.i18n import short_date as _short_date
from app.labels import channel_names, event_kind_names, status_title
from app.pdf import style as s
from app.pdf.card_budget import GAP, Group, Groups, Rows, Section
from app.pdf.fonts import BOLD, ITALIC, REGULAR
from app.pdf.qr import qr
from app.pdf.style import measure

if TYPE_CHECKING:
    from app.services.dto import DossierDetail, EventView

HIGH_PRIORITY = 1  # as stored: 1 high, 2 normal, 3 low
MAX_PHONES, MAX_EMAILS = 6, 3
MAX_HISTORY_ROWS = 60  # more rows than this never fit at 9 pt, whatever the paper
MAX_OFFERS = 6  # the latest offers; the history lists the older ones
DATE_W = 86.0  # an offer's or event's date: '24 нояб. 2026 г.' on one line

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
FORM_TITLE = s.style("form-title", 10, font=BOLD, leading=13)


class Happening(Protocol):
    """What channel_name reads: an EventView of the binder or an Event of a handover file."""

    @property
    def kind(self) -> str: ...
    @property
    def channel(self) -> str: ...


def channel_name(event: Happening) -> str:
    """'Call', 'Visit', … or what happened to the dossier ('Archived')."""
    kinds = event_kind_names()
    if event.kind in kinds:
        return kinds[event.kind]
    names = channel_names()
    return names.get(event.channel, names["other"])


def status_name(status: str) -> str:
    """What the client is to us, as the card's header says it."""
    return status_title(status)


@lru_cache(maxsize=4096)
def _in_locale(fn: Callable[..., str], *args: Any) -> str:
    """fn(*args[:-1]): a date or an amount as Babel writes it, the last argument the locale
    in force (a day pack writes the same days and amounts on many cards)."""
    return fn(*args[:-1])


def short_date(day: date) -> str:
    return _in_locale(_short_date, day, current_locale())


def money(amount: str, currency: str = "") -> str:
    return _in_locale(_money, amount, currency, current_locale())


@lru_cache(maxsize=4096)
def _day(moment: datetime) -> date:
    """The local day of a moment (asked for each event's row, and again for its offer)."""
    return moment.astimezone().date()


def _date_cell(event: EventView) -> Flowable:
    return s.plain(short_date(_day(event.at)), s.SMALL)


# -- the parts that always print ----------------------------------------------------------

class _Rule(Flowable):
    """The accent line under the header."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 1.6

    def draw(self) -> None:
        self.canv.setFillColor(s.ACCENT)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)


def header(detail: DossierDetail, width: float) -> list[Flowable]:
    name = s.one_line(detail.name, 200)
    left: list[Flowable] = [s.para(name, NAME if len(name) <= 40 else NAME_LONG)]
    # the company wraps, never clipped: its legal form ("Sp.k.") is part of its name
    title = s.SEP.join(s.one_line(x) for x in (detail.position, detail.company) if x)
    if title:
        left += [s.Gap(1, 3), s.para(title, TITLE)]
    meta = [status_name(detail.status)]
    if detail.archived:
        meta.insert(0, _("Archived"))
    meta.append(_("in the binder since {date}").format(date=short_date(_day(detail.created_at))))
    left += [s.Gap(1, 4), s.plain(s.SEP.join(meta), META)]
    code = qr(detail)
    qr_width = 84.0 if code else 0.0
    # laid out as a one-row table without padding would be, without a Table's cost
    top: Flowable = (s.Row([s.Stack(left), s.Stack(code)], [width - qr_width, qr_width],
                           top=0, bottom=0) if code else
                     s.Row([s.Stack(left)], [width], top=0, bottom=0))
    return [top, s.Gap(1, 8), _Rule(width), s.Gap(1, 10)]


def _labelled(label: str, entries: list[tuple[str, str]], total: int) -> list[tuple[str, str]]:
    """One group of contacts (value, its own label), the group's label on its first row and a
    last row saying how many more the binder holds."""
    rows = [(label if i == 0 else "",
             f'{value}  <font color="{s.MUTED_HEX}">{note}</font>' if note else value)
            for i, (value, note) in enumerate(entries)]
    if total > len(entries):
        more = n_("+ {count} more in the binder", "+ {count} more in the binder",
                  total - len(entries))
        rows.append(("", f'<font name="{ITALIC}" color="{s.MUTED_HEX}">{more}</font>'))
    return rows


def contacts(detail: DossierDetail, width: float) -> list[Flowable]:
    """Phones on the left, e-mails, address and the rest on the right, labels aligned."""
    phones = []
    for i, p in enumerate(detail.phones[:MAX_PHONES]):
        number = s.one_line(p.number, 60)
        phones.append((f"<b>{number}</b>" if i == 0 else number, s.one_line(p.label, 40)))
    left = _labelled(_("Phone"), phones, len(detail.phones))
    emails = [(s.one_line(e.address, 120), s.one_line(e.label, 40))
              for e in detail.emails[:MAX_EMAILS]]
    right = _labelled(_("E-mail"), emails, len(detail.emails))
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

    def column(rows: list[tuple[str, str]]) -> Flowable | None:
        """The rows as a table of labels and values would lay them out (Rows pad as its
        cells do); nothing when there are none."""
        if not rows:
            return None
        return s.Stack([s.Row([s.plain(label, s.LABEL) if label else None,
                               s.para(value, VALUE)], [label_w, value_w])
                        for label, value in rows])

    outer = s.Row([column(left), None, column(right)],
                  [label_w + value_w, gutter, label_w + value_w], top=0, bottom=0)
    return [outer, s.Gap(1, GAP)]


def _next_step(detail: DossierDetail) -> list[Flowable]:
    cell: list[Flowable] = [s.plain(_("Next step").upper(), BOX_LABEL), s.Gap(1, 4)]
    if detail.archived:
        cell.append(s.plain(_("Archived"), BOX_DATE))
        if detail.archive_reason:
            cell.append(s.para(s.markup(detail.archive_reason, 280), BOX_TEXT))
        return cell
    if detail.next_contact is None:
        cell.append(s.plain(_("No next contact agreed yet"), BOX_NONE))
        return cell
    cell.append(s.plain(s.line_text(long_date(detail.next_contact)), BOX_DATE))
    when = []
    if detail.time:
        when.append(f"<b>{s.one_line(detail.time)}</b>")
    if detail.fixed:
        when.append(_("fixed appointment"))
    if when:
        cell.append(s.para(s.SEP.join(when), BOX_TEXT))
    if detail.purpose:
        cell += [s.Gap(1, 3), s.para(s.markup(detail.purpose, 200), BOX_TEXT)]
    if detail.priority == HIGH_PRIORITY:
        cell += [s.Gap(1, 4), s.plain(_("High priority").upper(), BOX_WARN)]
    return cell


def _last_conversation(event: EventView | None) -> list[Flowable]:
    cell: list[Flowable] = [s.plain(_("Last conversation").upper(), BOX_LABEL),
                            s.Gap(1, 4)]
    if event is None:
        cell.append(s.plain(_("No conversation logged yet"), BOX_NONE))
        return cell
    cell.append(s.plain(f"{short_date(_day(event.at))}{s.SEP}{channel_name(event)}", s.SMALL))
    cell += [s.Gap(1, 2), s.para(s.markup(event.summary, 300), BOX_TEXT)]
    if event.outcome:
        ended = _("How it ended:")
        cell += [s.Gap(1, 4), s.para(
            f'<font color="{s.MUTED_HEX}">{ended}</font> '
            f"<b>{s.markup(event.outcome, 300)}</b>", BOX_TEXT)]
    return cell


class _Boxes(Flowable):
    """The two boxes drawn as the one-row Table of them drew them (tinted cells padded
    11/10/9/10, a 3 pt bar before each, the cells' content top-aligned), measured once."""

    PAD_L, PAD_R, PAD_T, PAD_B = 11.0, 10.0, 9.0, 10.0
    EMPTY_CELL = 9 * 1.2  # the gutter: an empty text cell of the table's 9 pt font

    def __init__(self, left: list[Flowable], right: list[Flowable], width: float,
                 gutter: float) -> None:
        super().__init__()
        self.cells = (s.Stack(left), s.Stack(right))
        self.width, self.gutter = width, gutter
        self.half = (width - gutter) / 2
        inner = self.half - self.PAD_L - self.PAD_R
        self.heights = [cell.wrap(inner, 1e6)[1] for cell in self.cells]
        self.height = max(*self.heights, self.EMPTY_CELL) + self.PAD_T + self.PAD_B

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, half, height = self.canv, self.half, self.height
        right_x = half + self.gutter
        c.saveState()
        c.setFillColor(s.TINT)
        c.rect(0, height, half, -height, stroke=0, fill=1)
        c.setFillColor(s.PALE)
        c.rect(right_x, height, half, -height, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.setFont(REGULAR, 9, self.EMPTY_CELL)
        self.cells[0].drawOn(c, self.PAD_L, height - self.PAD_T - self.heights[0])
        c.drawString(half, height - self.PAD_T - 9, "")  # the gutter's cell, as the table
        self.cells[1].drawOn(c, right_x + self.PAD_L, height - self.PAD_T - self.heights[1])
        c.saveState()
        c.setLineCap(1)
        c.setStrokeColor(s.ACCENT)
        c.setLineWidth(3)
        c.line(0, 0, 0, height)
        c.setStrokeColor(s.RULE)
        c.line(right_x, 0, right_x, height)
        c.restoreState()
        c.restoreState()


def boxes(detail: DossierDetail, last: EventView | None, width: float) -> list[Flowable]:
    """The next step and the last conversation side by side: what the meeting is about."""
    return [_Boxes(_next_step(detail), _last_conversation(last), width, gutter=12.0)]


# -- the parts that share what is left ----------------------------------------------------

def _offer_row(e: EventView, width: float) -> Flowable:
    text = s.markup(e.offer, 240) or _("Amount quoted")
    amount = money(e.amount, e.currency) if e.amount else ""
    return s.Row([_date_cell(e), s.para(text, s.BODY),
                  s.para(f"<b>{s.one_line(amount)}</b>", s.BODY_RIGHT)],
                 [DATE_W, width - DATE_W - 110, 110])


def offers(events: list[EventView], width: float) -> Section:
    shown = events[:MAX_OFFERS]
    return Section(_("Offers made"), Rows(len(shown), lambda i: _offer_row(shown[i], width)),
                   len(events), lambda left: n_(
        "… {count} earlier offer in the binder", "… {count} earlier offers in the binder",
        left), width, 1, 3)


def form_value(field: dict, raw: object) -> str:
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


def _form_group(form: Any, width: float) -> Group:
    """A form's title and its fields two to a row: the required ones first, then those
    filled in, then the empty ones (cut from the end, the title counting what is left)."""
    label_w, gutter = 92.0, 16.0
    value_w = (width - 2 * label_w - gutter) / 2
    fields = sorted(form.fields, key=lambda f: (not f.get("required"),
                                                form.values.get(f.get("name")) in (None, "")))
    title = s.one_line(form.title, 120)

    def title_of(hidden: int) -> Flowable:
        if not hidden:
            return s.para(title, FORM_TITLE)
        more = n_("… {count} more field in the binder", "… {count} more fields in the binder",
                  hidden)
        return s.para(f'{title}  <font name="{ITALIC}" color="{s.MUTED_HEX}">{more}</font>',
                      FORM_TITLE)

    def row(i: int) -> Flowable:
        pairs = [(s.plain(s.line_text(str(f.get("label", "")), 80), s.LABEL),
                  s.para(form_value(f, form.values.get(f.get("name"))), s.BODY))
                 for f in fields[2 * i:2 * i + 2]]
        cells = [*pairs[0], None, *(pairs[1] if len(pairs) > 1 else (None, None))]
        return s.Row(cells, [label_w, value_w, gutter, label_w, value_w])

    return Group(title_of, Rows((len(fields) + 1) // 2, row), len(fields), 2)


def forms(detail: DossierDetail, width: float) -> Section:
    """Every form, each with its required fields first and a count of what is left out."""
    return Groups(_("Forms"), [_form_group(form, width) for form in detail.forms],
                  lambda left: n_("… {count} more form in the binder",
                                  "… {count} more forms in the binder", left), width, 1, 3)


def _history_row(e: EventView, width: float) -> Flowable:
    text = s.markup(e.summary, 240)
    if e.outcome:
        text += f" — {s.markup(e.outcome, 200)}"
    if e.offer or e.amount:
        offer = s.markup(e.offer, 120)
        if e.amount:
            offer = f"{offer} ({money(e.amount, e.currency)})".strip()
        text += f'<font color="{s.MUTED_HEX}">{s.SEP}{offer}</font>'
    if e.amends:
        corrected = _("corrected")
        text += f'<font color="{s.MUTED_HEX}">{s.SEP}{corrected}</font>'
    return s.Row([_date_cell(e), s.plain(channel_name(e), s.SMALL), s.para(text, s.BODY)],
                 [DATE_W, 62, width - DATE_W - 62], top=2.5, bottom=3, rule=s.RULE)


def history(events: list[EventView], width: float) -> Section:
    shown = events[:MAX_HISTORY_ROWS]  # rows made as the page's room is shared: few fit
    return Section(_("Recent history"), Rows(len(shown), lambda i: _history_row(shown[i], width)),
                   len(events), lambda left: n_(
        "… {count} earlier event in the binder", "… {count} earlier events in the binder",
        left), width, 2, 4)


# -- the rest of the page -----------------------------------------------------------------

class _Lines(Flowable):
    """Ruled lines to write on during the meeting: the card goes to the table with a pen."""

    PITCH = 22.0

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = int(height / self.PITCH) * self.PITCH

    def draw(self) -> None:
        self.canv.setStrokeColor(s.RULE)
        self.canv.setLineWidth(0.5)
        y = self.height - self.PITCH
        while y >= -0.01:
            self.canv.line(0, y, self.width, y)
            y -= self.PITCH


def writing_space(width: float, room: float) -> list[Flowable]:
    """What is left of the page, ruled for notes (when there is room for three lines)."""
    head = [s.Gap(1, GAP), s.Heading(_("Notes from the meeting"), width)]
    lines = room - measure(head, width) - 1
    if lines < 3 * _Lines.PITCH:
        return []
    return [*head, _Lines(width, min(lines, 12 * _Lines.PITCH))]
