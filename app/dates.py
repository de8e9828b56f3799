"""Reading a date the user wrote (YYYY-MM-DD) within the binder's range of dates.

Light on purpose: the command line parses `--today` with it before it knows whether the
command needs the services at all.
"""

from __future__ import annotations

import re
from datetime import date

from app.binder.limits import DATE_MAX, DATE_MIN
from app.errors import InvalidInput
from app.i18n import _

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD; 2026-02-30 and days outside the binder's range
    (see in_range) are refused."""
    text = text.strip()
    if not _DATE.fullmatch(text):
        raise InvalidInput(_("'{text}' is not a date; write it as YYYY-MM-DD.").format(text=text))
    try:
        when = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(_("{text} is not a day of the calendar.").format(text=text)) from None
    return in_range(when)


def in_range(when: date, what: str | None = None) -> date:
    """`when` if it lies within DATE_MIN … DATE_MAX: the strip and the postpone rules count
    days and months from a date, and Python's calendar ends at year 9999."""
    if not DATE_MIN <= when <= DATE_MAX:
        raise InvalidInput(_("{what}{when} is outside the dates Ringbinder can file under "
                             "({first} to {last}).").format(
            what=f"{what} " if what else "", when=when.isoformat(),
            first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()))
    return when
