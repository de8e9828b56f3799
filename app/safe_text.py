"""Text from outside (a handover, an imported file) made safe to keep and show: it may hold
lone surrogates (which no text can be stored with), controls that break a one-line name or
drive a terminal, and bidirectional overrides that disguise a name."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# characters that break a one-line name or disguise it: controls, line and paragraph
# separators, and bidirectional embeddings, overrides and isolates
_NOT_IN_A_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def valid_text(value: Any) -> Any:
    """JSON from outside with every lone surrogate (a "\\ud800" escape, which no text
    can be written or stored with) replaced by U+FFFD. Free text keeps the rest; an id or
    a choice holding one is refused by its pattern afterwards."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [valid_text(v) for v in value]
    if isinstance(value, dict):
        return {valid_text(k): valid_text(v) for k, v in value.items()}
    return value


def one_line(text: str) -> str:
    """A name from outside as one plain line: control and bidirectional characters become
    a space (a name shown in a list, a title or a log line must not break it)."""
    # the usual name is already one line: printable text holds no control, separator or
    # bidirectional mark and no whitespace but the ASCII space (an import calls this for
    # every field, so the common case is answered in C)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(_NOT_IN_A_NAME.sub(" ", text).split())


def one_line_field(text: str) -> str:
    """One line of a record (a name, a label): one_line when it holds a character that
    breaks or disguises a line (an ESC sequence must not reach a terminal through `show`),
    else as it is, its spacing kept (a file Ringbinder wrote reads back unchanged)."""
    return one_line(text) if _NOT_IN_A_NAME.search(text) else text


# free text keeps its line breaks (as \n) and tabs, loses every other control character
# (NUL, ESC, C1) and the bidirectional embeddings, overrides and isolates
_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")


def free_text(text: str) -> str:
    """Free text from outside (notes, an address) made safe to print: see _NOT_IN_TEXT."""
    if text.isprintable():  # in C: the usual text has nothing to clean
        return text
    return _NOT_IN_TEXT.sub("", _LINE_BREAK.sub("\n", text))


def clean_json(value: Any, clean: Callable[[str], str]) -> Any:
    """The JSON of a form with `clean` applied to every text in it, and one_line_field to
    every key (a field's name matches the keys of its values either way)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_json(v, clean) for v in value]
    if isinstance(value, dict):
        return {one_line_field(k) if isinstance(k, str) else k: clean_json(v, clean)
                for k, v in value.items()}
    return value
