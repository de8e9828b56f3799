"""`ringbinder spread-overdue`: the overdue pile refiled over the next working days, shown
before (or instead of, with --dry-run) doing it, so a script or a salesperson back from
holiday sees exactly where each dossier goes."""

from __future__ import annotations

import argparse

from app.cli_read import out as _out
from app.cli_read import write_json as _json
from app.i18n import _, n_, weekday_name
from app.services import Services


def _days(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: '{text}'").format(text=text)) from None


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `spread-overdue [--days N] [--dry-run] [--json]`."""
    spread = sub.add_parser("spread-overdue", help=_(
        "refile the overdue dossiers over the next working days, within the daily capacity"))
    spread.add_argument("--days", type=_days, default=10, metavar="N", help=_(
        "how many working days ahead, today included when it is one (default 10)"))
    spread.add_argument("--dry-run", action="store_true", help=_("only show the plan"))
    spread.add_argument("--json", action="store_true")


def cmd_spread_overdue(services: Services, args: argparse.Namespace) -> int:
    from app.services.filing import stays_text

    filing = services.filing
    plan = filing.plan_spread(args.days)
    ids = [d for d, _when in plan.moves] + [d for d, _why in plan.unplaced]
    rows = {r.id: r for r in services.views.rows_by_id(ids)}
    settings = services.settings.get()
    per_day = plan.per_day()
    loads = services.loads.loads(min(per_day), max(per_day)) if per_day else {}
    applied = bool(plan.moves) and not args.dry_run
    if applied:
        filing.apply_spread(plan)
    if args.json:
        _json({
            "days": [{"date": d.isoformat(), "count": n, "load": loads[d].count + n,
                      "capacity": settings.daily_capacity} for d, n in per_day.items()],
            "moves": [{"id": d, "name": rows[d].name, "from": _iso(rows[d].next_contact),
                       "to": when.isoformat()} for d, when in plan.moves],
            "unplaced": [{"id": d, "name": rows[d].name, "date": _iso(rows[d].next_contact),
                          "reason": why.value} for d, why in plan.unplaced],
            "applied": applied,
        })
        return 0
    if not plan.moves and not plan.unplaced:
        _out(_("Nothing is overdue."))
        return 0
    if plan.moves:
        _out(n_("{count} overdue dossier goes to the next working days:",
                "{count} overdue dossiers go to the next working days:", len(plan.moves)))
        for day, count in per_day.items():
            load = loads[day].after_adding(count)
            full = n_("{count} that day", "{count} that day", load.count) \
                if load.capacity <= 0 else _("{count} of {capacity} that day").format(
                    count=load.count, capacity=load.capacity)
            _out(f"  {weekday_name(day)} {day.isoformat()}  +{count:<3} {full}")
        for dossier_id, when in plan.moves:
            row = rows[dossier_id]
            _out(f"{dossier_id[:8]}  {_iso(row.next_contact)} → {when.isoformat()}  {row.name}")
    if plan.unplaced:
        _out(n_("{count} dossier stays overdue:", "{count} dossiers stay overdue:",
                len(plan.unplaced)))
        for dossier_id, why in plan.unplaced:
            _out(f"{dossier_id[:8]}  {rows[dossier_id].name}: "
                 f"{stays_text(why, settings.recent_days, args.days)}")
    if args.dry_run:
        _out(_("Dry run: nothing was changed."))
    elif applied:
        _out(n_("Moved {count} dossier.", "Moved {count} dossiers.", len(plan.moves)))
    return 0


def _iso(day: object) -> str:
    return day.isoformat() if day is not None else ""  # type: ignore[attr-defined]


HANDLERS = {"spread-overdue": cmd_spread_overdue}
