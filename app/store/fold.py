"""Folding text for search, so that "lukasz" finds "Łukasz" and "елкин" finds "Ёлкин"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# letters with no Unicode decomposition that people type without their marks
_SPECIAL = str.maketrans({
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ё": "е", "Ё": "е", "ħ": "h", "þ": "th",
})
_SPECIAL_ANY = re.compile("[" + "".join(chr(c) for c in _SPECIAL) + "]")
_WORD = re.compile(r"\w+", re.UNICODE)


def _combining_class() -> re.Pattern[str]:
    """The combining marks of the Basic Multilingual Plane as one character class, so that
    stripping them is one regex pass rather than a Python loop over every character."""
    runs: list[str] = []
    start = None
    for code in range(0x10000 + 1):
        mark = code <= 0xFFFF and unicodedata.combining(chr(code)) != 0
        if mark and start is None:
            start = code
        elif not mark and start is not None:
            runs.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return re.compile("[" + "".join(runs) + "]")


_combining: re.Pattern[str] | None = None  # made on first use: a pass over 65,536 characters
_SHORT = 64  # characters: fewer are stripped one by one rather than by the pattern


def _strip_marks(decomposed: str) -> str:
    """The text without its combining marks (every character of it in the BMP)."""
    global _combining
    if len(decomposed) < _SHORT:  # a search typed: not worth making the pattern for
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    if _combining is None:
        _combining = _combining_class()
    return _combining.sub("", decomposed)


def fold(text: str) -> str:
    """Lower-case, strip accents and map look-alike letters; the result is only for matching.
    The index folds every name, note and history line of a merge, so the common cases are
    fast paths giving exactly what the general one gives, and short texts (names, companies,
    outcomes: the same few thousand again and again in a bulk write) are remembered."""
    if text.isascii():  # nothing to map, decompose or strip
        return text.lower()
    if len(text) <= _REMEMBERED:
        return _fold_short(text)
    return _fold(text)


_REMEMBERED = 120  # characters: a longer text (notes) is rarely folded twice


def _fold(text: str) -> str:
    if _SPECIAL_ANY.search(text):
        text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii() or max(decomposed) <= "\uffff":
        return _strip_marks(decomposed).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_fold_short = lru_cache(maxsize=1 << 15)(_fold)


def sort_key(name: str) -> str:
    """The key names are ordered by in lists (accent-blind, case-blind)."""
    return fold(name).strip()[:200]


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))
