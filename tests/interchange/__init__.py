"""Helpers shared by the reader tests."""

from __future__ import annotations

from collections.abc import Callable

from app.errors import InvalidInput
from app.interchange.records import ReadResult


def read_or_refusal(read: Callable[[bytes], ReadResult], data: bytes) -> ReadResult | None:
    """What a reader makes of any bytes: a ReadResult, or None when it refused them with an
    InvalidInput, whose message must be one line (it is shown as it is)."""
    try:
        result = read(data)
    except InvalidInput as refusal:
        assert "\n" not in str(refusal)
        return None
    assert isinstance(result, ReadResult)
    return result
