"""The store's fixtures: a write transaction on each database a binder lives on
(tests/store/bulk_databases.py)."""

from tests.store.bulk_databases import db, pg_db, sqlite_db  # noqa: F401
