"""The names the binder's search index was first reached by, kept for the code that still
imports them from here: `refresh` (app/store/upkeep.py: index rows and list summaries of
some dossiers made again from the tables) and the FTS5 index's helpers (app/store/fts5.py).
Importing this module also registers the flush listener that keeps the index in step.
"""

from __future__ import annotations

from app.store.fts5 import FTS_TABLE, SHORT_QUERY, document, match_query, phone_terms, roomy_hash
from app.store.upkeep import refresh

__all__ = ["FTS_TABLE", "SHORT_QUERY", "document", "match_query", "phone_terms", "refresh",
           "roomy_hash"]
