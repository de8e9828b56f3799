"""What a report shows, for every face of it: its table (the CSV, the PDF's second part, the
window's table, row for row), its picture (drawn by reportlab on paper and by QPainter in the
window) and its headline figures, with each cell's text in the user's language. The figures
themselves are app/services/reports.py's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.numbers import format_decimal

from app.binder.capacity import Load
from app.i18n import _, current_locale, money, n_, short_date
from app.services.reports import Activity, Lost, Pipeline, Workload, week_key
from app.store.vocabulary import CHANNELS

# -- the table of each report: CSV, the PDF's second part, the window's table ------------------

@dataclass(frozen=True)
class Table:
    """A report's figures as rows.  `kinds` says what each column holds, so that each face
    writes it its own way: ISO dates and plain decimals in CSV (a spreadsheet reads them),
    the locale's dates and money on paper and on screen.  Kinds: date, month, int, amount
    (a Decimal whose currency is the column named "currency"), currency, text, yesno, count
    (an int left blank on paper when 0: a day's calls, visits…)."""

    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[Any]]


def report_table(report: Activity | Pipeline | Lost | Workload) -> Table:
    from app.labels import channel_names

    if isinstance(report, Activity):
        names = channel_names()
        return Table(_("Contacts per day"),
                     [_("Date"), _("Contacts")] + [names[c] for c in CHANNELS],
                     ["date", "int"] + ["count"] * len(CHANNELS),
                     [[d.day, d.contacts] + [d.by_channel.get(c, 0) for c in CHANNELS]
                      for d in report.days])
    if isinstance(report, Pipeline):
        rows: list[list[Any]] = []
        for m in report.months:
            if not m.amounts:
                rows.append([m.month, m.offers, None, ""])
            for i, (cur, amount) in enumerate(m.amounts.items()):
                rows.append([m.month, m.offers if i == 0 else None, amount, cur])
        return Table(_("Offers per month"),
                     [_("Month"), _("Offers"), _("Amount"), _("Currency")],
                     ["month", "int", "amount", "currency"], rows)
    if isinstance(report, Lost):
        reasons = list(dict.fromkeys([*report.by_reason, *report.year_by_reason]))
        return Table(_("Lost clients by reason"),
                     [_("Reason"), _("In the period"), _("Last 12 months")],
                     ["text", "int", "int"],
                     [[r, report.by_reason.get(r, 0), report.year_by_reason.get(r, 0)]
                      for r in reasons])
    return Table(_("Dossiers per day"),
                 [_("Date"), _("Dossiers"), _("Capacity"), _("Working day")],
                 ["date", "int", "int", "yesno"],
                 [[d.day, d.count, d.capacity, d.working] for d in report.days])


def csv_value(kind: str, value: Any) -> str:
    """A cell as a spreadsheet reads it back: ISO dates, plain decimals, 1/0 for yes/no."""
    if value is None:
        return ""
    if kind == "date":
        return value.isoformat()
    if kind == "yesno":
        return "1" if value else "0"
    return str(value)


def write_csv(report: Activity | Pipeline | Lost | Workload, stream: Any) -> int:
    """The report's table as CSV (a header row, then the rows) on a text stream opened with
    newline=""; returns the number of rows."""
    import csv

    made = report_table(report)
    writer = csv.writer(stream)
    writer.writerow(made.headers)
    for row in made.rows:
        writer.writerow([csv_value(k, v) for k, v in zip(made.kinds, row, strict=True)])
    return len(made.rows)


# -- the picture of each report: drawn by the PDF (reportlab) and the window (QPainter) -------

CHANNEL_COLOURS = {"call": "#1D5C87", "visit": "#3E8E5E", "meeting": "#8A5FB0",
                   "email": "#D08C2B", "letter": "#6B7785", "other": "#A9B4BF"}
LOAD_COLOURS = {Load.EMPTY: "#CBD2D9", Load.LIGHT: "#7FA8C9", Load.FULL: "#1D5C87",
                Load.OVER: "#B4481B"}
PERIOD_COLOUR, YEAR_COLOUR = "#1D5C87", "#A9C4DA"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str  # "#RRGGBB"
    values: list[float]


@dataclass(frozen=True)
class Chart:
    """What a report's picture shows, for any painter: bars (upright, one per label, the
    series stacked) or rows (lying, one per label, the series side by side); a limit line
    per bar (the capacity); a colour per bar overriding the series' (the load level)."""

    title: str
    labels: list[str]  # under each bar ("" for none: a long run of days is labelled weekly)
    series: list[Series]
    lying: bool = False
    limits: list[float] | None = None
    bar_colours: list[str] | None = None
    shaded: list[bool] | None = None  # days off, drawn paler
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, text)

    @property
    def top(self) -> float:
        """The value the scale must reach: the tallest bar or limit."""
        if self.lying:
            heights = [v for s in self.series for v in s.values]
        else:
            heights = [sum(vals) for vals in zip(*(s.values for s in self.series), strict=True)]
        heights += self.limits or []
        return max(heights, default=0.0)

    def scale(self) -> tuple[float, float]:
        """The scale's top and step, 1, 2 or 5 times a power of ten (four or five lines),
        the same on paper and in the window."""
        top = self.top
        if top <= 0:
            return 1.0, 1.0
        step = 1.0
        while top / step > 5:
            for factor in (2.0, 2.5, 2.0):
                step *= factor
                if top / step <= 5:
                    break
        return step * -(-top // step), step


MAX_LABELS = 14  # under a chart: more would run into each other on paper


def _short_day(day: date) -> str:
    from app.i18n import month_name

    return f"{day.day} {month_name(day.month, 'abbreviated')}"


def _thin(labels: list[str]) -> list[str]:
    """Every k-th of the labels given (the others left blank), at most MAX_LABELS."""
    shown = [i for i, label in enumerate(labels) if label]
    step = -(-len(shown) // MAX_LABELS) or 1
    keep = set(shown[::step])
    return [label if i in keep else "" for i, label in enumerate(labels)]


def _day_labels(days: list[date]) -> list[str]:
    """The day number under each bar when few; else the date of each Monday (thinned)."""
    if len(days) <= 31:
        return [str(d.day) for d in days]
    return _thin([_short_day(d) if d.weekday() == 0 else "" for d in days])


WEEKLY_CHART_DAYS = 62  # a longer period is drawn week by week: 365 bars are a blur


def chart(report: Activity | Pipeline | Lost | Workload) -> Chart:
    from app.labels import channel_names

    if isinstance(report, Activity):
        names = channel_names()
        used = [c for c in CHANNELS if report.by_channel.get(c)] or ["call"]
        if len(report.days) > WEEKLY_CHART_DAYS:
            weeks: dict[str, list[Any]] = {}
            for d in report.days:
                entry = weeks.setdefault(week_key(d.day), [d.day, Counter()])
                entry[1].update(d.by_channel)
            series = [Series(names[c], CHANNEL_COLOURS[c],
                             [float(counts[c]) for _start, counts in weeks.values()])
                      for c in used]
            return Chart(_("Contacts per week, by channel"),
                         _thin([_short_day(start) for start, _counts in weeks.values()]),
                         series, legend=[(s.colour, s.name) for s in series])
        series = [Series(names[c], CHANNEL_COLOURS[c],
                         [float(d.by_channel.get(c, 0)) for d in report.days]) for c in used]
        return Chart(_("Contacts per day, by channel"), _day_labels([d.day for d in report.days]),
                     series, shaded=[d.day.weekday() >= 5 for d in report.days],
                     legend=[(s.colour, s.name) for s in series])
    if isinstance(report, Pipeline):
        steps = [_("Clients contacted"), _("Given an offer"), _("Orders")]
        return Chart(_("From contact to offer to order"), steps,
                     [Series(_("Clients"), PERIOD_COLOUR,
                             [float(report.contacted), float(report.offered),
                              float(report.orders)])], lying=True)
    if isinstance(report, Lost):
        reasons = list(dict.fromkeys([*report.by_reason, *report.year_by_reason]))
        period = Series(_("In the period"), PERIOD_COLOUR,
                        [float(report.by_reason.get(r, 0)) for r in reasons])
        year = Series(_("Last 12 months"), YEAR_COLOUR,
                      [float(report.year_by_reason.get(r, 0)) for r in reasons])
        return Chart(_("Lost clients by reason"), reasons, [period, year], lying=True,
                     legend=[(period.colour, period.name), (year.colour, year.name)])
    days = report.days
    return Chart(
        _("Dossiers per day against the daily capacity"), _day_labels([d.day for d in days]),
        [Series(_("Dossiers"), LOAD_COLOURS[Load.FULL], [float(d.count) for d in days])],
        limits=[float(d.capacity) if d.capacity > 0 and d.working else 0.0 for d in days],
        bar_colours=[LOAD_COLOURS[d.level] for d in days],
        shaded=[not d.working for d in days],
        legend=[(LOAD_COLOURS[Load.LIGHT], _("up to half full")),
                (LOAD_COLOURS[Load.FULL], _("filling up")),
                (LOAD_COLOURS[Load.OVER], _("over capacity"))])


def month_title(key: str) -> str:
    """'2026-11' as the locale names the month ('November 2026')."""
    from app.i18n import month_label

    year, month = key.split("-")
    return month_label(int(year), int(month))


def headline(report: Activity | Pipeline | Lost | Workload) -> tuple[str, str, list[str]]:
    """(title, period, key figures a line each): the top of the page and of the window."""
    from app.i18n import money, short_date
    from app.labels import channel_names

    if isinstance(report, Workload):
        period = f"{short_date(report.first)} – {short_date(report.last)}"
        over = sum(1 for d in report.days if d.level is Load.OVER)
        busiest = max(report.weeks, key=lambda w: w[1], default=None)
        lines = [n_("{count} day over capacity", "{count} days over capacity", over)]
        if busiest is not None and busiest[1]:
            lines.append(_("Busiest week: from {day}, {count} dossiers").format(
                day=short_date(busiest[0]), count=busiest[1]))
        if report.overdue:
            lines.append(_("Overdue, on top of today's work: {count}").format(
                count=report.overdue))
        return _("Workload: the coming 12 weeks"), period, lines
    period = f"{short_date(report.first)} – {short_date(report.last)}"
    if isinstance(report, Activity):
        names = channel_names()
        lines = [_("Contacts: {count}").format(count=report.contacts) + (
            " (" + ", ".join(f"{names[c]} {n}" for c, n in report.by_channel.items()) + ")"
            if report.by_channel else ""),
            _("Dossiers worked: {worked}; planned: {planned}; planned contacts "
              "postponed: {postponed}").format(worked=report.worked, planned=report.planned,
                                               postponed=report.postponed)]
        return _("Activity"), period, lines
    if isinstance(report, Pipeline):
        amounts = ", ".join(money(str(v), c) for c, v in report.amounts.items())
        cycle = "—" if report.cycle_days is None else f"{report.cycle_days:g}"
        return _("Pipeline"), period, [
            _("Offers: {count}").format(count=report.offers)
            + (f" ({amounts})" if amounts else ""),
            _("Clients contacted: {contacted}; given an offer: {offered}; orders: "
              "{orders}").format(contacted=report.contacted, offered=report.offered,
                                 orders=report.orders),
            _("Sales cycle (days from first contact to order): {days}").format(days=cycle)]
    return _("Lost clients"), period, [
        _("Lost in the period: {count}").format(count=report.lost),
        _("In the last 12 months: {count}").format(count=report.year_lost)]


def paper_table(report: Activity | Pipeline | Lost | Workload) -> Table:
    """The table as paper shows it: a long run of days by week (the CSV keeps every day)."""
    table = report_table(report)
    if isinstance(report, Workload):
        return Table(_("Dossiers per week"),
                     [_("Week from"), _("Dossiers"), _("Capacity"), _("Days over capacity")],
                     ["date", "int", "int", "int"],
                     [[start, n, room, over] for start, n, room, over in report.weeks])
    if isinstance(report, Activity) and len(report.days) > 31:
        return Table(_("Contacts per week"), [_("Week from"), _("Contacts")], ["date", "int"],
                     [[start, n] for _week, start, n in report.by_week])
    if isinstance(report, Activity):  # the channels not used in the period left out
        keep = [i for i in range(len(table.kinds))
                if i < 2 or any(row[i] for row in table.rows)]
        return Table(table.title, [table.headers[i] for i in keep],
                     [table.kinds[i] for i in keep],
                     [[row[i] for i in keep] for row in table.rows])
    return table


def cell_text(kind: str, value: Any, row: list[Any], kinds: list[str]) -> str:
    """A table cell as the reader's locale writes it."""
    if value is None or value == "":
        return ""
    if kind == "date":
        assert isinstance(value, date)
        return short_date(value)
    if kind == "month":
        return month_title(str(value))
    if kind == "amount":
        currency = row[kinds.index("currency")] if "currency" in kinds else ""
        return money(str(value), str(currency))
    if kind == "count" and not value:  # a channel not used that day: left blank
        return ""
    if kind in ("int", "count"):
        return format_decimal(int(value), locale=current_locale())
    if kind == "yesno":
        return _("yes") if value else _("no")
    return str(value)


def texts(made: Table) -> list[list[str]]:
    """Every cell of a table in the reader's words (the PDF and the window)."""
    return [[cell_text(k, v, row, made.kinds) for k, v in zip(made.kinds, row, strict=True)]
            for row in made.rows]
