"""Folding text for search, so that "lukasz" finds "Łukasz" and "елкин" finds "Ёлкин"."""

from __future__ import annotations

import re
import unicodedata

# letters with no Unicode decomposition that people type without their marks
_SPECIAL = str.maketrans({
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ё": "е", "Ё": "е", "ħ": "h", "þ": "th",
})
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, strip accents and map look-alike letters; the result is only for matching."""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def sort_key(name: str) -> str:
    """The key names are ordered by in lists (accent-blind, case-blind)."""
    return fold(name).strip()[:200]


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))
