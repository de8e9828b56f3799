"""Raw vCard values as text: quoted-printable undone, then the CHARSET given, UTF-8 when it
is valid, else one legacy encoding guessed for the whole file."""

from __future__ import annotations

import binascii
import codecs
import re

from app.i18n import _
from app.interchange.vcard_lines import logical_lines
from app.interchange.vcard_props import NAME, STRUCTURE, USED, Prop, param, parse

_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
# an = that starts no escape, which binascii.a2b_qp would read otherwise (a soft break, "==")
_QP_ODD = re.compile(rb"=(?![0-9A-Fa-f]{2})")
_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")


class Decoder:
    """Turns raw values into text: quoted-printable first, then the CHARSET given, UTF-8
    when it is valid, else one legacy encoding guessed for the whole file (Polish
    Windows-1250/Latin-2 preferred when it gives Polish letters), once, when first needed."""

    def __init__(self, data: bytes, unicode_file: bool, warnings: list[str]) -> None:
        self.data = data
        self.unicode_file = unicode_file
        self.warnings = warnings
        self.legacy = ""  # the guess, once made
        self.declared = ""  # the first CHARSET that decoded 8-bit text

    def decode(self, prop: Prop, number: int) -> str:
        raw = _raw_value(prop)
        if raw.isascii():
            return raw.decode("ascii")
        if self.unicode_file:
            return raw.decode("utf-8", "replace")
        charset = param(prop, "CHARSET").strip()
        if charset:
            try:
                codec = codecs.lookup(charset).name
                text = raw.decode(codec, "replace")
                self.declared = self.declared or codec
                return text
            except (LookupError, ValueError):
                self.warnings.append(_("card {number}: unknown character set {charset}, "
                                       "the text was guessed").format(number=number,
                                                                       charset=charset[:40]))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if not self.legacy:
                self.legacy = _guess_legacy(_sample(self.data))
            return raw.decode(self.legacy, "replace")


def _raw_value(prop: Prop) -> bytes:
    """The value's bytes with quoted-printable undone; nothing for binary values (photos,
    sounds, keys are never decoded)."""
    if "ENCODING" not in prop.params and "VALUE" not in prop.params:
        return prop.raw  # most values: nothing to undo
    encoding = param(prop, "ENCODING").upper()
    if encoding in ("B", "BASE64") or param(prop, "VALUE").lower() == "binary":
        return b""
    if encoding == "QUOTED-PRINTABLE":
        if _QP_ODD.search(prop.raw) is None:  # every = starts an escape: undone in C
            return binascii.a2b_qp(prop.raw)
        return _QP_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), prop.raw)
    return prop.raw


def _sample(data: bytes) -> bytes:
    """The file's 8-bit text that gave no CHARSET and is not UTF-8 (up to 64 KB), for the
    guess: a second pass over the file, made only for files that need it."""
    sample = bytearray()
    for line in logical_lines(data):
        m = NAME.match(line)
        prop = parse(line, m) if m and m.group(2).upper() in STRUCTURE else None
        if prop is None or prop.name not in USED or param(prop, "CHARSET"):
            continue
        raw = _raw_value(prop)
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            sample += raw + b"\n"
            if len(sample) >= 65536:
                break
    return bytes(sample)


def _guess_legacy(sample: bytes) -> str:
    """The 8-bit encoding of text that gave none: Windows-1250 or Latin-2 when every letter
    it gives is Polish (The Bat!, Polish Outlook), else charset-normalizer's best guess."""
    for codec in ("cp1250", "iso8859_2"):
        letters = {c for c in sample.decode(codec, "replace") if ord(c) > 127}
        if letters and letters <= _POLISH:
            return codec
    from charset_normalizer import from_bytes  # only files that need a guess pay for it

    best = from_bytes(sample).best()
    return codecs.lookup(best.encoding).name if best is not None else "cp1252"
