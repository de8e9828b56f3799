"""Storage: one SQLite file per binder, SQLAlchemy models, migrations and the search index."""

from app.store.database import BinderDB, open_binder, open_damaged

__all__ = ["BinderDB", "open_binder", "open_damaged"]
