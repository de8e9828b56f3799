"""Document names that come from outside (a handover file, a drop, an old binder) are names,
never paths: a name is later joined to a folder and written, so one with `..`, a separator,
a drive or a NUL byte could write anywhere on the disk.  Pure: no Qt, no database."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 200
MAX_BYTES = 200  # a `.part` suffix and the like still fit the usual 255-byte limit
FALLBACK = "document"

# Windows refuses these as a name, with any extension and in any case
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")})
_SEPARATORS = re.compile(r"[/\\]")
_WINDOWS_INVALID = re.compile(r'[<>:"|?*]')  # ':' also names a drive or a stream
_SHORT_EXTENSION = re.compile(r"\.[^\s.]{1,15}")
# bidirectional overrides and isolates make "evil\u202efdp.exe" look like "evilexe.pdf"
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _kept(c: str) -> str:
    """The character as a name keeps it: a lone surrogate (an undecodable byte) becomes
    U+FFFD, a control or bidirectional character goes."""
    if 0xD800 <= ord(c) <= 0xDFFF:
        return "\ufffd"
    if c in _BIDI or unicodedata.category(c) in ("Cc", "Zl", "Zp"):
        return ""
    return c


def _fit(text: str, chars: int, size: int) -> str:
    """The longest beginning of `text` of at most `chars` characters and `size` UTF-8 bytes."""
    text = text[:chars]
    while len(text.encode("utf-8")) > size:
        text = text[:-1]
    return text


def _reserved(name: str) -> bool:
    return name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def safe_document_name(name: str) -> str:
    """A base name that is safe to create in any folder on any platform: the last part of
    `name` after any separator, without control characters, `..`, a reserved Windows name or
    trailing dots and spaces, at most 200 characters and 200 UTF-8 bytes with its extension
    kept; "document" when nothing usable is left."""
    text = unicodedata.normalize("NFC", "".join(_kept(c) for c in name))
    parts = [part.strip() for part in _SEPARATORS.split(text) if part.strip(". ")]
    base = _WINDOWS_INVALID.sub("_", parts[-1] if parts else "").rstrip(". ")
    dot = base.rfind(".")
    extension = base[dot:] if dot > 0 and _SHORT_EXTENSION.fullmatch(base[dot:]) else ""
    chars, size = MAX_CHARS - len(extension), MAX_BYTES - len(extension.encode("utf-8"))
    stem = _fit(base[:len(base) - len(extension)], chars, size).rstrip(". ") or FALLBACK
    if _reserved(stem + extension):  # cut short, a long stem may end up reserved too
        stem = _fit("_" + stem, chars, size).rstrip(". ")
    return stem + extension
