"""`ringbinder report activity|pipeline|lost|workload [--from DATE --to DATE] [--json]
[-o FILE.pdf|FILE.csv]`: the reports on one's own work (app/services/reports.py) from a
script or a terminal: a few lines to read, the JSON of the README's contract, the table as
CSV, or the report on paper."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services
    from app.services.reports import Activity, Lost, Pipeline, Workload

# the reports by name, as app.services.reports.KINDS: named here too, so that parsing the
# command line (every command's) loads neither the services nor Babel
KINDS = ("activity", "pipeline", "lost", "workload")


def add_parser(sub: argparse._SubParsersAction, date_arg: Callable[[str], date]) -> None:
    """Register `report` on the CLI's subcommands."""
    report = sub.add_parser("report", help=_(
        "reports on your own work: activity, pipeline, lost clients, the coming weeks' load"))
    report.add_argument("kind", choices=KINDS)
    report.add_argument("--from", dest="first", type=date_arg, metavar="DATE",
                        help=_("the period's first day (default: four weeks before --to)"))
    report.add_argument("--to", dest="last", type=date_arg, metavar="DATE",
                        help=_("the period's last day (default: today)"))
    report.add_argument("--json", action="store_true")
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help=_(
        "write the report to FILE: a PDF (.pdf) or its table as CSV (.csv)"))


def _period(report: Activity | Pipeline | Lost) -> str:
    from app.i18n import short_date

    return f"{short_date(report.first)} – {short_date(report.last)}"


def _lines(report: Activity | Pipeline | Lost | Workload) -> list[str]:
    """What a terminal shows of a report: the key figures the window and the paper show
    (app.services.report_views.headline), then its weeks or reasons, a line each."""
    from app.i18n import short_date, weekday_name
    from app.services.report_views import headline
    from app.services.reports import Activity, Lost, Pipeline

    if isinstance(report, Activity | Pipeline):
        title, period, figures = headline(report)
        lines = [f"{title}, {period}", *figures]
        if isinstance(report, Activity):
            lines += [f"  {week}  {short_date(start):>12}  {n:>5}"
                      for week, start, n in report.by_week]
        return lines
    if isinstance(report, Lost):
        lines = [_("Lost clients, {period}: {count}").format(period=_period(report),
                                                             count=report.lost)]
        lines += [f"  {n:>5}  {reason}" for reason, n in report.by_reason.items()]
        lines.append(_("In the last 12 months: {count}").format(count=report.year_lost))
        lines += [f"  {n:>5}  {reason}" for reason, n in report.year_by_reason.items()]
        return lines
    from app.services.reports import WORKLOAD_WEEKS

    lines = [_("The coming {count} weeks (dossiers / capacity of the working days)").format(
        count=WORKLOAD_WEEKS)]
    if report.overdue:
        lines.append(_("Overdue, on top of today's work: {count}").format(count=report.overdue))
    for start, count, room, over in report.weeks:  # "!": a day, or the week, over
        mark = "  !" if over or (room and count > room) else ""
        lines.append(f"  {weekday_name(start)} {short_date(start):>12}  {count:>4} / "
                     f"{room}{mark}")
    return lines


def cmd_report(services: Services, args: argparse.Namespace) -> int:
    from app.cli_read import out, write_json
    from app.errors import InvalidInput
    from app.i18n import n_

    if args.kind == "workload" and (args.first or args.last):
        raise InvalidInput(_("The workload looks at the coming 12 weeks; it takes no period."))
    report = services.reports.report(args.kind, args.first, args.last)
    if args.output is not None:
        suffix = args.output.suffix.lower()
        if suffix == ".csv":
            rows = services.reports.save_csv(report, args.output)
            out(n_("Wrote {path} ({count} row).", "Wrote {path} ({count} rows).", rows,
                   path=args.output))
        elif suffix == ".pdf":
            pages = services.reports.save_pdf(report, args.output)
            out(n_("Wrote {path} ({count} page).", "Wrote {path} ({count} pages).", pages,
                   path=args.output))
        else:
            raise InvalidInput(_("Give a file name ending in .pdf or .csv: '{path}'.").format(
                path=args.output))
        if not args.json:
            return 0
    if args.json:
        write_json(report.to_json())
        return 0
    for line in _lines(report):
        out(line)
    return 0


HANDLERS = {"report": cmd_report}
