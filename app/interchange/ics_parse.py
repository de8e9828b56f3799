"""ICS text parsed into icalendar components as Calendar.from_ical(text, multiple=True) parses
it, in a third of the time.

icalendar 7 reads every content line character by character in Python (Contentline.raw_parts
walks the whole value to find the colon before it) and looks a property's value type up
twice per line; on a calendar of 10,000 events that is most of the import. A calendar repeats
a few dozen headers (`DTSTART;TZID=…`, `ATTENDEE;CN=…;ROLE=…`), so here a line's name and
parameters are read by icalendar once per distinct header (the text before the colon that
starts the value: past it the library's reading cannot change), and the value types are
remembered. Everything else is icalendar's own code: values, broken
values, components, time zones. Another icalendar than the one this was checked with (7.x)
is used as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import icalendar

try:  # icalendar 7's parser; older or newer ones are called plainly
    from icalendar.parser.content_line import Contentline
    from icalendar.parser.ical.calendar import CalendarIcalParser
    from icalendar.parser.parameter import Parameters
    from icalendar.parser.property import unescape_backslash
except ImportError:  # pragma: no cover - depends on the installed icalendar
    CalendarIcalParser = None  # type: ignore[assignment,misc]  # None: not icalendar 7

_HEADS = 4_096  # distinct headers of one file kept read
# a header up to the colon that starts the value, as raw_parts finds it: a colon inside
# quotes does not count; a backslash outside quotes (an escape) or an open quote is left
# to icalendar
_HEADER = re.compile(r'(?:[^"\\:]|"[^"]*")*+:')
_HEAD_KEY = 512  # a longer header is read each time


def parse_calendars(text: str) -> Sequence[icalendar.Component]:
    """Every component of the text, as icalendar.Calendar.from_ical(text, multiple=True)."""
    if CalendarIcalParser is None or not icalendar.__version__.startswith("7."):
        return icalendar.Calendar.from_ical(text, multiple=True)
    parser = _Parser(text, icalendar.Calendar._get_component_factory(),
                     icalendar.Calendar.types_factory)
    return parser.parse()


def _head(header: str) -> tuple[str, list[tuple[str, Any]]] | None:
    """A header's name and parameters as icalendar reads them (None when it refuses them),
    the parameters as items, so that each line gets a Parameters of its own."""
    try:
        name, params, _value = Contentline(header + ":").raw_parts()
    except ValueError:
        return None
    return name, list(params.items())


if CalendarIcalParser is not None:

    class _Parser(CalendarIcalParser):
        """CalendarIcalParser with the headers read once and the value types remembered."""

        def parse_content_lines(self) -> None:
            """ComponentIcalParser.parse_content_lines, the same steps in the same order,
            with Contentline.parts answered from the headers already read."""
            heads: dict[str, tuple[str, list[tuple[str, Any]]] | None] = getattr(
                self, "_heads", None) or {}
            self._heads = heads
            for line in self._content_lines_iterator:
                if not line:
                    continue
                parts = None
                found = _HEADER.match(line, 0, _HEAD_KEY + 1)
                if found is not None and found.end() > 1:
                    header = line[:found.end() - 1]
                    if header in heads:
                        head = heads[header]
                    else:
                        head = _head(header)
                        if len(heads) < _HEADS:
                            heads[header] = head
                    if head is not None:
                        params = Parameters(
                            (k, list(v) if isinstance(v, list) else v) for k, v in head[1]
                        ) if head[1] else Parameters()
                        parts = (head[0], params, unescape_backslash(line[found.end():]))
                if parts is None:
                    try:
                        parts = line.parts()
                    except ValueError as e:
                        self.handle_line_parse_error(e)
                        continue
                name, params, vals = parts
                uname = name.upper()
                if uname == "BEGIN":
                    self.handle_begin_component(vals)
                elif uname == "END":
                    self.handle_end_component(vals)
                else:
                    self.handle_property(uname, params, vals, line)

        def get_factory_for_property(self, name: str, params: Parameters) -> Any:
            """The value type of a property, looked up once per name and VALUE (and asked
            twice in a row for each line: the second time answered at once)."""
            last = self.__dict__.get("_last")
            if last is not None and last[0] is params and last[1] == name:
                return last[2]
            factory = self._factory(name, params)
            self._last = (params, name, factory)
            return factory

        def _factory(self, name: str, params: Parameters) -> Any:
            value = params.value
            try:
                key = (name, value)
                factories: dict[tuple[str, Any], Any] = self.__dict__.setdefault(
                    "_factories", {})
                if key not in factories:
                    factories[key] = self._types_factory.for_property(name, value)
                return factories[key]
            except TypeError:  # a VALUE that is no string
                return self._types_factory.for_property(name, value)
else:  # pragma: no cover
    _Parser = None  # type: ignore[assignment,misc]  # None: not icalendar 7
