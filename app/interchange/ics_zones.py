"""Time zones of an ICS file made safe and standard: VTIMEZONE rules pruned to those real
zones have, and Google's calendar-wide X-WR-TIMEZONE applied."""

from __future__ import annotations

import re

import icalendar
import x_wr_timezone

from app.i18n import _, n_
from app.interchange.ics_occurrences import _RAW_RULE
from app.interchange.ics_text import _one_line
from app.interchange.records import ReadResult

_ZONE_RULE_KEYS = {"FREQ", "INTERVAL", "BYMONTH", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT",
                   "WKST"}


def _tame_zones(text: str, result: ReadResult) -> str:
    """VTIMEZONE rules as time zones really have them (yearly, one month, one day): a rule
    like FREQ=SECONDLY from 1601 would make every time lookup walk centuries second by
    second. Other rules are dropped (the zone keeps its first offset) with a warning."""
    lines = re.split(r"\r\n|\r|\n", re.sub(r"\r?\n[ \t]|\r[ \t]", "", text))
    inside, dropped = False, 0
    kept = []
    for line in lines:
        upper = line.upper()
        if upper.startswith("BEGIN:VTIMEZONE"):
            inside = True
        elif upper.startswith("END:VTIMEZONE"):
            inside = False
        elif inside and upper.startswith("RRULE"):
            parts = dict(p.split("=", 1) for p in upper.split(":", 1)[-1].split(";")
                         if "=" in p)
            if (parts.get("FREQ") != "YEARLY" or not set(parts) <= _ZONE_RULE_KEYS
                    or any("," in parts.get(k, "") for k in ("BYMONTH", "BYDAY",
                                                             "BYMONTHDAY"))):
                dropped += 1
                continue
        elif not inside and upper.split(":", 1)[0].split(";", 1)[0] == "RRULE":
            kept.append(line)
            line = _RAW_RULE + ":" + line.split(":", 1)[-1]  # the rule as written
        kept.append(line)
    if dropped:
        result.warnings.append(n_(
            "{count} time zone rule not understood and left out; times in its zone may be off.",
            "{count} time zone rules not understood and left out; times in their zones may be "
            "off.", dropped))
    return "\r\n".join(kept) + "\r\n"


def _standard(calendar: icalendar.Component, result: ReadResult) -> icalendar.Component:
    """The calendar with Google's X-WR-TIMEZONE applied to its floating and UTC times, as
    Google Calendar shows them; an unknown zone leaves the times as they are."""
    if "X-WR-TIMEZONE" not in calendar:
        return calendar
    try:
        return x_wr_timezone.to_standard(calendar)
    except Exception:  # an unknown zone name, or a value the converter cannot handle
        result.warnings.append(_("The calendar's time zone {tzid} is unknown; its times "
                                 "without a time zone are read as UTC.").format(
            tzid=_one_line(calendar["X-WR-TIMEZONE"])[:60]))
        del calendar["X-WR-TIMEZONE"]
        return calendar
