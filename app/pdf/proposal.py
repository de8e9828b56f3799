"""A proposal on paper: a letter of one or two pages from the salesperson to the client,
its text as the salesperson edited it, the lines with their discounts, tax and totals, and
until when it holds.  The embedded DejaVu fonts print Polish, Russian and Spanish alike."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.i18n import _, current_locale, money
from app.pdf import style as s
from app.pdf.fonts import BOLD, REGULAR, register_fonts

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from app.services.proposals import Letter  # what to print, filled in by the service

MARGIN = 56.0
FOOTER_ZONE = 24.0

SENDER = s.style("proposal-sender", 11, font=BOLD, leading=14)
DATE = s.style("proposal-date", 10, color=s.MUTED, alignment=TA_RIGHT)
CLIENT = s.style("proposal-client", 10.5, leading=14)
SUBJECT = s.style("proposal-subject", 13, font=BOLD, color=s.ACCENT, leading=17)
TEXT = s.style("proposal-text", 10.5, leading=15)
CELL = s.style("proposal-cell", 9, leading=11.5)
# figures are never broken mid-number: their columns are wide enough
CELL_RIGHT = s.style("proposal-cell-right", 9, leading=11.5, alignment=TA_RIGHT).clone(
    "proposal-figure", splitLongWords=0)
HEAD = s.style("proposal-head", 9, font=BOLD, color=s.MUTED, leading=11)
HEAD_RIGHT = s.style("proposal-head-right", 9, font=BOLD, color=s.MUTED, leading=11,
                     alignment=TA_RIGHT).clone("proposal-head-figure", splitLongWords=0)
SUM = s.style("proposal-sum", 10, leading=13, alignment=TA_RIGHT)
SUM_BOLD = s.style("proposal-sum-bold", 11, font=BOLD, leading=14, alignment=TA_RIGHT)
VALID = s.style("proposal-valid", 10.5, font=BOLD, leading=14)
# the lines' columns as shares of the width: #, product, quantity, unit price, discount,
# net, tax %, total
EVERY_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)  # not Helvetica, a font not embedded
SHARES = (0.035, 0.215, 0.095, 0.14, 0.10, 0.145, 0.07, 0.20)


def _head(letter: Letter, width: float) -> list[Flowable]:
    sender = Paragraph(s.one_line(letter.sender, 120) or "&nbsp;", SENDER)
    day = Paragraph(s.one_line(letter.day_text), DATE)
    top = Table([[sender, day]], colWidths=[width * 0.6, width * 0.4])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), EVERY_FONT,
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    client = [f"<b>{s.one_line(letter.client, 200)}</b>"]
    client += [s.one_line(x, 200) for x in (letter.position, letter.company) if x.strip()]
    client += [s.one_line(x, 200) for x in letter.address.splitlines()[:5] if x.strip()]
    return [top, Spacer(1, 22), Paragraph("<br/>".join(client), CLIENT), Spacer(1, 26),
            Paragraph(s.one_line(letter.subject, 300), SUBJECT), Spacer(1, 10)]


def _body(letter: Letter) -> list[Flowable]:
    out: list[Flowable] = []
    for block in letter.body.split("\n\n"):
        if block.strip():
            out += [Paragraph(s.markup(block), TEXT), Spacer(1, 7)]
    return out


def _number(value: Decimal) -> str:
    """'12', '2,5' in Poland, '1.005': a quantity or a percentage as the locale writes it,
    every decimal typed kept (a line takes up to four)."""
    from babel.numbers import format_decimal

    try:
        return str(format_decimal(value.normalize(), format="#,##0.####",
                                  locale=current_locale()))
    except (ValueError, LookupError):
        return f"{value.normalize():f}"


def _money(value: object, letter: Letter, exact: bool = False) -> str:
    return s.one_line(money(str(value), letter.currency, exact))


def _lines(letter: Letter, width: float) -> Flowable:
    heads = ["#", _("Product"), _("Qty"), _("Unit price"), _("Discount"), _("Net"), _("Tax"),
             _("Total")]
    rows: list[list[Flowable]] = [[Paragraph(s.one_line(h), HEAD if n == 1 else HEAD_RIGHT)
                                   for n, h in enumerate(heads)]]
    for n, line in enumerate(letter.lines, 1):
        rows.append([
            Paragraph(str(n), CELL_RIGHT), Paragraph(s.markup(line.product, 300), CELL),
            Paragraph(s.one_line(_number(line.quantity)), CELL_RIGHT),
            Paragraph(_money(line.unit_price, letter, exact=True), CELL_RIGHT),
            Paragraph(f"{_number(line.discount)}\u00a0%" if line.discount else "—", CELL_RIGHT),
            Paragraph(_money(line.net, letter), CELL_RIGHT),
            Paragraph(f"{_number(line.tax)}\u00a0%", CELL_RIGHT),
            Paragraph(_money(line.total, letter), CELL_RIGHT)])
    table = Table(rows, colWidths=[width * share for share in SHARES], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), EVERY_FONT,
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, s.ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, s.RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, s.PALE]),
    ]))
    return table


def _sums(letter: Letter, width: float) -> Flowable:
    t = letter.totals
    rows = []
    if t.discount:
        rows.append((_("Discounts included"), _money(t.discount, letter), SUM))
    rows += [(_("Total before tax"), _money(t.net, letter), SUM),
             (_("Tax"), _money(t.tax, letter), SUM),
             (_("Total"), _money(t.total, letter), SUM_BOLD)]
    table = Table([[Paragraph(s.one_line(label), style), Paragraph(value, style)]
                   for label, value, style in rows],
                  colWidths=[width * 0.7, width * 0.3])
    table.setStyle(TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3), EVERY_FONT,
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, s.ACCENT)]))
    return table


def render_proposal(letter: Letter, info: s.PrintInfo, out: BinaryIO | str) -> int:
    """Write the proposal's PDF; returns its pages."""
    register_fonts()
    width, height = info.size
    inner_w = width - 2 * MARGIN
    title = _("Proposal · {client}").format(client=s.line_text(letter.client, 120))
    doc = BaseDocTemplate(out, pagesize=info.size, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN, title=title,
                          author=info.owner or "Ringbinder", creator="Ringbinder",
                          subject=s.line_text(letter.subject, 300), pageCompression=1,
                          initialFontName=REGULAR, initialFontSize=s.MIN_SIZE)
    pages = [0]

    def foot(canvas: Canvas, _doc: object) -> None:
        pages[0] = canvas.getPageNumber()
        s.footer(canvas, info, s.line_text(title, 90),
                 _("page {page}").format(page=canvas.getPageNumber()), MARGIN)

    frame = Frame(MARGIN, MARGIN + FOOTER_ZONE, inner_w, height - 2 * MARGIN - FOOTER_ZONE,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("letter", [frame], onPage=foot)])
    valid = _("This proposal is valid until {date}.").format(date=letter.valid_until_text)
    if valid.endswith(".."):  # a date that ends with its own period ('24 декабря 2026 г.')
        valid = valid[:-1]
    story: list[Flowable] = [*_head(letter, inner_w), *_body(letter), Spacer(1, 8),
                             _lines(letter, inner_w), Spacer(1, 6),
                             KeepTogether([_sums(letter, inner_w), Spacer(1, 14),
                                           Paragraph(s.one_line(valid), VALID)])]
    doc.build(story)
    return pages[0]
