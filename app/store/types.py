"""Column types: timestamps are stored as UTC text, read back as aware datetimes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Dialect, String
from sqlalchemy.types import TypeDecorator

from app.store.stamps import (
    Stamp,
    new_uuid,
    parse_utc,
    stamp_text,
    stamped_by,
    utc_text,
    utcnow,
)

__all__ = ["Stamp", "UTCDateTime", "new_uuid", "parse_utc", "stamp_text", "stamped_by", "utc_text",
           "utcnow"]


class UTCDateTime(TypeDecorator[datetime]):
    """ISO-8601 text in UTC ('2026-11-24T09:30:00.000000Z'), sortable as text."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else parse_utc(value)
