"""The handle the plain-SQL reads run on (BinderDB.reader; app/cli_read.py's own
connection), named here so that the services pass it from the store to the store without
naming the driver: which database a binder is on stays the store's business.

It imports no SQLAlchemy, as app.store.queries, for the command line's quick reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TypeAlias

from app.store.dialect import QmarkCursor

Cursor: TypeAlias = sqlite3.Cursor | QmarkCursor
"""One read transaction's cursor: app.store.queries, print_rows and report_queries read on it."""

Reader: TypeAlias = Callable[[], AbstractContextManager[Cursor]]
"""What opens one short read transaction (BinderDB.reader), for reads done a part at a time."""
