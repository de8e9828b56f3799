"""A report on one's own work on paper: the title and key figures, the picture (a reportlab
graphics drawing of the report's Chart), then the table — on one page, or two when the
table needs it, never more (a long table is cut with a line saying how much is left out,
and the CSV has it all).

The figures, the chart and the table come made from app/services/reports.py; this module
only lays them out (and, like all of app/pdf, never imports the services), so that the
window and the paper show the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer

from app.i18n import _
from app.pdf import style as s
from app.pdf.fonts import BOLD, REGULAR

if TYPE_CHECKING:
    from app.services.report_views import Chart, Table

MARGIN = 44.0
FOOTER_ZONE = 24.0
MAX_PAGES = 2
CHART_HEIGHT = 175.0
LYING_ROW = 26.0  # a row of a lying chart, per series: its height follows its rows
ROW_H = 13.5

TITLE = s.style("report-title", 20, font=BOLD, leading=24)
PERIOD = s.style("report-period", 12, color=s.MUTED, leading=16)
FIGURE = s.style("report-figure", 11, leading=15)
TABLE_TITLE = s.style("report-table-title", 12, font=BOLD, leading=16)


class ChartFlowable(Flowable):
    """The report's Chart drawn with reportlab graphics, at the frame's width."""

    def __init__(self, made: Chart, width: float) -> None:
        super().__init__()
        self.chart, self.width = made, width
        self.height = CHART_HEIGHT
        if made.lying:  # as tall as its rows need, within the upright chart's height
            rows = max(len(made.labels), 1) * (16.0 * len(made.series) + 10)
            self.height = min(CHART_HEIGHT * 1.6, 22 + (16 if made.legend else 0) + rows + 4)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        drawing = draw_chart(self.chart, self.width, self.height)
        drawing.drawOn(self.canv, 0, 0)


def _box(x: float, y: float, w: float, h: float, colour: colors.Color) -> Rect:
    """A filled rectangle without an outline."""
    box = Rect(x, y, w, h)
    box.fillColor, box.strokeColor = colour, None
    return box


def draw_chart(made: Chart, width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    # the renderer's starting font is Helvetica, a base-14 font the page would then name
    d.initialFontName, d.initialFontSize = REGULAR, 9  # type: ignore[attr-defined]
    legend_h = 16.0 if made.legend else 0.0
    d.add(String(0, height - 12, s.tidy(made.title, 120), fontName=BOLD, fontSize=11,
                 fillColor=s.INK))
    top_y = height - 22 - legend_h
    if made.legend:
        x = 0.0
        for colour, text in made.legend:
            d.add(_box(x, height - 34, 9, 9, colors.HexColor(colour)))
            d.add(String(x + 13, height - 33, s.tidy(text, 40), fontName=REGULAR,
                         fontSize=9, fillColor=s.MUTED))
            x += 13 + stringWidth(s.tidy(text, 40), REGULAR, 9) + 16
    if made.lying:
        _lying(d, made, width, top_y)
    else:
        _upright(d, made, width, top_y)
    return d


def _upright(d: Drawing, made: Chart, width: float, top_y: float) -> None:
    bottom, left = 16.0, 28.0
    plot_h, plot_w = top_y - bottom - 6, width - left
    top, step = made.scale()
    scale = plot_h / top
    value = 0.0
    while value <= top + 1e-9:  # the scale's lines with their numbers
        y = bottom + value * scale
        d.add(Line(left, y, width, y, strokeColor=s.RULE, strokeWidth=0.4))
        d.add(String(left - 4, y - 3, f"{value:g}", fontName=REGULAR, fontSize=9,
                     fillColor=s.MUTED, textAnchor="end"))
        value += step
    count = len(made.labels)
    slot = plot_w / max(count, 1)
    bar = max(slot * 0.72, 0.8)
    for i, label in enumerate(made.labels):
        x = left + i * slot + (slot - bar) / 2
        if made.shaded and made.shaded[i]:
            d.add(_box(left + i * slot, bottom, slot, plot_h, s.PALE))
        base = bottom
        for series in made.series:
            h = series.values[i] * scale
            if h > 0:
                colour = made.bar_colours[i] if made.bar_colours else series.colour
                d.add(_box(x, base, bar, h, colors.HexColor(colour)))
                base += h
        if made.limits and made.limits[i] > 0:
            y = bottom + made.limits[i] * scale
            d.add(Line(left + i * slot, y, left + (i + 1) * slot, y, strokeColor=s.INK,
                       strokeWidth=1.2))
        if label and (count <= 31 or x + stringWidth(label, REGULAR, 9) <= width):
            d.add(String(x + bar / 2 if count <= 31 else x, 3, s.tidy(label, 12),
                         fontName=REGULAR, fontSize=9, fillColor=s.MUTED,
                         textAnchor="middle" if count <= 31 else "start"))


def _lying(d: Drawing, made: Chart, width: float, top_y: float) -> None:
    labels = [s.tidy(label, 40) for label in made.labels]
    left = min(max((stringWidth(t, REGULAR, 9.5) for t in labels), default=0) + 8,
               width * 0.4)
    plot_w = width - left - 40
    top, _step = made.scale()
    rows = max(len(labels), 1)
    n = len(made.series)
    slot = min(top_y / rows, 16.0 * n + 10)
    bar = (slot - 8) / n
    for i, label in enumerate(labels):
        y0 = top_y - (i + 1) * slot
        d.add(String(0, y0 + slot / 2 - 3, label, fontName=REGULAR, fontSize=9.5,
                     fillColor=s.INK))
        for j, series in enumerate(made.series):
            value = series.values[i]
            w = plot_w * value / top
            y = y0 + 4 + (n - 1 - j) * bar
            if w > 0:
                d.add(_box(left, y, w, bar - 1, colors.HexColor(series.colour)))
            d.add(String(left + w + 4, y + bar / 2 - 4, f"{value:g}", fontName=REGULAR,
                         fontSize=9, fillColor=s.MUTED))


def _table_rows(made: Table, texts: list[list[str]], width: float, limit: int
                ) -> list[Flowable]:
    """The table's rows as flowables (header first), cut at `limit` rows with a line that
    says how many are left out."""
    n = len(made.headers)
    first = width * (0.4 if made.kinds[0] == "text" else 0.24)
    widths = [first] + [(width - first) / max(n - 1, 1)] * (n - 1)
    head = s.style("report-head", 9, font=BOLD, color=s.MUTED, leading=11)
    cell = s.style("report-cell", 9.5, leading=11.5)
    right = s.style("report-cell-right", 9.5, leading=11.5, alignment=2)
    head_right = s.style("report-head-right", 9, font=BOLD, color=s.MUTED, leading=11,
                         alignment=2)

    def styled(k: str, header: bool) -> Any:
        numeric = k in ("int", "count", "amount")
        return (head_right if numeric else head) if header else (right if numeric else cell)

    out: list[Flowable] = [s.Row([s.plain(h, styled(k, True)) for h, k in
                                  zip(made.headers, made.kinds, strict=True)],
                                 widths, gap=6, top=2, bottom=3)]
    shown = texts if len(texts) <= limit else texts[:limit - 1]
    for row in shown:
        out.append(s.Row([s.plain(s.line_text(text, 120), styled(k, False))
                          for k, text in zip(made.kinds, row, strict=True)],
                         widths, gap=6, top=1.2, bottom=1.2))
    if len(shown) < len(made.rows):
        left_out = len(made.rows) - len(shown)
        out.append(Paragraph(s.one_line(n_rows_more(left_out)), s.SMALL_ITALIC))
    return out


def n_rows_more(count: int) -> str:
    from app.i18n import n_

    return n_("… and {count} more row (all of them in the CSV)",
              "… and {count} more rows (all of them in the CSV)", count)


def render_report(heading: tuple[str, str, list[str]], picture: Chart, made: Table,
                  texts: list[list[str]], info: s.PrintInfo, out: BinaryIO | str) -> int:
    """Write a report as a PDF of one or two pages: its (title, period, key figures), its
    picture and its table as paper shows them (`texts`: each cell in the reader's words);
    returns the pages."""
    title, period, figures = heading
    width, height = info.size
    inner_w = width - 2 * MARGIN
    canvas = s.new_canvas(out, info, f"{title} · {period}")  # the fonts registered first
    first: list[Flowable] = [Paragraph(s.one_line(title, 120), TITLE),
                             Paragraph(s.one_line(period, 120), PERIOD), Spacer(1, 6)]
    first += [Paragraph(s.one_line(line, 300), FIGURE) for line in figures]
    first += [Spacer(1, 12), ChartFlowable(picture, inner_w), Spacer(1, 16),
              Paragraph(s.one_line(made.title, 120), TABLE_TITLE), Spacer(1, 4)]
    frame_h = height - 2 * MARGIN - FOOTER_ZONE
    room = frame_h * MAX_PAGES - s.measure(first, inner_w) - 2 * ROW_H
    limit = max(3, int(room // ROW_H) - 2)
    pending = first + _table_rows(made, texts, inner_w, limit)
    pages = 0
    while pending and pages < MAX_PAGES:
        pages += 1
        frame = Frame(MARGIN, MARGIN + FOOTER_ZONE, inner_w, frame_h, leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        while pending and frame.add(pending[0], canvas, trySplit=0):
            pending.pop(0)
        s.footer(canvas, info, s.printed_line(info),
                 _("{title} · page {page}").format(title=title, page=pages), MARGIN)
        canvas.showPage()
    canvas.save()
    return pages


