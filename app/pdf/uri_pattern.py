"""reportlab's paragraph module compiles, as it is imported, a case-insensitive pattern for
URIs whose character classes span most of Unicode: compiling it was a twentieth of
`ringbinder print day` (65 ms). The same pattern written without the flag — each class with
the characters the flag adds to it, the two words that need it marked alone — compiles at
once and matches the same strings; it is put in the re module's cache under the original,
so reportlab's re.compile returns it. Imported by app.pdf before reportlab.platypus; with
another reportlab or Python the key is not found and reportlab compiles its own, as before.
"""

from __future__ import annotations

import re

# reportlab/platypus/paragraph.py (reportlab 5.1), compiled there with re.I
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}"
    "(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))"
    "(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z")

# what re.I adds to a class of ASCII letters: their capitals, and four letters whose case
# folds onto them (İ ı ſ K); a class that spans ¡-\uffff holds those four already, and is
# written as what it leaves out (a range of 65,000 characters is compiled one at a time)
_FOLDS = "\u0130\u0131\u017f\u212a"
_NOT_ASCII_ETC = "{-\\xa0\\U00010000-\\U0010ffff]"  # and not astral
_REWRITES = (
    ("[a-z0-9\\.\\-\\+]", f"[a-zA-Z0-9\\.\\-\\+{_FOLDS}]"),
    ("[0-9a-f:\\.]", "[0-9a-fA-F:\\.]"),
    ("[a-z0-9]", f"[a-zA-Z0-9{_FOLDS}]"),
    ("[a-z\xa1-\uffff0-9]", "[^\\x00-/:-@\\[-`" + _NOT_ASCII_ETC),
    ("[a-z\xa1-\uffff0-9-]", "[^\\x00-,./:-@\\[-`" + _NOT_ASCII_ETC),
    ("[a-z\xa1-\uffff-]", "[^\\x00-,.-@\\[-`" + _NOT_ASCII_ETC),
    ("xn--", "(?i:xn--)"),
    ("localhost", "(?i:localhost)"),
)


def without_flag() -> str:
    """URI_PATTERN rewritten to match without re.I what it matches with it."""
    pattern = URI_PATTERN
    for old, new in _REWRITES:
        pattern = pattern.replace(old, new)
    return pattern


def seed() -> None:
    """Put the quick equivalent in re's cache under reportlab's pattern and flag."""
    cache = getattr(re, "_cache", None)
    key = (str, URI_PATTERN, re.IGNORECASE.value)  # as re._compile looks a pattern up
    if isinstance(cache, dict) and key not in cache:
        cache[key] = re.compile(without_flag())


seed()
