"""Storage: one SQLite file per binder, SQLAlchemy models, migrations and the search index.

The package's names load on first use, so that the plain-SQL modules (queries, fold,
vocabulary) can be imported without SQLAlchemy by the command line's quick reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.store.database import BinderDB, open_binder, open_damaged

__all__ = ["BinderDB", "open_binder", "open_damaged"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from app.store import database

        return getattr(database, name)
    raise AttributeError(f"module 'app.store' has no attribute {name!r}")
