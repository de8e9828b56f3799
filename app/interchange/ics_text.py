"""Calendar file bytes as text, and values from the file as one printable line: the two
things every part of the ICS reader needs of a file that may be hostile or broken."""

from __future__ import annotations

import codecs
from datetime import date
from typing import TYPE_CHECKING, Any

from charset_normalizer import from_bytes

from app.i18n import _
from app.interchange.records import ReadResult
from app.safe_text import one_line, valid_text

if TYPE_CHECKING:
    import icalendar


def date_value(component: icalendar.Component, name: str = "DTSTART") -> date:
    """The date (or date-time) of a date property the component has: the reader keeps only
    events whose start is one (ics.py), and a vCalendar 1.0 one is made so (vcal10.py)."""
    prop: Any = component[name]  # icalendar types it as the union of every property kind
    return prop.dt


def _one_line(value: Any) -> str:
    """A summary, uid or name from the file as one printable line (the first, when the
    file gives several)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return one_line(valid_text(str(value)))


# --- bytes to text ------------------------------------------------------------------------

# the 8-bit and East Asian encodings calendars are really found in: without this short list,
# charset-normalizer takes a few Cyrillic words for mac_latin2
_LEGACY = ["cp1252", "cp1250", "cp1251", "koi8_r", "koi8_u", "iso8859_2", "iso8859_15",
           "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "shift_jis", "euc_jp", "gb18030",
           "big5", "euc_kr", "mac_roman"]


def _decode(data: bytes, result: ReadResult) -> str:
    """The file's text: UTF-8 (the standard's), UTF-16 when it says so, else the legacy
    encoding charset-normalizer finds; bytes that fit none become U+FFFD, with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            result.encoding = name
            return data[len(bom):].decode(name, errors="replace")
    head = data[:64]
    if head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        result.encoding = "utf-16-le"
        return data.decode("utf-16-le", errors="replace")
    if head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        result.encoding = "utf-16-be"
        return data.decode("utf-16-be", errors="replace")
    try:
        result.encoding = "utf-8"
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    if any(ord(c) > 0x7F and c != "\ufffd" for c in text):
        # mostly UTF-8 with a few broken bytes: a legacy guess would garble the rest
        result.warnings.append(_("The file is not valid UTF-8: unreadable characters are "
                                 "shown as \N{REPLACEMENT CHARACTER}."))
        return text
    best = from_bytes(data[:1024 * 1024], cp_isolation=_LEGACY).best()
    name = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(name, errors="replace")
    except LookupError:
        name, text = "cp1252", data.decode("cp1252", errors="replace")
    result.encoding = name
    result.warnings.append(_("The file is not UTF-8: read as {encoding}.").format(
        encoding=name))
    return text
